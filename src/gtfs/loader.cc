#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "core/error.h"
#include "gtfs/feed.h"
#include "io/csv_reader.h"
#include "io/feed_source.h"

namespace solimob::gtfs {

namespace {

template <typename Idx>
using index_map = std::unordered_map<std::string, Idx>;

struct loader {
  io::feed_source const& src_;
  report& r_;
  feed f_;
  index_map<feed_stop_idx> stop_idx_;
  index_map<feed_route_idx> route_idx_;
  index_map<feed_service_idx> service_idx_;

  [[noreturn]] void fatal(std::string code, std::string const& file, std::size_t line, std::string const& field,
                          std::string const& msg) {
    r_.add(severity::kFatal, std::move(code), file, line, field, msg);
    throw input_error{src_.path() + "/" + file, line, field, msg};
  }

  void error(std::string code, std::string const& file, std::size_t line, std::string const& field,
             std::string const& msg) {
    r_.add(severity::kError, std::move(code), file, line, field, msg);
  }

  std::optional<std::string> open(std::string const& name, bool required) {
    auto content = src_.read(name);
    if (!content && required) {
      fatal("missing_file", name, 0, "", "required file is missing");
    }
    return content;
  }

  // Wraps csv_reader so that a missing column becomes a fatal report entry.
  std::size_t required(io::csv_reader const& csv, std::string const& name) {
    auto const c = csv.column(name);
    if (!c) {
      fatal("missing_column", csv.file_name(), 1, name, "required column is missing");
    }
    return *c;
  }

  // Fare files kept as read (fares::make_pricer parses them); a missing file means no such fares.
  void load_fare_tables() {
    static constexpr char const* kFiles[] = {
        "fare_attributes.txt",     "fare_rules.txt",       "fare_products.txt", "fare_leg_rules.txt",
        "fare_transfer_rules.txt", "rider_categories.txt", "timeframes.txt",    "areas.txt",
        "stop_areas.txt",          "networks.txt",         "route_networks.txt"};
    auto const keep = [&](std::string const& name, std::string const& content, std::vector<std::string> const& only) {
      io::csv_reader csv{name, content};
      fare_table t;
      t.file_ = name;
      std::vector<std::size_t> cols;
      for (auto i = 0U; i != csv.header().size(); ++i) {
        if (only.empty() || std::find(only.begin(), only.end(), csv.header()[i]) != only.end()) {
          t.header_.push_back(csv.header()[i]);
          cols.push_back(i);
        }
      }
      while (csv.next()) {
        t.line_.push_back(static_cast<std::uint32_t>(csv.line()));
        for (auto const c : cols) {
          t.cells_.emplace_back(csv.field(c));
        }
      }
      f_.fare_tables_.push_back(std::move(t));
    };
    for (auto const* name : kFiles) {
      if (auto const content = open(name, false)) {
        keep(name, *content, {});
      }
    }
    auto const present = [&](std::string_view name) {
      return std::any_of(f_.fare_tables_.begin(), f_.fare_tables_.end(),
                         [&](auto const& t) { return t.file_ == name; });
    };
    // Zones (v1), stations of stop_areas.txt and route networks (v2) live in stops.txt and routes.txt.
    if (present("fare_rules.txt") || present("fare_leg_rules.txt")) {
      keep("stops.txt", *open("stops.txt", true), {"stop_id", "zone_id", "parent_station"});
    }
    if (present("fare_leg_rules.txt")) {
      keep("routes.txt", *open("routes.txt", true), {"route_id", "network_id"});
    }
  }

  void load_agency() {
    auto const content = open("agency.txt", true);
    io::csv_reader csv{"agency.txt", *content};
    auto const tz = required(csv, "agency_timezone");
    required(csv, "agency_name");
    while (csv.next()) {
      auto const v = csv.field(tz);
      if (v.empty()) {
        error("missing_value", "agency.txt", csv.line(), "agency_timezone", "agency_timezone is empty");
      } else if (f_.timezone_.empty()) {
        f_.timezone_ = v;
      } else if (f_.timezone_ != v) {
        // GTFS requires one zone per feed; stop times of two zones cannot share one clock.
        fatal("inconsistent_timezone", "agency.txt", csv.line(), "agency_timezone",
              "agencies of one feed must share a timezone: '" + std::string{v} + "' vs '" + f_.timezone_ + "'");
      }
    }
  }

