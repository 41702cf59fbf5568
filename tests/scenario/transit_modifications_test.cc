// Transit modifications of a scenario (src/scenario/transit_modifications.cc) on the two lines of
// support/two_lines.h (A-B: route R, two trips; D-E: route F, a frequency line).
// Points stand on their stops (no access or egress walk). Departure Tuesday 2026-11-24 08:00; board
// slack 60 s, boarding strictly after the arrival + slack; times in whole minutes rounded down.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "analysis/matrix.h"
#include "analysis/travel_times.h"
#include "core/error.h"
#include "core/geo.h"
#include "scenario/scenario.h"
#include "support/ascii_network.h"
#include "support/temp_dir.h"
#include "support/travel_params.h"
#include "support/two_lines.h"

namespace solimob::test {
namespace {

constexpr std::uint16_t kNone = analysis::kUnreachedMinutes;

struct transit_case {
  transit_case() : map_{two_lines_map()}, net_{two_lines_network(map_)} {}

  network::network applied(std::string const& modifications) const {
    auto const s = scenario::parse(R"({"name": "t", "modifications": [)" + modifications + "]}", "t.json");
    return scenario::apply(net_, {}, s, "t.json").network_;
  }

  static std::uint16_t minutes(network::network const& n, analysis::point const& from, analysis::point const& to,
                               std::string const& profile = "walk", int frequency_draws = 0) {
    auto p = one_minute_params(profile);
    p.frequency_draws_ = frequency_draws;
    std::vector<analysis::point> const o{from}, d{to};
    return analysis::compute_matrix(n, o, d, p, {50}).at(0, 0, 0);
  }
  std::uint16_t minutes(network::network const& n, char from, char to, std::string const& profile = "walk") const {
    return minutes(n, map_.point(from), map_.point(to), profile);
  }

  // Every sample (draws x minutes) from `from` to `to` over a window of `window` minutes.
  std::vector<seconds_t> samples(network::network const& n, char from, char to, int window, int draws) const {
    auto p = one_minute_params("walk");
    p.window_min_ = window;
    p.frequency_draws_ = draws;
    std::vector<analysis::point> const o{map_.point(from)}, d{map_.point(to)};
    std::vector<seconds_t> out;
    analysis::compute_travel_times(
        n, o, d, p, [&](analysis::origin_times const& t) { out.assign(t.times_.begin(), t.times_.end()); });
    return out;
  }

  ascii_network map_;
  network::network net_;
};

double mean(std::vector<seconds_t> const& v) {
  auto sum = 0.0;
  for (auto const x : v) {
    sum += x;
  }
  return sum / static_cast<double>(v.size());
}

TEST(scenario_transit, a_fast_new_line_lowers_the_travel_time_by_its_gain) {
  transit_case c;
  // Baseline: at SA 08:00, ready 08:01, T1 08:10 -> SB 08:30: 30 min.
  EXPECT_EQ(c.minutes(c.net_, 'A', 'B'), 30);
  // A new line SA -> SB in 300 s, every 600 s from 08:05 (frequency_draws 0: runs from start_time,
  // 08:05, 08:15...): ready 08:01, 08:05 -> SB 08:10: 10 min, 20 min less.
  auto const n = c.applied(R"({"type": "add-trips", "name": "express", "mode": "subway",
      "stops": [{"id": "0:SA"}, {"id": "0:SB"}], "hop_times": [300],
      "frequencies": [{"start_time": "08:05", "end_time": "10:00", "headway_secs": 600}]})");
  EXPECT_EQ(c.minutes(n, 'A', 'B'), 10);
  EXPECT_EQ(n.transit_.route_type_.back(), 1);
  EXPECT_EQ(n.transit_.n_stops(), c.net_.transit_.n_stops());  // existing stops only
  // Not the other way: the line is not bidirectional; B -> A stays unreachable.
  EXPECT_EQ(c.minutes(n, 'B', 'A'), kNone);
}

TEST(scenario_transit, a_new_line_with_new_stops_is_linked_and_runs_both_ways) {
  transit_case c;
  // New stops 100 m below A and below B (0.0009 deg of latitude ~ 100 m) are linked to the street
  // (snap 100 m): 20 km/h over ~2000 m = 360 s; first departure 08:05 in both directions.
  auto const a = c.map_.pos('A'), b = c.map_.pos('B');
  std::ostringstream mod;
  mod.precision(10);
  mod << R"({"type": "add-trips", "name": "metro", "bidirectional": true, "speed_kmh": 20,
      "stops": [{"lat": )"
      << a.lat_ - 0.0009 << R"(, "lon": )" << a.lng_ << R"(, "name": "Nord"}, {"lat": )" << b.lat_ - 0.0009
      << R"(, "lon": )" << b.lng_ << R"(}], "frequencies": [{"start_time": "08:05", "end_time": "09:00",
      "first_departures": ["08:05"]}]})";
  auto const n = c.applied(mod.str());
  ASSERT_EQ(n.transit_.n_stops(), c.net_.transit_.n_stops() + 2);
  EXPECT_EQ(n.transit_.stop_name_.back(), "metro 2");
  EXPECT_TRUE(n.stop_snap_.back().valid());
  // A -> Nord: walk 100 m = 100 s, ready 08:02:40, 08:05 -> 08:11 (360 s), walk 100 s: 08:12:40 ->
  // 12 min; the same back.
  EXPECT_EQ(c.minutes(n, 'A', 'B'), 12);
  EXPECT_EQ(c.minutes(n, 'B', 'A'), 12);
}

