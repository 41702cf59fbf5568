// Survey answers' communes and the tables over them, through the API on SQLite and PostgreSQL, with
// three square communes given as `serve --communes` would: names written in many ways, INSEE codes
// and coordinates resolve to one INSEE code; a Windows-1252 export read in its declared encoding
// (and refused, naming its line, as UTF-8); the public x commune cross-tabulation and the barrier
// map under statistical secrecy. Every expected figure is worked out by hand in the comments.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "io/file_util.h"
#include "io/vector_io.h"
#include "server/communes.h"
#include "server/workspace_fixture.h"
#include "support/base64.h"

namespace solimob::server {
namespace {

using json = nlohmann::json;
using test::base64;

// Squares of 0.1 degree side at latitude 48.9-49.0: L'Île-Saint-Denis (2.2-2.3), Saint-Denis (2.3-2.4),
// Le Blanc-Mesnil (2.4-2.5).
std::string communes_geojson() {
  auto const square = [](double west) {
    std::ostringstream s;
    s << "[[[" << west << ",48.9],[" << west + 0.1 << ",48.9],[" << west + 0.1 << ",49.0],[" << west << ",49.0],["
      << west << ",48.9]]]";
    return s.str();
  };
  auto const feature = [&](char const* code, char const* name, double west) {
    return std::string{R"({"type":"Feature","properties":{"code":")"} + code + R"(","nom":")" + name +
           R"("},"geometry":{"type":"Polygon","coordinates":)" + square(west) + "}}";
  };
  return R"({"type":"FeatureCollection","features":[)" + feature("93066", "Saint-Denis", 2.3) + "," +
         feature("93007", "Le Blanc-Mesnil", 2.4) + "," + feature("93039", "L'Île-Saint-Denis", 2.2) + "]}";
}

// 79 answers (public, commune as written, Coût named or not, longitude, latitude):
//                      (none) L'Île-SD  Le Blanc-M.  Paris  Saint-Denis | total
//   Demandeurs d'emploi   1      13         5          0       12      |  31
//   Personnes âgées       0      11        15          2       20      |  48
//   total                 1      24        20          2       32      |  79
// Coût: job seekers 5 in Le Blanc-Mesnil, 6 in Saint-Denis; elderly people 3 in L'Île-Saint-Denis,
// 5 in Le Blanc-Mesnil, 12 in Saint-Denis. Saint-Denis's job seekers give coordinates only (half
// with a decimal comma); "(none)" is a point outside every commune.
std::string answers_csv() {
  std::ostringstream csv;
  csv << "Public,Commune,Freins,Lon,Lat\n";
  auto const rows = [&](int n, char const* pub, char const* commune, int cost, char const* lon = "",
                        char const* lat = "") {
    for (auto i = 0; i != n; ++i) {
      csv << pub << ",\"" << commune << "\"," << (i < cost ? "Coût;Distance" : "Distance") << ",\"" << lon << "\",\""
          << lat << "\"\n";
    }
  };
  rows(8, "Personnes âgées", "Saint-Denis", 8);
  rows(6, "Personnes âgées", "ST DENIS", 4);
  rows(6, "Personnes âgées", "93066", 0);
  rows(15, "Personnes âgées", "Blanc-Mesnil", 5);
  rows(11, "Personnes âgées", "L’Île-Saint-Denis", 3);
  rows(2, "Personnes âgées", "Paris", 0);
  rows(6, "Demandeurs d'emploi", "", 3, "2.35", "48.95");
  rows(6, "Demandeurs d'emploi", "", 3, "2,35", "48,95");
  rows(5, "Demandeurs d'emploi", "le blanc mesnil", 5);
  rows(13, "Demandeurs d'emploi", "l'ile st denis", 0);
  rows(1, "Demandeurs d'emploi", "", 0, "2.0", "48.0");
  return csv.str();
}

