// The store on SQLite and, when scripts/with-postgres provides one, on PostgreSQL.
#include <gtest/gtest.h>

#include <atomic>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include <soci/soci.h>

#include "core/error.h"
#include "server/auth.h"
#include "store/audit.h"
#include "store/backup.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/test_database.h"

namespace solimob::store {
namespace {

long long count(database& db, std::string const& table) {
  return db.with_session([&](soci::session& s) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM " + table, soci::into(n);
    return n;
  });
}

long long add_organisation(soci::session& s, std::string const& name, std::string const& territory) {
  long long id = 0;
  s << "INSERT INTO organisation (name, type, territory) VALUES (:n, 'association', :t) RETURNING id", soci::use(name),
      soci::use(territory), soci::into(id);
  return id;
}

// Some of everything: accents, quotes, newlines, NULLs, large and negative numbers, JSON text.
void fill(database& db) {
  long long org = 0;
  db.with_transaction([&](soci::session& s) {
    org = add_organisation(s, "Département de l'Hérault", "Hérault");
    add_organisation(s, "Mobilité \"solidaire\"\nligne 2", "");
    add_organisation(s, "Robert'); DROP TABLE app_user; --", "∅ 😀");
  });
  server::add_user(db, "alice", "correct horse battery", server::role::kAdmin);
  server::add_user(db, "paul", "partenaire-secret", server::role::kPartenaire, organisation_id{org});
  ASSERT_EQ(server::login(db, "alice", "correct horse battery", "127.0.0.1").status_, server::login_status::kOk);
  ASSERT_EQ(server::login(db, "paul", "wrong password", "10.0.0.1").status_, server::login_status::kBadCredentials);
  db.with_transaction([&](soci::session& s) {
    write_audit(s, user_id{1}, "organisation.create", "organisation", org, R"({"name":"x","n":-9007199254740993})");
    write_audit(s, std::nullopt, "user.add", "app_user", std::nullopt, "{}");
  });
  // A saved view shared with an organisation, shown by an agenda item: agenda_item's table comes
  // before analysis_view's in the backup, its reference is checked at the end of the import.
  db.with_transaction([&](soci::session& s) {
    s << "INSERT INTO analysis_view (name, params, created_by, updated_at) VALUES ('Santé \"seniors\"', "
         "'{\"public\":\"seniors\",\"zoom\":11}', 1, '2026-12-03T08:00:00Z')";
    s << "INSERT INTO analysis_view_share (view_id, organisation_id) VALUES (1, :o)", soci::use(org);
    s << "INSERT INTO meeting (type, title, held_on) VALUES ('copil', 'COPIL', '2026-12-10')";
    s << "INSERT INTO agenda_item (meeting_id, position, title, view_id) VALUES (1, 1, 'Carte', 1)";
    s << "INSERT INTO indicator (name, analysis) VALUES ('Accès', '{\"measure\":\"mean_nearest\"}')";
    s << "INSERT INTO indicator_value (indicator_id, measured_on, value, provenance) VALUES (1, '2026-12-03', 17.5, "
         "'{\"fingerprint\":\"net\"}')";
  });
}

std::string export_string(database& db) {
  std::ostringstream out;
  export_json(db, out);
  return out.str();
}

class store : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    scratch_ = std::make_unique<test::scratch_database>(GetParam());
    if (!scratch_->available()) {
      GTEST_SKIP() << test::scratch_database::skip_reason();
    }
    db_ = std::make_unique<database>(scratch_->url());
  }
  void TearDown() override {
    db_.reset();
    scratch_.reset();
  }

  // A second empty database of the same kind.
  std::unique_ptr<test::scratch_database> other() { return std::make_unique<test::scratch_database>(GetParam()); }

  std::unique_ptr<test::scratch_database> scratch_;
  std::unique_ptr<database> db_;
};

