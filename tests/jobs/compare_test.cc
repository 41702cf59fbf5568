// `solimob compare` (src/jobs/compare_job.cc) end to end through its output files, on the two lines of
// support/two_lines.h. Origins A (population 100, of whom 40 seniors) and D (50, no senior);
// opportunities B (10 jobs) and E (5 jobs). The walk profile, departure 08:00, one minute, 200
// frequency draws; points stand on their stops.
//
// Baseline: A reaches B by T1 (SA 08:10 -> SB 08:30): 30 min; E is out of reach. D reaches E by the
// frequency line F (every 600 s, a drawn phase): its time tD is below 21 min and no scenario touches F.
// Scenario "Express": a trip SA 08:05 -> SB 08:10: A reaches B in 10 min. Scenario "Sans R": route R
// removed: A reaches nothing, which counts as --max-time (120 min) in the comparison.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "gtfs/report.h"
#include "io/file_util.h"
#include "jobs/compare_job.h"
#include "support/access_setup.h"
#include "support/csv_rows.h"
#include "support/temp_dir.h"
#include "support/travel_params.h"
#include "support/two_lines.h"

namespace solimob::test {
namespace {

struct compare_case {
  compare_case() : map_{two_lines_map()} {
    auto const net = two_lines_network(map_);
    auto const at = [&](char c) { return lon_lat(map_, c); };
    dir_.file("o.csv", "id,lon,lat,population,seniors\nA," + at('A') + ",100,40\nD," + at('D') + ",50,0\n");
    dir_.file("d.csv", "id,lon,lat,jobs\nB," + at('B') + ",10\nE," + at('E') + ",5\n");
    dir_.file("zones.geojson", two_lines_zones(map_));
    dir_.file("express.json", R"({"name": "Express", "modifications": [{"type": "add-trips", "stops": [{"id": "0:SA"},
        {"id": "0:SB"}], "hop_times": [300], "frequencies": [{"first_departures": ["08:05"]}]}]})");
    dir_.file("sans_r.json", R"({"name": "Sans R", "modifications": [{"type": "remove-trips", "routes": ["0:R"]}]})");

    job_.access_ = access_job_on(net, dir_.path_, {"population", "seniors"});
    auto& a = job_.access_;
    a.opportunity_fields_ = {"jobs"};
    a.params_.travel_ = one_minute_params("walk");
    a.params_.cutoffs_min_ = {20};
    a.params_.nearest_ = {1};
    a.publics_ = {jobs::parse_public("seniors=seniors:walk", "")};
    a.zones_ = (dir_.path_ / "zones.geojson").string();
    a.zone_name_field_ = "nom";
    a.out_ = (dir_.path_ / "cmp.csv").string();
    job_.scenarios_ = {(dir_.path_ / "express.json").string(), (dir_.path_ / "sans_r.json").string()};
    job_.beyond_minutes_ = 25;
  }

  std::vector<std::map<std::string, std::string>> rows(char const* table) const {
    return read_csv_rows(dir_.path_ / (*table == 0 ? std::string{"cmp.csv"} : std::string{"cmp_"} + table + ".csv"));
  }

  temp_dir dir_;
  ascii_network map_;
  jobs::compare_job job_;
};

// The row of `rows` whose cells match every (column, value) of `key`.
std::map<std::string, std::string> const& find(std::vector<std::map<std::string, std::string>> const& rows,
                                               std::map<std::string, std::string> const& key) {
  for (auto const& r : rows) {
    if (std::all_of(begin(key), end(key), [&](auto const& kv) { return r.at(kv.first) == kv.second; })) {
      return r;
    }
  }
  static std::map<std::string, std::string> const kNone;
  ADD_FAILURE() << "no row";
  return kNone;
}

double num(std::map<std::string, std::string> const& row, std::string const& col) {
  auto const it = row.find(col);
  return it == end(row) || it->second.empty() ? std::nan("") : std::stod(it->second);
}

