#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "core/error.h"
#include "scenario/detail/fields.h"
#include "scenario/detail/timetable_editor.h"

// The transit family: add-trips, remove-trips, adjust-frequency, adjust-speed, adjust-dwell-time,
// remove-stops, reroute, make-accessible (README, "Scenarios"). Parsing and checking here, the edits
// themselves in detail/timetable_editor.cc.
namespace solimob::scenario::detail {

namespace {

std::int32_t parse_mode(fields const& f) {
  if (!f.has("mode")) {
    return 3;
  }
  auto const& v = f.json()["mode"];
  if (v.is_number_integer()) {
    return static_cast<std::int32_t>(f.integer("mode", 0, 1799));
  }
  if (v.is_string()) {
    static constexpr std::pair<char const*, std::int32_t> kModes[] = {
        {"tram", 0},  {"subway", 1},    {"metro", 1},   {"rail", 2},     {"bus", 3},
        {"ferry", 4}, {"cable_car", 5}, {"gondola", 6}, {"funicular", 7}};
    for (auto const& [name, type] : kModes) {
      if (v.get<std::string>() == name) {
        return type;
      }
    }
  }
  f.fail("mode",
         "expected a GTFS route_type or one of tram, subway, metro, rail, bus, ferry, cable_car, gondola, funicular, "
         "got " +
             v.dump());
}

trip_selector required_selector(fields const& f) {
  auto s = f.selector();
  if (s.routes_.empty() && s.patterns_.empty() && s.trips_.empty()) {
    f.fail("routes", "select the trips by routes, patterns or trips");
  }
  return s;
}

// One frequency period (an element of "frequencies" or "entries").
frequency_entry parse_frequency(fields const& e) {
  frequency_entry out;
  out.first_departures_ = e.times("first_departures");
  // Departures alone (R5's firstDepartures without a window): their own span is the period.
  if (!out.first_departures_.empty() && !e.has("start_time") && !e.has("end_time") && !e.has("headway_secs")) {
    auto const [lo, hi] = std::minmax_element(begin(out.first_departures_), end(out.first_departures_));
    out.start_s_ = *lo;
    out.end_s_ = *hi + 1;
    out.days_ = e.days("days");
    return out;
  }
  out.start_s_ = e.time("start_time");
  out.end_s_ = e.time("end_time");
  if (out.end_s_ <= out.start_s_) {
    e.fail("end_time", "must be after start_time");
  }
  if (!out.first_departures_.empty() && e.has("headway_secs")) {
    e.fail("headway_secs", "give headway_secs or first_departures, not both (as R5)");
  }
  if (out.first_departures_.empty()) {
    out.headway_s_ = static_cast<seconds_t>(e.integer("headway_secs", 1, kSecondsPerDay));
  }
  for (auto i = 0U; i != out.first_departures_.size(); ++i) {
    auto const d = out.first_departures_[i];
    if (d < out.start_s_ || d >= out.end_s_) {
      e.fail("first_departures[" + std::to_string(i) + "]", "outside [start_time, end_time)");
    }
  }
  out.days_ = e.days("days");
  return out;
}

// Two periods of one modification running on a common day may not overlap: which would run? In
// adjust-frequency, only periods of the same source trip (entries of the other direction may overlap).
void check_overlaps(std::vector<fields> const& objects, std::vector<frequency_entry const*> const& entries,
                    std::vector<std::string> const& sources = {}) {
  for (auto j = 0U; j != entries.size(); ++j) {
    for (auto i = 0U; i != j; ++i) {
      if (!sources.empty() && sources[i] != sources[j]) {
        continue;
      }
      auto const& a = *entries[i];
      auto const& b = *entries[j];
      if ((a.days_ & b.days_) != 0 && a.start_s_ < b.end_s_ && b.start_s_ < a.end_s_) {
        objects[j].fail("start_time", "overlaps the period of entry " + std::to_string(i) + " on a common day");
      }
    }
  }
}

void check_hops_and_dwells(fields const& f, std::size_t n_hops, std::size_t n_stops, std::vector<seconds_t> const& hops,
                           std::vector<seconds_t> const& dwells) {
  if (hops.size() != n_hops) {
    f.fail("hop_times", "expected " + std::to_string(n_hops) + " hop times, got " + std::to_string(hops.size()));
  }
  if (!dwells.empty() && dwells.size() != n_stops) {
    f.fail("dwell_times", "expected " + std::to_string(n_stops) + " dwell times, got " + std::to_string(dwells.size()));
  }
}

add_trips parse_add_trips(fields const& f) {
  f.only({"type", "name", "description", "route_name", "mode", "stops", "hop_times", "speed_kmh", "dwell_times",
          "dwell_time", "frequencies", "bidirectional", "wheelchair_accessible"});
  add_trips a;
  a.route_name_ = f.string_or("route_name", f.string_or("name", "new route"));
  a.route_type_ = parse_mode(f);
  a.stops_ = f.stop_refs("stops");
  if (a.stops_.size() < 2) {
    f.fail("stops", "a route needs at least 2 stops");
  }
  a.hop_times_s_ = f.durations("hop_times");
  a.speed_kmh_ = f.number_opt("speed_kmh", 0.0, 1000.0);
  if (a.speed_kmh_ && *a.speed_kmh_ <= 0.0) {
    f.fail("speed_kmh", "must be > 0");
  }
  if (a.speed_kmh_ && f.has("hop_times")) {
    f.fail("speed_kmh", "give hop_times or speed_kmh, not both");
  }
  if (!a.speed_kmh_) {
    if (!f.has("hop_times")) {
      f.fail("hop_times", "missing: give hop_times (one per hop) or speed_kmh");
    }
    check_hops_and_dwells(f, a.stops_.size() - 1, a.stops_.size(), a.hop_times_s_, {});
  }
  a.dwell_times_s_ = f.durations("dwell_times");
  check_hops_and_dwells(f, a.hop_times_s_.size(), a.stops_.size(), a.hop_times_s_, a.dwell_times_s_);
  if (f.has("dwell_time")) {
    if (f.has("dwell_times")) {
      f.fail("dwell_time", "give dwell_times or dwell_time, not both");
    }
    a.dwell_time_s_ = static_cast<seconds_t>(f.integer("dwell_time", 0, kSecondsPerDay));
  }
  auto const objects = f.objects("frequencies");
  if (objects.empty()) {
    f.fail("frequencies", "at least one period of service is needed");
  }
  for (auto const& e : objects) {
    e.only({"start_time", "end_time", "headway_secs", "first_departures", "days"});
    a.frequencies_.push_back(parse_frequency(e));
  }
  std::vector<frequency_entry const*> entries;
  for (auto const& e : a.frequencies_) {
    entries.push_back(&e);
  }
  check_overlaps(objects, entries);
  a.bidirectional_ = f.boolean_or("bidirectional", false);
  a.wheelchair_accessible_ = f.boolean_or("wheelchair_accessible", true);
  return a;
}

adjust_frequency parse_adjust_frequency(fields const& f) {
  f.only({"type", "name", "description", "route", "entries", "retain_trips_outside_frequency_entries"});
  adjust_frequency a;
  a.route_ = f.string("route");
  auto const objects = f.objects("entries");
  if (objects.empty()) {
    f.fail("entries", "at least one frequency entry is needed");
  }
  for (auto const& e : objects) {
    e.only({"source_trip", "start_time", "end_time", "headway_secs", "first_departures", "days"});
    a.entries_.push_back({e.string("source_trip"), parse_frequency(e)});
  }
  std::vector<frequency_entry const*> entries;
  std::vector<std::string> sources;
  for (auto const& e : a.entries_) {
    entries.push_back(&e.times_);
    sources.push_back(e.source_trip_);
  }
  check_overlaps(objects, entries, sources);
  a.retain_trips_outside_frequency_entries_ = f.boolean_or("retain_trips_outside_frequency_entries", false);
  return a;
}

// A speed or dwell factor: a hundredth to a hundred times (beyond, a typing error more likely than a
// project, and times would leave the service day).
double parse_scale(fields const& f, std::string const& key) {
  return f.number(key, 0.01, 100.0);
}

adjust_speed parse_adjust_speed(fields const& f) {
  f.only({"type", "name", "description", "routes", "patterns", "trips", "start_time", "end_time", "hops", "scale",
          "scale_dwells"});
  adjust_speed a;
  a.select_ = required_selector(f);
  if (f.has("hops")) {
    auto const& v = f.json()["hops"];
    if (!v.is_array()) {
      f.fail("hops", "expected an array of [from_stop, to_stop] pairs");
    }
    for (auto i = 0U; i != v.size(); ++i) {
      auto const& h = v[i];
      if (!h.is_array() || h.size() != 2 || !h[0].is_string() || !h[1].is_string() || h[0].get<std::string>().empty() ||
          h[1].get<std::string>().empty()) {
        f.fail("hops[" + std::to_string(i) + "]", "expected [from_stop, to_stop], two stop ids");
      }
      a.hops_.emplace_back(h[0].get<std::string>(), h[1].get<std::string>());
    }
  }
  a.scale_ = parse_scale(f, "scale");
  a.scale_dwells_ = f.boolean_or("scale_dwells", false);
  return a;
}

adjust_dwell_time parse_adjust_dwell_time(fields const& f) {
  f.only({"type", "name", "description", "routes", "patterns", "trips", "start_time", "end_time", "stops", "dwell_secs",
          "scale"});
  adjust_dwell_time a;
  a.select_ = required_selector(f);
  a.stops_ = f.strings("stops");
  if (f.has("dwell_secs") == f.has("scale")) {
    f.fail("dwell_secs", "give dwell_secs or scale (one of them)");
  }
  if (f.has("dwell_secs")) {
    a.dwell_s_ = static_cast<seconds_t>(f.integer("dwell_secs", 0, kSecondsPerDay));
  } else {
    a.scale_ = parse_scale(f, "scale");
  }
  return a;
}

remove_stops parse_remove_stops(fields const& f) {
  f.only({"type", "name", "description", "routes", "patterns", "trips", "start_time", "end_time", "stops",
          "seconds_saved_at_each_stop"});
  remove_stops r;
  r.select_ = required_selector(f);
  r.stops_ = f.strings("stops");
  if (r.stops_.empty()) {
    f.fail("stops", "at least one stop to remove");
  }
  if (f.has("seconds_saved_at_each_stop")) {
    r.seconds_saved_at_each_stop_ = static_cast<seconds_t>(f.integer("seconds_saved_at_each_stop", 0, 3600));
  }
  return r;
}

reroute parse_reroute(fields const& f) {
  f.only({"type", "name", "description", "routes", "patterns", "trips", "start_time", "end_time", "from_stop",
          "to_stop", "stops", "hop_times", "dwell_times"});
  reroute r;
  r.select_ = required_selector(f);
  r.from_stop_ = f.string_or("from_stop", "");
  r.to_stop_ = f.string_or("to_stop", "");
  if (r.from_stop_.empty() && r.to_stop_.empty()) {
    f.fail("from_stop", "give from_stop, to_stop or both");
  }
  r.stops_ = f.stop_refs("stops");
  r.hop_times_s_ = f.durations("hop_times");
  // As R5: one dwell per new stop, plus one for from_stop (first) and one for to_stop (last) when
  // given, replacing the trips' own dwells there; without dwell_times no dwell at the new stops.
  auto dwells = f.durations("dwell_times");
  auto const anchors = (r.from_stop_.empty() ? 0U : 1U) + (r.to_stop_.empty() ? 0U : 1U);
  if (f.has("dwell_times") && dwells.size() != r.stops_.size() + anchors) {
    f.fail("dwell_times", "expected " + std::to_string(r.stops_.size() + anchors) +
                              " dwell times (one per new stop, plus one for from_stop and one for to_stop when "
                              "given, as R5), got " +
                              std::to_string(dwells.size()));
  }
  if (dwells.empty()) {
    r.dwell_times_s_.assign(r.stops_.size(), 0);
  } else {
    auto first = dwells.begin(), last = dwells.end();
    if (!r.from_stop_.empty()) {
      r.from_stop_dwell_s_ = *first++;
    }
    if (!r.to_stop_.empty()) {
      r.to_stop_dwell_s_ = *--last;
    }
    r.dwell_times_s_.assign(first, last);
  }
  // Between two kept stops one hop more than new stops; towards either end one per new stop.
  auto const n_hops = r.stops_.size() + (!r.from_stop_.empty() && !r.to_stop_.empty() ? 1 : 0);
  if (n_hops == 0) {
    f.fail("stops", "a reroute to the route's end needs at least one new stop");
  }
  check_hops_and_dwells(f, n_hops, r.stops_.size(), r.hop_times_s_, r.dwell_times_s_);
  return r;
}

make_accessible parse_make_accessible(fields const& f) {
  f.only({"type", "name", "description", "stops", "routes", "trips"});
  make_accessible m;
  m.stops_ = f.strings("stops");
  m.routes_ = f.strings("routes");
  m.trips_ = f.strings("trips");
  if (m.stops_.empty() && m.routes_.empty() && m.trips_.empty()) {
    f.fail("stops", "list stops, routes or trips");
  }
  return m;
}

// The base network's ids, for the references of one modification.
struct id_index {
  explicit id_index(transit::timetable const& tt) {
    for (auto const s : tt.stop_id_.keys()) {
      stops_.emplace(tt.stop_id_[s], s);
    }
    for (auto const r : tt.route_id_.keys()) {
      routes_.emplace(tt.route_id_[r], r);
    }
    for (auto t = trip_idx{0}; t.v() != tt.n_trips(); t = trip_idx{t.v() + 1}) {
      trips_.emplace(tt.trip_label(t), t);
    }
  }
  std::unordered_map<std::string, stop_idx> stops_;
  std::unordered_map<std::string, route_idx> routes_;
  std::unordered_map<std::string, trip_idx> trips_;
};

class checker {
 public:
  checker(named_modification const& m, network::network const& n, std::string const& file)
      : m_{m}, tt_{n.transit_}, ids_{tt_}, file_{file} {}

