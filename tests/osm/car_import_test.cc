#include <gtest/gtest.h>

#include <map>
#include <string>

#include "core/error.h"
#include "osm/car_import.h"
#include "support/map_tags.h"
#include "support/temp_dir.h"

namespace solimob::osm {
namespace {

using test::map_tags;

bool drivable(std::map<std::string, std::string> tags) {
  return is_drivable(map_tags{std::move(tags)});
}

one_way direction(std::map<std::string, std::string> tags) {
  return one_way_of(map_tags{std::move(tags)});
}

double speed(std::map<std::string, std::string> tags) {
  return car_speed_kmh(map_tags{std::move(tags)});
}

TEST(car_profile, road_classes_unless_closed_to_motor_vehicles) {
  EXPECT_TRUE(drivable({{"highway", "residential"}}));
  EXPECT_TRUE(drivable({{"highway", "motorway"}}));
  EXPECT_TRUE(drivable({{"highway", "primary_link"}}));
  EXPECT_TRUE(drivable({{"highway", "service"}}));
  EXPECT_TRUE(drivable({{"highway", "living_street"}}));
  EXPECT_FALSE(drivable({{"highway", "footway"}}));
  EXPECT_FALSE(drivable({{"highway", "track"}}));
  EXPECT_FALSE(drivable({{"highway", "cycleway"}}));
  EXPECT_FALSE(drivable({{"building", "yes"}}));
  EXPECT_FALSE(drivable({{"highway", "residential"}, {"access", "no"}}));
  EXPECT_FALSE(drivable({{"highway", "service"}, {"access", "private"}}));
  EXPECT_FALSE(drivable({{"highway", "residential"}, {"motor_vehicle", "no"}}));
  // The most specific tag decides: a motor_vehicle exception opens an access=no way.
  EXPECT_TRUE(drivable({{"highway", "residential"}, {"access", "no"}, {"motor_vehicle", "yes"}}));
  EXPECT_FALSE(drivable({{"highway", "residential"}, {"motor_vehicle", "yes"}, {"motorcar", "no"}}));
}

TEST(car_profile, one_way_rules) {
  EXPECT_EQ(direction({{"highway", "residential"}}), one_way::kNo);
  EXPECT_EQ(direction({{"highway", "residential"}, {"oneway", "yes"}}), one_way::kForward);
  EXPECT_EQ(direction({{"highway", "residential"}, {"oneway", "1"}}), one_way::kForward);
  EXPECT_EQ(direction({{"highway", "residential"}, {"oneway", "true"}}), one_way::kForward);
  EXPECT_EQ(direction({{"highway", "residential"}, {"oneway", "-1"}}), one_way::kBackward);
  EXPECT_EQ(direction({{"highway", "primary"}, {"junction", "roundabout"}}), one_way::kForward);
  EXPECT_EQ(direction({{"highway", "motorway"}}), one_way::kForward);
  EXPECT_EQ(direction({{"highway", "motorway_link"}}), one_way::kForward);
  EXPECT_EQ(direction({{"highway", "motorway"}, {"oneway", "no"}}), one_way::kNo);
}

TEST(car_profile, speed_from_maxspeed_else_r5_class_defaults) {
  EXPECT_DOUBLE_EQ(speed({{"highway", "primary"}, {"maxspeed", "50"}}), 50.0);
  EXPECT_DOUBLE_EQ(speed({{"highway", "primary"}, {"maxspeed", "30 mph"}}), 30 * 1.609);
  EXPECT_DOUBLE_EQ(speed({{"highway", "primary"}, {"maxspeed", "FR:urban"}}), 50.0);
  EXPECT_DOUBLE_EQ(speed({{"highway", "primary"}, {"maxspeed", "FR:rural"}}), 80.0);
  EXPECT_DOUBLE_EQ(speed({{"highway", "primary"}, {"maxspeed", "50"}, {"maxspeed:motorcar", "30"}}), 30.0);
  // Without a usable maxspeed: R5's defaults, 45 mph for primary, 65 for motorway, 25 for residential.
  EXPECT_DOUBLE_EQ(speed({{"highway", "primary"}, {"maxspeed", "signals"}}), 72.4);
  EXPECT_DOUBLE_EQ(speed({{"highway", "primary"}, {"maxspeed", "0"}}), 72.4);
  EXPECT_DOUBLE_EQ(speed({{"highway", "motorway"}}), 104.6);
  EXPECT_DOUBLE_EQ(speed({{"highway", "residential"}}), 40.2);
  EXPECT_DOUBLE_EQ(speed({{"highway", "living_street"}}), 8.0);
}

// 1-2-3 on one parallel 0.001 degree apart; 3-4 one-way against the way; 4-5 footway, 5-6 access=no.
constexpr char const* kTinyOsm = R"(<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="test">
  <node id="1" lat="0" lon="0.000" version="1"/>
  <node id="2" lat="0" lon="0.001" version="1"/>
  <node id="3" lat="0" lon="0.002" version="1"/>
  <node id="4" lat="0" lon="0.003" version="1"/>
  <node id="5" lat="0" lon="0.004" version="1"/>
  <node id="6" lat="0" lon="0.005" version="1"/>
  <way id="10" version="1"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/><tag k="maxspeed" v="50"/></way>
  <way id="11" version="1"><nd ref="3"/><nd ref="4"/><tag k="highway" v="tertiary"/><tag k="oneway" v="-1"/></way>
  <way id="12" version="1"><nd ref="4"/><nd ref="5"/><tag k="highway" v="footway"/></way>
  <way id="13" version="1"><nd ref="5"/><nd ref="6"/><tag k="highway" v="residential"/><tag k="access" v="no"/></way>
  <relation id="20" version="1"><member type="way" ref="10" role="from"/><member type="node" ref="3" role="via"/>
    <member type="way" ref="11" role="to"/><tag k="type" v="restriction"/><tag k="restriction" v="no_left_turn"/></relation>
</osm>
)";

TEST(car_import, reads_drivable_ways_directions_and_speeds) {
  test::temp_dir dir;
  auto const path = dir.file("tiny.osm", kTinyOsm);
  auto const in = import_cars(path, {}, 0);
  auto const& g = in.cars_.graph_;
  ASSERT_EQ(g.n_edges(), 3U);  // 1-2, 2-3, 4->3; the footway and the access=no way are left out
  EXPECT_EQ(g.n_nodes(), 4U);
  EXPECT_EQ(in.maxspeed_edges_, 2U);
  EXPECT_EQ(in.restrictions_, 1U);
  // 0.001 degree of longitude at the equator: 111.2 m.
  EXPECT_NEAR(g.edge_length_cm_[edge_idx{0}] / 100.0, 111.2, 0.1);
  EXPECT_EQ(in.cars_.speed_kmh_x10_[edge_idx{0}], 500);
  EXPECT_EQ(in.cars_.speed_kmh_x10_[edge_idx{2}], 402);  // tertiary: 25 mph
  // oneway=-1: drawn from node 4 to node 3 (the 4th node read is node 4), flagged one-way.
  EXPECT_EQ(g.edge_from_[edge_idx{2}], node_idx{3});
  EXPECT_EQ(g.edge_to_[edge_idx{2}], node_idx{2});
  EXPECT_NE(g.edge_attr_[edge_idx{2}].flags_ & street::edge_attr::kOneWay, 0);
  EXPECT_EQ(g.edge_attr_[edge_idx{0}].flags_ & street::edge_attr::kOneWay, 0);
}

TEST(car_import, speed_file_sets_scales_or_closes_ways) {
  test::temp_dir dir;
  auto const path = dir.file("tiny.osm", kTinyOsm);
  car_speeds const speeds{{10, {0.5, true}}, {11, {30.0, false}}, {12, {20.0, false}}, {99, {1.0, true}}};
  auto const in = import_cars(path, speeds, 0);
  EXPECT_EQ(in.cars_.speed_kmh_x10_[edge_idx{0}], 250);  // 50 km/h x 0.5
  EXPECT_EQ(in.cars_.speed_kmh_x10_[edge_idx{2}], 300);
  EXPECT_EQ(in.overridden_ways_, 2U);      // 10, 11 (12 is a footway)
  EXPECT_EQ(in.overrides_not_found_, 2U);  // 12, 99
  auto const closed = import_cars(path, {{11, {0.0, false}}}, 0);
  EXPECT_EQ(closed.cars_.graph_.n_edges(), 2U);
}

TEST(car_import, the_strongly_connected_core_is_kept) {
  // 1-2-3 two-way, 3->4 one-way: node 4 can be reached but not left, a strong piece of its own.
  test::temp_dir dir;
  auto const path = dir.file("trap.osm", R"(<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="test">
  <node id="1" lat="0" lon="0.000" version="1"/>
  <node id="2" lat="0" lon="0.001" version="1"/>
  <node id="3" lat="0" lon="0.002" version="1"/>
  <node id="4" lat="0" lon="0.003" version="1"/>
  <way id="10" version="1"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/></way>
  <way id="11" version="1"><nd ref="3"/><nd ref="4"/><tag k="highway" v="residential"/><tag k="oneway" v="yes"/></way>
</osm>
)");
  auto const in = import_cars(path);  // 40 vertices needed: only the largest piece (1-2-3) stays
  EXPECT_EQ(in.cars_.graph_.n_nodes(), 3U);
  EXPECT_EQ(in.cars_.graph_.n_edges(), 2U);
  EXPECT_EQ(in.island_nodes_removed_, 1U);
  EXPECT_EQ(import_cars(path, {}, 0).cars_.graph_.n_nodes(), 4U);
}

TEST(car_speed_file, reads_r5r_rows) {
  test::temp_dir dir;
  auto const s = read_car_speeds(dir.file("s.csv", "osm_id,max_speed,speed_type\n10,0.8,scale\r\n11,30,km/h\n\n"));
  ASSERT_EQ(s.size(), 2U);
  EXPECT_DOUBLE_EQ(s.at(10).value_, 0.8);
  EXPECT_TRUE(s.at(10).scale_);
  EXPECT_DOUBLE_EQ(s.at(11).value_, 30.0);
  EXPECT_FALSE(s.at(11).scale_);
}

TEST(car_speed_file, bad_rows_name_file_line_and_field) {
  test::temp_dir dir;
  auto const fails_with = [&](std::string const& body, std::string const& expected) {
    auto const path = dir.file("s.csv", "osm_id,max_speed,speed_type\n10,50,km/h\n" + body);
    try {
      read_car_speeds(path);
      ADD_FAILURE() << body;
    } catch (input_error const& e) {
      std::string const what = e.what();
      EXPECT_NE(what.find(path.string()), std::string::npos) << what;
      EXPECT_NE(what.find(expected), std::string::npos) << what;
    }
  };
  fails_with("x1,50,km/h\n", ":3 field 'osm_id'");
  fails_with("11,fast,km/h\n", ":3 field 'max_speed'");
  fails_with("11,-1,scale\n", ":3 field 'max_speed'");
  fails_with("11,50,mph\n", ":3 field 'speed_type'");
  fails_with("11,50\n", ":3: expected 3 columns");
  EXPECT_THROW(read_car_speeds(dir.path_ / "absent.csv"), input_error);
}

}  // namespace
}  // namespace solimob::osm
