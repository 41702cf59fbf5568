// The analysis routes (docs/API.md, "Analyses") on the generated demo territory, against a real server:
// what they answer, how they refuse bad input, and — the reference — the `solimob` binary's own
// `access` and `isochrone` commands run on the same inputs.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <thread>

#include <httplib.h>
#include <soci/soci.h>
#include <nlohmann/json.hpp>

#include "demo/demo_generator.h"
#include "io/csv_reader.h"
#include "io/file_util.h"
#include "io/vector_io.h"
#include "server/analysis_service.h"
#include "server/auth.h"
#include "server/http_server.h"
#include "server/plan_routes.h"
#include "server/routes/analysis_api.h"
#include "server/server_fixture.h"
#include "support/temp_dir.h"

namespace solimob::server {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

// One territory and one service for the whole file: generating and loading take a few seconds.
struct shared_territory {
  shared_territory() {
    demo::generate(SOLIMOB_DEMO_DIR, dir_.path_ / "t");
    std::ostringstream log;
    service_ = std::make_unique<analysis_service>(config(), analysis_limits{}, log);
  }
  fs::path config() const { return dir_.path_ / "t" / "territory.toml"; }
  test::temp_dir dir_;
  std::unique_ptr<analysis_service> service_;
};

shared_territory& territory() {
  static shared_territory t;
  return t;
}

class analysis_api : public server_test {
 protected:
  void SetUp() override {
    server_test::SetUp();
    if (IsSkipped()) {
      return;
    }
    add_user(*db_, "agent", kPassword, role::kAgent);
    add_user(*db_, "lecteur", kPassword, role::kLecture);
    db_->with_transaction([&](soci::session& sql) {
      long long org = 0;
      sql << "INSERT INTO organisation (name, type) VALUES ('CAF', 'caf') RETURNING id", soci::into(org);
      org_ = org;
    });
    add_user(*db_, "partenaire", kPassword, role::kPartenaire, organisation_id{org_});
    auto* a = territory().service_.get();
    start(test_options(), [a](http_server& s) {
      add_plan_routes(s);  // as `solimob serve --territory` does
      routes::add_analysis_api(s, a);
    });
  }

  httplib::Headers login(std::string const& who) { return server_test::login(who).headers(); }

  json get(httplib::Headers const& h, std::string const& path, int expected = 200) {
    auto const r = client_->Get(path, h);
    EXPECT_EQ(r->status, expected) << path << ": " << r->body.substr(0, 300);
    return r->body.empty() || (r->body[0] != '{' && r->body[0] != '[') ? json{} : json::parse(r->body);
  }

  // Submits a job and polls it until it has ended.
  json run_job(httplib::Headers const& h, json const& body) {
    auto const r = client_->Post("/api/analysis/jobs", h, body.dump(), "application/json");
    EXPECT_TRUE(r->status == 200 || r->status == 202) << r->body;
    auto const id = json::parse(r->body)["id"].get<std::string>();
    for (auto i = 0; i != 600; ++i) {
      auto j = get(h, "/api/analysis/jobs/" + id);
      if (j["status"] != "queued" && j["status"] != "running") {
        return j;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds{100});
    }
    ADD_FAILURE() << "job " << id << " did not end in 60 s";
    return {};
  }