  void load_stops() {
    auto const content = open("stops.txt", true);
    io::csv_reader csv{"stops.txt", *content};
    auto const id = required(csv, "stop_id");
    auto const lat = csv.column("stop_lat");
    auto const lon = csv.column("stop_lon");
    auto const name = csv.column("stop_name");
    auto const type = csv.column("location_type");
    auto const parent = csv.column("parent_station");
    auto const wheelchair = csv.column("wheelchair_boarding");
    auto const level = csv.column("level_id");
    if (!lat || !lon) {
      fatal("missing_column", "stops.txt", 1, lat ? "stop_lon" : "stop_lat", "required column is missing");
    }
    std::vector<std::pair<feed_stop_idx, std::string>> parents;
    std::vector<std::pair<feed_stop_idx, std::string>> levels;
    while (csv.next()) {
      auto const sid = std::string{csv.field(id)};
      if (sid.empty()) {
        error("missing_value", "stops.txt", csv.line(), "stop_id", "empty stop_id, row skipped");
        continue;
      }
      if (stop_idx_.contains(sid)) {
        error("duplicate_id", "stops.txt", csv.line(), "stop_id", "duplicate stop_id '" + sid + "', row skipped");
        continue;
      }
      // 0 (or blank) stop or platform, 1 station, 2 entrance, 3 generic node, 4 boarding area. Only
      // type 0 becomes a routable stop (transit::timetable::add_feed); the others are kept for
      // parent_station and transfers.txt references.
      auto location_type = 0LL;
      if (!csv.field(type).empty()) {
        try {
          location_type = csv.get_int(*type);
        } catch (input_error const&) {
          location_type = -1;
        }
        if (location_type < 0 || location_type > 4) {
          error("invalid_value", "stops.txt", csv.line(), "location_type",
                "expected 0 to 4, got '" + std::string{csv.field(type)} + "', stop '" + sid + "' skipped");
          continue;
        }
      }
      double la = 0.0, lo = 0.0;
      // Generic nodes and boarding areas may have no position; every other stop needs one.
      auto const positionless =
          (location_type == 3 || location_type == 4) && csv.field(*lat).empty() && csv.field(*lon).empty();
      if (!positionless) {
        try {
          la = csv.get_double(*lat);
          lo = csv.get_double(*lon);
        } catch (input_error const&) {
          error("invalid_coordinate", "stops.txt", csv.line(), csv.field(*lat).empty() ? "stop_lat" : "stop_lon",
                std::string{"unparsable coordinate, stop '"} + sid + "' skipped");
          continue;
        }
        if (!is_valid_wgs84(la, lo) || (la == 0.0 && lo == 0.0)) {
          error("invalid_coordinate", "stops.txt", csv.line(), "stop_lat",
                "coordinate out of range (" + std::to_string(la) + ", " + std::to_string(lo) + "), stop '" + sid +
                    "' skipped");
          continue;
        }
      }
      auto const idx = f_.stops_.next_key();
      stop_idx_.emplace(sid, idx);
      f_.stops_.push_back({sid,
                           std::string{csv.field(name)},
                           {la, lo},
                           feed_stop_idx::invalid(),
                           static_cast<std::uint8_t>(location_type),
                           accessibility_flag(csv, wheelchair, "stops.txt", "wheelchair_boarding"),
                           level_idx::invalid()});
      if (!csv.field(parent).empty()) {
        parents.emplace_back(idx, std::string{csv.field(parent)});
      }
      if (!csv.field(level).empty()) {
        levels.emplace_back(idx, std::string{csv.field(level)});
      }
    }
    for (auto const& [idx, pid] : parents) {
      auto const it = stop_idx_.find(pid);
      if (it == end(stop_idx_)) {
        r_.add(severity::kWarning, "unknown_parent_station", "stops.txt", 0, "parent_station",
               "stop '" + f_.stops_[idx].id_ + "' names unknown parent station '" + pid + "'");
      } else {
        f_.stops_[idx].parent_ = it->second;
      }
    }
    // Inheritance once every parent is known. The spec has platforms (0) with a parent and
    // entrances (2) take the station's value when theirs is empty or 0; generic nodes (3) and
    // boarding areas (4) are treated the same way (a boarding area's parent is a platform, which
    // has inherited already when it comes first, so resolve along the chain). A station's own 0
    // stays unknown.
    auto const resolve = [&](auto const& self, feed_stop_idx i, int depth) -> std::uint8_t {
      auto const& s = f_.stops_[i];
      if (s.wheelchair_ != 0 || s.location_type_ == 1 || !s.parent_.valid() || depth > 4) {
        return s.wheelchair_;
      }
      return self(self, s.parent_, depth + 1);
    };
    vector_map<feed_stop_idx, std::uint8_t> resolved(f_.stops_.size());
    for (auto const i : f_.stops_.keys()) {
      resolved[i] = resolve(resolve, i, 0);
    }
    for (auto const i : f_.stops_.keys()) {
      f_.stops_[i].wheelchair_ = resolved[i];
    }
    load_levels(levels);
  }

  // wheelchair_boarding / wheelchair_accessible: empty, 0, 1 or 2; anything else is reported and
  // read as 0 (unknown).
  std::uint8_t accessibility_flag(io::csv_reader const& csv, std::optional<std::size_t> col, char const* file,
                                  char const* field) {
    auto const v = csv.field(col);
    if (v.empty() || v == "0") {
      return 0;
    }
    if (v == "1" || v == "2") {
      return static_cast<std::uint8_t>(v[0] - '0');
    }
    error("invalid_value", file, csv.line(), field,
          "expected empty, 0, 1 or 2, got '" + std::string{v} + "', read as 0 (unknown)");
    return 0;
  }