TEST(scenario_transit, removing_the_only_route_makes_the_pair_unreachable) {
  transit_case c;
  auto const n = c.applied(R"({"type": "remove-trips", "routes": ["0:R"]})");
  EXPECT_EQ(c.minutes(n, 'A', 'B'), kNone);
  // Only T2 (08:40) with a time window on the first departure: T1 08:10 -> 08:30 stays.
  auto const late = c.applied(R"({"type": "remove-trips", "trips": ["0:T1", "0:T2"], "start_time": "08:30"})");
  EXPECT_EQ(c.minutes(late, 'A', 'B'), 30);
  EXPECT_EQ(late.transit_.n_trips(), 2U);
}

TEST(scenario_transit, adjust_frequency_can_keep_the_trips_outside_its_entries) {
  transit_case c;
  // Entries 08:30-09:30 every 600 s from T1's times (SA -> SB in 20 min): T2 (08:40) goes, T1 (08:10)
  // stays (runs from start_time with frequency_draws 0).
  auto const n = c.applied(R"({"type": "adjust-frequency", "route": "0:R", "retain_trips_outside_frequency_entries":
      true, "entries": [{"source_trip": "0:T1", "start_time": "08:30", "end_time": "09:30", "headway_secs": 600}]})");
  EXPECT_EQ(n.transit_.n_trips(), 3U);  // T1, TF and the new template
  EXPECT_EQ(n.transit_.trip_id_[trip_idx{0}], "0:T1");
  EXPECT_EQ(n.transit_.frequencies_.size(), 2U);
  EXPECT_EQ(c.minutes(n, 'A', 'B'), 30);  // T1 08:10 -> 08:30 still
  // Without retaining, T1 goes too: from 08:00 the first run leaves 08:30, SB 08:50: 50 min.
  auto const all = c.applied(R"({"type": "adjust-frequency", "route": "0:R",
      "entries": [{"source_trip": "0:T1", "start_time": "08:30", "end_time": "09:30", "headway_secs": 600}]})");
  EXPECT_EQ(c.minutes(all, 'A', 'B'), 50);
}