// The UTF-8 text as Windows-1252 bytes, for the characters the file above uses (the code page's
// table: â E2, é E9, Î CE, û FB, ’ 92).
std::string as_windows_1252(std::string const& utf8) {
  std::string out = utf8;
  for (auto const& [from, to] :
       {std::pair<std::string, std::string>{"â", "\xE2"}, {"é", "\xE9"}, {"Î", "\xCE"}, {"û", "\xFB"}, {"’", "\x92"}}) {
    for (auto at = out.find(from); at != std::string::npos; at = out.find(from, at + to.size())) {
      out.replace(at, from.size(), to);
    }
  }
  return out;
}

class survey_places_api : public workspace_test {
 protected:
  void SetUp() override {
    auto const file = std::filesystem::temp_directory_path() / ("communes-" + io::unique_suffix() + ".geojson");
    std::ofstream{file} << communes_geojson();
    communes_ = read_communes(file.string(), "code", "nom");
    std::filesystem::remove(file);
    workspace_test::SetUp();
  }

  // A survey with the answers above imported from a Windows-1252 CSV; its path.
  std::string imported(session const& agent) {
    auto const survey = created(
        agent, "/api/surveys",
        {{"title", "Freins 2027"}, {"purpose", "Plan de mobilité solidaire"}, {"retention_until", "2099-12-31"}});
    json mapping = {{"name", "Export Excel"},      {"tool", "microsoft_forms"},   {"public_column", "Public"},
                    {"commune_column", "Commune"}, {"barriers_column", "Freins"}, {"longitude_column", "Lon"},
                    {"latitude_column", "Lat"}};
    auto const as_utf8 = created(agent, "/api/survey-mappings", mapping);
    mapping["encoding"] = "windows-1252";
    auto const as_1252 = created(agent, "/api/survey-mappings", mapping);
    auto const s = "/api/surveys/" + std::to_string(survey);
    json body = {{"file_name", "export.csv"}, {"content_base64", base64(as_windows_1252(answers_csv()))}};

    // Read as UTF-8 (the mapping's default), the file is refused at its first accent, line 2.
    body["mapping_id"] = as_utf8;
    auto const refused = agent.post(s + "/import", body);
    EXPECT_EQ(refused->status, 400);
    EXPECT_NE(refused->body.find("line 2"), std::string::npos) << refused->body;
    EXPECT_NE(refused->body.find("windows-1252"), std::string::npos) << refused->body;

    body["mapping_id"] = as_1252;
    auto const r = agent.post(s + "/import", body);
    EXPECT_EQ(r->status, 201) << r->body;
    auto const out = json::parse(r->body);
    EXPECT_EQ(out["imported"], 79);
    // 76 found (by name, code or point), "Paris" twice not found, one point outside.
    EXPECT_EQ(out["communes"], json::parse(R"({"resolved":76,"unresolved":2,"outside":1,"unknown":["Paris"]})"));
    return s;
  }
};

TEST_P(survey_places_api, names_codes_and_points_resolve_to_one_commune) {
  auto const agent = login("agent");
  auto const s = imported(agent);
  // By commune: the 32 of Saint-Denis counted together whether they wrote its name, "ST DENIS", its
  // code or gave a point; the two secret groups (1 and 2) hide each other.
  auto const t = json::parse(agent.get(s + "/tabulation?by=commune&of=barriers")->body);
  ASSERT_EQ(t["groups"].size(), 5U) << t.dump(1);
  EXPECT_EQ(t["respondents"], 79);
  std::vector<std::string> names;
  for (auto const& g : t["groups"]) {
    names.push_back(g["group"]);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"(non renseigné)", "L'Île-Saint-Denis", "Le Blanc-Mesnil",
                                             "Paris (non reconnue)", "Saint-Denis"}));
  EXPECT_TRUE(t["groups"][0]["respondents"].is_null());
  EXPECT_EQ(t["groups"][1]["respondents"], 24);
  EXPECT_EQ(t["groups"][2]["respondents"], 20);
  EXPECT_TRUE(t["groups"][3]["respondents"].is_null());
  EXPECT_EQ(t["groups"][4]["respondents"], 32);
  EXPECT_EQ(t["groups"][4]["counts"]["Coût"], 18);
  // The public was read in its encoding.
  auto const p = json::parse(agent.get(s + "/tabulation?by=public")->body);
  EXPECT_EQ(p["groups"][1]["group"], "Personnes âgées");
}

