#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "core/strong.h"
#include "core/time.h"
#include "fares/fare_state.h"
#include "transit/raptor.h"

namespace solimob::transit {

struct day_timetable;

// A journey's end at a stop: when it arrives and what it has paid (and may still use) so far.
struct fare_label {
  seconds_t arrival_;
  fares::fare_state fare_;
};

// McRAPTOR (Delling et al. 2012) on two criteria, arrival time and fare: per round k and stop, a
// bag of labels none of which dominates another, where a dominates b when a.arrival <= b.arrival
// and pricer::covers(a.fare, b.fare). Round k holds journeys of at most k rides (a label of fewer
// rides is also one of more, as raptor's labels), so a label is pruned only by journeys with no
// more rides. The rules are raptor's: board a departure strictly after arrival + board slack,
// staying at a stop adds day_timetable::same_stop_extra_, a walking transfer only follows a ride,
// pickup / drop-off flags, at most `max_rides` rides, nothing arriving after `max_arrival`.
//
// From a label (t, f) at stop b, each pattern is boarded on the first trip of each of its routes
// that leaves b after t + slack (a pattern groups trips by stops, and routes may be priced apart);
// the trip carries f, and alighting at stop s gives the label (arrival at s, pricer.after(f,
// ride{trip, route, b, s, departure at b, arrival at s})). Labels riding the same trip from the same
// stop are pruned by covers as well; no other pruning is done on the trip, since a ride's price may
// depend on its boarding stop and time. Waiting at a stop for a later trip of the same route (to
// start a ticket's validity later, say) is searched only as leaving the origin later, by range mode
// over the departure window (R5's McRAPTOR boards the first trip only).
//
// Exactness: for every such journey J of at most max_rides rides reaching s by `max_arrival`, arrivals(s)
// holds a label l with l.arrival <= J's arrival and covers(l.fare, J's fare), hence paid no more
// (covers with no further ride). So the (arrival, paid) Pareto front of arrivals(s) is exactly
// that of all journeys: tests/transit/fare_raptor_test.cc checks it against an enumeration.
// This holds when covers is sound (see fares::pricer) and when after() never lowers paid_cents_,
// which `max_paid` relies on: labels that paid more are dropped, none of their continuations could
// pay less.
//
// Range mode, as raptor: run() from the latest departure to the earliest keeps the bags. A label of
// a later departure is a real journey for an earlier one (wait at the origin; its rides and fare are
// unchanged), so it may prune the earlier departure's labels and the fronts stay exact, except that
// labels arriving after this run's `max_arrival` (from a later run's budget) remain: callers drop them.
class fare_raptor {
 public:
  fare_raptor(day_timetable const&, fares::pricer const&, int max_rides, seconds_t board_slack);

  // Forgets every label: call before the first departure time of a new origin.
  void reset();
  // Searches `tt` from now on (another frequency draw) and forgets every label.
  void reset(day_timetable const& tt);

  // One departure time. Labels arriving after `max_arrival` or having paid more than `max_paid`
  // cents are not recorded.
  void run(seconds_t departure, std::span<access_leg const> access, seconds_t max_arrival,
           std::int32_t max_paid = std::numeric_limits<std::int32_t>::max());

  // Vehicle arrivals at `s` with any number of rides up to the limit: no label dominates another.
  std::span<fare_label const> arrivals(stop_idx s) const { return ride_[label(max_rides_, s)]; }
  // Stops whose arrivals() got a new label during the last run().
  std::vector<stop_idx> const& improved() const { return improved_; }

 private:
  // A trip of the pattern being scanned, boarded at position pos_ with the fare state fare_.
  struct route_label {
    std::uint32_t trip_;
    std::uint32_t pos_;
    fares::fare_state fare_;
  };

  std::size_t label(int round, stop_idx s) const { return static_cast<std::size_t>(round) * n_stops_ + s.v(); }
  bool dominates(fare_label const& a, fare_label const& b) const;
  bool insert(std::vector<fare_label>& bag, fare_label const&);
  void add_ride(int round, stop_idx, fare_label const&);
  void add_walk(int round, stop_idx, fare_label const&);
  void scan_patterns(int round, seconds_t max_arrival, std::int32_t max_paid);
  void relax_footpaths(int round, seconds_t max_arrival);
  void board(std::uint32_t trip, std::uint32_t pos, fares::fare_state const&);
  void count_routes();

  day_timetable const* tt_;
  fares::pricer const* pricer_;
  int max_rides_;
  seconds_t board_slack_;
  std::size_t n_stops_;

  std::vector<std::vector<fare_label>> ride_;  // (max_rides + 1) x n_stops bags
  std::vector<std::vector<fare_label>> walk_;

  std::vector<stop_idx> marked_, next_marked_;
  std::vector<std::uint8_t> is_marked_, is_next_marked_, is_improved_;
  std::vector<std::pair<stop_idx, fare_label>> new_rides_;  // this round's, for walking transfers
  std::vector<std::uint32_t> pattern_from_;                 // first position to scan, UINT32_MAX = not queued
  std::vector<pattern_idx> queued_patterns_;
  std::vector<std::uint32_t> n_routes_;  // per pattern: its trips' distinct routes
  std::vector<route_label> route_;
  std::vector<stop_idx> improved_;
};

}  // namespace solimob::transit