  // levels.txt (optional), then stops.level_id resolved against it.
  void load_levels(std::vector<std::pair<feed_stop_idx, std::string>> const& stop_levels) {
    index_map<level_idx> levels;
    if (auto const content = open("levels.txt", false)) {
      io::csv_reader csv{"levels.txt", *content};
      auto const id = required(csv, "level_id");
      auto const index = required(csv, "level_index");
      auto const name = csv.column("level_name");
      while (csv.next()) {
        auto const lid = std::string{csv.field(id)};
        if (lid.empty() || levels.contains(lid)) {
          error(lid.empty() ? "missing_value" : "duplicate_id", "levels.txt", csv.line(), "level_id",
                "empty or duplicate level_id '" + lid + "', row skipped");
          continue;
        }
        auto v = 0.0;
        try {
          v = csv.get_double(index);
        } catch (input_error const&) {
          error("invalid_value", "levels.txt", csv.line(), "level_index",
                "level_index '" + std::string{csv.field(index)} + "' is not a number, level '" + lid + "' skipped");
          continue;
        }
        levels.emplace(lid, f_.levels_.next_key());
        f_.levels_.push_back({lid, v, std::string{csv.field(name)}});
      }
    }
    for (auto const& [idx, lid] : stop_levels) {
      auto const it = levels.find(lid);
      if (it == end(levels)) {
        r_.add(severity::kWarning, "unknown_level", "stops.txt", 0, "level_id",
               "stop '" + f_.stops_[idx].id_ + "' names unknown level '" + lid + "'");
      } else {
        f_.stops_[idx].level_ = it->second;
      }
    }
  }

  // pathways.txt (optional): links between locations of a station.
  void load_pathways() {
    auto const content = open("pathways.txt", false);
    if (!content) {
      return;
    }
    char const* const file = "pathways.txt";
    io::csv_reader csv{file, *content};
    auto const id = required(csv, "pathway_id");
    auto const from = required(csv, "from_stop_id");
    auto const to = required(csv, "to_stop_id");
    auto const mode_col = required(csv, "pathway_mode");
    auto const bidir = required(csv, "is_bidirectional");
    auto const length = csv.column("length");
    auto const time = csv.column("traversal_time");
    auto const stairs = csv.column("stair_count");
    auto const slope = csv.column("max_slope");
    auto const width = csv.column("min_width");
    std::set<std::string> ids;
    while (csv.next()) {
      auto const pid = std::string{csv.field(id)};
      if (pid.empty() || ids.contains(pid)) {
        error(pid.empty() ? "missing_value" : "duplicate_id", file, csv.line(), "pathway_id",
              "empty or duplicate pathway_id '" + pid + "', row skipped");
        continue;
      }
      auto const endpoint = [&](std::size_t col, char const* field) -> std::optional<feed_stop_idx> {
        auto const sid = std::string{csv.field(col)};
        auto const it = stop_idx_.find(sid);
        if (it == end(stop_idx_)) {
          error("unknown_stop", file, csv.line(), field, "unknown stop '" + sid + "', pathway '" + pid + "' skipped");
          return std::nullopt;
        }
        // The spec: a pathway joins platforms, entrances, generic nodes or boarding areas, never
        // a station itself.
        if (f_.stops_[it->second].location_type_ == 1) {
          error("not_a_stop", file, csv.line(), field,
                "stop '" + sid + "' is a station (location_type 1), pathway '" + pid + "' skipped");
          return std::nullopt;
        }
        return it->second;
      };
      auto const a = endpoint(from, "from_stop_id");
      auto const b = a ? endpoint(to, "to_stop_id") : std::nullopt;
      if (!a || !b) {
        continue;
      }
      auto const m = csv.field(mode_col);
      if (m.size() != 1 || m[0] < '1' || m[0] > '7') {
        error("invalid_value", file, csv.line(), "pathway_mode",
              "expected 1 to 7, got '" + std::string{m} + "', pathway '" + pid + "' skipped");
        continue;
      }
      auto const b_value = csv.field(bidir);
      if (b_value != "0" && b_value != "1") {
        error("invalid_value", file, csv.line(), "is_bidirectional",
              "expected 0 or 1, got '" + std::string{b_value} + "', pathway '" + pid + "' skipped");
        continue;
      }
      auto const mode = static_cast<pathway::mode>(m[0] - '0');
      auto const bidirectional = b_value == "1";
      // The spec: exit gates lead one way out of the paid area; moving sidewalks and escalators
      // run one way too (from_stop_id to to_stop_id). A two-way one is contradictory.
      if (bidirectional && (mode == pathway::mode::kExitGate || mode == pathway::mode::kEscalator ||
                            mode == pathway::mode::kMovingSidewalk)) {
        error("invalid_value", file, csv.line(), "is_bidirectional",
              "pathway_mode " + std::string{m} + " is one-way, is_bidirectional must be 0, pathway '" + pid +
                  "' skipped");
        continue;
      }
      auto bad = false;
      auto const number = [&](std::optional<std::size_t> col, char const* field, double fallback) {
        if (bad || csv.field(col).empty()) {
          return fallback;
        }
        auto v = -1.0;
        auto ok = true;
        try {
          v = csv.get_double(*col);
        } catch (input_error const&) {
          ok = false;
        }
        // max_slope may be negative (downhill); the others are non-negative.
        if (!ok || (v < 0.0 && std::string_view{field} != "max_slope")) {
          error("invalid_value", file, csv.line(), field,
                "expected a non-negative number, got '" + std::string{csv.field(col)} + "', pathway '" + pid +
                    "' skipped");
          bad = true;
          return fallback;
        }
        return v;
      };
      pathway p{pid, *a, *b, mode, bidirectional};
      p.length_m_ = number(length, "length", -1.0);
      p.traversal_time_s_ = static_cast<seconds_t>(std::lround(number(time, "traversal_time", -1.0)));
      if (!bad && !csv.field(stairs).empty()) {
        // stair_count is signed: negative means going down from from_stop_id.
        try {
          p.stair_count_ = static_cast<std::int32_t>(csv.get_int(*stairs));
        } catch (input_error const&) {
          error("invalid_value", file, csv.line(), "stair_count",
                "not an integer '" + std::string{csv.field(stairs)} + "', pathway '" + pid + "' skipped");
          bad = true;
        }
      }
      p.max_slope_ = number(slope, "max_slope", 0.0);
      number(width, "min_width", 0.0);  // validated only; not stored
      if (bad) {
        continue;
      }
      ids.insert(pid);
      f_.pathways_.push_back(std::move(p));
    }
  }

