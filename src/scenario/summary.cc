#include "scenario/summary.h"

#include <algorithm>
#include <cstdio>

namespace solimob::scenario {

namespace {

template <class... F>
struct overloaded : F... {
  using F::operator()...;
};

std::string count(std::size_t n, char const* one, char const* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// "2 routes (0:R1, 0:R2)": the first three ids, enough to recognise the selection.
std::string listed(std::vector<std::string> const& ids, char const* one, char const* many) {
  auto s = count(ids.size(), one, many) + " (";
  for (auto i = 0U; i != ids.size() && i != 3; ++i) {
    s += (i == 0 ? "" : ", ") + ids[i];
  }
  return s + (ids.size() > 3 ? ", ...)" : ")");
}

std::string clock(seconds_t s) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%02d:%02d", static_cast<int>(s / 3600), static_cast<int>(s / 60 % 60));
  return buf;
}

std::string selection(trip_selector const& s) {
  std::string out;
  auto const add = [&](std::string const& part) { out += (out.empty() ? "" : ", ") + part; };
  if (!s.routes_.empty()) {
    add(listed(s.routes_, "route", "routes"));
  }
  if (!s.patterns_.empty()) {
    add(listed(s.patterns_, "pattern", "patterns"));
  }
  if (!s.trips_.empty()) {
    add(listed(s.trips_, "trip", "trips"));
  }
  if (out.empty()) {
    out = "no trip selected";
  }
  if (s.start_s_ || s.end_s_) {
    out += " leaving from " + (s.start_s_ ? clock(*s.start_s_) : std::string{"start of day"}) + " to " +
           (s.end_s_ ? clock(*s.end_s_) : std::string{"end of day"});
  }
  return out;
}

std::string stops(std::vector<stop_ref> const& refs) {
  auto const added = std::count_if(begin(refs), end(refs), [](stop_ref const& r) { return r.id_.empty(); });
  return count(refs.size(), "stop", "stops") + " (" + std::to_string(added) + " new)";
}

}  // namespace

char const* type_name(modification const& m) {
  static constexpr char const* kNames[] = {
      "add-trips",          "remove-trips",          "adjust-frequency", "adjust-speed",
      "adjust-dwell-time",  "remove-stops",          "reroute",          "make-accessible",
      "add-on-demand-zone", "remove-on-demand-zone", "modify-streets",   "add-streets"};
  static_assert(std::size(kNames) == std::variant_size_v<modification>);
  return kNames[m.index()];
}

std::string describe(modification const& m) {
  return std::visit(
      overloaded{
          [](add_trips const& a) {
            return stops(a.stops_) + ", " + count(a.frequencies_.size(), "period", "periods") +
                   (a.bidirectional_ ? ", both directions" : ", one direction");
          },
          [](remove_trips const& r) { return selection(r.select_); },
          [](adjust_frequency const& a) {
            return "route " + a.route_ + ", " + count(a.entries_.size(), "frequency entry", "frequency entries") +
                   (a.retain_trips_outside_frequency_entries_ ? ", other trips kept" : ", other trips removed");
          },
          [](adjust_speed const& a) {
            char scale[32];
            std::snprintf(scale, sizeof(scale), "x%.3g", a.scale_);
            return selection(a.select_) + ", " +
                   (a.hops_.empty() ? std::string{"every hop"} : count(a.hops_.size(), "hop", "hops")) + ", speed " +
                   scale + (a.scale_dwells_ ? " (dwells too)" : "");
          },
          [](adjust_dwell_time const& a) {
            char what[48];
            if (a.dwell_s_) {
              std::snprintf(what, sizeof(what), "dwell %d s", static_cast<int>(*a.dwell_s_));
            } else {
              std::snprintf(what, sizeof(what), "dwell x%.3g", a.scale_.value_or(1.0));
            }
            return selection(a.select_) + ", " +
                   (a.stops_.empty() ? std::string{"every stop"} : listed(a.stops_, "stop", "stops")) + ", " + what;
          },
          [](remove_stops const& r) {
            return selection(r.select_) + ", " + listed(r.stops_, "stop", "stops") + " skipped";
          },
          [](reroute const& r) {
            return selection(r.select_) + ", from " + (r.from_stop_.empty() ? std::string{"the start"} : r.from_stop_) +
                   " to " + (r.to_stop_.empty() ? std::string{"the end"} : r.to_stop_) + " through " + stops(r.stops_);
          },
          [](make_accessible const& a) {
            return count(a.stops_.size(), "stop", "stops") + ", " + count(a.routes_.size(), "route", "routes") + ", " +
                   count(a.trips_.size(), "trip", "trips");
          },
          [](add_on_demand_zone const& a) {
            auto const& s = a.service_;
            return "service '" + s.id_ + "' (" +
                   (s.kind_ == ondemand::service_kind::kParatransit ? std::string{"paratransit"}
                                                                    : "on-demand, " + listed(s.hubs_, "hub", "hubs")) +
                   ", " + count(s.hours_.size(), "period", "periods") + ")";
          },
          [](remove_on_demand_zone const& r) { return "service '" + r.service_id_ + "'"; },
          [](modify_streets const& s) {
            std::string what = s.osm_ways_.empty() ? "" : count(s.osm_ways_.size(), "OSM way", "OSM ways");
            if (s.polygon_) {
              what += std::string{what.empty() ? "" : " and "} + "the streets inside a polygon";
            }
            return what.empty() ? std::string{"no street selected"} : what;
          },
          [](add_streets const& s) { return "a new street of " + count(s.geometry_.size(), "point", "points"); },
      },
      m);
}

}  // namespace solimob::scenario
