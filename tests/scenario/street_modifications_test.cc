// Street projects (modify-streets, add-streets) on maps drawn as text, one character = 100 m (the grid
// is 100 m to within centimetres: expected times allow 1 s). Times are derived by hand from the
// profiles' documented speeds (README, Profiles): walk 1 m/s, wheelchair 0.8 m/s (2.88 / 3.6, truncated
// to 799 mm/s), bike 12 km/h (3333 mm/s) and a pushed bike at 3.6 km/h; street times are rounded down
// to whole seconds (transit::walk_seconds).
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/travel_times.h"
#include "core/error.h"
#include "io/file_util.h"
#include "network/network.h"
#include "osm/car_import.h"
#include "osm/street_import.h"
#include "profile/edge_costs.h"
#include "profile/profile.h"
#include "scenario/scenario.h"
#include "support/ascii_network.h"
#include "support/temp_dir.h"
#include "support/travel_params.h"

namespace solimob::test {
namespace {

node_idx node_at(ascii_network const& map, street::street_graph const& g, char c) {
  for (auto n = 0U; n != g.n_nodes(); ++n) {
    if (haversine_m(g.node_pos_[node_idx{n}], map.pos(c)) < 0.01) {
      return node_idx{n};
    }
  }
  ADD_FAILURE() << "no node " << c;
  return node_idx{0};
}

edge_idx edge_between(ascii_network const& map, street::street_graph const& g, char a, char b) {
  auto const na = node_at(map, g, a), nb = node_at(map, g, b);
  for (auto e = 0U; e != g.n_edges(); ++e) {
    auto const from = g.edge_from_[edge_idx{e}], to = g.edge_to_[edge_idx{e}];
    if ((from == na && to == nb) || (from == nb && to == na)) {
      return edge_idx{e};
    }
  }
  ADD_FAILURE() << "no edge " << a << "-" << b;
  return edge_idx{0};
}

// "[lon, lat]" of a position, for scenario files.
std::string lonlat(latlng p) {
  std::ostringstream s;
  s.precision(12);
  s << '[' << p.lng_ << ", " << p.lat_ << ']';
  return s.str();
}

latlng between(latlng a, latlng b, double frac) {
  return {a.lat_ + frac * (b.lat_ - a.lat_), a.lng_ + frac * (b.lng_ - a.lng_)};
}

// One trip through `stops`, one minute apart: they are routable stops.
gtfs::feed with_trip(feed_files f, std::vector<std::string> const& stops) {
  f["routes.txt"] = "route_id,route_short_name,route_type\nR,1,3\n";
  f["trips.txt"] = "route_id,service_id,trip_id\nR,WK,T1\n";
  f["stop_times.txt"] = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n";
  for (auto i = 0U; i != stops.size(); ++i) {
    auto const t = "08:0" + std::to_string(i) + ":00";
    f["stop_times.txt"] += "T1," + t + "," + t + "," + stops[i] + "," + std::to_string(i + 1) + "\n";
  }
  return load_feed(f);
}

// A scenario file of one modification.
scenario::scenario one(std::string const& modification) {
  return scenario::parse(R"({"name": "t", "modifications": [)" + modification + "]}", "p.json");
}

struct project_case {
  explicit project_case(std::string_view map) : map_{map}, streets_{map_.graph()} {}

  // OSM way `id` on the drawn edge a-b.
  void way(char a, char b, std::int64_t id) { streets_.edge_way_[edge_between(map_, streets_, a, b)] = id; }

  network::network base(std::vector<gtfs::feed> const& feeds = {}) const {
    return network::assemble(streets_, feeds, {});
  }

  // Street-only seconds between two positions with built-in profile `name`.
  static seconds_t seconds(network::network const& n, latlng from, latlng to, std::string const& name) {
    auto p = one_minute_params(name);
    p.mode_ = analysis::mode::kWalk;
    std::vector<analysis::point> const o{{"o", from}}, d{{"d", to}};
    seconds_t out = kUnreachable;
    analysis::compute_travel_times(n, o, d, p, [&](analysis::origin_times const& t) { out = t.at(0)[0]; });
    return out;
  }
  seconds_t seconds(network::network const& n, char from, char to, std::string const& name) const {
    return seconds(n, map_.pos(from), map_.pos(to), name);
  }