  void load_routes() {
    auto const content = open("routes.txt", true);
    io::csv_reader csv{"routes.txt", *content};
    auto const id = required(csv, "route_id");
    auto const type = required(csv, "route_type");
    auto const sn = csv.column("route_short_name");
    auto const ln = csv.column("route_long_name");
    while (csv.next()) {
      auto const rid = std::string{csv.field(id)};
      if (rid.empty() || route_idx_.contains(rid)) {
        error(rid.empty() ? "missing_value" : "duplicate_id", "routes.txt", csv.line(), "route_id",
              "empty or duplicate route_id '" + rid + "', row skipped");
        continue;
      }
      long long t = 3;
      try {
        t = csv.get_int(type);
      } catch (input_error const&) {
        error("invalid_value", "routes.txt", csv.line(), "route_type",
              "route_type is not an integer, route '" + rid + "' skipped");
        continue;
      }
      route_idx_.emplace(rid, f_.routes_.next_key());
      f_.routes_.push_back({rid, std::string{csv.field(sn)}, std::string{csv.field(ln)}, static_cast<std::int32_t>(t)});
    }
  }

  void load_calendars() {
    auto const cal = open("calendar.txt", false);
    auto const dates = open("calendar_dates.txt", false);
    if (!cal && !dates) {
      fatal("missing_file", "calendar.txt", 0, "", "a feed needs calendar.txt or calendar_dates.txt (or both)");
    }
    struct base {
      day_t start_, end_;
      bool weekdays_[7];
    };
    std::unordered_map<std::string, base> bases;
    std::unordered_map<std::string, std::vector<std::pair<day_t, bool>>> exceptions;
    std::vector<std::string> order;  // services in order of appearance: deterministic indices
    auto const remember = [&](std::string const& sid) {
      if (!bases.contains(sid) && !exceptions.contains(sid)) {
        order.push_back(sid);
      }
    };
    if (cal) {
      io::csv_reader csv{"calendar.txt", *cal};
      static constexpr char const* kDays[] = {"monday", "tuesday",  "wednesday", "thursday",
                                              "friday", "saturday", "sunday"};
      std::size_t day_cols[7];
      for (auto i = 0; i != 7; ++i) {
        day_cols[i] = required(csv, kDays[i]);
      }
      auto const id = required(csv, "service_id");
      auto const sd = required(csv, "start_date");
      auto const ed = required(csv, "end_date");
      while (csv.next()) {
        auto const sid = std::string{csv.field(id)};
        auto const start = parse_gtfs_date(csv.field(sd));
        auto const end = parse_gtfs_date(csv.field(ed));
        if (!start || !end) {
          error("invalid_date", "calendar.txt", csv.line(), start ? "end_date" : "start_date",
                "unparsable date '" + std::string{csv.field(start ? ed : sd)} + "', service '" + sid + "' skipped");
          continue;
        }
        if (*end < *start) {
          error("invalid_date", "calendar.txt", csv.line(), "end_date",
                "end_date before start_date, service '" + sid + "' skipped");
          continue;
        }
        if (bases.contains(sid)) {
          error("duplicate_id", "calendar.txt", csv.line(), "service_id", "duplicate service_id '" + sid + "'");
          continue;
        }
        base b{*start, *end, {}};
        auto ok = true;
        for (auto i = 0; i != 7; ++i) {
          auto const v = csv.field(day_cols[i]);
          if (v != "0" && v != "1") {
            error("invalid_value", "calendar.txt", csv.line(), kDays[i],
                  "expected 0 or 1, got '" + std::string{v} + "'");
            ok = false;
          }
          b.weekdays_[i] = v == "1";
        }
        if (ok) {
          remember(sid);
          bases.emplace(sid, b);
        }
      }
    }
    if (dates) {
      io::csv_reader csv{"calendar_dates.txt", *dates};
      auto const id = required(csv, "service_id");
      auto const d = required(csv, "date");
      auto const et = required(csv, "exception_type");
      while (csv.next()) {
        auto const sid = std::string{csv.field(id)};
        auto const day = parse_gtfs_date(csv.field(d));
        auto const type = csv.field(et);
        if (!day) {
          error("invalid_date", "calendar_dates.txt", csv.line(), "date",
                "unparsable date '" + std::string{csv.field(d)} + "', row skipped");
          continue;
        }
        if (type != "1" && type != "2") {
          error("invalid_value", "calendar_dates.txt", csv.line(), "exception_type",
                "expected 1 or 2, got '" + std::string{type} + "', row skipped");
          continue;
        }
        remember(sid);
        exceptions[sid].emplace_back(*day, type == "1");
      }
    }
    for (auto const& sid : order) {
      auto const b = bases.find(sid);
      auto const ex = exceptions.find(sid);
      day_t first = std::numeric_limits<day_t>::max(), last = std::numeric_limits<day_t>::min();
      if (b != end(bases)) {
        first = b->second.start_;
        last = b->second.end_;
      }
      if (ex != end(exceptions)) {
        for (auto const& [day, added] : ex->second) {
          first = std::min(first, day);
          last = std::max(last, day);
        }
      }
      service s{sid, first, std::vector<bool>(static_cast<std::size_t>(last - first + 1), false)};
      if (b != end(bases)) {
        for (auto day = b->second.start_; day <= b->second.end_; ++day) {
          s.active_[day - first] = b->second.weekdays_[weekday(day)];
        }
      }
      if (ex != end(exceptions)) {
        for (auto const& [day, added] : ex->second) {
          s.active_[day - first] = added;
        }
      }
      service_idx_.emplace(sid, f_.services_.next_key());
      f_.services_.push_back(std::move(s));
    }
  }

