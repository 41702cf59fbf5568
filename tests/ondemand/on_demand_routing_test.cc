// On-demand zones and paratransit on a map drawn as text (one character = 100 m):
//
//   H-----------V-----------------S----------T
//
// H a hamlet, V a village 1200 m away, S the station (stop SS) 3000 m from H, T the town (stop ST)
// 1100 m further. Trains: T0 SS 08:15 -> ST 08:25, T1 SS 08:25 -> ST 08:35, T2 ST 08:05 -> SS 08:15.
// The walk profile walks at most 1000 m per leg, so H, V, S and T are out of walking reach of each
// other.
// The car graph is the same line driven at 36 km/h (10 m/s) both ways. Departure Tuesday 2026-11-24
// 08:00, one minute; times in whole minutes rounded down. Board slack 60 s, boarding strictly after.
#include <gtest/gtest.h>

#include <fstream>
#include <optional>
#include <sstream>

#include "analysis/matrix.h"
#include "analysis/on_demand_legs.h"
#include "ondemand/service.h"
#include "support/allowance_pricer.h"
#include "support/ascii_network.h"
#include "support/temp_dir.h"
#include "support/travel_params.h"

namespace solimob::test {
namespace {

constexpr std::uint16_t kNone = analysis::kUnreachedMinutes;
constexpr auto kMap = "H-----------V-----------------S----------T";

// A rectangle around the nodes from `a` to `b`, 50 m beyond them.
ondemand::polygon box(ascii_network const& map, char a, char b) {
  auto const d = 0.0005;  // ~55 m of latitude, ~37 m of longitude here
  auto const pa = map.pos(a), pb = map.pos(b);
  auto const lo_lng = std::min(pa.lng_, pb.lng_) - d, hi_lng = std::max(pa.lng_, pb.lng_) + d;
  auto const lo_lat = std::min(pa.lat_, pb.lat_) - d, hi_lat = std::max(pa.lat_, pb.lat_) + d;
  return {{{lo_lat, lo_lng}, {lo_lat, hi_lng}, {hi_lat, hi_lng}, {hi_lat, lo_lng}, {lo_lat, lo_lng}}};
}

struct on_demand_case {
  on_demand_case() : map_{kMap} {
    auto f = base_feed(map_, {{"SS", 'S'}, {"ST", 'T'}});
    f["routes.txt"] = "route_id,route_short_name,route_type\nR,1,2\n";
    f["trips.txt"] = "route_id,service_id,trip_id\nR,WK,T0\nR,WK,T1\nR,WK,T2\n";
    f["stop_times.txt"] =
        "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
        "T0,08:15:00,08:15:00,SS,1\nT0,08:25:00,08:25:00,ST,2\n"
        "T1,08:25:00,08:25:00,SS,1\nT1,08:35:00,08:35:00,ST,2\n"
        "T2,08:05:00,08:05:00,ST,1\nT2,08:15:00,08:15:00,SS,2\n";
    net_ = network::assemble(map_.graph(), {load_feed(f)}, {});
    net_.cars_.graph_ = map_.graph();
    net_.cars_.speed_kmh_x10_.assign(net_.cars_.graph_.n_edges(), 360);
  }

  // The zone around H and V, linked to SS: mean wait 10 min, detour 1.2, stop time 90 s.
  ondemand::service zone() const {
    ondemand::service s;
    s.id_ = "tad";
    s.zone_ = {box(map_, 'H', 'V')};
    s.hours_ = {{7 * 3600, 19 * 3600}};
    s.booking_.kind_ = ondemand::booking_rule::kind::kMinutesAhead;
    s.booking_.minutes_ahead_ = 60;
    s.wait_s_ = 600;
    s.hubs_ = {"SS"};
    s.detour_factor_ = 1.2;
    s.stop_time_s_ = 90;
    s.fallback_speed_kmh_ = 36.0;
    return s;
  }

  // Door to door over the whole line for wheelchair users: window 30 min, stop time 60 s.
  ondemand::service pam() const {
    ondemand::service s;
    s.id_ = "pam";
    s.kind_ = ondemand::service_kind::kParatransit;
    s.zone_ = {box(map_, 'H', 'T')};
    s.hours_ = {{7 * 3600, 20 * 3600}};
    s.booking_.kind_ = ondemand::booking_rule::kind::kDayBefore;
    s.wait_s_ = 1800;
    s.stop_time_s_ = 60;
    s.eligible_ = {"wheelchair"};
    return s;
  }

