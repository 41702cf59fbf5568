// --mode car: door-to-door car times on a block drawn at the equator, where 0.009 degree is
// 1000.754 m both ways (sphere of 6371008.8 m):
//
//   A---B      each side a two-way residential street at maxspeed 36 (10 m/s: 100.075 s a side,
//   |   |      10008 centiseconds once rounded), unless a case says otherwise.
//   D---C
//
// Points stand on the nodes (no walk to the car) and parking is 0 unless a case says otherwise.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/on_demand_legs.h"
#include "analysis/travel_times.h"
#include "core/error.h"
#include "core/geo.h"
#include "io/vector_io.h"
#include "jobs/access_job.h"
#include "network/network.h"
#include "osm/car_import.h"
#include "osm/street_import.h"
#include "support/access_setup.h"
#include "support/ascii_network.h"
#include "support/temp_dir.h"
#include "support/travel_params.h"

namespace solimob::analysis {
namespace {

constexpr char const* kStreet = R"(<tag k="highway" v="residential"/><tag k="maxspeed" v="36"/>)";

std::string way(int id, int from, int to, std::string const& tags) {
  return "<way id='" + std::to_string(id) + "' version='1'><nd ref='" + std::to_string(from) + "'/><nd ref='" +
         std::to_string(to) + "'/>" + tags + "</way>\n";
}

// The block with the tags of A-B (drawn from A to B) and B-C.
network::network block(std::string const& ab = kStreet, std::string const& bc = kStreet) {
  test::temp_dir dir;
  auto const path = dir.file("block.osm",
                             "<?xml version='1.0' encoding='UTF-8'?>\n<osm version='0.6'>\n"
                             "<node id='1' version='1' lat='0' lon='0'/>\n"
                             "<node id='2' version='1' lat='0' lon='0.009'/>\n"
                             "<node id='3' version='1' lat='-0.009' lon='0.009'/>\n"
                             "<node id='4' version='1' lat='-0.009' lon='0'/>\n" +
                                 way(10, 1, 2, ab) + way(11, 2, 3, bc) + way(12, 3, 4, kStreet) +
                                 way(13, 4, 1, kStreet) + "</osm>\n");
  auto streets = osm::import_streets(path, 0);
  auto n = network::assemble(std::move(streets.graph_), {}, {});
  n.cars_ = osm::import_cars(path, {}, 0).cars_;
  return n;
}

point at(char c) {
  switch (c) {
    case 'A':
      return {"A", {0.0, 0.0}};
    case 'B':
      return {"B", {0.0, 0.009}};
    case 'C':
      return {"C", {-0.009, 0.009}};
    default:
      return {"D", {-0.009, 0.0}};
  }
}

travel_time_params car_params(double parking_min = 0.0) {
  auto p = test::one_minute_params("walk");  // 3.6 km/h: 1 m/s to and from the car
  p.mode_ = mode::kCar;
  p.car_parking_min_ = parking_min;
  return p;
}

// Seconds from `from` to `to`.
seconds_t car_s(network::network const& n, point const& from, point const& to, travel_time_params const& p) {
  std::vector<point> const o{from}, d{to};
  seconds_t out = kUnreachable;
  compute_travel_times(n, o, d, p, [&](origin_times const& t) { out = t.at(0)[0]; });
  return out;
}

TEST(car_travel, follows_one_way_streets) {
  // A-B one-way from A to B: A -> B direct, 10008 cs = 100 s; B -> A around the block B-C-D-A,
  // 3 x 10008 = 30024 cs = 300 s.
  auto const n = block(std::string{kStreet} + R"(<tag k="oneway" v="yes"/>)");
  EXPECT_EQ(car_s(n, at('A'), at('B'), car_params()), 100);
  EXPECT_EQ(car_s(n, at('B'), at('A'), car_params()), 300);
  // Two-way: 100 s both ways.
  auto const two_way = block();
  EXPECT_EQ(car_s(two_way, at('B'), at('A'), car_params()), 100);
}

TEST(car_travel, modes_say_car) {
  // matrix --modes on a car trip: the mode bits are trip_mode::kCar for every reachable sample.
  auto const n = block();
  auto p = car_params();
  p.modes_ = true;
  std::vector<point> const o{at('A')}, d{at('B')};
  std::uint8_t bits = 0;
  compute_travel_times(n, o, d, p, [&](origin_times const& t) { bits = t.modes_at(0)[0]; });
  EXPECT_EQ(bits, trip_mode::kCar);
  EXPECT_EQ(mode_label(bits), "car");
}

TEST(car_travel, maxspeed_beats_the_class_default) {
  // B-C without maxspeed: R5's residential default 25 mph = 40.2 km/h = 11.1667 m/s, 1000.754 m in
  // 89.62 s (8962 cs). A -> C through B: 10008 + 8962 = 18970 cs = 189 s (through D: 200 s).
  auto const n = block(kStreet, R"(<tag k="highway" v="residential"/>)");
  EXPECT_EQ(car_s(n, at('A'), at('C'), car_params()), 189);
  // With maxspeed=72 on B-C (20 m/s: 5004 cs): 10008 + 5004 = 15012 cs = 150 s.
  auto const fast = block(kStreet, R"(<tag k="highway" v="residential"/><tag k="maxspeed" v="72"/>)");
  EXPECT_EQ(car_s(fast, at('A'), at('C'), car_params()), 150);
}

TEST(car_travel, access_no_way_is_not_driven) {
  // A-B closed to cars: A -> B goes A-D-C-B, 300 s.
  auto const n = block(std::string{kStreet} + R"(<tag k="access" v="no"/>)");
  EXPECT_EQ(car_s(n, at('A'), at('B'), car_params()), 300);
}

TEST(car_travel, walk_to_the_car_and_parking_are_added) {
  // From 0.0009 degree north of A (100.075 m, walked at 1 m/s: 10008 cm -> 100 s) to B: walk 100 s,
  // drive A-B 100 s, park 5 min = 300 s: 500 s.
  auto const n = block();
  point const north_of_a{"P", {0.0009, 0.0}};
  EXPECT_EQ(car_s(n, north_of_a, at('B'), car_params(5.0)), 500);
  // The trip budget holds all of it: under 500 s (--max-time 8 min = 480 s) it is unreachable.
  auto p = car_params(5.0);
  p.max_time_min_ = 8;
  EXPECT_EQ(car_s(n, north_of_a, at('B'), p), kUnreachable);
}

TEST(car_travel, network_without_car_data_is_refused) {
  auto n = block();
  n.cars_ = {};
  std::vector<point> const pts{at('A')};
  EXPECT_THROW(compute_travel_times(n, pts, pts, car_params(), [](origin_times const&) {}), input_error);
}

TEST(car_travel, car_network_survives_save_and_load) {
  test::temp_dir dir;
  auto const n = block(std::string{kStreet} + R"(<tag k="oneway" v="yes"/>)");
  network::save(n, dir.path_ / "a.net");
  auto const loaded = network::load(dir.path_ / "a.net");
  EXPECT_EQ(loaded.cars_.graph_.node_pos_, n.cars_.graph_.node_pos_);
  EXPECT_EQ(loaded.cars_.graph_.edge_from_, n.cars_.graph_.edge_from_);
  EXPECT_EQ(loaded.cars_.graph_.edge_to_, n.cars_.graph_.edge_to_);
  EXPECT_EQ(loaded.cars_.graph_.edge_length_cm_, n.cars_.graph_.edge_length_cm_);
  EXPECT_EQ(loaded.cars_.speed_kmh_x10_, n.cars_.speed_kmh_x10_);
  EXPECT_EQ(loaded.cars_.graph_.adjacency_.data_.size(), 8U);  // 4 edges, both ends
  EXPECT_EQ(car_s(loaded, at('B'), at('A'), car_params()), 300);
}

TEST(car_travel, access_reports_the_car_dependence_gap) {
  // A-B one-way from A to B; 3 jobs at A, 5 at B; origins a (at A) and b (at B), walk mode, 3 min.
  // Walking a side takes 1000 s: a reaches the 3 jobs at A, b the 5 at B. By car (no parking): a
  // also reaches B in 100 s (8 jobs, gap +5); b needs 300 s around the block to A (5 jobs, gap 0).
  test::temp_dir dir;
  auto const n = block(std::string{kStreet} + R"(<tag k="oneway" v="yes"/>)");
  dir.file("o.csv", "id,lon,lat,population\na,0,0,10\nb,0.009,0,20\n");
  dir.file("d.csv", "id,lon,lat,jobs\nja,0,0,3\njb,0.009,0,5\n");
  auto job = test::access_job_on(n, dir.path_, {"population"});
  job.opportunity_fields_ = {"jobs"};
  job.params_.travel_ = car_params();
  job.params_.travel_.mode_ = mode::kWalk;
  job.params_.cutoffs_min_ = {3};
  job.car_gap_ = true;
  job.out_ = (dir.path_ / "access.gpkg").string();
  std::ostringstream log;
  jobs::run(job, log);
  io::read_options opt;
  opt.layer_ = "origins";
  opt.numeric_fields_ = {"jobs_step_3_p50", "car_jobs_step_3_p50", "car_gap_jobs_step_3_p50"};
  auto const o = io::read_layer(job.out_, opt);
  ASSERT_EQ(o.ids_, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(o.numeric_[0], (std::vector<double>{3.0, 5.0}));
  EXPECT_EQ(o.numeric_[1], (std::vector<double>{8.0, 5.0}));
  EXPECT_EQ(o.numeric_[2], (std::vector<double>{5.0, 0.0}));
  // Measuring the car against itself is refused.
  job.params_.travel_.mode_ = mode::kCar;
  EXPECT_THROW(jobs::run(job, log), input_error);
}

// Porto Alegre: public market -> Iguatemi shopping centre. Straight line 6297 m (haversine of
// 0.001053 degree of latitude and 0.065402 of longitude at 30.03 S). No car can beat that line at the
// network's fastest speed, plus the 5 min of parking; at 15 km/h over a 1.5x detour (9.4 km) it
// would take 38 min, plus parking: 43 min is a generous upper bound. Walking it takes more than an hour.
TEST(car_travel, porto_alegre_car_trip_within_hand_bounds) {
  auto const dir = test::poa_dir();
  if (dir.empty()) {
    GTEST_SKIP() << "skipped: ../shared/data/poa is absent (real-data tests need ../shared beside the repository)";
  }
  gtfs::report r;
  auto const n = network::build(dir / "poa_osm.pbf", {dir / "poa_eptc.zip"}, {}, r);
  ASSERT_FALSE(n.cars_.empty());
  point const market{"market", {-30.027565, -51.227811}}, iguatemi{"iguatemi", {-30.026512, -51.162409}};
  auto const line_m = haversine_m(market.pos_, iguatemi.pos_);
  EXPECT_NEAR(line_m, 6297.0, 10.0);
  auto top_kmh_x10 = 0;
  for (auto const s : n.cars_.speed_kmh_x10_) {
    top_kmh_x10 = std::max<int>(top_kmh_x10, s);
  }
  auto p = car_params(5.0);
  p.max_time_min_ = 180;
  auto const car = car_s(n, market, iguatemi, p);
  EXPECT_GE(car, line_m / (top_kmh_x10 / 36.0) + 300);
  EXPECT_LE(car, 43 * 60);
  auto walk = p;
  walk.mode_ = mode::kWalk;
  EXPECT_GT(car_s(n, market, iguatemi, walk), 60 * 60);
}

}  // namespace
}  // namespace solimob::analysis