  long long org_ = 0;
};

INSTANTIATE_TEST_SUITE_P(sqlite, analysis_api, ::testing::Values("sqlite"));

TEST_P(analysis_api, describes_the_territory_and_keeps_partners_out) {
  auto const h = login("lecteur");
  auto const d = get(h, "/api/analysis/territory");
  EXPECT_EQ(d["publics"][0]["name"], "all");
  EXPECT_EQ(d["scenarios"][0]["id"], "baseline");
  EXPECT_EQ(d["scenarios"].size(), 6U);  // the demo's five scenarios (demo/..., territory.toml) after the baseline
  EXPECT_FALSE(d["synthetic"].is_null());
  EXPECT_EQ(d["zone_levels"][0]["name"], "commune");
  get(login("partenaire"), "/api/analysis/territory", 403);
  get(login("partenaire"), "/api/analysis/isochrone?lon=2.45&lat=48.91", 403);
  get({}, "/api/analysis/territory", 401);
}

TEST_P(analysis_api, layers_hold_every_cell_service_and_commune) {
  auto const h = login("agent");
  auto const cells = get(h, "/api/analysis/layers/population");
  auto const grid = io::read_layer(territory().dir_.path_ / "t" / "population.gpkg", [] {
    io::read_options o;
    o.id_field_ = "Idcar_200m";
    o.layer_ = "filosofi_200m";
    o.numeric_fields_ = {"Ind"};
    return o;
  }());
  ASSERT_EQ(cells["features"].size(), grid.ids_.size());
  EXPECT_EQ(cells["features"][7]["properties"]["i"], 7);
  EXPECT_EQ(cells["features"][7]["properties"]["id"], grid.ids_[7]);
  EXPECT_DOUBLE_EQ(cells["features"][7]["properties"]["all"].get<double>(), std::round(grid.numeric_[0][7] * 10) / 10);
  // The 39 communes of the département (demo/communes-93.csv).
  EXPECT_EQ(get(h, "/api/analysis/layers/zones/commune")["features"].size(), 39U);
  auto const health = get(h, "/api/analysis/layers/services?category=D108")["features"];
  ASSERT_FALSE(health.empty());
  for (auto const& f : health) {
    EXPECT_EQ(f["properties"]["category"], "D108");
  }
  auto const net = get(h, "/api/analysis/layers/network")["features"];
  auto lines = 0, stops = 0;
  for (auto const& f : net) {
    lines += f["properties"]["kind"] == "line" ? 1 : 0;
    stops += f["properties"]["kind"] == "stop" ? 1 : 0;
  }
  EXPECT_GT(lines, 10);
  EXPECT_GT(stops, 100);
  EXPECT_FALSE(get(h, "/api/analysis/layers/on-demand")["features"].empty());
  get(h, "/api/analysis/layers/nothing", 404);
  get(h, "/api/analysis/layers/zones/nothing", 404);
  get(h, "/api/analysis/layers/services?category=NOPE", 400);
}

TEST_P(analysis_api, isochrones_are_nested_and_match_the_command_line) {
  auto const h = login("agent");
  // Bobigny, near its town hall: well inside the network.
  auto const iso = get(h, "/api/analysis/isochrone?lon=2.4397&lat=48.9079&cutoffs=15,30,45&departure=2026-11-24T08:00");
  ASSERT_EQ(iso["features"].size(), 3U);
  auto last = 0.0;
  for (auto i = 0U; i != 3U; ++i) {
    auto const& p = iso["features"][i]["properties"];
    EXPECT_EQ(p["cutoff_min"], 15 * (i + 1));
    EXPECT_GT(p["area_km2"].get<double>(), last);
    last = p["area_km2"].get<double>();
  }
  // The reference: `solimob isochrone` on the same inputs (its own grid, centred on the point, so cell
  // edges differ: areas agree to a few cells).
  auto const t = territory().dir_.path_ / "t";
  auto const out = territory().dir_.path_ / "iso.geojson";
  auto const cmd = std::string{SOLIMOB_BINARY} + " isochrone --osm '" + (t / "streets.osm.pbf").string() +
                   "' --gtfs '" + (t / "gtfs.zip").string() + "' --on-demand '" + (t / "on_demand.json").string() +
                   "' --departure '2026-11-24 08:00' --window 10 --from 2.4397,48.9079 --cutoffs 15,30,45 "
                   "--resolution 200 --frequency-draws 1 --threads 1 --out '" +
                   out.string() + "' 2>/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  auto const ref = json::parse(io::read_file(out));
  ASSERT_EQ(ref["features"].size(), 3U);
  for (auto i = 0U; i != 3U; ++i) {
    auto const a = iso["features"][i]["properties"]["area_km2"].get<double>();
    auto const b = ref["features"][i]["properties"]["area_km2"].get<double>();
    EXPECT_NEAR(a, b, 0.1 * b + 0.2) << "cutoff " << 15 * (i + 1);
  }
}

TEST_P(analysis_api, bad_questions_are_refused_naming_the_parameter) {
  auto const h = login("agent");
  auto const field = [&](std::string const& q) {
    return get(h, "/api/analysis/isochrone?" + q, 400)["field"].get<std::string>();
  };
  EXPECT_EQ(field("lon=200&lat=48.9"), "lon");
  EXPECT_EQ(field("lat=48.9"), "lon");
  EXPECT_EQ(field("lon=2.44&lat=abc"), "lat");
  EXPECT_EQ(field("lon=-60&lat=-30"), "lon");  // far from every street of the territory
  EXPECT_EQ(field("lon=2.44&lat=48.9&cutoffs=30,15"), "cutoffs");
  EXPECT_EQ(field("lon=2.44&lat=48.9&cutoffs=15,200"), "cutoffs");
  EXPECT_EQ(field("lon=2.44&lat=48.9&cutoffs=1,2,3,4,5,6,7"), "cutoffs");
  EXPECT_EQ(field("lon=2.44&lat=48.9&profile=rocket"), "profile");
  EXPECT_EQ(field("lon=2.44&lat=48.9&departure=tomorrow"), "departure");
  EXPECT_EQ(field("lon=2.44&lat=48.9&window=0"), "window");
  EXPECT_EQ(field("lon=2.44&lat=48.9&scenario=99"), "scenario");
  auto const r = client_->Post("/api/analysis/jobs", h, R"({"public":"martians"})", "application/json");
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["field"], "public");
  get(h, "/api/analysis/jobs/0123456789abcdef", 404);
}

