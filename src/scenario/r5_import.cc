#include "scenario/r5_import.h"

#include <algorithm>
#include <cstdio>
#include <optional>

#include <nlohmann/json.hpp>

#include "core/error.h"

// R5 field names below are those of com.conveyal.r5.analyst.scenario (Modification, AddTrips and its
// PatternTimetable, StopSpec, RemoveTrips, AdjustFrequency, AdjustSpeed, AdjustDwellTime, RemoveStops,
// Reroute, ModifyStreets) and the type names of ModificationTypeResolver, as Jackson serialises them:
// public fields under their Java names, unset objects as null, unset ints at their Java defaults
// (-1 for PatternTimetable's times, AdjustDwellTime's dwellSecs and scale).
namespace solimob::scenario {

namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

// One R5 object being read: every key either read, ignored on purpose or refused.
class reader {
 public:
  reader(json const& j, std::string file, std::string where) : j_{j}, file_{std::move(file)}, where_{std::move(where)} {
    if (!j_.is_object()) {
      throw input_error{file_, 0, where_, "expected an object"};
    }
  }

  [[noreturn]] void fail(std::string const& key, std::string const& msg) const {
    throw input_error{file_, 0, name(key), msg};
  }
  std::string name(std::string const& key) const { return key.empty() ? where_ : where_ + "." + key; }
  std::string const& file() const { return file_; }
  bool has(std::string const& key) const { return j_.contains(key) && !j_[key].is_null(); }
  json const& at(std::string const& key) const {
    if (!has(key)) {
      fail(key, "missing");
    }
    return j_[key];
  }

  // Keys that are not fields of the R5 class `cls` are refused (a misspelt field must not vanish).
  void known(char const* cls, std::initializer_list<char const*> keys) const {
    for (auto const& [key, value] : j_.items()) {
      if (std::none_of(keys.begin(), keys.end(), [&](char const* k) { return key == k; })) {
        fail(key, std::string{"not a field of R5's "} + cls);
      }
    }
  }
  // An R5 field with no solimob equivalent: refused when set.
  void refuse(std::string const& key, std::string const& why) const {
    if (has(key)) {
      fail(key, "cannot be expressed in a solimob scenario: " + why);
    }
  }

  std::optional<std::string> string_opt(std::string const& key) const {
    if (!has(key)) {
      return std::nullopt;
    }
    if (!j_[key].is_string()) {
      fail(key, "expected a string");
    }
    return j_[key].get<std::string>();
  }
  std::string string(std::string const& key) const {
    auto s = string_opt(key);
    if (!s || s->empty()) {
      fail(key, "expected a non-empty string");
    }
    return *s;
  }
  // Set<String> / List<String>: null and absent are empty.
  std::vector<std::string> strings(std::string const& key) const {
    std::vector<std::string> out;
    if (!has(key)) {
      return out;
    }
    if (!j_[key].is_array()) {
      fail(key, "expected an array of strings");
    }
    for (auto i = 0U; i != j_[key].size(); ++i) {
      if (!j_[key][i].is_string()) {
        fail(key + "[" + std::to_string(i) + "]", "expected a string");
      }
      out.push_back(j_[key][i].get<std::string>());
    }
    return out;
  }
  std::int64_t integer_or(std::string const& key, std::int64_t fallback) const {
    if (!has(key)) {
      return fallback;
    }
    if (!j_[key].is_number_integer()) {
      fail(key, "expected an integer");
    }
    return j_[key].get<std::int64_t>();
  }
  std::optional<double> number_opt(std::string const& key) const {
    if (!has(key)) {
      return std::nullopt;
    }
    if (!j_[key].is_number()) {
      fail(key, "expected a number");
    }
    return j_[key].get<double>();
  }
  bool boolean_or(std::string const& key, bool fallback) const {
    if (!has(key)) {
      return fallback;
    }
    if (!j_[key].is_boolean()) {
      fail(key, "expected true or false");
    }
    return j_[key].get<bool>();
  }
  // int[]: null and absent are nullopt (R5 tells "not given" from "empty").
  std::optional<std::vector<std::int64_t>> ints(std::string const& key) const {
    if (!has(key)) {
      return std::nullopt;
    }
    if (!j_[key].is_array()) {
      fail(key, "expected an array of integers");
    }
    std::vector<std::int64_t> out;
    for (auto i = 0U; i != j_[key].size(); ++i) {
      if (!j_[key][i].is_number_integer()) {
        fail(key + "[" + std::to_string(i) + "]", "expected an integer");
      }
      out.push_back(j_[key][i].get<std::int64_t>());
    }
    return out;
  }
  std::vector<reader> objects(std::string const& key) const {
    std::vector<reader> out;
    if (!has(key)) {
      return out;
    }
    if (!j_[key].is_array()) {
      fail(key, "expected an array of objects");
    }
    for (auto i = 0U; i != j_[key].size(); ++i) {
      out.emplace_back(j_[key][i], file_, name(key) + "[" + std::to_string(i) + "]");
    }
    return out;
  }

