#include "transit/raptor.h"

#include <algorithm>

#include "transit/day_timetable.h"
#include "transit/timetable.h"

namespace solimob::transit {

namespace {
constexpr std::uint32_t kNotQueued = UINT32_MAX;
constexpr fares::fare_state kNoFare{};  // what the unpriced instances pass, never read
}  // namespace

raptor::raptor(day_timetable const& tt, int max_rides, seconds_t board_slack, bool tagged, fares::pricer const* pricer)
    : tt_{&tt},
      max_rides_{max_rides},
      board_slack_{board_slack},
      n_stops_{tt.n_stops()},
      ride_((static_cast<std::size_t>(max_rides) + 1) * n_stops_, kUnreachable),
      walk_(ride_.size(), kUnreachable),
      ride_tag_(tagged ? ride_.size() : 0, 0),
      walk_tag_(tagged ? ride_.size() : 0, 0),
      tagged_{tagged},
      ride_fare_(pricer != nullptr ? ride_.size() : 0),
      walk_fare_(pricer != nullptr ? ride_.size() : 0),
      pricer_{pricer},
      at_boarding_{pricer != nullptr && pricer->priced_at_boarding()},
      is_marked_(n_stops_, 0),
      is_next_marked_(n_stops_, 0),
      is_ride_marked_(n_stops_, 0),
      is_improved_(n_stops_, 0),
      pattern_from_(tt.n_patterns(), kNotQueued) {}

void raptor::reset() {
  std::fill(begin(ride_), end(ride_), kUnreachable);
  std::fill(begin(walk_), end(walk_), kUnreachable);
  std::fill(begin(ride_fare_), end(ride_fare_), fares::fare_state{});
  std::fill(begin(walk_fare_), end(walk_fare_), fares::fare_state{});
}

void raptor::reset(day_timetable const& tt) {
  if (tt_ != &tt) {  // every entry is back to kNotQueued after a run: only a new timetable needs it
    tt_ = &tt;
    pattern_from_.assign(tt.n_patterns(), kNotQueued);
  }
  reset();
}

// A vehicle arrival in `round` is also an arrival with more rides allowed, and a walk-label.
// Priced, labels are non-increasing in k by (arrival, paid) and a tie of arrivals goes to the
// lower paid_cents_.
template <bool Tagged, bool Priced>
void raptor::set_ride(int round, stop_idx s, seconds_t t, std::uint8_t tag, fares::fare_state const& fare) {
  for (auto k = round; k <= max_rides_; ++k) {
    auto const l = label(k, s);
    if constexpr (Priced) {
      if (!better<true>(t, fare, ride_[l], ride_fare_[l])) {
        break;
      }
      ride_fare_[l] = fare;
    } else if (t >= ride_[l]) {
      break;  // labels are non-increasing in k, so the higher rounds are at least as good already
    }
    ride_[l] = t;
    if constexpr (Tagged) {
      ride_tag_[l] = tag;
    }
  }
  if (ride_[label(max_rides_, s)] == t && !is_improved_[s.v()]) {
    is_improved_[s.v()] = 1;
    improved_.push_back(s);
  }
  if (!is_ride_marked_[s.v()]) {
    is_ride_marked_[s.v()] = 1;
    ride_marked_.push_back(s);
  }
  // Staying at the stop to board another vehicle: transfers.txt may ask for a longer change there.
  if (auto const extra = tt_->same_stop_extra_[s.v()]; extra != kUnreachable) {
    set_walk<Tagged, Priced>(round, s, t + extra, tag, fare);
  }
}

template <bool Tagged, bool Priced>
bool raptor::set_walk(int round, stop_idx s, seconds_t t, std::uint8_t tag, fares::fare_state const& fare) {
  if constexpr (Priced) {
    if (!better<true>(t, fare, walk_[label(round, s)], walk_fare_[label(round, s)])) {
      return false;
    }
  } else if (t >= walk_[label(round, s)]) {
    return false;
  }
  for (auto k = round; k <= max_rides_; ++k) {
    auto& w = walk_[label(k, s)];
    if constexpr (Priced) {
      if (!better<true>(t, fare, w, walk_fare_[label(k, s)])) {
        break;
      }
      walk_fare_[label(k, s)] = fare;
    } else if (t >= w) {
      break;
    }
    w = t;
    if constexpr (Tagged) {
      walk_tag_[label(k, s)] = tag;
    }
  }
  if (!is_next_marked_[s.v()]) {
    is_next_marked_[s.v()] = 1;
    next_marked_.push_back(s);
  }
  return true;
}

void raptor::run(seconds_t departure, std::span<access_leg const> access, seconds_t max_arrival) {
  if (pricer_ != nullptr) {
    if (tagged_) {
      run_rounds<true, true>(departure, access, max_arrival);
    } else {
      run_rounds<false, true>(departure, access, max_arrival);
    }
  } else if (tagged_) {
    run_rounds<true, false>(departure, access, max_arrival);
  } else {
    run_rounds<false, false>(departure, access, max_arrival);
  }
}

template <bool Tagged, bool Priced>
void raptor::run_rounds(seconds_t departure, std::span<access_leg const> access, seconds_t max_arrival) {
  for (auto const s : improved_) {
    is_improved_[s.v()] = 0;
  }
  improved_.clear();
  for (auto const& a : access) {
    if (departure + a.duration_ <= max_arrival) {
      if constexpr (Priced) {
        // An on-demand access ride starts the journey with its own fare paid.
        fares::fare_state start;
        start.paid_cents_ = a.fare_cents_ == 0 ? 0 : pricer_->service_fare(a.fare_cents_);
        set_walk<Tagged, true>(0, a.stop_, departure + a.duration_, a.tag_, start);
      } else {
        set_walk<Tagged, false>(0, a.stop_, departure + a.duration_, a.tag_, kNoFare);
      }
    }
  }
  for (auto round = 1; round <= max_rides_ && !next_marked_.empty(); ++round) {
    std::swap(marked_, next_marked_);
    std::swap(is_marked_, is_next_marked_);
    for (auto const s : next_marked_) {
      is_next_marked_[s.v()] = 0;
    }
    next_marked_.clear();
    scan_patterns<Tagged, Priced>(round, max_arrival);
    relax_footpaths<Tagged, Priced>(round, max_arrival);
    for (auto const s : marked_) {
      is_marked_[s.v()] = 0;
    }
    marked_.clear();
  }
  for (auto const s : next_marked_) {
    is_next_marked_[s.v()] = 0;
  }
  next_marked_.clear();
}

template <bool Tagged, bool Priced>
void raptor::scan_patterns(int round, seconds_t max_arrival) {
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
  auto const* prev_walk = walk_.data() + label(round - 1, stop_idx{0});
  auto const* prev_tag = Tagged ? walk_tag_.data() + label(round - 1, stop_idx{0}) : nullptr;
  auto const* prev_fare = Priced ? walk_fare_.data() + label(round - 1, stop_idx{0}) : nullptr;
  for (auto const p : queued_patterns_) {
    auto const stops = tt_->pattern_stops_[p];
    auto const n = static_cast<std::uint32_t>(stops.size());
    auto const n_trips = tt_->pattern_n_trips_[p];
    auto const* arr = tt_->arrival_[p].data();
    auto const* dep = tt_->departure_[p].data();
    auto const* flags = tt_->pattern_flags_.data() + tt_->pattern_stops_.begin_at(p);
    auto trip = n_trips;        // none boarded
    std::uint8_t trip_tag = 0;  // tag of the label the boarded trip was caught from
    // Priced: that label's fare state and where the trip was caught, to price the ride on alighting.
    fares::fare_state trip_fare;
    auto board_pos = 0U;
    // With pricer::priced_at_boarding, the state after the ride, priced once per boarded trip.
    fares::fare_state trip_after;
    auto trip_priced = false;
    for (auto pos = pattern_from_[p.v()]; pos != n; ++pos) {
      auto const s = stops[pos];
      if (trip != n_trips && (flags[pos] & timetable::kNoDropOff) == 0) {
        auto const a = arr[trip * n + pos];
        if constexpr (Priced) {
          // Priced only when the arrival is not later: a tie may still win on the fare, unless the
          // trip's state paid as much already (after() never lowers paid_cents_).
          auto const l = label(round, s);
          if (a <= max_arrival &&
              (a < ride_[l] || (a == ride_[l] && trip_fare.paid_cents_ < ride_fare_[l].paid_cents_))) {
            auto const trip_id = tt_->pattern_trips_[p][trip];
            auto const route = tt_->pattern_routes_[p][trip];
            auto const d = dep[trip * n + board_pos];
            if (at_boarding_ && !trip_priced) {
              trip_after =
                  pricer_->after(trip_fare, fares::ride{trip_id, route, stops[board_pos], stops[board_pos], d, d});
              trip_priced = true;
            }
            auto const f = at_boarding_
                               ? trip_after
                               : pricer_->after(trip_fare, fares::ride{trip_id, route, stops[board_pos], s, d, a});
            if (better<true>(a, f, ride_[l], ride_fare_[l])) {
              set_ride<Tagged, true>(round, s, a, trip_tag, f);
            }
          }
        } else if (a <= max_arrival && a < ride_[label(round, s)]) {
          set_ride<Tagged, false>(round, s, a, trip_tag, kNoFare);
        }
      }
      auto const w = prev_walk[s.v()];
      if (w == kUnreachable || pos + 1 == n || (flags[pos] & timetable::kNoPickup) != 0) {
        continue;
      }
      // As R5 (FastRaptorWorker.findEarliestScheduledDeparture): board only a departure strictly after
      // arrival + slack, so a vehicle leaving exactly at `ready` is missed.
      auto const ready = w + board_slack_;
      if (trip == n_trips) {
        // First trip departing after `ready`: trips of a pattern never overtake each other.
        auto lo = 0U, hi = n_trips;
        while (lo < hi) {
          auto const mid = (lo + hi) / 2;
          if (dep[mid * n + pos] <= ready) {
            lo = mid + 1;
          } else {
            hi = mid;
          }
        }
        trip = lo;
        if constexpr (Tagged) {
          trip_tag = prev_tag[s.v()];
        }
        if constexpr (Priced) {
          trip_fare = prev_fare[s.v()];
          board_pos = pos;
          trip_priced = false;
        }
      } else {
        auto const before = trip;
        while (trip > 0 && dep[(trip - 1) * n + pos] > ready) {
          --trip;
        }
        if (Tagged && trip != before) {
          trip_tag = prev_tag[s.v()];
        }
        if constexpr (Priced) {
          if (trip != before) {
            trip_fare = prev_fare[s.v()];
            board_pos = pos;
            trip_priced = false;
          }
        }
      }
    }
    pattern_from_[p.v()] = kNotQueued;
  }
  queued_patterns_.clear();
}

template <bool Tagged, bool Priced>
void raptor::relax_footpaths(int round, seconds_t max_arrival) {
  for (auto const s : ride_marked_) {
    is_ride_marked_[s.v()] = 0;
    auto const t = ride_[label(round, s)];
    auto const tag = Tagged ? ride_tag_[label(round, s)] : std::uint8_t{0};
    auto const& fare = Priced ? ride_fare_[label(round, s)] : kNoFare;
    for (auto const& f : tt_->footpaths_[s]) {
      if (t + f.duration_ <= max_arrival) {
        set_walk<Tagged, Priced>(round, f.to_, t + f.duration_, tag, fare);
      }
    }
  }
  ride_marked_.clear();
}

}  // namespace solimob::transit
