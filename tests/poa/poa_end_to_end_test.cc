// End to end on real data: Porto Alegre OSM + both GTFS feeds (EPTC buses, Trensurb metro).
// Skipped, with a message, when ../shared/data/poa is absent.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <sstream>

#include "analysis/accessibility.h"
#include "analysis/matrix.h"
#include "io/vector_io.h"
#include "jobs/access_job.h"
#include "network/network.h"
#include "ondemand/service.h"
#include "profile/profile.h"
#include "support/ascii_network.h"

namespace solimob::test {
namespace {

class poa : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto const dir = poa_dir();
    if (dir.empty()) {
      return;
    }
    gtfs::report r;
    net_ = new network::network{
        network::build(dir / "poa_osm.pbf", {dir / "poa_eptc.zip", dir / "poa_trensurb.zip"}, {}, r)};
    hexagons_ = new std::vector<analysis::point>{analysis::read_points(dir / "poa_hexgrid.csv")};
  }
  static void TearDownTestSuite() {
    delete net_;
    delete hexagons_;
  }
  void SetUp() override {
    if (net_ == nullptr) {
      GTEST_SKIP() << "skipped: ../shared/data/poa is absent (real-data tests need ../shared beside the repository)";
    }
  }

  static analysis::travel_time_params params(std::string const& departure, int window) {
    analysis::travel_time_params p;
    auto const dt = parse_date_time(departure);
    p.day_ = dt->day_;
    p.departure_ = dt->time_;
    p.window_min_ = window;
    return p;
  }

  static network::network* net_;
  static std::vector<analysis::point>* hexagons_;
};

network::network* poa::net_ = nullptr;
std::vector<analysis::point>* poa::hexagons_ = nullptr;

