#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/geo.h"
#include "core/time.h"
#include "network/network.h"
#include "ondemand/service.h"

// Scenarios: modifications of a built network (docs/scenario.schema.json, README "Scenarios"),
// checked against it before any computation and applied to a copy of it without rebuilding it.
// Type and field names follow Conveyal's / R5's (com.conveyal.r5.analyst.scenario), in snake_case.
namespace solimob::scenario {

// Days of a frequency entry or of new trips: bit 0 = Monday ... bit 6 = Sunday.
using day_mask = std::uint8_t;
constexpr day_mask kAllDays = 0x7F;

// A stop of a new line or of a reroute: an existing stop (its scoped GTFS id, "0:S12") or a new stop
// at lon/lat, linked to the streets when the scenario is applied.
struct stop_ref {
  std::string id_;             // existing stop; empty for a new stop
  std::optional<latlng> pos_;  // new stop
  std::string name_;           // new stop's name (defaults to the modification's name and its rank)
};

// One period of service: trips every headway_s_ from start_s_ while < end_s_ (Conveyal's
// frequency entry), or, when first_departures_ is not empty, exactly those departures.
struct frequency_entry {
  seconds_t start_s_{0}, end_s_{0};
  seconds_t headway_s_{0};
  std::vector<seconds_t> first_departures_;
  day_mask days_{kAllDays};
};

// Conveyal's AddTrips: a new route over `stops_`, times from hop_times_s_ (one per hop) or from
// speed_kmh_ on the straight line, dwell_times_s_ (one per stop) or dwell_time_s_ at every stop.
struct add_trips {
  std::string route_name_;
  std::int32_t route_type_{3};  // GTFS route_type (0 tram, 1 metro, 2 rail, 3 bus...)
  std::vector<stop_ref> stops_;
  std::vector<seconds_t> hop_times_s_;
  std::optional<double> speed_kmh_;
  std::vector<seconds_t> dwell_times_s_;
  seconds_t dwell_time_s_{0};
  std::vector<frequency_entry> frequencies_;
  bool bidirectional_{false};
  bool wheelchair_accessible_{true};
};

// Trips selected by route, pattern (a trip id whose stop sequence is the pattern) or trip, and
// optionally only those leaving their first stop in [start_s_, end_s_).
struct trip_selector {
  std::vector<std::string> routes_, patterns_, trips_;
  std::optional<seconds_t> start_s_, end_s_;
};

struct remove_trips {
  trip_selector select_;
};

// Conveyal's AdjustFrequency: the route's trips replaced by frequency entries (each built from a
// source trip of the route, its times as template); trips outside every entry kept or dropped.
struct adjust_frequency {
  std::string route_;
  struct entry {
    std::string source_trip_;
    frequency_entry times_;
  };
  std::vector<entry> entries_;
  bool retain_trips_outside_frequency_entries_{false};
};

// Conveyal's AdjustSpeed: hop times divided by `scale_` (2 = twice as fast), on every hop of the
// selected trips or only on `hops_` (pairs of consecutive stop ids); dwell times too if scale_dwells_.
struct adjust_speed {
  trip_selector select_;
  std::vector<std::pair<std::string, std::string>> hops_;
  double scale_{1.0};
  bool scale_dwells_{false};
};

// Conveyal's AdjustDwellTime: at `stops_` (every stop when empty) of the selected trips, dwell set to
// dwell_s_ or multiplied by scale_.
struct adjust_dwell_time {
  trip_selector select_;
  std::vector<std::string> stops_;
  std::optional<seconds_t> dwell_s_;
  std::optional<double> scale_;
};

// Conveyal's RemoveStops: the selected trips skip `stops_`, saving seconds_saved_at_each_stop_.
struct remove_stops {
  trip_selector select_;
  std::vector<std::string> stops_;
  seconds_t seconds_saved_at_each_stop_{0};
};

// Conveyal's Reroute: between from_stop_ and to_stop_ (either may be empty: the route's start or
// end) the selected trips run through `stops_` instead, with hop_times_s_ / dwell_times_s_. As in
// R5, the file's dwell_times also give the dwells at from_stop and to_stop (first and last), which
// replace the trips' own there.
struct reroute {
  trip_selector select_;
  std::string from_stop_, to_stop_;
  std::vector<stop_ref> stops_;
  std::vector<seconds_t> hop_times_s_;
  std::vector<seconds_t> dwell_times_s_;  // one per new stop
  std::optional<seconds_t> from_stop_dwell_s_, to_stop_dwell_s_;
};

// Stops become step-free (wheelchair_boarding = 1, their stations' entrances and pathways open to
// wheelchairs); the selected trips become wheelchair accessible.
struct make_accessible {
  std::vector<std::string> stops_;
  std::vector<std::string> routes_, trips_;
};

struct add_on_demand_zone {
  ondemand::service service_;
};

struct remove_on_demand_zone {
  std::string service_id_;
};

// Modes a street may carry.
enum class street_mode : std::uint8_t { kWalk = 1, kBike = 2, kCar = 4 };
using mode_mask = std::uint8_t;

// What a street project changes on the selected ways (or a new street is): each field absent = as it is.
struct street_change {
  std::optional<mode_mask> allowed_modes_;
  std::optional<double> car_speed_kmh_;
  std::optional<double> walk_time_factor_, bike_time_factor_;
  std::optional<std::uint8_t> lts_;  // 1..4
  std::optional<street::wheelchair_tag> wheelchair_;
  std::optional<street::surface_class> surface_;
  bool steps_to_ramp_{false};  // steps get a ramp (edge_attr::kRamp)
  bool lower_kerbs_{false};    // kerb nodes on the ways become lowered
};

// Ways selected by OSM id and/or by a polygon (edges with both ends inside it).
struct modify_streets {
  std::vector<std::int64_t> osm_ways_;
  std::optional<ondemand::polygon> polygon_;
  street_change change_;
};

// A new street (a footbridge, a path) along `geometry_`, linked at both ends to the nearest street.
struct add_streets {
  std::vector<latlng> geometry_;
  street_change change_;  // allowed_modes_ defaults to walk + bike
};

using modification =
    std::variant<add_trips, remove_trips, adjust_frequency, adjust_speed, adjust_dwell_time, remove_stops, reroute,
                 make_accessible, add_on_demand_zone, remove_on_demand_zone, modify_streets, add_streets>;

struct named_modification {
  std::size_t index_{0};  // in the file's "modifications" array
  std::string name_;      // defaults to "<type> <index>"
  modification change_;
  // "modification 3 (Ligne 15 Est)": how errors name it.
  std::string label() const;
};

struct scenario {
  std::string name_;  // defaults to the file's stem
  std::string description_;
  std::vector<named_modification> modifications_;
  std::uint64_t fingerprint_{0};  // of the file's text: mixed into the applied network's
};

// Reads a scenario file; every field is checked for its type and range. Throws input_error naming
// the file, the modification (index and name) and the field.
scenario read(std::filesystem::path const&);
scenario parse(std::string_view json, std::string const& file);

// Every reference (stop, route, pattern, trip, way, on-demand service) checked against the network
// and the on-demand services; throws input_error naming the file, the modification and the field.
void check(scenario const&, network::network const&, std::vector<ondemand::service> const&, std::string const& file);

// A scenario applied: the modified network (its fingerprint mixes the scenario's) and services.
struct applied {
  network::network network_;
  std::vector<ondemand::service> services_;
};

// check, then apply to a copy of `base`: the street modifications first (new stops then link to new
// streets), then the transit ones, then the on-demand ones, each family in file order.
applied apply(network::network const& base, std::vector<ondemand::service> const& services, scenario const&,
              std::string const& file);

}  // namespace solimob::scenario