TEST(compare, who_gains_by_public_decile_and_zone) {
  compare_case c;
  std::ostringstream log;
  jobs::run(c.job_, log);
  auto const nearest = std::string{"jobs_nearest1_min_p50"}, step = std::string{"jobs_step_20_p50"};

  auto const summary = c.rows("summary");
  // Express against the baseline, everyone: A's time 30 -> 10 (weight 100 of 150), D's unchanged.
  auto const& en = find(
      summary, {{"scenario", "Express"}, {"compared_to", "baseline"}, {"public", "ensemble"}, {"indicator", nearest}});
  EXPECT_EQ(num(en, "population"), 150);
  EXPECT_NEAR(num(en, "mean_change"), 100.0 * (10 - 30) / 150, 1e-9);
  EXPECT_EQ(num(en, "population_gaining"), 100);  // A gains 20 min > 5
  EXPECT_EQ(num(en, "population_losing"), 0);
  // Beyond 25 min: A before (30), nobody after; D's time is below 21 min.
  EXPECT_NEAR(num(en, "share_beyond_before"), 100.0 / 150, 1e-9);
  EXPECT_EQ(num(en, "share_beyond_after"), 0);
  EXPECT_EQ(en.at("better_when"), "lower");
  // The seniors (A's 40): 30 -> 10.
  auto const& sn = find(
      summary, {{"scenario", "Express"}, {"compared_to", "baseline"}, {"public", "seniors"}, {"indicator", nearest}});
  EXPECT_EQ(num(sn, "population"), 40);
  EXPECT_EQ(num(sn, "mean_before"), 30);
  EXPECT_EQ(num(sn, "mean_after"), 10);
  EXPECT_EQ(num(sn, "population_gaining"), 40);
  // Jobs within 20 min: A 0 -> 10.
  auto const& es = find(
      summary, {{"scenario", "Express"}, {"compared_to", "baseline"}, {"public", "ensemble"}, {"indicator", step}});
  EXPECT_NEAR(num(es, "mean_change"), 100.0 * 10 / 150, 1e-9);
  EXPECT_EQ(num(es, "population_gaining"), 100);
  EXPECT_EQ(es.at("better_when"), "higher");
  // Without R, A reaches nothing: 120 min for the comparison, against 30 (baseline) and 10 (Express).
  auto const& rn = find(
      summary, {{"scenario", "Sans R"}, {"compared_to", "baseline"}, {"public", "ensemble"}, {"indicator", nearest}});
  EXPECT_NEAR(num(rn, "mean_change"), 100.0 * (120 - 30) / 150, 1e-9);
  EXPECT_EQ(num(rn, "population_losing"), 100);
  auto const& rx = find(
      summary, {{"scenario", "Sans R"}, {"compared_to", "Express"}, {"public", "ensemble"}, {"indicator", nearest}});
  EXPECT_NEAR(num(rx, "mean_change"), 100.0 * (120 - 10) / 150, 1e-9);

  // Per origin: D is untouched by both scenarios, to the bit; A's change is -20 and +90 minutes.
  auto const origins = c.rows("");
  auto const& a = find(origins, {{"id", "A"}});
  auto const& d = find(origins, {{"id", "D"}});
  EXPECT_EQ(num(a, nearest), 30);
  EXPECT_EQ(num(a, "express_change_" + nearest), -20);
  EXPECT_EQ(num(a, "sans_r_change_" + nearest), 90);
  EXPECT_EQ(num(a, "express_seniors_" + nearest), 10);
  EXPECT_EQ(num(d, "express_" + nearest), num(d, nearest));
  EXPECT_EQ(num(d, "express_change_" + nearest), 0);
  EXPECT_EQ(num(d, "sans_r_change_" + step), 0);

  // Deciles of the baseline value, least served first: A (30 min, 100 people) holds the ranks 0-100 of
  // 150, its middle person in decile 4; D the ranks 100-150, decile 9.
  auto const deciles = c.rows("deciles");
  auto const& d4 = find(deciles, {{"scenario", "Express"},
                                  {"compared_to", "baseline"},
                                  {"public", "ensemble"},
                                  {"indicator", nearest},
                                  {"decile", "4"}});
  EXPECT_EQ(num(d4, "population"), 100);
  EXPECT_EQ(num(d4, "mean_change"), -20);
  auto const& d1 = find(deciles, {{"scenario", "Express"},
                                  {"compared_to", "baseline"},
                                  {"public", "ensemble"},
                                  {"indicator", nearest},
                                  {"decile", "1"}});
  EXPECT_EQ(num(d1, "population"), 0);

  // Zones: Nord gains 20 min (rank 1), Sud nothing.
  auto const zones = c.rows("zones");
  auto const& north = find(zones, {{"scenario", "Express"},
                                   {"compared_to", "baseline"},
                                   {"public", "ensemble"},
                                   {"indicator", nearest},
                                   {"zone_id", "N"}});
  EXPECT_EQ(num(north, "mean_change"), -20);
  EXPECT_EQ(num(north, "gain_rank"), 1);
  auto const& south = find(zones, {{"scenario", "Express"},
                                   {"compared_to", "baseline"},
                                   {"public", "ensemble"},
                                   {"indicator", nearest},
                                   {"zone_id", "S"}});
  EXPECT_EQ(num(south, "mean_change"), 0);
  EXPECT_EQ(num(south, "gain_rank"), 2);

  // The findings say it in French, with the figures.
  auto const text = io::read_file(c.dir_.path_ / "cmp_findings.csv");
  EXPECT_NE(text.find("Scénario « Express » comparé à la situation actuelle :"), std::string::npos) << text;
  EXPECT_NE(text.find("100 personnes gagnent plus de 5 min"), std::string::npos) << text;
  EXPECT_NE(text.find("zones qui gagnent le plus : Nord (-20,0)"), std::string::npos) << text;
  EXPECT_NE(text.find("Scénario « Sans R » comparé à « Express »"), std::string::npos) << text;
}