  [[noreturn]] void fail(std::string const& field, std::string const& msg) const {
    throw input_error{file_, 0, m_.label() + "." + field, msg};
  }
  static std::string at(std::string const& key, std::size_t i) { return key + "[" + std::to_string(i) + "]"; }

  void stop(std::string const& field, std::string const& id) const {
    if (!ids_.stops_.contains(id)) {
      fail(field, "no stop '" + id + "' in the network");
    }
  }
  void stops(std::string const& key, std::vector<std::string> const& ids) const {
    for (auto i = 0U; i != ids.size(); ++i) {
      stop(at(key, i), ids[i]);
    }
  }
  void stop_refs(std::string const& key, std::vector<stop_ref> const& refs) const {
    for (auto i = 0U; i != refs.size(); ++i) {
      if (!refs[i].id_.empty()) {
        stop(at(key, i) + ".id", refs[i].id_);
      }
    }
  }
  void routes(std::string const& key, std::vector<std::string> const& ids) const {
    for (auto i = 0U; i != ids.size(); ++i) {
      if (!ids_.routes_.contains(ids[i])) {
        fail(at(key, i), "no route '" + ids[i] + "' in the network");
      }
    }
  }
  void trips(std::string const& key, std::vector<std::string> const& ids) const {
    for (auto i = 0U; i != ids.size(); ++i) {
      if (!ids_.trips_.contains(ids[i])) {
        fail(at(key, i), "no trip '" + ids[i] + "' in the network");
      }
    }
  }
  void selector(trip_selector const& s) const {
    routes("routes", s.routes_);
    trips("patterns", s.patterns_);
    trips("trips", s.trips_);
  }