TEST(scenario_transit, halving_the_headway_halves_the_mean_wait) {
  transit_case c;
  // Over 60 departure minutes and 50 phase draws, a train every H seconds with a uniformly drawn phase
  // is waited H / 2 on average after the 60 s slack: D -> E takes 60 + H / 2 + 600 s of riding.
  // H = 600: 960 s; AdjustFrequency to H = 300 (from TF's times): 810 s. 3000 samples: the mean of
  // the drawn phases (mod 60 s) is within a few seconds of its expectation; 30 s of tolerance.
  auto const base = c.samples(c.net_, 'D', 'E', 60, 50);
  EXPECT_NEAR(mean(base), 960.0, 30.0);
  auto const n = c.applied(R"({"type": "adjust-frequency", "route": "0:F",
      "entries": [{"source_trip": "0:TF", "start_time": "07:00", "end_time": "10:00", "headway_secs": 300}]})");
  auto const halved = c.samples(n, 'D', 'E', 60, 50);
  EXPECT_NEAR(mean(halved), 810.0, 30.0);
  EXPECT_NEAR(mean(base) - mean(halved), 150.0, 30.0);
  ASSERT_EQ(n.transit_.frequencies_.size(), 1U);
  EXPECT_EQ(n.transit_.frequencies_[0].seed_, transit::frequency_seed("s0:0:TF:0", 7 * 3600));
}

TEST(scenario_transit, make_accessible_opens_a_wheelchair_trip) {
  transit_case c;
  auto& tt = c.net_.transit_;
  tt.stop_wheelchair_[stop_idx{0}] = 2;  // SA: no step-free boarding
  tt.trip_wheelchair_ = {2, 2, 2};       // no trip accessible
  EXPECT_EQ(c.minutes(c.net_, 'A', 'B', "wheelchair"), kNone);
  auto const n = c.applied(R"({"type": "make-accessible", "stops": ["0:SA", "0:SB"], "routes": ["0:R"]})");
  // T1 08:10 -> 08:30, as walking (the points stand on the stops): 30 min.
  EXPECT_EQ(c.minutes(n, 'A', 'B', "wheelchair"), 30);
  EXPECT_EQ(n.transit_.stop_wheelchair_[stop_idx{0}], 1);
  EXPECT_EQ(n.transit_.trip_wheelchair_[trip_idx{2}], 2);  // TF, of route F, untouched
}

// A station with pathways (as in tests/network/stations_test.cc), the street drawn as text:
//
//   E1 (200,10)    P (400,10)    E2 (600,10)        metres east / north of A; station ST (400,20)
//   A-------M1-------B-------M2-------C------ ... ------Z      Z at x = 2400
//
// The platform P is reached through E1 (stairs E1-P, 200 m from the coordinates; E1 has
// wheelchair_boarding 2) or E2 (an escalator P-E2 of 300 m). Trains T1 P 08:09 -> SZ 08:15, T2 P 08:20
// -> SZ 08:26. From the street at B, leaving 08:00.
network::network station_network() {
  ascii_network const map{"A---B---C---------------Z"};
  local_projection const proj{map.pos('A').lat_};
  auto const at = [&](double x, double y) {
    auto const a = map.pos('A');
    return proj.inverse(proj.x(a) + x, proj.y(a) + y);
  };
  std::ostringstream stops;
  stops.precision(10);
  stops << "stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station,wheelchair_boarding\n";
  auto const stop = [&](std::string const& id, latlng p, int type, std::string const& parent, std::string const& w) {
    stops << id << ',' << id << ',' << p.lat_ << ',' << p.lng_ << ',' << type << ',' << parent << ',' << w << '\n';
  };
  stop("ST", at(400, 20), 1, "", "");
  stop("P", at(400, 10), 0, "ST", "");
  stop("E1", at(200, 10), 2, "ST", "2");
  stop("E2", at(600, 10), 2, "ST", "");
  stop("SZ", map.pos('Z'), 0, "", "");
  auto f = base_feed(map, {});
  f["stops.txt"] = stops.str();
  f["routes.txt"] = "route_id,route_short_name,route_type\nR,1,1\n";
  f["trips.txt"] = "route_id,service_id,trip_id\nR,WK,T1\nR,WK,T2\n";
  f["stop_times.txt"] =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
      "T1,08:09:00,08:09:00,P,1\nT1,08:15:00,08:15:00,SZ,2\n"
      "T2,08:20:00,08:20:00,P,1\nT2,08:26:00,08:26:00,SZ,2\n";
  f["pathways.txt"] =
      "pathway_id,from_stop_id,to_stop_id,pathway_mode,is_bidirectional,length,traversal_time\n"
      "STAIRS,E1,P,2,1,,\nESC,P,E2,4,1,300,\n";
  return network::assemble(map.graph(), {load_feed(f)}, {});
}

