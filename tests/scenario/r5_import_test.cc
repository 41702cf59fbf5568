// R5's modification JSON (as Jackson serialises com.conveyal.r5.analyst.scenario: public fields by
// their Java names, unset objects null, unset ints at their Java defaults) into solimob scenarios.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "scenario/r5_import.h"
#include "scenario/scenario.h"

namespace solimob::scenario {
namespace {

using json = nlohmann::json;

json convert(std::string const& r5, r5_import_options const& o = {}, std::vector<std::string>* notes = nullptr) {
  auto const r = import_r5(r5, "r5.json", o);
  if (notes != nullptr) {
    *notes = r.notes_;
  }
  return json::parse(r.json_);
}

// The message of the input_error that converting `r5` throws ("" when it converts).
std::string refusal(std::string const& r5, r5_import_options const& o = {}) {
  try {
    import_r5(r5, "r5.json", o);
  } catch (input_error const& e) {
    return e.what();
  }
  return "";
}

// A PatternTimetable with every field as R5 writes it: frequency mode, weekdays 07:00-09:00 every 10 min.
constexpr char const* kWeekdayPeak = R"({"sourceTrip": null, "hopTimes": [120, 180], "dwellTimes": [0, 20, 0],
  "startTime": 25200, "endTime": 32400, "headwaySecs": 600, "firstDepartures": null,
  "monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
  "saturday": false, "sunday": false, "phaseFromTimetable": null, "phaseAtStop": null,
  "phaseFromStop": null, "phaseSeconds": 0, "entryId": "peak"})";

std::string add_trips(std::string const& frequencies) {
  return R"({"modifications": [{"type": "add-trips", "comment": "Line 15", "activeInVariants": null,
    "warnings": [], "stops": [{"id": "poa:S1", "name": null, "lat": 0.0, "lon": 0.0},
    {"id": null, "name": "Nova", "lat": -30.05, "lon": -51.2}, {"id": "poa:S3", "name": null, "lat": 0.0, "lon": 0.0}],
    "frequencies": [)" +
         frequencies + R"(], "mode": 0, "bidirectional": true, "directionId": 0, "color": "4444FF"}]})";
}

TEST(r5_import, add_trips_with_one_timetable) {
  std::vector<std::string> notes;
  auto const out = convert(add_trips(kWeekdayPeak), {}, &notes);
  // comment -> name and route name; mode 0 (tram) kept; the existing stops' feed "poa" is the only one:
  // feed 0; R5's per-timetable hops and dwells become the modification's; 25200 s = 07:00, 32400 s = 09:00.
  auto const expected = json::parse(R"({"modifications": [{"type": "add-trips", "name": "Line 15",
    "route_name": "Line 15", "mode": 0, "bidirectional": true,
    "stops": [{"id": "0:S1"}, {"lon": -51.2, "lat": -30.05, "name": "Nova"}, {"id": "0:S3"}],
    "hop_times": [120, 180], "dwell_times": [0, 20, 0],
    "frequencies": [{"start_time": "07:00:00", "end_time": "09:00:00", "headway_secs": 600,
                     "days": ["monday", "tuesday", "wednesday", "thursday", "friday"]}]}]})");
  EXPECT_EQ(out, expected) << out.dump(2);
  ASSERT_EQ(notes.size(), 1U);
  EXPECT_NE(notes[0].find("every id is of R5 feed 'poa': mapped to feed 0"), std::string::npos) << notes[0];
}

TEST(r5_import, timetables_with_different_times_split_the_modification) {
  // The second timetable: scheduled (firstDepartures 36000 s = 10:00, 37800 s = 10:30) on Saturdays with
  // slower hops; the third has the first's times: it joins the first modification.
  auto const saturday = R"({"hopTimes": [150, 200], "dwellTimes": [0, 20, 0], "firstDepartures": [36000, 37800],
    "saturday": true})";
  auto const evening = R"({"hopTimes": [120, 180], "dwellTimes": [0, 20, 0], "startTime": 64800, "endTime": 72000,
    "headwaySecs": 1200, "sunday": true})";
  std::vector<std::string> notes;
  auto const out = convert(add_trips(std::string{kWeekdayPeak} + "," + saturday + "," + evening), {}, &notes);
  auto const& mods = out["modifications"];
  ASSERT_EQ(mods.size(), 2U) << out.dump(2);
  EXPECT_EQ(mods[0]["name"], "Line 15 (times 1 of 2)");
  EXPECT_EQ(mods[0]["route_name"], "Line 15");
  EXPECT_EQ(mods[0]["hop_times"], json::parse("[120, 180]"));
  ASSERT_EQ(mods[0]["frequencies"].size(), 2U);
  // 64800 s = 18:00, 72000 s = 20:00.
  EXPECT_EQ(mods[0]["frequencies"][1], json::parse(R"({"start_time": "18:00:00", "end_time": "20:00:00",
    "headway_secs": 1200, "days": ["sunday"]})"));
  EXPECT_EQ(mods[1]["name"], "Line 15 (times 2 of 2)");
  EXPECT_EQ(mods[1]["hop_times"], json::parse("[150, 200]"));
  EXPECT_EQ(mods[1]["frequencies"],
            json::parse(R"([{"first_departures": ["10:00:00", "10:30:00"], "days": ["saturday"]}])"));
  EXPECT_EQ(mods[1]["stops"], mods[0]["stops"]);
  EXPECT_TRUE(std::any_of(begin(notes), end(notes), [](std::string const& n) {
    return n.find("modification 0 (add-trips): its timetables have 2 different sets") != std::string::npos;
  }));
}

