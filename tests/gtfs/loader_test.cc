#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "core/error.h"
#include "gtfs/feed.h"
#include "support/ascii_network.h"
#include "transit/timetable.h"

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
  auto const& st = f.trips_.at(0).stop_times_;
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
  EXPECT_EQ(f.trips_.at(0).stop_times_[1].arrival_, 8 * 3600 + 9 * 60);
}

TEST(gtfs_loader, shape_distances_need_not_start_at_zero) {
  // The trip starts 1000 m along its shape: 08:00 at 1000 m, 08:10 at 3200 m. The middle stop at
  // 2100 m is (2100 - 1000) / (3200 - 1000) = half-way: 08:05:00. Counting from 0 gave
  // 2100 / 3200 x 600 s = 394 s, 08:06:34.
  auto files = three_stop_feed();
  files["stop_times.txt"] =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence,shape_dist_traveled\n"
      "T1,08:00:00,08:00:00,SA,1,1000\nT1,,,SB,2,2100\nT1,08:10:00,08:10:00,SC,3,3200\n";
  auto const f = load_feed(files);
  EXPECT_EQ(f.trips_.at(0).stop_times_[1].arrival_, 8 * 3600 + 5 * 60);
  // Distances 1000 / blank / 3200: the blank stop has no place on the shape, so the whole trip
  // falls back to straight lines between stops: SB is 400 of 1200 m, 200 of 600 s: 08:03:20.
  files["stop_times.txt"] =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence,shape_dist_traveled\n"
      "T1,08:00:00,08:00:00,SA,1,1000\nT1,,,SB,2,\nT1,08:10:00,08:10:00,SC,3,3200\n";
  EXPECT_EQ(load_feed(files).trips_.at(0).stop_times_[1].arrival_, 8 * 3600 + 3 * 60 + 20);
}

TEST(gtfs_loader, negative_stop_sequence_skips_the_trip) {
  // Times follow the file order, so read as unsigned the -1 sorted last and the trip loaded.
  auto files = three_stop_feed();
  files["trips.txt"] += "R,WK,T2\n";
  files["stop_times.txt"] =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
      "T1,08:00:00,08:00:00,SA,1\nT1,08:05:00,08:05:00,SB,2\nT1,08:12:00,08:12:00,SC,-1\n"
      "T2,09:00:00,09:00:00,SA,0\nT2,09:05:00,09:05:00,SC,1\n";
  report r;
  auto const f = load_feed(files, r);
  ASSERT_EQ(f.trips_.size(), 1U);
  EXPECT_EQ(f.trips_.at(0).id_, "T2");
  auto const it =
      std::find_if(begin(r.issues_), end(r.issues_), [](issue const& i) { return i.code_ == "invalid_value"; });
  ASSERT_NE(it, end(r.issues_));
  EXPECT_EQ(it->field_, "stop_sequence");
  EXPECT_EQ(it->line_, 4U);
  EXPECT_EQ(it->severity_, severity::kError);
}

TEST(gtfs_loader, only_stops_of_location_type_0_are_routable) {
  auto files = three_stop_feed();
  files["stops.txt"] =
      "stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station\n"
      "ST,Station,48.85,2.35,1,\n"
      "SA,A,48.851,2.351,0,ST\n"
      "SB,B,48.852,2.352,,ST\n"
      "SC,C,48.853,2.353,0,\n"
      "EN,Entrance,48.8505,2.3505,2,ST\n"
      "GN,Node,,,3,ST\n"
      "BA,Boarding area,,,4,SA\n"
      "BAD,Ten,48.854,2.354,10,\n";                          // read as its first character, this was a station
  files["stop_times.txt"] += "T1,08:20:00,08:20:00,ST,4\n";  // a trip cannot stop at a station
  report r;
  auto const f = load_feed(files, r);
  ASSERT_EQ(f.stops_.size(), 7U);  // all but BAD, kept for parent_station and transfers.txt
  EXPECT_EQ(f.stops_.at(0).location_type_, 1);
  EXPECT_EQ(f.stops_.at(1).parent_, gtfs::feed_stop_idx{0});
  EXPECT_EQ(f.stops_.at(6).location_type_, 4);
  auto const bad = std::find_if(begin(r.issues_), end(r.issues_), [](issue const& i) { return i.line_ == 9; });
  ASSERT_NE(bad, end(r.issues_));
  EXPECT_EQ(bad->field_, "location_type");
  EXPECT_EQ(count_code(r, "not_a_stop"), 1U);
  ASSERT_EQ(f.trips_.size(), 1U);
  EXPECT_EQ(f.trips_.at(0).stop_times_.size(), 3U);

  transit::timetable tt;
  tt.add_feed(f, "0:");
  EXPECT_EQ(tt.stop_id_, (vector_map<stop_idx, std::string>{"0:SA", "0:SB", "0:SC"}));
  EXPECT_EQ(tt.trip_stops_.data_, (std::vector<stop_idx>{stop_idx{0}, stop_idx{1}, stop_idx{2}}));
}

