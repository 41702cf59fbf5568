// Frequency entries expanded by make_day_timetable: from start_time, or from a drawn phase that
// depends on the entry alone (common random numbers across scenarios).
#include <gtest/gtest.h>

#include <set>

#include "support/ascii_network.h"
#include "transit/day_timetable.h"
#include "transit/timetable.h"

namespace solimob::transit {
namespace {

constexpr auto kMap = "A---B---C---D";

// Lines L1 (SA -> SB) and L2 (SC -> SD), each a template trip; `frequencies` is the body of
// frequencies.txt, `extra_trips` / `extra_times` add lines before them in the other files.
test::feed_files two_lines(std::string const& frequencies, std::string const& extra_trips = "",
                           std::string const& extra_times = "") {
  test::ascii_network const map{kMap};
  auto f = test::base_feed(map, {{"SA", 'A'}, {"SB", 'B'}, {"SC", 'C'}, {"SD", 'D'}});
  f["routes.txt"] = "route_id,route_short_name,route_type\nR1,1,3\nR2,2,3\nR3,3,3\n";
  f["trips.txt"] = "route_id,service_id,trip_id\n" + extra_trips + "R1,WK,L1\nR2,WK,L2\n";
  f["stop_times.txt"] = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n" + extra_times +
                        "L1,06:00:00,06:00:00,SA,1\nL1,06:04:00,06:04:00,SB,2\n"
                        "L2,05:00:00,05:00:00,SC,1\nL2,05:03:00,05:03:00,SD,2\n";
  f["frequencies.txt"] = "trip_id,start_time,end_time,headway_secs,exact_times\n" + frequencies;
  return f;
}

timetable make_timetable(std::vector<test::feed_files> const& feeds) {
  timetable tt;
  for (auto i = 0U; i != feeds.size(); ++i) {
    tt.add_feed(test::load_feed(feeds[i]), std::to_string(i) + ":");
  }
  return tt;
}

day_t tuesday() {
  return *parse_gtfs_date("20261124");
}

// First-stop departures of the trips that leave stop `first` (by id), sorted.
std::vector<seconds_t> departures_from(timetable const& tt, day_timetable const& d, std::string const& first) {
  std::vector<seconds_t> out;
  for (auto p = 0U; p != d.n_patterns(); ++p) {
    auto const stops = d.pattern_stops_[pattern_idx{p}];
    if (tt.stop_id_[stops[0]] != first) {
      continue;
    }
    for (auto t = 0U; t != d.pattern_n_trips_[pattern_idx{p}]; ++t) {
      out.push_back(d.departure_[pattern_idx{p}][t * stops.size()]);
    }
  }
  std::sort(begin(out), end(out));
  return out;
}

day_timetable day(timetable const& tt, int draw) {
  return make_day_timetable(tt, tuesday(), 5 * 3600, 12 * 3600, {}, 1.0, 60, draw);
}

seconds_t hms(int h, int m, int s = 0) {
  return h * 3600 + m * 60 + s;
}

TEST(frequency, start_time_draw_expands_from_start_and_never_runs_the_template) {
  // L1 every 10 min from 08:00 to 09:00 (end excluded), L2 every 15 min from 08:00 to 08:40.
  auto const tt = make_timetable({two_lines("L1,08:00:00,09:00:00,600,0\nL2,08:00:00,08:40:00,900,1\n")});
  auto const d = day(tt, kStartTimeDraw);
  EXPECT_EQ(departures_from(tt, d, "0:SA"),
            (std::vector<seconds_t>{hms(8, 0), hms(8, 10), hms(8, 20), hms(8, 30), hms(8, 40), hms(8, 50)}));
  // Rides keep the template's 4 minutes; the template's own 06:00 is not a departure.
  EXPECT_EQ(departures_from(tt, d, "0:SC"), (std::vector<seconds_t>{hms(8, 0), hms(8, 15), hms(8, 30)}));
  EXPECT_EQ(d.n_drawn_entries_, 0U);
}

TEST(frequency, drawn_phase_shifts_exact_times_0_only) {
  auto const tt = make_timetable({two_lines("L1,08:00:00,09:00:00,600,0\nL2,08:00:00,08:40:00,900,1\n")});
  std::set<seconds_t> phases;
  for (auto k = 0; k != 20; ++k) {
    auto const d = day(tt, k);
    // exact_times=1: 08:00 08:15 08:30 in every draw.
    EXPECT_EQ(departures_from(tt, d, "0:SC"), (std::vector<seconds_t>{hms(8, 0), hms(8, 15), hms(8, 30)}));
    // exact_times=0: 08:00 + phase + 10 min x n < 09:00 with phase in [0, 600): always 6 departures,
    // 10 minutes apart.
    auto const l1 = departures_from(tt, d, "0:SA");
    ASSERT_EQ(l1.size(), 6U) << "draw " << k;
    auto const phase = l1[0] - hms(8, 0);
    EXPECT_GE(phase, 0);
    EXPECT_LT(phase, 600);
    for (auto i = 1U; i != l1.size(); ++i) {
      EXPECT_EQ(l1[i] - l1[i - 1], 600);
    }
    EXPECT_EQ(phase, frequency_phase(tt.frequencies_[0].seed_, 600, k));
    EXPECT_EQ(d.n_drawn_entries_, 1U);  // L1 on Tuesday
    phases.insert(phase);
  }
  // 20 draws of a uniform phase over 600 s: all equal would mean no draw at all.
  EXPECT_GT(phases.size(), 15U);
}

TEST(frequency, an_entry_is_drawn_when_some_draw_runs_it_in_the_span) {
  // L1 once an hour from 04:30 to 05:30, a 4-minute ride; the span starts at 05:00. Its one run
  // leaves at 04:30 + phase and reaches SB at 04:34 + phase: in the span only when the phase is
  // 26 min or more. Every draw must count the entry, also those whose own run misses the span, or
  // the search would take draw 0 for all of them.
  auto const tt = make_timetable({two_lines("L1,04:30:00,05:30:00,3600,0\n")});
  auto in_span = 0, outside = 0;
  for (auto k = 0; k != 40; ++k) {
    auto const d = day(tt, k);
    EXPECT_EQ(d.n_drawn_entries_, 1U) << "draw " << k;
    (departures_from(tt, d, "0:SA").empty() ? outside : in_span) += 1;
  }
  // P(phase >= 26 min) = 34/60: both cases occur among 40 draws.
  EXPECT_GT(in_span, 0);
  EXPECT_GT(outside, 0);
}

TEST(frequency, phase_of_a_line_depends_on_that_line_only) {
  auto const base = make_timetable({two_lines("L1,08:00:00,09:00:00,600,0\nL2,08:00:00,09:00:00,900,0\n")});
  // A third line L0 added first in trips.txt, stop_times.txt and frequencies.txt, and the rows of
  // L1 and L2 swapped: the trips, entries and their indices all move.
  auto const more =
      make_timetable({two_lines("L0,07:00:00,11:00:00,300,0\nL2,08:00:00,09:00:00,900,0\n"
                                "L1,08:00:00,09:00:00,600,0\n",
                                "R3,WK,L0\n", "L0,07:00:00,07:00:00,SB,1\nL0,07:02:00,07:02:00,SC,2\n")});
  ASSERT_EQ(more.frequencies_.size(), 3U);
  for (auto k = 0; k != 20; ++k) {
    auto const a = day(base, k), b = day(more, k);
    EXPECT_EQ(departures_from(base, a, "0:SA"), departures_from(more, b, "0:SA")) << "draw " << k;
    EXPECT_EQ(departures_from(base, a, "0:SC"), departures_from(more, b, "0:SC")) << "draw " << k;
    EXPECT_FALSE(departures_from(more, b, "0:SB").empty());
  }
}

TEST(frequency, same_trip_id_in_two_feeds_draws_different_phases) {
  auto const f = two_lines("L1,08:00:00,09:00:00,600,0\n");
  auto const tt = make_timetable({f, f});
  auto differ = 0;
  for (auto k = 0; k != 20; ++k) {
    auto const d = day(tt, k);
    differ += departures_from(tt, d, "0:SA") != departures_from(tt, d, "1:SA") ? 1 : 0;
  }
  // Equal phases by chance: 1/600 per draw.
  EXPECT_GE(differ, 19);
}

}  // namespace
}  // namespace solimob::transit