  analysis::travel_time_matrix matrix(char from, char to, std::vector<ondemand::service> services,
                                      std::string const& profile = "walk") const {
    auto p = one_minute_params(profile);
    p.on_demand_ = std::move(services);
    std::vector<analysis::point> const o{map_.point(from)}, d{map_.point(to)};
    return analysis::compute_matrix(net_, o, d, p, {50}, true);
  }
  std::uint16_t minutes(char from, char to, std::vector<ondemand::service> services,
                        std::string const& profile = "walk") const {
    return matrix(from, to, std::move(services), profile).at(0, 0, 0);
  }
  std::string modes(char from, char to, std::vector<ondemand::service> services,
                    std::string const& profile = "walk") const {
    auto const m = matrix(from, to, std::move(services), profile);
    return m.modes_[0].empty() ? "" : analysis::mode_label(m.modes_[0][0]);
  }

  ascii_network map_;
  network::network net_;
};

TEST(on_demand_routing, the_zone_links_the_hamlet_to_the_station_with_its_wait) {
  on_demand_case c;
  EXPECT_EQ(c.minutes('H', 'T', {}), kNone);  // 3000 m to SS: beyond the 1000 m walk
  // H -> SS by car: 3000 m at 10 m/s = 300 s x 1.2 = 360 s; + wait 600 + stop 90 = 1050 s: at SS
  // 08:17:30, ready 08:18:30, T0 (08:15) gone, T1 08:25 -> ST 08:35: 35 min. Without the wait
  // (08:07:30) T0 would give 25 min.
  EXPECT_EQ(c.minutes('H', 'T', {c.zone()}), 35);
  EXPECT_EQ(c.modes('H', 'T', {c.zone()}), "on-demand+transit");
  auto const m = c.matrix('H', 'T', {c.zone()});
  EXPECT_NE(m.modes_[0][0] & analysis::trip_mode::kBooking, 0);  // booked 60 min ahead
}

TEST(on_demand_routing, not_outside_its_hours_or_days) {
  on_demand_case c;
  auto late = c.zone();
  late.hours_ = {{9 * 3600, 18 * 3600}};  // opens after the 08:00 departure
  EXPECT_EQ(c.minutes('H', 'T', {late}), kNone);
  auto weekend = c.zone();
  weekend.days_ = 0x60;  // Saturday and Sunday; 2026-11-24 is a Tuesday
  EXPECT_EQ(c.minutes('H', 'T', {weekend}), kNone);
}

TEST(on_demand_routing, a_whole_trip_inside_the_zone_and_egress_from_the_hub) {
  on_demand_case c;
  EXPECT_EQ(c.minutes('H', 'V', {}), kNone);  // 1200 m: beyond the 1000 m walk
  // H -> V by car: 1200 m = 120 s x 1.2 = 144 s; + 600 + 90 = 834 s = 13.9 min.
  EXPECT_EQ(c.minutes('H', 'V', {c.zone()}), 13);
  EXPECT_EQ(c.modes('H', 'V', {c.zone()}), "on-demand");
  // T -> V: T2 ST 08:05 -> SS 08:15, then SS -> V by car 1800 m = 180 s x 1.2 = 216 s, + 690 s:
  // 08:15 + 906 s = 08:30:06: 30 min.
  EXPECT_EQ(c.minutes('T', 'V', {c.zone()}), 30);
  EXPECT_EQ(c.modes('T', 'V', {c.zone()}), "on-demand+transit");
}

TEST(on_demand_routing, without_a_car_graph_the_vehicle_drives_the_walk_streets_at_its_fallback_speed) {
  on_demand_case c;
  c.net_.cars_ = {};
  // Fallback speed 36 km/h on the same line: the same times as on the car graph.
  EXPECT_EQ(c.minutes('H', 'T', {c.zone()}), 35);
  EXPECT_EQ(c.minutes('H', 'V', {c.zone()}), 13);
}

TEST(on_demand_routing, an_ineligible_profile_cannot_use_paratransit_an_eligible_one_can) {
  on_demand_case c;
  // Wheelchair: H -> T door to door, 4100 m at 10 m/s = 410 s (detour 1); + window 1800 + stop 60 =
  // 2270 s = 37.8 min.
  EXPECT_EQ(c.minutes('H', 'T', {c.pam()}, "wheelchair"), 37);
  EXPECT_EQ(c.modes('H', 'T', {c.pam()}, "wheelchair"), "paratransit");
  EXPECT_EQ(c.minutes('H', 'T', {}, "wheelchair"), kNone);
  EXPECT_EQ(c.minutes('H', 'T', {c.pam()}, "walk"), kNone);  // not eligible
  auto all = c.pam();
  all.eligible_.clear();
  EXPECT_EQ(c.minutes('H', 'T', {all}, "walk"), 37);
}

TEST(on_demand_routing, matrix_modes_columns_say_which_trips_need_a_booking) {
  on_demand_case c;
  auto p = one_minute_params("walk");
  p.on_demand_ = {c.zone()};
  // H -> T 35 min (above), booked. H -> S: the ride to SS (1050 s, above) then 0 m on foot: 17.5 min,
  // on demand without transit. T -> T 0 min on foot; T -> S: T2 08:05 -> 08:15, 0 m walk: 15 min.
  std::vector<analysis::point> const o{c.map_.point('H'), c.map_.point('T')}, d{c.map_.point('T'), c.map_.point('S')};
  auto const m = analysis::compute_matrix(c.net_, o, d, p, {50}, true);
  temp_dir dir;
  analysis::write_matrix_csv(dir.path_ / "m.csv", m, o, d);
  std::ifstream in{dir.path_ / "m.csv"};
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(),
            "from_id,to_id,travel_time_p50,modes_p50,booking_p50\n"
            "H,T,35,on-demand+transit,1\n"
            "H,S,17,on-demand,1\n"
            "T,T,0,walk,0\n"
            "T,S,15,transit,0\n");
}

// The zone's own fare joins the transit fares inside the search: the zone at 3.00, trains at 4.80
// (tests/support/allowance_pricer.h, one route, no transfer discount needed here).
TEST(on_demand_routing, the_zone_fare_counts_in_the_fare_bound) {
  on_demand_case c;
  auto zone = c.zone();
  zone.fare_cents_ = 300;
  test::allowance_pricer const pricer{{480}, 240, 30 * 60};
  auto const priced = [&](char from, char to, std::optional<std::int32_t> max_cents) {
    auto p = one_minute_params("walk");
    p.on_demand_ = {zone};
    p.pricer_ = &pricer;
    p.max_fare_cents_ = max_cents;
    std::vector<analysis::point> const o{c.map_.point(from)}, d{c.map_.point(to)};
    auto const m = analysis::compute_matrix(c.net_, o, d, p, {50});
    return std::pair{m.at(0, 0, 0), m.dest_[0].empty() ? -1 : m.fares_[0][0]};
  };
  // H -> T: the zone to SS then T1 (35 min, as above): 3.00 + 4.80 = 7.80.
  EXPECT_EQ(priced('H', 'T', std::nullopt), (std::pair<std::uint16_t, std::int32_t>{35, 780}));
  EXPECT_EQ(priced('H', 'T', 780), (std::pair<std::uint16_t, std::int32_t>{35, 780}));
  EXPECT_EQ(priced('H', 'T', 779).first, kNone);  // one cent short: no other way
  // H -> V inside the zone (13 min, as above): 3.00, with or without a bound (without one the
  // direct ride is priced outside the time/fare search); under 2.00 out of reach.
  EXPECT_EQ(priced('H', 'V', std::nullopt), (std::pair<std::uint16_t, std::int32_t>{13, 300}));
  EXPECT_EQ(priced('H', 'V', 300), (std::pair<std::uint16_t, std::int32_t>{13, 300}));
  EXPECT_EQ(priced('H', 'V', 200).first, kNone);
  // T -> V: T2 then the zone from SS (30 min): 4.80 + 3.00.
  EXPECT_EQ(priced('T', 'V', std::nullopt), (std::pair<std::uint16_t, std::int32_t>{30, 780}));
  EXPECT_EQ(priced('T', 'V', 700).first, kNone);
}

TEST(on_demand_routing, mode_labels) {
  using namespace analysis::trip_mode;
  EXPECT_EQ(analysis::mode_label(kWalk), "walk");
  EXPECT_EQ(analysis::mode_label(kTransit), "transit");
  EXPECT_EQ(analysis::mode_label(kTransit | kOnDemand | kBooking), "on-demand+transit");
  EXPECT_EQ(analysis::mode_label(kParatransit | kBooking), "paratransit");
  EXPECT_EQ(analysis::mode_label(0), "");
}

}  // namespace
}  // namespace solimob::test