TEST(gtfs_loader, agencies_of_one_feed_in_two_time_zones_are_fatal) {
  auto files = three_stop_feed();
  files["agency.txt"] += "B,Other,http://example.org,America/Sao_Paulo\n";
  report r;
  try {
    load_feed(files, r);
    FAIL();
  } catch (input_error const& e) {
    EXPECT_NE(std::string{e.what()}.find("agency.txt:3 field 'agency_timezone'"), std::string::npos) << e.what();
  }
  EXPECT_EQ(r.issues_.back().code_, "inconsistent_timezone");
  EXPECT_EQ(r.issues_.back().severity_, severity::kFatal);
}

TEST(gtfs_loader, transfer_types_and_min_transfer_time) {
  auto files = three_stop_feed();
  files["transfers.txt"] =
      "from_stop_id,to_stop_id,transfer_type,min_transfer_time\n"
      "SA,SB,2,180\n"  // minimum time between two stops
      "SB,SB,2,240\n"  // minimum change time at one stop
      "SB,SC,3,\n"     // forbidden
      "SC,SA,0,\n"     // recommended: no rule
      "SC,SB,1,\n"     // timed: no rule
      "SA,SC,,\n"      // blank type = 0: no rule
      "SC,SC,2,\n"     // type 2 without a time: error, no rule
      "SA,SA,2,-5\n"   // negative: error, no rule
      "SA,SB,2,120\n"  // a second rule for one pair: the longer time holds
      "SB,SA,7,60\n";  // unknown type
  report r;
  auto const f = load_feed(files, r);
  auto const rules = [](feed const& x) {
    std::vector<std::tuple<std::uint32_t, std::uint32_t, seconds_t>> out;
    for (auto const& t : x.transfers_) {
      out.emplace_back(t.from_.v(), t.to_.v(), t.min_time_);
    }
    return out;
  };
  using rule = std::tuple<std::uint32_t, std::uint32_t, seconds_t>;
  EXPECT_EQ(rules(f), (std::vector<rule>{{0, 1, 180}, {1, 1, 240}, {1, 2, min_transfer::kForbidden}}));
  EXPECT_EQ(count_code(r, "missing_value"), 1U);
  EXPECT_EQ(count_code(r, "invalid_value"), 2U);

  // Without a min_transfer_time column a type-2 row has no time (the type was read as 2 seconds).
  files["transfers.txt"] = "from_stop_id,to_stop_id,transfer_type\nSA,SB,2\nSB,SC,3\n";
  report r2;
  auto const g = load_feed(files, r2);
  EXPECT_EQ(rules(g), (std::vector<rule>{{1, 2, min_transfer::kForbidden}}));
  EXPECT_EQ(count_code(r2, "missing_value"), 1U);

  // The same-stop rule survives into the timetable (it was dropped there).
  transit::timetable tt;
  tt.add_feed(f, "0:");
  ASSERT_EQ(tt.min_transfers_.size(), 3U);
  EXPECT_EQ(tt.min_transfers_[1].from_, stop_idx{1});
  EXPECT_EQ(tt.min_transfers_[1].to_, stop_idx{1});
  EXPECT_EQ(tt.min_transfers_[1].min_time_, 240);
}

