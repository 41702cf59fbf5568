#include <gtest/gtest.h>

#include <algorithm>

#include "core/error.h"
#include "gtfs/feed.h"
#include "support/ascii_network.h"

namespace solimob::gtfs {
namespace {

using test::base_feed;
using test::load_feed;

test::feed_files three_stop_feed() {
  test::ascii_network const map{"A---B-------C"};  // A-B 400 m, B-C 800 m
  auto f = base_feed(map, {{"SA", 'A'}, {"SB", 'B'}, {"SC", 'C'}});
  f["routes.txt"] = "route_id,route_short_name,route_type\nR,1,3\n";
  f["trips.txt"] = "route_id,service_id,trip_id\nR,WK,T1\n";
  f["stop_times.txt"] =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
      "T1,08:00:00,08:00:00,SA,1\nT1,,,SB,2\nT1,08:12:00,08:12:00,SC,3\n";
  return f;
}

std::size_t count_code(report const& r, std::string const& code) {
  return static_cast<std::size_t>(
      std::count_if(begin(r.issues_), end(r.issues_), [&](issue const& i) { return i.code_ == code; }));
}

TEST(gtfs_loader, blank_times_are_interpolated_by_distance) {
  auto const f = load_feed(three_stop_feed());
  ASSERT_EQ(f.trips_.size(), 1U);
  auto const& st = f.trips_[0].stop_times_;
  // SB is a third of the way (400 of 1200 m): 08:04.
  EXPECT_EQ(st[1].arrival_, 8 * 3600 + 4 * 60);
  EXPECT_EQ(f.interpolated_times_, 1U);
}

TEST(gtfs_loader, shape_dist_traveled_drives_interpolation_when_present) {
  auto files = three_stop_feed();
  files["stop_times.txt"] =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence,shape_dist_traveled\n"
      "T1,08:00:00,08:00:00,SA,1,0\nT1,,,SB,2,900\nT1,08:12:00,08:12:00,SC,3,1200\n";
  auto const f = load_feed(files);
  EXPECT_EQ(f.trips_[0].stop_times_[1].arrival_, 8 * 3600 + 9 * 60);
}

TEST(gtfs_loader, stop_sequence_order_not_file_order) {
  auto files = three_stop_feed();
  files["stop_times.txt"] =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
      "T1,08:12:00,08:12:00,SC,30\nT1,08:00:00,08:00:00,SA,10\nT1,08:05:00,08:06:00,SB,20\n";
  auto const f = load_feed(files);
  auto const& st = f.trips_[0].stop_times_;
  EXPECT_EQ(st[0].departure_, 8 * 3600);
  EXPECT_EQ(st[1].arrival_, 8 * 3600 + 5 * 60);
  EXPECT_EQ(st[1].departure_, 8 * 3600 + 6 * 60);
}

TEST(gtfs_loader, bad_rows_are_reported_and_skipped) {
  auto files = three_stop_feed();
  files["stops.txt"] += "SX,Bad,91.0,2.4\n";
  files["trips.txt"] += "R,NOPE,T2\nR,WK,T3\n";
  files["stop_times.txt"] +=
      "T3,09:00:00,09:00:00,SA,1\nT3,08:59:00,08:59:00,SB,2\n"  // time goes backwards
      "T1,08:13:00,08:13:00,GHOST,4\n"
      "T9,08:00:00,08:00:00,SA,1\n";
  report r;
  auto const f = load_feed(files, r);
  EXPECT_EQ(f.trips_.size(), 1U);
  EXPECT_EQ(count_code(r, "invalid_coordinate"), 1U);
  EXPECT_EQ(count_code(r, "unknown_service"), 1U);
  EXPECT_EQ(count_code(r, "decreasing_time"), 1U);
  EXPECT_EQ(count_code(r, "unknown_stop"), 1U);
  EXPECT_EQ(count_code(r, "unknown_trip"), 1U);
  auto const it =
      std::find_if(begin(r.issues_), end(r.issues_), [](issue const& i) { return i.code_ == "unknown_stop"; });
  EXPECT_EQ(it->file_, "stop_times.txt");
  EXPECT_EQ(it->line_, 7U);
  EXPECT_EQ(it->field_, "stop_id");
}

TEST(gtfs_loader, missing_file_or_column_is_fatal) {
  auto files = three_stop_feed();
  files.erase("trips.txt");
  report r;
  EXPECT_THROW(load_feed(files, r), input_error);
  EXPECT_TRUE(r.has_fatal());
  EXPECT_EQ(r.issues_.back().code_, "missing_file");

  files = three_stop_feed();
  files["stop_times.txt"] = "trip_id,arrival_time,stop_id,stop_sequence\nT1,08:00:00,SA,1\n";
  report r2;
  try {
    load_feed(files, r2);
    FAIL();
  } catch (input_error const& e) {
    EXPECT_NE(std::string{e.what()}.find("stop_times.txt:1 field 'departure_time'"), std::string::npos) << e.what();
  }
}

TEST(gtfs_loader, calendar_and_exceptions) {
  auto files = three_stop_feed();
  files["calendar_dates.txt"] = "service_id,date,exception_type\nWK,20261124,2\nWK,20261129,1\nONLY,20261201,1\n";
  auto const f = load_feed(files);
  ASSERT_EQ(f.services_.size(), 2U);
  auto const& wk = f.services_[0];
  EXPECT_TRUE(wk.runs_on(*parse_gtfs_date("20261123")));
  EXPECT_FALSE(wk.runs_on(*parse_gtfs_date("20261124")));
  EXPECT_FALSE(wk.runs_on(*parse_gtfs_date("20261128")));
  EXPECT_TRUE(wk.runs_on(*parse_gtfs_date("20261129")));
  EXPECT_TRUE(f.services_[1].runs_on(*parse_gtfs_date("20261201")));
  EXPECT_FALSE(f.services_[1].runs_on(*parse_gtfs_date("20261202")));
}

TEST(gtfs_loader, frequencies_are_kept_as_entries_of_a_template_trip) {
  auto files = three_stop_feed();
  files["frequencies.txt"] =
      "trip_id,start_time,end_time,headway_secs,exact_times\nT1,06:00:00,07:00:00,900,1\nT1,22:00:00,25:00:00,3600,\n"
      "T1,08:00:00,09:00:00,600,0\nT1,08:00:00,09:00:00,600,2\n";
  report r;
  auto const f = load_feed(files, r);
  // The template stays one trip; the rows are not expanded at load time.
  ASSERT_EQ(f.trips_.size(), 1U);
  ASSERT_EQ(f.frequencies_.size(), 3U);
  auto const& e = f.frequencies_[0];
  EXPECT_EQ(e.trip_, 0U);
  EXPECT_EQ(e.start_, 6 * 3600);
  EXPECT_EQ(e.end_, 7 * 3600);
  EXPECT_EQ(e.headway_, 900);
  EXPECT_TRUE(e.exact_times_);
  EXPECT_EQ(f.frequencies_[1].end_, 25 * 3600);
  EXPECT_FALSE(f.frequencies_[1].exact_times_);  // empty = 0
  EXPECT_FALSE(f.frequencies_[2].exact_times_);
  // From start_time: 06:00 06:15 06:30 06:45 (4), 22:00 23:00 24:00 (3), 08:00 ... 08:50 (6).
  EXPECT_EQ(f.frequency_trips_, 13U);
  // exact_times=2 is refused with file, line and field.
  ASSERT_EQ(count_code(r, "invalid_value"), 1U);
  auto const bad =
      std::find_if(begin(r.issues_), end(r.issues_), [](issue const& i) { return i.code_ == "invalid_value"; });
  EXPECT_EQ(bad->file_, "frequencies.txt");
  EXPECT_EQ(bad->line_, 5U);
  EXPECT_EQ(bad->field_, "exact_times");
}

TEST(gtfs_loader, service_days_list_dates_with_trips) {
  auto const f = load_feed(three_stop_feed());
  auto const days = f.service_days();
  ASSERT_FALSE(days.empty());
  EXPECT_EQ(format_date(days.front()), "2026-01-01");
  EXPECT_EQ(format_date(days.back()), "2026-12-31");
  EXPECT_EQ(days.size(), 261U);  // weekdays of 2026
}

}  // namespace
}  // namespace solimob::gtfs
