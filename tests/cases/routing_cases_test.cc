// Data-driven routing cases: a street map drawn as text, an inline GTFS feed, and travel times
// derived by hand (walking 1 m/s = 3.6 km/h, walking seconds rounded down, board slack 60 s and a
// departure strictly after arrival + slack as R5, trips shorter than --max-time, minutes rounded down).
#include <gtest/gtest.h>

#include "analysis/matrix.h"
#include "support/ascii_network.h"

namespace solimob::test {
namespace {

// A to E is 1600 m: beyond the 1000 m walking limit, so only transit can join them.
constexpr auto kLine = "A---B---C---D---E";
constexpr std::uint16_t kNone = analysis::kUnreachedMinutes;

struct routing_case {
  // `prune`: remove the street islands first, every drawn node counting as a vertex.
  routing_case(std::string_view map, feed_files const& files, bool prune = false, double grid_m = 100.0)
      : map_{map, grid_m} {
    auto streets = map_.graph();
    street::island_pruning islands;
    if (prune) {
      islands = street::prune_islands(streets, std::vector<bool>(streets.n_nodes(), true));
    }
    net_ = network::assemble(std::move(streets), {load_feed(files)}, {}, std::move(islands));
  }

  // Percentiles (minutes) from node `from` to node `to`.
  std::vector<std::uint16_t> minutes(char from, char to, std::string const& departure, int window,
                                     std::vector<int> const& percentiles = {50},
                                     analysis::travel_time_params p = {}) const {
    auto const dt = parse_date_time(departure);
    p.day_ = dt->day_;
    p.departure_ = dt->time_;
    p.window_min_ = window;
    p.threads_ = 1;
    std::vector<analysis::point> const o{map_.point(from)}, d{map_.point(to)};
    auto const m = analysis::compute_matrix(net_, o, d, p, percentiles);
    std::vector<std::uint16_t> out;
    for (auto i = 0U; i != percentiles.size(); ++i) {
      out.push_back(m.at(0, 0, i));
    }
    return out;
  }

