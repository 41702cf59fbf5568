#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/geo.h"
#include "core/nested.h"
#include "core/strong.h"
#include "core/time.h"
#include "gtfs/ids.h"

namespace solimob::gtfs {
struct feed;
}

namespace solimob::transit {

// All trips of all feeds, for every service day: the part of the network that is saved.
// Trips are stored as flat columns; string ids only serve reporting.
struct timetable {
  // Appends a feed; its ids are prefixed with `prefix` ("0:", "1:" ...) so feeds never clash.
  // Only stops of location_type 0 are added: stations, entrances and nodes are never routed through.
  // Returns the timetable stop of every feed stop (invalid for stations, entrances and nodes).
  vector_map<gtfs::feed_stop_idx, stop_idx> add_feed(gtfs::feed const&, std::string const& prefix);
  // Groups all trips into stop sequences (below); add_feed calls it, a timetable filled by hand must.
  void group_sequences();

  std::size_t n_stops() const { return stop_pos_.size(); }
  std::size_t n_trips() const { return trip_route_.size(); }
  bool runs_on(service_idx, day_t) const;
  std::size_t trip_size(trip_idx t) const { return trip_stops_[t].size(); }
  std::string trip_label(trip_idx t) const {
    return trip_id_.size() == n_trips() ? trip_id_[t] : "#" + std::to_string(t.v());
  }

  vector_map<stop_idx, latlng> stop_pos_;
  vector_map<stop_idx, std::string> stop_id_;
  vector_map<stop_idx, std::string> stop_name_;
  // GTFS wheelchair_boarding after inheritance from the parent station: 0 unknown, 1 yes, 2 no.
  vector_map<stop_idx, std::uint8_t> stop_wheelchair_;

  vector_map<route_idx, std::string> route_id_;
  vector_map<route_idx, std::string> route_name_;
  vector_map<route_idx, std::int32_t> route_type_;

  vector_map<service_idx, day_t> service_first_day_;
  nested<service_idx, std::uint8_t> service_days_;  // [i] = 1: runs on first_day + i

  vector_map<trip_idx, route_idx> trip_route_;
  vector_map<trip_idx, service_idx> trip_service_;
  vector_map<trip_idx, std::uint8_t> trip_wheelchair_;  // wheelchair_accessible: 0 unknown, 1 yes, 2 no
  nested<trip_idx, stop_idx> trip_stops_;
  // Scoped GTFS trip_id ("0:T1"): scenarios select trips by it. Empty in a timetable filled by hand
  // (trip_label() then names a trip by its index).
  vector_map<trip_idx, std::string> trip_id_;
  // Parallel to trip_stops_.data_: one entry per stop time.
  std::vector<seconds_t> trip_arrival_;
  std::vector<seconds_t> trip_departure_;
  std::vector<std::uint8_t> trip_stop_flags_;  // kNoPickup | kNoDropOff

  static constexpr std::uint8_t kNoPickup = 1;
  static constexpr std::uint8_t kNoDropOff = 2;

  // Stop sequences: the trips with the same stops and the same pickup / drop-off rules, in the
  // order of (stops, flags) compared lexicographically. They do not depend on the day, so they are
  // built with the network; make_day_timetable picks each day's running trips from them and splits
  // them into patterns where trips overtake each other.
  nested<sequence_idx, stop_idx> sequence_stops_;
  std::vector<std::uint8_t> sequence_flags_;       // parallel to sequence_stops_.data_
  nested<sequence_idx, trip_idx> sequence_trips_;  // ascending, frequency templates included

  // transfers.txt rules (gtfs::min_transfer): min_time_ seconds between arrival and departure,
  // kForbidden for no transfer; from_ == to_ is the minimum change time at that stop.
  struct min_transfer {
    stop_idx from_, to_;
    seconds_t min_time_;
    static constexpr seconds_t kForbidden = -1;
  };
  std::vector<min_transfer> min_transfers_;

  // frequencies.txt entries. Their template trips are never run at their own times: see
  // make_day_timetable. The seed identifies the entry by (feed prefix, trip id, start_time) only,
  // so that its drawn phases do not depend on any other entry or on the order of the file.
  struct frequency_entry {
    std::uint64_t seed_;
    trip_idx trip_;
    seconds_t start_, end_, headway_;
    std::uint32_t exact_times_;  // 1: departures exactly from start_; 0: from start_ + a drawn phase
    std::uint32_t unused_{0};    // explicit padding, so that the saved bytes are all defined
  };
  static_assert(sizeof(frequency_entry) == 32, "saved as raw bytes: no padding");
  std::vector<frequency_entry> frequencies_;
};

// The seed of a frequency entry: a hash of the scoped trip id ("0:T1") and the entry's start_time.
std::uint64_t frequency_seed(std::string_view scoped_trip_id, seconds_t start);

}  // namespace solimob::transit