TEST_P(survey_places_api, the_cross_tabulation_suppresses_what_totals_would_reveal) {
  auto const agent = login("agent");
  auto const s = imported(agent);
  // Primary secrets (1 to 10 respondents): job seekers (none) 1 and Le Blanc-Mesnil 5, elderly people
  // Paris 2, the totals (none) 1 and Paris 2. Then: the elderly people's row has one secret (Paris 2):
  // its smallest other, L'Île 11, goes; L'Île's column then has one (11): job seekers' 13 goes; Le
  // Blanc-Mesnil's column has one (5): elderly people's 15 goes. Every sum then has 0, 2 or 3 secrets.
  auto const x = json::parse(agent.get(s + "/crosstab?of=barriers")->body);
  EXPECT_EQ(x["publics"], json::parse(R"(["Demandeurs d'emploi","Personnes âgées"])"));
  EXPECT_EQ(x["communes"].size(), 5U);
  EXPECT_EQ(x["rows"], json::parse(R"([[null,null,null,0,12,31],[0,null,null,null,20,48],[null,24,20,null,32,79]])"))
      << x.dump();
  // Those naming Coût, under the same mask (secrecy follows the respondents, not the figure).
  auto const cost = json::parse(agent.get(s + "/crosstab?of=barriers&value=Co%C3%BBt")->body);
  EXPECT_EQ(cost["rows"], json::parse(R"([[null,null,null,0,6,11],[0,null,null,null,12,20],[null,3,10,null,18,31]])"))
      << cost.dump();

  // The workbook: the same table with its totals, secret cells written as text.
  auto const book = agent.get(s + "/crosstab.xlsx?of=barriers");
  ASSERT_EQ(book->status, 200);
  auto const sheet =
      workbook_sheet(book->body, "Tableau croisé", {"public", "Saint-Denis", "Le Blanc-Mesnil", "Total"});
  ASSERT_EQ(sheet.ids_.size(), 3U);
  EXPECT_EQ(sheet.text_[0][2], "Total");
  EXPECT_EQ(sheet.text_[1][0], "12");
  EXPECT_EQ(sheet.text_[2][0], "secret (< 11)");
  EXPECT_EQ(sheet.text_[2][1], "secret (< 11)");
  EXPECT_EQ(sheet.text_[3][2], "79");
  EXPECT_EQ(login("caf").get(s + "/crosstab")->status, 403);
}

TEST_P(survey_places_api, the_map_shows_each_commune_share_unless_secret) {
  auto const agent = login("agent");
  auto const s = imported(agent);
  auto const m = json::parse(agent.get(s + "/map?of=barriers&value=Co%C3%BBt")->body);
  EXPECT_EQ(m["type"], "FeatureCollection");
  ASSERT_EQ(m["features"].size(), 3U);
  // In the file's order: Saint-Denis 18 of 32, Le Blanc-Mesnil 10 of 20, L'Île-Saint-Denis 3 of 24.
  auto const& sd = m["features"][0]["properties"];
  EXPECT_EQ(sd["code"], "93066");
  EXPECT_EQ(sd["respondents"], 32);
  EXPECT_EQ(sd["count"], 18);
  EXPECT_DOUBLE_EQ(sd["share"].get<double>(), 0.5625);
  EXPECT_DOUBLE_EQ(m["features"][1]["properties"]["share"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(m["features"][2]["properties"]["share"].get<double>(), 0.125);
  EXPECT_EQ(m["features"][0]["geometry"]["type"], "Polygon");
  // The 3 not located are two secret groups (1 and 2): no figure.
  EXPECT_TRUE(m["not_located"].is_null());
  EXPECT_EQ(m["respondents"], 79);
}

TEST_P(survey_places_api, bad_coordinates_are_refused_naming_row_and_column) {
  auto const agent = login("agent");
  auto const survey =
      created(agent, "/api/surveys", {{"title", "x"}, {"purpose", "y"}, {"retention_until", "2099-12-31"}});
  auto const mapping = created(agent, "/api/survey-mappings",
                               {{"name", "xy"},
                                {"tool", "autre"},
                                {"public_column", "Public"},
                                {"longitude_column", "Lon"},
                                {"latitude_column", "Lat"}});
  // A mapping with one coordinate column is refused, naming the missing one.
  auto const half_mapping = agent.post(
      "/api/survey-mappings", {{"name", "x"}, {"tool", "autre"}, {"public_column", "P"}, {"longitude_column", "Lon"}});
  EXPECT_EQ(half_mapping->status, 400);
  EXPECT_EQ(json::parse(half_mapping->body)["field"], "latitude_column");
  auto const send = [&](std::string const& csv) {
    return agent.post("/api/surveys/" + std::to_string(survey) + "/import",
                      {{"mapping_id", mapping}, {"file_name", "e.csv"}, {"content_base64", base64(csv)}});
  };
  auto const nan = send("Public,Lon,Lat\nJeunes,2.35,48.95\nJeunes,abc,48.95\n");
  EXPECT_EQ(nan->status, 400);
  EXPECT_NE(nan->body.find("row 3, column Lon"), std::string::npos) << nan->body;
  // Lambert-93 metres are not degrees: refused, not guessed.
  auto const projected = send("Public,Lon,Lat\nJeunes,652000,6862000\n");
  EXPECT_EQ(projected->status, 400);
  EXPECT_NE(projected->body.find("WGS84"), std::string::npos) << projected->body;
  auto const half = send("Public,Lon,Lat\nJeunes,2.35,\n");
  EXPECT_EQ(half->status, 400);
  long long n = -1;
  db_->with_session([&](soci::session& sql) { sql << "SELECT COUNT(*) FROM survey_response", soci::into(n); });
  EXPECT_EQ(n, 0);  // nothing of a refused file is kept
}

INSTANTIATE_TEST_SUITE_P(backends, survey_places_api, ::testing::Values("sqlite", "postgresql"),
                         [](auto const& info) { return info.param; });

// ---- the names themselves (no database) ----

TEST(place_key, folds_case_accents_hyphens_apostrophes_and_saint) {
  EXPECT_EQ(place_key("L’Île-Saint-Denis"), "l ile saint denis");
  EXPECT_EQ(place_key("l'ile st denis"), "l ile saint denis");
  EXPECT_EQ(place_key("  ÉPINAY-SUR-SEINE "), "epinay sur seine");
  EXPECT_EQ(place_key("Ste-Geneviève-des-Bois"), "sainte genevieve des bois");
  EXPECT_EQ(place_key("Œuilly"), "oeuilly");
  EXPECT_EQ(place_key("93066"), "93066");
  EXPECT_EQ(place_key("Stains"), "stains");  // "st" only as a word
}

TEST(communes, a_bad_reference_file_is_refused_naming_the_field) {
  auto const file = std::filesystem::temp_directory_path() / ("communes-" + io::unique_suffix() + ".geojson");
  std::ofstream{file} << communes_geojson();
  EXPECT_THROW(
      {
        try {
          read_communes(file.string(), "insee", "nom");
        } catch (solimob::input_error const& e) {
          EXPECT_NE(std::string{e.what()}.find("insee"), std::string::npos) << e.what();
          throw;
        }
      },
      solimob::input_error);
  auto const ok = read_communes(file.string(), "code", "nom");
  std::filesystem::remove(file);
  ASSERT_EQ(ok->communes().size(), 3U);
  EXPECT_EQ(ok->find("Blanc-Mesnil"), std::optional<std::size_t>{1});
  EXPECT_EQ(ok->find("LE BLANC MESNIL"), std::optional<std::size_t>{1});
  EXPECT_EQ(ok->locate({48.95, 2.25}), std::optional<std::size_t>{2});
  EXPECT_EQ(ok->locate({48.0, 2.25}), std::nullopt);
  EXPECT_EQ(ok->find("Paris"), std::nullopt);
  EXPECT_EQ(ok->by_code("93039")->name_, "L'Île-Saint-Denis");
}

}  // namespace
}  // namespace solimob::server