TEST(store_database, bad_urls_are_input_errors) {
  EXPECT_THROW(database{"mysql://x"}, input_error);
  EXPECT_THROW(database{"sqlite:"}, input_error);
  EXPECT_THROW(database{""}, input_error);
  EXPECT_THROW(database{"postgresql://host:notaport/db"}, input_error);
  EXPECT_THROW(database("sqlite:/tmp/x.db", 0), input_error);
  EXPECT_THROW(database{"sqlite:/nonexistent-dir/sub/x.db"}, io_error);
}

TEST(store_database, placeholders_per_dialect) {
  EXPECT_EQ(substitute_placeholders("CREATE TABLE t (id {{id}}, o {{ref}}, x {{real}}, at {{ts}})", false),
            "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, o INTEGER, x REAL, at TEXT)");
  EXPECT_EQ(substitute_placeholders("CREATE TABLE t (id {{id}}, o {{ref}}, x {{real}}, at {{ts}})", true),
            "CREATE TABLE t (id BIGSERIAL PRIMARY KEY, o BIGINT, x DOUBLE PRECISION, at TEXT)");
  EXPECT_THROW(substitute_placeholders("{{nope}}", true), std::logic_error);
}

TEST_P(store, migrations_are_idempotent) {
  EXPECT_EQ(schema_version(*db_), 0);
  EXPECT_EQ(migrate(*db_), latest_schema_version());
  EXPECT_EQ(schema_version(*db_), latest_schema_version());
  EXPECT_EQ(migrate(*db_), 0);
  EXPECT_EQ(migrate(*db_), 0);
  EXPECT_EQ(schema_version(*db_), latest_schema_version());
  auto const names = table_names_in_dependency_order();
  EXPECT_EQ(std::vector<std::string>(names.begin(), names.begin() + 5),
            (std::vector<std::string>{"organisation", "app_user", "session", "login_attempt", "audit_log"}));
  for (auto const& t : names) {
    EXPECT_EQ(count(*db_, t), 0) << t;
  }
  // A second process (here: a second pool) finds the database current.
  database again{scratch_->url(), 2};
  EXPECT_EQ(migrate(again), 0);
}

TEST_P(store, schema_enforces_roles_and_foreign_keys) {
  migrate(*db_);
  auto const insert_user = [&](std::string const& role, long long org) {
    db_->with_transaction([&](soci::session& s) {
      s << "INSERT INTO app_user (login, password_hash, role, organisation_id, created_at) VALUES ('u', 'h', :r, :o, "
           "'2024-01-01T00:00:00Z')",
          soci::use(role), soci::use(org);
    });
  };
  EXPECT_THROW(insert_user("superuser", 1), soci::soci_error);  // CHECK on role
  EXPECT_THROW(insert_user("agent", 999), soci::soci_error);    // no organisation 999
  EXPECT_EQ(count(*db_, "app_user"), 0);
}

TEST_P(store, transaction_rollback_leaves_nothing) {
  migrate(*db_);
  EXPECT_THROW(db_->with_transaction([](soci::session& s) {
    add_organisation(s, "A", "");
    add_organisation(s, "B", "");
    throw std::runtime_error{"failure after two inserts"};
  }),
               std::runtime_error);
  EXPECT_EQ(count(*db_, "organisation"), 0);

  // A failing statement rolls back the statements before it too.
  EXPECT_THROW(db_->with_transaction([](soci::session& s) {
    add_organisation(s, "A", "");
    s << "INSERT INTO no_such_table VALUES (1)";
  }),
               soci::soci_error);
  EXPECT_EQ(count(*db_, "organisation"), 0);

  auto const id = db_->with_transaction([](soci::session& s) { return add_organisation(s, "C", ""); });
  EXPECT_GT(id, 0);
  EXPECT_EQ(count(*db_, "organisation"), 1);

  EXPECT_THROW(db_->with_transaction([&](soci::session&) { db_->with_transaction([](soci::session&) {}); }),
               std::logic_error);
  EXPECT_EQ(count(*db_, "organisation"), 1);
}

