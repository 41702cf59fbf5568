#include <soci/soci.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "server/records/records_text.h"
#include "server/records/workspace.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/test_database.h"

namespace solimob::server::records {
namespace {

std::string read_file(std::string const& path) {
  std::ifstream in{path, std::ios::binary};
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A generated file must be what the descriptions give; SOLIMOB_UPDATE_GENERATED=1 rewrites it.
void expect_generated(std::string const& path, std::string const& expected) {
  if (auto const* update = std::getenv("SOLIMOB_UPDATE_GENERATED"); update != nullptr && std::string{update} == "1") {
    std::ofstream{path, std::ios::binary} << expected;
  }
  EXPECT_EQ(read_file(path), expected) << path
                                       << " is out of date: SOLIMOB_UPDATE_GENERATED=1 build/tests/solimob_tests "
                                          "--gtest_filter='record_types.*' rewrites it";
}

TEST(record_types, the_typescript_and_the_docs_are_generated_from_the_descriptions) {
  expect_generated(std::string{SOLIMOB_WEB_DIR} + "/src/generated/records.ts", typescript_text());
  expect_generated(std::string{SOLIMOB_DOCS_DIR} + "/RECORDS.md", markdown_text());
}

// Hand-checked against the TypeScript the front end had before the generation (api.ts) and the
// CHECK constraints of the migrations: one value per closed list, spelled as the users' words.
TEST(record_types, the_generated_typescript_names_each_list_as_the_front_end_does) {
  auto const ts = typescript_text();
  EXPECT_NE(ts.find("export type OrgType = 'autorite_organisatrice' | 'caf' | 'france_travail' | 'ccas' | 'commune' | "
                    "'ept' | 'association' | 'autre';"),
            std::string::npos);
  EXPECT_NE(ts.find("export const FOLLOW_UP_STATUSES: readonly FollowUpStatus[] = ['a_faire', 'en_cours', 'fait'];"),
            std::string::npos);
  EXPECT_NE(ts.find("export const ACTION_STATUSES: readonly ActionStatus[]"), std::string::npos);
  EXPECT_NE(ts.find("  | 'projectstatus.livre'\n"), std::string::npos);
  EXPECT_NE(ts.find("export interface PlanSection {\n  id: number;\n  kind: PlanKind;\n  title: string;\n  body: "
                    "string;\n  position: number;\n}"),
            std::string::npos);
  EXPECT_NE(ts.find("cost_per_beneficiary: number | null;"), std::string::npos);
}

// The values of each closed list's CHECK constraint in the migrated schema (SQLite's text of it).
std::vector<std::string> check_values(std::string const& table_sql, std::string const& column) {
  std::regex const check{column + R"( TEXT NOT NULL(?: DEFAULT '[^']*')? CHECK \()" + column + R"( IN \(([^)]*)\)\))"};
  std::smatch m;
  if (!std::regex_search(table_sql, m, check)) {
    return {};
  }
  std::vector<std::string> values;
  std::regex const quoted{"'([^']*)'"};
  auto const list = m[1].str();
  for (std::sregex_iterator it{begin(list), end(list), quoted}, last; it != last; ++it) {
    values.push_back((*it)[1]);
  }
  return values;
}

TEST(record_types, the_migrations_check_the_same_values_as_the_descriptions) {
  test::scratch_database scratch{"sqlite"};
  store::database db{scratch.url()};
  store::migrate(db);
  // Every closed list with a column that stores it; organisation.type has no CHECK (a migration
  // cannot add one in SQLite without rebuilding the table): the API alone guards it.
  std::vector<std::tuple<enumeration const*, std::string, std::string>> const columns{
      {&kRoles, "app_user", "role"},
      {&kActionStatuses, "action", "status"},
      {&kNatures, "budget_line", "nature"},
      {&kDocTypes, "cooperation_document", "type"},
      {&kDocStatuses, "cooperation_document", "status"},
      {&kMeetingTypes, "meeting", "type"},
      {&kFollowUpStatuses, "follow_up", "status"},
      {&kPlanKinds, "plan_section", "kind"},
      {&kProjectStatuses, "sector_project", "status"},
      {&kCallStatuses, "call_for_projects", "status"},
      {&kEligibilities, "call_application", "eligibility"},
      {&kCallDecisions, "call_application", "decision"},
      {&kFrameworkKinds, "framework_document", "kind"},
      {&kSurveyTools, "survey_mapping", "tool"},
      {&kTextEncodings, "survey_mapping", "encoding"},
  };
  EXPECT_EQ(columns.size() + 1, all_enumerations().size()) << "a closed list is neither checked here nor exempted";
  db.with_transaction([&](soci::session& sql) {
    for (auto const& [e, table, column] : columns) {
      std::string table_sql;
      sql << "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :t", soci::use(table),
          soci::into(table_sql);
      std::vector<std::string> const described{begin(e->values_), end(e->values_)};
      EXPECT_EQ(check_values(table_sql, column), described) << table << "." << column;
    }
  });
}

// Every generic type's fields are columns of its table (a typo would fail at the first request).
TEST(record_types, every_described_field_is_a_column_of_its_table) {
  test::scratch_database scratch{"sqlite"};
  store::database db{scratch.url()};
  store::migrate(db);
  db.with_transaction([&](soci::session& sql) {
    for (auto const* t : all_record_types()) {
      std::vector<std::string> columns;
      std::string const table{t->table_};  // bound by reference: it must outlive the rowset
      soci::rowset<std::string> rs = (sql.prepare << "SELECT name FROM pragma_table_info(:t)", soci::use(table));
      for (auto const& c : rs) {
        columns.push_back(c);
      }
      ASSERT_FALSE(columns.empty()) << "no table " << t->table_;
      for (auto const& f : t->fields_) {
        if (f.type_ != field_type::kDerived) {
          EXPECT_NE(std::find(begin(columns), end(columns), f.name_), end(columns)) << t->table_ << "." << f.name_;
        }
      }
      if (t->parent_.type_ != nullptr) {
        EXPECT_NE(std::find(begin(columns), end(columns), t->parent_.column_), end(columns)) << t->table_;
      }
    }
  });
}

}  // namespace
}  // namespace solimob::server::records