TEST(scenario_transit, make_accessible_opens_a_station_with_pathways) {
  auto const base = station_network();
  ascii_network const map{"A---B---C---------------Z"};
  // The wheelchair neither climbs the stairs nor takes the escalator, and E1 is closed to it.
  EXPECT_EQ(transit_case::minutes(base, map.point('B'), map.point('Z'), "wheelchair"), kNone);
  auto const s = scenario::parse(R"({"modifications": [{"type": "make-accessible", "stops": ["0:P"]}]})", "t.json");
  auto const n = scenario::apply(base, {}, s, "t.json").network_;
  // Opened: E1 wheelchair=yes, the stairs with a ramp, the escalator a lift. Through E1: B to M1
  // 200 m, link 10 m, stairs 200 m = 410 m at the wheelchair's 0.8 m/s = 513 s, + 60 s slack:
  // 08:09:33, T1 gone; T2 08:20 -> 08:26: 26 min. (E2: 510 m, later still.) Walking: 410 s + 60 s,
  // T1 at 08:09 -> 08:15: 15 min, as before.
  EXPECT_EQ(transit_case::minutes(n, map.point('B'), map.point('Z'), "wheelchair"), 26);
  EXPECT_EQ(transit_case::minutes(n, map.point('B'), map.point('Z'), "walk"), 15);
  EXPECT_EQ(transit_case::minutes(base, map.point('B'), map.point('Z'), "walk"), 15);
}

TEST(scenario_transit, a_pair_no_modification_reaches_keeps_bit_identical_times) {
  transit_case c;
  // D -> E on the frequency line F (drawn phases) while A -> B gets a new frequency line, loses
  // T2, runs faster: 10 minutes x the default draws, every sample equal.
  auto const n = c.applied(R"({"type": "add-trips", "stops": [{"id": "0:SA"}, {"id": "0:SB"}],
      "hop_times": [300], "frequencies": [{"start_time": "07:00", "end_time": "10:00", "headway_secs": 420}]},
      {"type": "remove-trips", "trips": ["0:T2"]},
      {"type": "adjust-speed", "routes": ["0:R"], "scale": 2})");
  auto const before = c.samples(c.net_, 'D', 'E', 10, 20);
  auto const after = c.samples(n, 'D', 'E', 10, 20);
  ASSERT_EQ(before.size(), 200U);
  EXPECT_EQ(before, after);
  // And A -> B did change: the faster T1 (20 -> 10 min) or the new line.
  EXPECT_LT(c.minutes(n, 'A', 'B'), 30);
}

