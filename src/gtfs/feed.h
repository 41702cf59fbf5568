#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/geo.h"
#include "core/strong.h"
#include "core/time.h"
#include "gtfs/ids.h"
#include "gtfs/report.h"

namespace solimob::io {
class feed_source;
}

namespace solimob::gtfs {

// One GTFS feed after parsing, validation and time interpolation. String ids are kept only for
// reporting and for multi-feed prefixing.
struct stop {
  std::string id_;
  std::string name_;
  latlng pos_;
  feed_stop_idx parent_;           // the parent station, invalid when none
  std::uint8_t location_type_{0};  // 0 stop or platform (the only routable kind), 1 station, 2-4 others
  // wheelchair_boarding after the spec's inheritance (platforms and entrances with 0 or empty take
  // their parent station's value): 0 unknown, 1 accessible, 2 not accessible.
  std::uint8_t wheelchair_{0};
  level_idx level_;  // invalid when none
};

struct route {
  std::string id_;
  std::string short_name_;
  std::string long_name_;
  std::int32_t type_{3};
};

// Days on which a service runs, as a bit per day from first_day_.
struct service {
  std::string id_;
  day_t first_day_{0};
  std::vector<bool> active_;
  bool runs_on(day_t d) const {
    return d >= first_day_ && d - first_day_ < static_cast<day_t>(active_.size()) && active_[d - first_day_];
  }
};

struct stop_time {
  feed_stop_idx stop_;
  seconds_t arrival_;
  seconds_t departure_;
  bool pickup_{true};    // pickup_type 1 forbids boarding here
  bool drop_off_{true};  // drop_off_type 1 forbids alighting here
};

// A trip with every time filled in. A trip named in frequencies.txt is a template: it never runs at
// its own times, only as the frequency entries below say.
struct trip {
  std::string id_;
  feed_route_idx route_;
  feed_service_idx service_;
  std::uint8_t wheelchair_{0};  // wheelchair_accessible: 0 unknown, 1 accessible, 2 not accessible
  std::vector<stop_time> stop_times_;
};

// A transfers.txt rule between two stops of location_type 0, stations resolved to their child
// stops. Type 2: at least min_time_ seconds between arrival and departure; kForbidden: type 3, no
// transfer. from_ == to_ is the minimum change time at that one stop.
struct min_transfer {
  feed_stop_idx from_;
  feed_stop_idx to_;
  seconds_t min_time_;
  static constexpr seconds_t kForbidden = -1;
};

// A frequencies.txt row: the template trip `trip_` runs every `headway_` seconds from `start_`
// (inclusive, plus a phase when exact_times=0) to `end_` (exclusive), its times shifted as a block.
struct frequency {
  feed_trip_idx trip_;
  seconds_t start_;
  seconds_t end_;
  seconds_t headway_;
  bool exact_times_;
};

// A pathways.txt row between two locations of one station.
struct pathway {
  enum class mode : std::uint8_t {
    kWalkway = 1,
    kStairs = 2,
    kMovingSidewalk = 3,
    kEscalator = 4,
    kElevator = 5,
    kFareGate = 6,
    kExitGate = 7,
  };
  std::string id_;
  feed_stop_idx from_;
  feed_stop_idx to_;
  mode mode_;
  bool bidirectional_;
  double length_m_{-1.0};           // -1: not given
  seconds_t traversal_time_s_{-1};  // -1: not given
  std::int32_t stair_count_{0};
  double max_slope_{0.0};  // ratio, positive uphill from `from_` to `to_`
};

// A levels.txt row.
struct level {
  std::string id_;
  double index_{0.0};
  std::string name_;
};

// A fare file of the feed kept as read (GTFS Fares v1 and v2: fare_attributes.txt, fare_rules.txt,
// fare_products.txt ...): fares::make_pricer parses it and names file, line and field in its errors.
// Ids are the feed's own, unprefixed; `feed_` is the feed's number in the network (its "0:" prefix).
struct fare_table {
  std::uint32_t feed_{0};
  std::string file_;
  std::vector<std::string> header_;
  std::vector<std::uint32_t> line_;  // physical line of each row
  std::vector<std::string> cells_;   // row-major, header_.size() cells per row

  std::size_t n_rows() const { return line_.size(); }
  std::string const& cell(std::size_t row, std::size_t col) const { return cells_[row * header_.size() + col]; }
};

struct feed {
  vector_map<feed_stop_idx, stop> stops_;
  vector_map<feed_route_idx, route> routes_;
  vector_map<feed_service_idx, service> services_;
  vector_map<feed_trip_idx, trip> trips_;
  std::vector<min_transfer> transfers_;  // sorted by (from, to), one rule per pair
  std::vector<frequency> frequencies_;
  std::vector<pathway> pathways_;
  vector_map<level_idx, level> levels_;
  // Fare files present in the feed (none: no fares); with fare_rules.txt or fare_leg_rules.txt,
  // stops.txt's stop_id, zone_id and parent_station as a table "stops.txt"; with fare_leg_rules.txt,
  // routes.txt's route_id and network_id as "routes.txt".
  std::vector<fare_table> fare_tables_;
  std::string timezone_;
  std::string source_;  // the feed's path, to name it in errors
  // Number of stop times whose blank arrival/departure were interpolated.
  std::size_t interpolated_times_{0};
  // Departures described by frequencies.txt, counted from start_time.
  std::size_t frequency_trips_{0};

  // Days (within the calendar) on which at least one trip runs, sorted.
  std::vector<day_t> service_days() const;
};

// How completely a feed describes accessibility (for `solimob gtfs check`).
struct accessibility_figures {
  std::size_t routable_stops_{0};    // location_type 0
  std::size_t stops_known_{0};       // of those, wheelchair_boarding 1 or 2 (after inheritance)
  std::size_t stops_accessible_{0};  // of those, 1
  std::size_t trips_{0};
  std::size_t trips_known_{0};             // wheelchair_accessible 1 or 2
  std::size_t trips_accessible_{0};        // 1
  std::size_t stations_{0};                // location_type 1
  std::size_t stations_with_pathways_{0};  // stations with a pathway between their locations
  std::size_t pathways_by_mode_[8]{};      // index: pathway::mode (0 unused)
};
accessibility_figures accessibility(feed const&);

// Loads and validates a feed. Recoverable defects are recorded in `r` and the row is skipped;
// fatal ones are recorded and then thrown as input_error.
feed load(io::feed_source const&, report& r);
feed load(std::filesystem::path const&, report& r);

}  // namespace solimob::gtfs
