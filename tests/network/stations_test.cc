// Stations with pathways.txt, through network::assemble. The street is drawn as text (one character =
// 100 m); the station is placed by hand in metres east (x) and north (y) of A:
//
//   E1 (200,10)    P (400,10)    E2 (600,10)     station ST (400,20), generic node L at E1
//   A-------M1-------B-------M2-------C------ ... ------Z      y = 0; Z at x = 2400
//
// P, the platform, is 10 m from the street at B, but it has no access from it: it is reached through
// E1 (stairs E1-P, or an elevator E1-L then a walkway L-P, 200 m each from the coordinates) or E2
// (a walkway P-E2 of length 300 m). Each entrance links 10 m to the street at M1 and M2, where the
// street edges are split. Stop S stands on the street at B, stop SZ at Z.
// Costs are in centimetres at 1 m/s (a 1 m/s walker's seconds x 100); the tolerance covers the
// difference between the drawn metres and haversine lengths.
#include <gtest/gtest.h>

#include <sstream>

#include "analysis/matrix.h"
#include "core/time.h"
#include "network/network.h"
#include "profile/edge_costs.h"
#include "profile/profile.h"
#include "support/ascii_network.h"
#include "support/travel_params.h"

namespace solimob::test {
namespace {

constexpr double kToleranceCm = 100.0;

struct station_case {
  std::string st_wheelchair_, e1_wheelchair_, e2_wheelchair_;
  std::string stairs_time_, elevator_time_{"60"};
  std::string e2_pathway_{"W2,P,E2,1,1,300,"};  // walkway P-E2, both ways, 300 m
  bool pathways_{true};

  network::network build() const {
    ascii_network const map{kStreet};
    local_projection const proj{map.pos('A').lat_};
    auto const at = [&](double x, double y) {
      auto const a = map.pos('A');
      return proj.inverse(proj.x(a) + x, proj.y(a) + y);
    };
    std::ostringstream stops;
    stops.precision(10);
    stops << "stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station,wheelchair_boarding\n";
    auto const stop = [&](std::string const& id, latlng p, int type, std::string const& parent,
                          std::string const& wheelchair) {
      stops << id << ',' << id << ',' << p.lat_ << ',' << p.lng_ << ',' << type << ',' << parent << ',' << wheelchair
            << '\n';
    };
    stop("ST", at(400, 20), 1, "", st_wheelchair_);
    stop("P", at(400, 10), 0, "ST", "");
    stop("E1", at(200, 10), 2, "ST", e1_wheelchair_);
    stop("E2", at(600, 10), 2, "ST", e2_wheelchair_);
    stop("L", at(200, 10), 3, "ST", "");
    stop("S", map.pos('B'), 0, "", "");
    stop("SZ", map.pos('Z'), 0, "", "");
    auto f = base_feed(map, {});
    f["stops.txt"] = stops.str();
    f["routes.txt"] = "route_id,route_short_name,route_type\nR,1,1\n";
    f["trips.txt"] = "route_id,service_id,trip_id\nR,WK,T1\nR,WK,T2\n";
    f["stop_times.txt"] =
        "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
        "T1,08:09:00,08:09:00,P,1\nT1,08:15:00,08:15:00,SZ,2\n"
        "T2,08:20:00,08:20:00,P,1\nT2,08:26:00,08:26:00,SZ,2\n";
    if (pathways_) {
      f["pathways.txt"] =
          "pathway_id,from_stop_id,to_stop_id,pathway_mode,is_bidirectional,length,traversal_time\n"
          "STAIRS,E1,P,2,1,," +
          stairs_time_ + "\nLIFT,E1,L,5,1,," + elevator_time_ + "\nW1,L,P,1,1,,\n" + e2_pathway_ + "\n";
    }
    return network::assemble(map.graph(), {load_feed(f)}, {});
  }

