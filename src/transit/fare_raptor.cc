#include "transit/fare_raptor.h"

#include <algorithm>

#include "transit/day_timetable.h"
#include "transit/timetable.h"

namespace solimob::transit {

namespace {
constexpr std::uint32_t kNotQueued = UINT32_MAX;
}

fare_raptor::fare_raptor(day_timetable const& tt, fares::pricer const& pricer, int max_rides, seconds_t board_slack)
    : tt_{&tt},
      pricer_{&pricer},
      at_boarding_{pricer.priced_at_boarding()},
      max_rides_{max_rides},
      board_slack_{board_slack},
      n_stops_{tt.n_stops()},
      ride_(n_stops_),
      walk_(n_stops_),
      fresh_(n_stops_),
      next_fresh_(n_stops_),
      pattern_from_(tt.n_patterns(), kNotQueued) {
  count_routes();
}

void fare_raptor::count_routes() {
  n_routes_.clear();
  std::vector<route_idx> r;
  for (auto const p : key_range<pattern_idx>{static_cast<std::uint32_t>(tt_->n_patterns())}) {
    r.assign(begin(tt_->pattern_routes_[p]), end(tt_->pattern_routes_[p]));
    std::sort(begin(r), end(r));
    n_routes_.push_back(static_cast<std::uint32_t>(std::unique(begin(r), end(r)) - begin(r)));
  }
}

void fare_raptor::reset() {
  // clear() keeps each bag's capacity for the next origin.
  for (auto& b : ride_) {
    b.clear();
  }
  for (auto& b : walk_) {
    b.clear();
  }
}

void fare_raptor::reset(day_timetable const& tt) {
  if (tt_ != &tt) {
    tt_ = &tt;
    pattern_from_.assign(tt.n_patterns(), kNotQueued);
    count_routes();
  }
  reset();
}

// covers(a, b) implies a.paid <= b.paid (no further ride), tested first as it is cheaper.
bool fare_raptor::dominates(fare_label const& a, fare_label const& b) const {
  return a.arrival_ <= b.arrival_ && a.rides_ <= b.rides_ && a.fare_.paid_cents_ <= b.fare_.paid_cents_ &&
         pricer_->covers(a.fare_, b.fare_);
}

// Adds `l` to `bag` unless a label there dominates it, and removes the labels it dominates.
bool fare_raptor::insert(std::vector<fare_label>& bag, fare_label const& l) {
  for (auto const& x : bag) {
    if (dominates(x, l)) {
      return false;
    }
  }
  std::erase_if(bag, [&](fare_label const& x) { return dominates(l, x); });
  bag.push_back(l);
  return true;
}

void fare_raptor::add_ride(stop_idx s, fare_label const& l) {
  if (!insert(ride_[s.v()], l)) {
    return;
  }
  new_arrivals_.emplace_back(s, l);
  if (!can_ride_again(l)) {
    return;
  }
  if (auto const extra = tt_->same_stop_extra_[s.v()]; extra != kUnreachable) {
    add_walk(s, {l.arrival_ + extra, l.fare_, l.rides_});
  }
}

void fare_raptor::add_walk(stop_idx s, fare_label const& l) {
  if (!insert(walk_[s.v()], l)) {
    return;
  }
  if (next_fresh_[s.v()].empty()) {
    next_marked_.push_back(s);
  }
  next_fresh_[s.v()].push_back(l);
}

void fare_raptor::run(seconds_t departure, std::span<access_leg const> access, seconds_t max_arrival,
                      std::int32_t max_paid) {
  new_arrivals_.clear();
  rides_from_ = 0;
  max_paid_ = max_paid;
  for (auto const& a : access) {
    // An on-demand access ride starts the journey with its own fare paid.
    fares::fare_state start;
    start.paid_cents_ = a.fare_cents_ == 0 ? 0 : pricer_->service_fare(a.fare_cents_);
    if (departure + a.duration_ <= max_arrival && start.paid_cents_ <= max_paid) {
      add_walk(a.stop_, {departure + a.duration_, start, 0});
    }
  }
  for (auto round = 1; round <= max_rides_ && !next_marked_.empty(); ++round) {
    std::swap(marked_, next_marked_);
    std::swap(fresh_, next_fresh_);
    scan_patterns(round, max_arrival, max_paid);
    relax_footpaths(max_arrival);

    for (auto const s : marked_) {
      fresh_[s.v()].clear();
    }
    marked_.clear();
  }
  for (auto const s : next_marked_) {
    next_fresh_[s.v()].clear();
  }
  next_marked_.clear();
}

void fare_raptor::scan_patterns(int round, seconds_t max_arrival, std::int32_t max_paid) {
  for (auto const s : marked_) {
    for (auto const [pattern, pos] : tt_->stop_patterns_[s]) {
      auto const p = pattern.v();
      if (pattern_from_[p] == kNotQueued) {
        queued_patterns_.push_back(pattern_idx{p});
        pattern_from_[p] = pos;
      } else {
        pattern_from_[p] = std::min(pattern_from_[p], pos);
      }
    }
  }
  for (auto const p : queued_patterns_) {
    auto const stops = tt_->pattern_stops_[p];
    auto const n = static_cast<std::uint32_t>(stops.size());
    auto const n_trips = tt_->pattern_n_trips_[p];
    auto const* arr = tt_->arrival_[p].data();
    auto const* dep = tt_->departure_[p].data();
    auto const* flags = tt_->pattern_flags_.data() + tt_->pattern_stops_.begin_at(p);
    auto const trips = tt_->pattern_trips_[p];
    auto const routes = tt_->pattern_routes_[p];
    route_.clear();
    for (auto pos = pattern_from_[p.v()]; pos != n; ++pos) {
      auto const s = stops[pos];
      if (!route_.empty() && (flags[pos] & timetable::kNoDropOff) == 0) {
        // Times along a trip never decrease: a trip past max_arrival here stays past it.
        std::erase_if(route_, [&](route_label const& r) { return arr[r.trip_ * n + pos] > max_arrival; });
        for (auto const& r : route_) {
          auto const a = arr[r.trip_ * n + pos];
          auto const f =
              at_boarding_
                  ? r.fare_
                  : pricer_->tighten(pricer_->after(r.fare_, fares::ride{trips[r.trip_], routes[r.trip_], stops[r.pos_],
                                                                         s, dep[r.trip_ * n + r.pos_], a}),
                                     max_arrival);
          if (f.paid_cents_ <= max_paid) {
            add_ride(s, {a, f, static_cast<std::uint8_t>(round)});
          }
        }
      }
      if (pos + 1 == n || (flags[pos] & timetable::kNoPickup) != 0) {
        continue;
      }
      // Only the labels added in the last round: older ones boarded in an earlier round or run, and
      // what they reached then is in this round's bags already (labels of fewer rides count here).
      for (auto const& w : fresh_[s.v()]) {
        // As raptor: the first departure strictly after arrival + slack; trips never overtake.
        auto const ready = w.arrival_ + board_slack_;
        auto lo = 0U, hi = n_trips;
        while (lo < hi) {
          auto const mid = (lo + hi) / 2;
          if (dep[mid * n + pos] <= ready) {
            lo = mid + 1;
          } else {
            hi = mid;
          }
        }
        // The first catchable trip of each route of the pattern: their rides may be priced apart.
        auto seen = 0U;
        for (auto trip = lo; trip != n_trips && seen != n_routes_[p.v()] && dep[trip * n + pos] <= max_arrival;
             ++trip) {
          auto const before = routes.subspan(lo, trip - lo);
          if (std::find(begin(before), end(before), routes[trip]) != end(before)) {
            continue;
          }
          ++seen;
          if (!at_boarding_) {
            board_same_ride(trip, pos, w.fare_);
            continue;
          }
          // Priced now: the trip's label is (its arrivals, g) at every later stop, so an earlier trip
          // with a covering state dominates it, wherever either was boarded.
          auto const d = dep[trip * n + pos];
          auto const g = pricer_->tighten(pricer_->after(w.fare_, fares::ride{trips[trip], routes[trip], s, s, d, d}),
                                          max_arrival);
          if (g.paid_cents_ > max_paid || std::any_of(begin(route_), end(route_), [&](route_label const& r) {
                return r.trip_ <= trip && pricer_->covers(r.fare_, g);
              })) {
            continue;
          }
          std::erase_if(route_, [&](route_label const& r) { return trip <= r.trip_ && pricer_->covers(g, r.fare_); });
          route_.push_back({trip, pos, g});
        }
      }
    }
    pattern_from_[p.v()] = kNotQueued;
  }
  queued_patterns_.clear();
}

// The same ride from a covering state is never dearer: keep one of the two.
void fare_raptor::board_same_ride(std::uint32_t trip, std::uint32_t pos, fares::fare_state const& f) {
  auto const same_ride = [&](route_label const& r) { return r.trip_ == trip && r.pos_ == pos; };
  if (std::any_of(begin(route_), end(route_),
                  [&](route_label const& r) { return same_ride(r) && pricer_->covers(r.fare_, f); })) {
    return;
  }
  std::erase_if(route_, [&](route_label const& r) { return same_ride(r) && pricer_->covers(f, r.fare_); });
  route_.push_back({trip, pos, f});
}

void fare_raptor::relax_footpaths(seconds_t max_arrival) {
  // The labels rides added this round and still in their bag: the walks of one dominated since are
  // dominated by those of the label that dominates it (relaxed in this round or before).
  for (auto i = rides_from_; i != new_arrivals_.size(); ++i) {
    auto const [s, l] = new_arrivals_[i];
    if (!can_ride_again(l) || std::find(begin(ride_[s.v()]), end(ride_[s.v()]), l) == end(ride_[s.v()])) {
      continue;
    }
    for (auto const& f : tt_->footpaths_[s]) {
      if (l.arrival_ + f.duration_ <= max_arrival) {
        add_walk(f.to_, {l.arrival_ + f.duration_, l.fare_, l.rides_});
      }
    }
  }
  rides_from_ = new_arrivals_.size();
}

}  // namespace solimob::transit