  struct raw_stop_time {
    long long sequence_;
    feed_stop_idx stop_;
    std::optional<seconds_t> arrival_, departure_;
    double dist_;  // shape_dist_traveled, NaN when absent
    std::size_t line_;
    bool pickup_, drop_off_;
  };

  void load_trips_and_stop_times() {
    auto const trips_content = open("trips.txt", true);
    io::csv_reader trips{"trips.txt", *trips_content};
    auto const tid = required(trips, "trip_id");
    auto const rid = required(trips, "route_id");
    auto const sid = required(trips, "service_id");
    auto const wheelchair = trips.column("wheelchair_accessible");
    index_map<feed_trip_idx> trip_idx;
    vector_map<feed_trip_idx, trip> raw_trips;
    while (trips.next()) {
      auto const id = std::string{trips.field(tid)};
      if (id.empty() || trip_idx.contains(id)) {
        error(id.empty() ? "missing_value" : "duplicate_id", "trips.txt", trips.line(), "trip_id",
              "empty or duplicate trip_id '" + id + "', row skipped");
        continue;
      }
      auto const r = route_idx_.find(std::string{trips.field(rid)});
      if (r == end(route_idx_)) {
        error("unknown_route", "trips.txt", trips.line(), "route_id",
              "unknown route_id '" + std::string{trips.field(rid)} + "', trip '" + id + "' skipped");
        continue;
      }
      auto const s = service_idx_.find(std::string{trips.field(sid)});
      if (s == end(service_idx_)) {
        error("unknown_service", "trips.txt", trips.line(), "service_id",
              "unknown service_id '" + std::string{trips.field(sid)} + "', trip '" + id + "' skipped");
        continue;
      }
      trip_idx.emplace(id, raw_trips.next_key());
      raw_trips.push_back(
          {id, r->second, s->second, accessibility_flag(trips, wheelchair, "trips.txt", "wheelchair_accessible"), {}});
    }

    auto const st_content = open("stop_times.txt", true);
    io::csv_reader st{"stop_times.txt", *st_content};
    auto const st_trip = required(st, "trip_id");
    auto const st_stop = required(st, "stop_id");
    auto const st_seq = required(st, "stop_sequence");
    auto const st_arr = required(st, "arrival_time");
    auto const st_dep = required(st, "departure_time");
    auto const st_dist = st.column("shape_dist_traveled");
    // 1 = no pickup / no drop-off; 0, 2 and 3 (phone, driver) still let people on and off.
    auto const st_pickup = st.column("pickup_type");
    auto const st_drop_off = st.column("drop_off_type");
    vector_map<feed_trip_idx, std::vector<raw_stop_time>> per_trip(raw_trips.size());
    std::set<std::string> unknown_trips;
    while (st.next()) {
      auto const t = trip_idx.find(std::string{st.field(st_trip)});
      if (t == end(trip_idx)) {
        if (unknown_trips.insert(std::string{st.field(st_trip)}).second) {
          error("unknown_trip", "stop_times.txt", st.line(), "trip_id",
                "unknown trip_id '" + std::string{st.field(st_trip)} + "', its rows are skipped");
        }
        continue;
      }
      auto const s = stop_idx_.find(std::string{st.field(st_stop)});
      if (s == end(stop_idx_)) {
        error("unknown_stop", "stop_times.txt", st.line(), "stop_id",
              "unknown stop_id '" + std::string{st.field(st_stop)} + "', row skipped");
        continue;
      }
      if (auto const lt = f_.stops_[s->second].location_type_; lt != 0) {
        error("not_a_stop", "stop_times.txt", st.line(), "stop_id",
              "stop_id '" + std::string{st.field(st_stop)} + "' has location_type " + std::to_string(lt) +
                  " (only stops and platforms, type 0, are served by trips), row skipped");
        continue;
      }
      long long seq = 0;
      try {
        seq = st.get_int(st_seq);
      } catch (input_error const&) {
        error("invalid_value", "stop_times.txt", st.line(), "stop_sequence",
              "stop_sequence is not an integer, row skipped");
        continue;
      }
      auto parse_time = [&](std::size_t col, char const* name) -> std::optional<seconds_t> {
        auto const v = st.field(col);
        if (v.empty()) {
          return std::nullopt;
        }
        auto const parsed = parse_gtfs_time(v);
        if (!parsed) {
          error("invalid_time", "stop_times.txt", st.line(), name,
                "unparsable time '" + std::string{v} + "', treated as blank (interpolated)");
        }
        return parsed;
      };
      auto dist = std::numeric_limits<double>::quiet_NaN();
      if (st_dist && !st.field(*st_dist).empty()) {
        try {
          dist = st.get_double(*st_dist);
        } catch (input_error const&) {
          error("invalid_value", "stop_times.txt", st.line(), "shape_dist_traveled", "not a number, ignored");
        }
      }
      per_trip[t->second].push_back({seq, s->second, parse_time(st_arr, "arrival_time"),
                                     parse_time(st_dep, "departure_time"), dist, st.line(), st.field(st_pickup) != "1",
                                     st.field(st_drop_off) != "1"});
    }

    for (auto const i : raw_trips.keys()) {
      if (finish_trip(raw_trips[i], per_trip[i])) {
        f_.trips_.push_back(std::move(raw_trips[i]));
      }
    }
    load_frequencies();
  }

