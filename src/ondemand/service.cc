#include "ondemand/service.h"

#include <algorithm>
#include <array>
#include <map>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "io/csv_reader.h"
#include "io/file_util.h"

namespace solimob::ondemand {

namespace {

using json = nlohmann::json;

bool in_ring(ring const& r, latlng p) {
  auto inside = false;
  for (auto i = 0U, j = static_cast<unsigned>(r.size()) - 1; i < r.size(); j = i++) {
    auto const& a = r[i];
    auto const& b = r[j];
    if ((a.lat_ > p.lat_) != (b.lat_ > p.lat_) &&
        p.lng_ < (b.lng_ - a.lng_) * (p.lat_ - a.lat_) / (b.lat_ - a.lat_) + a.lng_) {
      inside = !inside;
    }
  }
  return inside;
}

// Errors name the file, the service and the field.
struct context {
  std::string const& file_;
  std::string service_;
  [[noreturn]] void fail(std::string const& field, std::string const& msg) const {
    throw input_error{file_, 0, field, (service_.empty() ? "" : "service '" + service_ + "': ") + msg};
  }
};

std::optional<seconds_t> parse_clock(std::string s) {
  if (std::count(begin(s), end(s), ':') == 1) {
    s += ":00";
  }
  return parse_gtfs_time(s);
}

std::vector<ring> parse_rings(json const& j, context const& c, std::string const& field) {
  if (!j.is_array() || j.empty()) {
    c.fail(field, "expected an array of linear rings");
  }
  std::vector<ring> out;
  for (auto const& r : j) {
    if (!r.is_array() || r.size() < 4) {
      c.fail(field, "a linear ring needs at least 4 positions");
    }
    ring ring_out;
    for (auto const& pos : r) {
      if (!pos.is_array() || pos.size() < 2 || !pos[0].is_number() || !pos[1].is_number()) {
        c.fail(field, "a position is [longitude, latitude]");
      }
      auto const lng = pos[0].get<double>(), lat = pos[1].get<double>();
      if (lng < -180 || lng > 180 || lat < -90 || lat > 90) {
        c.fail(field, "position outside WGS84 bounds");
      }
      ring_out.push_back({lat, lng});
    }
    out.push_back(std::move(ring_out));
  }
  return out;
}

// A GeoJSON Polygon or MultiPolygon geometry (or a Feature holding one).
std::vector<polygon> parse_geometry(json const& j, context const& c, std::string const& field) {
  if (!j.is_object()) {
    c.fail(field, "expected a GeoJSON Polygon or MultiPolygon");
  }
  if (j.value("type", "") == "Feature" && j.contains("geometry")) {
    return parse_geometry(j["geometry"], c, field);
  }
  auto const type = j.value("type", "");
  if (!j.contains("coordinates")) {
    c.fail(field, "GeoJSON geometry without coordinates");
  }
  auto const& coords = j["coordinates"];
  if (type == "Polygon") {
    return {parse_rings(coords, c, field)};
  }
  if (type == "MultiPolygon" && coords.is_array() && !coords.empty()) {
    std::vector<polygon> out;
    for (auto const& p : coords) {
      out.push_back(parse_rings(p, c, field));
    }
    return out;
  }
  c.fail(field, "expected a GeoJSON Polygon or MultiPolygon, got '" + type + "'");
}

double number(json const& j, char const* key, double lo, double hi, double fallback, context const& c,
              std::string const& prefix = "") {
  if (!j.contains(key)) {
    return fallback;
  }
  auto const& v = j[key];
  if (!v.is_number() || v.get<double>() < lo || v.get<double>() > hi) {
    c.fail(prefix + key, "expected a number in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  }
  return v.get<double>();
}

constexpr std::array<char const*, 7> kDays{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

service parse_service(json const& j, std::string const& file, std::size_t i) {
  context c{file, ""};
  if (!j.is_object()) {
    c.fail("services[" + std::to_string(i) + "]", "expected an object");
  }
  if (!j.contains("id") || !j["id"].is_string() || j["id"].get<std::string>().empty()) {
    c.fail("services[" + std::to_string(i) + "].id", "expected a non-empty string");
  }
  service s;
  s.id_ = j["id"].get<std::string>();
  c.service_ = s.id_;
  static constexpr std::array<char const*, 14> kFields{"id",
                                                       "name",
                                                       "kind",
                                                       "zone",
                                                       "days",
                                                       "hours",
                                                       "booking",
                                                       "hubs",
                                                       "vehicle",
                                                       "pickup_wait_min",
                                                       "pickup_window_min",
                                                       "eligibility",
                                                       "fare_cents",
                                                       "description"};
  for (auto const& [key, value] : j.items()) {
    if (std::find(begin(kFields), end(kFields), key) == end(kFields)) {
      c.fail(key, "unknown field");
    }
  }
  s.name_ = j.value("name", s.id_);
  auto const kind = j.value("kind", "");
  if (kind == "on_demand") {
    s.kind_ = service_kind::kOnDemand;
  } else if (kind == "paratransit") {
    s.kind_ = service_kind::kParatransit;
  } else {
    c.fail("kind", "expected on_demand or paratransit, got '" + kind + "'");
  }
  if (!j.contains("zone")) {
    c.fail("zone", "missing");
  }
  s.zone_ = parse_geometry(j["zone"], c, "zone");

  if (j.contains("days")) {
    if (!j["days"].is_array()) {
      c.fail("days", "expected an array such as [\"mon\", \"tue\"]");
    }
    s.days_ = 0;
    for (auto const& d : j["days"]) {
      auto const it = std::find(begin(kDays), end(kDays), d.is_string() ? d.get<std::string>() : "");
      if (it == end(kDays)) {
        c.fail("days", "expected mon, tue, wed, thu, fri, sat or sun, got " + d.dump());
      }
      s.days_ |= static_cast<std::uint8_t>(1U << (it - begin(kDays)));
    }
  }
  if (!j.contains("hours") || !j["hours"].is_array() || j["hours"].empty()) {
    c.fail("hours", "expected an array of [\"HH:MM\", \"HH:MM\"] periods");
  }
  for (auto const& h : j["hours"]) {
    if (!h.is_array() || h.size() != 2 || !h[0].is_string() || !h[1].is_string()) {
      c.fail("hours", "expected [\"HH:MM\", \"HH:MM\"], got " + h.dump());
    }
    auto const from = parse_clock(h[0].get<std::string>()), to = parse_clock(h[1].get<std::string>());
    if (!from || !to || *to <= *from) {
      c.fail("hours", "expected a start before the end, got " + h.dump());
    }
    s.hours_.push_back({*from, *to});
  }

  if (j.contains("booking")) {
    auto const& b = j["booking"];
    auto const type = b.is_object() ? b.value("type", "") : "";
    if (type == "none") {
      s.booking_.kind_ = booking_rule::kind::kNone;
    } else if (type == "minutes_ahead") {
      s.booking_.kind_ = booking_rule::kind::kMinutesAhead;
      s.booking_.minutes_ahead_ = static_cast<int>(number(b, "minutes", 0, 10080, -1, c, "booking."));
      if (s.booking_.minutes_ahead_ < 0) {
        c.fail("booking.minutes", "missing");
      }
    } else if (type == "day_before") {
      s.booking_.kind_ = booking_rule::kind::kDayBefore;
      auto const latest = parse_clock(b.value("latest", "24:00"));
      if (!latest) {
        c.fail("booking.latest", "expected HH:MM");
      }
      s.booking_.latest_s_ = *latest;
    } else {
      c.fail("booking.type", "expected none, minutes_ahead or day_before");
    }
  }

  auto const is_para = s.kind_ == service_kind::kParatransit;
  auto const* wait_key = is_para ? "pickup_window_min" : "pickup_wait_min";
  if (j.contains(is_para ? "pickup_wait_min" : "pickup_window_min")) {
    c.fail(is_para ? "pickup_wait_min" : "pickup_window_min",
           is_para ? "paratransit gives pickup_window_min" : "on_demand gives pickup_wait_min");
  }
  s.wait_s_ = static_cast<seconds_t>(std::lround(number(j, wait_key, 0, 1440, 0, c) * 60));

  if (j.contains("hubs")) {
    if (!j["hubs"].is_array()) {
      c.fail("hubs", "expected an array of GTFS stop ids");
    }
    for (auto const& h : j["hubs"]) {
      if (!h.is_string() || h.get<std::string>().empty()) {
        c.fail("hubs", "expected GTFS stop ids, got " + h.dump());
      }
      s.hubs_.push_back(h.get<std::string>());
    }
  }
  if (is_para && !s.hubs_.empty()) {
    c.fail("hubs", "paratransit is door to door: no hubs");
  }
  if (j.contains("vehicle")) {
    auto const& v = j["vehicle"];
    if (!v.is_object()) {
      c.fail("vehicle", "expected an object");
    }
    s.detour_factor_ = number(v, "detour_factor", 1.0, 10.0, 1.0, c, "vehicle.");
    s.stop_time_s_ = static_cast<seconds_t>(std::lround(number(v, "stop_time_s", 0, 3600, 0, c, "vehicle.")));
    s.fallback_speed_kmh_ = number(v, "speed_kmh", 1, 200, 30, c, "vehicle.");
  }
  if (j.contains("eligibility")) {
    auto const& e = j["eligibility"];
    if (e.is_string() && e.get<std::string>() == "all") {
      s.eligible_.clear();
    } else if (e.is_array() && !e.empty() &&
               std::all_of(begin(e), end(e), [](json const& x) { return x.is_string(); })) {
      for (auto const& x : e) {
        s.eligible_.push_back(x.get<std::string>());
      }
    } else {
      c.fail("eligibility", "expected \"all\" or a non-empty array of profile names");
    }
  }
  s.fare_cents_ = static_cast<int>(number(j, "fare_cents", 0, 1e6, 0, c));
  return s;
}

}  // namespace

bool service::contains(latlng p) const {
  return std::any_of(begin(zone_), end(zone_), [&](polygon const& poly) {
    auto const crossings = std::count_if(begin(poly), end(poly), [&](ring const& r) { return in_ring(r, p); });
    return crossings % 2 == 1;
  });
}

bool service::runs(day_t day, seconds_t t) const {
  // A time past midnight belongs to the next calendar day's hours.
  auto const d = day + t / kSecondsPerDay;
  auto const s = t % kSecondsPerDay;
  if ((days_ & (1U << weekday(d))) == 0) {
    return false;
  }
  return std::any_of(begin(hours_), end(hours_), [&](period const& p) { return s >= p.start_s_ && s < p.end_s_; });
}

bool service::eligible(std::string_view profile) const {
  return eligible_.empty() || std::find(begin(eligible_), end(eligible_), profile) != end(eligible_);
}

std::vector<service> parse_service_file(std::string_view text, std::string const& file) {
  json j;
  try {
    j = json::parse(text);
  } catch (json::parse_error const& e) {
    throw input_error{file, 0, "", std::string{"not valid JSON: "} + e.what()};
  }
  if (!j.is_object() || !j.contains("services") || !j["services"].is_array()) {
    throw input_error{file, 0, "services", "expected an object with a \"services\" array"};
  }
  std::vector<service> out;
  for (auto i = 0U; i != j["services"].size(); ++i) {
    out.push_back(parse_service(j["services"][i], file, i));
    for (auto k = 0U; k + 1 < out.size(); ++k) {
      if (out[k].id_ == out.back().id_) {
        throw input_error{file, 0, "id", "service '" + out.back().id_ + "' defined twice"};
      }
    }
  }
  return out;
}

std::vector<service> read_gtfs_flex(std::filesystem::path const& folder) {
  auto const read_csv = [&](char const* name, bool required) -> std::optional<std::string> {
    auto const path = folder / name;
    if (!std::filesystem::exists(path)) {
      if (required) {
        throw input_error{path.string(), 0, "", "missing from the GTFS-Flex feed"};
      }
      return std::nullopt;
    }
    return io::read_file(path);
  };

  // locations.geojson: a FeatureCollection of zones keyed by feature id.
  auto const loc_file = (folder / "locations.geojson").string();
  std::map<std::string, std::vector<polygon>> zones;
  {
    json j;
    try {
      j = json::parse(*read_csv("locations.geojson", true));
    } catch (json::parse_error const& e) {
      throw input_error{loc_file, 0, "", std::string{"not valid JSON: "} + e.what()};
    }
    if (!j.is_object() || !j.contains("features") || !j["features"].is_array()) {
      throw input_error{loc_file, 0, "features", "expected a GeoJSON FeatureCollection"};
    }
    for (auto const& f : j["features"]) {
      if (!f.contains("id") || !f["id"].is_string()) {
        throw input_error{loc_file, 0, "id", "every feature needs a string id"};
      }
      auto const id = f["id"].get<std::string>();
      context const c{loc_file, id};
      if (!f.contains("geometry")) {
        c.fail("geometry", "missing");
      }
      zones[id] = parse_geometry(f["geometry"], c, "geometry");
    }
  }

  // calendar.txt: weekdays per service_id (calendar_dates.txt exceptions are not read).
  std::map<std::string, std::uint8_t> days;
  if (auto const text = read_csv("calendar.txt", false)) {
    io::csv_reader r{"calendar.txt", *text};
    auto const sid = r.required_column("service_id");
    std::array<std::size_t, 7> cols{};
    constexpr std::array<char const*, 7> kNames{"monday", "tuesday",  "wednesday", "thursday",
                                                "friday", "saturday", "sunday"};
    for (auto k = 0U; k != 7; ++k) {
      cols[k] = r.required_column(kNames[k]);
    }
    while (r.next()) {
      std::uint8_t bits = 0;
      for (auto k = 0U; k != 7; ++k) {
        bits |= static_cast<std::uint8_t>(r.field(cols[k]) == "1" ? 1U << k : 0U);
      }
      days[std::string{r.field(sid)}] = bits;
    }
  }
  std::map<std::string, std::string> trip_service;
  {
    auto const text = *read_csv("trips.txt", true);  // the reader keeps views into it
    io::csv_reader r{"trips.txt", text};
    auto const tid = r.required_column("trip_id"), sid = r.required_column("service_id");
    while (r.next()) {
      trip_service[std::string{r.field(tid)}] = std::string{r.field(sid)};
    }
  }
  std::map<std::string, booking_rule> rules;
  if (auto const text = read_csv("booking_rules.txt", false)) {
    io::csv_reader r{"booking_rules.txt", *text};
    auto const id = r.required_column("booking_rule_id"), type = r.required_column("booking_type");
    auto const notice = r.column("prior_notice_duration_min"), last = r.column("prior_notice_last_time");
    while (r.next()) {
      booking_rule b;
      auto const t = r.field(type);
      if (t == "0") {
        b.kind_ = booking_rule::kind::kNone;
      } else if (t == "1") {
        b.kind_ = booking_rule::kind::kMinutesAhead;
        b.minutes_ahead_ = notice && !r.field(notice).empty() ? static_cast<int>(r.get_int(*notice)) : 0;
      } else if (t == "2") {
        b.kind_ = booking_rule::kind::kDayBefore;
        if (auto const s = parse_gtfs_time(r.field(last)); s) {
          b.latest_s_ = *s;
        }
      } else {
        throw input_error{"booking_rules.txt", r.line(), "booking_type", "expected 0, 1 or 2"};
      }
      rules[std::string{r.field(id)}] = b;
    }
  }

  // stop_times.txt: rows with a location_id and a window make a flex trip; the same trip's rows
  // with a stop_id are its hubs.
  std::vector<service> out;
  std::map<std::string, std::size_t> by_trip;
  std::map<std::string, std::vector<std::string>> trip_stops;
  auto const stop_times = *read_csv("stop_times.txt", true);
  io::csv_reader r{"stop_times.txt", stop_times};
  auto const tid = r.required_column("trip_id");
  auto const stop = r.column("stop_id"), loc = r.column("location_id");
  auto const start = r.column("start_pickup_drop_off_window"), end_w = r.column("end_pickup_drop_off_window");
  auto const pick_rule = r.column("pickup_booking_rule_id");
  while (r.next()) {
    auto const trip = std::string{r.field(tid)};
    auto const location = std::string{r.field(loc)};
    if (location.empty()) {
      if (!r.field(stop).empty()) {
        trip_stops[trip].push_back(std::string{r.field(stop)});
      }
      continue;
    }
    auto const zone = zones.find(location);
    if (zone == zones.end()) {
      throw input_error{"stop_times.txt", r.line(), "location_id", "'" + location + "' not in locations.geojson"};
    }
    auto const from = parse_gtfs_time(r.field(start)), to = parse_gtfs_time(r.field(end_w));
    if (!from || !to || *to <= *from) {
      throw input_error{"stop_times.txt", r.line(), "start_pickup_drop_off_window",
                        "expected a window start before its end"};
    }
    auto const svc = trip_service.find(trip);
    if (svc == trip_service.end()) {
      throw input_error{"stop_times.txt", r.line(), "trip_id", "'" + trip + "' not in trips.txt"};
    }
    if (by_trip.contains(trip)) {
      out[by_trip[trip]].hours_.push_back({*from, *to});  // pickup and drop-off rows of one trip
      continue;
    }
    service s;
    s.id_ = trip;
    s.name_ = trip;
    s.zone_ = zone->second;
    s.hours_.push_back({*from, *to});
    if (auto const d = days.find(svc->second); d != days.end()) {
      s.days_ = d->second;
    }
    if (auto const rule = std::string{r.field(pick_rule)}; !rule.empty()) {
      auto const b = rules.find(rule);
      if (b == rules.end()) {
        throw input_error{"stop_times.txt", r.line(), "pickup_booking_rule_id",
                          "'" + rule + "' not in booking_rules.txt"};
      }
      s.booking_ = b->second;
    }
    by_trip[trip] = out.size();
    out.push_back(std::move(s));
  }
  for (auto& [trip, i] : by_trip) {
    if (auto const h = trip_stops.find(trip); h != trip_stops.end()) {
      out[i].hubs_ = h->second;
    }
  }
  return out;
}

std::vector<service> read_services(std::filesystem::path const& path) {
  if (std::filesystem::is_directory(path)) {
    return read_gtfs_flex(path);
  }
  return parse_service_file(io::read_file(path), path.string());
}

}  // namespace solimob::ondemand