TEST_P(analysis_api, travel_times_from_a_point_reach_cells_and_services_fastest_first) {
  auto const h = login("agent");
  auto const fp = get(h, "/api/analysis/from-point?lon=2.4397&lat=48.9079");
  auto const cells = get(h, "/api/analysis/layers/population")["features"].size();
  ASSERT_EQ(fp["minutes"].size(), cells);
  auto reached = 0U;
  for (auto const& m : fp["minutes"]) {
    reached += m.is_number() ? 1 : 0;
  }
  EXPECT_GT(reached, cells / 2);
  ASSERT_GT(fp["services"].size(), 10U);
  for (auto i = 1U; i != fp["services"].size(); ++i) {
    EXPECT_LE(fp["services"][i - 1]["minutes"].get<double>(), fp["services"][i]["minutes"].get<double>());
  }
}

// The access job's per-cell values are those of `solimob access` run on the same inputs with the same
// parameters (the CLI's own reading of the files and its own column naming).
TEST_P(analysis_api, access_job_equals_the_command_line_access_and_is_cached) {
  auto const h = login("lecteur");  // reading roles may compute
  auto const started = std::chrono::steady_clock::now();
  auto const job = run_job(h, {{"kind", "access"}, {"public", "seniors"}, {"category", "D108"}});
  ASSERT_EQ(job["status"], "done") << job.dump().substr(0, 300);
  auto const& r = job["result"];
  EXPECT_EQ(r["params"]["profile"], "elderly");
  EXPECT_EQ(r["provenance"]["version"].get<std::string>().rfind("solimob ", 0), 0U);
  EXPECT_FALSE(r["provenance"]["inputs"].empty());
  // Cached: the same question answers at once with the same job.
  auto const again = client_->Post("/api/analysis/jobs", h, json{{"public", "seniors"}, {"category", "D108"}}.dump(),
                                   "application/json");
  EXPECT_EQ(again->status, 200);
  EXPECT_EQ(json::parse(again->body)["id"], job["id"]);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds{60});

  auto const t = territory().dir_.path_ / "t";
  auto const out = territory().dir_.path_ / "access.csv";
  auto const cmd = std::string{SOLIMOB_BINARY} + " access --osm '" + (t / "streets.osm.pbf").string() + "' --gtfs '" +
                   (t / "gtfs.zip").string() + "' --on-demand '" + (t / "on_demand.json").string() +
                   "' --departure '2026-11-24 08:00' --window 30 --max-time 90 --frequency-draws 1 --profile elderly "
                   "--origins '" +
                   (t / "population.gpkg").string() +
                   "' --origins-id Idcar_200m --population-field Ind_65p --opportunities '" +
                   (t / "equipements.csv").string() +
                   "' --category-field TYPEQU --category D108 --nearest 1 --cutoffs 30,45 --threads 1 --out '" +
                   out.string() + "' 2>/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  auto const text = io::read_file(out);
  io::csv_reader csv{"access.csv", text};
  auto const nearest = csv.required_column("d108_nearest1_min_p50");
  auto const within = csv.required_column("d108_step_30_p50");
  auto const& cells = r["cells"];
  auto row = 0U, compared = 0U;
  while (csv.next()) {
    auto const n = csv.field(nearest);
    if (!n.empty()) {
      EXPECT_NEAR(cells["nearest"][row].get<double>(), std::stod(std::string{n}), 0.051) << "row " << row;
      ++compared;
    } else {
      // Nothing reached within the trip limit: the job gives the limit (or null when not linked).
      EXPECT_TRUE(cells["nearest"][row].is_null() || cells["nearest"][row] == 90.0) << "row " << row;
    }
    auto const w = csv.field(within);
    if (!w.empty()) {
      EXPECT_NEAR(cells["within_30"][row].get<double>(), std::stod(std::string{w}), 0.01) << "row " << row;
    }
    ++row;
  }
  EXPECT_EQ(row, cells["nearest"].size());
  EXPECT_GT(compared, row / 2);
  // The summary from the cells: the share of the public under 30 min, recomputed here by hand.
  auto under = 0.0, all = 0.0;
  for (auto o = 0U; o != row; ++o) {
    if (cells["nearest"][o].is_number()) {
      all += r["weights"][o].get<double>();
      under += cells["nearest"][o].get<double>() < 30.0 ? r["weights"][o].get<double>() : 0.0;
    }
  }
  EXPECT_NEAR(r["summary"]["share_within"]["30"].get<double>(), under / all, 0.002);
  // Each zone level partitions the cells it contains: the communes' populations add up to the public's.
  auto communes = 0.0;
  for (auto const& z : r["zones"]["commune"]) {
    communes += z["population"].get<double>();
  }
  EXPECT_NEAR(communes, r["summary"]["population"].get<double>(), 1.0);
}