  static constexpr auto kStreet = "A---B---C---------------Z";
};

// Stops in feed order of location_type 0: P, S, SZ.
constexpr stop_idx kP{0}, kS{1};

// The walk from `from` to `to` between stops, with `profile`'s costs (nullptr: the network's own).
std::optional<double> transfer_cm(network::network const& n, stop_idx from, stop_idx to, char const* profile = nullptr,
                                  profile::accessibility_bound bound = profile::accessibility_bound::kOptimistic) {
  std::vector<transit::stop_transfer> transfers = n.transfers_;
  if (profile != nullptr) {
    auto const costs = profile::make_edge_costs(n.streets_, profile::find_profile(profile), bound);
    transfers = network::compute_transfers(n.streets_, n.stop_snap_, &costs, 100000, 1);
  }
  for (auto const& t : transfers) {
    if (t.from_ == from && t.to_ == to) {
      return t.length_cm_;
    }
  }
  return std::nullopt;
}

// Minutes from the street at B to Z (beyond any walk: by the train from P), leaving at 08:00.
std::uint16_t minutes_to_z(network::network const& n, char const* profile) {
  ascii_network const map{station_case::kStreet};
  auto const p = one_minute_params(profile);
  std::vector<analysis::point> const o{map.point('B')}, d{map.point('Z')};
  return analysis::compute_matrix(n, o, d, p, {50}).at(0, 0, 0);
}

TEST(stations, the_platform_is_reached_through_an_entrance_not_from_the_street_beside_it) {
  auto const n = station_case{}.build();
  // S -> P: B to M1 200 m, link 10 m, stairs 200 m = 410 m (E2: 200 + 10 + 300 = 510 m).
  EXPECT_NEAR(*transfer_cm(n, kS, kP), 41000, kToleranceCm);
  EXPECT_NEAR(*transfer_cm(n, kP, kS), 41000, kToleranceCm);
  auto const& snap = n.stop_snap_[kP];
  EXPECT_EQ(snap.link_cm_, 0U);
  EXPECT_NE(n.streets_.edge_attr_[snap.edge_].flags_ & street::edge_attr::kStation, 0);
  // The walk from B: 410 s + 60 s board slack = 08:00 + 470 s, before T1 at 08:09: 08:15 at Z.
  EXPECT_EQ(minutes_to_z(n, "walk"), 15);
}

TEST(stations, entrances_split_the_street_edges_and_keep_every_other_id) {
  ascii_network const map{station_case::kStreet};
  auto const n = station_case{}.build();
  auto const& g = n.streets_;
  // 3 street edges (A-B, B-C, C-Z), 4 pathways, 2 split pieces (M1-B, M2-C), 2 links.
  ASSERT_EQ(g.n_edges(), 11U);
  // 4 street nodes, 4 station nodes (E1, P, L, E2: the station itself is none), 2 split nodes.
  ASSERT_EQ(g.n_nodes(), 10U);
  for (auto e = 0U; e != 3; ++e) {
    EXPECT_EQ(map.graph().edge_from_[edge_idx{e}], g.edge_from_[edge_idx{e}]);
  }
  // A-B cut at M1: the two pieces keep its length, 400 m.
  EXPECT_EQ(g.edge_length_cm_[edge_idx{0}] + g.edge_length_cm_[edge_idx{7}], map.graph().edge_length_cm_[edge_idx{0}]);
  EXPECT_EQ(g.edge_to_[edge_idx{7}], map.graph().edge_to_[edge_idx{0}]);
  EXPECT_EQ(g.edge_attr_[edge_idx{9}].kind_, street::edge_kind::kLink);
}

TEST(stations, the_wheelchair_takes_the_elevator_and_an_inaccessible_entrance_is_closed_to_it) {
  station_case c;
  // Wheelchair, no stairs: B to M1 200 m, link 10 m, elevator 60 s (6000 cm), walkway 200 m = 470 m
  // of cost (E2: 510 m).
  EXPECT_NEAR(*transfer_cm(c.build(), kS, kP, "wheelchair"), 47000, kToleranceCm);
  // 470 m at 0.799 m/s = 588 s + 60 s slack: T1 is missed, T2 reaches Z at 08:26.
  EXPECT_EQ(minutes_to_z(c.build(), "wheelchair"), 26);
  c.e1_wheelchair_ = "2";  // E1 without step-free access: E2, 200 + 10 + 300 = 510 m
  EXPECT_NEAR(*transfer_cm(c.build(), kS, kP, "wheelchair"), 51000, kToleranceCm);
  EXPECT_NEAR(*transfer_cm(c.build(), kS, kP), 41000, kToleranceCm);  // walkers still take its stairs
  // Inherited: the station says 2, E2 says 1 for itself, E1 inherits 2.
  c.e1_wheelchair_ = "";
  c.st_wheelchair_ = "2";
  c.e2_wheelchair_ = "1";
  EXPECT_NEAR(*transfer_cm(c.build(), kS, kP, "wheelchair"), 51000, kToleranceCm);
  c.e2_wheelchair_ = "0";  // both inherit 2: the platform is out of a wheelchair's reach
  EXPECT_FALSE(transfer_cm(c.build(), kS, kP, "wheelchair"));
  c.st_wheelchair_ = "";  // all unknown: open for the optimistic bound, closed for the strict one
  EXPECT_NEAR(*transfer_cm(c.build(), kS, kP, "wheelchair"), 47000, kToleranceCm);
  auto const strict = profile::accessibility_bound::kStrict;
  EXPECT_FALSE(transfer_cm(c.build(), kS, kP, "wheelchair", strict));
  c.e2_wheelchair_ = "1";  // strict: only E2, known accessible, 510 m
  EXPECT_NEAR(*transfer_cm(c.build(), kS, kP, "wheelchair", strict), 51000, kToleranceCm);
}

TEST(stations, an_exit_gate_lets_travellers_out_only) {
  station_case c;
  c.e2_pathway_ = "GATE,P,E2,7,0,100,";  // exit gate P -> E2, 100 m
  auto const n = c.build();
  // Out: P -> E2 100 m, link 10 m, M2 to B 200 m = 310 m. In: through E1, 410 m.
  EXPECT_NEAR(*transfer_cm(n, kP, kS), 31000, kToleranceCm);
  EXPECT_NEAR(*transfer_cm(n, kS, kP), 41000, kToleranceCm);
}

TEST(stations, traversal_times_count_for_the_walk_profile) {
  station_case c;
  c.stairs_time_ = "400";
  c.elevator_time_ = "120";
  auto const n = c.build();
  // Stairs 200 + 10 + 400 s = 610; elevator 200 + 10 + 120 + 200 = 530; E2 510 m: 510 s.
  EXPECT_NEAR(*transfer_cm(n, kS, kP), 51000, kToleranceCm);
  // 510 s + 60 s slack = 08:09:30: T1 (08:09) is missed, T2 reaches Z at 08:26.
  EXPECT_EQ(minutes_to_z(n, "walk"), 26);
}

TEST(stations, a_station_without_pathways_links_its_platform_to_the_nearest_street) {
  station_case c;
  c.pathways_ = false;
  auto const n = c.build();
  ascii_network const map{station_case::kStreet};
  EXPECT_EQ(n.streets_.n_edges(), map.graph().n_edges());
  EXPECT_NEAR(n.stop_snap_[kP].link_cm_, 1000, kToleranceCm);  // 10 m north of B
  EXPECT_NEAR(*transfer_cm(n, kS, kP), 1000, kToleranceCm);
}

}  // namespace
}  // namespace solimob::test