  ascii_network map_;
  network::network net_;
};

feed_files line_feed(std::string const& stop_times, std::string const& trips = "R,WK,T1\n") {
  auto f = base_feed(ascii_network{kLine}, {{"SA", 'A'}, {"SB", 'B'}, {"SC", 'C'}, {"SC2", 'C'}, {"SE", 'E'}});
  f["routes.txt"] = "route_id,route_short_name,route_type\nR,1,3\nR2,2,3\n";
  f["trips.txt"] = "route_id,service_id,trip_id\n" + trips;
  f["stop_times.txt"] = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n" + stop_times;
  return f;
}

TEST(routing_cases, walking_only_within_the_walk_limit) {
  routing_case const c{kLine, line_feed("T1,08:10:00,08:10:00,SA,1\nT1,08:15:00,08:15:00,SE,2\n")};
  EXPECT_EQ(c.minutes('A', 'C', "2026-11-24 08:00", 1), std::vector<std::uint16_t>{13});  // 800 s
  EXPECT_EQ(c.minutes('A', 'A', "2026-11-24 08:00", 1), std::vector<std::uint16_t>{0});
}

TEST(routing_cases, walking_beats_a_slower_bus) {
  // Bus A -> B leaves 08:05, arrives 08:08 (8 min); walking 400 m takes 6 min 40 s.
  routing_case const c{kLine, line_feed("T1,08:05:00,08:05:00,SA,1\nT1,08:08:00,08:08:00,SB,2\n")};
  EXPECT_EQ(c.minutes('A', 'B', "2026-11-24 08:00", 1), std::vector<std::uint16_t>{6});
}

TEST(routing_cases, initial_wait_counts) {
  // Leave 08:00, bus at 08:10, arrive E 08:15: 15 minutes door to door.
  routing_case const c{kLine, line_feed("T1,08:10:00,08:10:00,SA,1\nT1,08:15:00,08:15:00,SE,2\n")};
  EXPECT_EQ(c.minutes('A', 'E', "2026-11-24 08:00", 1), std::vector<std::uint16_t>{15});
}

TEST(routing_cases, board_slack_misses_a_bus_leaving_too_soon) {
  // The 08:00:30 bus needs 60 s of slack from 08:00:00: missed; the 08:20 one arrives 08:25.
  routing_case const c{kLine, line_feed("T1,08:00:30,08:00:30,SA,1\nT1,08:05:00,08:05:00,SE,2\n"
                                        "T2,08:20:00,08:20:00,SA,1\nT2,08:25:00,08:25:00,SE,2\n",
                                        "R,WK,T1\nR,WK,T2\n")};
  EXPECT_EQ(c.minutes('A', 'E', "2026-11-24 08:00", 1), std::vector<std::uint16_t>{25});
  analysis::travel_time_params no_slack;
  no_slack.profile_.board_slack_s_ = 0;
  EXPECT_EQ(c.minutes('A', 'E', "2026-11-24 08:00", 1, {50}, no_slack), std::vector<std::uint16_t>{5});
}

TEST(routing_cases, a_bus_leaving_exactly_at_arrival_plus_slack_is_missed) {
  // As R5 (FastRaptorWorker): board a departure strictly after arrival + slack. Leaving A at 08:00
  // (0 m to the stop), ready at 08:01:00: the 08:01:00 bus is missed, the 08:01:01 one is caught.
  auto const trips = "R,WK,T1\nR,WK,T2\n";
  routing_case const tie{kLine, line_feed("T1,08:01:00,08:01:00,SA,1\nT1,08:05:00,08:05:00,SE,2\n"
                                          "T2,08:21:00,08:21:00,SA,1\nT2,08:25:00,08:25:00,SE,2\n",
                                          trips)};
  EXPECT_EQ(tie.minutes('A', 'E', "2026-11-24 08:00", 1), std::vector<std::uint16_t>{25});
  routing_case const after{kLine, line_feed("T1,08:01:01,08:01:01,SA,1\nT1,08:05:00,08:05:00,SE,2\n"
                                            "T2,08:21:00,08:21:00,SA,1\nT2,08:25:00,08:25:00,SE,2\n",
                                            trips)};
  EXPECT_EQ(after.minutes('A', 'E', "2026-11-24 08:00", 1), std::vector<std::uint16_t>{5});
}

TEST(routing_cases, transfer_between_two_routes) {
  // R: A 08:02 -> C 08:06; R2: C 08:07:01 -> E 08:12 (0 m walk + 60 s slack: ready 08:07:00, and the
  // departure is after it).
  auto const f = line_feed(
      "T1,08:02:00,08:02:00,SA,1\nT1,08:06:00,08:06:00,SC,2\n"
      "T2,08:07:01,08:07:01,SC2,1\nT2,08:12:00,08:12:00,SE,2\n",
      "R,WK,T1\nR2,WK,T2\n");
  routing_case const c{kLine, f};
  EXPECT_EQ(c.minutes('A', 'E', "2026-11-24 08:00", 1), std::vector<std::uint16_t>{12});
  // R2 at 08:07:00 leaves exactly when the rider is ready: missed (R5's rule), so ride to C and walk
  // the last 800 m: 08:06 + 13 min 20 s = 08:19:20.
  auto tie = f;
  tie["stop_times.txt"] =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
      "T1,08:02:00,08:02:00,SA,1\nT1,08:06:00,08:06:00,SC,2\n"
      "T2,08:07:00,08:07:00,SC2,1\nT2,08:12:00,08:12:00,SE,2\n";
  EXPECT_EQ((routing_case{kLine, tie}.minutes('A', 'E', "2026-11-24 08:00", 1)), std::vector<std::uint16_t>{19});
  // Without a transfer: ride to C (08:06), then walk the last 800 m (13 min 20 s): 08:19:20.
  analysis::travel_time_params no_transfer;
  no_transfer.max_transfers_ = 0;
  EXPECT_EQ(c.minutes('A', 'E', "2026-11-24 08:00", 1, {50}, no_transfer), std::vector<std::uint16_t>{19});
  no_transfer.profile_.max_leg_m_ = 700.0;
  EXPECT_EQ(c.minutes('A', 'E', "2026-11-24 08:00", 1, {50}, no_transfer), std::vector<std::uint16_t>{kNone});
}

TEST(routing_cases, frequency_based_trips) {
  // Template 06:00 -> 06:05, run every 10 min from 08:00: leaving 08:01 catches 08:10, arrives 08:15.
  auto f = line_feed("T1,06:00:00,06:00:00,SA,1\nT1,06:05:00,06:05:00,SE,2\n");
  f["frequencies.txt"] = "trip_id,start_time,end_time,headway_secs,exact_times\nT1,08:00:00,09:00:00,600,0\n";
  routing_case const c{kLine, f};
  analysis::travel_time_params from_start;  // --frequency-draws 0: departures from start_time
  from_start.frequency_draws_ = 0;
  EXPECT_EQ(c.minutes('A', 'E', "2026-11-24 08:01", 1, {50}, from_start), std::vector<std::uint16_t>{14});
  // The template's own time is not a departure.
  EXPECT_EQ(c.minutes('A', 'E', "2026-11-24 05:59", 1), std::vector<std::uint16_t>{kNone});
}

TEST(routing_cases, calendar_exceptions) {
  auto f = line_feed("T1,08:10:00,08:10:00,SA,1\nT1,08:15:00,08:15:00,SE,2\n");
  f["calendar_dates.txt"] = "service_id,date,exception_type\nWK,20261124,2\nWK,20261129,1\n";
  routing_case const c{kLine, f};
  EXPECT_EQ(c.minutes('A', 'E', "2026-11-24 08:00", 1), std::vector<std::uint16_t>{kNone});  // removed Tuesday
  EXPECT_EQ(c.minutes('A', 'E', "2026-11-25 08:00", 1), std::vector<std::uint16_t>{15});     // plain Wednesday
  EXPECT_EQ(c.minutes('A', 'E', "2026-11-28 08:00", 1), std::vector<std::uint16_t>{kNone});  // Saturday
  EXPECT_EQ(c.minutes('A', 'E', "2026-11-29 08:00", 1), std::vector<std::uint16_t>{15});     // added Sunday
}

TEST(routing_cases, overnight_trip_of_the_previous_service_day) {
  // Monday's 24:10 trip runs at 00:10 on Tuesday.
  routing_case const c{kLine, line_feed("T1,24:10:00,24:10:00,SA,1\nT1,24:20:00,24:20:00,SE,2\n")};
  EXPECT_EQ(c.minutes('A', 'E', "2026-11-24 00:05", 1), std::vector<std::uint16_t>{15});
  // Sunday has no service, so Monday 00:05 has nothing.
  EXPECT_EQ(c.minutes('A', 'E', "2026-11-23 00:05", 1), std::vector<std::uint16_t>{kNone});
}

TEST(routing_cases, beyond_max_time_is_unreachable) {
  // Leave 08:00, arrive 08:15:00: exactly 900 s. As R5 (PerTargetPropagater keeps a time only when it is
  // below maxTripDurationMinutes x 60), a trip of exactly --max-time is unreachable.
  routing_case const c{kLine, line_feed("T1,08:10:00,08:10:00,SA,1\nT1,08:15:00,08:15:00,SE,2\n")};
  analysis::travel_time_params p;
  p.max_time_min_ = 14;
  EXPECT_EQ(c.minutes('A', 'E', "2026-11-24 08:00", 1, {50}, p), std::vector<std::uint16_t>{kNone});
  p.max_time_min_ = 15;
  EXPECT_EQ(c.minutes('A', 'E', "2026-11-24 08:00", 1, {50}, p), std::vector<std::uint16_t>{kNone});
  p.max_time_min_ = 16;
  EXPECT_EQ(c.minutes('A', 'E', "2026-11-24 08:00", 1, {50}, p), std::vector<std::uint16_t>{15});
  // Walk mode follows the same rule: A to B is 400 m, 400 s at 1 m/s, below a 7-minute limit.
  p.mode_ = analysis::mode::kWalk;
  p.max_time_min_ = 7;
  EXPECT_EQ(c.minutes('A', 'B', "2026-11-24 08:00", 1, {50}, p), std::vector<std::uint16_t>{6});
}

TEST(routing_cases, percentiles_over_the_departure_window) {
  // Buses every 10 min from 08:10, 5 min ride. Leaving 08:00..08:08 catch 08:10 (ready by 08:09:00), so
  // the times are 15, 14, ..., 7; leaving 08:09 is ready at 08:10:00 exactly, misses it and takes the
  // 08:20 bus: 16. Sorted: 7..16; nearest rank ceil(p/100 x 10) - 1: p5 -> #0 = 7, p25 -> #2 = 9,
  // p50 -> #4 = 11, p75 -> #7 = 14, p95 -> #9 = 16.
  std::string st, trips;
  for (auto i = 0; i != 4; ++i) {
    auto const id = "T" + std::to_string(i);
    auto const dep = 8 * 60 + 10 + 10 * i;
    char buf[128];
    std::snprintf(buf, sizeof(buf), "%s,%02d:%02d:00,%02d:%02d:00,SA,1\n%s,%02d:%02d:00,%02d:%02d:00,SE,2\n",
                  id.c_str(), dep / 60, dep % 60, dep / 60, dep % 60, id.c_str(), (dep + 5) / 60, (dep + 5) % 60,
                  (dep + 5) / 60, (dep + 5) % 60);
    st += buf;
    trips += "R,WK," + id + "\n";
  }
  routing_case const c{kLine, line_feed(st, trips)};
  EXPECT_EQ(c.minutes('A', 'E', "2026-11-24 08:00", 10, {5, 25, 50, 75, 95}),
            (std::vector<std::uint16_t>{7, 9, 11, 14, 16}));
}

TEST(routing_cases, walking_transfer_between_nearby_stops) {
  //   A---B---C---D---E
  // R: A 08:01:30 -> B 08:03; walk B -> C 400 s; R2: C 08:11 -> E 08:16 (ready 08:09:40 + 60 s = 08:10:40).
  auto const f = line_feed(
      "T1,08:01:30,08:01:30,SA,1\nT1,08:03:00,08:03:00,SB,2\n"
      "T2,08:11:00,08:11:00,SC2,1\nT2,08:16:00,08:16:00,SE,2\n",
      "R,WK,T1\nR2,WK,T2\n");
  routing_case const c{kLine, f};
  EXPECT_EQ(c.minutes('A', 'E', "2026-11-24 08:00", 1), std::vector<std::uint16_t>{16});
}

TEST(routing_cases, no_pickup_and_no_drop_off_stops) {
  // The bus runs A 08:02 -> C 08:06 -> E 08:10, but lets nobody off at E (drop_off_type 1): riding to C
  // and walking the last 800 m (13 min 20 s) arrives 08:19:20. Without the rule: 08:10.
  auto f = line_feed("");
  f["stop_times.txt"] =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_type,drop_off_type\n"
      "T1,08:02:00,08:02:00,SA,1,0,1\nT1,08:06:00,08:06:00,SC,2,0,0\nT1,08:10:00,08:10:00,SE,3,1,1\n";
  routing_case const c{kLine, f};
  EXPECT_EQ(c.minutes('A', 'E', "2026-11-24 08:00", 1), std::vector<std::uint16_t>{19});
  // Nobody boards at C (pickup_type 1): from C, E is 800 m on foot only.
  f["stop_times.txt"] =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_type,drop_off_type\n"
      "T1,08:02:00,08:02:00,SA,1,0,0\nT1,08:06:00,08:06:00,SC,2,1,0\nT1,08:10:00,08:10:00,SE,3,0,0\n";
  routing_case const d{kLine, f};
  EXPECT_EQ(d.minutes('A', 'E', "2026-11-24 08:00", 1), std::vector<std::uint16_t>{10});
  EXPECT_EQ(d.minutes('C', 'E', "2026-11-24 08:00", 1), std::vector<std::uint16_t>{13});
}

TEST(routing_cases, disconnected_streets_are_unreachable_on_foot) {
  // Two separate streets 300 m apart: no walking path between A and C.
  routing_case const c{"A--B   C--D", line_feed("T1,08:10:00,08:10:00,SA,1\nT1,08:15:00,08:15:00,SE,2\n")};
  analysis::travel_time_params p;
  p.mode_ = analysis::mode::kWalk;
  EXPECT_EQ(c.minutes('A', 'B', "2026-11-24 08:00", 1, {50}, p), std::vector<std::uint16_t>{5});  // 300 s
  EXPECT_EQ(c.minutes('A', 'C', "2026-11-24 08:00", 1, {50}, p), std::vector<std::uint16_t>{kNone});
}

TEST(routing_cases, walking_seconds_are_rounded_down) {
  // A to B is 2 x 29.8 m = 59.6 m along a meridian: 59.6 s at 1 m/s, 59 s as R5 (whole millimetres over
  // whole mm/s, rounded down), so 0 minutes; rounded to the nearest second it would be 60 s = 1 minute.
  auto f = base_feed(ascii_network{"A\n|\nB", 29.8}, {{"SA", 'A'}, {"SB", 'B'}});
  f["routes.txt"] = "route_id,route_short_name,route_type\nR,1,3\n";
  f["trips.txt"] = "route_id,service_id,trip_id\nR,WK,T1\n";
  f["stop_times.txt"] =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,09:00:00,09:00:00,SA,1\n"
      "T1,09:05:00,09:05:00,SB,2\n";
  routing_case const c{"A\n|\nB", f, false, 29.8};
  analysis::travel_time_params p;
  p.mode_ = analysis::mode::kWalk;
  EXPECT_EQ(c.minutes('A', 'B', "2026-11-24 08:00", 1, {50}, p), std::vector<std::uint16_t>{0});
}

TEST(routing_cases, stops_and_points_beside_a_street_island_link_to_the_street) {
  //   A---B---C---D---E
  //           F-------G      F-G: a lone footway 100 m south of C (an island: 2 vertices < 40)
  // Stop SF sits on F; the bus leaves SF 08:05 and reaches SA (on A) 08:10.
  auto const map = "A---B---C---D---E\n        F-------G";
  auto f = base_feed(ascii_network{map}, {{"SA", 'A'}, {"SF", 'F'}});
  f["routes.txt"] = "route_id,route_short_name,route_type\nR,1,3\n";
  f["trips.txt"] = "route_id,service_id,trip_id\nR,WK,T1\n";
  f["stop_times.txt"] =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
      "T1,08:05:00,08:05:00,SF,1\nT1,08:10:00,08:10:00,SA,2\n";
  routing_case const pruned{map, f, true};
  // The island is gone and SF links to the street at C, 100 m away.
  EXPECT_EQ(pruned.net_.islands_.islands_, 1U);
  EXPECT_EQ(pruned.net_.islands_.removed_.n_edges(), 1U);
  EXPECT_EQ(pruned.net_.stops_off_islands_, 1U);
  auto const sf = pruned.net_.stop_snap_[stop_idx{1}];
  ASSERT_TRUE(sf.valid());
  EXPECT_NEAR(sf.link_cm_ / 100.0, 100.0, 0.5);
  // From C: walk 0 m + 100 m to SF (100 s), ready 08:02:40, bus 08:05 -> A 08:10: 10 minutes.
  EXPECT_EQ(pruned.minutes('C', 'A', "2026-11-24 08:00", 1), std::vector<std::uint16_t>{10});
  // A point at G (on the island) links to the street at E, 100 m north: from C, 800 + 100 m = 900 s.
  EXPECT_EQ(pruned.minutes('C', 'G', "2026-11-24 08:00", 1), std::vector<std::uint16_t>{15});
  // Unpruned, SF and G sit on the island: C only walks the 800 m to A (13 min 20 s), and G is unreachable.
  routing_case const unpruned{map, f};
  EXPECT_EQ(unpruned.minutes('C', 'A', "2026-11-24 08:00", 1), std::vector<std::uint16_t>{13});
  EXPECT_EQ(unpruned.minutes('C', 'G', "2026-11-24 08:00", 1), std::vector<std::uint16_t>{kNone});
}

// transfers.txt (README, Method: transfers). Every time below avoids boarding ties, so the cases
// hold whether boarding needs departure >= or > arrival + slack.
//   A---B---C---D---E   R: SA 08:01:30 -> SB 08:03; walk SB -> SC2 400 m = 400 s;
//   R2 from SC2: 08:11 -> SE 08:16, 08:13:30 -> 08:18:30, 08:20 -> 08:25.
feed_files transfer_feed(std::string const& transfers) {
  auto f = line_feed(
      "T1,08:01:30,08:01:30,SA,1\nT1,08:03:00,08:03:00,SB,2\n"
      "T2,08:11:00,08:11:00,SC2,1\nT2,08:16:00,08:16:00,SE,2\n"
      "T3,08:13:30,08:13:30,SC2,1\nT3,08:18:30,08:18:30,SE,2\n"
      "T4,08:20:00,08:20:00,SC2,1\nT4,08:25:00,08:25:00,SE,2\n",
      "R,WK,T1\nR2,WK,T2\nR2,WK,T3\nR2,WK,T4\n");
  if (!transfers.empty()) {
    f["transfers.txt"] = "from_stop_id,to_stop_id,transfer_type,min_transfer_time\n" + transfers;
  }
  return f;
}

TEST(routing_cases, transfers_txt_minimum_time_between_two_stops) {
  // No rule: at SC2 08:09:40, + 60 s slack = 08:10:40, boards 08:11, E at 08:16.
  EXPECT_EQ(routing_case(kLine, transfer_feed("")).minutes('A', 'E', "2026-11-24 08:00", 1),
            std::vector<std::uint16_t>{16});
  // 600 s: the change takes max(walk + slack, 600) = max(460, 600) = 600 s from 08:03: 08:13:00, so
  // 08:11 is missed and 08:13:30 caught: E at 08:18:30. (Adding the slack on top of the 600 s would
  // have missed it too: 08:14:00.)
  EXPECT_EQ(routing_case(kLine, transfer_feed("SB,SC2,2,600\n")).minutes('A', 'E', "2026-11-24 08:00", 1),
            std::vector<std::uint16_t>{18});
  // 300 s is less than the walk and slack: no change, 16 minutes.
  EXPECT_EQ(routing_case(kLine, transfer_feed("SB,SC2,2,300\n")).minutes('A', 'E', "2026-11-24 08:00", 1),
            std::vector<std::uint16_t>{16});
  // A rule is never a teleport: with --max-walk 300 m the 400 m walk is gone, and the rule makes no
  // transfer of its own (walking A -> SC2 is beyond 300 m too).
  analysis::travel_time_params short_walk;
  short_walk.profile_.max_leg_m_ = 300.0;
  EXPECT_EQ(
      routing_case(kLine, transfer_feed("SB,SC2,2,600\n")).minutes('A', 'E', "2026-11-24 08:00", 1, {50}, short_walk),
      std::vector<std::uint16_t>{kNone});
}

TEST(routing_cases, transfers_txt_forbidden_transfer) {
  // Type 3: no change SB -> SC2. Walking A -> SC2 (800 s) reaches it at 08:13:20, + 60 s: the 08:20
  // bus, E at 08:25.
  EXPECT_EQ(routing_case(kLine, transfer_feed("SB,SC2,3,\n")).minutes('A', 'E', "2026-11-24 08:00", 1),
            std::vector<std::uint16_t>{25});
  // Only that direction is forbidden.
  EXPECT_EQ(routing_case(kLine, transfer_feed("SC2,SB,3,\n")).minutes('A', 'E', "2026-11-24 08:00", 1),
            std::vector<std::uint16_t>{16});
}

TEST(routing_cases, transfers_txt_never_joins_stops_without_a_street_path) {
  // B and C are 3 km apart (beyond every walking limit). R: SA 08:02 -> SB 08:05; R2: SC 08:09:30 ->
  // SD 08:12. A 180 s rule SB -> SC used to be a 3-minute walk (08:08 + 60 s, boards 08:09:30: 12 min).
  constexpr auto kFar = "A---B------------------------------C---D";
  ascii_network const map{kFar};
  auto f = base_feed(map, {{"SA", 'A'}, {"SB", 'B'}, {"SC", 'C'}, {"SD", 'D'}});
  f["routes.txt"] = "route_id,route_short_name,route_type\nR,1,3\nR2,2,3\n";
  f["trips.txt"] = "route_id,service_id,trip_id\nR,WK,T1\nR2,WK,T2\n";
  f["stop_times.txt"] =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
      "T1,08:02:00,08:02:00,SA,1\nT1,08:05:00,08:05:00,SB,2\nT2,08:09:30,08:09:30,SC,1\nT2,08:12:00,08:12:00,SD,2\n";
  f["transfers.txt"] = "from_stop_id,to_stop_id,transfer_type,min_transfer_time\nSB,SC,2,180\n";
  EXPECT_EQ(routing_case(kFar, f).minutes('A', 'D', "2026-11-24 08:00", 1), std::vector<std::uint16_t>{kNone});
}

TEST(routing_cases, transfers_txt_minimum_change_time_at_one_stop) {
  // R: SA 08:01:30 -> SC 08:06; R2 from the same stop SC: 08:07:30 -> SE 08:12, 08:09 -> SE 08:14.
  auto f = line_feed(
      "T1,08:01:30,08:01:30,SA,1\nT1,08:06:00,08:06:00,SC,2\n"
      "T2,08:07:30,08:07:30,SC,1\nT2,08:12:00,08:12:00,SE,2\n"
      "T3,08:09:00,08:09:00,SC,1\nT3,08:14:00,08:14:00,SE,2\n",
      "R,WK,T1\nR2,WK,T2\nR2,WK,T3\n");
  // Board slack alone: 08:07 at the latest, the 08:07:30 bus.
  EXPECT_EQ(routing_case(kLine, f).minutes('A', 'E', "2026-11-24 08:00", 1), std::vector<std::uint16_t>{12});
  // 120 s at SC: the change takes max(slack 60, 120) = 120 s, ready 08:08: the 08:09 bus.
  f["transfers.txt"] = "from_stop_id,to_stop_id,transfer_type,min_transfer_time\nSC,SC,2,120\n";
  EXPECT_EQ(routing_case(kLine, f).minutes('A', 'E', "2026-11-24 08:00", 1), std::vector<std::uint16_t>{14});
  // An 80 s board slack already covers a 70 s minimum: ready 08:07:20, the 08:07:30 bus again (the
  // slack on top of the 70 s would miss it). A 100 s minimum does not: ready 08:07:40, the 08:09 bus.
  analysis::travel_time_params slack_80;
  slack_80.profile_.board_slack_s_ = 80;
  f["transfers.txt"] = "from_stop_id,to_stop_id,transfer_type,min_transfer_time\nSC,SC,2,70\n";
  EXPECT_EQ(routing_case(kLine, f).minutes('A', 'E', "2026-11-24 08:00", 1, {50}, slack_80),
            std::vector<std::uint16_t>{12});
  f["transfers.txt"] = "from_stop_id,to_stop_id,transfer_type,min_transfer_time\nSC,SC,2,100\n";
  EXPECT_EQ(routing_case(kLine, f).minutes('A', 'E', "2026-11-24 08:00", 1, {50}, slack_80),
            std::vector<std::uint16_t>{14});
  // Type 3 at SC: no change there at all (walking to C takes 800 s, too late for both buses); what
  // is left is riding to C and walking the last 800 m: 08:06 + 800 s = 08:19:20.
  f["transfers.txt"] = "from_stop_id,to_stop_id,transfer_type,min_transfer_time\nSC,SC,3,\n";
  EXPECT_EQ(routing_case(kLine, f).minutes('A', 'E', "2026-11-24 08:00", 1), std::vector<std::uint16_t>{19});
}

TEST(routing_cases, service_days_beyond_the_next_day) {
  // A trip of Thursday 26 at 00:10 -> 00:15 (service "X", that day only). Leaving Tuesday 24 at 23:59
  // with a 60-minute window and a 24 h limit, the last departures (Wednesday 00:xx) reach it. Minute m
  // leaves at 23:59 + m and arrives 48 h 15 min after Tuesday's midnight: 24 h 16 min - m. Sorted, the
  // 50th percentile of the 60 minutes is the 30th shortest, m = 30: 1426 min.
  auto f = line_feed("T1,00:10:00,00:10:00,SA,1\nT1,00:15:00,00:15:00,SE,2\n", "R,X,T1\n");
  f["calendar_dates.txt"] = "service_id,date,exception_type\nX,20261126,1\n";
  routing_case const c{kLine, f};
  analysis::travel_time_params day_long;
  day_long.max_time_min_ = 1440;
  EXPECT_EQ(c.minutes('A', 'E', "2026-11-24 23:59", 60, {50}, day_long), std::vector<std::uint16_t>{1426});
}

TEST(routing_cases, trip_of_two_days_before_running_past_48_hours) {
  // Sunday 22's trip at 49:10 runs on Tuesday 24 at 01:10.
  auto f = line_feed("T1,49:10:00,49:10:00,SA,1\nT1,49:15:00,49:15:00,SE,2\n", "R,X,T1\n");
  f["calendar_dates.txt"] = "service_id,date,exception_type\nX,20261122,1\n";
  routing_case const c{kLine, f};
  EXPECT_EQ(c.minutes('A', 'E', "2026-11-24 01:00", 1), std::vector<std::uint16_t>{15});
}

}  // namespace
}  // namespace solimob::test
