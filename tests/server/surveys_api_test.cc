// Mobility-needs surveys through the API on SQLite and PostgreSQL: a LimeSurvey-like CSV export
// imported through a saved column mapping (its name column not read), the tabulation by public under
// statistical secrecy (expected figures counted by hand from the file below), the XLSX export read
// back through GDAL, free text for the owner only, the erasure of the answers, an expired survey.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <httplib.h>
#include <soci/soci.h>
#include <nlohmann/json.hpp>

#include "io/vector_io.h"
#include "server/auth.h"
#include "server/workspace_fixture.h"
#include "support/base64.h"

namespace solimob::server {
namespace {

using json = nlohmann::json;

using test::base64;

// 30 answers: 14 elderly people (10 naming cost and distance, 4 distance only; 5 going to the
// hospital and the town hall, 9 to the hospital), 12 job seekers (all naming schedules, going to
// France Travail), 4 young people; a name column that must not be imported.
std::string export_csv() {
  std::ostringstream csv;
  csv << "id,Nom,Q1 Public,Commune,Freins,Remarques,Destinations\n";
  auto n = 0;
  for (auto i = 0; i != 14; ++i) {
    ++n;
    csv << n << ",Dupont" << n << ",Personnes âgées,93066," << (i < 10 ? "\"Coût; Distance\"" : "Distance") << ","
        << (i == 0 ? "Pas de bus le dimanche" : "") << "," << (i < 5 ? "\"Hôpital; Mairie\"" : "Hôpital") << "\n";
  }
  for (auto i = 0; i != 12; ++i) {
    ++n;
    csv << n << ",Durand" << n << ",Demandeurs d'emploi,Saint-Denis,Horaires,,France Travail\n";
  }
  for (auto i = 0; i != 4; ++i) {
    ++n;
    csv << n << ",Martin" << n << ",Jeunes,93001,Coût,,\n";
  }
  return csv.str();
}

class surveys_api : public workspace_test {};

TEST_P(surveys_api, an_export_is_imported_and_tabulated_under_statistical_secrecy) {
  auto const agent = login("agent");
  auto const survey = created(agent, "/api/surveys",
                              {{"title", "Besoins de mobilité 2027"},
                               {"purpose", "Connaître les freins à la mobilité des publics du plan."},
                               {"retention_until", "2099-12-31"}});
  auto const mapping = created(agent, "/api/survey-mappings",
                               {{"name", "Export LimeSurvey"},
                                {"tool", "limesurvey"},
                                {"public_column", "Q1 Public"},
                                {"commune_column", "Commune"},
                                {"barriers_column", "Freins"},
                                {"free_text_column", "Remarques"},
                                {"destinations_column", "Destinations"},
                                {"separator", ";"}});
  auto const s = "/api/surveys/" + std::to_string(survey);
  auto const import = agent.post(
      s + "/import",
      {{"mapping_id", mapping}, {"file_name", "export-limesurvey.CSV"}, {"content_base64", base64(export_csv())}});
  ASSERT_EQ(import->status, 201) << import->body;
  EXPECT_EQ(json::parse(import->body)["imported"], 30);
  // No name is stored: no answer holds any text of the name column.
  db_->with_session([&](soci::session& sql) {
    long long n = 0;
    sql << "SELECT COUNT(*) FROM survey_response WHERE public || commune || barriers || purposes || modes || "
           "free_text LIKE '%Dupont%' OR public || commune || barriers LIKE '%Durand%'",
        soci::into(n);
    EXPECT_EQ(n, 0);
  });
  // A mapping naming a column the file lacks: an error naming it, nothing imported.
  auto const wrong =
      created(agent, "/api/survey-mappings", {{"name", "x"}, {"tool", "autre"}, {"public_column", "Q9"}});
  auto const refused = agent.post(
      s + "/import", {{"mapping_id", wrong}, {"file_name", "e.csv"}, {"content_base64", base64(export_csv())}});
  EXPECT_EQ(refused->status, 400);
  EXPECT_NE(refused->body.find("Q9"), std::string::npos) << refused->body;

  // By public (sorted): job seekers 12, young people 4 (< 11: secret), elderly people 14. Young
  // people are the only secret group, so the smallest other (job seekers, 12) is suppressed too:
  // otherwise 4 = 30 - 12 - 14.
  auto const t = json::parse(agent.get(s + "/tabulation?by=public&of=barriers")->body);
  ASSERT_EQ(t["groups"].size(), 3U) << t.dump(1);
  EXPECT_EQ(t["threshold"], 11);
  EXPECT_EQ(t["respondents"], 30);
  EXPECT_EQ(t["groups"][0]["group"], "Demandeurs d'emploi");
  EXPECT_EQ(t["groups"][0]["secret"], true);
  EXPECT_TRUE(t["groups"][0]["respondents"].is_null());
  EXPECT_EQ(t["groups"][1]["group"], "Jeunes");
  EXPECT_EQ(t["groups"][1]["secret"], true);
  EXPECT_TRUE(t["groups"][1]["counts"].is_null());
  EXPECT_EQ(t["groups"][2]["group"], "Personnes âgées");
  EXPECT_EQ(t["groups"][2]["respondents"], 14);
  EXPECT_EQ(t["groups"][2]["counts"]["Coût"], 10);
  EXPECT_EQ(t["groups"][2]["counts"]["Distance"], 14);
  EXPECT_EQ(t["groups"][2]["counts"]["Horaires"], 0);
  EXPECT_EQ(agent.get(s + "/tabulation?by=nom")->status, 400);
  // Their destinations: the elderly people's 14 all go to the hospital, 5 to the town hall too.
  auto const d = json::parse(agent.get(s + "/tabulation?by=public&of=destinations")->body);
  EXPECT_EQ(d["values"], json::parse(R"(["France Travail","Hôpital","Mairie"])"));
  EXPECT_EQ(d["groups"][2]["counts"], json::parse(R"({"France Travail":0,"Hôpital":14,"Mairie":5})"));
  // By commune: 93066 (14) shown; Saint-Denis (12) and 93001 (4) secret.
  auto const c = json::parse(agent.get(s + "/tabulation?by=commune&of=barriers")->body);
  ASSERT_EQ(c["groups"].size(), 3U);
  EXPECT_EQ(c["groups"][0]["group"], "93001");
  EXPECT_EQ(c["groups"][0]["secret"], true);

  // The workbook: the same table, secret figures written as text.
  auto const x = agent.get(s + "/tabulation.xlsx?by=public&of=barriers");
  ASSERT_EQ(x->status, 200);
  auto const sheet = workbook_sheet(x->body, "Tableau", {"public", "repondants", "Coût"});
  ASSERT_EQ(sheet.ids_.size(), 3U);
  EXPECT_EQ(sheet.text_[0][1], "Jeunes");
  EXPECT_EQ(sheet.text_[1][1], "secret (< 11)");
  EXPECT_EQ(sheet.text_[2][1], "secret (< 11)");
  EXPECT_EQ(sheet.text_[1][2], "14");
  EXPECT_EQ(sheet.text_[2][2], "10");

  // Free text: the owner (the creating agent) only; partners see no answers at all.
  auto const free = agent.get(s + "/free-text");
  ASSERT_EQ(free->status, 200);
  EXPECT_EQ(json::parse(free->body),
            json::parse(R"([{"public":"Personnes âgées","free_text":"Pas de bus le dimanche"}])"));
  EXPECT_EQ(login("admin").get(s + "/free-text")->status, 403);
  EXPECT_EQ(login("caf").get(s + "/tabulation")->status, 403);

  // Erasure (GDPR): every answer goes, the survey stays.
  auto const erased = agent.del(s + "/answers");
  EXPECT_EQ(json::parse(erased->body)["erased"], 30);
  EXPECT_EQ(json::parse(agent.get(s + "/tabulation")->body)["groups"].size(), 0U);
  // Past its retention period, a survey's answers are neither imported nor shown.
  auto const old = created(agent, "/api/surveys",
                           {{"title", "Ancienne"}, {"purpose", "Bilan 2019"}, {"retention_until", "2020-12-31"}});
  auto const late =
      agent.post("/api/surveys/" + std::to_string(old) + "/import",
                 {{"mapping_id", mapping}, {"file_name", "e.csv"}, {"content_base64", base64(export_csv())}});
  EXPECT_EQ(late->status, 409) << late->body;
}

INSTANTIATE_TEST_SUITE_P(backends, surveys_api, ::testing::Values("sqlite", "postgresql"),
                         [](auto const& info) { return info.param; });

}  // namespace
}  // namespace solimob::server
