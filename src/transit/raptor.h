#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/strong.h"
#include "core/time.h"

namespace solimob::transit {

struct day_timetable;

// An access leg: reach `stop_` `duration_` seconds after leaving the origin. `tag_` says how (a
// caller's code, e.g. on-demand access): a tagged raptor carries it along to the arrivals.
struct access_leg {
  stop_idx stop_;
  seconds_t duration_;
  std::uint8_t tag_{0};
  std::int32_t fare_cents_{0};  // an on-demand ride's own fare (fares::pricer::service_fare); 0 on foot
};

// Range RAPTOR (Delling et al. 2012): call run() for departure times from the latest to the
// earliest; labels of a later departure stay valid upper bounds for an earlier one, so each run
// only does the work that the earlier departure changes.
//
// Labels are "earliest arrival with at most k rides": ride_[k] arriving by vehicle, walk_[k] also
// after a walking transfer. Boarding in round k reads walk_[k-1]; transfers start only from a
// vehicle arrival, so two walks never chain. Staying at the stop is the walk of length
// day_timetable::same_stop_extra_ (transfers.txt's minimum change time beyond the board slack).
class raptor {
 public:
  // `tagged`: carry the access legs' tags to the labels (arrival_tag()); off, the labels hold times
  // only and the search does no tag work.
  raptor(day_timetable const&, int max_rides, seconds_t board_slack, bool tagged = false);

  // Forgets every label: call before the first departure time of a new origin.
  void reset();
  // Searches `tt` from now on (another frequency draw of the same stops) and forgets every label;
  // lets one raptor's state serve every draw instead of one state per draw.
  void reset(day_timetable const& tt);

  // One departure time. Arrivals later than `max_arrival` are not recorded.
  void run(seconds_t departure, std::span<access_leg const> access, seconds_t max_arrival);

  // Earliest arrival by vehicle at `s` (any number of rides up to the limit).
  seconds_t arrival(stop_idx s) const { return ride_[label(max_rides_, s)]; }
  // Tag of the access leg of the journey that gives arrival(s) (tagged raptor only).
  std::uint8_t arrival_tag(stop_idx s) const { return ride_tag_[label(max_rides_, s)]; }
  // Stops whose arrival() improved during the last run().
  std::vector<stop_idx> const& improved() const { return improved_; }

 private:
  std::size_t label(int round, stop_idx s) const { return static_cast<std::size_t>(round) * n_stops_ + s.v(); }
  // Tagged: also write the tags; the untagged instances do no tag work at all.
  template <bool Tagged>
  void run_rounds(seconds_t departure, std::span<access_leg const> access, seconds_t max_arrival);
  template <bool Tagged>
  void set_ride(int round, stop_idx, seconds_t, std::uint8_t tag);
  template <bool Tagged>
  bool set_walk(int round, stop_idx, seconds_t, std::uint8_t tag);
  template <bool Tagged>
  void scan_patterns(int round, seconds_t max_arrival);
  template <bool Tagged>
  void relax_footpaths(int round, seconds_t max_arrival);

  day_timetable const* tt_;
  int max_rides_;
  seconds_t board_slack_;
  std::size_t n_stops_;

  std::vector<seconds_t> ride_;  // (max_rides + 1) x n_stops
  std::vector<seconds_t> walk_;
  // Parallel to ride_ and walk_ when tagged, else empty. Written with every label, so never stale.
  std::vector<std::uint8_t> ride_tag_, walk_tag_;
  bool tagged_;

  std::vector<stop_idx> marked_, next_marked_, ride_marked_;
  std::vector<std::uint8_t> is_marked_, is_next_marked_, is_ride_marked_, is_improved_;
  std::vector<std::uint32_t> pattern_from_;  // first position to scan, UINT32_MAX = not queued
  std::vector<pattern_idx> queued_patterns_;
  std::vector<stop_idx> improved_;
};

}  // namespace solimob::transit
