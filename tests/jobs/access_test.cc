// Accessibility on a hand-made network and on Porto Alegre; the access / equity / isochrone jobs
// end to end through their output files.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "analysis/accessibility.h"
#include "analysis/matrix.h"
#include "core/error.h"
#include "geometry/geometry.h"
#include "io/file_util.h"
#include "io/vector_io.h"
#include "jobs/access_job.h"
#include "jobs/equity_job.h"
#include "jobs/isochrone_job.h"
#include "support/ascii_network.h"

namespace solimob::test {
namespace {

// Reads a CSV written by a job into rows of cells keyed by column name.
std::vector<std::map<std::string, std::string>> read_csv_rows(std::filesystem::path const& p) {
  std::istringstream in{io::read_file(p)};
  std::vector<std::string> header;
  std::vector<std::map<std::string, std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> cells;
    std::stringstream ss{line};
    for (std::string c; std::getline(ss, c, ',');) {
      cells.push_back(c);
    }
    if (header.empty()) {
      header = cells;
      continue;
    }
    std::map<std::string, std::string> row;
    for (auto i = 0U; i != header.size(); ++i) {
      row[header[i]] = i < cells.size() ? cells[i] : "";
    }
    rows.push_back(row);
  }
  return rows;
}

// Walking only, 1 m/s: A-B 400 m (6 min 40 s), A-C 800 m (13 min 20 s).
struct walk_fixture {
  walk_fixture() : map_{"A---B---C"} {
    auto f = base_feed(map_, {{"SA", 'A'}});
    f["routes.txt"] = "route_id,route_short_name,route_type\nR,1,3\n";
    f["trips.txt"] = "route_id,service_id,trip_id\nR,WK,T1\n";
    f["stop_times.txt"] =
        "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,SA,1\n"
        "T1,08:05:00,08:05:00,SA,2\n";
    net_ = network::assemble(map_.graph(), {load_feed(f)}, {});
    p_.travel_.day_ = parse_date_time("2026-11-24 08:00")->day_;
    p_.travel_.departure_ = 8 * 3600;
    p_.travel_.window_min_ = 1;
    p_.travel_.mode_ = analysis::mode::kWalk;
  }
  ascii_network map_;
  network::network net_;
  analysis::access_params p_;
};

TEST(accessibility, cumulative_nearest_gravity_and_fca_by_hand) {
  walk_fixture w;
  auto p = w.p_;
  p.cutoffs_min_ = {10, 15};
  p.nearest_ = {1, 5};
  p.gravity_beta_ = 1.0;
  p.fca_ = {analysis::fca_method::kTwoStep};
  std::vector<analysis::point> const origins{w.map_.point('A')};
  std::vector<analysis::point> const dests{w.map_.point('B'), w.map_.point('C')};
  std::vector<analysis::opportunity_field> const fields{{"jobs", {10.0, 100.0}}};
  std::vector<double> const demand{50.0};
  auto const t = analysis::compute_accessibility(w.net_, origins, dests, fields, demand, {}, p);
  ASSERT_EQ(t.columns_, (std::vector<std::string>{"jobs_step_10_p50", "jobs_step_15_p50", "jobs_nearest1_min_p50",
                                                  "jobs_nearest5_min_p50", "jobs_gravity_p50", "jobs_2sfca_10_p50",
                                                  "jobs_2sfca_15_p50"}));
  EXPECT_DOUBLE_EQ(t.at(0, 0), 10.0);   // B in 400 s < 600 s
  EXPECT_DOUBLE_EQ(t.at(0, 1), 110.0);  // B and C (800 s < 900 s)
  EXPECT_DOUBLE_EQ(t.at(0, 2), 6.0);    // nearest: B, 6 min 40 s -> 6
  EXPECT_DOUBLE_EQ(t.at(0, 3), 6.0);    // 5 jobs are reached at B already (weight 10)
  EXPECT_NEAR(t.at(0, 4), 10.0 / (400.0 / 60.0) + 100.0 / (800.0 / 60.0), 1e-9);  // t in minutes
  // 2SFCA, catchment 10 min: only B; R_B = 10 / 50; A = 0.2. 15 min: R_B = 10/50, R_C = 100/50.
  EXPECT_NEAR(t.at(0, 5), 0.2, 1e-12);
  EXPECT_NEAR(t.at(0, 6), 0.2 + 2.0, 1e-12);
}

TEST(accessibility, decay_columns_and_unlinked_origins) {
  walk_fixture w;
  auto p = w.p_;
  p.decay_ = analysis::decay_kind::kExponential;
  p.cutoffs_min_ = {20};
  std::vector<analysis::point> const origins{w.map_.point('A'), {"far", {48.0, 2.0}}};
  std::vector<analysis::point> const dests{w.map_.point('C')};
  std::vector<analysis::opportunity_field> const fields{{"health", {4.0}}};
  auto const t = analysis::compute_accessibility(w.net_, origins, dests, fields, {}, {}, p);
  ASSERT_EQ(t.columns_, std::vector<std::string>{"health_exponential_20_p50"});
  EXPECT_NEAR(t.at(0, 0), 4.0 * std::pow(0.5, 800.0 / 1200.0), 1e-9);  // half-life 20 min, t = 800 s
  EXPECT_TRUE(std::isnan(t.at(1, 0)));
  EXPECT_EQ(t.summary_.unlinked_origins_, std::vector<std::size_t>{1});
}

TEST(accessibility, zones_aggregate_population_weighted_means) {
  walk_fixture w;
  temp_dir dir;
  // Origins: A (pop 100) and B (pop 300) in zone Z1, C (pop 50) in zone Z2.
  auto const write_points = [&](std::string const& name, std::string const& header, std::vector<std::string> rows) {
    std::ofstream out{dir.path_ / name};
    out.precision(10);
    out << header << '\n';
    for (auto const& r : rows) {
      out << r << '\n';
    }
  };
  auto const ll = [&](char c) {
    std::ostringstream s;
    s.precision(10);
    s << w.map_.pos(c).lng_ << ',' << w.map_.pos(c).lat_;
    return s.str();
  };
  write_points("o.csv", "id,lon,lat,population,seniors",
               {"a," + ll('A') + ",100,10", "b," + ll('B') + ",300,0", "c," + ll('C') + ",50,50"});
  write_points("d.csv", "id,lon,lat,jobs", {"jb," + ll('B') + ",8"});
  auto const mid_ab = (w.map_.pos('A').lng_ + w.map_.pos('B').lng_) / 2;
  auto const x_c = w.map_.pos('C').lng_;
  std::ostringstream zones;
  zones.precision(10);
  auto const lat = w.map_.pos('A').lat_;
  zones
      << R"({"type":"FeatureCollection","features":[)"
      << R"({"type":"Feature","properties":{"code":"Z1","nom":"Zone 1"},"geometry":{"type":"Polygon","coordinates":[[)"
      << "[" << w.map_.pos('A').lng_ - 0.01 << "," << lat - 0.01 << "],[" << mid_ab + 0.003 << "," << lat - 0.01
      << "],[" << mid_ab + 0.003 << "," << lat + 0.01 << "],[" << w.map_.pos('A').lng_ - 0.01 << "," << lat + 0.01
      << "],[" << w.map_.pos('A').lng_ - 0.01 << "," << lat - 0.01 << "]]]}},"
      << R"({"type":"Feature","properties":{"code":"Z2","nom":"Zone 2"},"geometry":{"type":"Polygon","coordinates":[[)"
      << "[" << mid_ab + 0.003 << "," << lat - 0.01 << "],[" << x_c + 0.01 << "," << lat - 0.01 << "],[" << x_c + 0.01
      << "," << lat + 0.01 << "],[" << mid_ab + 0.003 << "," << lat + 0.01 << "],[" << mid_ab + 0.003 << ","
      << lat - 0.01 << "]]]}}]}";
  std::ofstream{dir.path_ / "zones.geojson"} << zones.str();

  network::save(w.net_, dir.path_ / "n.net");
  jobs::access_job job;
  job.network_.network_ = (dir.path_ / "n.net").string();
  job.origins_ = (dir.path_ / "o.csv").string();
  job.population_fields_ = {"population", "seniors"};
  job.opportunities_ = (dir.path_ / "d.csv").string();
  job.opportunity_fields_ = {"jobs"};
  job.zones_ = (dir.path_ / "zones.geojson").string();
  job.zone_id_field_ = "code";
  job.zone_name_field_ = "nom";
  job.params_ = w.p_;
  job.params_.cutoffs_min_ = {10};
  job.out_ = (dir.path_ / "access.gpkg").string();
  std::ostringstream log;
  jobs::run(job, log);

  io::read_options zopt;
  zopt.id_field_ = "zone_id";
  zopt.layer_ = "zones";
  zopt.numeric_fields_ = {"population", "seniors", "jobs_step_10_p50"};
  auto const z = io::read_layer(job.out_, zopt);
  ASSERT_EQ(z.ids_, (std::vector<std::string>{"Z1", "Z2"}));
  // A and B reach the 8 jobs at B (0 and 400 m), C is 400 m away too: every origin has 8.
  EXPECT_DOUBLE_EQ(z.numeric_[0][0], 400.0);
  EXPECT_DOUBLE_EQ(z.numeric_[1][0], 10.0);
  EXPECT_DOUBLE_EQ(z.numeric_[0][1], 50.0);
  EXPECT_DOUBLE_EQ(z.numeric_[2][0], 8.0);

  io::read_options gopt;
  gopt.id_field_ = "fid";
  gopt.layer_ = "groups";
  gopt.text_fields_ = {"indicator", "group"};
  gopt.numeric_fields_ = {"population", "mean"};
  gopt.require_positions_ = false;
  auto const g = io::read_layer(job.out_, gopt);
  // Seniors: 10 at A, 50 at C; everyone reaches the 8 jobs: mean 8, no gap.
  ASSERT_EQ(g.text_[1][1], "seniors");
  EXPECT_DOUBLE_EQ(g.numeric_[0][1], 60.0);
  EXPECT_DOUBLE_EQ(g.numeric_[1][1], 8.0);
}

TEST(accessibility, one_field_per_category_when_no_weight_column) {
  walk_fixture w;
  temp_dir dir;
  auto const ll = [&](char c) {
    std::ostringstream s;
    s.precision(10);
    s << w.map_.pos(c).lng_ << ',' << w.map_.pos(c).lat_;
    return s.str();
  };
  std::ofstream{dir.path_ / "o.csv"} << "id,lon,lat,population\na," << ll('A') << ",10\n";
  std::ofstream{dir.path_ / "d.csv"} << "id,lon,lat,typequ\nft1," << ll('B') << ",France Travail\ncs1," << ll('C')
                                     << ",Centre de santé\ncs2," << ll('B') << ",Centre de santé\nx," << ll('B')
                                     << ",Boulangerie\n";
  network::save(w.net_, dir.path_ / "n.net");
  jobs::access_job job;
  job.network_.network_ = (dir.path_ / "n.net").string();
  job.origins_ = (dir.path_ / "o.csv").string();
  job.population_fields_ = {"population"};
  job.opportunities_ = (dir.path_ / "d.csv").string();
  job.category_field_ = "typequ";
  job.categories_ = {"France Travail", "Centre de santé"};
  job.params_ = w.p_;
  job.params_.cutoffs_min_ = {10};
  job.params_.nearest_ = {2};
  job.out_ = (dir.path_ / "out.csv").string();
  std::ostringstream log;
  jobs::run(job, log);
  auto const rows = read_csv_rows(job.out_);
  ASSERT_EQ(rows.size(), 1U);
  // Health centres at B (400 m) and C (800 m): one within 10 min, the second nearest at 13 min.
  EXPECT_EQ(rows[0].at("centre_de_sante_step_10_p50"), "1");
  EXPECT_EQ(rows[0].at("centre_de_sante_nearest2_min_p50"), "13");
  EXPECT_EQ(rows[0].at("france_travail_step_10_p50"), "1");
  EXPECT_EQ(rows[0].at("france_travail_nearest2_min_p50"), "");  // only one agency
  EXPECT_EQ(rows[0].count("boulangerie_step_10_p50"), 0U);       // filtered out
}

TEST(accessibility, bad_inputs_name_file_and_field) {
  walk_fixture w;
  temp_dir dir;
  std::ofstream{dir.path_ / "o.csv"} << "id,lon,lat,population\na,2.4,48.9,12\nb,2.4,48.9,lots\n";
  std::ofstream{dir.path_ / "d.csv"} << "id,lon,lat,jobs\nj,2.4,48.9,3\n";
  network::save(w.net_, dir.path_ / "n.net");
  jobs::access_job job;
  job.network_.network_ = (dir.path_ / "n.net").string();
  job.origins_ = (dir.path_ / "o.csv").string();
  job.population_fields_ = {"population"};
  job.opportunities_ = (dir.path_ / "d.csv").string();
  job.opportunity_fields_ = {"salaries"};
  job.params_ = w.p_;
  job.out_ = (dir.path_ / "out.csv").string();
  std::ostringstream log;
  auto const message = [&]() {
    try {
      jobs::run(job, log);
    } catch (input_error const& e) {
      return std::string{e.what()};
    }
    return std::string{"no error"};
  };
  auto const m1 = message();
  EXPECT_NE(m1.find("o.csv"), std::string::npos) << m1;
  EXPECT_NE(m1.find("population"), std::string::npos) << m1;
  std::ofstream{dir.path_ / "o.csv"} << "id,lon,lat,population\na,2.4,48.9,12\n";
  auto const m2 = message();
  EXPECT_NE(m2.find("d.csv"), std::string::npos) << m2;
  EXPECT_NE(m2.find("salaries"), std::string::npos) << m2;
  EXPECT_FALSE(std::filesystem::exists(dir.path_ / "out.csv"));
}

TEST(equity_job, shares_indices_and_white_zones_by_hand) {
  temp_dir dir;
  // Four places ~500 m apart on a line, 100 residents each; seniors 0, 10, 30, 60. "jobs" is an
  // accessibility count, "health_nearest1_min_p50" minutes to the nearest health centre (empty = none).
  std::ofstream{dir.path_ / "acc.csv"} << "id,lon,lat,population,seniors,jobs,health_nearest1_min_p50\n"
                                          "a,2.400,48.9,100,0,0,10\n"
                                          "b,2.4068,48.9,100,10,10,20\n"
                                          "c,2.4136,48.9,100,30,20,40\n"
                                          "d,2.4204,48.9,100,60,30,\n";
  jobs::equity_job job;
  job.input_ = (dir.path_ / "acc.csv").string();
  job.indicators_ = {"jobs", "health_nearest1_min_p50"};
  job.population_fields_ = {"population", "seniors"};
  job.threshold_ = 30.0;
  job.white_zones_ = (dir.path_ / "white.gpkg").string();
  job.out_ = (dir.path_ / "equity.csv").string();
  std::ostringstream log;
  jobs::run(job, log);

  auto const rows = read_csv_rows(job.out_);
  ASSERT_EQ(rows.size(), 4U);
  auto const num = [&](std::size_t r, char const* c) { return std::stod(rows[r].at(c)); };
  // jobs, everyone: mean 15, lower median 10, 3 of 4 below 30, Gini of {0,10,20,30} = 100*2/(2*16*15).
  EXPECT_DOUBLE_EQ(num(0, "mean"), 15.0);
  EXPECT_DOUBLE_EQ(num(0, "median"), 10.0);
  EXPECT_DOUBLE_EQ(num(0, "share_beyond_threshold"), 0.75);
  EXPECT_NEAR(num(0, "gini"), 200.0 / 480.0, 1e-12);
  // jobs, seniors: mean (10*10 + 30*20 + 60*30) / 100 = 25, gap +10, 40 of 100 below 30.
  EXPECT_DOUBLE_EQ(num(1, "mean"), 25.0);
  EXPECT_DOUBLE_EQ(num(1, "gap_to_all"), 10.0);
  EXPECT_DOUBLE_EQ(num(1, "share_beyond_threshold"), 0.4);
  // Health, everyone: d reaches nothing (100 without value); beyond 30 min: c and d -> 200 / 400.
  EXPECT_DOUBLE_EQ(num(2, "population_without_value"), 100.0);
  EXPECT_NEAR(num(2, "mean"), 70.0 / 3.0, 1e-12);
  EXPECT_DOUBLE_EQ(num(2, "share_beyond_threshold"), 0.5);
  // Health, seniors: (30 + 60) / 100 beyond 30 minutes or without access.
  EXPECT_DOUBLE_EQ(num(3, "share_beyond_threshold"), 0.9);

  io::read_options wopt;
  wopt.id_field_ = "fid";
  wopt.keep_polygons_ = true;
  wopt.text_fields_ = {"indicator", "group"};
  wopt.numeric_fields_ = {"population", "cells"};
  auto const w = io::read_layer(*job.white_zones_, wopt);
  ASSERT_EQ(w.ids_.size(), 4U);
  EXPECT_EQ(w.numeric_[0], (std::vector<double>{300.0, 40.0, 200.0, 90.0}));
  EXPECT_EQ(w.numeric_[1], (std::vector<double>{3.0, 2.0, 2.0, 2.0}));
  for (auto const& poly : w.polygons_wkb_) {
    EXPECT_TRUE(geometry::is_valid(poly));
  }
  // Everyone's jobs white zone holds a, b, c, not d.
  EXPECT_TRUE(geometry::covers(w.polygons_wkb_[0], geometry::point({48.9, 2.400})));
  EXPECT_TRUE(geometry::covers(w.polygons_wkb_[0], geometry::point({48.9, 2.4136})));
  EXPECT_FALSE(geometry::covers(w.polygons_wkb_[0], geometry::point({48.9, 2.4204})));
}

class poa_access : public ::testing::Test {
 protected:
  void SetUp() override {
    if (poa_dir().empty()) {
      GTEST_SKIP() << "skipped: ../shared/data/poa is absent (real-data tests need ../shared beside the repository)";
    }
  }
};

// The reference invocation of the issue: jobs reachable in 30 and 60 minutes at p50, departure
// 2019-05-13 14:00, window 60, for every hexagon; then the Palma ratio by population.
TEST_F(poa_access, jobs_within_30_and_60_minutes_and_palma) {
  auto const poa = poa_dir();
  temp_dir dir;
  jobs::access_job job;
  job.network_.osm_ = (poa / "poa_osm.pbf").string();
  job.network_.gtfs_ = {(poa / "poa_eptc.zip").string(), (poa / "poa_trensurb.zip").string()};
  job.origins_ = (poa / "poa_hexgrid.csv").string();
  job.population_fields_ = {"population"};
  job.opportunities_ = (poa / "poa_hexgrid.csv").string();
  job.opportunity_fields_ = {"jobs"};
  job.params_.travel_.day_ = parse_date_time("2019-05-13 14:00")->day_;
  job.params_.travel_.departure_ = 14 * 3600;
  job.params_.travel_.window_min_ = 60;
  job.params_.cutoffs_min_ = {30, 60};
  job.params_.percentiles_ = {50};
  job.out_ = (dir.path_ / "access.csv").string();
  std::ostringstream log;
  jobs::run(job, log);

  io::read_options opt;
  opt.numeric_fields_ = {"population", "jobs_step_30_p50", "jobs_step_60_p50"};
  opt.empty_numeric_as_nan_ = true;
  auto const a = io::read_layer(job.out_, opt);
  ASSERT_EQ(a.ids_.size(), 1227U);
  auto total_jobs = 0.0;
  {
    io::read_options hopt;
    hopt.numeric_fields_ = {"jobs"};
    hopt.allow_empty_numeric_ = true;  // 5 hexagons have an empty jobs cell
    auto const layer = io::read_layer(job.opportunities_, hopt);
    for (auto const v : layer.numeric_[0]) {
      total_jobs += v;
    }
  }
  auto with_value = 0;
  for (auto i = 0U; i != a.ids_.size(); ++i) {
    if (std::isnan(a.numeric_[1][i])) {
      continue;  // the 7 hexagons farther than 500 m from any street once islands are removed
    }
    ++with_value;
    EXPECT_LE(a.numeric_[1][i], a.numeric_[2][i]);
    EXPECT_LE(a.numeric_[2][i], total_jobs);
  }
  EXPECT_EQ(with_value, 1220);

  // The same figure from the travel-time matrix: jobs of hexagons reached in under 30 minutes at p50.
  auto const net = jobs::open_network(job.network_, log);
  auto const hex = analysis::read_points(poa / "poa_hexgrid.csv");
  std::vector<analysis::point> const some{hex[0], hex[100], hex[600], hex[1000]};
  auto const m = analysis::compute_matrix(net, some, hex, job.params_.travel_, {50});
  io::read_options hopt;
  hopt.numeric_fields_ = {"jobs"};
  hopt.allow_empty_numeric_ = true;
  auto const jobs_of = io::read_layer(job.opportunities_, hopt).numeric_[0];
  for (auto o = 0U; o != some.size(); ++o) {
    auto expected = 0.0;
    for (auto i = 0U; i != m.dest_[o].size(); ++i) {
      if (m.minutes_[o][i] < 30) {
        expected += jobs_of[m.dest_[o][i]];
      }
    }
    auto const row = static_cast<std::size_t>(std::find(begin(a.ids_), end(a.ids_), some[o].id_) - begin(a.ids_));
    EXPECT_DOUBLE_EQ(a.numeric_[1][row], expected) << some[o].id_;
  }

  jobs::equity_job eq;
  eq.input_ = job.out_;
  eq.indicators_ = {"jobs_step_30_p50", "jobs_step_60_p50"};
  eq.population_fields_ = {"population"};
  eq.out_ = (dir.path_ / "equity.csv").string();
  jobs::run(eq, log);
  io::read_options eopt;
  eopt.id_field_ = "indicator";
  eopt.require_positions_ = false;
  eopt.numeric_fields_ = {"gini", "palma", "theil", "mean"};
  auto const e = io::read_layer(eq.out_, eopt);
  ASSERT_EQ(e.ids_.size(), 2U);
  for (auto i = 0U; i != 2; ++i) {
    EXPECT_GT(e.numeric_[0][i], 0.0);
    EXPECT_LT(e.numeric_[0][i], 1.0);
    EXPECT_GT(e.numeric_[1][i], 0.0);
    EXPECT_TRUE(std::isfinite(e.numeric_[1][i]));
  }
  // Within 30 minutes the top 10 % of residents reach more jobs than the bottom 40 % together; within
  // 60 minutes access is far more evenly shared.
  EXPECT_GT(e.numeric_[1][0], 1.0);
  EXPECT_LT(e.numeric_[0][1], e.numeric_[0][0]);
  EXPECT_LT(e.numeric_[1][1], e.numeric_[1][0]);
}

TEST_F(poa_access, results_do_not_depend_on_threads) {
  auto const poa = poa_dir();
  std::ostringstream log;
  jobs::network_source src{
      "", (poa / "poa_osm.pbf").string(), {(poa / "poa_eptc.zip").string(), (poa / "poa_trensurb.zip").string()}};
  auto const net = jobs::open_network(src, log);
  auto const hex = analysis::read_points(poa / "poa_hexgrid.csv");
  std::vector<analysis::point> origins;
  for (auto i = 0U; i < hex.size(); i += 10) {
    origins.push_back(hex[i]);
  }
  io::read_options opt;
  opt.numeric_fields_ = {"population", "jobs", "healthcare"};
  opt.allow_empty_numeric_ = true;
  auto const layer = io::read_layer(poa / "poa_hexgrid.csv", opt);
  std::vector<double> demand;
  for (auto i = 0U; i < hex.size(); i += 10) {
    demand.push_back(layer.numeric_[0][i]);
  }
  analysis::access_params p;
  p.travel_.day_ = parse_date_time("2019-05-13 14:00")->day_;
  p.travel_.departure_ = 14 * 3600;
  p.travel_.window_min_ = 20;
  p.percentiles_ = {25, 75};
  p.cutoffs_min_ = {30, 45};
  p.nearest_ = {1};
  p.fca_ = {analysis::fca_method::kTwoStep, analysis::fca_method::kEnhancedTwoStep};
  std::vector<analysis::opportunity_field> const fields{{"jobs", layer.numeric_[1]}, {"health", layer.numeric_[2]}};
  p.travel_.threads_ = 1;
  auto const one = analysis::compute_accessibility(net, origins, hex, fields, demand, {}, p);
  p.travel_.threads_ = 2;
  auto const two = analysis::compute_accessibility(net, origins, hex, fields, demand, {}, p);
  ASSERT_EQ(one.values_.size(), two.values_.size());
  for (auto i = 0U; i != one.values_.size(); ++i) {
    if (std::isnan(one.values_[i])) {
      EXPECT_TRUE(std::isnan(two.values_[i]));
    } else {
      EXPECT_EQ(one.values_[i], two.values_[i]) << one.columns_[i % one.columns_.size()];
    }
  }
}

TEST_F(poa_access, isochrones_are_valid_and_nested) {
  auto const poa = poa_dir();
  temp_dir dir;
  jobs::isochrone_job job;
  job.network_.osm_ = (poa / "poa_osm.pbf").string();
  job.network_.gtfs_ = {(poa / "poa_eptc.zip").string(), (poa / "poa_trensurb.zip").string()};
  job.from_ = {{-30.03, -51.22}};
  job.params_.day_ = parse_date_time("2019-05-13 14:00")->day_;
  job.params_.departure_ = 14 * 3600;
  job.params_.window_min_ = 1;
  job.cutoffs_min_ = {15, 30, 45, 60};
  job.resolution_m_ = 200.0;
  job.out_ = (dir.path_ / "iso.geojson").string();
  std::ostringstream log;
  jobs::run(job, log);
  io::read_options opt;
  opt.id_field_ = "cutoff_min";
  opt.keep_polygons_ = true;
  opt.numeric_fields_ = {"area_km2"};
  auto const iso = io::read_layer(job.out_, opt);
  ASSERT_EQ(iso.ids_, (std::vector<std::string>{"15", "30", "45", "60"}));
  for (auto i = 0U; i != iso.ids_.size(); ++i) {
    EXPECT_TRUE(geometry::is_valid(iso.polygons_wkb_[i])) << iso.ids_[i];
    if (i != 0) {
      EXPECT_TRUE(geometry::covers(iso.polygons_wkb_[i], iso.polygons_wkb_[i - 1])) << iso.ids_[i];
      EXPECT_GT(iso.numeric_[0][i], iso.numeric_[0][i - 1]);
    }
  }
  EXPECT_GT(iso.numeric_[0][0], 0.5);  // 15 minutes of walking and transit cover more than 0.5 km²
}

}  // namespace
}  // namespace solimob::test