TEST(r5_import, transit_modifications_map_field_by_field) {
  auto const r5 = R"({"id": "scenario-1", "description": "Corredor", "modifications": [
    {"type": "remove-trips", "comment": "Sem T5", "routes": ["poa:T5"], "patterns": null, "trips": null},
    {"type": "adjust-frequency", "comment": null, "route": "poa:T7", "retainTripsOutsideFrequencyEntries": true,
     "entries": [{"sourceTrip": "poa:T7-1", "startTime": 21600, "endTime": 36000, "headwaySecs": 300,
                  "monday": true, "friday": true, "hopTimes": null, "dwellTimes": null}]},
    {"type": "adjust-speed", "routes": null, "patterns": ["poa:T9-1"], "trips": null, "scale": 1.5,
     "referenceStops": null, "hops": [["poa:A", "poa:B"], ["poa:B", "poa:C"], ["poa:A", "poa:B"]],
     "scaleDwells": true},
    {"type": "adjust-dwell-time", "routes": ["poa:T9"], "stops": ["poa:B"], "dwellSecs": 45, "scale": -1.0},
    {"type": "adjust-dwell-time", "trips": ["poa:T9-2"], "stops": null, "dwellSecs": -1, "scale": 0.5},
    {"type": "remove-stops", "routes": ["poa:T9"], "patterns": null, "stops": ["poa:B", "poa:C"],
     "secondsSavedAtEachStop": 20},
    {"type": "reroute", "comment": "Desvio", "routes": null, "patterns": ["poa:T9-1"], "fromStop": "poa:A",
     "toStop": "poa:C", "stops": [{"id": null, "name": "Desvio 1", "lat": -30.04, "lon": -51.21}],
     "dwellTimes": [0, 30, 0], "hopTimes": [90, 100]}]})";
  // remove-trips: no times in R5's; adjust-frequency 21600 s = 06:00, 36000 s = 10:00; adjust-speed: the
  // repeated hop A-B (the UI writes one per pattern) kept once; adjust-dwell-time: -1 is R5's "unset".
  auto const expected = json::parse(R"({"name": "scenario-1", "description": "Corredor", "modifications": [
    {"type": "remove-trips", "name": "Sem T5", "routes": ["0:T5"]},
    {"type": "adjust-frequency", "route": "0:T7", "retain_trips_outside_frequency_entries": true,
     "entries": [{"source_trip": "0:T7-1", "start_time": "06:00:00", "end_time": "10:00:00", "headway_secs": 300,
                  "days": ["monday", "friday"]}]},
    {"type": "adjust-speed", "patterns": ["0:T9-1"], "hops": [["0:A", "0:B"], ["0:B", "0:C"]], "scale": 1.5,
     "scale_dwells": true},
    {"type": "adjust-dwell-time", "routes": ["0:T9"], "stops": ["0:B"], "dwell_secs": 45},
    {"type": "adjust-dwell-time", "trips": ["0:T9-2"], "scale": 0.5},
    {"type": "remove-stops", "routes": ["0:T9"], "stops": ["0:B", "0:C"], "seconds_saved_at_each_stop": 20},
    {"type": "reroute", "name": "Desvio", "patterns": ["0:T9-1"], "from_stop": "0:A", "to_stop": "0:C",
     "stops": [{"lon": -51.21, "lat": -30.04, "name": "Desvio 1"}], "dwell_times": [0, 30, 0], "hop_times": [90, 100]}]})");
  auto const out = convert(r5);
  EXPECT_EQ(out, expected) << out.dump(2);
}