  ascii_network map_;
  street::street_graph streets_;
};

TEST(street_projects, lowering_kerbs_opens_a_wheelchair_path) {
  // Rue X (way 100) is A-B-E; B is a raised kerb. A-B-E 800 m; A-C-D-E 200 + 800 + 200 = 1200 m.
  project_case c{"A---B---E\n|       |\nC-------D"};
  c.way('A', 'B', 100);
  c.way('B', 'E', 100);
  c.way('A', 'C', 101);
  c.way('C', 'D', 102);
  c.way('D', 'E', 103);
  c.streets_.node_attr_[node_at(c.map_, c.streets_, 'B')].kerb_ = street::kerb_tag::kRaised;
  auto const base = c.base();
  // Before: the wheelchair goes round, 1200 m / 0.799 m/s = 1501.9 -> 1501 s; walkers pass, 800 s.
  EXPECT_NEAR(c.seconds(base, 'A', 'E', "wheelchair"), 1501, 1);
  EXPECT_NEAR(c.seconds(base, 'A', 'E', "walk"), 800, 1);
  auto const after = scenario::apply(base, {}, one(R"({"type": "modify-streets", "name": "Rue X", "osm_ways": [100],
                                        "lower_kerbs": true})"),
                                     "p.json");
  EXPECT_EQ(after.network_.streets_.node_attr_[node_at(c.map_, c.streets_, 'B')].kerb_, street::kerb_tag::kLowered);
  // After: straight through B, 800 m / 0.799 m/s = 1001.2 -> 1001 s; walkers as before.
  EXPECT_NEAR(c.seconds(after.network_, 'A', 'E', "wheelchair"), 1001, 1);
  EXPECT_NEAR(c.seconds(after.network_, 'A', 'E', "walk"), 800, 1);
  // The base network is left as it was (apply works on a copy).
  EXPECT_NEAR(c.seconds(base, 'A', 'E', "wheelchair"), 1501, 1);
}

TEST(street_projects, steps_to_ramp_opens_a_wheelchair_path_selected_by_polygon) {
  // A-B (400 m) are steps; round by C-D: 200 + 400 + 200 = 800 m.
  project_case c{"A---B\n|   |\nC---D"};
  c.streets_.edge_attr_[edge_between(c.map_, c.streets_, 'A', 'B')].kind_ = street::edge_kind::kSteps;
  auto const base = c.base();
  EXPECT_NEAR(c.seconds(base, 'A', 'B', "wheelchair"), 1001, 1);  // 800 m / 0.799 m/s
  // A polygon 30 m around A-B: both its ends inside, C and D (200 m south) outside.
  auto const a = c.map_.pos('A'), b = c.map_.pos('B');
  auto const d = 0.0003;  // degrees: 33 m north-south, 22 m east-west
  auto const ring = lonlat({a.lat_ + d, a.lng_ - d}) + "," + lonlat({b.lat_ + d, b.lng_ + d}) + "," +
                    lonlat({b.lat_ - d, b.lng_ + d}) + "," + lonlat({a.lat_ - d, a.lng_ - d}) + "," +
                    lonlat({a.lat_ + d, a.lng_ - d});
  auto const after =
      scenario::apply(base, {},
                      one(R"({"type": "modify-streets", "polygon": {"type": "Polygon", "coordinates": [[)" + ring +
                          R"(]]}, "steps_to_ramp": true})"),
                      "p.json");
  auto const& ab = after.network_.streets_.edge_attr_[edge_between(c.map_, c.streets_, 'A', 'B')];
  EXPECT_NE(ab.flags_ & street::edge_attr::kRamp, 0);
  EXPECT_EQ(after.network_.streets_.edge_attr_[edge_between(c.map_, c.streets_, 'C', 'D')].flags_, 0);
  EXPECT_NEAR(c.seconds(after.network_, 'A', 'B', "wheelchair"), 500, 1);  // 400 m / 0.799 m/s = 500.6
}

TEST(street_projects, a_footbridge_shortens_a_walk_and_links_the_stops_near_it) {
  // A river between A-B and C-D (each 800 m, 300 m apart). P and Q are the middles of A-B and C-D.
  project_case c{"A-------B\n|       |\n|       |\nC-------D"};
  auto const p = between(c.map_.pos('A'), c.map_.pos('B'), 0.5);
  auto const q = between(c.map_.pos('C'), c.map_.pos('D'), 0.5);
  // Stops at P and Q: no transfer between them before (1100 m walk > the 1000 m transfer limit).
  auto feed = base_feed(c.map_, {{"A", 'A'}});
  feed["stops.txt"] += "P,Stop P," + std::to_string(p.lat_) + "," + std::to_string(p.lng_) + "\n";
  feed["stops.txt"] += "Q,Stop Q," + std::to_string(q.lat_) + "," + std::to_string(q.lng_) + "\n";
  auto const base = c.base({with_trip(feed, {"A", "P", "Q"})});
  auto const n_edges = base.streets_.n_edges();
  // Before: P-A 400 + A-C 300 + C-Q 400 = 1100 m = 1100 s.
  EXPECT_NEAR(project_case::seconds(base, p, q, "walk"), 1100, 1);
  auto const transfer = [](network::network const& n, std::string const& from, std::string const& to) {
    for (auto const& t : n.transfers_) {
      if (n.transit_.stop_id_[t.from_] == "0:" + from && n.transit_.stop_id_[t.to_] == "0:" + to) {
        return static_cast<std::int64_t>(t.length_cm_);
      }
    }
    return std::int64_t{-1};
  };
  EXPECT_EQ(transfer(base, "P", "Q"), -1);
  auto const after = scenario::apply(
      base, {},
      one(R"({"type": "add-streets", "name": "Passerelle", "geometry": [)" + lonlat(p) + "," + lonlat(q) + "]}"),
      "p.json");
  auto const& g = after.network_.streets_;
  // Both ends split their edge: two second halves appended, then the bridge; other ids unchanged.
  ASSERT_EQ(g.n_edges(), n_edges + 3);
  for (auto e = 0U; e != n_edges; ++e) {
    EXPECT_EQ(g.edge_from_[edge_idx{e}], base.streets_.edge_from_[edge_idx{e}]);
  }
  EXPECT_NEAR(g.edge_length_cm_[edge_idx{static_cast<std::uint32_t>(n_edges + 2)}], 30000, 100);
  // After: across the bridge, 300 m = 300 s: 800 s shorter. A to C is still 300 s.
  EXPECT_NEAR(project_case::seconds(after.network_, p, q, "walk"), 300, 1);
  EXPECT_NEAR(c.seconds(after.network_, 'A', 'C', "walk"), 300, 1);
  // The stops by the bridge now have a 300 m transfer; P to A stays 400 m.
  EXPECT_NEAR(transfer(after.network_, "P", "Q"), 30000, 100);
  EXPECT_NEAR(transfer(after.network_, "P", "A"), 40000, 100);
}

TEST(street_projects, a_street_with_both_ends_on_one_edge_splits_it_twice_and_joins_an_end_off_it) {
  // A-B is 800 m. The new street goes from S (200 m east of A, on A-B) to V (400 m east, 100 m north)
  // to W (600 m east, 50 m north): S is on A-B, W links to T (600 m east, on A-B) by a 50 m connector.
  project_case c{"A-------B"};
  auto const a = c.map_.pos('A');
  local_projection const proj{a.lat_};
  auto const at = [&](double dx, double dy) { return proj.inverse(proj.x(a) + dx, proj.y(a) + dy); };
  auto const base = c.base();
  auto const after = scenario::apply(base, {},
                                     one(R"({"type": "add-streets", "geometry": [)" + lonlat(at(200, 0)) + "," +
                                         lonlat(at(400, 100)) + "," + lonlat(at(600, 50)) + "]}"),
                                     "p.json");
  // A-B cut at 200 m and 600 m: A-S keeps id 0, then S-B, then T-B are appended (S-B becomes S-T);
  // then S-V, V-W and the connector W-T.
  auto const& g = after.network_.streets_;
  ASSERT_EQ(g.n_edges(), 6U);
  EXPECT_NEAR(g.edge_length_cm_[edge_idx{0}], 20000, 50);
  EXPECT_NEAR(g.edge_length_cm_[edge_idx{1}], 40000, 50);
  EXPECT_NEAR(g.edge_length_cm_[edge_idx{2}], 20000, 50);
  EXPECT_NEAR(g.edge_length_cm_[edge_idx{5}], 5000, 50);
  // A to B is still 800 s; from V to B: V-W sqrt(200^2 + 50^2) = 206.2 + W-T 50 + T-B 200 = 456.2 m
  // (by S: 223.6 + 600 = 823.6 m).
  EXPECT_NEAR(c.seconds(after.network_, 'A', 'B', "walk"), 800, 1);
  EXPECT_NEAR(project_case::seconds(after.network_, at(400, 100), c.map_.pos('B'), "walk"), 456, 1);
}

TEST(street_projects, a_street_closed_to_walkers_is_walked_round_and_can_open_to_bikes) {
  // Way 100 = A-B-E (800 m); round by C-D: 1200 m. The drawn edges carry no cycling (lts 0): the
  // bike is pushed everywhere.
  project_case c{"A---B---E\n|       |\nC-------D"};
  c.way('A', 'B', 100);
  c.way('B', 'E', 100);
  auto const base = c.base();
  EXPECT_NEAR(c.seconds(base, 'A', 'E', "walk"), 800, 1);
  // Pushed at 3.6 km/h: 800 m = 800 s.
  EXPECT_NEAR(c.seconds(base, 'A', 'E', "bike"), 800, 1);
  auto const after = scenario::apply(
      base, {}, one(R"({"type": "modify-streets", "osm_ways": [100], "allowed_modes": ["bike"]})"), "p.json");
  // Walkers go round: 1200 s. The bike rides A-B-E (opened to bikes: LTS 1) at 3333 mm/s:
  // 800000 mm / 3333 = 240.02 -> 240 s.
  EXPECT_NEAR(c.seconds(after.network_, 'A', 'E', "walk"), 1200, 1);
  EXPECT_NEAR(c.seconds(after.network_, 'A', 'E', "bike"), 240, 1);
  // Closed to every mode: the bike cannot be pushed there either, it is pushed round (1200 s).
  auto const closed =
      scenario::apply(base, {}, one(R"({"type": "modify-streets", "osm_ways": [100], "allowed_modes": []})"), "p.json");
  EXPECT_NEAR(c.seconds(closed.network_, 'A', 'E', "bike"), 1200, 1);
  EXPECT_NEAR(c.seconds(closed.network_, 'A', 'E', "walk"), 1200, 1);
}

TEST(street_projects, a_pair_away_from_the_change_is_bit_identical) {
  // Way 200 = D-E gets walk_time_factor 2: D to E 400 m x 2 = 800 s (round by the south: 3000 m).
  project_case c{"A---B---C---D---E\n|               |\nF---G---H---I---J"};
  c.way('D', 'E', 200);
  auto const base = c.base({with_trip(base_feed(c.map_, {{"SA", 'A'}, {"SB", 'B'}, {"SE", 'E'}}), {"SA", "SB", "SE"})});
  auto const after = scenario::apply(
      base, {}, one(R"({"type": "modify-streets", "osm_ways": [200], "walk_time_factor": 2})"), "p.json");
  EXPECT_NEAR(c.seconds(base, 'D', 'E', "walk"), 400, 1);
  EXPECT_NEAR(c.seconds(after.network_, 'D', 'E', "walk"), 800, 1);
  // A to B (400 m) does not use D-E: exactly the same seconds.
  EXPECT_EQ(c.seconds(after.network_, 'A', 'B', "walk"), c.seconds(base, 'A', 'B', "walk"));
  EXPECT_EQ(c.seconds(after.network_, 'A', 'G', "wheelchair"), c.seconds(base, 'A', 'G', "wheelchair"));
  // Every other edge costs the same for every profile, bit for bit; the stop links are unchanged.
  auto const de = edge_between(c.map_, c.streets_, 'D', 'E');
  for (auto const& p : profile::builtin_profiles()) {
    auto const before = profile::make_edge_costs(base.streets_, p, profile::accessibility_bound::kStrict);
    auto const now = profile::make_edge_costs(after.network_.streets_, p, profile::accessibility_bound::kStrict);
    for (auto e = 0U; e != before.forward_.size(); ++e) {
      if (edge_idx{e} != de) {
        EXPECT_EQ(before.forward_[e], now.forward_[e]) << p.name_;
        EXPECT_EQ(before.backward_[e], now.backward_[e]) << p.name_;
      } else if (p.mode_ == profile::street_mode::kFoot) {
        EXPECT_NEAR(now.forward_[e], 2.0 * before.forward_[e], 1.0) << p.name_;
      }
    }
  }
  for (auto s = 0U; s != base.transit_.n_stops(); ++s) {
    EXPECT_EQ(after.network_.stop_snap_[stop_idx{s}].edge_, base.stop_snap_[stop_idx{s}].edge_);
    EXPECT_EQ(after.network_.stop_snap_[stop_idx{s}].frac_, base.stop_snap_[stop_idx{s}].frac_);
  }
}

// ---- Cars: the block of tests/analysis/car_times_test.cc, at the equator, 0.009 degree = 1000.754 m.

constexpr char const* kStreet = R"(<tag k="highway" v="residential"/><tag k="maxspeed" v="36"/>)";

std::string osm_way(int id, int from, int to) {
  return "<way id='" + std::to_string(id) + "' version='1'><nd ref='" + std::to_string(from) + "'/><nd ref='" +
         std::to_string(to) + "'/>" + kStreet + "</way>\n";
}

// A (1) - B (2) way 10, B - C (3) way 11, C - D (4) way 12, D - A way 13: every side 1000.754 m,
// two-way residential at maxspeed 36 (10 m/s: 100.075 s).
network::network block() {
  temp_dir dir;
  auto const path =
      dir.file("block.osm",
               "<?xml version='1.0' encoding='UTF-8'?>\n<osm version='0.6'>\n"
               "<node id='1' version='1' lat='0' lon='0'/>\n"
               "<node id='2' version='1' lat='0' lon='0.009'/>\n"
               "<node id='3' version='1' lat='-0.009' lon='0.009'/>\n"
               "<node id='4' version='1' lat='-0.009' lon='0'/>\n" +
                   osm_way(10, 1, 2) + osm_way(11, 2, 3) + osm_way(12, 3, 4) + osm_way(13, 4, 1) + "</osm>\n");
  auto streets = osm::import_streets(path, 0);
  auto n = network::assemble(std::move(streets.graph_), {}, {});
  n.cars_ = osm::import_cars(path, {}, 0).cars_;
  return n;
}

seconds_t car_s(network::network const& n, latlng from, latlng to) {
  auto p = one_minute_params("walk");
  p.mode_ = analysis::mode::kCar;
  p.car_parking_min_ = 0.0;
  std::vector<analysis::point> const o{{"o", from}}, d{{"d", to}};
  seconds_t out = kUnreachable;
  analysis::compute_travel_times(n, o, d, p, [&](analysis::origin_times const& t) { out = t.at(0)[0]; });
  return out;
}

TEST(street_projects, osm_import_keeps_way_ids_for_walk_and_car_edges) {
  auto const n = block();
  ASSERT_EQ(n.streets_.n_edges(), 4U);
  ASSERT_EQ(n.cars_.graph_.n_edges(), 4U);
  // Ways 10..13 in file order, one edge each, in both graphs.
  for (auto e = 0U; e != 4; ++e) {
    EXPECT_EQ(n.streets_.edge_way_[edge_idx{e}], 10 + e);
    EXPECT_EQ(n.cars_.graph_.edge_way_[edge_idx{e}], 10 + e);
  }
}

TEST(street_projects, car_speed_changes_a_car_time_and_closing_to_cars_goes_round) {
  auto const n = block();
  latlng const a{0.0, 0.0}, b{0.0, 0.009};
  EXPECT_EQ(car_s(n, a, b), 100);  // 1000.754 m at 10 m/s: 10008 cs
  auto const faster =
      scenario::apply(n, {}, one(R"({"type": "modify-streets", "osm_ways": [10], "car_speed_kmh": 72})"), "p.json");
  // 72 km/h = 20 m/s: 1000.754 / 20 = 50.04 s.
  EXPECT_EQ(car_s(faster.network_, a, b), 50);
  EXPECT_EQ(faster.network_.cars_.speed_kmh_x10_[edge_idx{0}], 720);
  // Walkers are not concerned: the walk edge of way 10 is unchanged.
  EXPECT_EQ(faster.network_.streets_.edge_attr_[edge_idx{0}].flags_, n.streets_.edge_attr_[edge_idx{0}].flags_);
  auto const closed = scenario::apply(
      n, {}, one(R"({"type": "modify-streets", "osm_ways": [10], "allowed_modes": ["walk", "bike"]})"), "p.json");
  // A-B closed to cars: A-D-C-B, 3 x 10008 cs = 300 s.
  EXPECT_EQ(car_s(closed.network_, a, b), 300);
}

TEST(street_projects, a_new_car_street_is_driven) {
  // A diagonal A-C of 1415.3 m (sqrt 2 x 1000.754) at 36 km/h: 141.5 s, against A-B-C 200 s.
  auto const n = block();
  latlng const a{0.0, 0.0}, c{-0.009, 0.009};
  EXPECT_EQ(car_s(n, a, c), 200);
  auto const after = scenario::apply(
      n, {}, one(R"({"type": "add-streets", "geometry": [[0, 0], [0.009, -0.009]], "allowed_modes": ["car"],
              "car_speed_kmh": 36})"),
      "p.json");
  EXPECT_EQ(car_s(after.network_, a, c), 141);
  EXPECT_EQ(after.network_.streets_.n_edges(), n.streets_.n_edges());  // not a walk street
}

