#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/strong.h"
#include "core/time.h"
#include "fares/fare_state.h"

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
//
// Priced (a pricer given): every label also carries the fares::fare_state of its journey, so
// arrival_fare() is the fare of the journey that gives arrival(): the fare of the fastest trip
// found, not the least fare among all fastest trips (fare_raptor gives that). The trip being
// scanned carries the state of the label it was caught from (a later stop's label switches it only
// when it catches an earlier trip, as for times); alighting prices the ride with pricer::after. An
// access leg starts with its on-demand ride's fare (pricer::service_fare). Ties: an arrival equal
// to a label's replaces it when it paid less (lower paid_cents_), so among the journeys the search
// meets with the same arrival the cheapest is kept; times are exactly the unpriced search's. Range
// mode: a label of a later departure is a real journey (waiting at the origin) with its own fare.
class raptor {
 public:
  // `tagged`: carry the access legs' tags to the labels (arrival_tag()); off, the labels hold times
  // only and the search does no tag work. `pricer`: carry fare states (above); null, no fare work.
  raptor(day_timetable const&, int max_rides, seconds_t board_slack, bool tagged = false,
         fares::pricer const* pricer = nullptr);

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
  // What the journey that gives arrival(s) paid so far, in cents (priced raptor only).
  std::int32_t arrival_fare(stop_idx s) const { return ride_fare_[label(max_rides_, s)].paid_cents_; }
  // Stops whose arrival() improved during the last run().
  std::vector<stop_idx> const& improved() const { return improved_; }

 private:
  std::size_t label(int round, stop_idx s) const { return static_cast<std::size_t>(round) * n_stops_ + s.v(); }
  // Tagged: also write the tags; Priced: also the fare states. The other instances do no such work.
  template <bool Tagged, bool Priced>
  void run_rounds(seconds_t departure, std::span<access_leg const> access, seconds_t max_arrival);
  template <bool Tagged, bool Priced>
  void set_ride(int round, stop_idx, seconds_t, std::uint8_t tag, fares::fare_state const&);
  template <bool Tagged, bool Priced>
  bool set_walk(int round, stop_idx, seconds_t, std::uint8_t tag, fares::fare_state const&);
  template <bool Tagged, bool Priced>
  void scan_patterns(int round, seconds_t max_arrival);
  template <bool Tagged, bool Priced>
  void relax_footpaths(int round, seconds_t max_arrival);
  // Priced: (t, f) beats the label (t0, f0) when it arrives earlier, or as early having paid less.
  template <bool Priced>
  static bool better(seconds_t t, fares::fare_state const& f, seconds_t t0, fares::fare_state const& f0) {
    if constexpr (Priced) {
      return t < t0 || (t == t0 && f.paid_cents_ < f0.paid_cents_);
    } else {
      return t < t0;
    }
  }

  day_timetable const* tt_;
  int max_rides_;
  seconds_t board_slack_;
  std::size_t n_stops_;

  std::vector<seconds_t> ride_;  // (max_rides + 1) x n_stops
  std::vector<seconds_t> walk_;
  // Parallel to ride_ and walk_ when tagged, else empty. Written with every label, so never stale.
  std::vector<std::uint8_t> ride_tag_, walk_tag_;
  bool tagged_;
  // Parallel to ride_ and walk_ when priced, else empty.
  std::vector<fares::fare_state> ride_fare_, walk_fare_;
  fares::pricer const* pricer_;
  bool at_boarding_;  // pricer::priced_at_boarding(): a ride is priced once, when boarded

  std::vector<stop_idx> marked_, next_marked_, ride_marked_;
  std::vector<std::uint8_t> is_marked_, is_next_marked_, is_ride_marked_, is_improved_;
  std::vector<std::uint32_t> pattern_from_;  // first position to scan, UINT32_MAX = not queued
  std::vector<pattern_idx> queued_patterns_;
  std::vector<stop_idx> improved_;
};

}  // namespace solimob::transit