TEST_P(analysis_api, a_scenario_job_gives_its_difference_to_the_baseline) {
  auto const h = login("agent");
  // Scenario 1 of the demo: the new metro line 15 East (faster trips, never slower ones on average).
  auto const job = run_job(h, {{"public", "all"}, {"category", "A122"}, {"scenario", "1"}});
  ASSERT_EQ(job["status"], "done") << job.dump().substr(0, 300);
  auto const& r = job["result"];
  ASSERT_TRUE(r["baseline"].is_object());
  auto const& s = r["cells"]["nearest"];
  auto const& b = r["baseline"]["cells"]["nearest"];
  auto const& d = r["difference"]["cells"]["nearest"];
  auto gainers = 0.0;
  for (auto o = 0U; o != s.size(); ++o) {
    if (s[o].is_number() && b[o].is_number()) {
      EXPECT_NEAR(d[o].get<double>(), s[o].get<double>() - b[o].get<double>(), 0.11) << "cell " << o;
      gainers += d[o].get<double>() <= -1.0 ? r["weights"][o].get<double>() : 0.0;
    }
  }
  EXPECT_GT(gainers, 0.0);
  EXPECT_NEAR(r["difference"]["gainers"].get<double>(), gainers, 2.0);
  EXPECT_LT(r["difference"]["mean_change_min"].get<double>(), 0.0);
}