TEST(street_projects, a_network_round_trip_keeps_way_ids_and_factors) {
  auto const n = block();
  auto const after =
      scenario::apply(n, {}, one(R"({"type": "modify-streets", "osm_ways": [11], "walk_time_factor": 1.5})"), "p.json");
  temp_dir dir;
  network::save(after.network_, dir.path_ / "n.net");
  auto const loaded = network::load(dir.path_ / "n.net");
  EXPECT_EQ(loaded.streets_.edge_way_, after.network_.streets_.edge_way_);
  EXPECT_EQ(loaded.cars_.graph_.edge_way_, after.network_.cars_.graph_.edge_way_);
  ASSERT_EQ(loaded.streets_.edge_factor_.size(), 4U);
  EXPECT_EQ(loaded.streets_.edge_factor_[edge_idx{1}].walk_x1000_, 1500);
  EXPECT_EQ(loaded.streets_.edge_factor_[edge_idx{0}].walk_x1000_, 1000);
  // A network without a scenario saves no factors.
  network::save(n, dir.path_ / "base.net");
  EXPECT_TRUE(network::load(dir.path_ / "base.net").streets_.edge_factor_.empty());
}

// ---- Errors: each bad value names its modification and field.

std::string parse_error(std::string const& modification) {
  try {
    one(modification);
  } catch (input_error const& e) {
    return e.what();
  }
  return "no error";
}

