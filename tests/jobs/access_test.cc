// Accessibility on a hand-made network and on Porto Alegre; the access / equity / isochrone jobs
// end to end through their output files.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
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
#include "support/access_setup.h"
#include "support/ascii_network.h"
#include "support/csv_rows.h"

namespace solimob::test {
namespace {

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

// Walking only on a street map without transit; seconds are walked at 1 m/s (3.6 km/h).
struct walk_only {
  explicit walk_only(std::string_view map) : map_{map} {
    net_ = network::assemble(map_.graph(), {}, {});
    p_.travel_.day_ = parse_date_time("2026-11-24 08:00")->day_;
    p_.travel_.departure_ = 8 * 3600;
    p_.travel_.window_min_ = 1;
    p_.travel_.mode_ = analysis::mode::kWalk;
  }
  ascii_network map_;
  network::network net_;
  analysis::access_params p_;
};

// Two origins, three opportunities and an unlinked origin and opportunity, every expected value derived by
// hand from the map (100 m per character):
//
//   A---B---C            A-B 400 m, B-C 400 m, A-D 200 m, C-E 200 m, D-E 800 m, E-F 500 m
//   |       |
//   D-------E----F
//
// Shortest walks (s, at 1 m/s), none on a minute boundary:
//   from A: D 200 (3 min 20), B 400 (6 min 40), E 1000 (16 min 40, by D or by B-C: a tie)
//   from F: E 500 (8 min 20), B 500 + 200 + 400 = 1100 (18 min 20), D 500 + 800 = 1300 (21 min 40)
// Jobs: D 5, B 10, E 20, and Z 7 far from any street (never reached). Population: A 100, F 50, X 30 (far).
TEST(accessibility, every_indicator_by_hand_on_a_walking_map) {
  walk_only w{"A---B---C\n|       |\nD-------E----F"};
  auto p = w.p_;
  p.cutoffs_min_ = {4, 15, 24};
  p.nearest_ = {1, 10, 50};
  p.gravity_beta_ = 1.0;
  p.fca_ = {analysis::fca_method::kTwoStep, analysis::fca_method::kEnhancedTwoStep};
  std::vector<analysis::point> const origins{w.map_.point('A'), w.map_.point('F'), {"X", {48.0, 2.0}}};
  std::vector<analysis::point> const dests{w.map_.point('D'), w.map_.point('B'), w.map_.point('E'), {"Z", {47.0, 2.0}}};
  std::vector<analysis::opportunity_field> const fields{{"jobs", {5.0, 10.0, 20.0, 7.0}}};
  std::vector<double> const demand{100.0, 50.0, 30.0};
  auto const t = analysis::compute_accessibility(w.net_, origins, dests, fields, demand, {}, p);
  ASSERT_EQ(t.columns_,
            (std::vector<std::string>{"jobs_step_4_p50", "jobs_step_15_p50", "jobs_step_24_p50",
                                      "jobs_nearest1_min_p50", "jobs_nearest10_min_p50", "jobs_nearest50_min_p50",
                                      "jobs_gravity_p50", "jobs_2sfca_4_p50", "jobs_2sfca_15_p50", "jobs_2sfca_24_p50",
                                      "jobs_e2sfca_4_p50", "jobs_e2sfca_15_p50", "jobs_e2sfca_24_p50"}));
  auto const col = [&](char const* name) {
    return static_cast<std::size_t>(std::find(begin(t.columns_), end(t.columns_), name) - begin(t.columns_));
  };
  constexpr std::size_t a = 0, f = 1, x = 2;
  // Cumulative (t < c): 4 min = 240 s: A has D (5), F nothing. 15 min = 900 s: A has D + B = 15, F has E = 20.
  // 24 min = 1440 s: A adds E (1000 s) = 35; F adds B (1100) and D (1300) = 35. Z is never reached.
  EXPECT_EQ(t.at(a, col("jobs_step_4_p50")), 5.0);
  EXPECT_EQ(t.at(f, col("jobs_step_4_p50")), 0.0);
  EXPECT_EQ(t.at(a, col("jobs_step_15_p50")), 15.0);
  EXPECT_EQ(t.at(f, col("jobs_step_15_p50")), 20.0);
  EXPECT_EQ(t.at(a, col("jobs_step_24_p50")), 35.0);
  EXPECT_EQ(t.at(f, col("jobs_step_24_p50")), 35.0);
  // Nearest, whole minutes rounded down: 1 job: A at D (200 s -> 3), F at E (500 s -> 8). 10 jobs: A needs D
  // and B (5 + 10 at 400 s -> 6), F has 20 at E (8). 50 jobs: never (35 in all).
  EXPECT_EQ(t.at(a, col("jobs_nearest1_min_p50")), 3.0);
  EXPECT_EQ(t.at(f, col("jobs_nearest1_min_p50")), 8.0);
  EXPECT_EQ(t.at(a, col("jobs_nearest10_min_p50")), 6.0);
  EXPECT_EQ(t.at(f, col("jobs_nearest10_min_p50")), 8.0);
  EXPECT_TRUE(std::isnan(t.at(a, col("jobs_nearest50_min_p50"))));
  // Gravity, beta 1, t in minutes: A: 5/(200/60) + 10/(400/60) + 20/(1000/60) = 1.5 + 1.5 + 1.2 = 4.2;
  // F: 20/(500/60) + 10/(1100/60) + 5/(1300/60) = 2.4 + 6/11 + 3/13.
  EXPECT_NEAR(t.at(a, col("jobs_gravity_p50")), 4.2, 1e-12);
  EXPECT_NEAR(t.at(f, col("jobs_gravity_p50")), 2.4 + 6.0 / 11.0 + 3.0 / 13.0, 1e-12);
  // 2SFCA (t <= c), demand A 100, F 50:
  //  4 min: D has A: R_D = 5/100; B, E nobody: A = 0.05, F = 0 (reaches nothing).
  // 15 min: D has A (R 5/100), B has A (R 10/100), E has F (R 20/50): A = 0.05 + 0.1 = 0.15, F = 0.4.
  // 24 min: D, B, E each have A and F (150): R = 5/150, 10/150, 20/150: A = F = 35/150 = 7/30.
  EXPECT_NEAR(t.at(a, col("jobs_2sfca_4_p50")), 0.05, 1e-15);
  EXPECT_EQ(t.at(f, col("jobs_2sfca_4_p50")), 0.0);
  EXPECT_NEAR(t.at(a, col("jobs_2sfca_15_p50")), 0.15, 1e-15);
  EXPECT_NEAR(t.at(f, col("jobs_2sfca_15_p50")), 0.4, 1e-15);
  EXPECT_NEAR(t.at(a, col("jobs_2sfca_24_p50")), 7.0 / 30.0, 1e-15);
  EXPECT_NEAR(t.at(f, col("jobs_2sfca_24_p50")), 7.0 / 30.0, 1e-15);
  // E2SFCA, Luo & Qi bands (thirds of c weighing 1, 0.68, 0.22):
  //  4 min (80, 160, 240 s): only A-D (200 s) weighs 0.22: R_D = 5 / 22; A = 0.22 * 5/22 = 0.05; F = 0.
  // 15 min (300, 600, 900 s): A-D 1, A-B 0.68, F-E 0.68, others 0: R_D = 5/100, R_B = 10/68, R_E = 20/34:
  //   A = 0.05 + 0.68 * 10/68 = 0.15, F = 0.68 * 20/34 = 0.4.
  // 24 min (480, 960, 1440 s): A-D 1, A-B 1, A-E 0.22, F-E 0.68, F-B 0.22, F-D 0.22:
  //   D: 100 + 50 * 0.22 = 111, R_D = 5/111; B: 111, R_B = 10/111; E: 100 * 0.22 + 50 * 0.68 = 56, R_E = 20/56;
  //   A = 5/111 + 10/111 + 0.22 * 20/56, F = 0.22 * 15/111 + 0.68 * 20/56 (and 100 A + 50 F = 35).
  EXPECT_NEAR(t.at(a, col("jobs_e2sfca_4_p50")), 0.05, 1e-15);
  EXPECT_EQ(t.at(f, col("jobs_e2sfca_4_p50")), 0.0);
  EXPECT_NEAR(t.at(a, col("jobs_e2sfca_15_p50")), 0.15, 1e-15);
  EXPECT_NEAR(t.at(f, col("jobs_e2sfca_15_p50")), 0.4, 1e-15);
  EXPECT_NEAR(t.at(a, col("jobs_e2sfca_24_p50")), 15.0 / 111.0 + 0.22 * 20.0 / 56.0, 1e-15);
  EXPECT_NEAR(t.at(f, col("jobs_e2sfca_24_p50")), 0.22 * 15.0 / 111.0 + 0.68 * 20.0 / 56.0, 1e-15);
  // The origin far from any street has no value at all; the far opportunity is reported unlinked.
  for (auto c = 0U; c != t.columns_.size(); ++c) {
    EXPECT_TRUE(std::isnan(t.at(x, c))) << t.columns_[c];
  }
  EXPECT_EQ(t.summary_.unlinked_origins_, std::vector<point_idx>{point_idx{2}});
  EXPECT_EQ(t.summary_.unlinked_destinations_, std::vector<point_idx>{point_idx{3}});
}

// Shortest walking distances (cm) from one node, by plain Bellman-Ford relaxation over the edge list: an
// independent reference for the engine's walk_search (no heap, no adjacency arrays, no snapping).
std::vector<std::uint64_t> brute_force_cm(street::street_graph const& g, std::size_t source) {
  constexpr auto kFar = std::numeric_limits<std::uint64_t>::max();
  std::vector<std::uint64_t> d(g.n_nodes(), kFar);
  d[source] = 0;
  for (auto changed = true; changed;) {
    changed = false;
    for (auto e = 0U; e != g.n_edges(); ++e) {
      auto const a = g.edge_from_[edge_idx{e}].v();
      auto const b = g.edge_to_[edge_idx{e}].v();
      auto const len = g.edge_length_cm_[edge_idx{e}];
      for (auto const& [u, v] : {std::pair{a, b}, std::pair{b, a}}) {
        if (d[u] != kFar && d[u] + len < d[v]) {
          d[v] = d[u] + len;
          changed = true;
        }
      }
    }
  }
  return d;
}

// Every indicator on a 12-node grid, from every node to every node, against the same formulas evaluated on
// brute-force walking times: cumulative counts, n-th nearest times, gravity, 2SFCA and E2SFCA.
TEST(accessibility, all_indicators_match_a_brute_force_reference) {
  walk_only w{
      "A---B---C---D\n"
      "|   |       |\n"
      "E---F---G---H\n"
      "    |   |   |\n"
      "I---J   K---L"};
  std::string const names = "ABCDEFGHIJKL";
  auto p = w.p_;
  p.cutoffs_min_ = {7, 13, 19};
  p.nearest_ = {1, 3, 40};
  p.gravity_beta_ = 1.5;
  p.fca_ = {analysis::fca_method::kTwoStep, analysis::fca_method::kEnhancedTwoStep};
  std::vector<analysis::point> points;
  std::vector<double> weight, demand;
  std::vector<std::size_t> node_of;
  auto const& g = w.map_.graph();
  for (auto i = 0U; i != names.size(); ++i) {
    points.push_back(w.map_.point(names[i]));
    weight.push_back(static_cast<double>((i * 7) % 5));  // 0, 2, 4, 1, 3, 0, ...: some zero weights
    demand.push_back(10.0 + static_cast<double>((i * 13) % 17));
    auto const pos = w.map_.pos(names[i]);
    for (auto n = 0U; n != g.n_nodes(); ++n) {
      if (g.node_pos_[node_idx{n}].lat_ == pos.lat_ && g.node_pos_[node_idx{n}].lng_ == pos.lng_) {
        node_of.push_back(n);
      }
    }
  }
  ASSERT_EQ(node_of.size(), names.size());
  std::vector<analysis::opportunity_field> const fields{{"w", weight}};
  auto const t = analysis::compute_accessibility(w.net_, points, points, fields, demand, {}, p);

  // Reference times (s): the nodes are the points, so the walk is the node-to-node distance.
  auto const n = names.size();
  std::vector<std::vector<double>> secs(n, std::vector<double>(n));
  for (auto i = 0U; i != n; ++i) {
    auto const d = brute_force_cm(g, node_of[i]);
    for (auto j = 0U; j != n; ++j) {
      secs[i][j] = static_cast<double>(d[node_of[j]]) / 100.0;  // 1 m/s
      // The grid is 100 m: whole seconds up to the centimetres of the great-circle lengths, so no rounding
      // rule of the engine can move a time across a cutoff (whole minutes) or a band bound.
      ASSERT_NEAR(secs[i][j], std::round(secs[i][j]), 0.05) << names[i] << names[j];
      secs[i][j] = std::round(secs[i][j]);
    }
  }
  auto const col = [&](std::string const& name) {
    auto const it = std::find(begin(t.columns_), end(t.columns_), name);
    EXPECT_NE(it, end(t.columns_)) << name;
    return static_cast<std::size_t>(it - begin(t.columns_));
  };
  for (auto const c : p.cutoffs_min_) {
    auto const cs = c * 60.0;
    // FCA with the band weights written out (2SFCA: one band of weight 1).
    auto const fca = [&](auto const& weight_of) {
      std::vector<double> ratio(n, 0.0), access(n, 0.0);
      for (auto j = 0U; j != n; ++j) {
        auto denominator = 0.0;
        for (auto k = 0U; k != n; ++k) {
          denominator += demand[k] * weight_of(secs[k][j]);
        }
        ratio[j] = denominator > 0.0 ? weight[j] / denominator : 0.0;
      }
      for (auto i = 0U; i != n; ++i) {
        for (auto j = 0U; j != n; ++j) {
          access[i] += ratio[j] * weight_of(secs[i][j]);
        }
      }
      return access;
    };
    auto const two = fca([&](double s) { return s <= cs ? 1.0 : 0.0; });
    auto const enhanced = fca([&](double s) {
      return s <= cs / 3.0 ? 1.0 : s <= cs * 2.0 / 3.0 ? 0.68 : s <= cs ? 0.22 : 0.0;
    });
    for (auto i = 0U; i != n; ++i) {
      auto cumulative = 0.0;
      for (auto j = 0U; j != n; ++j) {
        cumulative += secs[i][j] < cs ? weight[j] : 0.0;
      }
      auto const suffix = std::to_string(c) + "_p50";
      EXPECT_EQ(t.at(i, col("w_step_" + suffix)), cumulative) << names[i] << " " << c;
      EXPECT_NEAR(t.at(i, col("w_2sfca_" + suffix)), two[i], 1e-12) << names[i] << " " << c;
      EXPECT_NEAR(t.at(i, col("w_e2sfca_" + suffix)), enhanced[i], 1e-12) << names[i] << " " << c;
    }
  }
  for (auto i = 0U; i != n; ++i) {
    std::vector<std::pair<double, double>> by_time;
    auto gravity = 0.0;
    for (auto j = 0U; j != n; ++j) {
      if (weight[j] > 0.0) {
        by_time.emplace_back(secs[i][j], weight[j]);
        gravity += weight[j] * std::pow(std::max(1.0, secs[i][j] / 60.0), -1.5);
      }
    }
    std::sort(begin(by_time), end(by_time));
    for (auto const k : p.nearest_) {
      auto expected = std::numeric_limits<double>::quiet_NaN();
      auto sum = 0.0;
      for (auto const& [s, wt] : by_time) {
        sum += wt;
        if (sum >= k) {
          expected = std::floor(s / 60.0);
          break;
        }
      }
      auto const got = t.at(i, col("w_nearest" + std::to_string(k) + "_min_p50"));
      if (std::isnan(expected)) {
        EXPECT_TRUE(std::isnan(got)) << names[i] << " " << k;
      } else {
        EXPECT_EQ(got, expected) << names[i] << " " << k;
      }
    }
    EXPECT_NEAR(t.at(i, col("w_gravity_p50")), gravity, 1e-12) << names[i];
  }
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
  EXPECT_EQ(t.summary_.unlinked_origins_, std::vector<point_idx>{point_idx{1}});
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

  auto job = access_job_on(w.net_, dir.path_, {"population", "seniors"});
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

// A public's zone means are weighted by its own population column, not the whole population's.
// Map A---B---C (400 m each), jobs: 8 at B, 2 at C; cutoff 7 min (420 s), walk mode.
//   walk (1 m/s): every neighbour in 400 s: A reaches B -> 8; B reaches B, C -> 10; C reaches B, C -> 10.
//   elderly (3.0 km/h, 833 mm/s): a neighbour in 480 s > 420 s: A -> 0; B -> 8; C -> 2.
// Zone Z1 holds A (population 100, seniors 10) and B (300, 0); Z2 holds C (50, 50).
//   Z1 by population: (100 x 8 + 300 x 10) / 400 = 9.5. Seniors' mean by seniors: 10 x 0 / 10 = 0 (by
//   population it would be (300 x 8) / 400 = 6); their gap: 10 x (0 - 8) / 10 = -8.
//   Z2: 10; seniors 2, gap -8.
TEST(accessibility, zone_means_of_a_public_are_weighted_by_its_own_population) {
  walk_fixture w;
  temp_dir dir;
  auto const ll = [&](char c) {
    std::ostringstream s;
    s.precision(10);
    s << w.map_.pos(c).lng_ << ',' << w.map_.pos(c).lat_;
    return s.str();
  };
  dir.file("o.csv", "id,lon,lat,population,seniors\na," + ll('A') + ",100,10\nb," + ll('B') + ",300,0\nc," + ll('C') +
                        ",50,50\n");
  dir.file("d.csv", "id,lon,lat,jobs\njb," + ll('B') + ",8\njc," + ll('C') + ",2\n");
  auto const mid_bc = (w.map_.pos('B').lng_ + w.map_.pos('C').lng_) / 2;
  auto const lat = w.map_.pos('A').lat_;
  auto const box = [&](std::string const& code, double west, double east) {
    std::ostringstream s;
    s.precision(10);
    s << R"({"type":"Feature","properties":{"code":")" << code << R"("},"geometry":{"type":"Polygon","coordinates":[[)"
      << "[" << west << "," << lat - 0.01 << "],[" << east << "," << lat - 0.01 << "],[" << east << "," << lat + 0.01
      << "],[" << west << "," << lat + 0.01 << "],[" << west << "," << lat - 0.01 << "]]]}}";
    return s.str();
  };
  dir.file("zones.geojson", R"({"type":"FeatureCollection","features":[)" +
                                box("Z1", w.map_.pos('A').lng_ - 0.01, mid_bc) + "," +
                                box("Z2", mid_bc, w.map_.pos('C').lng_ + 0.01) + "]}");
  auto job = access_job_on(w.net_, dir.path_, {"population"});
  job.opportunity_fields_ = {"jobs"};
  job.zones_ = (dir.path_ / "zones.geojson").string();
  job.zone_id_field_ = "code";
  job.params_ = w.p_;
  job.params_.cutoffs_min_ = {7};
  job.publics_ = {jobs::parse_public("seniors=seniors:elderly", "")};
  job.out_ = (dir.path_ / "access.gpkg").string();
  std::ostringstream log;
  jobs::run(job, log);

  io::read_options oopt;
  oopt.layer_ = "origins";
  oopt.numeric_fields_ = {"jobs_step_7_p50", "seniors_jobs_step_7_p50"};
  auto const o = io::read_layer(job.out_, oopt);
  ASSERT_EQ(o.ids_, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(o.numeric_[0], (std::vector<double>{8.0, 10.0, 10.0}));
  EXPECT_EQ(o.numeric_[1], (std::vector<double>{0.0, 8.0, 2.0}));

  io::read_options zopt;
  zopt.id_field_ = "zone_id";
  zopt.layer_ = "zones";
  zopt.numeric_fields_ = {"jobs_step_7_p50", "seniors_jobs_step_7_p50", "seniors_gap_jobs_step_7_p50"};
  auto const z = io::read_layer(job.out_, zopt);
  ASSERT_EQ(z.ids_, (std::vector<std::string>{"Z1", "Z2"}));
  EXPECT_DOUBLE_EQ(z.numeric_[0][0], 9.5);
  EXPECT_DOUBLE_EQ(z.numeric_[1][0], 0.0);
  EXPECT_DOUBLE_EQ(z.numeric_[2][0], -8.0);
  EXPECT_DOUBLE_EQ(z.numeric_[0][1], 10.0);
  EXPECT_DOUBLE_EQ(z.numeric_[1][1], 2.0);
  EXPECT_DOUBLE_EQ(z.numeric_[2][1], -8.0);
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
  auto job = access_job_on(w.net_, dir.path_, {"population"});
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
  auto job = access_job_on(w.net_, dir.path_, {"population"});
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

// The one rule for empty cells (jobs/tables.h), seen through both jobs on the same file: an empty population
// cell counts 0 for `access` and `equity` alike, an empty indicator is no value, an empty rank leaves the row
// out of the concentration index only; each is reported on the log with the file and the field.
TEST(equity_job, empty_population_indicator_and_rank_cells) {
  temp_dir dir;
  // b has no population, c no rank, d no jobs value.
  std::ofstream{dir.path_ / "acc.csv"} << "id,lon,lat,population,income,jobs\n"
                                          "a,2.400,48.9,100,1000,5\n"
                                          "b,2.401,48.9,,2000,50\n"
                                          "c,2.402,48.9,100,,10\n"
                                          "d,2.403,48.9,100,4000,\n"
                                          "e,2.404,48.9,100,3000,20\n";
  jobs::equity_job job;
  job.input_ = (dir.path_ / "acc.csv").string();
  job.indicators_ = {"jobs"};
  job.population_fields_ = {"population"};
  job.rank_field_ = "income";
  job.out_ = (dir.path_ / "equity.csv").string();
  std::ostringstream log;
  jobs::run(job, log);  // used to loop forever on c's empty income
  auto const file = (dir.path_ / "acc.csv").string();
  EXPECT_NE(log.str().find("note: " + file + ": 1 empty cell(s) in 'population' read as 0"), std::string::npos)
      << log.str();
  EXPECT_NE(log.str().find("note: " + file + ": 1 empty cell(s) in 'jobs': no value"), std::string::npos) << log.str();
  EXPECT_NE(log.str().find("note: " + file +
                           ": 1 empty cell(s) in 'income': no value, left out of the "
                           "concentration index"),
            std::string::npos)
      << log.str();
  auto const rows = read_csv_rows(job.out_);
  ASSERT_EQ(rows.size(), 1U);
  // Population 100 + 0 + 100 + 100 + 100 = 400, of which d's 100 without value; b weighs 0, so the mean over
  // a, c, e is (5 + 10 + 20) / 3 = 35/3.
  EXPECT_EQ(std::stod(rows[0].at("population")), 400.0);
  EXPECT_EQ(std::stod(rows[0].at("population_without_value")), 100.0);
  EXPECT_NEAR(std::stod(rows[0].at("mean")), 35.0 / 3.0, 1e-12);
  // Concentration index over a and e (b weighs 0, c has no rank, d no value): ranks 1000 < 3000 give
  // r = 1/4, 3/4; mu = 12.5; cov = (1/2) [(5 - 12.5)(-1/4) + (20 - 12.5)(1/4)] = 3.75 / 2 = 1.875;
  // CI = 2 * 1.875 / 12.5 = 0.3.
  EXPECT_NEAR(std::stod(rows[0].at("concentration_index")), 0.3, 1e-12);
  // Gini over a, c, e (x = 5, 10, 20, equal weights): pair sum 2 (5 + 15 + 10) = 60; 60 / (2 * 9 * 35/3) = 2/7.
  EXPECT_NEAR(std::stod(rows[0].at("gini")), 2.0 / 7.0, 1e-12);
}

TEST(equity_job, negative_population_is_an_error_naming_file_line_and_field) {
  temp_dir dir;
  std::ofstream{dir.path_ / "acc.csv"} << "id,lon,lat,population,jobs\na,2.400,48.9,100,5\nb,2.401,48.9,-4,7\n";
  jobs::equity_job job;
  job.input_ = (dir.path_ / "acc.csv").string();
  job.indicators_ = {"jobs"};
  job.population_fields_ = {"population"};
  job.out_ = (dir.path_ / "equity.csv").string();
  std::ostringstream log;
  try {
    jobs::run(job, log);
    ADD_FAILURE() << "no error";
  } catch (input_error const& e) {
    EXPECT_NE(std::string{e.what()}.find("acc.csv:3 field 'population': negative value '-4'"), std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(job.out_));
  // Non-numeric text (and "nan") stays an error, never a silent 0 or a missing value.
  std::ofstream{dir.path_ / "acc.csv"} << "id,lon,lat,population,jobs\na,2.400,48.9,100,nan\n";
  EXPECT_THROW(jobs::run(job, log), input_error);
}

TEST(accessibility, access_reads_empty_and_negative_population_like_equity) {
  walk_fixture w;
  temp_dir dir;
  auto const ll = [&](char c) {
    std::ostringstream s;
    s.precision(10);
    s << w.map_.pos(c).lng_ << ',' << w.map_.pos(c).lat_;
    return s.str();
  };
  // b's population is empty; the opportunity at C has an empty weight.
  std::ofstream{dir.path_ / "o.csv"} << "id,lon,lat,population\na," << ll('A') << ",10\nb," << ll('B') << ",\n";
  std::ofstream{dir.path_ / "d.csv"} << "id,lon,lat,jobs\njb," << ll('B') << ",8\njc," << ll('C') << ",\n";
  auto job = access_job_on(w.net_, dir.path_, {"population"});
  job.opportunity_fields_ = {"jobs"};
  job.params_ = w.p_;
  job.params_.cutoffs_min_ = {20};
  job.out_ = (dir.path_ / "out.csv").string();
  std::ostringstream log;
  jobs::run(job, log);
  EXPECT_NE(log.str().find("note: " + job.origins_ + ": 1 empty cell(s) in 'population' read as 0"), std::string::npos)
      << log.str();
  EXPECT_NE(log.str().find("note: " + job.opportunities_ + ": 1 empty cell(s) in 'jobs' read as 0"), std::string::npos)
      << log.str();
  auto const rows = read_csv_rows(job.out_);
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[1].at("population"), "0");
  EXPECT_EQ(rows[0].at("jobs_step_20_p50"), "8");  // B's 8 jobs; C's empty weight counts 0

  // The same origins file read by `equity`: the same cell, the same 0, the same note.
  std::ofstream{dir.path_ / "o.csv"} << "id,lon,lat,population,jobs\na," << ll('A') << ",10,8\nb," << ll('B')
                                     << ",,8\n";
  jobs::equity_job eq;
  eq.input_ = job.origins_;
  eq.indicators_ = {"jobs"};
  eq.population_fields_ = {"population"};
  eq.out_ = (dir.path_ / "equity.csv").string();
  std::ostringstream elog;
  jobs::run(eq, elog);
  EXPECT_NE(elog.str().find("note: " + job.origins_ + ": 1 empty cell(s) in 'population' read as 0"), std::string::npos)
      << elog.str();
  EXPECT_EQ(std::stod(read_csv_rows(eq.out_)[0].at("population")), 10.0);

  // A negative count is refused by both, naming file, line and field.
  std::ofstream{dir.path_ / "o.csv"} << "id,lon,lat,population\na," << ll('A') << ",-1\n";
  try {
    jobs::run(job, log);
    ADD_FAILURE() << "no error";
  } catch (input_error const& e) {
    EXPECT_NE(std::string{e.what()}.find("o.csv:2 field 'population': negative value '-1'"), std::string::npos)
        << e.what();
  }
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

  // The same figure from the travel-time matrix: jobs of hexagons reached in under 30 minutes at p50. Both
  // come from the same engine, so this checks how `access` aggregates (streamed percentiles, weights, the
  // strict cutoff) against the matrix path, not the travel times: those are derived by hand and by a
  // brute-force walk above.
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
        expected += jobs_of[m.dest_[o][i].v()];
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