TEST(r5_import, modify_streets_one_per_polygon) {
  auto const r5 = R"({"modifications": [{"type": "modify-streets", "comment": "Calcadao",
    "polygons": [[[-51.23, -30.03], [-51.22, -30.03], [-51.22, -30.02]],
                 [[-51.20, -30.00], [-51.19, -30.00], [-51.19, -29.99], [-51.20, -30.00]]],
    "allowedModes": ["WALK", "BICYCLE"], "carSpeedKph": null, "carSpeedFactor": null, "walkTimeFactor": 0.9,
    "bikeTimeFactor": null, "bikeLts": 1}]})";
  // The first ring closed (GeoJSON), the second already is; [lon, lat] order kept (R5 builds JTS (x, y) from it).
  auto const expected = json::parse(R"j({"modifications": [
    {"type": "modify-streets", "name": "Calcadao (polygon 1 of 2)", "allowed_modes": ["walk", "bike"],
     "walk_time_factor": 0.9, "lts": 1, "polygon": {"type": "Polygon", "coordinates":
       [[[-51.23, -30.03], [-51.22, -30.03], [-51.22, -30.02], [-51.23, -30.03]]]}},
    {"type": "modify-streets", "name": "Calcadao (polygon 2 of 2)", "allowed_modes": ["walk", "bike"],
     "walk_time_factor": 0.9, "lts": 1, "polygon": {"type": "Polygon", "coordinates":
       [[[-51.20, -30.00], [-51.19, -30.00], [-51.19, -29.99], [-51.20, -30.00]]]}}]})j");
  auto const out = convert(r5);
  EXPECT_EQ(out, expected) << out.dump(2);
}

TEST(r5_import, feeds_map_by_option_or_are_refused) {
  auto const two_feeds = R"({"modifications": [{"type": "remove-trips", "routes": ["eptc:R1", "trensurb:M1"]}]})";
  // Without --feed, two feeds cannot be guessed.
  EXPECT_NE(refusal(two_feeds).find("r5.json field 'modification 0 (remove-trips).routes[1]': ids of several R5 "
                                    "feeds ('eptc', 'trensurb')"),
            std::string::npos)
      << refusal(two_feeds);
  r5_import_options o;
  add_r5_feed(o, "eptc=0");
  add_r5_feed(o, "trensurb=1");
  EXPECT_EQ(convert(two_feeds, o)["modifications"][0]["routes"], json::parse(R"(["0:R1", "1:M1"])"));
  // A feed not among --feed; ids may hold ':' after the feed id (only the first one separates).
  r5_import_options only_eptc;
  add_r5_feed(only_eptc, "eptc=2");
  EXPECT_NE(refusal(two_feeds, only_eptc).find("feed 'trensurb' of 'trensurb:M1' is not among --feed (eptc)"),
            std::string::npos);
  EXPECT_EQ(convert(R"({"modifications": [{"type": "remove-trips", "trips": ["eptc:T:1"]}]})",
                    only_eptc)["modifications"][0]["trips"],
            json::parse(R"(["2:T:1"])"));
  EXPECT_NE(refusal(R"({"modifications": [{"type": "remove-trips", "routes": ["R1"]}]})")
                .find("field 'modification 0 (remove-trips).routes[0]': 'R1' is not an R5 id 'feedId:id'"),
            std::string::npos);
  EXPECT_THROW(add_r5_feed(o, "eptc=3"), input_error);  // given twice
  EXPECT_THROW(add_r5_feed(o, "x=one"), input_error);
  EXPECT_THROW(add_r5_feed(o, "=1"), input_error);
}