  // Sorts by stop_sequence, fills blank times by distance and checks that times never decrease.
  bool finish_trip(trip& t, std::vector<raw_stop_time>& rows) {
    if (rows.size() < 2) {
      error("too_few_stops", "stop_times.txt", rows.empty() ? 0 : rows[0].line_, "trip_id",
            "trip '" + t.id_ + "' has fewer than two stop times, skipped");
      return false;
    }
    // GTFS makes stop_sequence a non-negative integer. A negative one says the trip was written
    // wrongly (a sign or an offset lost upstream), so its order cannot be trusted: skip the trip.
    auto const negative = std::find_if(begin(rows), end(rows), [](auto const& r) { return r.sequence_ < 0; });
    if (negative != end(rows)) {
      error("invalid_value", "stop_times.txt", negative->line_, "stop_sequence",
            "trip '" + t.id_ + "': stop_sequence " + std::to_string(negative->sequence_) +
                " is negative (GTFS requires a non-negative integer), trip skipped");
      return false;
    }
    std::stable_sort(begin(rows), end(rows), [](auto const& a, auto const& b) { return a.sequence_ < b.sequence_; });
    for (auto i = 1U; i != rows.size(); ++i) {
      if (rows[i].sequence_ == rows[i - 1].sequence_) {
        error("duplicate_sequence", "stop_times.txt", rows[i].line_, "stop_sequence",
              "trip '" + t.id_ + "' repeats stop_sequence " + std::to_string(rows[i].sequence_) + ", trip skipped");
        return false;
      }
    }
    for (auto& r : rows) {
      if (!r.arrival_) {
        r.arrival_ = r.departure_;
      }
      if (!r.departure_) {
        r.departure_ = r.arrival_;
      }
    }
    if (!rows.front().departure_ || !rows.back().arrival_) {
      auto const& bad = rows.front().departure_ ? rows.back() : rows.front();
      error("missing_time", "stop_times.txt", bad.line_, "arrival_time",
            "trip '" + t.id_ + "': first and last stop times must be given, trip skipped");
      return false;
    }
    // Cumulative distance: shape_dist_traveled when every row has it, else straight lines between stops.
    // Interpolation only uses differences, so shape distances keep their own origin: the first stop
    // need not be at 0 (a trip starting part-way along its shape).
    auto const has_shape_dist = std::all_of(begin(rows), end(rows), [](auto const& r) { return !std::isnan(r.dist_); });
    std::vector<double> dist(rows.size(), has_shape_dist ? rows.front().dist_ : 0.0);
    for (auto i = 1U; i != rows.size(); ++i) {
      dist[i] = has_shape_dist
                    ? rows[i].dist_
                    : dist[i - 1] + haversine_m(f_.stops_[rows[i - 1].stop_].pos_, f_.stops_[rows[i].stop_].pos_);
    }
    for (auto i = 1U; i < rows.size();) {
      if (rows[i].arrival_) {
        ++i;
        continue;
      }
      auto const prev = i - 1;
      auto next = i;
      while (!rows[next].arrival_) {
        ++next;
      }
      auto const t0 = *rows[prev].departure_;
      auto const t1 = *rows[next].arrival_;
      auto const d0 = dist[prev];
      auto const span = dist[next] - d0;
      for (auto j = i; j != next; ++j) {
        // Equal distances (co-located stops) fall back to even spacing by index.
        auto const frac =
            span > 0.0 ? (dist[j] - d0) / span : static_cast<double>(j - prev) / static_cast<double>(next - prev);
        auto const v = t0 + static_cast<seconds_t>(std::lround(std::clamp(frac, 0.0, 1.0) * (t1 - t0)));
        rows[j].arrival_ = rows[j].departure_ = v;
        ++f_.interpolated_times_;
      }
      i = next;
    }
    for (auto i = 0U; i != rows.size(); ++i) {
      auto const& r = rows[i];
      if (*r.departure_ < *r.arrival_ || (i != 0 && *r.arrival_ < *rows[i - 1].departure_)) {
        error("decreasing_time", "stop_times.txt", r.line_, "arrival_time",
              "trip '" + t.id_ + "': time goes backwards at stop_sequence " + std::to_string(r.sequence_) +
                  ", trip skipped");
        return false;
      }
      t.stop_times_.push_back({r.stop_, *r.arrival_, *r.departure_, r.pickup_, r.drop_off_});
    }
    return true;
  }

