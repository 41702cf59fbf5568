// Every GET route of the server x every role x an object of another organisation: the expected
// status, and for partners no field of the other organisation (its texts, its ids, the ids of
// objects it alone takes part in). The table is checked against the server's route list, so a new
// GET route fails this test until it is added here with its rule.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <soci/soci.h>
#include <nlohmann/json.hpp>

#include "geometry/geometry.h"
#include "io/vector_io.h"
#include "server/auth.h"
#include "server/communes.h"
#include "server/http_server.h"
#include "server/plan_routes.h"
#include "server/reference_layers.h"
#include "server/routes/analysis_link.h"
#include "server/server_fixture.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/test_database.h"

namespace solimob::server {
namespace {

using json = nlohmann::json;
// In every text of the objects that only the other organisation takes part in.
constexpr char const* kForeign = "ETRANGER";

class visibility : public server_test {
 protected:
  void SetUp() override {
    server_test::SetUp();
    if (IsSkipped()) {
      return;
    }
    db_->with_transaction([&](soci::session& sql) {
      sql << "INSERT INTO organisation (name, type) VALUES ('CAF', 'caf') RETURNING id", soci::into(own_);
      sql << "INSERT INTO organisation (name, type) VALUES ('ETRANGER France Travail', 'france_travail') RETURNING id",
          soci::into(other_);
    });
    add_user(*db_, "admin", kPassword, role::kAdmin);
    add_user(*db_, "agent", kPassword, role::kAgent);
    add_user(*db_, "lecteur", kPassword, role::kLecture);
    add_user(*db_, "partenaire", kPassword, role::kPartenaire, organisation_id{own_});
    // One commune (a square around Saint-Denis) for the survey map.
    auto const square = geometry::square_cell({48.936, 2.357}, 2000.0);
    auto communes = std::make_shared<commune_reference const>(
        std::vector<commune>{{"93066", "Saint-Denis", io::wkb_to_geojson(square)}}, std::vector<std::string>{square});
    start(test_options(), [communes](http_server& s) {
      add_plan_routes(s, communes);  // as `solimob serve --communes` does
      add_reference_layer_routes(s, {reference_layer{"communes", R"({"type":"FeatureCollection","features":[]})", 0U}});
    });
  }

  // Session cookie and CSRF token of a login; empty for the anonymous client.
  httplib::Headers login(std::string const& who) {
    return who.empty() ? httplib::Headers{} : server_test::login(who).headers();
  }

  long long post(httplib::Headers const& admin, std::string const& path, json const& body) {
    auto const r = client_->Post(path, admin, body.dump(), "application/json");
    EXPECT_EQ(r->status, 201) << path << ": " << r->body;
    auto const j = json::parse(r->body);
    return j.contains("id") ? j["id"].get<long long>() : 0;
  }

  void TearDown() override {
    server_test::TearDown();
    server::routes::analysis() = server::routes::analysis_link{};
  }