TEST(r5_import, what_cannot_be_expressed_is_refused_by_name) {
  struct refused {
    std::string r5_, message_;
  };
  auto const mod = [](std::string const& body) {
    return R"({"modifications": [{"type": "remove-trips", "routes":
    ["f:R"]}, )" +
           body + "]}";
  };
  std::vector<refused> const cases = {
      {mod(R"({"type": "add-streets", "lineStrings": [[[-51.2, -30.0], [-51.1, -30.0]]]})"),
       "r5.json field 'modification 1 (add-streets).type': R5's add-streets"},
      {mod(R"({"type": "pickup-delay", "zonePolygons": "abc"})"),
       "r5.json field 'modification 1 (pickup-delay).type': R5's pickup-delay reads its zones"},
      {mod(R"({"type": "road-congestion"})"), "'road-congestion' has no solimob equivalent"},
      {mod(R"({"type": "teleport"})"), "field 'modification 1 (teleport).type': 'teleport' is not an R5 modification"},
      {mod(R"({"type": "modify-streets", "polygons": [[[0, 0], [1, 0], [1, 1]]], "carSpeedFactor": 0.5})"),
       "field 'modification 1 (modify-streets).carSpeedFactor': cannot be expressed in a solimob scenario"},
      {mod(R"({"type": "modify-streets", "polygons": [[[0, 0], [1, 0], [1, 1]]], "allowedModes": ["CAR_PARK"]})"),
       "field 'modification 1 (modify-streets).allowedModes[0]': 'CAR_PARK' cannot be expressed"},
      {mod(R"({"type": "remove-trips", "routes": ["f:R"], "activeInVariants": ["A"]})"),
       "field 'modification 1 (remove-trips).activeInVariants': cannot be expressed in a solimob scenario"},
      {mod(R"({"type": "remove-trips", "route": ["f:R"]})"),
       "field 'modification 1 (remove-trips).route': not a field of R5's RemoveTrips"},
      {mod(R"({"type": "adjust-speed", "routes": ["f:R"], "scale": 2, "referenceStops": ["f:S"]})"),
       "field 'modification 1 (adjust-speed).referenceStops': cannot be expressed"},
      {mod(R"({"type": "adjust-frequency", "route": "f:R", "entries": [{"sourceTrip": "f:T", "startTime": 0,
          "endTime": 3600, "headwaySecs": 600, "monday": true, "phaseFromTimetable": "e1", "phaseAtStop": "f:S",
          "phaseFromStop": "f:S", "phaseSeconds": 120}]})"),
       "field 'modification 1 (adjust-frequency).entries[0].phaseFromTimetable': cannot be expressed in a solimob "
       "scenario: no phasing"},
      {mod(R"({"type": "adjust-frequency", "route": "f:R", "entries": [{"sourceTrip": "f:T", "startTime": 0,
          "endTime": 3600, "headwaySecs": 600, "hopTimes": [60]}]})"),
       "entries[0].hopTimes': cannot be expressed"},
      // Every day flag false: R5 would make a service that never runs.
      {mod(R"({"type": "adjust-frequency", "route": "f:R", "entries": [{"sourceTrip": "f:T", "startTime": 0,
          "endTime": 3600, "headwaySecs": 600}]})"),
       "entries[0].monday': the entry runs on no day"},
      {add_trips(R"({"hopTimes": [120], "dwellTimes": [0, 20, 0], "startTime": 0, "endTime": 3600,
          "headwaySecs": 600, "monday": true})"),
       "field 'modification 0 (add-trips).frequencies[0].hopTimes': one hop time per pair of consecutive stops (2)"},
      {add_trips(R"({"hopTimes": [120, 180], "dwellTimes": [0, 20, 0], "startTime": 0, "endTime": 3600,
          "headwaySecs": 600, "firstDepartures": [0], "monday": true})"),
       "frequencies[0].firstDepartures': not with headwaySecs"},
      {add_trips(R"({"hopTimes": [120, 180], "dwellTimes": [0, 20, 0], "startTime": 0, "endTime": 3600,
          "headwaySecs": 600, "monday": true, "sourceTrip": "f:T"})"),
       "frequencies[0].sourceTrip': cannot be expressed"},
      {mod(R"({"type": "add-trips", "stops": [{"id": "f:S1"}, {"lat": 0, "lon": 0}], "frequencies": []})"),
       "field 'modification 1 (add-trips).stops[1].lat': a new stop (no id) needs nonzero lat and lon"},
      {mod(R"({"type": "adjust-dwell-time", "routes": ["f:R"], "dwellSecs": 30, "scale": 2.0})"),
       "(adjust-dwell-time).dwellSecs': give exactly one of dwellSecs and scale"},
      // Modification.checkIds: exactly one of routes, patterns, trips; R5's empty set selects nothing.
      {mod(R"({"type": "remove-trips", "routes": ["f:R"], "trips": ["f:T"]})"),
       "(remove-trips).routes': give exactly one of routes, patterns and trips"},
      {mod(R"({"type": "remove-stops", "stops": ["f:S"]})"),
       "(remove-stops).routes': give exactly one of routes and "
       "patterns"},
      {mod(R"({"type": "remove-trips", "routes": [], "trips": ["f:T"]})"),
       "(remove-trips).routes': an empty set selects nothing in R5"},
      {mod(R"({"type": "adjust-dwell-time", "routes": ["f:R"], "stops": [], "dwellSecs": 30})"),
       "(adjust-dwell-time).stops': an empty set selects no stop"},
      {mod(R"({"type": "adjust-speed", "routes": ["f:R"], "scale": 2, "hops": []})"),
       "(adjust-speed).hops': an empty list scales no hop"},
      // Reroute from A to C through one new stop: 1 + 2 dwells, 2 hops.
      {mod(R"({"type": "reroute", "patterns": ["f:T"], "fromStop": "f:A", "toStop": "f:C",
          "stops": [{"lat": -30.0, "lon": -51.0}], "dwellTimes": [30], "hopTimes": [60, 60]})"),
       "(reroute).dwellTimes': one dwell time per new stop, plus one for fromStop and one for toStop when given (3"},
      {mod(R"({"type": "reroute", "patterns": ["f:T"], "toStop": "f:C", "stops": [], "dwellTimes": [0]})"),
       "(reroute).hopTimes': one hop time fewer than dwell times (0"},
      {R"({"modifications": [], "scenarioId": "x"})", "field 'scenario.scenarioId': not a field of R5's Scenario"},
      {"{\"modifications\": [", "r5.json: not valid JSON"},
  };
  for (auto const& c : cases) {
    auto const msg = refusal(c.r5_);
    EXPECT_NE(msg.find(c.message_), std::string::npos) << "expected: " << c.message_ << "\ngot: " << msg;
  }
}