TEST(gtfs_loader, station_transfers_apply_to_child_stops_and_stop_rules_win) {
  auto files = three_stop_feed();
  files["stops.txt"] =
      "stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station\n"
      "SA,A,48.851,2.351,0,ST\nSB,B,48.852,2.352,0,ST\nSC,C,48.853,2.353,0,\nST,Station,48.85,2.35,1,\n"
      "EN,Entrance,48.8505,2.3505,2,ST\n";
  files["transfers.txt"] =
      "from_stop_id,to_stop_id,transfer_type,min_transfer_time,from_route_id\n"
      "ST,ST,2,300,\n"   // every change inside the station: SA and SB, both ways and in place
      "SA,SB,2,120,\n"   // names the stops: wins although shorter
      "ST,SC,3,,\n"      // no transfer from the station's stops to SC
      "EN,SC,2,60,\n"    // an entrance is not a stop: error
      "SC,SA,2,90,R\n";  // route-specific: not supported, ignored
  report r;
  auto const f = load_feed(files, r);
  std::vector<std::tuple<std::uint32_t, std::uint32_t, seconds_t>> got;
  for (auto const& t : f.transfers_) {
    got.emplace_back(t.from_.v(), t.to_.v(), t.min_time_);
  }
  auto const no = min_transfer::kForbidden;
  EXPECT_EQ(got, (std::vector<std::tuple<std::uint32_t, std::uint32_t, seconds_t>>{
                     {0, 0, 300}, {0, 1, 120}, {0, 2, no}, {1, 0, 300}, {1, 1, 300}, {1, 2, no}}));
  EXPECT_EQ(count_code(r, "not_a_stop"), 1U);
  EXPECT_EQ(count_code(r, "unsupported_transfer"), 1U);
}