TEST_P(store, pool_serves_concurrent_writers) {
  migrate(*db_);
  constexpr int kThreads = 6;  // more than the pool: some wait for a connection
  constexpr int kEach = 15;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t != kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i != kEach; ++i) {
        try {
          db_->with_transaction([&](soci::session& s) {
            long long n = 0;
            s << "SELECT COUNT(*) FROM organisation", soci::into(n);  // read, then write
            add_organisation(s, "t" + std::to_string(t) + "-" + std::to_string(i), "");
          });
        } catch (std::exception const& e) {
          ++failures;
          ADD_FAILURE() << e.what();
        }
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(count(*db_, "organisation"), kThreads * kEach);
}

TEST_P(store, export_import_export_is_identical) {
  migrate(*db_);
  fill(*db_);
  auto const first = export_string(*db_);
  EXPECT_NE(first.find("Département de l'Hérault"), std::string::npos);
  EXPECT_NE(first.find("\"schema_version\": " + std::to_string(latest_schema_version())), std::string::npos);

  auto const target = other();
  database copy{target->url()};
  migrate(copy);
  std::istringstream in{first};
  import_json(copy, in);
  EXPECT_EQ(export_string(copy), first);
  EXPECT_NE(first.find("\"analysis_view\""), std::string::npos);
  EXPECT_EQ(count(copy, "analysis_view_share"), 1);
  auto const view = copy.with_session([](soci::session& s) {
    long long v = 0;
    s << "SELECT view_id FROM agenda_item", soci::into(v);
    return v;
  });
  EXPECT_EQ(view, 1);

  // Ids continue after the restored ones (PostgreSQL sequences are moved on by the import).
  auto const next = copy.with_transaction([](soci::session& s) { return add_organisation(s, "after", ""); });
  EXPECT_EQ(next, 4);
  // The restored users can log in.
  EXPECT_EQ(server::login(copy, "alice", "correct horse battery", "127.0.0.1").status_, server::login_status::kOk);
}

TEST_P(store, import_refuses_a_non_empty_database_and_bad_files_and_writes_nothing) {
  migrate(*db_);
  fill(*db_);
  auto const dump = export_string(*db_);
  std::istringstream in{dump};
  EXPECT_THROW(import_json(*db_, in), input_error);
  EXPECT_EQ(export_string(*db_), dump);

  auto const target = other();
  database copy{target->url()};
  migrate(copy);
  auto const empty = export_string(copy);
  auto const import_string = [&](std::string const& text) {
    std::istringstream s{text};
    import_json(copy, s);
  };
  EXPECT_THROW(import_string("{not json"), input_error);
  EXPECT_THROW(import_string(R"({"format": "other"})"), input_error);
  EXPECT_THROW(import_string(R"({"format": "solimob-backup", "format_version": 1, "schema_version": 99,
                                 "tables": []})"),
               incompatible_file_error);
  // Good first table, bad second one: the whole import is rolled back.
  auto broken = dump;
  auto const pos = broken.find("[1,\"alice\"");
  ASSERT_NE(pos, std::string::npos) << dump;
  broken.replace(pos, 2, "[{}");
  EXPECT_THROW(import_string(broken), input_error);
  EXPECT_EQ(export_string(copy), empty);
}

TEST_P(store, export_of_an_empty_database_round_trips) {
  migrate(*db_);
  auto const first = export_string(*db_);
  auto const target = other();
  database copy{target->url()};
  migrate(copy);
  std::istringstream in{first};
  import_json(copy, in);
  EXPECT_EQ(export_string(copy), first);
}

// A backup moves between the two databases unchanged.
TEST(store_cross, sqlite_export_imports_into_postgresql_identically) {
  test::scratch_database lite{"sqlite"};
  test::scratch_database pg{"postgresql"};
  if (!pg.available()) {
    GTEST_SKIP() << test::scratch_database::skip_reason();
  }
  database a{lite.url()};
  migrate(a);
  fill(a);
  auto const first = export_string(a);
  database b{pg.url()};
  migrate(b);
  std::istringstream in{first};
  import_json(b, in);
  EXPECT_EQ(export_string(b), first);
}

INSTANTIATE_TEST_SUITE_P(backends, store, ::testing::Values("sqlite", "postgresql"),
                         [](auto const& info) { return info.param; });

}  // namespace
}  // namespace solimob::store