 private:
  json const& j_;
  std::string file_, where_;
};

// "HH:MM:SS" of seconds after midnight (GTFS style: hours pass 24); from 48:00:00 on, the seconds
// (solimob's clock strings stop at hour 47, its times at 172800 s).
ojson clock(std::int64_t s) {
  if (s >= 48 * 3600) {
    return s;
  }
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%02d:%02d:%02d", static_cast<int>(s / 3600), static_cast<int>(s / 60 % 60),
                static_cast<int>(s % 60));
  return std::string{buf};
}

class converter {
 public:
  converter(std::string file, r5_import_options const& o) : file_{std::move(file)}, o_{o} {}

  r5_import_result run(std::string_view text) {
    json j;
    try {
      j = json::parse(text);
    } catch (json::parse_error const& e) {
      throw input_error{file_, 0, "", std::string{"not valid JSON: "} + e.what()};
    }
    reader const top{j, file_, "scenario"};
    // Scenario's fields; feedChecksums are of R5's feeds, which we cannot compare with ours.
    top.known("Scenario", {"id", "description", "modifications", "feedChecksums"});
    ojson out = ojson::object();
    if (auto const id = top.string_opt("id")) {
      out["name"] = *id;
    }
    if (auto const d = top.string_opt("description")) {
      out["description"] = *d;
    }
    if (!top.has("modifications") || !top.at("modifications").is_array()) {
      top.fail("modifications", "expected an array of modifications");
    }
    if (top.has("feedChecksums")) {
      result_.notes_.push_back("feedChecksums not checked: R5's checksums are not comparable with solimob networks");
    }
    out["modifications"] = ojson::array();
    auto const& mods = top.at("modifications");
    for (auto i = 0U; i != mods.size(); ++i) {
      reader const head{mods[i], file_, "modification " + std::to_string(i)};
      auto const type = head.string("type");
      reader const m{mods[i], file_, "modification " + std::to_string(i) + " (" + type + ")"};
      convert(m, type, i, out["modifications"]);
    }
    if (o_.feeds_.empty() && guessed_feed_) {
      result_.notes_.push_back("every id is of R5 feed '" + *guessed_feed_ +
                               "': mapped to feed 0 (the first GTFS feed given to network build); use --feed " +
                               *guessed_feed_ + "=N otherwise");
    }
    result_.json_ = out.dump(2) + "\n";
    return std::move(result_);
  }