TEST(compare, results_do_not_depend_on_the_thread_count_and_speak_english) {
  compare_case c;
  c.job_.lang_ = "en";
  std::ostringstream log;
  jobs::run(c.job_, log);
  std::vector<std::string> one;
  for (auto const* t : {"", "_summary", "_deciles", "_zones", "_findings"}) {
    one.push_back(io::read_file(c.dir_.path_ / (std::string{"cmp"} + t + ".csv")));
  }
  c.job_.access_.params_.travel_.threads_ = 2;
  jobs::run(c.job_, log);
  auto i = 0U;
  for (auto const* t : {"", "_summary", "_deciles", "_zones", "_findings"}) {
    EXPECT_EQ(io::read_file(c.dir_.path_ / (std::string{"cmp"} + t + ".csv")), one[i++]) << t;
  }
  EXPECT_NE(one.back().find("100 people gain more than 5 min"), std::string::npos) << one.back();
  EXPECT_NE(one.back().find("zones gaining most: Nord (-20.0)"), std::string::npos) << one.back();
}

TEST(compare, a_bad_scenario_is_refused_before_any_routing) {
  compare_case c;
  c.dir_.file("bad.json", R"({"modifications": [{"type": "remove-trips", "name": "Ligne X", "routes": ["0:X"]}]})");
  c.job_.scenarios_.push_back((c.dir_.path_ / "bad.json").string());
  std::ostringstream log;
  try {
    jobs::run(c.job_, log);
    FAIL() << "accepted";
  } catch (input_error const& e) {
    EXPECT_NE(std::string{e.what()}.find("modification 0 (Ligne X).routes"), std::string::npos) << e.what();
  }
  EXPECT_EQ(log.str().find("measured"), std::string::npos) << log.str();  // nothing routed
  EXPECT_FALSE(std::filesystem::exists(c.dir_.path_ / "cmp.csv"));
}