TEST(scenario_transit, speed_dwell_stops_and_reroute_retime_the_trips) {
  transit_case c;
  // T1 SA 08:10 -> SB 08:30 at twice the speed: SB 08:20, 20 min from 08:00.
  EXPECT_EQ(c.minutes(c.applied(R"({"type": "adjust-speed", "trips": ["0:T1"], "hops": [["0:SA", "0:SB"]],
      "scale": 2})"),
                      'A', 'B'),
            20);
  // A dwell of 300 s at SA: T1 leaves SA 08:15, SB 08:35: 35 min.
  EXPECT_EQ(c.minutes(c.applied(R"({"type": "adjust-dwell-time", "routes": ["0:R"], "stops": ["0:SA"],
      "dwell_secs": 300})"),
                      'A', 'B'),
            35);
  // Rerouted through a new stop beside D (20 min hops each way, no dwell): T1 leaves SA 08:10,
  // reaches the new stop 08:30 and SB 08:50; the rest of T1 shifts by +20 min.
  auto const d = c.map_.pos('D');
  std::ostringstream mod;
  mod.precision(10);
  mod << R"({"type": "reroute", "trips": ["0:T1"], "from_stop": "0:SA", "to_stop": "0:SB",
      "stops": [{"lat": )"
      << d.lat_ << R"(, "lon": )" << d.lng_ << R"(}], "hop_times": [1200, 1200]})";
  auto const n = c.applied(mod.str());
  EXPECT_EQ(c.minutes(n, 'A', 'B'), 50);
  EXPECT_EQ(c.minutes(n, 'A', 'D'), 30);
  // With R5's dwells (from_stop, the new stop, to_stop): T1 waits 120 s at SA (leaves 08:12), reaches the
  // new stop 08:32, leaves it 08:33 and reaches SB 08:53.
  std::ostringstream dwelled;
  dwelled.precision(10);
  dwelled << R"({"type": "reroute", "trips": ["0:T1"], "from_stop": "0:SA", "to_stop": "0:SB",
      "stops": [{"lat": )"
          << d.lat_ << R"(, "lon": )" << d.lng_ << R"(}], "hop_times": [1200, 1200], "dwell_times": [120, 60, 180]})";
  auto const nd = c.applied(dwelled.str());
  EXPECT_EQ(c.minutes(nd, 'A', 'B'), 53);
  EXPECT_EQ(c.minutes(nd, 'A', 'D'), 32);
  // Removing SB from every trip of R leaves one stop: the trips go, A -> B unreachable.
  EXPECT_EQ(c.minutes(c.applied(R"({"type": "remove-stops", "routes": ["0:R"], "stops": ["0:SB"]})"), 'A', 'B'), kNone);
}

TEST(scenario_transit, apply_is_deterministic) {
  transit_case c;
  auto const mods = R"({"type": "add-trips", "bidirectional": true, "stops": [{"id": "0:SA"}, {"lat": 48.91,
      "lon": 2.41}], "speed_kmh": 30, "frequencies": [{"start_time": "07:00", "end_time": "10:00",
      "headway_secs": 300}]}, {"type": "adjust-speed", "routes": ["0:F"], "scale": 1.5})";
  auto const a = c.applied(mods), b = c.applied(mods);
  EXPECT_EQ(a.transit_.trip_arrival_, b.transit_.trip_arrival_);
  EXPECT_EQ(a.transit_.trip_id_, b.transit_.trip_id_);
  ASSERT_EQ(a.transit_.frequencies_.size(), b.transit_.frequencies_.size());
  for (auto i = 0U; i != a.transit_.frequencies_.size(); ++i) {
    EXPECT_EQ(a.transit_.frequencies_[i].seed_, b.transit_.frequencies_[i].seed_);
  }
  // TF's entry kept its seed.
  EXPECT_EQ(a.transit_.frequencies_[0].seed_, c.net_.transit_.frequencies_[0].seed_);
  // Saved and loaded (format 7: trip ids; 8: street way ids), the same network, and byte for byte the same file twice.
  temp_dir dir;
  network::save(a, dir.path_ / "a.net");
  network::save(b, dir.path_ / "b.net");
  auto const loaded = network::load(dir.path_ / "a.net");
  EXPECT_EQ(loaded.transit_.trip_id_, a.transit_.trip_id_);
  EXPECT_EQ(loaded.transit_.trip_id_.front(), "0:T1");
  std::ifstream fa{dir.path_ / "a.net", std::ios::binary}, fb{dir.path_ / "b.net", std::ios::binary};
  std::string const bytes_a{std::istreambuf_iterator<char>{fa}, {}}, bytes_b{std::istreambuf_iterator<char>{fb}, {}};
  EXPECT_EQ(bytes_a, bytes_b);
}

// One bad value or reference each: the message names the modification and the field.
void expect_error(transit_case const& c, std::string const& mod, std::string const& field, std::string const& msg) {
  try {
    c.applied(mod);
    ADD_FAILURE() << "no error for " << mod;
  } catch (input_error const& e) {
    std::string const what = e.what();
    EXPECT_NE(what.find("modification 0 (bad)." + field), std::string::npos) << what;
    EXPECT_NE(what.find(msg), std::string::npos) << what;
  }
}