TEST_P(analysis_api, jobs_can_be_cancelled_and_results_exported) {
  auto const h = login("agent");
  auto const done = run_job(h, {{"public", "all"}, {"category", "SM_CAF"}});
  ASSERT_EQ(done["status"], "done");
  auto const id = done["id"].get<std::string>();
  auto const gpkg = client_->Get("/api/analysis/jobs/" + id + "/export?format=gpkg", h);
  ASSERT_EQ(gpkg->status, 200);
  auto const file = territory().dir_.path_ / "export.gpkg";
  std::ofstream{file, std::ios::binary} << gpkg->body;
  auto const layers = io::list_layers(file);
  ASSERT_GE(layers.size(), 4U);  // the cells and the three zone levels
  EXPECT_EQ(layers[0].name_, "cellules");
  EXPECT_EQ(layers[0].feature_count_, done["result"]["weights"].size());
  auto const xlsx = client_->Get("/api/analysis/jobs/" + id + "/export?format=xlsx", h);
  ASSERT_EQ(xlsx->status, 200);
  EXPECT_EQ(xlsx->body.rfind("PK", 0), 0U);
  auto const geojson = json::parse(client_->Get("/api/analysis/jobs/" + id + "/export?format=geojson", h)->body);
  EXPECT_EQ(geojson["features"].size(), done["result"]["weights"].size());
  EXPECT_EQ(client_->Get("/api/analysis/jobs/" + id + "/export?format=exe", h)->status, 400);

  // A long job (a two-hour window on a scenario and the baseline), cancelled while it waits or runs.
  auto const r = client_->Post("/api/analysis/jobs", h,
                               json{{"public", "all"}, {"category", "D106"}, {"scenario", "2"}, {"window", 120}}.dump(),
                               "application/json");
  ASSERT_EQ(r->status, 202) << r->body;
  auto const long_id = json::parse(r->body)["id"].get<std::string>();
  auto const del = client_->Delete("/api/analysis/jobs/" + long_id, h);
  ASSERT_EQ(del->status, 200) << del->body;
  json st;
  for (auto i = 0; i != 300; ++i) {
    st = get(h, "/api/analysis/jobs/" + long_id);
    if (st["status"] == "cancelled") {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{100});
  }
  EXPECT_EQ(st["status"], "cancelled");
  EXPECT_FALSE(st.contains("result"));
}

// An indicator of the plan fed by the real analysis: its value is the job's share, in percent, and its
// provenance names the territory's network.
TEST_P(analysis_api, an_analysis_feeds_an_indicator_with_its_provenance) {
  auto const h = login("agent");
  auto const created = client_->Post(
      "/api/indicators", h,
      json{{"name", "Part des 65 ans et plus à moins de 30 min d'un centre de santé"},
           {"unit", "%"},
           {"analysis", {{"public", "seniors"}, {"category", "D108"}, {"measure", "share_within"}, {"cutoff", 30}}}}
          .dump(),
      "application/json");
  ASSERT_EQ(created->status, 201) << created->body;
  auto const id = json::parse(created->body)["id"].get<long long>();
  auto const value = client_->Post("/api/indicators/" + std::to_string(id) + "/recompute", h, "", "application/json");
  ASSERT_EQ(value->status, 201) << value->body;
  auto const job = run_job(h, {{"public", "seniors"}, {"category", "D108"}});
  auto const share = job["result"]["summary"]["share_within"]["30"].get<double>();
  EXPECT_NEAR(json::parse(value->body)["value"].get<double>(), 100.0 * share, 1e-9);
  auto const list = get(h, "/api/indicators");
  json const* stored = nullptr;
  for (auto const& i : list) {
    if (i["id"] == id) {
      stored = &i;
    }
  }
  ASSERT_NE(stored, nullptr);
  ASSERT_EQ((*stored)["values"].size(), 1U);
  auto const& prov = (*stored)["values"][0]["provenance"];
  EXPECT_EQ(prov["fingerprint"], get(h, "/api/analysis/territory")["fingerprint"]);
  EXPECT_EQ(prov["measure"], "share_within");
  EXPECT_FALSE(prov["inputs"].empty());
  // Read-only roles read it but may not recompute.
  EXPECT_EQ(
      client_->Post("/api/indicators/" + std::to_string(id) + "/recompute", login("lecteur"), "", "application/json")
          ->status,
      403);
}

TEST_P(analysis_api, without_a_territory_every_route_answers_conflict) {
  stop();
  start(test_options(), [](http_server& s) { routes::add_analysis_api(s, nullptr); });
  auto const h = login("agent");
  get(h, "/api/analysis/territory", 409);
  get(h, "/api/analysis/isochrone?lon=2.44&lat=48.9", 409);
  auto* a = territory().service_.get();
  stop();
  start(test_options(), [a](http_server& s) { routes::add_analysis_api(s, a); });  // the link back for later tests
}

}  // namespace
}  // namespace solimob::server