TEST(street_projects, every_bad_value_names_its_field) {
  auto const has = [](std::string const& what, std::string const& field, std::string const& msg) {
    EXPECT_NE(what.find(field), std::string::npos) << what;
    EXPECT_NE(what.find(msg), std::string::npos) << what;
  };
  auto const m = std::string{R"({"type": "modify-streets", "name": "Rue X", )"};
  has(parse_error(m + R"("lower_kerbs": true})"), "modification 0 (Rue X).osm_ways", "no street selected");
  has(parse_error(m + R"("osm_ways": [1]})"), "modification 0 (Rue X)", "changes nothing");
  has(parse_error(m + R"("osm_ways": [1], "lower_kerbs": false})"), "modification 0 (Rue X)", "changes nothing");
  has(parse_error(m + R"("osm_ways": [1, "x"], "lts": 2})"), "(Rue X).osm_ways[1]", "OSM way id");
  has(parse_error(m + R"("osm_ways": [-4], "lts": 2})"), "(Rue X).osm_ways[0]", "OSM way id");
  has(parse_error(m + R"("osm_ways": 4, "lts": 2})"), "(Rue X).osm_ways", "array");
  has(parse_error(m + R"("osm_ways": [1], "lts": 5})"), "(Rue X).lts", "outside");
  has(parse_error(m + R"("osm_ways": [1], "wheelchair": "maybe"})"), "(Rue X).wheelchair", "yes, limited, no");
  has(parse_error(m + R"("osm_ways": [1], "surface": "glass"})"), "(Rue X).surface", "paved, rough");
  has(parse_error(m + R"("osm_ways": [1], "allowed_modes": ["walk", "plane"]})"), "(Rue X).allowed_modes[1]",
      "not a mode");
  has(parse_error(m + R"("osm_ways": [1], "walk_time_factor": 0})"), "(Rue X).walk_time_factor", "outside");
  has(parse_error(m + R"("osm_ways": [1], "bike_time_factor": -1})"), "(Rue X).bike_time_factor", "outside");
  has(parse_error(m + R"("osm_ways": [1], "car_speed_kmh": 0})"), "(Rue X).car_speed_kmh", "outside");
  has(parse_error(m + R"("osm_ways": [1], "car_speed_kmh": 30, "allowed_modes": ["walk"]})"), "(Rue X).car_speed_kmh",
      "closed to cars");
  has(parse_error(m + R"("osm_ways": [1], "steps_to_ramp": "yes"})"), "(Rue X).steps_to_ramp", "true or false");
  has(parse_error(m + R"("osm_ways": [1], "lts": 2, "speed": 3})"), "(Rue X).speed", "unknown field");
  // Polygons: too few positions, not closed, crossing itself, out of range, of another type.
  has(parse_error(m + R"("polygon": [[[0, 0], [1, 0], [0, 0]]], "lts": 2})"), "(Rue X).polygon[0]",
      "at least 4 positions");
  has(parse_error(m + R"("polygon": [[[0, 0], [1, 0], [1, 1], [0, 1]]], "lts": 2})"), "(Rue X).polygon[0]",
      "not closed");
  has(parse_error(m + R"("polygon": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]], "lts": 2})"), "(Rue X).polygon[0]",
      "crosses itself");
  has(parse_error(m + R"("polygon": [[[0, 0], [200, 0], [1, 1], [0, 0]]], "lts": 2})"), "(Rue X).polygon[0][1]",
      "outside");
  has(parse_error(m + R"("polygon": {"type": "LineString", "coordinates": []}, "lts": 2})"), "(Rue X).polygon.type",
      "Polygon");
  has(parse_error(m + R"("polygon": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1]]]}, "lts": 2})"),
      "(Rue X).polygon.coordinates[0]", "at least 4 positions");
  // New streets: one position, a position of three words, kerbs on a new street, no mode.
  auto const a = std::string{R"({"type": "add-streets", "name": "Passerelle", )"};
  has(parse_error(a + R"("geometry": [[2.4, 48.9]]})"), "(Passerelle).geometry", "at least 2 distinct");
  has(parse_error(a + R"("geometry": [[2.4, 48.9], [2.4, 48.9]]})"), "(Passerelle).geometry", "at least 2 distinct");
  has(parse_error(a + R"("geometry": [[2.4, 48.9], "x"]})"), "(Passerelle).geometry[1]", "[lon, lat]");
  has(parse_error(a + R"("geometry": [[2.4, 48.9], [2.41, 95]]})"), "(Passerelle).geometry[1]", "outside");
  has(parse_error(a + R"("geometry": [[2.4, 48.9], [2.41, 48.9]], "lower_kerbs": true})"), "(Passerelle).lower_kerbs",
      "no steps nor kerbs");
  has(parse_error(a + R"("geometry": [[2.4, 48.9], [2.41, 48.9]], "allowed_modes": []})"), "(Passerelle).allowed_modes",
      "at least one mode");
  has(parse_error(a + R"("geometry": {"type": "Point", "coordinates": [2.4, 48.9]}})"), "(Passerelle).geometry.type",
      "LineString");
  has(parse_error(a + R"("geometry": [[2.4, 48.9], [2.41, 48.9]], "osm_ways": [1]})"), "(Passerelle).osm_ways",
      "unknown field");
}

