// The service file parser and the GTFS-Flex reader on hand-written inputs.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "core/error.h"
#include "ondemand/service.h"
#include "support/temp_dir.h"

namespace solimob::test {
namespace {

// A 0.01 x 0.01 degree square with its south-west corner at (48.90, 2.40) and a hole in its
// south-west quarter: (48.901, 2.401) .. (48.904, 2.404).
constexpr auto kGood = R"({"services": [
  {"id": "tad", "name": "TAD Nord", "kind": "on_demand",
   "zone": {"type": "Polygon", "coordinates": [
     [[2.40, 48.90], [2.41, 48.90], [2.41, 48.91], [2.40, 48.91], [2.40, 48.90]],
     [[2.401, 48.901], [2.404, 48.901], [2.404, 48.904], [2.401, 48.904], [2.401, 48.901]]]},
   "days": ["mon", "tue", "wed", "thu", "fri"], "hours": [["06:30", "09:00"], ["16:00", "19:30"]],
   "booking": {"type": "minutes_ahead", "minutes": 60}, "pickup_wait_min": 12, "hubs": ["RER_B"],
   "vehicle": {"detour_factor": 1.3, "stop_time_s": 45, "speed_kmh": 25}, "eligibility": "all",
   "fare_cents": 200},
  {"id": "pam", "kind": "paratransit",
   "zone": {"type": "MultiPolygon", "coordinates": [
     [[[2.40, 48.90], [2.41, 48.90], [2.41, 48.91], [2.40, 48.90]]],
     [[[2.50, 48.90], [2.51, 48.90], [2.51, 48.91], [2.50, 48.90]]]]},
   "hours": [["06:00", "24:00"]], "booking": {"type": "day_before", "latest": "17:00"},
   "pickup_window_min": 30, "eligibility": ["wheelchair", "reduced_mobility"], "fare_cents": 350}
]})";

TEST(on_demand_service, a_good_file_gives_every_field) {
  auto const s = ondemand::parse_service_file(kGood, "services.json");
  ASSERT_EQ(s.size(), 2U);
  auto const& tad = s[0];
  EXPECT_EQ(tad.id_, "tad");
  EXPECT_EQ(tad.name_, "TAD Nord");
  EXPECT_EQ(tad.kind_, ondemand::service_kind::kOnDemand);
  EXPECT_EQ(tad.days_, 0x1F);
  ASSERT_EQ(tad.hours_.size(), 2U);
  EXPECT_EQ(tad.hours_[0].start_s_, 6 * 3600 + 1800);
  EXPECT_EQ(tad.hours_[1].end_s_, 19 * 3600 + 1800);
  EXPECT_EQ(tad.booking_.kind_, ondemand::booking_rule::kind::kMinutesAhead);
  EXPECT_EQ(tad.booking_.minutes_ahead_, 60);
  EXPECT_EQ(tad.wait_s_, 720);
  EXPECT_EQ(tad.hubs_, std::vector<std::string>{"RER_B"});
  EXPECT_DOUBLE_EQ(tad.detour_factor_, 1.3);
  EXPECT_EQ(tad.stop_time_s_, 45);
  EXPECT_DOUBLE_EQ(tad.fallback_speed_kmh_, 25.0);
  EXPECT_TRUE(tad.eligible("anyone"));
  EXPECT_EQ(tad.fare_cents_, 200);
  // Inside the square, in the hole, outside.
  EXPECT_TRUE(tad.contains({48.908, 2.408}));
  EXPECT_FALSE(tad.contains({48.902, 2.402}));
  EXPECT_FALSE(tad.contains({48.92, 2.408}));
  // 2026-11-24 is a Tuesday (day 20781 since 1970-01-01), 2026-11-28 a Saturday.
  auto const tuesday = to_day({2026, 11, 24}), saturday = to_day({2026, 11, 28});
  EXPECT_TRUE(tad.runs(tuesday, 7 * 3600));
  EXPECT_FALSE(tad.runs(tuesday, 9 * 3600));  // periods are [start, end)
  EXPECT_FALSE(tad.runs(tuesday, 12 * 3600));
  EXPECT_FALSE(tad.runs(saturday, 7 * 3600));
  EXPECT_TRUE(tad.runs(tuesday - 1, 24 * 3600 + 7 * 3600));    // past midnight: the next day's hours
  EXPECT_FALSE(tad.runs(saturday - 1, 24 * 3600 + 7 * 3600));  // Friday 31:00 is Saturday 07:00

  auto const& pam = s[1];
  EXPECT_EQ(pam.kind_, ondemand::service_kind::kParatransit);
  EXPECT_EQ(pam.name_, "pam");  // defaults to the id
  EXPECT_EQ(pam.days_, 0x7F);
  EXPECT_EQ(pam.booking_.kind_, ondemand::booking_rule::kind::kDayBefore);
  EXPECT_EQ(pam.booking_.latest_s_, 17 * 3600);
  EXPECT_EQ(pam.wait_s_, 1800);
  EXPECT_TRUE(pam.eligible("wheelchair"));
  EXPECT_FALSE(pam.eligible("walk"));
  // Triangles below the diagonal of each square: (48.901, 2.409) is in the first, (48.901, 2.509)
  // in the second, (48.909, 2.401) above the first diagonal.
  EXPECT_TRUE(pam.contains({48.901, 2.409}));
  EXPECT_TRUE(pam.contains({48.901, 2.509}));
  EXPECT_FALSE(pam.contains({48.909, 2.401}));
}