  // frequencies.txt: each row makes its trip a template that runs every headway_secs from
  // start_time (inclusive) to end_time (exclusive). The rows are kept, not expanded: for
  // exact_times=0 the departures start at a drawn phase (transit::make_day_timetable).
  void load_frequencies() {
    auto const content = open("frequencies.txt", false);
    if (!content) {
      return;
    }
    io::csv_reader csv{"frequencies.txt", *content};
    auto const tid = required(csv, "trip_id");
    auto const st = required(csv, "start_time");
    auto const et = required(csv, "end_time");
    auto const hw = required(csv, "headway_secs");
    auto const exact = csv.column("exact_times");
    index_map<feed_trip_idx> trip_idx;
    for (auto const i : f_.trips_.keys()) {
      trip_idx.emplace(f_.trips_[i].id_, i);
    }
    while (csv.next()) {
      auto const t = trip_idx.find(std::string{csv.field(tid)});
      if (t == end(trip_idx)) {
        error("unknown_trip", "frequencies.txt", csv.line(), "trip_id",
              "unknown trip_id '" + std::string{csv.field(tid)} + "', row skipped");
        continue;
      }
      auto const start = parse_gtfs_time(csv.field(st));
      auto const end_time = parse_gtfs_time(csv.field(et));
      long long headway = 0;
      try {
        headway = csv.get_int(hw);
      } catch (input_error const&) {
      }
      if (!start || !end_time || headway <= 0 || headway > std::numeric_limits<seconds_t>::max() ||
          *end_time < *start) {
        error("invalid_value", "frequencies.txt", csv.line(),
              !start      ? "start_time"
              : !end_time ? "end_time"
                          : "headway_secs",
              "invalid frequency window or headway, row skipped");
        continue;
      }
      auto const exact_value = csv.field(exact);
      if (exact_value != "" && exact_value != "0" && exact_value != "1") {
        error("invalid_value", "frequencies.txt", csv.line(), "exact_times",
              "exact_times must be empty, 0 or 1, got '" + std::string{exact_value} + "', row skipped");
        continue;
      }
      auto const h = static_cast<seconds_t>(headway);
      f_.frequencies_.push_back({t->second, *start, *end_time, h, exact_value == "1"});
      f_.frequency_trips_ += static_cast<std::size_t>((*end_time - *start + h - 1) / h);
    }
  }