TEST(street_projects, every_bad_reference_names_its_field) {
  auto const n = block();
  auto const check_error = [&](std::string const& modification) {
    try {
      scenario::check(one(modification), n, {}, "p.json");
    } catch (input_error const& e) {
      return std::string{e.what()};
    }
    return std::string{"no error"};
  };
  auto const what =
      check_error(R"({"type": "modify-streets", "name": "Rue X", "osm_ways": [10, 1234], "lower_kerbs": true})");
  EXPECT_NE(what.find("field 'modification 0 (Rue X).osm_ways[1]': no OSM way 1234 in the network"), std::string::npos)
      << what;
  EXPECT_EQ(check_error(R"({"type": "modify-streets", "osm_ways": [10, 13], "lts": 2})"), "no error");
  // A polygon far from the block selects nothing; one around A-B (lat 0, lon 0..0.009) selects it.
  auto const far =
      check_error(R"({"type": "modify-streets", "polygon": [[[1, 1], [1.1, 1], [1.1, 1.1], [1, 1]]], "lts": 2})");
  EXPECT_NE(far.find("modify-streets 0).polygon': selects no street"), std::string::npos) << far;
  EXPECT_EQ(check_error(R"({"type": "modify-streets", "polygon": [[[-0.001, 0.001], [0.01, 0.001], [0.01, -0.001],
                                                                  [-0.001, -0.001], [-0.001, 0.001]]], "lts": 2})"),
            "no error");
  // A new street whose far end is 0.1 degree (11 km) from the block, beyond the 500 m link radius.
  auto const loose = check_error(R"({"type": "add-streets", "geometry": [[0, 0], [0.1, 0.1]]})");
  EXPECT_NE(loose.find("add-streets 0).geometry[1]': no walkable street within the link radius (500 m)"),
            std::string::npos)
      << loose;
  // A car street on a network without cars.
  auto no_cars = n;
  no_cars.cars_ = {};
  try {
    scenario::check(one(R"({"type": "add-streets", "geometry": [[0, 0], [0.009, 0]], "allowed_modes": ["car"]})"),
                    no_cars, {}, "p.json");
    ADD_FAILURE() << "no error";
  } catch (input_error const& e) {
    EXPECT_NE(std::string{e.what()}.find(".allowed_modes': the network has no car streets"), std::string::npos)
        << e.what();
  }
}