// Replaces one field of the first service of kGood and returns the error message.
std::string error_with(std::string const& field, nlohmann::json const& value, int service = 0) {
  auto j = nlohmann::json::parse(kGood);
  if (value.is_null()) {
    j["services"][service].erase(field);
  } else {
    j["services"][service][field] = value;
  }
  try {
    ondemand::parse_service_file(j.dump(), "services.json");
  } catch (input_error const& e) {
    return e.what();
  }
  return "no error";
}

TEST(on_demand_service, each_bad_field_is_named_with_the_file_and_the_service) {
  using nlohmann::json;
  auto const expect = [](std::string const& msg, std::string const& field) {
    EXPECT_NE(msg.find("services.json"), std::string::npos) << msg;
    EXPECT_NE(msg.find("field '" + field + "'"), std::string::npos) << msg;
  };
  expect(error_with("id", json{}), "services[0].id");
  auto const named = [&](std::string const& msg, std::string const& field) {
    expect(msg, field);
    EXPECT_NE(msg.find("service 'tad'"), std::string::npos) << msg;
  };
  named(error_with("kind", "taxi"), "kind");
  named(error_with("zone", json{}), "zone");
  named(error_with("zone", json{{"type", "Point"}, {"coordinates", {2.4, 48.9}}}), "zone");
  named(error_with("zone", json{{"type", "Polygon"}, {"coordinates", {{{2.4, 48.9}, {2.5, 48.9}}}}}), "zone");
  named(error_with("zone",
                   json{{"type", "Polygon"}, {"coordinates", {{{200, 48.9}, {2.5, 48.9}, {2.5, 49}, {200, 48.9}}}}}),
        "zone");
  named(error_with("days", json{"monday"}), "days");
  named(error_with("hours", json{}), "hours");
  named(error_with("hours", json{{"09:00", "08:00"}}), "hours");
  named(error_with("hours", json{{"9h", "10h"}}), "hours");
  named(error_with("booking", json{{"type", "whenever"}}), "booking.type");
  named(error_with("booking", json{{"type", "minutes_ahead"}}), "booking.minutes");
  named(error_with("booking", json{{"type", "day_before"}, {"latest", "five"}}), "booking.latest");
  named(error_with("pickup_wait_min", -5), "pickup_wait_min");
  named(error_with("pickup_window_min", 30), "pickup_window_min");  // on_demand gives a wait
  named(error_with("hubs", "RER_B"), "hubs");
  named(error_with("vehicle", json{{"detour_factor", 0.5}}), "vehicle.detour_factor");
  named(error_with("vehicle", json{{"stop_time_s", "long"}}), "vehicle.stop_time_s");
  named(error_with("eligibility", "some"), "eligibility");
  named(error_with("eligibility", json::array()), "eligibility");
  named(error_with("fare_cents", -1), "fare_cents");
  named(error_with("pickup_delay", 5), "pickup_delay");  // unknown fields are refused
  auto const para = error_with("hubs", json{"RER_B"}, 1);
  EXPECT_NE(para.find("service 'pam'"), std::string::npos) << para;
  EXPECT_NE(para.find("field 'hubs'"), std::string::npos) << para;
  expect(error_with("id", "pam"), "id");  // two services with one id
  try {
    ondemand::parse_service_file("{\"services\": 3}", "x.json");
    ADD_FAILURE();
  } catch (input_error const& e) {
    EXPECT_NE(std::string{e.what()}.find("x.json field 'services'"), std::string::npos) << e.what();
  }
}