constexpr auto kLine =
    R"("type": "add-trips", "name": "bad", "stops": [{"id": "0:SA"}, {"id": "0:SB"}], "hop_times": [300])";

TEST(scenario_transit_errors, bad_values_name_their_field) {
  transit_case c;
  auto const add = [](std::string const& rest) { return std::string{"{"} + kLine + ", " + rest + "}"; };
  auto const period = [](std::string const& p) { return R"("frequencies": [)" + p + "]"; };
  expect_error(c, add(period(R"({"start_time": "08:00", "end_time": "09:00", "headway_secs": 0})")),
               "frequencies[0].headway_secs", "outside");
  expect_error(c, add(period(R"({"start_time": "08:00", "end_time": "09:00", "headway_secs": -60})")),
               "frequencies[0].headway_secs", "outside");
  expect_error(c, add(period(R"({"start_time": "09:00", "end_time": "09:00", "headway_secs": 60})")),
               "frequencies[0].end_time", "after start_time");
  expect_error(c, add(period(R"({"start_time": "08:00", "end_time": "09:00", "headway_secs": 60},
                             {"start_time": "08:30", "end_time": "10:00", "headway_secs": 60, "days": ["tue"]})")),
               "frequencies[1].start_time", "overlaps");
  auto const ok = period(R"({"start_time": "08:00", "end_time": "09:00", "headway_secs": 60})");
  expect_error(c,
               R"({"type": "add-trips", "name": "bad", "stops": [{"id": "0:SA"}, {"id": "0:SB"}],
                   "hop_times": [300, 60], )" +
                   ok + "}",
               "hop_times", "expected 1 hop times");
  expect_error(c, add(R"("dwell_times": [30], )" + ok), "dwell_times", "expected 2 dwell times");
  expect_error(c, R"({"type": "add-trips", "name": "bad", "stops": [{"id": "0:SA"}], "hop_times": [], )" + ok + "}",
               "stops", "at least 2 stops");
  expect_error(c, add(R"("mode": "zeppelin", )" + ok), "mode", "route_type");
  expect_error(c, add(R"("colour": "red", )" + ok), "colour", "unknown field");
  expect_error(c, R"({"type": "adjust-speed", "name": "bad", "routes": ["0:R"], "scale": 0})", "scale", "outside");
  expect_error(c, R"({"type": "adjust-dwell-time", "name": "bad", "routes": ["0:R"], "scale": -1})", "scale",
               "outside");
  expect_error(c, R"({"type": "remove-trips", "name": "bad"})", "routes", "select the trips");
  expect_error(c,
               R"({"type": "reroute", "name": "bad", "routes": ["0:R"], "from_stop": "0:SA", "to_stop": "0:SB",
                   "stops": [], "hop_times": [60, 60]})",
               "hop_times", "expected 1 hop times");
}

