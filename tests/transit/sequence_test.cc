// Trips grouped into stop sequences at network build, and the day timetable built from them.
#include <gtest/gtest.h>

#include <vector>

#include "transit/day_timetable.h"
#include "transit/timetable.h"

namespace solimob::transit {
namespace {

constexpr auto kNp = timetable::kNoPickup;
constexpr auto kClosed = timetable::kNoPickup | timetable::kNoDropOff;

// Stops 0-2, one service running on day 0 only. Trips (stops: departure minutes after 07:00, flags):
//   T0: 0 1 2 at 60 70 80, flags 0 0 0
//   T1: 0 1   at 90 100,   flags 0 0
//   T2: 0 1 2 at 120 130 140, flags 0 0 0
//   T3: 0 1 2 at 0 10 20,  flags 0 kNoPickup 0
timetable hand_made() {
  timetable tt;
  tt.stop_pos_.resize(3);
  tt.stop_id_ = {"S0", "S1", "S2"};
  tt.stop_name_.resize(3);
  tt.stop_wheelchair_.resize(3);
  tt.route_id_ = {"R"};
  tt.route_name_ = {"R"};
  tt.route_type_ = {3};
  tt.service_first_day_ = {0};
  tt.service_days_.emplace_back(std::vector<std::uint8_t>{1});
  struct trip {
    std::vector<std::uint32_t> stops_;
    std::vector<int> minutes_;
    std::vector<std::uint8_t> flags_;
  };
  std::vector<trip> const trips{{{0, 1, 2}, {60, 70, 80}, {0, 0, 0}},
                                {{0, 1}, {90, 100}, {0, 0}},
                                {{0, 1, 2}, {120, 130, 140}, {0, 0, 0}},
                                {{0, 1, 2}, {0, 10, 20}, {0, kNp, 0}}};
  for (auto const& t : trips) {
    tt.trip_route_.push_back(route_idx{0});
    tt.trip_service_.push_back(service_idx{0});
    tt.trip_wheelchair_.push_back(0);
    std::vector<stop_idx> stops;
    for (auto i = 0U; i != t.stops_.size(); ++i) {
      stops.push_back(stop_idx{t.stops_[i]});
      tt.trip_arrival_.push_back(7 * 3600 + t.minutes_[i] * 60);
      tt.trip_departure_.push_back(7 * 3600 + t.minutes_[i] * 60);
      tt.trip_stop_flags_.push_back(t.flags_[i]);
    }
    tt.trip_stops_.emplace_back(stops);
  }
  tt.group_sequences();
  return tt;
}

std::vector<stop_idx> stops(std::initializer_list<std::uint32_t> s) {
  std::vector<stop_idx> out;
  for (auto const x : s) {
    out.push_back(stop_idx{x});
  }
  return out;
}

template <typename Key, typename T>
std::vector<T> row(nested<Key, T> const& n, Key k) {
  return {n[k].begin(), n[k].end()};
}

TEST(stop_sequences, group_trips_by_stops_and_flags_in_lexicographic_order) {
  auto const tt = hand_made();
  // Keys: T1 (0 1 | 0 0) < T0 = T2 (0 1 2 | 0 0 0) < T3 (0 1 2 | 0 kNoPickup 0): a prefix sorts first.
  ASSERT_EQ(tt.sequence_stops_.size(), 3U);
  EXPECT_EQ(row(tt.sequence_stops_, sequence_idx{0}), stops({0, 1}));
  EXPECT_EQ(row(tt.sequence_stops_, sequence_idx{1}), stops({0, 1, 2}));
  EXPECT_EQ(row(tt.sequence_stops_, sequence_idx{2}), stops({0, 1, 2}));
  EXPECT_EQ(tt.sequence_flags_, (std::vector<std::uint8_t>{0, 0, 0, 0, 0, 0, kNp, 0}));
  EXPECT_EQ(row(tt.sequence_trips_, sequence_idx{0}), (std::vector<trip_idx>{trip_idx{1}}));
  EXPECT_EQ(row(tt.sequence_trips_, sequence_idx{1}), (std::vector<trip_idx>{trip_idx{0}, trip_idx{2}}));
  EXPECT_EQ(row(tt.sequence_trips_, sequence_idx{2}), (std::vector<trip_idx>{trip_idx{3}}));
}

TEST(stop_sequences, day_timetable_keeps_one_pattern_per_running_sequence) {
  auto const tt = hand_made();
  auto const d = make_day_timetable(tt, 0, 0, kSecondsPerDay, {}, 1.0, 0);
  // The three sequences, in their order; T0 and T2 never overtake: one pattern of 2 trips.
  ASSERT_EQ(d.n_patterns(), 3U);
  EXPECT_EQ(d.pattern_n_trips_, (vector_map<pattern_idx, std::uint32_t>{1, 2, 1}));
  EXPECT_EQ(row(d.departure_, pattern_idx{1}), (std::vector<seconds_t>{8 * 3600, 8 * 3600 + 600, 8 * 3600 + 1200,
                                                                       9 * 3600, 9 * 3600 + 600, 9 * 3600 + 1200}));
  EXPECT_EQ(d.pattern_flags_, (std::vector<std::uint8_t>{0, 0, 0, 0, 0, 0, kNp, 0}));
}

TEST(stop_sequences, wheelchair_filter_merges_sequences_its_closed_stops_make_equal) {
  auto const tt = hand_made();
  // Stop 1 refused: both 0 1 2 sequences become (0 1 2 | 0 closed 0) and form one group; T2 refused.
  boarding_filter filter;
  filter.trip_ok_ = {1, 1, 0, 1};
  filter.stop_ok_ = {1, 0, 1};
  auto const d = make_day_timetable(tt, 0, 0, kSecondsPerDay, {}, 1.0, 0, kStartTimeDraw, filter);
  // Pattern 0: T1 on 0 1 (stop 1 closed). Pattern 1: T3 (07:00) then T0 (08:00), FIFO.
  ASSERT_EQ(d.n_patterns(), 2U);
  EXPECT_EQ(row(d.pattern_stops_, pattern_idx{0}), stops({0, 1}));
  EXPECT_EQ(row(d.pattern_stops_, pattern_idx{1}), stops({0, 1, 2}));
  EXPECT_EQ(d.pattern_flags_, (std::vector<std::uint8_t>{0, kClosed, 0, kClosed, 0}));
  EXPECT_EQ(d.pattern_n_trips_, (vector_map<pattern_idx, std::uint32_t>{1, 2}));
  EXPECT_EQ(row(d.departure_, pattern_idx{1}), (std::vector<seconds_t>{7 * 3600, 7 * 3600 + 600, 7 * 3600 + 1200,
                                                                       8 * 3600, 8 * 3600 + 600, 8 * 3600 + 1200}));
  // Stop 2 is served by pattern 1 only, at position 2; stop 0 by both, at position 0.
  ASSERT_EQ(d.stop_patterns_[stop_idx{2}].size(), 1U);
  EXPECT_EQ(d.stop_patterns_[stop_idx{2}][0].pattern_, pattern_idx{1});
  EXPECT_EQ(d.stop_patterns_[stop_idx{2}][0].pos_, 2U);
  EXPECT_EQ(d.stop_patterns_[stop_idx{0}].size(), 2U);
}

TEST(stop_sequences, a_day_without_service_has_no_pattern) {
  auto const tt = hand_made();
  EXPECT_EQ(make_day_timetable(tt, 3, 0, kSecondsPerDay, {}, 1.0, 0).n_patterns(), 0U);
}

}  // namespace
}  // namespace solimob::transit
