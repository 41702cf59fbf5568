#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <string>

#include "core/error.h"
#include "osm/lts.h"
#include "osm/street_import.h"
#include "osm/tags.h"
#include "support/ascii_network.h"
#include "support/map_tags.h"
#include "support/temp_dir.h"

namespace solimob::osm {
namespace {

using street::barrier_class;
using street::edge_attr;
using street::edge_kind;
using street::kerb_tag;
using street::surface_class;
using street::wheelchair_tag;

using test::map_tags;

edge_attr way(std::map<std::string, std::string> t) {
  return way_attr(map_tags{std::move(t)});
}
street::node_attr node(std::map<std::string, std::string> t) {
  return node_attr_of(map_tags{std::move(t)}).value_or(street::node_attr{});
}
std::uint8_t lts(std::map<std::string, std::string> t) {
  return lts_of(map_tags{std::move(t)});
}

TEST(osm_tags, steps_with_and_without_ramp) {
  auto const steps = way({{"highway", "steps"}});
  EXPECT_EQ(steps.kind_, edge_kind::kSteps);
  EXPECT_EQ(steps.flags_ & edge_attr::kRamp, 0);
  EXPECT_NE(way({{"highway", "steps"}, {"ramp:wheelchair", "yes"}}).flags_ & edge_attr::kRamp, 0);
  EXPECT_NE(way({{"highway", "steps"}, {"ramp", "yes"}}).flags_ & edge_attr::kRamp, 0);
  EXPECT_EQ(way({{"highway", "steps"}, {"ramp", "no"}}).flags_ & edge_attr::kRamp, 0);
  EXPECT_EQ(way({{"highway", "footway"}}).kind_, edge_kind::kStreet);
  EXPECT_NE(way({{"highway", "footway"}, {"footway", "crossing"}}).flags_ & edge_attr::kCrossing, 0);
  EXPECT_EQ(way({{"highway", "footway"}}).flags_ & edge_attr::kCrossing, 0);
}

TEST(osm_tags, wheelchair_values) {
  EXPECT_EQ(way({{"highway", "footway"}, {"wheelchair", "yes"}}).wheelchair_, wheelchair_tag::kYes);
  EXPECT_EQ(way({{"highway", "footway"}, {"wheelchair", "designated"}}).wheelchair_, wheelchair_tag::kYes);
  EXPECT_EQ(way({{"highway", "footway"}, {"wheelchair", "limited"}}).wheelchair_, wheelchair_tag::kLimited);
  EXPECT_EQ(way({{"highway", "footway"}, {"wheelchair", "no"}}).wheelchair_, wheelchair_tag::kNo);
  EXPECT_EQ(way({{"highway", "footway"}, {"wheelchair", "maybe"}}).wheelchair_, wheelchair_tag::kUnknown);
  EXPECT_EQ(way({{"highway", "footway"}}).wheelchair_, wheelchair_tag::kUnknown);
}

TEST(osm_tags, surface_and_smoothness_classes) {
  EXPECT_EQ(surface_of("asphalt", nullptr), surface_class::kPaved);
  EXPECT_EQ(surface_of("concrete:plates", nullptr), surface_class::kPaved);  // prefix "concrete"
  EXPECT_EQ(surface_of("sett", nullptr), surface_class::kRough);
  EXPECT_EQ(surface_of("gravel", nullptr), surface_class::kUnpaved);
  EXPECT_EQ(surface_of("mud", nullptr), surface_class::kImpassable);
  EXPECT_EQ(surface_of("unobtainium", nullptr), surface_class::kUnknown);
  EXPECT_EQ(surface_of(nullptr, nullptr), surface_class::kUnknown);
  // smoothness alone, and overriding only when worse
  EXPECT_EQ(surface_of(nullptr, "intermediate"), surface_class::kRough);
  EXPECT_EQ(surface_of("asphalt", "bad"), surface_class::kRough);  // rough worse than paved
  EXPECT_EQ(surface_of("asphalt", "very_bad"), surface_class::kUnpaved);
  EXPECT_EQ(surface_of("paving_stones", "horrible"), surface_class::kImpassable);
  EXPECT_EQ(surface_of("gravel", "good"), surface_class::kUnpaved);  // good is better: gravel stays
  EXPECT_EQ(way({{"highway", "path"}, {"surface", "dirt"}}).surface_, surface_class::kUnpaved);
}

TEST(osm_tags, incline_parsing) {
  EXPECT_EQ(incline_pct_of("5%"), 5);
  EXPECT_EQ(incline_pct_of("-8%"), -8);
  EXPECT_EQ(incline_pct_of("12"), 12);  // no unit: percent
  // tan(10 deg) = 0.1763 -> 17.6 % -> 18
  EXPECT_EQ(incline_pct_of("10°"), 18);
  // tan(-45 deg) = -1 -> -100 %
  EXPECT_EQ(incline_pct_of("-45°"), -100);
  EXPECT_EQ(incline_pct_of("250%"), 100);  // clamped
  EXPECT_EQ(incline_pct_of("up"), edge_attr::kNoIncline);
  EXPECT_EQ(incline_pct_of("down"), edge_attr::kNoIncline);
  EXPECT_EQ(incline_pct_of("steep"), edge_attr::kNoIncline);
  EXPECT_EQ(incline_pct_of("5 km"), edge_attr::kNoIncline);
  EXPECT_EQ(incline_pct_of(nullptr), edge_attr::kNoIncline);
}

TEST(osm_tags, kerbs_barriers_elevators) {
  EXPECT_EQ(node({{"highway", "crossing"}, {"kerb", "raised"}}).kerb_, kerb_tag::kRaised);
  EXPECT_EQ(node({{"highway", "crossing"}, {"kerb", "lowered"}}).kerb_, kerb_tag::kLowered);
  EXPECT_EQ(node({{"barrier", "kerb"}, {"kerb", "no"}}).kerb_, kerb_tag::kFlush);
  EXPECT_EQ(node({{"barrier", "kerb"}, {"kerb", "yes"}}).kerb_, kerb_tag::kUnknown);
  EXPECT_EQ(node({{"highway", "crossing"}}).kerb_, kerb_tag::kUnknown);
  EXPECT_EQ(node({{"amenity", "bench"}}).kerb_, kerb_tag::kNone);
  EXPECT_FALSE(node_attr_of(map_tags{{{"amenity", "bench"}}}).has_value());  // not remembered
  EXPECT_EQ(node({{"barrier", "gate"}}).barrier_, barrier_class::kPassable);
  EXPECT_EQ(node({{"barrier", "bollard"}}).barrier_, barrier_class::kPassable);
  EXPECT_EQ(node({{"barrier", "block"}}).barrier_, barrier_class::kPassable);
  EXPECT_EQ(node({{"barrier", "kissing_gate"}}).barrier_, barrier_class::kNoWheelchair);
  EXPECT_EQ(node({{"barrier", "turnstile"}}).barrier_, barrier_class::kNoWheelchair);
  EXPECT_EQ(node({{"barrier", "cycle_barrier"}}).barrier_, barrier_class::kNoWheelchair);
  EXPECT_EQ(node({{"barrier", "fence"}}).barrier_, barrier_class::kNone);
  EXPECT_EQ(node({{"highway", "elevator"}}).flags_, street::node_attr::kElevator);
  EXPECT_EQ(node({{"entrance", "yes"}, {"wheelchair", "no"}}).wheelchair_, wheelchair_tag::kNo);
}

TEST(osm_tags, bicycle_permission) {
  EXPECT_NE(way({{"highway", "footway"}}).flags_ & edge_attr::kNoBicycle, 0);  // default access=no
  EXPECT_NE(way({{"highway", "pedestrian"}}).flags_ & edge_attr::kNoBicycle, 0);
  EXPECT_NE(way({{"highway", "steps"}}).flags_ & edge_attr::kNoBicycle, 0);
  EXPECT_EQ(way({{"highway", "footway"}, {"bicycle", "yes"}}).flags_ & edge_attr::kNoBicycle, 0);
  EXPECT_EQ(way({{"highway", "footway"}, {"bicycle", "designated"}}).flags_ & edge_attr::kNoBicycle, 0);
  EXPECT_NE(way({{"highway", "residential"}, {"bicycle", "no"}}).flags_ & edge_attr::kNoBicycle, 0);
  EXPECT_NE(way({{"highway", "cycleway"}, {"bicycle", "dismount"}}).flags_ & edge_attr::kNoBicycle, 0);
  EXPECT_EQ(way({{"highway", "path"}}).flags_ & edge_attr::kNoBicycle, 0);  // path: bicycle=yes
  EXPECT_EQ(way({{"highway", "footway"}}).lts_, 0);                         // no cycling: no LTS
}

// Expected values derived by hand from R5's LevelOfTrafficStressLabeler.label (rules numbered as in lts.cc).
TEST(osm_tags, lts_as_r5) {
  EXPECT_EQ(lts({{"highway", "primary"}, {"lts", "2"}}), 2);             // 1. lts tag wins
  EXPECT_EQ(lts({{"highway", "primary"}, {"lts", "2.7"}}), 2);           // 1. float truncated (Java (int) cast)
  EXPECT_EQ(lts({{"highway", "cycleway"}}), 1);                          // 2. no cars
  EXPECT_EQ(lts({{"highway", "primary"}, {"motor_vehicle", "no"}}), 1);  // 2. no cars
  EXPECT_EQ(lts({{"highway", "service"}}), 0);                           // 3. service: unlabelled
  EXPECT_EQ(lts({{"highway", "residential"}, {"maxspeed", "80"}}), 1);   // 4. residential: 1 whatever the speed
  EXPECT_EQ(lts({{"highway", "living_street"}}), 1);                     // 4.
  EXPECT_EQ(lts({{"highway", "tertiary"}, {"lanes", "2"}}), 2);          // 8. <= 3 lanes, no maxspeed: 2
  EXPECT_EQ(lts({{"highway", "tertiary"}, {"lanes", "2"}, {"maxspeed", "60"}}), 3);  // 7. 60 > 40.25: default 3
  EXPECT_EQ(lts({{"highway", "tertiary"}, {"maxspeed", "30"}}), 2);                  // 7. lanes unknown, 30 <= 40.25: 2
  EXPECT_EQ(lts({{"highway", "unclassified"}, {"lanes", "4"}, {"cycleway", "lane"}}), 2);  // 8. lane both ways: 2
  // 8. lane forward only (cycleway:right=lane): forward 2, backward default 3 -> worse of the two 3
  EXPECT_EQ(lts({{"highway", "tertiary"}, {"lanes", "4"}, {"cycleway:right", "lane"}}), 3);
  EXPECT_EQ(lts({{"highway", "primary"}}), 4);                      // 9. no lane: nothing set, 10. -> 4
  EXPECT_EQ(lts({{"highway", "primary"}, {"maxspeed", "30"}}), 4);  // 9. slow but no lane: 4
  // 9. lanes both ways, 2 lanes, 20 mph = 32.2 km/h <= 40.25: default 2
  EXPECT_EQ(lts({{"highway", "secondary"}, {"cycleway", "lane"}, {"lanes", "2"}, {"maxspeed", "20 mph"}}), 2);
  EXPECT_EQ(lts({{"highway", "primary"}, {"cycleway", "lane"}}), 3);  // 9. lanes both ways, default 3
  // 9. lane forward only: forward 3, backward nothing -> 4; worse 4
  EXPECT_EQ(lts({{"highway", "primary"}, {"cycleway:right", "lane"}}), 4);
  EXPECT_EQ(lts({{"highway", "trunk"}, {"cycleway", "lane"}, {"maxspeed", "fast"}}), 3);  // bad maxspeed: NaN
}

TEST(osm_tags, tertiary_without_lanes_tag) {
  // R5: lanes = Integer.MAX_VALUE when untagged, maxSpeed NaN: neither "lanes <= 3" rule applies, so the
  // default stays 3 and the tertiary branch sets 3 in both directions (not 4).
  EXPECT_EQ(lts({{"highway", "tertiary"}}), 3);
}

TEST(osm_tags, maxspeed_as_r5) {
  EXPECT_DOUBLE_EQ(speed_kmh("50"), 50.0);
  EXPECT_DOUBLE_EQ(speed_kmh("30 mph"), 30 * 1.609);
  EXPECT_DOUBLE_EQ(speed_kmh("10knots"), 18.52);
  EXPECT_TRUE(std::isnan(speed_kmh("none")));
  EXPECT_TRUE(std::isnan(speed_kmh("BR:urban")));
}

TEST(lts_overrides, reads_r5r_csv_and_rejects_bad_lines) {
  test::temp_dir dir;
  auto const ok = read_lts_overrides(dir.file("ok.csv", "osm_id,lts\n10,1\n11,4\r\n"));
  EXPECT_EQ(ok.size(), 2U);
  EXPECT_EQ(ok.at(11), 4);
  auto const message = [&](std::string const& content) {
    try {
      read_lts_overrides(dir.file("bad.csv", content));
    } catch (input_error const& e) {
      return std::string{e.what()};
    }
    return std::string{"no error"};
  };
  auto const bad_lts = message("osm_id,lts\n10,1\n11,5\n");
  EXPECT_NE(bad_lts.find("bad.csv"), std::string::npos) << bad_lts;
  EXPECT_NE(bad_lts.find('3'), std::string::npos) << bad_lts;  // line 3
  EXPECT_NE(bad_lts.find("lts"), std::string::npos) << bad_lts;
  auto const bad_id = message("osm_id,lts\nabc,1\n");
  EXPECT_NE(bad_id.find("osm_id"), std::string::npos) << bad_id;
  EXPECT_NE(bad_id.find('2'), std::string::npos) << bad_id;
  auto const missing = message("osm_id,lts\n10\n");
  EXPECT_NE(missing.find("missing column"), std::string::npos) << missing;
}

TEST(osm_tags, import_fills_edge_and_node_attributes_and_overrides) {
  test::temp_dir dir;
  auto const path = dir.file("attrs.osm", R"(<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="test">
  <node id="1" lat="48.900" lon="2.400" version="1"/>
  <node id="2" lat="48.901" lon="2.400" version="1"><tag k="highway" v="crossing"/><tag k="kerb" v="raised"/></node>
  <node id="3" lat="48.902" lon="2.400" version="1"><tag k="barrier" v="kerb"/><tag k="kerb" v="lowered"/></node>
  <node id="4" lat="48.903" lon="2.400" version="1"><tag k="highway" v="elevator"/></node>
  <node id="5" lat="48.904" lon="2.400" version="1"><tag k="barrier" v="stile"/><tag k="access" v="no"/></node>
  <node id="6" lat="48.905" lon="2.400" version="1"/>
  <way id="10" version="1"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="steps"/><tag k="incline" v="-8%"/></way>
  <way id="11" version="1"><nd ref="3"/><nd ref="4"/><nd ref="5"/><nd ref="6"/><tag k="highway" v="primary"/><tag k="surface" v="sett"/></way>
</osm>
)");
  auto const s = import_streets(path, 0, {{11, 2}, {999, 1}});
  auto const& g = s.graph_;
  // nodes: 1, 2, 3, 4, then 5 twice (impassable: one copy per edge), 6 -> 7 nodes, 5 edges
  ASSERT_EQ(g.n_edges(), 5U);
  ASSERT_EQ(g.n_nodes(), 7U);
  EXPECT_EQ(g.edge_attr_[edge_idx{0}].kind_, edge_kind::kSteps);
  EXPECT_EQ(g.edge_attr_[edge_idx{1}].incline_pct_, -8);
  EXPECT_EQ(g.edge_attr_[edge_idx{2}].surface_, surface_class::kRough);
  for (auto e = 2U; e < 5U; ++e) {
    EXPECT_EQ(g.edge_attr_[edge_idx{e}].lts_, 2);  // overridden (R5 would say 4)
  }
  EXPECT_EQ(s.lts_overridden_ways_, 1U);
  EXPECT_EQ(s.lts_overrides_not_found_, 1U);
  std::size_t raised = 0, lowered = 0, elevators = 0, stiles = 0;
  for (auto n = 0U; n < g.n_nodes(); ++n) {
    auto const& a = g.node_attr_[node_idx{n}];
    raised += a.kerb_ == kerb_tag::kRaised;
    lowered += a.kerb_ == kerb_tag::kLowered;
    elevators += (a.flags_ & street::node_attr::kElevator) != 0;
    stiles += a.barrier_ == barrier_class::kNoWheelchair;
  }
  EXPECT_EQ(raised, 1U);
  EXPECT_EQ(lowered, 1U);
  EXPECT_EQ(elevators, 1U);
  EXPECT_EQ(stiles, 2U);  // both copies of the impassable node 5
}

TEST(osm_tags, poa_overrides_and_surfaces) {
  auto const dir = test::poa_dir();
  if (dir.empty()) {
    GTEST_SKIP() << "skipped: ../shared/data/poa is absent (real-data tests need ../shared beside the repository)";
  }
  auto const s =
      import_streets(dir / "poa_osm.pbf", street::kMinIslandVertices, read_lts_overrides(dir / "poa_osm_lts.csv"));
  EXPECT_GT(s.lts_overridden_ways_, 0U);
  EXPECT_GT(s.lts_raised_edges_, 0U);  // R5's intersection rule finds unsignalled junctions with busier roads
  std::size_t known = 0;
  for (auto const& a : s.graph_.edge_attr_) {
    known += a.surface_ != surface_class::kUnknown;
  }
  auto const share = static_cast<double>(known) / static_cast<double>(s.graph_.n_edges());
  EXPECT_GT(share, 0.0);
  EXPECT_LT(share, 1.0);
}

}  // namespace
}  // namespace solimob::osm