 private:
  // R5's "feedId:id" as ours "N:id".
  std::string id(reader const& r, std::string const& field, std::string const& r5_id) {
    auto const colon = r5_id.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == r5_id.size()) {
      r.fail(field, "'" + r5_id + "' is not an R5 id 'feedId:id'");
    }
    auto const feed = r5_id.substr(0, colon);
    unsigned n = 0;
    if (!o_.feeds_.empty()) {
      auto const it = o_.feeds_.find(feed);
      if (it == o_.feeds_.end()) {
        std::string given;
        for (auto const& [k, v] : o_.feeds_) {
          given += (given.empty() ? "" : ", ") + k;
        }
        r.fail(field, "feed '" + feed + "' of '" + r5_id + "' is not among --feed (" + given + ")");
      }
      n = it->second;
    } else if (!guessed_feed_) {
      guessed_feed_ = feed;
    } else if (*guessed_feed_ != feed) {
      r.fail(field, "ids of several R5 feeds ('" + *guessed_feed_ + "', '" + feed + "'): give --feed " +
                        *guessed_feed_ + "=N and --feed " + feed + "=M (N, M: positions in network build's --gtfs)");
    }
    return std::to_string(n) + ":" + r5_id.substr(colon + 1);
  }

  ojson ids(reader const& r, std::string const& key) {
    auto const list = r.strings(key);
    ojson out = ojson::array();
    for (auto i = 0U; i != list.size(); ++i) {
      out.push_back(id(r, key + "[" + std::to_string(i) + "]", list[i]));
    }
    return out;
  }

  // Modification's own fields: comment is the name Analysis gives it (AddTrips names its route after it).
  static void common(reader const& r, ojson& out) {
    r.refuse("activeInVariants",
             "solimob scenarios have no variants (export the scenario of one variant, or drop the field)");
    if (auto const c = r.string_opt("comment"); c && !c->empty()) {
      out["name"] = *c;
    }
  }

  // Modification.checkIds: exactly one of routes, patterns (and trips where `trips`) given and not
  // empty. R5 tells null (everything) from empty (nothing): an empty set is refused, not widened.
  void selector(reader const& r, ojson& out, bool trips) {
    auto given = 0;
    for (auto const* key : {"routes", "patterns", "trips"}) {
      if (std::string{key} == "trips" && !trips) {
        continue;
      }
      if (auto a = ids(r, key); !a.empty()) {
        out[key] = std::move(a);
        ++given;
      } else if (r.has(key)) {
        r.fail(key, "an empty set selects nothing in R5 (drop the modification, or the field)");
      }
    }
    if (given != 1) {
      r.fail("routes", trips ? "give exactly one of routes, patterns and trips (R5's rule)"
                             : "give exactly one of routes and patterns (R5's rule)");
    }
  }

  ojson stop_specs(reader const& r, std::string const& key) {
    ojson out = ojson::array();
    for (auto const& s : r.objects(key)) {
      s.known("StopSpec", {"id", "name", "lat", "lon"});
      auto const lat = s.number_opt("lat").value_or(0.0), lon = s.number_opt("lon").value_or(0.0);
      if (s.has("id")) {
        // StopSpec.resolve: a reference has neither coordinates nor a name.
        if (lat != 0.0 || lon != 0.0 || s.has("name")) {
          s.fail("id", "a reference to an existing stop has no lat, lon or name (R5's rule)");
        }
        out.push_back({{"id", id(s, "id", s.string("id"))}});
      } else {
        if (lat == 0.0 || lon == 0.0) {
          s.fail("lat", "a new stop (no id) needs nonzero lat and lon (R5's rule)");
        }
        ojson stop = {{"lon", lon}, {"lat", lat}};
        if (auto const n = s.string_opt("name"); n && !n->empty()) {
          stop["name"] = *n;
        }
        out.push_back(std::move(stop));
      }
    }
    return out;
  }

  static std::int64_t time_of(reader const& r, std::string const& key) {
    auto const t = r.integer_or(key, -1);
    if (t > 2 * 86400) {
      r.fail(key, std::to_string(t) + " s is past the second day (172800 s)");
    }
    return t;
  }

  // PatternTimetable's times and days into one of our frequency entries (fields written into `out`).
  static void timetable(reader const& e, ojson& out) {
    for (auto const* key : {"phaseFromTimetable", "phaseAtStop", "phaseFromStop"}) {
      e.refuse(key, "no phasing between frequency entries in solimob");
    }
    if (e.integer_or("phaseSeconds", 0) != 0) {
      e.fail("phaseSeconds", "cannot be expressed in a solimob scenario: no phasing between frequency entries");
    }
    auto const start = time_of(e, "startTime"), end = time_of(e, "endTime");
    auto const headway = e.integer_or("headwaySecs", -1);
    auto const first = e.ints("firstDepartures");
    if (start >= 0 || end >= 0 || headway >= 0) {
      // PatternTimetable.validate's frequency mode.
      if (start < 0 || end < 0 || headway < 0) {
        e.fail(start < 0 ? "startTime"
               : end < 0 ? "endTime"
                         : "headwaySecs",
               "headwaySecs, startTime and endTime go together (R5's rule)");
      }
      if (headway <= 0) {
        e.fail("headwaySecs", "must be greater than zero");
      }
      if (end <= start) {
        e.fail("endTime", "must be later than startTime");
      }
      if (first) {
        e.fail("firstDepartures", "not with headwaySecs, startTime and endTime (R5's rule)");
      }
      out["start_time"] = clock(start);
      out["end_time"] = clock(end);
      out["headway_secs"] = headway;
    } else {
      if (!first || first->empty()) {
        e.fail("firstDepartures", "give firstDepartures or headwaySecs, startTime and endTime (R5's rule)");
      }
      ojson times = ojson::array();
      for (auto i = 0U; i != first->size(); ++i) {
        if ((*first)[i] < 0 || (*first)[i] > 2 * 86400) {
          e.fail("firstDepartures[" + std::to_string(i) + "]", "expected seconds after midnight in [0, 172800]");
        }
        times.push_back(clock((*first)[i]));
      }
      out["first_departures"] = std::move(times);
    }
    static constexpr char const* kDays[] = {"monday", "tuesday",  "wednesday", "thursday",
                                            "friday", "saturday", "sunday"};
    ojson days = ojson::array();
    for (auto const* d : kDays) {
      if (e.boolean_or(d, false)) {
        days.push_back(d);
      }
    }
    if (days.empty()) {
      e.fail("monday", "the entry runs on no day (every day flag, monday ... sunday, is false or absent)");
    }
    out["days"] = std::move(days);
  }

  static constexpr std::initializer_list<char const*> kTimetableFields = {
      "sourceTrip",  "hopTimes",        "dwellTimes",   "startTime", "endTime",
      "headwaySecs", "firstDepartures", "monday",       "tuesday",   "wednesday",
      "thursday",    "friday",          "saturday",     "sunday",    "phaseFromTimetable",
      "phaseAtStop", "phaseFromStop",   "phaseSeconds", "entryId"};

  static ojson durations(reader const& r, std::string const& key, std::vector<std::int64_t> const& v) {
    ojson out = ojson::array();
    for (auto i = 0U; i != v.size(); ++i) {
      if (v[i] < 0 || v[i] > 86400) {
        r.fail(key + "[" + std::to_string(i) + "]", "expected whole seconds in [0, 86400]");
      }
      out.push_back(v[i]);
    }
    return out;
  }

  void add_trips(reader const& m, std::size_t index, ojson& mods) {
    m.known("AddTrips", {"type", "comment", "activeInVariants", "warnings", "stops", "frequencies", "mode",
                         "bidirectional", "directionId", "color"});
    ojson base = {{"type", "add-trips"}};
    common(m, base);
    if (base.contains("name")) {
      base["route_name"] = base["name"];
    }
    base["mode"] = m.integer_or("mode", 3);  // Route.BUS
    auto const stops = stop_specs(m, "stops");
    if (stops.size() < 2) {
      m.fail("stops", "at least two stops (R5's rule)");
    }
    base["stops"] = stops;
    base["bidirectional"] = m.boolean_or("bidirectional", true);  // R5's default
    auto const entries = m.objects("frequencies");
    if (entries.empty()) {
      m.fail("frequencies", "at least one timetable (R5's rule)");
    }
    // Ours has one set of hop and dwell times per modification, R5 one per timetable: timetables
    // are grouped by their times, one add-trips per group.
    struct group {
      std::vector<std::int64_t> hops_, dwells_;
      ojson frequencies_ = ojson::array();
    };
    std::vector<group> groups;
    for (auto const& e : entries) {
      e.known("PatternTimetable", kTimetableFields);
      e.refuse("sourceTrip", "R5 reads it only in adjust-frequency");
      auto const hops = e.ints("hopTimes"), dwells = e.ints("dwellTimes");
      if (!hops || hops->size() + 1 != stops.size()) {
        e.fail("hopTimes", "one hop time per pair of consecutive stops (" + std::to_string(stops.size() - 1) + ")");
      }
      if (!dwells || dwells->size() != stops.size()) {
        e.fail("dwellTimes", "one dwell time per stop (" + std::to_string(stops.size()) + ")");
      }
      durations(e, "hopTimes", *hops);
      durations(e, "dwellTimes", *dwells);
      ojson f = ojson::object();
      timetable(e, f);
      auto it = std::find_if(begin(groups), end(groups),
                             [&](group const& g) { return g.hops_ == *hops && g.dwells_ == *dwells; });
      if (it == end(groups)) {
        groups.push_back(group{*hops, *dwells});
        it = std::prev(end(groups));
      }
      it->frequencies_.push_back(std::move(f));
    }
    if (groups.size() > 1) {
      result_.notes_.push_back("modification " + std::to_string(index) + " (add-trips): its timetables have " +
                               std::to_string(groups.size()) + " different sets of hop and dwell times: written as " +
                               std::to_string(groups.size()) +
                               " add-trips modifications, one per set (each creates its own new stops)");
    }
    for (auto k = 0U; k != groups.size(); ++k) {
      auto out = base;
      if (groups.size() > 1) {
        auto const label =
            base.contains("name") ? base["name"].get<std::string>() : "add-trips " + std::to_string(index);
        out["name"] = label + " (times " + std::to_string(k + 1) + " of " + std::to_string(groups.size()) + ")";
      }
      out["hop_times"] = durations(m, "hopTimes", groups[k].hops_);
      out["dwell_times"] = durations(m, "dwellTimes", groups[k].dwells_);
      out["frequencies"] = std::move(groups[k].frequencies_);
      mods.push_back(std::move(out));
    }
  }

  void remove_trips(reader const& m, ojson& mods) {
    m.known("RemoveTrips", {"type", "comment", "activeInVariants", "warnings", "routes", "patterns", "trips"});
    ojson out = {{"type", "remove-trips"}};
    common(m, out);
    selector(m, out, true);
    mods.push_back(std::move(out));
  }

  void adjust_frequency(reader const& m, ojson& mods) {
    m.known("AdjustFrequency", {"type", "comment", "activeInVariants", "warnings", "route", "entries",
                                "retainTripsOutsideFrequencyEntries"});
    ojson out = {{"type", "adjust-frequency"}};
    common(m, out);
    out["route"] = id(m, "route", m.string("route"));
    auto const entries = m.objects("entries");
    if (entries.empty()) {
      m.fail("entries", "at least one entry (R5's rule)");
    }
    out["entries"] = ojson::array();
    for (auto const& e : entries) {
      e.known("PatternTimetable", kTimetableFields);
      e.refuse("hopTimes", "R5 reads it only in add-trips (the source trip gives the times)");
      e.refuse("dwellTimes", "R5 reads it only in add-trips (the source trip gives the times)");
      ojson entry = {{"source_trip", id(e, "sourceTrip", e.string("sourceTrip"))}};
      timetable(e, entry);
      out["entries"].push_back(std::move(entry));
    }
    out["retain_trips_outside_frequency_entries"] = m.boolean_or("retainTripsOutsideFrequencyEntries", false);
    mods.push_back(std::move(out));
  }

  void adjust_speed(reader const& m, ojson& mods) {
    m.known("AdjustSpeed", {"type", "comment", "activeInVariants", "warnings", "routes", "patterns", "trips", "scale",
                            "referenceStops", "hops", "scaleDwells"});
    ojson out = {{"type", "adjust-speed"}};
    common(m, out);
    selector(m, out, true);
    m.refuse("referenceStops", "not implemented in R5 either (its TODO)");
    if (m.has("hops")) {
      auto const& hops = m.at("hops");
      if (!hops.is_array()) {
        m.fail("hops", "expected an array of [fromStop, toStop] pairs");
      }
      // The Analysis UI repeats a hop once per pattern holding it (AdjustSpeed's comment): kept once.
      ojson pairs = ojson::array();
      for (auto i = 0U; i != hops.size(); ++i) {
        auto const field = "hops[" + std::to_string(i) + "]";
        if (!hops[i].is_array() || hops[i].size() != 2 || !hops[i][0].is_string() || !hops[i][1].is_string()) {
          m.fail(field, "expected a pair of stop ids [fromStop, toStop]");
        }
        ojson const pair = {id(m, field + "[0]", hops[i][0].get<std::string>()),
                            id(m, field + "[1]", hops[i][1].get<std::string>())};
        if (std::find(pairs.begin(), pairs.end(), pair) == pairs.end()) {
          pairs.push_back(pair);
        }
      }
      if (pairs.empty()) {
        m.fail("hops", "an empty list scales no hop in R5 (null: every hop)");
      }
      out["hops"] = std::move(pairs);
    }
    auto const scale = m.number_opt("scale").value_or(-1.0);
    if (scale <= 0.0) {
      m.fail("scale", "a speed factor greater than zero is required");
    }
    out["scale"] = scale;
    out["scale_dwells"] = m.boolean_or("scaleDwells", false);
    mods.push_back(std::move(out));
  }

  void adjust_dwell_time(reader const& m, ojson& mods) {
    m.known("AdjustDwellTime", {"type", "comment", "activeInVariants", "warnings", "routes", "patterns", "trips",
                                "stops", "dwellSecs", "scale"});
    ojson out = {{"type", "adjust-dwell-time"}};
    common(m, out);
    selector(m, out, true);
    if (auto s = ids(m, "stops"); !s.empty()) {
      out["stops"] = std::move(s);
    } else if (m.has("stops")) {
      m.fail("stops", "an empty set selects no stop in R5 (null: every stop)");
    }
    // -1 is R5's "not given" for both.
    auto const dwell = m.integer_or("dwellSecs", -1);
    auto const scale = m.number_opt("scale").value_or(-1.0);
    if ((dwell >= 0) == (scale >= 0.0)) {
      m.fail("dwellSecs", "give exactly one of dwellSecs and scale");
    }
    if (dwell >= 0) {
      if (dwell > 86400) {
        m.fail("dwellSecs", "expected whole seconds in [0, 86400]");
      }
      out["dwell_secs"] = dwell;
    } else {
      out["scale"] = scale;
    }
    mods.push_back(std::move(out));
  }

  void remove_stops(reader const& m, ojson& mods) {
    m.known("RemoveStops", {"type", "comment", "activeInVariants", "warnings", "routes", "patterns", "stops",
                            "secondsSavedAtEachStop"});
    ojson out = {{"type", "remove-stops"}};
    common(m, out);
    selector(m, out, false);
    out["stops"] = ids(m, "stops");
    if (out["stops"].empty()) {
      m.fail("stops", "at least one stop to remove (R5's rule)");
    }
    auto const saved = m.integer_or("secondsSavedAtEachStop", 0);
    if (saved < 0 || saved > 86400) {
      m.fail("secondsSavedAtEachStop", "expected whole seconds in [0, 86400]");
    }
    if (saved != 0) {
      out["seconds_saved_at_each_stop"] = saved;
    }
    mods.push_back(std::move(out));
  }

  void reroute(reader const& m, ojson& mods) {
    m.known("Reroute", {"type", "comment", "activeInVariants", "warnings", "routes", "patterns", "fromStop", "toStop",
                        "stops", "dwellTimes", "hopTimes"});
    ojson out = {{"type", "reroute"}};
    common(m, out);
    selector(m, out, false);
    if (auto const f = m.string_opt("fromStop")) {
      out["from_stop"] = id(m, "fromStop", *f);
    }
    if (auto const t = m.string_opt("toStop")) {
      out["to_stop"] = id(m, "toStop", *t);
    }
    if (!out.contains("from_stop") && !out.contains("to_stop")) {
      m.fail("fromStop", "at least one of fromStop and toStop (R5's rule)");
    }
    out["stops"] = stop_specs(m, "stops");
    // Reroute.resolve: one dwell per new stop and one each for fromStop and toStop when given; one
    // hop fewer than dwells.
    auto const dwells =
        out["stops"].size() + (out.contains("from_stop") ? 1U : 0U) + (out.contains("to_stop") ? 1U : 0U);
    auto const d = m.ints("dwellTimes").value_or(std::vector<std::int64_t>{});
    auto const h = m.ints("hopTimes");
    if (d.size() != dwells) {
      m.fail("dwellTimes", "one dwell time per new stop, plus one for fromStop and one for toStop when given (" +
                               std::to_string(dwells) + ", R5's rule)");
    }
    if (!h || h->size() + 1 != dwells) {
      m.fail("hopTimes", "one hop time fewer than dwell times (" + std::to_string(dwells - 1) + ", R5's rule)");
    }
    out["hop_times"] = durations(m, "hopTimes", *h);
    out["dwell_times"] = durations(m, "dwellTimes", d);
    mods.push_back(std::move(out));
  }

  // R5's multi-polygon is written as one modify-streets per polygon (the same change on each).
  void modify_streets(reader const& m, std::size_t index, ojson& mods) {
    m.known("ModifyStreets", {"type", "comment", "activeInVariants", "warnings", "polygons", "allowedModes",
                              "carSpeedKph", "carSpeedFactor", "walkTimeFactor", "bikeTimeFactor", "bikeLts"});
    ojson base = {{"type", "modify-streets"}};
    common(m, base);
    m.refuse("carSpeedFactor", "solimob sets car speeds in km/h only (give carSpeedKph)");
    if (m.has("allowedModes")) {
      auto const modes = m.strings("allowedModes");
      ojson out = ojson::array();
      for (auto i = 0U; i != modes.size(); ++i) {
        auto const& s = modes[i];
        if (s != "WALK" && s != "BICYCLE" && s != "CAR") {
          m.fail("allowedModes[" + std::to_string(i) + "]",
                 "'" + s + "' cannot be expressed in a solimob scenario (WALK, BICYCLE or CAR)");
        }
        out.push_back(s == "WALK" ? "walk" : s == "BICYCLE" ? "bike" : "car");
      }
      base["allowed_modes"] = std::move(out);
    }
    if (auto const v = m.number_opt("carSpeedKph")) {
      base["car_speed_kmh"] = *v;
    }
    if (auto const v = m.number_opt("walkTimeFactor")) {
      base["walk_time_factor"] = *v;
    }
    if (auto const v = m.number_opt("bikeTimeFactor")) {
      base["bike_time_factor"] = *v;
    }
    if (auto const v = m.integer_or("bikeLts", 0); v != 0) {
      base["lts"] = v;
    }
    auto const& polygons = m.at("polygons");
    if (!polygons.is_array() || polygons.empty()) {
      m.fail("polygons", "expected an array of polygons, each an array of [lon, lat]");
    }
    for (auto p = 0U; p != polygons.size(); ++p) {
      auto const field = "polygons[" + std::to_string(p) + "]";
      if (!polygons[p].is_array() || polygons[p].size() < 3) {
        m.fail(field, "a polygon needs at least three coordinates (R5's rule)");
      }
      ojson ring = ojson::array();
      for (auto k = 0U; k != polygons[p].size(); ++k) {
        auto const& c = polygons[p][k];
        // ModifyStreets' comment says [lat, lon], but its code builds JTS Coordinate(x = c[0], y = c[1])
        // and range-checks it as (lon, lat): the order is [lon, lat], as GeoJSON's.
        if (!c.is_array() || c.size() != 2 || !c[0].is_number() || !c[1].is_number()) {
          m.fail(field + "[" + std::to_string(k) + "]", "expected [lon, lat]");
        }
        ring.push_back({c[0].get<double>(), c[1].get<double>()});
      }
      if (ring.front() != ring.back()) {
        ring.push_back(ring.front());  // GeoJSON rings are closed; JTS closes R5's itself
      }
      auto out = base;
      if (polygons.size() > 1) {
        auto const label =
            base.contains("name") ? base["name"].get<std::string>() : "modify-streets " + std::to_string(index);
        out["name"] = label + " (polygon " + std::to_string(p + 1) + " of " + std::to_string(polygons.size()) + ")";
      }
      out["polygon"] = {{"type", "Polygon"}, {"coordinates", ojson::array({ring})}};
      mods.push_back(std::move(out));
    }
    result_.notes_.push_back("modification " + std::to_string(index) +
                             " (modify-streets): R5 selects the edges crossing its polygons, solimob those with "
                             "both ends inside: edges that only cross a border are left as they are");
  }

  // `i`: the modification's index in R5's file (ours may hold more: split modifications).
  void convert(reader const& m, std::string const& type, std::size_t i, ojson& mods) {
    if (type == "add-trips") {
      add_trips(m, i, mods);
    } else if (type == "remove-trips") {
      remove_trips(m, mods);
    } else if (type == "adjust-frequency") {
      adjust_frequency(m, mods);
    } else if (type == "adjust-speed") {
      adjust_speed(m, mods);
    } else if (type == "adjust-dwell-time") {
      adjust_dwell_time(m, mods);
    } else if (type == "remove-stops") {
      remove_stops(m, mods);
    } else if (type == "reroute") {
      reroute(m, mods);
    } else if (type == "modify-streets") {
      modify_streets(m, i, mods);
    } else if (type == "add-streets") {
      m.fail("type",
             "R5's add-streets (several lineStrings linked only at their ends, a linkable flag) is not converted: "
             "draw each street as a solimob add-streets");
    } else if (type == "pickup-delay") {
      m.fail("type",
             "R5's pickup-delay reads its zones from an uploaded polygon layer (zonePolygons): describe the service "
             "as a solimob add-on-demand-zone (docs/on_demand.schema.json)");
    } else if (type == "road-congestion" || type == "raster-cost" || type == "shapefile-lts" ||
               type == "set-fare-calculator") {
      m.fail("type", "R5's custom modification '" + type + "' has no solimob equivalent");
    } else {
      m.fail("type", "'" + type + "' is not an R5 modification type");
    }
  }

  std::string file_;
  r5_import_options const& o_;
  std::optional<std::string> guessed_feed_;
  r5_import_result result_;
};

}  // namespace

r5_import_result import_r5(std::string_view r5_json, std::string const& file, r5_import_options const& o) {
  return converter{file, o}.run(r5_json);
}

void add_r5_feed(r5_import_options& o, std::string const& spec) {
  auto const eq = spec.rfind('=');
  auto const bad = [&]() {
    throw input_error{"--feed: expected R5FEED=N (N: 0 for the first --gtfs of network build), got '" + spec + "'"};
  };
  if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) {
    bad();
  }
  auto const digits = spec.substr(eq + 1);
  if (digits.size() > 4 || !std::all_of(begin(digits), end(digits), [](char c) { return c >= '0' && c <= '9'; })) {
    bad();
  }
  auto const feed = spec.substr(0, eq);
  if (!o.feeds_.emplace(feed, static_cast<unsigned>(std::stoul(digits))).second) {
    throw input_error{"--feed: R5 feed '" + feed + "' given twice"};
  }
}

}  // namespace solimob::scenario