TEST(gtfs_loader, stop_sequence_order_not_file_order) {
  auto files = three_stop_feed();
  files["stop_times.txt"] =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
      "T1,08:12:00,08:12:00,SC,30\nT1,08:00:00,08:00:00,SA,10\nT1,08:05:00,08:06:00,SB,20\n";
  auto const f = load_feed(files);
  auto const& st = f.trips_.at(0).stop_times_;
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
  auto const& wk = f.services_.at(0);
  EXPECT_TRUE(wk.runs_on(*parse_gtfs_date("20261123")));
  EXPECT_FALSE(wk.runs_on(*parse_gtfs_date("20261124")));
  EXPECT_FALSE(wk.runs_on(*parse_gtfs_date("20261128")));
  EXPECT_TRUE(wk.runs_on(*parse_gtfs_date("20261129")));
  EXPECT_TRUE(f.services_.at(1).runs_on(*parse_gtfs_date("20261201")));
  EXPECT_FALSE(f.services_.at(1).runs_on(*parse_gtfs_date("20261202")));
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
  EXPECT_EQ(e.trip_, feed_trip_idx{0});
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

// --- accessibility fields (issue 9) ---

// A small feed with every accessibility file. Lines are counted with the header as line 1.
test::feed_files accessibility_feed() {
  test::ascii_network const map{"A---B"};
  auto f = base_feed(map, {{"SA", 'A'}});  // agency and calendar; stops.txt replaced below
  f["stops.txt"] =
      "stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station,wheelchair_boarding,level_id\n"
      "ST1,Station 1,48.85,2.35,1,,1,\n"        // line 2
      "ST2,Station 2,48.86,2.35,1,,2,\n"        // line 3
      "ST3,Station 3,48.87,2.36,1,,0,\n"        // line 4
      "P1,Platform 1,48.85,2.351,0,ST1,0,L0\n"  // line 5: 0 under 1 -> 1
      "P2,Platform 2,48.85,2.352,0,ST1,2,L1\n"  // line 6: own 2 kept
      "E2,Entrance 2,48.86,2.351,2,ST2,,\n"     // line 7: empty under 2 -> 2
      "S0,Lone stop,48.87,2.35,0,,0,\n"         // line 8: no parent, 0 -> 0
      "P3,Platform 3,48.86,2.352,0,ST2,,LX\n"   // line 9: empty under 2 -> 2; unknown level
      "P4,Platform 4,48.87,2.361,0,ST3,,\n"     // line 10: station's own 0 is unknown -> 0
      "B1,Boarding area,,,4,P1,,\n"             // line 11: through P1 (itself 1 from ST1) -> 1
      "BAD,Bad value,48.88,2.35,0,,7,\n";       // line 12: invalid -> error, 0
  f["levels.txt"] =
      "level_id,level_index,level_name\n"
      "L0,0,Street\n"       // line 2
      "L1,-1.5,Platform\n"  // line 3
      "L1,2,Again\n"        // line 4: duplicate
      "L2,abc,Bad\n";       // line 5: not a number
  f["routes.txt"] = "route_id,route_short_name,route_type\nR,1,3\n";
  f["trips.txt"] =
      "route_id,service_id,trip_id,wheelchair_accessible\n"
      "R,WK,T1,1\nR,WK,T2,2\nR,WK,T3,\nR,WK,T4,9\n";  // T4 on line 5: invalid -> error, 0
  std::string st = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n";
  for (auto const* t : {"T1", "T2", "T3", "T4"}) {
    st += std::string{t} + ",08:00:00,08:00:00,P1,1\n" + t + ",08:10:00,08:10:00,S0,2\n";
  }
  f["stop_times.txt"] = st;
  f["pathways.txt"] =
      "pathway_id,from_stop_id,to_stop_id,pathway_mode,is_bidirectional,length,traversal_time,stair_count,max_slope,"
      "min_width\n"
      "W1,E2,P3,1,1,30.5,40,,,\n"  // line 2: kept, walkway in ST2
      "S1,P1,P2,2,1,,,-12,,\n"     // line 3: kept, stairs in ST1
      "X1,E2,P3,4,1,,,,,\n"        // line 4: escalator both ways
      "W1,P1,P2,1,1,,,,,\n"        // line 5: duplicate id
      "U1,P1,NOPE,1,1,,,,,\n"      // line 6: unknown to_stop_id
      "T1,ST1,P1,1,1,,,,,\n"       // line 7: from a station
      "M1,P1,P2,8,1,,,,,\n"        // line 8: mode out of range
      "N1,P1,P2,1,1,-3,,,,\n"      // line 9: negative length
      "N2,P1,P2,1,1,,-5,,,\n"      // line 10: negative traversal_time
      "G1,E2,P3,7,0,,,,,\n"        // line 11: kept, one-way exit gate in ST2
      "G2,E2,P3,7,1,,,,,\n"        // line 12: exit gate both ways
      "B2,P1,P2,1,2,,,,,\n"        // line 13: is_bidirectional not 0/1
      "E1,B1,P1,5,1,10,,,,\n";     // line 14: kept, elevator in ST1 (B1 -> P1 -> ST1)
  return f;
}

bool has_issue(report const& r, std::string const& file, std::size_t line, std::string const& field) {
  return std::any_of(begin(r.issues_), end(r.issues_), [&](issue const& i) {
    return i.file_ == file && i.line_ == line && i.field_ == field && i.severity_ == severity::kError;
  });
}

gtfs::stop const& stop_named(feed const& f, std::string const& id) {
  return *std::find_if(begin(f.stops_), end(f.stops_), [&](gtfs::stop const& s) { return s.id_ == id; });
}

TEST(gtfs_accessibility, wheelchair_boarding_is_inherited_from_the_station) {
  report r;
  auto const f = load_feed(accessibility_feed(), r);
  EXPECT_EQ(stop_named(f, "P1").wheelchair_, 1);  // 0 under station 1
  EXPECT_EQ(stop_named(f, "P2").wheelchair_, 2);  // own 2 under station 1
  EXPECT_EQ(stop_named(f, "E2").wheelchair_, 2);  // entrance, empty under station 2
  EXPECT_EQ(stop_named(f, "P3").wheelchair_, 2);
  EXPECT_EQ(stop_named(f, "S0").wheelchair_, 0);  // no parent
  EXPECT_EQ(stop_named(f, "P4").wheelchair_, 0);  // station's own 0: unknown
  EXPECT_EQ(stop_named(f, "ST3").wheelchair_, 0);
  EXPECT_EQ(stop_named(f, "B1").wheelchair_, 1);  // boarding area through its platform
  EXPECT_EQ(stop_named(f, "BAD").wheelchair_, 0);
  EXPECT_TRUE(has_issue(r, "stops.txt", 12, "wheelchair_boarding"));
}

TEST(gtfs_accessibility, trips_flag_and_invalid_value) {
  report r;
  auto const f = load_feed(accessibility_feed(), r);
  ASSERT_EQ(f.trips_.size(), 4U);  // the invalid flag keeps the trip
  EXPECT_EQ(f.trips_.at(0).wheelchair_, 1);
  EXPECT_EQ(f.trips_.at(1).wheelchair_, 2);
  EXPECT_EQ(f.trips_.at(2).wheelchair_, 0);
  EXPECT_EQ(f.trips_.at(3).wheelchair_, 0);
  EXPECT_TRUE(has_issue(r, "trips.txt", 5, "wheelchair_accessible"));
  // The timetable copies both flags.
  transit::timetable tt;
  tt.add_feed(f, "");
  ASSERT_EQ(tt.trip_wheelchair_.size(), 4U);
  EXPECT_EQ(tt.trip_wheelchair_[trip_idx{1}], 2);
}

TEST(gtfs_accessibility, levels) {
  report r;
  auto const f = load_feed(accessibility_feed(), r);
  ASSERT_EQ(f.levels_.size(), 2U);  // L0, L1; the duplicate L1 and L2 (index "abc") skipped
  EXPECT_EQ(f.levels_.at(1).id_, "L1");
  EXPECT_DOUBLE_EQ(f.levels_.at(1).index_, -1.5);
  EXPECT_EQ(f.levels_.at(1).name_, "Platform");
  EXPECT_TRUE(has_issue(r, "levels.txt", 4, "level_id"));
  EXPECT_TRUE(has_issue(r, "levels.txt", 5, "level_index"));
  EXPECT_EQ(stop_named(f, "P1").level_, level_idx{0});
  EXPECT_EQ(stop_named(f, "P2").level_, level_idx{1});
  EXPECT_EQ(stop_named(f, "P3").level_, gtfs::level_idx::invalid());  // LX unknown: warning
  EXPECT_EQ(stop_named(f, "S0").level_, gtfs::level_idx::invalid());
  EXPECT_EQ(count_code(r, "unknown_level"), 1U);
}

TEST(gtfs_accessibility, pathways_are_validated) {
  report r;
  auto const f = load_feed(accessibility_feed(), r);
  ASSERT_EQ(f.pathways_.size(), 4U);  // W1, S1, G1, E1
  auto const& w = f.pathways_[0];
  EXPECT_EQ(w.id_, "W1");
  EXPECT_EQ(f.stops_[w.from_].id_, "E2");
  EXPECT_EQ(f.stops_[w.to_].id_, "P3");
  EXPECT_EQ(w.mode_, pathway::mode::kWalkway);
  EXPECT_TRUE(w.bidirectional_);
  EXPECT_DOUBLE_EQ(w.length_m_, 30.5);
  EXPECT_EQ(w.traversal_time_s_, 40);
  EXPECT_EQ(f.pathways_[1].stair_count_, -12);
  EXPECT_EQ(f.pathways_[1].length_m_, -1.0);  // not given
  EXPECT_EQ(f.pathways_[2].id_, "G1");
  EXPECT_FALSE(f.pathways_[2].bidirectional_);
  EXPECT_EQ(f.pathways_[3].mode_, pathway::mode::kElevator);
  EXPECT_TRUE(has_issue(r, "pathways.txt", 4, "is_bidirectional"));  // escalator both ways
  EXPECT_TRUE(has_issue(r, "pathways.txt", 5, "pathway_id"));        // duplicate
  EXPECT_TRUE(has_issue(r, "pathways.txt", 6, "to_stop_id"));        // unknown stop
  EXPECT_TRUE(has_issue(r, "pathways.txt", 7, "from_stop_id"));      // a station
  EXPECT_TRUE(has_issue(r, "pathways.txt", 8, "pathway_mode"));
  EXPECT_TRUE(has_issue(r, "pathways.txt", 9, "length"));
  EXPECT_TRUE(has_issue(r, "pathways.txt", 10, "traversal_time"));
  EXPECT_TRUE(has_issue(r, "pathways.txt", 12, "is_bidirectional"));  // exit gate both ways
  EXPECT_TRUE(has_issue(r, "pathways.txt", 13, "is_bidirectional"));
}

TEST(gtfs_accessibility, completeness_figures) {
  auto const a = accessibility(load_feed(accessibility_feed()));
  // Routable (type 0): P1 1, P2 2, S0 0, P3 2, P4 0, BAD 0 -> 6, known 3, accessible 1 (P1).
  EXPECT_EQ(a.routable_stops_, 6U);
  EXPECT_EQ(a.stops_known_, 3U);
  EXPECT_EQ(a.stops_accessible_, 1U);
  // Trips 1, 2, empty, invalid -> 4, known 2, accessible 1.
  EXPECT_EQ(a.trips_, 4U);
  EXPECT_EQ(a.trips_known_, 2U);
  EXPECT_EQ(a.trips_accessible_, 1U);
  // ST1 (S1, E1) and ST2 (W1, G1) have pathways, ST3 none.
  EXPECT_EQ(a.stations_, 3U);
  EXPECT_EQ(a.stations_with_pathways_, 2U);
  EXPECT_EQ(a.pathways_by_mode_[1], 1U);  // W1
  EXPECT_EQ(a.pathways_by_mode_[2], 1U);  // S1
  EXPECT_EQ(a.pathways_by_mode_[4], 0U);
  EXPECT_EQ(a.pathways_by_mode_[5], 1U);  // E1
  EXPECT_EQ(a.pathways_by_mode_[7], 1U);  // G1
}

TEST(gtfs_accessibility, poa_feeds_completeness) {
  auto const poa = test::poa_dir();
  if (poa.empty() || !std::filesystem::exists(poa / "poa_eptc.zip")) {
    GTEST_SKIP() << "skipped: ../shared/data/poa/poa_eptc.zip is absent";
  }
  for (auto const* name : {"poa_eptc.zip", "poa_trensurb.zip"}) {
    report r;
    auto const a = accessibility(load(poa / name, r));
    ASSERT_GT(a.trips_, 0U);
    ASSERT_GT(a.routable_stops_, 0U);
    auto const trips_accessible = static_cast<double>(a.trips_accessible_) / static_cast<double>(a.trips_);
    auto const trips_known = static_cast<double>(a.trips_known_) / static_cast<double>(a.trips_);
    auto const stops_known = static_cast<double>(a.stops_known_) / static_cast<double>(a.routable_stops_);
    auto const stops_accessible = static_cast<double>(a.stops_accessible_) / static_cast<double>(a.routable_stops_);
    EXPECT_GE(trips_accessible, 0.0);
    EXPECT_LE(trips_accessible, 1.0);
    EXPECT_GE(stops_known, 0.0);
    EXPECT_LE(stops_known, 1.0);
    std::cout << name << ": trips " << a.trips_ << ", known " << a.trips_known_ << " (" << trips_known
              << "), accessible " << a.trips_accessible_ << " (" << trips_accessible << "); stops " << a.routable_stops_
              << ", known " << a.stops_known_ << " (" << stops_known << "), accessible " << a.stops_accessible_ << " ("
              << stops_accessible << "); pathways " << a.pathways_by_mode_[1] << "/" << a.pathways_by_mode_[2] << "/"
              << a.pathways_by_mode_[5] << ", levels n/a, stations " << a.stations_ << "\n";
  }
}

}  // namespace
}  // namespace solimob::gtfs
