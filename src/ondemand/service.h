#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/geo.h"
#include "core/time.h"

// Transport that the GTFS timetable does not describe: on-demand zones ("transport à la demande")
// that link a zone to hub stops, and door-to-door paratransit for eligible people (PAM-like).
// Read from a JSON service file (docs/on_demand.schema.json, README "On-demand services") or from
// a GTFS-Flex feed; used inside the routing search (analysis/travel_times.cc).
namespace solimob::ondemand {

enum class service_kind : std::uint8_t { kOnDemand, kParatransit };

// When a ride must be booked. The search assumes the booking was made in time (accessibility of a
// planned trip): the rule only says which trips need one (matrix --modes, booking_pNN).
struct booking_rule {
  enum class kind : std::uint8_t { kNone, kMinutesAhead, kDayBefore };
  kind kind_{kind::kNone};
  int minutes_ahead_{0};       // kMinutesAhead
  seconds_t latest_s_{86400};  // kDayBefore: last booking time on the day before
  bool needed() const { return kind_ != kind::kNone; }
};

// [start_s_, end_s_) in seconds after midnight.
struct period {
  seconds_t start_s_{0};
  seconds_t end_s_{0};
};

// A polygon as its rings (outer first, then holes), WGS84; a point is inside when it crosses an
// odd number of rings (GeoJSON rings do not overlap).
using ring = std::vector<latlng>;
using polygon = std::vector<ring>;

struct service {
  std::string id_;
  std::string name_;
  service_kind kind_{service_kind::kOnDemand};
  std::vector<polygon> zone_;  // on-demand zone or paratransit service area (any polygon)
  std::uint8_t days_{0x7F};    // bit 0 = Monday ... bit 6 = Sunday
  std::vector<period> hours_;  // empty: never runs
  booking_rule booking_;
  // Seconds added to every ride before the vehicle leaves: the mean pickup wait of an on-demand
  // zone (R5's pickup delay), the pick-up window of paratransit (the whole window: the traveller is
  // ready at its start and is only sure to be picked up at its end).
  seconds_t wait_s_{0};
  std::vector<std::string> hubs_;  // GTFS stop ids the zone links to (on-demand only)
  double detour_factor_{1.0};      // multiplies the car time
  seconds_t stop_time_s_{0};       // boarding and alighting, once per ride
  // Vehicle speed on the walk streets, used only when the network has no car graph.
  double fallback_speed_kmh_{30.0};
  std::vector<std::string> eligible_;  // profile names; empty = everyone
  int fare_cents_{0};

  bool contains(latlng) const;
  // Runs on `day` at `t` seconds after midnight.
  bool runs(day_t day, seconds_t t) const;
  bool eligible(std::string_view profile) const;
};

// A JSON service file; `file` names it in errors. Throws input_error naming the file, the service
// and the field.
std::vector<service> parse_service_file(std::string_view json, std::string const& file);

// A GTFS-Flex feed folder (locations.geojson, stop_times.txt, trips.txt, calendar.txt,
// booking_rules.txt): one on-demand service per flex trip (README "On-demand services" gives the
// mapping and what is not read).
std::vector<service> read_gtfs_flex(std::filesystem::path const& folder);

// `--on-demand FILE`: a folder is a GTFS-Flex feed, anything else a JSON service file.
std::vector<service> read_services(std::filesystem::path const&);

}  // namespace solimob::ondemand