  // The base trips the selector picks (the time window aside: it does not change which hops exist).
  std::vector<trip_idx> selected(trip_selector const& s) const {
    std::unordered_set<std::uint32_t> routes, trips;
    for (auto const& r : s.routes_) {
      routes.insert(ids_.routes_.at(r).v());
    }
    for (auto const& t : s.trips_) {
      trips.insert(ids_.trips_.at(t).v());
    }
    std::vector<std::span<stop_idx const>> patterns;
    for (auto const& p : s.patterns_) {
      patterns.push_back(tt_.trip_stops_[ids_.trips_.at(p)]);
    }
    std::vector<trip_idx> out;
    for (auto t = trip_idx{0}; t.v() != tt_.n_trips(); t = trip_idx{t.v() + 1}) {
      auto const stops = tt_.trip_stops_[t];
      if (routes.contains(tt_.trip_route_[t].v()) || trips.contains(t.v()) ||
          std::any_of(begin(patterns), end(patterns),
                      [&](auto const& p) { return std::equal(begin(p), end(p), begin(stops), end(stops)); })) {
        out.push_back(t);
      }
    }
    return out;
  }

  void run() const {
    std::visit([&](auto const& x) { check(x); }, m_.change_);
  }

 private:
  void check(add_trips const& a) const { stop_refs("stops", a.stops_); }
  void check(remove_trips const& r) const { selector(r.select_); }
  void check(adjust_frequency const& a) const {
    if (!ids_.routes_.contains(a.route_)) {
      fail("route", "no route '" + a.route_ + "' in the network");
    }
    auto const route = ids_.routes_.at(a.route_);
    for (auto i = 0U; i != a.entries_.size(); ++i) {
      auto const& id = a.entries_[i].source_trip_;
      auto const it = ids_.trips_.find(id);
      if (it == ids_.trips_.end()) {
        fail(at("entries", i) + ".source_trip", "no trip '" + id + "' in the network");
      }
      if (tt_.trip_route_[it->second] != route) {
        fail(at("entries", i) + ".source_trip", "trip '" + id + "' is not a trip of route '" + a.route_ + "'");
      }
    }
  }
  void check(adjust_speed const& a) const {
    selector(a.select_);
    if (a.hops_.empty()) {
      return;
    }
    auto const trips = selected(a.select_);
    for (auto i = 0U; i != a.hops_.size(); ++i) {
      stop(at("hops", i) + "[0]", a.hops_[i].first);
      stop(at("hops", i) + "[1]", a.hops_[i].second);
      auto const from = ids_.stops_.at(a.hops_[i].first), to = ids_.stops_.at(a.hops_[i].second);
      auto const consecutive = std::any_of(begin(trips), end(trips), [&](trip_idx t) {
        auto const s = tt_.trip_stops_[t];
        for (auto k = 1U; k < s.size(); ++k) {
          if (s[k - 1] == from && s[k] == to) {
            return true;
          }
        }
        return false;
      });
      if (!consecutive) {
        fail(at("hops", i), "'" + a.hops_[i].first + "' -> '" + a.hops_[i].second +
                                "' are not consecutive stops of any selected trip");
      }
    }
  }
  // Every stop of `ids` is a stop of some selected trip: a stop they never serve would change nothing.
  void served(std::string const& key, std::vector<std::string> const& ids, trip_selector const& s) const {
    if (ids.empty()) {
      return;
    }
    std::unordered_set<std::uint32_t> stops;
    for (auto const t : selected(s)) {
      for (auto const x : tt_.trip_stops_[t]) {
        stops.insert(x.v());
      }
    }
    for (auto i = 0U; i != ids.size(); ++i) {
      if (!stops.contains(ids_.stops_.at(ids[i]).v())) {
        fail(at(key, i), "stop '" + ids[i] + "' is not served by any selected trip");
      }
    }
  }
  void check(adjust_dwell_time const& a) const {
    selector(a.select_);
    stops("stops", a.stops_);
    served("stops", a.stops_, a.select_);
  }
  void check(remove_stops const& r) const {
    selector(r.select_);
    stops("stops", r.stops_);
    served("stops", r.stops_, r.select_);
  }
  void check(reroute const& r) const {
    selector(r.select_);
    if (!r.from_stop_.empty()) {
      stop("from_stop", r.from_stop_);
    }
    if (!r.to_stop_.empty()) {
      stop("to_stop", r.to_stop_);
    }
    stop_refs("stops", r.stops_);
    // Some selected trip passes from_stop, then to_stop (either may be absent).
    auto const from = r.from_stop_.empty() ? stop_idx::invalid() : ids_.stops_.at(r.from_stop_);
    auto const to = r.to_stop_.empty() ? stop_idx::invalid() : ids_.stops_.at(r.to_stop_);
    auto const trips = selected(r.select_);
    auto const passes = std::any_of(begin(trips), end(trips), [&](trip_idx t) {
      auto const s = tt_.trip_stops_[t];
      auto const f = from.valid() ? std::find(begin(s), end(s), from) : begin(s);
      return f != end(s) && (!to.valid() || std::find(f + (from.valid() ? 1 : 0), end(s), to) != end(s));
    });
    if (!passes) {
      fail(from.valid() ? "from_stop" : "to_stop",
           "no selected trip passes " + (from.valid() && to.valid()
                                             ? "'" + r.from_stop_ + "' then '" + r.to_stop_ + "'"
                                             : "'" + (from.valid() ? r.from_stop_ : r.to_stop_) + "'"));
    }
  }
  void check(make_accessible const& m) const {
    stops("stops", m.stops_);
    routes("routes", m.routes_);
    trips("trips", m.trips_);
  }
  template <typename Other>
  void check(Other const&) const {}