TEST(r5_import, times_past_the_clock_strings_stay_seconds) {
  // 171000 s = 47:30:00 is still a clock string; 172800 s (48:00) is written as seconds.
  auto const out = convert(R"({"modifications": [{"type": "adjust-frequency", "route": "f:R", "entries": [
    {"sourceTrip": "f:T", "startTime": 171000, "endTime": 172800, "headwaySecs": 900, "sunday": true}]}]})");
  auto const& e = out["modifications"][0]["entries"][0];
  EXPECT_EQ(e["start_time"], "47:30:00");
  EXPECT_EQ(e["end_time"], 172800);
}

// What the importer writes must read as a solimob scenario. The transit and street families are parsed
// by their own files (h/scenario-transit, h/scenario-streets): a type they do not parse yet is skipped,
// any other refusal (a field named differently) fails.
TEST(r5_import, the_output_reads_as_a_solimob_scenario) {
  auto const all = R"({"modifications": [
    {"type": "remove-trips", "routes": ["f:R"]},
    {"type": "adjust-frequency", "route": "f:R", "entries": [{"sourceTrip": "f:T", "startTime": 25200,
     "endTime": 32400, "headwaySecs": 600, "monday": true}, {"sourceTrip": "f:T", "firstDepartures": [36000],
     "saturday": true}], "retainTripsOutsideFrequencyEntries": false},
    {"type": "adjust-speed", "routes": ["f:R"], "scale": 1.2, "hops": [["f:A", "f:B"]], "scaleDwells": false},
    {"type": "adjust-dwell-time", "patterns": ["f:T"], "stops": ["f:A"], "dwellSecs": 20},
    {"type": "remove-stops", "routes": ["f:R"], "stops": ["f:B"], "secondsSavedAtEachStop": 10},
    {"type": "reroute", "patterns": ["f:T"], "fromStop": "f:A", "toStop": "f:C", "stops": [{"lat": -30.0,
     "lon": -51.0}], "dwellTimes": [0, 20, 0], "hopTimes": [60, 60]},
    {"type": "modify-streets", "polygons": [[[-51.2, -30.0], [-51.1, -30.0], [-51.1, -30.1]]],
     "allowedModes": ["WALK"], "bikeLts": 2}]})";
  auto out = convert(add_trips(kWeekdayPeak));
  auto const others = convert(all);
  for (auto const& m : others["modifications"]) {
    out["modifications"].push_back(m);
  }
  std::vector<std::string> skipped;
  for (auto const& m : out["modifications"]) {
    json const one = {{"modifications", json::array({m})}};
    try {
      auto const s = parse(one.dump(), "s.json");
      EXPECT_EQ(s.modifications_.size(), 1U);
    } catch (input_error const& e) {
      if (std::string{e.what()}.find("is not a modification type") == std::string::npos) {
        ADD_FAILURE() << m["type"] << ": " << e.what();
      } else {
        skipped.push_back(m["type"].get<std::string>());
      }
    }
  }
  if (!skipped.empty()) {
    std::string list;
    for (auto const& t : skipped) {
      list += " " + t;
    }
    GTEST_SKIP() << "not parsed yet (their family has not landed):" << list;
  }
}

}  // namespace
}  // namespace solimob::scenario
