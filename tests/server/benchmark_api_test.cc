// Benchmarking through the API on SQLite and PostgreSQL: other territories' plans and measures, the
// side-by-side comparison with our plan by public (expected rows written by hand), its XLSX export
// read back through GDAL, a measure turned into a proposed action.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "io/vector_io.h"
#include "server/workspace_fixture.h"

namespace solimob::server {
namespace {

using json = nlohmann::json;

class benchmark_api : public workspace_test {};

TEST_P(benchmark_api, plans_are_compared_by_public_exported_and_a_measure_becomes_a_proposal) {
  auto const admin = login("admin");
  // Our plan: two actions, one with a budget line.
  auto const ours = created(admin, "/api/actions",
                            {{"title", "Navette seniors"},
                             {"owner_direction", "DTCM"},
                             {"status", "en_cours"},
                             {"publics", "Personnes âgées"},
                             {"partner_ids", json::array()}});
  created(admin, "/api/actions/" + std::to_string(ours) + "/budget-lines",
          {{"year", 2026}, {"direction", "DTCM"}, {"nature", "fonctionnement"}, {"planned", 120000}});
  created(admin, "/api/actions",
          {{"title", "Plateforme mobilité emploi"},
           {"owner_direction", "DTCM"},
           {"status", "proposee"},
           {"publics", "Demandeurs d'emploi"},
           {"partner_ids", json::array()}});
  auto const lyon = created(admin, "/api/benchmark-plans",
                            {{"territory", "Métropole de Lyon"},
                             {"title", "Plan de mobilité solidaire"},
                             {"period", "2021-2026"},
                             {"budget", 5000000}});
  auto const nord = created(admin, "/api/benchmark-plans", {{"territory", "Nord"}, {"title", "Schéma mobilité"}});
  auto const lyon_measures = "/api/benchmark-plans/" + std::to_string(lyon) + "/measures";
  auto const garage = created(
      admin, lyon_measures,
      {{"title", "Garage solidaire"}, {"publics", "demandeurs  d'emploi ; Bénéficiaires du RSA"}, {"budget", 300000}});
  created(admin, lyon_measures, {{"title", "Conseil en mobilité"}, {"publics", "PERSONNES ÂGÉES"}, {"budget", 50000}});
  created(admin, "/api/benchmark-plans/" + std::to_string(nord) + "/measures", {{"title", "Vélos prêtés"}});

  auto const r = admin.get("/api/benchmark/comparison?plans=" + std::to_string(lyon));
  ASSERT_EQ(r->status, 200) << r->body;
  auto const c = json::parse(r->body);
  ASSERT_EQ(c["plans"].size(), 2U);  // ours, then Lyon only
  EXPECT_TRUE(c["plans"][0]["id"].is_null());
  EXPECT_DOUBLE_EQ(c["plans"][0]["budget"].get<double>(), 120000.0);
  EXPECT_EQ(c["plans"][0]["measures"], 2);
  EXPECT_EQ(c["plans"][1]["territory"], "Métropole de Lyon");
  EXPECT_DOUBLE_EQ(c["plans"][1]["measures_budget"].get<double>(), 350000.0);
  // By public, sorted by label (the first plan's spelling); case and doubled spaces folded
  // ("demandeurs  d'emploi", "PERSONNES ÂGÉES").
  json const expected = json::array({
      {{"public", "Bénéficiaires du RSA"}, {"per_plan", {json::array(), {"Garage solidaire"}}}},
      {{"public", "Demandeurs d'emploi"}, {"per_plan", {{"Plateforme mobilité emploi"}, {"Garage solidaire"}}}},
      {{"public", "Personnes âgées"}, {"per_plan", {{"Navette seniors"}, {"Conseil en mobilité"}}}},
  });
  EXPECT_EQ(c["publics"], expected) << c["publics"].dump(1);
  // All plans by default: the Nord's measure without public comes last.
  auto const all = json::parse(admin.get("/api/benchmark/comparison")->body);
  EXPECT_EQ(all["plans"].size(), 3U);
  EXPECT_EQ(all["publics"].back()["public"], "(non précisé)");
  EXPECT_EQ(admin.get("/api/benchmark/comparison?plans=1;DROP")->status, 400);

  // The workbook: a summary and a by-public sheet, a line per plan / per public.
  auto const x = admin.get("/api/benchmark/comparison.xlsx?plans=" + std::to_string(lyon));
  ASSERT_EQ(x->status, 200);
  auto const path = std::filesystem::path{scratch_->dir()} / "parangonnage.xlsx";
  std::ofstream{path, std::ios::binary} << x->body;
  auto const layers = io::list_layers(path);
  ASSERT_EQ(layers.size(), 2U);
  EXPECT_EQ(layers[0].name_, "Synthese");
  EXPECT_EQ(layers[0].feature_count_, 2U);
  EXPECT_EQ(layers[1].name_, "Par public");
  EXPECT_EQ(layers[1].feature_count_, 3U);

  // A measure becomes a proposed action of ours, once.
  auto const proposal = admin.post("/api/benchmark-measures/" + std::to_string(garage) + "/proposal", json::object());
  ASSERT_EQ(proposal->status, 201) << proposal->body;
  auto const action = json::parse(proposal->body)["action_id"].get<long long>();
  auto const a = json::parse(admin.get("/api/actions/" + std::to_string(action))->body);
  EXPECT_EQ(a["title"], "Garage solidaire");
  EXPECT_EQ(a["status"], "proposee");
  EXPECT_EQ(a["publics"], "demandeurs  d'emploi ; Bénéficiaires du RSA");
  EXPECT_EQ(admin.post("/api/benchmark-measures/" + std::to_string(garage) + "/proposal", json::object())->status, 409);
  auto const measures = json::parse(admin.get(lyon_measures)->body);
  ASSERT_EQ(measures.size(), 2U);
  EXPECT_EQ(measures[0]["title"], "Garage solidaire");  // in creation order
  EXPECT_EQ(measures[0]["proposal_action_id"], action);
  EXPECT_TRUE(measures[1]["proposal_action_id"].is_null());
}

INSTANTIATE_TEST_SUITE_P(backends, benchmark_api, ::testing::Values("sqlite", "postgresql"),
                         [](auto const& info) { return info.param; });

}  // namespace
}  // namespace solimob::server
