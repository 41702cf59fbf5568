// Data-driven routing cases: a street map drawn as text, an inline GTFS feed, and travel times
// derived by hand (walking 1 m/s = 3.6 km/h, board slack 60 s, minutes rounded down).
#include <gtest/gtest.h>

#include "analysis/matrix.h"
#include "support/ascii_network.h"

namespace solimob::test {
namespace {

// A to E is 1600 m: beyond the 1000 m walking limit, so only transit can join them.
constexpr auto kLine = "A---B---C---D---E";
constexpr std::uint16_t kNone = analysis::kUnreachedMinutes;

struct routing_case {
  routing_case(std::string_view map, feed_files const& files) : map_{map} {
    net_ = network::assemble(map_.graph(), {load_feed(files)}, {});
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
  no_slack.board_slack_s_ = 0;
  EXPECT_EQ(c.minutes('A', 'E', "2026-11-24 08:00", 1, {50}, no_slack), std::vector<std::uint16_t>{5});
}

TEST(routing_cases, transfer_between_two_routes) {
  // R: A 08:02 -> C 08:06; R2: C 08:07 -> E 08:12 (0 m walk + 60 s slack = just in time).
  auto const f = line_feed(
      "T1,08:02:00,08:02:00,SA,1\nT1,08:06:00,08:06:00,SC,2\n"
      "T2,08:07:00,08:07:00,SC2,1\nT2,08:12:00,08:12:00,SE,2\n",
      "R,WK,T1\nR2,WK,T2\n");
  routing_case const c{kLine, f};
  EXPECT_EQ(c.minutes('A', 'E', "2026-11-24 08:00", 1), std::vector<std::uint16_t>{12});
  // Without a transfer: ride to C (08:06), then walk the last 800 m (13 min 20 s): 08:19:20.
  analysis::travel_time_params no_transfer;
  no_transfer.max_transfers_ = 0;
  EXPECT_EQ(c.minutes('A', 'E', "2026-11-24 08:00", 1, {50}, no_transfer), std::vector<std::uint16_t>{19});
  no_transfer.max_walk_m_ = 700.0;
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
  routing_case const c{kLine, line_feed("T1,08:10:00,08:10:00,SA,1\nT1,08:15:00,08:15:00,SE,2\n")};
  analysis::travel_time_params p;
  p.max_time_min_ = 14;
  EXPECT_EQ(c.minutes('A', 'E', "2026-11-24 08:00", 1, {50}, p), std::vector<std::uint16_t>{kNone});
  p.max_time_min_ = 15;
  EXPECT_EQ(c.minutes('A', 'E', "2026-11-24 08:00", 1, {50}, p), std::vector<std::uint16_t>{15});
}

TEST(routing_cases, percentiles_over_the_departure_window) {
  // Buses every 10 min from 08:10, 5 min ride. Leaving 08:00..08:09 all catch 08:10 (slack fits),
  // so the ten minute-by-minute times are 15, 14, ..., 6.
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
            (std::vector<std::uint16_t>{6, 8, 10, 13, 15}));
}

TEST(routing_cases, walking_transfer_between_nearby_stops) {
  //   A---B---C---D---E
  // R: A 08:01 -> B 08:03; walk B -> C 400 s; R2: C 08:11 -> E 08:16 (ready 08:09:40 + 60 s = 08:10:40).
  auto const f = line_feed(
      "T1,08:01:00,08:01:00,SA,1\nT1,08:03:00,08:03:00,SB,2\n"
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

}  // namespace
}  // namespace solimob::test