  // transfers.txt, resolved to rules between stops of location_type 0 (see the README, Method:
  // transfers). Types 0, 1 and blank change nothing (street walking transfers apply); 2 sets a
  // minimum change time, 3 forbids the transfer. A station stands for its child stops; a rule
  // naming stops directly wins over one derived from a station, as GTFS orders them.
  void load_transfers() {
    auto const content = open("transfers.txt", false);
    if (!content) {
      return;
    }
    io::csv_reader csv{"transfers.txt", *content};
    auto const from = required(csv, "from_stop_id");
    auto const to = required(csv, "to_stop_id");
    auto const type = required(csv, "transfer_type");
    auto const mt = csv.column("min_transfer_time");
    std::vector<std::optional<std::size_t>> const narrower{csv.column("from_route_id"), csv.column("to_route_id"),
                                                           csv.column("from_trip_id"), csv.column("to_trip_id")};
    vector_map<feed_stop_idx, std::vector<feed_stop_idx>> children(f_.stops_.size());
    for (auto const i : f_.stops_.keys()) {
      if (f_.stops_[i].location_type_ == 0 && f_.stops_[i].parent_.valid()) {
        children[f_.stops_[i].parent_].push_back(i);
      }
    }
    struct rule {
      seconds_t min_time_;
      int specificity_;  // number of sides naming a stop rather than a station
    };
    std::map<std::pair<feed_stop_idx, feed_stop_idx>, rule> rules;
    while (csv.next()) {
      if (std::any_of(begin(narrower), end(narrower), [&](auto const& c) { return !csv.field(c).empty(); })) {
        r_.add(severity::kInfo, "unsupported_transfer", "transfers.txt", csv.line(), "from_route_id",
               "transfers between given routes or trips are not used in routing, row ignored");
        continue;
      }
      auto const t = csv.field(type);
      if (t.empty() || t == "0" || t == "1") {
        continue;  // recommended or timed transfer point: street walking transfers apply unchanged
      }
      if (t == "4" || t == "5") {
        r_.add(severity::kInfo, "unsupported_transfer", "transfers.txt", csv.line(), "transfer_type",
               "in-seat transfers (type " + std::string{t} + ") are not used in routing, row ignored");
        continue;
      }
      if (t != "2" && t != "3") {
        error("invalid_value", "transfers.txt", csv.line(), "transfer_type",
              "expected 0 to 5, got '" + std::string{t} + "', row ignored");
        continue;
      }
      auto secs = min_transfer::kForbidden;
      if (t == "2") {
        if (csv.field(mt).empty()) {
          error("missing_value", "transfers.txt", csv.line(), "min_transfer_time",
                "transfer_type 2 without min_transfer_time, row ignored (street walking transfers apply)");
          continue;
        }
        auto v = -1LL;
        try {
          v = csv.get_int(*mt);
        } catch (input_error const&) {
        }
        if (v < 0 || v > kSecondsPerDay) {
          error("invalid_value", "transfers.txt", csv.line(), "min_transfer_time",
                "expected seconds from 0 to 86400, got '" + std::string{csv.field(mt)} + "', row ignored");
          continue;
        }
        secs = static_cast<seconds_t>(v);
      }
      // The stops a side stands for (itself, or a station's child stops) and whether it names a stop.
      struct side_stops {
        std::vector<feed_stop_idx> stops_;
        int is_stop_;
      };
      auto const side = [&](std::size_t col, char const* field) -> std::optional<side_stops> {
        auto const it = stop_idx_.find(std::string{csv.field(col)});
        if (it == end(stop_idx_)) {
          error("unknown_stop", "transfers.txt", csv.line(), field,
                "unknown stop '" + std::string{csv.field(col)} + "', row ignored");
          return std::nullopt;
        }
        auto const lt = f_.stops_[it->second].location_type_;
        if (lt == 0) {
          return side_stops{{it->second}, 1};
        }
        if (lt == 1) {
          return side_stops{children[it->second], 0};
        }
        error("not_a_stop", "transfers.txt", csv.line(), field,
              "stop '" + std::string{csv.field(col)} + "' has location_type " + std::to_string(lt) +
                  " (a transfer joins stops or stations), row ignored");
        return std::nullopt;
      };
      auto const a = side(from, "from_stop_id");
      auto const b = a ? side(to, "to_stop_id") : std::nullopt;
      if (!a || !b) {
        continue;
      }
      auto const specificity = a->is_stop_ + b->is_stop_;
      for (auto const x : a->stops_) {
        for (auto const y : b->stops_) {
          auto const [it, added] = rules.try_emplace({x, y}, rule{secs, specificity});
          auto& r = it->second;
          if (added || specificity > r.specificity_) {
            r = {secs, specificity};
          } else if (specificity == r.specificity_ && r.min_time_ != min_transfer::kForbidden) {
            // Two rules of one rank: the stricter holds (forbidden, else the longer time).
            r.min_time_ = secs == min_transfer::kForbidden ? secs : std::max(r.min_time_, secs);
          }
        }
      }
    }
    for (auto const& [pair, r] : rules) {
      f_.transfers_.push_back({pair.first, pair.second, r.min_time_});
    }
  }
};

}  // namespace

std::vector<day_t> feed::service_days() const {
  vector_map<feed_service_idx, std::uint8_t> used(services_.size(), 0);
  for (auto const& t : trips_) {
    used[t.service_] = 1;
  }
  std::set<day_t> days;
  for (auto const i : services_.keys()) {
    if (!used[i]) {
      continue;
    }
    auto const& s = services_[i];
    for (auto d = 0U; d != s.active_.size(); ++d) {
      if (s.active_[d]) {
        days.insert(s.first_day_ + static_cast<day_t>(d));
      }
    }
  }
  return {begin(days), end(days)};
}

accessibility_figures accessibility(feed const& f) {
  accessibility_figures a;
  for (auto const& s : f.stops_) {
    if (s.location_type_ == 0) {
      ++a.routable_stops_;
      a.stops_known_ += s.wheelchair_ != 0 ? 1U : 0U;
      a.stops_accessible_ += s.wheelchair_ == 1 ? 1U : 0U;
    } else if (s.location_type_ == 1) {
      ++a.stations_;
    }
  }
  a.trips_ = f.trips_.size();
  for (auto const& t : f.trips_) {
    a.trips_known_ += t.wheelchair_ != 0 ? 1U : 0U;
    a.trips_accessible_ += t.wheelchair_ == 1 ? 1U : 0U;
  }
  // A pathway belongs to the station its ends descend from (boarding areas through their platform).
  auto const station_of = [&](feed_stop_idx i) {
    for (auto depth = 0; depth != 4 && i.valid(); ++depth) {
      if (f.stops_[i].location_type_ == 1) {
        return i;
      }
      i = f.stops_[i].parent_;
    }
    return feed_stop_idx::invalid();
  };
  std::set<feed_stop_idx> stations;
  for (auto const& p : f.pathways_) {
    ++a.pathways_by_mode_[static_cast<std::size_t>(p.mode_)];
    for (auto const e : {p.from_, p.to_}) {
      if (auto const st = station_of(e); st.valid()) {
        stations.insert(st);
      }
    }
  }
  a.stations_with_pathways_ = stations.size();
  return a;
}

feed load(io::feed_source const& src, report& r) {
  loader l{src, r, {}, {}, {}, {}};
  l.f_.source_ = src.path();
  l.load_agency();
  l.load_stops();
  l.load_routes();
  l.load_calendars();
  l.load_trips_and_stop_times();
  l.load_transfers();
  l.load_pathways();
  l.load_fare_tables();
  if (l.f_.trips_.empty()) {
    l.fatal("no_trips", "trips.txt", 0, "", "no usable trip in the feed");
  }
  return std::move(l.f_);
}

feed load(std::filesystem::path const& p, report& r) {
  return load(*io::open_feed(p), r);
}

}  // namespace solimob::gtfs