  named_modification const& m_;
  transit::timetable const& tt_;
  id_index ids_;
  std::string const& file_;
};

}  // namespace

std::optional<modification> parse_transit(std::string const& type, fields const& f) {
  if (type == "add-trips") {
    return parse_add_trips(f);
  }
  if (type == "remove-trips") {
    f.only({"type", "name", "description", "routes", "patterns", "trips", "start_time", "end_time"});
    return remove_trips{required_selector(f)};
  }
  if (type == "adjust-frequency") {
    return parse_adjust_frequency(f);
  }
  if (type == "adjust-speed") {
    return parse_adjust_speed(f);
  }
  if (type == "adjust-dwell-time") {
    return parse_adjust_dwell_time(f);
  }
  if (type == "remove-stops") {
    return parse_remove_stops(f);
  }
  if (type == "reroute") {
    return parse_reroute(f);
  }
  if (type == "make-accessible") {
    return parse_make_accessible(f);
  }
  return std::nullopt;
}

void check_transit(named_modification const& m, network::network const& n, std::string const& file) {
  checker{m, n, file}.run();
}

void apply_transit(std::vector<named_modification const*> const& mods, network::network& n) {
  timetable_editor ed{n};
  for (auto const* m : mods) {
    ed.apply(*m);
  }
  ed.finish();
}

}  // namespace solimob::scenario::detail
