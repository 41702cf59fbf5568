// Calls for projects through the API on SQLite and PostgreSQL: the call and its criteria, two
// applications, reviews with a conflict of interest refused, the ranking (hand-derived totals and
// spreads), the decisions against the envelope, the selection report, the action a funded
// application becomes.
#include <gtest/gtest.h>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "server/auth.h"
#include "server/workspace_fixture.h"

namespace solimob::server {
namespace {

using json = nlohmann::json;

class calls_api : public workspace_test {
 protected:
  void SetUp() override {
    workspace_test::SetUp();
    if (IsSkipped()) {
      return;
    }
    // A second reviewer, and an agent of the CAF (the applicant of the first application below).
    add_user(*db_, "agent2", kPassword, role::kAgent);
    add_user(*db_, "agentcaf", kPassword, role::kAgent, organisation_id{caf_});
  }
};

TEST_P(calls_api, a_call_is_reviewed_ranked_decided_exported_and_funds_an_action) {
  auto const admin = login("admin");
  auto const objective = created_row(admin, "/api/objectives", {{"code", "O1"}, {"title", "Accès à l'emploi"}});
  auto const call = created_row(admin, "/api/calls",
                                {{"title", "Mobilité vers l'emploi 2027"},
                                 {"objectives", "Financer des solutions de mobilité pour les demandeurs d'emploi."},
                                 {"eligibility", "Associations et CCAS du département."},
                                 {"envelope", 50000},
                                 {"opens_on", "2027-01-10"},
                                 {"closes_on", "2027-03-31"},
                                 {"decision_on", "2027-05-15"},
                                 {"objective_id", objective["id"]},
                                 {"owner_direction", "DTCM"},
                                 {"status", "ouvert"}});
  auto const c = std::to_string(call["id"].get<long long>());
  // The calendar goes forward.
  auto const backwards = admin.post(
      "/api/calls", {{"title", "x"}, {"status", "brouillon"}, {"opens_on", "2027-03-01"}, {"closes_on", "2027-02-01"}});
  EXPECT_EQ(backwards->status, 400);
  EXPECT_EQ(json::parse(backwards->body)["field"], "closes_on");

  auto const impact = created_row(admin, "/api/calls/" + c + "/criteria", {{"label", "Impact"}, {"weight", 60}});
  auto const feasibility =
      created_row(admin, "/api/calls/" + c + "/criteria", {{"label", "Faisabilité"}, {"weight", 40}});
  EXPECT_EQ(impact["position"], 1);
  EXPECT_EQ(feasibility["position"], 2);

  auto const a = created_row(admin, "/api/calls/" + c + "/applications",
                             {{"organisation_id", caf_},
                              {"project_title", "Garage solidaire"},
                              {"requested", 30000},
                              {"eligibility", "eligible"},
                              {"decision", "en_attente"}});
  auto const b = created_row(admin, "/api/calls/" + c + "/applications",
                             {{"organisation_id", ft_},
                              {"project_title", "Auto-école sociale"},
                              {"requested", 25000},
                              {"eligibility", "eligible"},
                              {"decision", "en_attente"}});
  auto const no_org = admin.post("/api/calls/" + c + "/applications",
                                 {{"project_title", "?"}, {"eligibility", "eligible"}, {"decision", "en_attente"}});
  EXPECT_EQ(json::parse(no_org->body)["field"], "organisation_id");
  auto const sa = "/api/applications/" + std::to_string(a["id"].get<long long>()) + "/scores";
  auto const sb = "/api/applications/" + std::to_string(b["id"].get<long long>()) + "/scores";
  auto const scores = [&](int impact_score, int feasibility_score) {
    return json{{"scores",
                 {{{"criterion_id", impact["id"]}, {"score", impact_score}, {"comment", "Bon ancrage local"}},
                  {{"criterion_id", feasibility["id"]}, {"score", feasibility_score}}}}};
  };
  // Two reviewers score both applications.
  auto const agent = login("agent");
  auto const agent2 = login("agent2");
  EXPECT_EQ(agent.put(sa, scores(5, 3))->status, 200);
  EXPECT_EQ(agent2.put(sa, scores(4, 4))->status, 200);
  EXPECT_EQ(agent.put(sb, scores(3, 5))->status, 200);
  EXPECT_EQ(agent2.put(sb, scores(3, 2))->status, 200);
  // The agent of the CAF cannot score the CAF's application (conflict of interest), nothing is kept.
  auto const agentcaf = login("agentcaf");
  auto const conflict = agentcaf.put(sa, scores(5, 5));
  EXPECT_EQ(conflict->status, 403) << conflict->body;
  EXPECT_EQ(json::parse(conflict->body)["field"], "reviewer");
  EXPECT_EQ(agentcaf.put(sb, scores(1, 1))->status, 200);                     // France Travail's: no conflict
  EXPECT_EQ(agentcaf.put(sb, json{{"scores", json::array()}})->status, 200);  // withdrawn again
  // A criterion of another call, a score out of 0-5.
  auto const bad = agent.put(sa, json{{"scores", {{{"criterion_id", 999999}, {"score", 3}}}}});
  EXPECT_EQ(json::parse(bad->body)["field"], "scores[0].criterion_id");
  EXPECT_EQ(json::parse(agent.put(sa, scores(6, 3))->body)["field"], "score");

  // Hand derivation, weights 60 / 40, totals on 100 = weighted mean of 0-5 scores x 20:
  //   A: agent (5, 3) -> (300 + 120) / 100 x 20 = 84; agent2 (4, 4) -> 80; means (4.5, 3.5) -> 82; spread 4.
  //   B: agent (3, 5) -> (180 + 200) / 100 x 20 = 76; agent2 (3, 2) -> 52; means (3, 3.5) -> 64; spread 24.
  auto const r = json::parse(admin.get("/api/calls/" + c + "/ranking")->body);
  ASSERT_EQ(r["applications"].size(), 2U) << r.dump();
  auto const& first = r["applications"][0];
  auto const& second = r["applications"][1];
  EXPECT_EQ(first["project_title"], "Garage solidaire");
  EXPECT_DOUBLE_EQ(first["total"].get<double>(), 82.0);
  EXPECT_DOUBLE_EQ(first["spread"].get<double>(), 4.0);
  EXPECT_EQ(first["rank"], 1);
  EXPECT_EQ(first["reviewers"], 2);
  EXPECT_DOUBLE_EQ(first["criteria"][0]["mean"].get<double>(), 4.5);
  EXPECT_DOUBLE_EQ(second["total"].get<double>(), 64.0);
  EXPECT_DOUBLE_EQ(second["spread"].get<double>(), 24.0);
  EXPECT_EQ(second["rank"], 2);
  EXPECT_EQ(r["over_envelope"], false);
  // Partners never see the review; the CAF's account sees its own application only.
  auto const caf = login("caf");
  EXPECT_EQ(caf.get("/api/calls/" + c + "/ranking")->status, 403);
  EXPECT_EQ(caf.get(sa)->status, 403);
  auto const own = json::parse(caf.get("/api/calls/" + c + "/applications")->body);
  ASSERT_EQ(own.size(), 1U);
  EXPECT_EQ(own[0]["project_title"], "Garage solidaire");

  // Decisions: 30,000 + 25,000 granted pass the 50,000 envelope: flagged.
  auto const decide = [&](json const& app, std::string const& decision, double granted) {
    auto body = app;
    body["decision"] = decision;
    body["granted"] = granted;
    return admin.put("/api/applications/" + std::to_string(app["id"].get<long long>()), body);
  };
  EXPECT_EQ(json::parse(decide(a, "en_attente", 1000)->body)["field"], "granted");  // not selected
  EXPECT_EQ(json::parse(decide(a, "retenu", 40000)->body)["field"], "granted");     // more than asked
  EXPECT_EQ(decide(a, "retenu", 30000)->status, 200);
  EXPECT_EQ(decide(b, "retenu", 25000)->status, 200);
  auto const over = json::parse(admin.get("/api/calls/" + c + "/ranking")->body);
  EXPECT_EQ(over["over_envelope"], true);
  EXPECT_DOUBLE_EQ(over["granted_total"].get<double>(), 55000.0);
  EXPECT_EQ(decide(b, "retenu", 20000)->status, 200);
  EXPECT_EQ(json::parse(admin.get("/api/calls/" + c + "/ranking")->body)["over_envelope"], false);

  // The selection report, as Markdown and DOCX.
  auto const md = admin.get("/api/calls/" + c + "/report?format=md");
  ASSERT_EQ(md->status, 200);
  EXPECT_NE(md->body.find("| 1 | CAF de la Seine-Saint-Denis | Garage solidaire | 82 | 4 | 2 |"), std::string::npos)
      << md->body;
  EXPECT_NE(md->body.find("**Enveloppe :** 50000,00 € — **Montant attribué :** 50000,00 €"), std::string::npos);
  auto const docx = admin.get("/api/calls/" + c + "/report?format=docx");
  ASSERT_EQ(docx->status, 200) << docx->body;
  EXPECT_EQ(docx->body.substr(0, 2), "PK");

  // The funded application becomes an action with its budget line; the action names the call.
  auto const path = "/api/applications/" + std::to_string(a["id"].get<long long>()) + "/action";
  auto const made = admin.post(path, json::object());
  ASSERT_EQ(made->status, 201) << made->body;
  auto const action_id = json::parse(made->body)["action_id"].get<long long>();
  auto const action = json::parse(admin.get("/api/actions/" + std::to_string(action_id))->body);
  EXPECT_EQ(action["title"], "Garage solidaire");
  EXPECT_EQ(action["objective_id"], objective["id"]);
  EXPECT_EQ(action["partner_ids"], json::array({caf_}));
  ASSERT_EQ(action["budget_lines"].size(), 1U);
  EXPECT_EQ(action["budget_lines"][0]["year"], 2027);
  EXPECT_DOUBLE_EQ(action["budget_lines"][0]["planned"].get<double>(), 30000.0);
  EXPECT_EQ(action["from_call"]["call_id"], call["id"]);
  EXPECT_EQ(admin.post(path, json::object())->status, 409);  // already an action
  auto const refused = decide(b, "refuse", 0);
  EXPECT_EQ(refused->status, 200);
  EXPECT_EQ(
      admin.post("/api/applications/" + std::to_string(b["id"].get<long long>()) + "/action", json::object())->status,
      409);
  // The row shows the action it became; a correction (whose body says null) keeps it.
  EXPECT_EQ(decide(a, "retenu", 30000)->status, 200);
  auto const rows = json::parse(admin.get("/api/calls/" + c + "/applications")->body);
  EXPECT_EQ(rows[0]["action_id"], action_id);
}

// The files of an application (the applicant's project file): attached, listed, downloaded
// byte for byte as a download, seen by the applicant's partner account and by no other, removed.
TEST_P(calls_api, an_application_carries_its_files) {
  auto const admin = login("admin");
  auto const call = created_row(admin, "/api/calls", {{"title", "Appel"}, {"status", "ouvert"}});
  auto const app = created_row(admin, "/api/calls/" + std::to_string(call["id"].get<long long>()) + "/applications",
                               {{"organisation_id", caf_},
                                {"project_title", "Garage solidaire"},
                                {"eligibility", "a_verifier"},
                                {"decision", "en_attente"}});
  auto const files = "/api/applications/" + std::to_string(app["id"].get<long long>()) + "/files";
  // "Budget prévisionnel\n" in base64, worked out by hand from its UTF-8 bytes.
  auto const f = created_row(
      admin, files,
      {{"name", "budget.csv"}, {"content_type", "text/csv"}, {"content_base64", "QnVkZ2V0IHByw6l2aXNpb25uZWwK"}});
  EXPECT_EQ(f["size"], 21);  // 19 characters, é in two bytes, the newline
  auto const file = "/api/application-files/" + std::to_string(f["id"].get<long long>());
  auto const got = admin.get(file);
  ASSERT_EQ(got->status, 200);
  EXPECT_EQ(got->body, "Budget prévisionnel\n");
  EXPECT_EQ(got->get_header_value("Content-Type"), "application/octet-stream");
  EXPECT_EQ(got->get_header_value("Content-Disposition"), "attachment; filename=\"budget.csv\"");
  EXPECT_EQ(admin.post(files, {{"name", "../x"}, {"content_type", "text/plain"}, {"content_base64", "eA=="}})->status,
            400);
  // The CAF's partner account sees its application's files.
  auto const caf = login("caf");
  EXPECT_EQ(json::parse(caf.get(files)->body).size(), 1U);
  EXPECT_EQ(caf.get(file)->status, 200);
  // France Travail's application and its file are hidden from it, answered as missing.
  auto const other = created_row(admin, "/api/calls/" + std::to_string(call["id"].get<long long>()) + "/applications",
                                 {{"organisation_id", ft_},
                                  {"project_title", "Auto-école sociale"},
                                  {"eligibility", "a_verifier"},
                                  {"decision", "en_attente"}});
  auto const other_files = "/api/applications/" + std::to_string(other["id"].get<long long>()) + "/files";
  auto const hidden =
      created_row(admin, other_files, {{"name", "ft.txt"}, {"content_type", "text/plain"}, {"content_base64", "eA=="}});
  auto const hidden_path = "/api/application-files/" + std::to_string(hidden["id"].get<long long>());
  EXPECT_EQ(caf.get(other_files)->status, 404);
  EXPECT_EQ(caf.get(hidden_path)->status, 404);
  EXPECT_EQ(caf.del(hidden_path)->status, 403);  // partner accounts change nothing
  EXPECT_EQ(admin.get("/api/application-files/999999")->status, 404);

  EXPECT_EQ(admin.del(file)->status, 204);
  EXPECT_EQ(json::parse(admin.get(files)->body).size(), 0U);
  EXPECT_EQ(admin.get(file)->status, 404);
}

INSTANTIATE_TEST_SUITE_P(backends, calls_api, ::testing::Values("sqlite", "postgresql"),
                         [](auto const& info) { return info.param; });

}  // namespace
}  // namespace solimob::server