TEST(scenario_transit_errors, bad_references_name_their_field) {
  transit_case c;
  auto const ok = R"("frequencies": [{"start_time": "08:00", "end_time": "09:00", "headway_secs": 60}])";
  expect_error(c,
               std::string{R"({"type": "add-trips", "name": "bad", "stops": [{"id": "0:SA"}, {"id": "0:SX"}],
                   "hop_times": [60], )"} +
                   ok + "}",
               "stops[1].id", "no stop '0:SX' in the network");
  expect_error(c, R"({"type": "remove-trips", "name": "bad", "routes": ["0:R", "R"]})", "routes[1]",
               "no route 'R' in the network");
  expect_error(c, R"({"type": "remove-trips", "name": "bad", "trips": ["0:T9"]})", "trips[0]", "no trip '0:T9'");
  expect_error(c, R"({"type": "remove-trips", "name": "bad", "patterns": ["0:T9"]})", "patterns[0]", "no trip '0:T9'");
  expect_error(c,
               R"({"type": "adjust-frequency", "name": "bad", "route": "0:X", "entries": [{"source_trip": "0:TF",
                   "start_time": "07:00", "end_time": "08:00", "headway_secs": 300}]})",
               "route", "no route '0:X'");
  expect_error(c,
               R"({"type": "adjust-frequency", "name": "bad", "route": "0:F", "entries": [{"source_trip": "0:T1",
                   "start_time": "07:00", "end_time": "08:00", "headway_secs": 300}]})",
               "entries[0].source_trip", "not a trip of route '0:F'");
  expect_error(c, R"({"type": "adjust-speed", "name": "bad", "routes": ["0:R"], "hops": [["0:SB", "0:SA"]],
                   "scale": 2})",
               "hops[0]", "not consecutive");
  expect_error(c, R"({"type": "adjust-speed", "name": "bad", "routes": ["0:R"], "hops": [["0:SA", "0:SQ"]],
                   "scale": 2})",
               "hops[0][1]", "no stop '0:SQ'");
  expect_error(c, R"({"type": "remove-stops", "name": "bad", "routes": ["0:R"], "stops": ["0:SZ"]})", "stops[0]",
               "no stop '0:SZ'");
  expect_error(c, R"({"type": "adjust-dwell-time", "name": "bad", "routes": ["0:R"], "stops": ["0:SZ"],
                   "dwell_secs": 5})",
               "stops[0]", "no stop '0:SZ'");
  expect_error(c,
               R"({"type": "reroute", "name": "bad", "routes": ["0:R"], "from_stop": "0:SY",
                   "stops": [{"id": "0:SD"}], "hop_times": [60]})",
               "from_stop", "no stop '0:SY'");
  expect_error(c, R"({"type": "make-accessible", "name": "bad", "stops": ["0:S0"]})", "stops[0]", "no stop '0:S0'");
  expect_error(c, R"({"type": "make-accessible", "name": "bad", "trips": ["0:TT"]})", "trips[0]", "no trip '0:TT'");
  // Stops the selected trips never serve: the modification would change nothing.
  expect_error(c, R"({"type": "remove-stops", "name": "bad", "routes": ["0:R"], "stops": ["0:SD"]})", "stops[0]",
               "stop '0:SD' is not served by any selected trip");
  expect_error(c, R"({"type": "adjust-dwell-time", "name": "bad", "routes": ["0:R"], "stops": ["0:SE"],
      "dwell_secs": 60})",
               "stops[0]", "not served");
  expect_error(c, R"({"type": "reroute", "name": "bad", "routes": ["0:R"], "from_stop": "0:SB", "to_stop": "0:SA",
      "stops": [], "hop_times": [60]})",
               "from_stop", "no selected trip passes '0:SB' then '0:SA'");
}

TEST(scenario_transit_errors, times_that_would_leave_the_service_days_are_refused) {
  transit_case c;
  // Reroute towards SB only, one new stop 10 h before it: T1 would reach the new stop at
  // 08:30 - 10:00 = -01:30, before midnight.
  try {
    c.applied(R"({"type": "reroute", "name": "bad", "trips": ["0:T1"], "to_stop": "0:SB",
        "stops": [{"lat": 0.0, "lon": 0.0}], "hop_times": [36000]})");
    ADD_FAILURE() << "accepted";
  } catch (input_error const& e) {
    EXPECT_NE(std::string{e.what()}.find("modification 0 (bad): trip '0:T1' would leave before midnight"),
              std::string::npos)
        << e.what();
  }
  // A speed factor of a thousandth is a typing error: refused when read.
  expect_error(c, R"({"type": "adjust-speed", "name": "bad", "routes": ["0:R"], "scale": 0.001})", "scale", "outside");
  // Departures and a headway together: which one? (R5 refuses it too.)
  expect_error(c, R"({"type": "add-trips", "name": "bad", "stops": [{"id": "0:SA"}, {"id": "0:SB"}], "hop_times": [300],
      "frequencies": [{"start_time": "08:00", "end_time": "09:00", "headway_secs": 600, "first_departures": ["08:05"]}]})",
               "frequencies[0].headway_secs", "not both");
}