TEST(on_demand_service, reads_a_gtfs_flex_feed) {
  temp_dir dir;
  dir.file("locations.geojson", R"({"type": "FeatureCollection", "features": [
    {"type": "Feature", "id": "zone_nord", "properties": {},
     "geometry": {"type": "Polygon", "coordinates": [[[2.40, 48.90], [2.41, 48.90], [2.41, 48.91],
                                                      [2.40, 48.91], [2.40, 48.90]]]}}]})");
  dir.file("calendar.txt",
           "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
           "SAT,0,0,0,0,0,1,0,20260101,20261231\n");
  dir.file("trips.txt", "route_id,service_id,trip_id\nTAD,SAT,flex_1\n");
  dir.file("booking_rules.txt",
           "booking_rule_id,booking_type,prior_notice_duration_min,prior_notice_last_time\n"
           "same_day,1,45,\nday_before,2,,18:00:00\n");
  // A zone -> station trip: pick up in the zone 08:00-12:00, drop off at stop RER.
  dir.file("stop_times.txt",
           "trip_id,stop_sequence,stop_id,location_id,start_pickup_drop_off_window,end_pickup_drop_off_window,"
           "pickup_booking_rule_id,arrival_time,departure_time\n"
           "flex_1,1,,zone_nord,08:00:00,12:00:00,same_day,,\n"
           "flex_1,2,RER,,,,,,\n");
  auto const s = ondemand::read_services(dir.path_);
  ASSERT_EQ(s.size(), 1U);
  EXPECT_EQ(s[0].id_, "flex_1");
  EXPECT_EQ(s[0].kind_, ondemand::service_kind::kOnDemand);
  EXPECT_EQ(s[0].days_, 0x20);  // Saturday only
  ASSERT_EQ(s[0].hours_.size(), 1U);
  EXPECT_EQ(s[0].hours_[0].start_s_, 8 * 3600);
  EXPECT_EQ(s[0].hours_[0].end_s_, 12 * 3600);
  EXPECT_EQ(s[0].booking_.kind_, ondemand::booking_rule::kind::kMinutesAhead);
  EXPECT_EQ(s[0].booking_.minutes_ahead_, 45);
  EXPECT_EQ(s[0].hubs_, std::vector<std::string>{"RER"});
  EXPECT_TRUE(s[0].contains({48.905, 2.405}));
  EXPECT_FALSE(s[0].contains({48.905, 2.415}));

  // An unknown location and an unknown booking rule name the file, the line and the field.
  dir.file("stop_times.txt",
           "trip_id,stop_sequence,location_id,start_pickup_drop_off_window,end_pickup_drop_off_window,"
           "pickup_booking_rule_id\nflex_1,1,zone_sud,08:00:00,12:00:00,\n");
  EXPECT_THROW(
      {
        try {
          ondemand::read_services(dir.path_);
        } catch (input_error const& e) {
          EXPECT_NE(std::string{e.what()}.find("stop_times.txt:2 field 'location_id'"), std::string::npos) << e.what();
          throw;
        }
      },
      input_error);
  dir.file("stop_times.txt",
           "trip_id,stop_sequence,location_id,start_pickup_drop_off_window,end_pickup_drop_off_window,"
           "pickup_booking_rule_id\nflex_1,1,zone_nord,08:00:00,12:00:00,never\n");
  try {
    ondemand::read_services(dir.path_);
    ADD_FAILURE();
  } catch (input_error const& e) {
    EXPECT_NE(std::string{e.what()}.find("field 'pickup_booking_rule_id'"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace solimob::test

namespace solimob::test {
namespace {

// docs/on_demand.schema.json is written by hand: it lists the fields the parser reads (and only those,
// since unknown fields are refused).
TEST(on_demand_service, the_schema_lists_the_fields_the_parser_reads) {
  std::ifstream in{std::filesystem::path{SOLIMOB_DOCS_DIR} / "on_demand.schema.json"};
  auto const schema = nlohmann::json::parse(in);
  std::set<std::string> fields;
  for (auto const& [key, value] : schema["properties"]["services"]["items"]["properties"].items()) {
    fields.insert(key);
  }
  std::set<std::string> const expected{"id",          "name",      "description",     "kind",
                                       "zone",        "days",      "hours",           "booking",
                                       "hubs",        "vehicle",   "pickup_wait_min", "pickup_window_min",
                                       "eligibility", "fare_cents"};
  EXPECT_EQ(fields, expected);
  for (auto const& f : fields) {
    EXPECT_EQ(error_with(f, nullptr).find("unknown field"), std::string::npos) << f;
  }
}

}  // namespace
}  // namespace solimob::test