TEST(street_projects, the_example_project_parses) {
  auto const s = scenario::read(std::filesystem::path{SOLIMOB_DOCS_DIR} / "scenarios" / "street_project.json");
  ASSERT_EQ(s.modifications_.size(), 3U);
  auto const* kerbs = std::get_if<scenario::modify_streets>(&s.modifications_[0].change_);
  ASSERT_NE(kerbs, nullptr);
  EXPECT_TRUE(kerbs->change_.lower_kerbs_);
  auto const* lane = std::get_if<scenario::modify_streets>(&s.modifications_[1].change_);
  ASSERT_NE(lane, nullptr);
  EXPECT_EQ(lane->change_.lts_, 1);
  auto const* bridge = std::get_if<scenario::add_streets>(&s.modifications_[2].change_);
  ASSERT_NE(bridge, nullptr);
  EXPECT_GE(bridge->geometry_.size(), 2U);
}

// ---- Porto Alegre (skipped without ../shared/data/poa).

TEST(street_projects, poa_way_ids_and_a_project_on_a_real_way) {
  auto const dir = poa_dir();
  if (dir.empty()) {
    GTEST_SKIP() << "skipped: ../shared/data/poa is absent";
  }
  // The streets only (no feed: no pathway nor entrance link), as network build imports them.
  auto streets = osm::import_streets(dir / "poa_osm.pbf");
  auto n = network::assemble(std::move(streets.graph_), {}, {});
  n.cars_ = osm::import_cars(dir / "poa_osm.pbf").cars_;
  for (auto const* g : {&n.streets_, &n.cars_.graph_}) {
    ASSERT_EQ(g->edge_way_.size(), g->n_edges());
    EXPECT_TRUE(std::all_of(begin(g->edge_way_), end(g->edge_way_), [](std::int64_t w) { return w > 0; }));
  }
  // The way of the middle walk edge, closed to walkers: exactly its edges get kNoFoot, and the walk's
  // costs block them and only them.
  auto const way = n.streets_.edge_way_[edge_idx{static_cast<std::uint32_t>(n.streets_.n_edges() / 2)}];
  auto const after = scenario::apply(n, {},
                                     one(R"({"type": "modify-streets", "osm_ways": [)" + std::to_string(way) +
                                         R"(], "allowed_modes": ["bike", "car"]})"),
                                     "p.json");
  auto const& g = after.network_.streets_;
  auto const walk = profile::make_edge_costs(g, profile::find_profile("walk"), profile::accessibility_bound::kStrict);
  std::size_t closed = 0;
  for (auto const e : g.edge_way_.keys()) {
    auto const no_foot = (g.edge_attr_[e].flags_ & street::edge_attr::kNoFoot) != 0;
    EXPECT_EQ(no_foot, g.edge_way_[e] == way);
    EXPECT_EQ(walk.forward_[e.v()] == street::edge_costs::kBlocked, no_foot);
    closed += no_foot ? 1 : 0;
  }
  EXPECT_GT(closed, 0U);
}

}  // namespace
}  // namespace solimob::test