// Porto Alegre: Trensurb twice as often (docs/scenarios/poa_trensurb_double.json, a train half-way
// between each two) and a new line of our design (poa_linha_leste.json), for everyone and for the
// elderly with their profile. Both only add trips: no sample can get slower (RAPTOR's earliest
// arrival over a superset of trips), so no origin may lose and, with departures from 14:00 to 14:09,
// some must gain (Trensurb runs every 5-10 min there; the new line every 5).
TEST(compare, poa_added_trips_make_nobody_lose_and_gains_are_reported_by_decile) {
  auto const poa = poa_dir();
  if (poa.empty()) {
    GTEST_SKIP() << "skipped: ../shared/data/poa is absent";
  }
  temp_dir dir;
  gtfs::report r;
  auto const net = network::build(poa / "poa_osm.pbf", {poa / "poa_eptc.zip", poa / "poa_trensurb.zip"}, {}, r);
  jobs::compare_job job;
  job.access_ = access_job_on(net, dir.path_, {"population"});
  auto& a = job.access_;
  a.origins_ = a.opportunities_ = (poa / "poa_hexgrid.csv").string();
  a.opportunity_fields_ = {"jobs"};
  a.params_.travel_ = one_minute_params("walk");
  a.params_.travel_.day_ = parse_date_time("2019-05-13 14:00")->day_;
  a.params_.travel_.departure_ = 14 * 3600;
  a.params_.travel_.window_min_ = 10;
  a.params_.travel_.frequency_draws_ = 1;  // the new line's phase: one draw per minute
  a.params_.travel_.threads_ = 0;
  a.params_.cutoffs_min_ = {45};
  a.params_.nearest_ = {1};
  a.publics_ = {jobs::parse_public("idosos=population:elderly", "")};
  a.out_ = (dir.path_ / "cmp.csv").string();
  auto const docs = std::filesystem::path{SOLIMOB_DOCS_DIR} / "scenarios";
  job.scenarios_ = {(docs / "poa_trensurb_double.json").string(), (docs / "poa_linha_leste.json").string()};
  std::ostringstream log;
  jobs::run(job, log);

  auto const origins = read_csv_rows(dir.path_ / "cmp.csv");
  ASSERT_EQ(origins.size(), 1227U);
  for (auto const* s : {"trensurb_x2", "linha_leste"}) {
    auto gaining = 0;
    for (auto const* set : {"", "idosos_"}) {
      for (auto const& row : origins) {
        auto const jobs = num(row, std::string{s} + "_change_" + set + "jobs_step_45_p50");
        auto const nearest = num(row, std::string{s} + "_change_" + set + "jobs_nearest1_min_p50");
        if (!std::isnan(jobs)) {
          EXPECT_GE(jobs, 0) << s << " " << set << " " << row.at("id");
          gaining += jobs > 0 ? 1 : 0;
        }
        if (!std::isnan(nearest)) {
          EXPECT_LE(nearest, 0) << s << " " << set << " " << row.at("id");
        }
      }
    }
    EXPECT_GT(gaining, 0) << s;
  }
  auto const summary = read_csv_rows(dir.path_ / "cmp_summary.csv");
  for (auto const& row : summary) {
    if (row.at("compared_to") == "baseline") {
      EXPECT_EQ(num(row, "population_losing"), 0) << row.at("scenario") << " " << row.at("indicator");
    }
  }
  // 3 pairs (each scenario against the baseline, the second against the first) x 2 publics x 2
  // indicators x 10 deciles; printed for the record.
  auto const deciles = read_csv_rows(dir.path_ / "cmp_deciles.csv");
  EXPECT_EQ(deciles.size(), 3U * 2 * 2 * 10);
  for (auto const& row : deciles) {
    if (row.at("compared_to") == "baseline" && row.at("indicator") == "jobs_step_45_p50") {
      std::cout << row.at("scenario") << ", " << row.at("public") << ", decile " << row.at("decile") << ": population "
                << row.at("population") << ", jobs within 45 min " << row.at("mean_before") << " -> "
                << row.at("mean_after") << "\n";
    }
  }
}

}  // namespace
}  // namespace solimob::test
