#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <utility>
#include <vector>

#include "core/strong.h"
#include "core/time.h"
#include "fares/fare_state.h"
#include "transit/raptor.h"

namespace solimob::transit {

struct day_timetable;

// A journey's end at a stop: when it arrives, what it has paid (and may still use) so far, and
// after how many rides.
struct fare_label {
  seconds_t arrival_;
  fares::fare_state fare_;
  std::uint8_t rides_;

  bool operator==(fare_label const&) const = default;
};

// McRAPTOR (Delling et al. 2012) on arrival time and fare. Per stop a bag of labels none of which
// dominates another: a dominates b when a.arrival <= b.arrival, a.rides <= b.rides and
// pricer::covers(a.fare, b.fare). With the rides a criterion one bag per stop serves every round
// (Delling's bag per round and stop copies each label into every later round); round k boards only
// the labels of k - 1 rides added in round k - 1, as older ones boarded before. The rules are
// raptor's: board a departure strictly after arrival + board slack, staying at a stop adds
// day_timetable::same_stop_extra_, a walking transfer only follows a ride, pickup / drop-off flags,
// at most `max_rides` rides, nothing arriving after `max_arrival`.
//
// Boarding: from a label (t, f) at stop b, each pattern is boarded on the first trip of each of its
// routes leaving b after t + slack (a pattern groups trips by stops; routes may be priced apart).
// The trip carries f; alighting at s gives (arrival at s, pricer.after(f, ride{trip, route, b, s,
// departure at b, arrival at s})). Trips of a pattern boarded at the same stop are pruned by covers.
// When the pricer prices a ride at boarding (pricer::priced_at_boarding: flat fares, allowances
// timed from boarding), the state g after the ride is computed once, and a boarded trip is dropped
// when an earlier or the same trip of the pattern carries a state covering g.
//
// Journeys searched: those boarding as above. Waiting at a stop for a later trip of the same route
// (to start a ticket's validity later, say) is found only as leaving the origin later, by range mode
// over the departure window; R5's McRAPTOR boards the first trip only.
//
// Exactness: for every such journey J reaching s by `max_arrival`, arrivals(s) holds a label l with
// l.arrival <= J's arrival and covers(l.fare, J's fare), hence paid no more (covers with no further
// ride). So the (arrival, paid) Pareto front of arrivals(s) is that of all such journeys
// (tests/transit/fare_raptor_test.cc checks it against an enumeration). This needs covers to be
// sound and after() never to lower paid_cents_ (fares::pricer): under `max_paid`, labels that paid
// more are dropped, and a label that cannot pay pricer::next_ride_min_cents more stops riding.
//
// Range mode, as raptor: run() from the latest departure to the earliest keeps the bags. A label of
// a later departure is a real journey for an earlier one (waiting at the origin; same rides, same
// fare), so it may prune the earlier departure's labels and the fronts stay exact; labels arriving
// after this run's `max_arrival` (a later run's budget) remain: callers drop them.
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
  std::span<fare_label const> arrivals(stop_idx s) const { return ride_[s.v()]; }
  // The labels added to arrivals() during the last run(), some perhaps dominated since.
  std::span<std::pair<stop_idx, fare_label> const> new_arrivals() const { return new_arrivals_; }

 private:
  // A trip of the pattern being scanned, boarded at position pos_ with the fare state fare_ (the
  // state after the ride when the pricer prices at boarding).
  struct route_label {
    std::uint32_t trip_;
    std::uint32_t pos_;
    fares::fare_state fare_;
  };

  bool dominates(fare_label const& a, fare_label const& b) const;
  bool insert(std::vector<fare_label>& bag, fare_label const&);
  void add_ride(stop_idx, fare_label const&);
  void add_walk(stop_idx, fare_label const&);
  void scan_patterns(int round, seconds_t max_arrival, std::int32_t max_paid);
  void relax_footpaths(seconds_t max_arrival);
  void board_same_ride(std::uint32_t trip, std::uint32_t pos, fares::fare_state const&);
  void count_routes();
  // False when the label has ridden max_rides times or cannot afford another ride under max_paid_:
  // it stays an arrival, but walking on or boarding again is useless.
  bool can_ride_again(fare_label const& l) const {
    return l.rides_ < max_rides_ && (max_paid_ == std::numeric_limits<std::int32_t>::max() ||
                                     l.fare_.paid_cents_ + pricer_->next_ride_min_cents(l.fare_) <= max_paid_);
  }

  day_timetable const* tt_;
  fares::pricer const* pricer_;
  bool at_boarding_;  // pricer::priced_at_boarding()
  int max_rides_;
  seconds_t board_slack_;
  std::int32_t max_paid_{std::numeric_limits<std::int32_t>::max()};  // of the current run()
  std::size_t n_stops_;

  std::vector<std::vector<fare_label>> ride_;  // per stop: arrivals by vehicle
  std::vector<std::vector<fare_label>> walk_;  // ... and after a walking transfer or a stay

  // Stops whose walk bag of the last round got labels, and those labels: the next round boards them.
  std::vector<stop_idx> marked_, next_marked_;
  std::vector<std::vector<fare_label>> fresh_, next_fresh_;
  std::vector<std::uint32_t> pattern_from_;  // first position to scan, UINT32_MAX = not queued
  std::vector<pattern_idx> queued_patterns_;
  std::vector<std::uint32_t> n_routes_;  // per pattern: its trips' distinct routes
  std::vector<route_label> route_;
  std::vector<std::pair<stop_idx, fare_label>> new_arrivals_;
  std::size_t rides_from_{0};  // new_arrivals_ from here on are this round's, for walking transfers
};

}  // namespace solimob::transit