TEST(scenario_transit, the_documented_examples_parse) {
  auto n = 0;
  for (auto const& e : std::filesystem::directory_iterator{std::filesystem::path{SOLIMOB_DOCS_DIR} / "scenarios"}) {
    if (e.path().extension() == ".json") {
      auto const s = scenario::read(e.path());
      EXPECT_FALSE(s.modifications_.empty()) << e.path();
      ++n;
    }
  }
  EXPECT_GE(n, 3);
}

// Porto Alegre: a second Trensurb LINHA1 service (same stops and times, every 10 min) on top of the
// timetable can only add boarding options: no origin-destination pair takes longer, some take less.
TEST(scenario_transit_poa, a_doubled_trensurb_line_shortens_no_trip_lengthens_some) {
  auto const dir = poa_dir();
  if (dir.empty()) {
    GTEST_SKIP() << "skipped: ../shared/data/poa is absent (real-data tests need ../shared beside the repository)";
  }
  gtfs::report r;
  auto const net = network::build(dir / "poa_osm.pbf", {dir / "poa_trensurb.zip"}, {}, r);
  auto const& tt = net.transit_;
  // Trensurb has scheduled trips only (no frequencies.txt): AddTrips over the stops of the longest
  // LINHA1 trip, its hop and dwell times, both ways.
  auto best = trip_idx::invalid();
  for (auto t = trip_idx{0}; t.v() != tt.n_trips(); t = trip_idx{t.v() + 1}) {
    if (tt.route_id_[tt.trip_route_[t]] == "0:LINHA1" && (!best.valid() || tt.trip_size(t) > tt.trip_size(best))) {
      best = t;
    }
  }
  ASSERT_TRUE(best.valid());
  std::ostringstream mod;
  mod << R"({"type": "add-trips", "name": "double", "mode": "rail", "bidirectional": true, "stops": [)";
  auto const b = tt.trip_stops_.begin_at(best);
  std::string hops, dwells;
  for (auto k = 0U; k != tt.trip_size(best); ++k) {
    mod << (k == 0 ? "" : ", ") << R"({"id": ")" << tt.stop_id_[tt.trip_stops_[best][k]] << R"("})";
    dwells += (k == 0 ? "" : ", ") + std::to_string(tt.trip_departure_[b + k] - tt.trip_arrival_[b + k]);
    if (k != 0) {
      hops += (k == 1 ? "" : ", ") + std::to_string(tt.trip_arrival_[b + k] - tt.trip_departure_[b + k - 1]);
    }
  }
  mod << "], \"hop_times\": [" << hops << "], \"dwell_times\": [" << dwells
      << R"(], "frequencies": [{"start_time": "05:00", "end_time": "23:00", "headway_secs": 600}]})";
  auto const s = scenario::parse(R"({"modifications": [)" + mod.str() + "]}", "double.json");
  auto const t0 = std::chrono::steady_clock::now();
  auto const applied = scenario::apply(net, {}, s, "double.json");
  std::cerr << "apply on the POA Trensurb network: "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() << " s\n";
  std::vector<analysis::point> stations;
  for (auto const st : tt.stop_id_.keys()) {
    stations.push_back({tt.stop_id_[st], tt.stop_pos_[st]});
  }
  analysis::travel_time_params p;
  auto const dt = parse_date_time("2019-05-13 07:00");
  p.day_ = dt->day_;
  p.departure_ = dt->time_;
  p.window_min_ = 30;
  auto const before = analysis::compute_matrix(net, stations, stations, p, {50});
  auto const after = analysis::compute_matrix(applied.network_, stations, stations, p, {50});
  auto shorter = 0, pairs = 0;
  for (auto o = 0U; o != stations.size(); ++o) {
    for (auto d = 0U; d != stations.size(); ++d) {
      auto const x = before.at(o, d, 0), y = after.at(o, d, 0);
      EXPECT_LE(y, x) << stations[o].id_ << " -> " << stations[d].id_;
      shorter += y < x ? 1 : 0;
      pairs += x != kNone ? 1 : 0;
    }
  }
  EXPECT_GT(shorter, 0);
  EXPECT_GT(pairs, 0);
}

}  // namespace
}  // namespace solimob::test