TEST_F(poa, network_links_streets_and_both_feeds) {
  EXPECT_EQ(net_->transit_.n_trips(), 2374U + 1248U);
  EXPECT_EQ(net_->transit_.n_stops(), 3986U + 24U);
  // The OSM extract covers central Porto Alegre only: stops of outer districts stay unlinked.
  EXPECT_LT(net_->n_unlinked_stops(), net_->transit_.n_stops() / 2);
  EXPECT_GT(net_->transfers_.size(), 50'000U);
}

// Trensurb metro, Monday 2019-05-13 (weekday service FULLW), stations as points, leaving 13:58.
// Station points sit on the stop coordinates, so access and egress walk twice the stop's link to the
// street (point to street, street to stop), at 3.6 km/h = 1 m/s, seconds rounded down. Board slack 60 s,
// boarding only a departure strictly after arrival + slack. Trains toward MR leave NH every 10 minutes
// (13:09, 13:19...: SP 13:58:00 / 14:08:00, RD 14:00:00 / 14:10:00).
TEST_F(poa, trensurb_spot_checks_derived_from_the_timetable) {
  std::vector<analysis::point> const st{{"MR", {-30.0262849537, -51.2282682008}},
                                        {"RD", {-30.0224034752, -51.2199497815}},
                                        {"SP", {-30.0064762425, -51.2094251697}}};
  auto const m = analysis::compute_matrix(*net_, st, st, params("2019-05-13 13:58", 1), {50});
  // MR -> RD: the 13:51 train has gone; FULLW_MR_NH_14:01:00 leaves MR 14:01:00, reaches RD
  // 14:02:35: 4 min 35 s (+ egress seconds) -> 4 minutes.
  EXPECT_EQ(m.at(0, 1, 0), 4);
  // MR -> SP: same train, SP at 14:04:35, + 117 s of egress (2 x 58.9 m, see the next test): 14:06:32
  // -> 8 minutes. (With the footway island kept, SP linked 6.4 m away and this was 6 minutes.)
  EXPECT_EQ(m.at(0, 2, 0), 8);
  // RD -> MR: MR and RD stops lie 6.0 m and 3.2 m from a street, so 6 s of access: ready 13:59:06, and
  // FULLW_NH_MR_13:09:00 leaves RD 14:00:00, MR 14:01:35 (+ 12 s) -> 3 minutes.
  EXPECT_EQ(m.at(1, 0, 0), 3);
  // SP -> RD: see the next test for SP's link, 58.9 m: access 2 x 58.9 m = 117 s, at the stop 13:59:57,
  // ready 14:00:57. The 13:09 train leaves SP at 13:58:00, gone; FULLW_NH_MR_13:19:00 leaves SP 14:08:00,
  // reaches RD 14:09:35, + 6 s of egress: 11 min 41 s -> 11 minutes.
  EXPECT_EQ(m.at(2, 1, 0), 11);
}

// Station "ESTACAO SAO PEDRO" (SP) is drawn 6.4 m from a lone 16.6 m footway, a street island that R5
// removes (2 vertices < 40): SP must link to the street network instead. Derivation from the OSM
// coordinates (equirectangular around 30.006 S: 111,195 m per degree of latitude, 96,291 m per degree
// of longitude): the nearest kept street is the edge N1 (-30.0057383, -51.2097112) - N2 (-30.0065694,
// -51.2101458), 101.45 m long; SP projects on it at 62.5 % from N1, 58.94 m away, so 38.06 m from N2.
// A point at N2 (70 m from the station as the crow flies) walks 38.06 + 58.94 = 97.0 m = 96-97 s to SP.
// Leaving N2 13:58: at SP 13:59:37, ready 14:00:37, the 14:08:00 train reaches RD 14:09:35, + 6 s of
// egress: 11 min 41 s -> 11 minutes. With the island kept, SP sat on it and N2 could not walk to it
// (unreachable within 120 minutes, and SP unreachable on foot).
TEST_F(poa, a_station_beside_a_street_island_links_to_the_street) {
  ASSERT_GT(net_->islands_.islands_, 0U);
  auto const sp = std::find(begin(net_->transit_.stop_id_), end(net_->transit_.stop_id_), "1:SP");
  ASSERT_NE(sp, end(net_->transit_.stop_id_));
  auto const& snap = net_->stop_snap_[stop_idx::from(sp - begin(net_->transit_.stop_id_))];
  ASSERT_TRUE(snap.valid());
  EXPECT_NEAR(snap.link_cm_ / 100.0, 58.94, 0.1);
  EXPECT_NEAR(net_->streets_.edge_length_cm_[snap.edge_] / 100.0, 101.45, 0.05);

  std::vector<analysis::point> const from{{"N2", {-30.0065694, -51.2101458}}};
  std::vector<analysis::point> const to{{"RD", {-30.0224034752, -51.2199497815}},
                                        {"SP", {-30.0064762425, -51.2094251697}}};
  auto const m = analysis::compute_matrix(*net_, from, to, params("2019-05-13 13:58", 1), {50});
  EXPECT_EQ(m.at(0, 0, 0), 11);
  EXPECT_EQ(m.at(0, 1, 0), 1);  // 96-97 s on foot
}

TEST_F(poa, matrix_invariants_and_determinism) {
  std::vector<analysis::point> origins;
  for (auto i = 0U; i < hexagons_->size(); i += 6) {
    origins.push_back((*hexagons_)[i]);
  }
  auto p = params("2019-05-13 14:00", 30);
  std::vector<int> const pct{5, 25, 50, 75, 95};
  p.threads_ = 1;
  auto const one = analysis::compute_matrix(*net_, origins, *hexagons_, p, pct);
  p.threads_ = 2;
  auto const two = analysis::compute_matrix(*net_, origins, *hexagons_, p, pct);
  EXPECT_EQ(one.dest_, two.dest_);
  EXPECT_EQ(one.minutes_, two.minutes_);
  EXPECT_GT(one.n_pairs(), origins.size() * hexagons_->size() / 3);

  auto walk = p;
  walk.mode_ = analysis::mode::kWalk;
  auto const w = analysis::compute_matrix(*net_, origins, *hexagons_, walk, {50});
  auto checked = 0;
  for (auto o = 0U; o != origins.size(); ++o) {
    for (auto i = 0U; i != one.dest_[o].size(); ++i) {
      auto const* v = &one.minutes_[o][i * pct.size()];
      for (auto k = 1U; k != pct.size(); ++k) {
        ASSERT_LE(v[k - 1], v[k]) << origins[o].id_;  // unreachable (65535) sorts last
      }
    }
    for (auto d = 0U; d != hexagons_->size(); ++d) {
      auto const walk_min = w.at(o, d, 0);
      // A walk of at most 15 min 59 s (959 m) is within the 1000 m limit, so a valid transit-mode trip too.
      if (walk_min <= 15) {
        for (auto k = 0U; k != pct.size(); ++k) {
          ASSERT_LE(one.at(o, d, k), walk_min) << origins[o].id_ << " -> " << (*hexagons_)[d].id_;
        }
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 1000);
}

TEST_F(poa, walking_times_are_symmetric) {
  std::vector<analysis::point> pts;
  for (auto i = 0U; i < hexagons_->size(); i += 4) {
    pts.push_back((*hexagons_)[i]);
  }
  auto p = params("2019-05-13 14:00", 1);
  p.mode_ = analysis::mode::kWalk;
  p.max_time_min_ = 60;
  auto const m = analysis::compute_matrix(*net_, pts, pts, p, {50});
  auto compared = 0;
  for (auto a = 0U; a != pts.size(); ++a) {
    for (auto b = a + 1; b != pts.size(); ++b) {
      auto const ab = m.at(a, b, 0), ba = m.at(b, a, 0);
      if (ab != analysis::kUnreachedMinutes && ba != analysis::kUnreachedMinutes) {
        ASSERT_LE(std::abs(int{ab} - int{ba}), 1) << pts[a].id_ << " <-> " << pts[b].id_;
        ++compared;
      } else if (ab != ba) {
        // Reachable one way only: the walk must be at the edge of the 60 min budget.
        ASSERT_GE(std::min(ab, ba), 59) << pts[a].id_ << " <-> " << pts[b].id_;
      }
    }
  }
  EXPECT_GT(compared, 1000);
}

}  // namespace
}  // namespace solimob::test

namespace solimob::test {
namespace {

// A stricter profile never reaches more: slower, shorter legs, fewer streets and vehicles. For every
// hexagon, jobs within 45 min (median over 14:00-14:10) for elderly and wheelchair (both bounds) are
// at most the walk profile's; and the strict wheelchair bound at most the optimistic one.
TEST_F(poa, stricter_profiles_never_reach_more_jobs) {
  auto const dir = poa_dir();
  std::vector<analysis::opportunity_field> jobs{{"jobs", {}}};
  // Weights: the jobs column of the hexagon grid, read as a plain CSV.
  std::ifstream in{dir / "poa_hexgrid.csv"};
  std::string row;
  std::getline(in, row);
  while (std::getline(in, row)) {
    // id,lon,lat,population,schools,jobs,healthcare
    std::vector<std::string> cells;
    std::stringstream ss{row};
    for (std::string c; std::getline(ss, c, ',');) {
      cells.push_back(c);
    }
    jobs[0].weight_.push_back(cells.size() > 5 && !cells[5].empty() ? std::stod(cells[5]) : 0.0);  // empty: none
  }
  ASSERT_EQ(jobs[0].weight_.size(), hexagons_->size());
  auto const run = [&](std::string const& name, profile::accessibility_bound bound) {
    analysis::access_params p;
    p.travel_ = params("2019-05-13 14:00", 10);
    p.travel_.profile_ = profile::find_profile(name);
    p.travel_.bound_ = bound;
    p.cutoffs_min_ = {45};
    std::vector<double> const demand(hexagons_->size(), 1.0);
    return analysis::compute_accessibility(*net_, *hexagons_, *hexagons_, jobs, demand, {{}}, p);
  };
  auto const optimistic = profile::accessibility_bound::kOptimistic, strict = profile::accessibility_bound::kStrict;
  auto const walk = run("walk", optimistic);
  auto const elderly = run("elderly", optimistic);
  auto const chair = run("wheelchair", optimistic);
  auto const chair_strict = run("wheelchair", strict);
  auto const value = [](analysis::indicator_table const& t, std::size_t o) {
    return std::isnan(t.at(o, 0)) ? 0.0 : t.at(o, 0);
  };
  auto walk_total = 0.0, chair_total = 0.0;
  for (auto o = 0U; o != hexagons_->size(); ++o) {
    EXPECT_LE(value(elderly, o), value(walk, o)) << (*hexagons_)[o].id_;
    EXPECT_LE(value(chair, o), value(walk, o)) << (*hexagons_)[o].id_;
    EXPECT_LE(value(chair_strict, o), value(chair, o)) << (*hexagons_)[o].id_;
    walk_total += value(walk, o);
    chair_total += value(chair, o);
  }
  EXPECT_LT(chair_total, walk_total);  // slower and shorter legs lose jobs somewhere
}

TEST_F(poa, the_gap_between_profiles_by_zone) {
  // Four quadrant zones around the hexagons' mean position; seniors (the whole population's field,
  // here) measured with the elderly profile. Each zone's means are recomputed here from the origins
  // table (population-weighted, origins without a value left out) and must equal the zones table; a
  // slower, shorter-walking profile never has a positive gap.
  temp_dir dir;
  auto mean_lng = 0.0, mean_lat = 0.0;
  for (auto const& h : *hexagons_) {
    mean_lng += h.pos_.lng_ / static_cast<double>(hexagons_->size());
    mean_lat += h.pos_.lat_ / static_cast<double>(hexagons_->size());
  }
  std::ostringstream zones;
  zones.precision(12);
  zones << R"({"type":"FeatureCollection","features":[)";
  for (auto q = 0; q != 4; ++q) {
    auto const x0 = q % 2 == 0 ? mean_lng - 1 : mean_lng, x1 = q % 2 == 0 ? mean_lng : mean_lng + 1;
    auto const y0 = q < 2 ? mean_lat - 1 : mean_lat, y1 = q < 2 ? mean_lat : mean_lat + 1;
    zones << (q ? "," : "") << R"({"type":"Feature","properties":{"id":"Q)" << q
          << R"("},"geometry":{"type":"Polygon","coordinates":[[)"
          << "[" << x0 << "," << y0 << "],[" << x1 << "," << y0 << "],[" << x1 << "," << y1 << "],[" << x0 << "," << y1
          << "],[" << x0 << "," << y0 << "]]]}}";
  }
  zones << "]}";
  std::ofstream{dir.path_ / "zones.geojson"} << zones.str();
  network::save(*net_, dir.path_ / "poa.net");
  jobs::access_job job;
  job.network_.network_ = (dir.path_ / "poa.net").string();
  job.origins_ = job.opportunities_ = (poa_dir() / "poa_hexgrid.csv").string();
  job.population_fields_ = {"population"};
  job.opportunity_fields_ = {"jobs"};
  job.zones_ = (dir.path_ / "zones.geojson").string();
  job.params_.travel_ = params("2019-05-13 14:00", 10);
  job.params_.cutoffs_min_ = {45};
  job.publics_ = {jobs::parse_public("seniors=population:elderly", "")};
  job.out_ = (dir.path_ / "access.gpkg").string();
  std::ostringstream log;
  jobs::run(job, log);

  io::read_options oopt;
  oopt.numeric_fields_ = {"population", "jobs_step_45_p50", "seniors_jobs_step_45_p50", "seniors_gap_jobs_step_45_p50"};
  oopt.empty_numeric_as_nan_ = true;
  oopt.layer_ = "origins";
  auto const o = io::read_layer(job.out_, oopt);
  std::array<double, 4> pop{}, walk{}, seniors{}, gap{};
  for (auto i = 0U; i != o.ids_.size(); ++i) {
    auto const w = std::isnan(o.numeric_[0][i]) ? 0.0 : o.numeric_[0][i];
    if (std::isnan(o.numeric_[1][i]) || std::isnan(o.numeric_[2][i])) {
      continue;
    }
    EXPECT_LE(o.numeric_[3][i], 0.0) << o.ids_[i];
    auto const q = (o.positions_[i].lng_ < mean_lng ? 0 : 1) + (o.positions_[i].lat_ < mean_lat ? 0 : 2);
    pop[q] += w;
    walk[q] += w * o.numeric_[1][i];
    seniors[q] += w * o.numeric_[2][i];
    gap[q] += w * o.numeric_[3][i];
  }
  io::read_options zopt;
  zopt.id_field_ = "zone_id";
  zopt.layer_ = "zones";
  zopt.numeric_fields_ = {"jobs_step_45_p50", "seniors_jobs_step_45_p50", "seniors_gap_jobs_step_45_p50"};
  auto const z = io::read_layer(job.out_, zopt);
  ASSERT_EQ(z.ids_, (std::vector<std::string>{"Q0", "Q1", "Q2", "Q3"}));
  auto total_gap = 0.0;
  for (auto q = 0U; q != 4; ++q) {
    ASSERT_GT(pop[q], 0.0) << q;
    EXPECT_NEAR(z.numeric_[0][q], walk[q] / pop[q], 1e-6 * walk[q] / pop[q]) << z.ids_[q];
    EXPECT_NEAR(z.numeric_[1][q], seniors[q] / pop[q], 1e-6 * walk[q] / pop[q]) << z.ids_[q];
    EXPECT_NEAR(z.numeric_[2][q], gap[q] / pop[q], 1e-6 * walk[q] / pop[q]) << z.ids_[q];
    EXPECT_LE(z.numeric_[2][q], 0.0) << z.ids_[q];
    total_gap += z.numeric_[2][q];
  }
  EXPECT_LT(total_gap, 0.0);  // the elderly profile reaches fewer jobs somewhere
}

TEST_F(poa, profiles_are_deterministic_and_thread_independent) {
  // As for the walk profile: the same matrix on one and on two threads, and twice in a row, for the
  // profiles whose costs, re-snapped stops, own transfers and boarding filter differ from the walk.
  std::vector<analysis::point> origins;
  for (auto i = 0U; i < hexagons_->size(); i += 10) {
    origins.push_back((*hexagons_)[i]);
  }
  for (auto const* name : {"wheelchair", "elderly", "bike"}) {
    auto p = params("2019-05-13 14:00", 10);
    p.profile_ = profile::find_profile(name);
    p.bound_ = profile::accessibility_bound::kStrict;
    if (p.profile_.mode_ == profile::street_mode::kBike) {
      p.mode_ = analysis::mode::kWalk;  // bike trips are whole trips on the streets
    }
    p.threads_ = 1;
    auto const one = analysis::compute_matrix(*net_, origins, *hexagons_, p, {50});
    p.threads_ = 2;
    auto const two = analysis::compute_matrix(*net_, origins, *hexagons_, p, {50});
    auto const again = analysis::compute_matrix(*net_, origins, *hexagons_, p, {50});
    EXPECT_GT(one.n_pairs(), 0U) << name;
    EXPECT_EQ(one.dest_, two.dest_) << name;
    EXPECT_EQ(one.minutes_, two.minutes_) << name;
    EXPECT_EQ(two.dest_, again.dest_) << name;
    EXPECT_EQ(two.minutes_, again.minutes_) << name;
  }
}

}  // namespace
}  // namespace solimob::test

namespace solimob::test {
namespace {

// An on-demand zone around Trensurb's Sao Pedro station (SP) covering about a fifth of the
// hexagons, linked to SP: more hexagons reach SP within 30 min with it than without. The POA
// network has no car graph, so the vehicle drives the walk streets at the service's fallback speed
// (25 km/h here, on_demand_legs.h).
TEST_F(poa, an_on_demand_zone_brings_more_hexagons_to_its_hub) {
  latlng const sp{-30.0064762425, -51.2094251697};
  // Half-side (degrees, Chebyshev) of the square around SP holding the 20% nearest hexagons.
  std::vector<double> reach;
  for (auto const& h : *hexagons_) {
    reach.push_back(std::max(std::abs(h.pos_.lat_ - sp.lat_), std::abs(h.pos_.lng_ - sp.lng_)));
  }
  std::sort(begin(reach), end(reach));
  auto const half = reach[reach.size() / 5];
  ondemand::service zone;
  zone.id_ = "tad_sp";
  zone.zone_ = {{{{sp.lat_ - half, sp.lng_ - half},
                  {sp.lat_ - half, sp.lng_ + half},
                  {sp.lat_ + half, sp.lng_ + half},
                  {sp.lat_ + half, sp.lng_ - half},
                  {sp.lat_ - half, sp.lng_ - half}}}};
  zone.hours_ = {{6 * 3600, 20 * 3600}};
  zone.wait_s_ = 600;
  zone.hubs_ = {"SP"};
  zone.detour_factor_ = 1.3;
  zone.stop_time_s_ = 60;
  zone.fallback_speed_kmh_ = 25.0;
  auto const inside = std::count_if(begin(*hexagons_), end(*hexagons_),
                                    [&](analysis::point const& h) { return zone.contains(h.pos_); });
  EXPECT_GT(inside, static_cast<long>(hexagons_->size() * 15 / 100));
  EXPECT_LT(inside, static_cast<long>(hexagons_->size() * 25 / 100));

  auto p = params("2019-05-13 07:00", 1);
  p.max_time_min_ = 30;
  std::vector<analysis::point> const hub{{"SP", sp}};
  auto const without = analysis::compute_matrix(*net_, *hexagons_, hub, p, {50});
  p.on_demand_ = {zone};
  auto const with = analysis::compute_matrix(*net_, *hexagons_, hub, p, {50});
  // The service only adds legs: no hexagon gets slower, and the zone's hexagons that the walk and
  // transit leave beyond 30 min but that the wait (10 min), the ride and the stop (1 min) bring
  // within it make the count grow. (Measured once: 35 hexagons without, 90 with, 245 in the zone:
  // SP stands between the rail line and the freeway, so streets reach it by long detours.)
  auto n_without = 0, n_with = 0;
  for (auto o = 0U; o != hexagons_->size(); ++o) {
    auto const a = without.at(o, 0, 0), b = with.at(o, 0, 0);
    n_without += a != analysis::kUnreachedMinutes ? 1 : 0;
    n_with += b != analysis::kUnreachedMinutes ? 1 : 0;
    EXPECT_LE(b, a) << (*hexagons_)[o].id_;
  }
  EXPECT_GT(n_with, n_without) << "zone " << inside;
}

}  // namespace
}  // namespace solimob::test