  long long own_ = 0, other_ = 0;
};

json action(std::string const& title, std::vector<long long> partners) {
  return {{"title", title}, {"owner_direction", "DTCM"}, {"status", "en_cours"}, {"partner_ids", partners}};
}

// Texts of a DOCX/XLSX answer (zip) or the body itself.
std::string readable(std::string const& body, std::string const& dir) {
  if (body.rfind("PK", 0) != 0) {
    return body;
  }
  auto const file = dir + "/answer.zip";
  std::ofstream{file, std::ios::binary} << body;
  std::string out;
  if (auto* p = ::popen(("unzip -p '" + file + "'").c_str(), "r")) {
    char buf[4096];
    for (std::size_t n = 0; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) {
      out.append(buf, n);
    }
    ::pclose(p);
  }
  return out;
}

// The keys under which another organisation's objects can show, and the ids they must not hold.
using foreign_ids = std::map<std::string, std::set<long long>>;

void expect_nothing_foreign(json const& j, foreign_ids const& foreign, std::string const& where) {
  if (j.is_object()) {
    for (auto const& [k, v] : j.items()) {
      if (auto const f = foreign.find(k); f != foreign.end()) {
        for (auto const& id : v.is_array() ? v : json::array({v})) {
          EXPECT_FALSE(id.is_number_integer() && f->second.contains(id.get<long long>()))
              << where << ": " << k << " = " << v.dump();
        }
      }
      expect_nothing_foreign(v, foreign, where);
    }
  } else if (j.is_array()) {
    for (auto const& v : j) {
      expect_nothing_foreign(v, foreign, where);
    }
  }
}

TEST_P(visibility, every_get_route_for_every_role_shows_nothing_of_another_organisation) {
  auto const admin = login("admin");
  auto const foreign_action = post(admin, "/api/actions", action("ETRANGER navette", {other_}));
  auto const shared_action = post(admin, "/api/actions", action("Navette partagée", {own_, other_}));
  post(admin, "/api/actions/" + std::to_string(foreign_action) + "/budget-lines",
       {{"year", 2026}, {"direction", "ETRANGER direction"}, {"nature", "fonctionnement"}, {"planned", 1000}});
  post(admin, "/api/evaluations", {{"title", "ETRANGER évaluation"}, {"action_id", foreign_action}});
  post(admin, "/api/evaluations", {{"title", "Bilan de la direction"}});  // the plan's own: shown
  post(admin, "/api/evaluations", {{"title", "Évaluation partagée"}, {"action_id", shared_action}});
  auto const soon = [] {
    auto const now = std::chrono::system_clock::now() + std::chrono::hours{24 * 20};
    auto const t = std::chrono::system_clock::to_time_t(now);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", std::gmtime(&t));
    return std::string{buf};
  }();
  auto const document = [&](std::string const& title, std::vector<long long> parties) {
    return json{{"type", "convention"},      {"title", title},  {"status", "en_vigueur"},
                {"signed_on", "2025-01-01"}, {"ends_on", soon}, {"party_ids", parties}};
  };
  auto const foreign_document = post(admin, "/api/documents", document("ETRANGER convention", {other_}));
  auto const shared_document = post(admin, "/api/documents", document("Convention partagée", {own_, other_}));
  auto const foreign_file =
      post(admin, "/api/documents/" + std::to_string(foreign_document) + "/files",
           {{"name", "ETRANGER.txt"}, {"content_type", "text/plain"}, {"content_base64", "RVRSQU5HRVIK"}});
  post(admin, "/api/documents/" + std::to_string(shared_document) + "/files",
       {{"name", "partagé.txt"}, {"content_type", "text/plain"}, {"content_base64", "Qm9uam91cgo="}});
  post(admin, "/api/organisations/" + std::to_string(other_) + "/contacts",
       {{"name", "ETRANGER contact"}, {"purpose", "suivi"}});
  post(admin, "/api/organisations/" + std::to_string(own_) + "/contacts",
       {{"name", "Contact CAF"}, {"purpose", "suivi"}});
  auto const meeting = [&](std::string const& title, std::vector<long long> participants) {
    return json{{"type", "copil"}, {"title", title}, {"held_on", soon}, {"participant_ids", participants}};
  };
  auto const foreign_meeting = post(admin, "/api/meetings", meeting("ETRANGER réunion", {other_}));
  auto const shared_meeting = post(admin, "/api/meetings", meeting("Réunion partagée", {own_, other_}));
  post(admin, "/api/meetings/" + std::to_string(foreign_meeting) + "/follow-ups",
       {{"text", "ETRANGER suivi"}, {"owner", "x"}, {"due_on", "2020-01-01"}, {"status", "a_faire"}});
  // An item of a shared meeting about the other organisation's action and document.
  post(admin, "/api/meetings/" + std::to_string(shared_meeting) + "/agenda-items",
       {{"title", "Point d'étape"}, {"action_id", foreign_action}, {"document_id", foreign_document}});
  post(admin, "/api/meetings/" + std::to_string(shared_meeting) + "/agenda-items",
       {{"title", "Navette"}, {"action_id", shared_action}, {"document_id", shared_document}});
  post(admin, "/api/meetings/" + std::to_string(shared_meeting) + "/follow-ups",
       {{"text", "Suivi partagé"}, {"owner", "x"}, {"due_on", "2020-01-01"}, {"status", "a_faire"}});
  json const square{{"type", "Polygon"},
                    {"coordinates", {{{2.35, 48.90}, {2.40, 48.90}, {2.40, 48.95}, {2.35, 48.95}, {2.35, 48.90}}}}};
  client_->Post("/api/sectors", admin,
                json{{"type", "Feature"}, {"properties", {{"name", "Plaine"}}}, {"geometry", square}}.dump(),
                "application/json");
  auto const sector =
      json::parse(client_->Get("/api/sectors", admin)->body)["features"][0]["properties"]["id"].get<long long>();
  auto const projects = "/api/sectors/" + std::to_string(sector) + "/projects";
  post(admin, projects, {{"title", "ETRANGER pôle"}, {"partner_id", other_}, {"status", "etude"}});
  post(admin, projects, {{"title", "Projet de la direction"}, {"status", "idee"}});  // no partner: shown
  post(admin, projects, {{"title", "Projet CAF"}, {"partner_id", own_}, {"status", "idee"}});
  post(admin, "/api/objectives", {{"code", "O1"}, {"title", "Accès à l'emploi"}});
  post(admin, "/api/indicators", {{"name", "Taux d'accès"}});
  post(admin, "/api/plan-sections", {{"kind", "diagnostic"}, {"title", "Diagnostic"}});
  // Saved analysis views: one shared with the other organisation only, one with both; a view's
  // result is the (fake) territory's answer, the same for every view.
  auto const foreign_view = post(admin, "/api/analysis/views",
                                 {{"name", "ETRANGER vue"}, {"params", json::object()}, {"shared_with", {other_}}});
  auto const shared_view =
      post(admin, "/api/analysis/views",
           {{"name", "Vue partagée"}, {"params", json::object()}, {"shared_with", {own_, other_}}});
  post(admin, "/api/meetings/" + std::to_string(shared_meeting) + "/agenda-items",
       {{"title", "Carte"}, {"view_id", foreign_view}});
  // A call for projects with an application of each organisation, the other's scored.
  auto const call = post(admin, "/api/calls", {{"title", "Appel mobilité"}, {"status", "ouvert"}});
  auto const criterion = post(admin, "/api/calls/" + std::to_string(call) + "/criteria", {{"label", "Impact"}});
  auto const application = [&](long long org, std::string const& title) {
    return post(
        admin, "/api/calls/" + std::to_string(call) + "/applications",
        {{"organisation_id", org}, {"project_title", title}, {"eligibility", "eligible"}, {"decision", "en_attente"}});
  };
  auto const foreign_application = application(other_, "ETRANGER garage");
  auto const own_application = application(own_, "Projet CAF");
  auto const attach = [&](long long app, std::string const& name, std::string const& base64) {
    return post(admin, "/api/applications/" + std::to_string(app) + "/files",
                {{"name", name}, {"content_type", "text/plain"}, {"content_base64", base64}});
  };
  auto const foreign_application_file = attach(foreign_application, "ETRANGER dossier.txt", "RVRSQU5HRVI=");
  attach(own_application, "dossier.txt", "Qm9uam91cgo=");
  client_->Put("/api/applications/" + std::to_string(foreign_application) + "/scores", admin,
               json{{"scores", {{{"criterion_id", criterion}, {"score", 4}, {"comment", "ETRANGER avis"}}}}}.dump(),
               "application/json");
  // A benchmarked plan (public information); the comparison lists our actions the user sees.
  auto const benchmark = post(admin, "/api/benchmark-plans", {{"territory", "Lyon"}, {"title", "Plan"}});
  post(admin, "/api/benchmark-plans/" + std::to_string(benchmark) + "/measures", {{"title", "Garage"}});
  // A framework document committing the other organisation, or through its document, on the sector.
  auto const framework = post(admin, "/api/framework-documents", {{"title", "Schéma"}, {"kind", "schema"}});
  auto const commitments = "/api/framework-documents/" + std::to_string(framework) + "/commitments";
  post(admin, commitments, {{"text", "ETRANGER engagement"}, {"sector_id", sector}, {"partner_id", other_}});
  post(admin, commitments,
       {{"text", "ETRANGER par convention"}, {"sector_id", sector}, {"cooperation_document_id", foreign_document}});
  post(admin, commitments, {{"text", "Engagement général"}, {"sector_id", sector}});
  post(admin, "/api/organisations/" + std::to_string(other_) + "/axes", {{"title", "ETRANGER axe"}});
  post(admin, "/api/organisations/" + std::to_string(own_) + "/axes", {{"title", "Axe CAF"}});
  // A survey created by the admin (its owner: the only one to read the free-text answers).
  auto const survey =
      post(admin, "/api/surveys", {{"title", "Enquête"}, {"purpose", "Freins"}, {"retention_until", "2099-12-31"}});
  post(admin, "/api/survey-mappings", {{"name", "LimeSurvey"}, {"tool", "limesurvey"}, {"public_column", "Q1"}});
  server::routes::analysis().access_result_ = [](json const&) {
    return std::make_shared<std::string const>(R"({"summary":{}})");
  };

  foreign_ids const foreign{{"partner_ids", {other_}},           {"party_ids", {other_}},
                            {"participant_ids", {other_}},       {"partner_id", {other_}},
                            {"organisation_id", {other_}},       {"action_id", {foreign_action}},
                            {"document_id", {foreign_document}}, {"meeting_id", {foreign_meeting}},
                            {"shared_with", {other_}},           {"view_id", {foreign_view}}};

  // Each GET route: the path to ask (its :id an object of the other organisation where it has one)
  // and whether that object is the other organisation's (partners: 404, as for a missing one), or
  // whether partners are refused the route whatever the object (403: the review of calls).
  struct get_case {
    std::string path_;
    bool foreign_object_;
    bool partners_refused_ = false;
    bool creator_only_ = false;  // every other account refused (403)
  };
  auto const id = [](long long v) { return std::to_string(v); };
  std::map<std::string, get_case> const cases{
      {"/api/objectives", {"/api/objectives", false}},
      {"/api/actions", {"/api/actions", false}},
      {"/api/actions/:id", {"/api/actions/" + id(foreign_action), true}},
      {"/api/budget-annex", {"/api/budget-annex", false}},
      {"/api/budget-annex.xlsx", {"/api/budget-annex.xlsx", false}},
      {"/api/plan-sections", {"/api/plan-sections", false}},
      {"/api/indicators", {"/api/indicators", false}},
      {"/api/evaluations", {"/api/evaluations", false}},
      {"/api/organisations", {"/api/organisations", false}},
      {"/api/organisations/:id/contacts", {"/api/organisations/" + id(other_) + "/contacts", true}},
      {"/api/documents", {"/api/documents", false}},
      {"/api/documents/expiring", {"/api/documents/expiring", false}},
      {"/api/documents/:id/files", {"/api/documents/" + id(foreign_document) + "/files", true}},
      {"/api/document-files/:id", {"/api/document-files/" + id(foreign_file), true}},
      {"/api/meetings", {"/api/meetings", false}},
      {"/api/meetings/:id", {"/api/meetings/" + id(foreign_meeting), true}},
      {"/api/meetings/:id/export", {"/api/meetings/" + id(foreign_meeting) + "/export", true}},
      {"/api/sectors", {"/api/sectors", false}},
      {"/api/sectors/:id/projects", {projects, false}},
      {"/api/dashboard", {"/api/dashboard", false}},
      {"/api/reference-layers", {"/api/reference-layers", false}},
      {"/api/reference-layers/:id", {"/api/reference-layers/1", false}},
      {"/api/analysis/views", {"/api/analysis/views", false}},
      {"/api/analysis/views/:id", {"/api/analysis/views/" + id(foreign_view), true}},
      {"/api/analysis/views/:id/result", {"/api/analysis/views/" + id(foreign_view) + "/result", true}},
      {"/api/calls", {"/api/calls", false}},
      {"/api/calls/:id/criteria", {"/api/calls/" + id(call) + "/criteria", false}},
      {"/api/calls/:id/applications", {"/api/calls/" + id(call) + "/applications", false}},
      {"/api/calls/:id/ranking", {"/api/calls/" + id(call) + "/ranking", false, true}},
      {"/api/calls/:id/report", {"/api/calls/" + id(call) + "/report", false, true}},
      {"/api/applications/:id/files", {"/api/applications/" + id(foreign_application) + "/files", true}},
      {"/api/application-files/:id", {"/api/application-files/" + id(foreign_application_file), true}},
      {"/api/applications/:id/scores", {"/api/applications/" + id(foreign_application) + "/scores", false, true}},
      {"/api/benchmark-plans", {"/api/benchmark-plans", false}},
      {"/api/benchmark-plans/:id/measures", {"/api/benchmark-plans/" + id(benchmark) + "/measures", false}},
      {"/api/benchmark/comparison", {"/api/benchmark/comparison", false}},
      {"/api/benchmark/comparison.xlsx", {"/api/benchmark/comparison.xlsx", false}},
      {"/api/framework-documents", {"/api/framework-documents", false}},
      {"/api/framework-documents/:id/commitments", {commitments, false}},
      {"/api/sectors/:id/commitments", {"/api/sectors/" + id(sector) + "/commitments", false}},
      {"/api/organisations/:id/axes", {"/api/organisations/" + id(other_) + "/axes", true}},
      {"/api/organisations/:id/cooperation", {"/api/organisations/" + id(other_) + "/cooperation", true}},
      {"/api/surveys", {"/api/surveys", false}},
      {"/api/survey-mappings", {"/api/survey-mappings", false}},
      {"/api/surveys/:id/tabulation", {"/api/surveys/" + id(survey) + "/tabulation", false, true}},
      {"/api/surveys/:id/tabulation.xlsx", {"/api/surveys/" + id(survey) + "/tabulation.xlsx", false, true}},
      {"/api/surveys/:id/crosstab", {"/api/surveys/" + id(survey) + "/crosstab", false, true}},
      {"/api/surveys/:id/crosstab.xlsx", {"/api/surveys/" + id(survey) + "/crosstab.xlsx", false, true}},
      {"/api/surveys/:id/map", {"/api/surveys/" + id(survey) + "/map", false, true}},
      {"/api/surveys/:id/free-text", {"/api/surveys/" + id(survey) + "/free-text", false, true, true}},
  };
  std::set<std::string> registered, listed;
  for (auto const& [method, pattern] : server_->routes()) {
    if (method == "GET") {
      registered.insert(pattern);
    }
  }
  for (auto const& [pattern, c] : cases) {
    listed.insert(pattern);
  }
  ASSERT_EQ(registered, listed) << "every GET route needs a line in this table";
  // The shared objects, seen by the partner (no foreign id in them either).
  std::vector<std::string> shared_paths{"/api/actions/" + id(shared_action),
                                        "/api/meetings/" + id(shared_meeting),
                                        "/api/meetings/" + id(shared_meeting) + "/export",
                                        "/api/organisations/" + id(own_) + "/contacts",
                                        "/api/organisations/" + id(own_) + "/axes",
                                        "/api/organisations/" + id(own_) + "/cooperation",
                                        "/api/documents/" + id(shared_document) + "/files",
                                        "/api/applications/" + id(own_application) + "/files",
                                        "/api/analysis/views/" + id(shared_view),
                                        "/api/analysis/views/" + id(shared_view) + "/result"};

  for (auto const* who : {"admin", "agent", "lecteur", "partenaire", ""}) {
    auto const headers = login(who);
    bool const partner = std::string{who} == "partenaire";
    for (auto const& [pattern, c] : cases) {
      SCOPED_TRACE(std::string{who} + " GET " + c.path_);
      auto const r = client_->Get(c.path_, headers);
      ASSERT_TRUE(r);
      auto const expected = std::string{who}.empty()                         ? 401
                            : partner && c.partners_refused_                 ? 403
                            : c.creator_only_ && std::string{who} != "admin" ? 403
                            : partner && c.foreign_object_                   ? 404
                                                                             : 200;
      EXPECT_EQ(r->status, expected) << r->body.substr(0, 300);
      if (!partner || r->status != 200) {
        continue;
      }
      auto const text = readable(r->body, scratch_->dir());
      EXPECT_EQ(text.find(kForeign), std::string::npos) << text.substr(0, 2000);
      if (auto const j = json::parse(text, nullptr, false); !j.is_discarded()) {
        expect_nothing_foreign(j, foreign, c.path_);
      }
    }
    if (partner) {
      for (auto const& path : shared_paths) {
        SCOPED_TRACE("partenaire GET " + path);
        auto const r = client_->Get(path, headers);
        EXPECT_EQ(r->status, 200) << r->body;
        EXPECT_EQ(r->body.find(kForeign), std::string::npos) << r->body;
        if (auto const j = json::parse(r->body, nullptr, false); !j.is_discarded()) {
          expect_nothing_foreign(j, foreign, path);
        }
      }
      // A hidden object and a missing one give the same answer (only the id differs).
      std::regex const digits{"[0-9]+"};
      for (auto const& [pattern, c] : cases) {
        if (!c.foreign_object_) {
          continue;
        }
        auto const missing = std::regex_replace(pattern, std::regex{":id"}, "987654");
        auto const hidden = client_->Get(c.path_, headers);
        auto const absent = client_->Get(missing, headers);
        EXPECT_EQ(hidden->status, absent->status) << c.path_;
        EXPECT_EQ(std::regex_replace(hidden->body, digits, "N"), std::regex_replace(absent->body, digits, "N"))
            << c.path_;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(backends, visibility, ::testing::Values("sqlite", "postgresql"),
                         [](auto const& info) { return info.param; });

}  // namespace
}  // namespace solimob::server
