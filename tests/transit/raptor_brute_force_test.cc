// Range RAPTOR against a brute force: for each departure minute independently, rounds of "board
// any running trip at any stop reached with k-1 rides" over the raw trips (no patterns, no
// binary search, no label reuse across minutes), on many random small timetables. They hold
// services of several days with times past 24:00 and 48:00, queries across midnight, trips that
// visit a stop twice, and transfers.txt rules (README, Method: transfers) that the brute force
// applies as the rule itself: a change from r to s needs max(walk + slack, min_transfer_time).
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "transit/day_timetable.h"
#include "transit/raptor.h"
#include "transit/timetable.h"

namespace solimob::transit {
namespace {

constexpr day_t kDay = 20'000;

struct random_case {
  timetable tt_;
  std::vector<stop_transfer> transfers_;
  std::vector<access_leg> access_;
  seconds_t zone_;  // the trips and the query gather around this time of kDay: 08:00 or 23:30
};

random_case make_case(std::mt19937& rng) {
  auto const uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>{lo, hi}(rng); };
  random_case c;
  auto& tt = c.tt_;
  auto const n_stops = uni(3, 12);
  for (auto s = 0; s != n_stops; ++s) {
    tt.stop_pos_.push_back({});
    tt.stop_id_.push_back(std::to_string(s));
    tt.stop_name_.emplace_back();
  }
  // Services 0-4 run on one day each: kDay, the day before, two days before, the day after and
  // never (kDay + 5); service 5 runs from the day before to the day after.
  std::vector<std::pair<day_t, int>> const services{{kDay, 1},     {kDay - 1, 1}, {kDay - 2, 1},
                                                    {kDay + 1, 1}, {kDay + 5, 1}, {kDay - 1, 3}};
  for (auto const& [first, n_days] : services) {
    tt.service_first_day_.push_back(first);
    tt.service_days_.emplace_back(std::vector<std::uint8_t>(static_cast<std::size_t>(n_days), 1));
  }
  c.zone_ = uni(0, 2) == 0 ? 23 * 3600 + 30 * 60 : 8 * 3600;
  auto const n_routes = uni(1, 5);
  for (auto r = 0; r != n_routes; ++r) {
    tt.route_id_.push_back(std::to_string(r));
    tt.route_name_.emplace_back();
    tt.route_type_.push_back(3);
    std::vector<int> stops(static_cast<std::size_t>(n_stops));
    std::iota(begin(stops), end(stops), 0);
    std::shuffle(begin(stops), end(stops), rng);
    stops.resize(static_cast<std::size_t>(uni(2, std::min(6, n_stops))));
    if (uni(0, 3) == 0) {  // a loop: an earlier stop visited again
      auto const again = stops[static_cast<std::size_t>(uni(0, static_cast<int>(stops.size()) - 1))];
      stops.insert(begin(stops) + uni(1, static_cast<int>(stops.size())), again);
    }
    auto const n_trips = uni(1, 8);
    for (auto t = 0; t != n_trips; ++t) {
      auto const service = uni(0, 9) < 5 ? 0 : uni(1, 5);
      auto const day = services[static_cast<std::size_t>(service)].first +
                       uni(0, services[static_cast<std::size_t>(service)].second - 1);
      // Mostly timed to run near the zone on kDay (a trip of two days before at 56:00), else a day off.
      auto const days_late = uni(0, 4) != 0 ? kDay - day : uni(-1, 2);
      auto time = c.zone_ + days_late * kSecondsPerDay + uni(-30, 90) * 60 + uni(0, 59);
      if (time < 0) {
        time += kSecondsPerDay;
      }
      tt.trip_route_.push_back(route_idx::from(r));
      tt.trip_service_.push_back(service_idx::from(service));
      for (auto const s : stops) {
        tt.trip_stops_.data_.push_back(stop_idx::from(s));
        tt.trip_arrival_.push_back(time);
        time += uni(0, 2) * 60;
        tt.trip_departure_.push_back(time);
        tt.trip_stop_flags_.push_back(static_cast<std::uint8_t>(uni(0, 9) == 0 ? uni(1, 3) : 0));
        time += uni(1, 10) * 60 + uni(0, 30);
      }
      tt.trip_stops_.offsets_.push_back(static_cast<std::uint32_t>(tt.trip_stops_.data_.size()));
    }
  }
  for (auto i = uni(0, n_stops); i != 0; --i) {
    auto const a = uni(0, n_stops - 1), b = uni(0, n_stops - 1);
    if (a != b) {
      c.transfers_.push_back({stop_idx::from(a), stop_idx::from(b), static_cast<std::uint32_t>(uni(0, 600) * 100)});
    }
  }
  std::sort(begin(c.transfers_), end(c.transfers_), [](auto const& x, auto const& y) {
    return std::pair{x.from_, x.to_} < std::pair{y.from_, y.to_};
  });
  c.transfers_.erase(std::unique(begin(c.transfers_), end(c.transfers_),
                                 [](auto const& x, auto const& y) { return x.from_ == y.from_ && x.to_ == y.to_; }),
                     end(c.transfers_));
  for (auto s = 0; s != n_stops; ++s) {
    if (uni(0, 2) == 0) {
      c.access_.push_back({stop_idx::from(s), uni(0, 900)});
    }
  }
  // transfers.txt rules, one per pair as the loader gives them: a minimum time (type 2) or
  // forbidden (type 3), between two stops (with or without a street transfer) or at one stop.
  std::map<std::pair<int, int>, seconds_t> rules;
  auto const draw = [&]() { return uni(0, 3) == 0 ? timetable::min_transfer::kForbidden : uni(0, 900); };
  for (auto const& t : c.transfers_) {
    if (uni(0, 1) == 0) {
      rules[{static_cast<int>(t.from_.v()), static_cast<int>(t.to_.v())}] = draw();
    }
  }
  for (auto i = uni(0, n_stops); i != 0; --i) {
    auto const a = uni(0, n_stops - 1), b = uni(0, 2) == 0 ? a : uni(0, n_stops - 1);
    rules[{a, b}] = draw();
  }
  for (auto const& [pair, secs] : rules) {
    tt.min_transfers_.push_back({stop_idx::from(pair.first), stop_idx::from(pair.second), secs});
  }
  tt.group_sequences();
  return c;
}

// The change time from a vehicle arriving at r to boarding at s (r == s: staying at the stop), or
// kUnreachable when transfers.txt forbids it.
seconds_t change_time(random_case const& c, stop_idx r, stop_idx s, seconds_t walk, seconds_t slack) {
  for (auto const& m : c.tt_.min_transfers_) {
    if (m.from_ == r && m.to_ == s) {
      return m.min_time_ == timetable::min_transfer::kForbidden ? kUnreachable : std::max(walk + slack, m.min_time_);
    }
  }
  return walk + slack;
}

// Earliest vehicle arrival per stop with at most `max_rides` rides, leaving at `t`.
std::vector<seconds_t> brute_force(random_case const& c, seconds_t t, int max_rides, seconds_t slack,
                                   seconds_t max_arrival) {
  auto const& tt = c.tt_;
  auto const n = tt.n_stops();
  std::vector<seconds_t> walk(n, kUnreachable), ride(n, kUnreachable);
  for (auto const& a : c.access_) {
    if (t + a.duration_ <= max_arrival) {
      walk[a.stop_.v()] = std::min(walk[a.stop_.v()], t + a.duration_);
    }
  }
  for (auto k = 1; k <= max_rides; ++k) {
    auto new_ride = ride;
    for (auto trip = 0U; trip != tt.n_trips(); ++trip) {
      for (auto days = -3; days <= 3; ++days) {  // every service day of the cases
        auto const shift = days * kSecondsPerDay;
        if (!tt.runs_on(tt.trip_service_[trip_idx{trip}], kDay + days)) {
          continue;
        }
        auto const first = tt.trip_stops_.begin_at(trip_idx{trip}), last = tt.trip_stops_.end_at(trip_idx{trip});
        for (auto i = first; i != last; ++i) {
          auto const w = walk[tt.trip_stops_.data_[i].v()];
          if (w == kUnreachable || w + slack >= tt.trip_departure_[i] + shift ||
              (tt.trip_stop_flags_[i] & timetable::kNoPickup) != 0) {
            continue;
          }
          for (auto j = i + 1; j != last; ++j) {
            auto const arr = tt.trip_arrival_[j] + shift;
            if (arr <= max_arrival && (tt.trip_stop_flags_[j] & timetable::kNoDropOff) == 0) {
              new_ride[tt.trip_stops_.data_[j].v()] = std::min(new_ride[tt.trip_stops_.data_[j].v()], arr);
            }
          }
        }
      }
    }
    // walk[s] + slack is the earliest boarding time at s.
    auto new_walk = walk;
    for (auto s = 0U; s != n; ++s) {
      auto const change = change_time(c, stop_idx{s}, stop_idx{s}, 0, slack);
      if (new_ride[s] != kUnreachable && change != kUnreachable) {
        new_walk[s] = std::min(new_walk[s], new_ride[s] + change - slack);
      }
    }
    for (auto const& f : c.transfers_) {
      auto const r = new_ride[f.from_.v()];
      auto const change = change_time(c, f.from_, f.to_, walk_seconds(f.length_cm_, 1.0), slack);
      if (r != kUnreachable && change != kUnreachable && r + change - slack <= max_arrival) {
        new_walk[f.to_.v()] = std::min(new_walk[f.to_.v()], r + change - slack);
      }
    }
    ride = new_ride;
    walk = new_walk;
  }
  return ride;
}

TEST(raptor, range_raptor_equals_brute_force_on_random_timetables) {
  std::mt19937 rng{42};
  auto compared = 0;
  auto reached = 0;
  for (auto iteration = 0; iteration != 2000; ++iteration) {
    auto const c = make_case(rng);
    auto const max_rides = std::uniform_int_distribution<int>{1, 4}(rng);
    auto const slack = std::uniform_int_distribution<int>{0, 1}(rng)*60;
    auto const max_time = std::uniform_int_distribution<int>{20, 150}(rng)*60;
    auto const window = std::uniform_int_distribution<int>{1, 40}(rng);
    auto const first = c.zone_ - 15 * 60;
    auto const last = first + (window - 1) * 60;
    auto const day = make_day_timetable(c.tt_, kDay, first, last + max_time, c.transfers_, 1.0, slack);
    raptor r{day, max_rides, slack};
    r.reset();
    for (auto m = window; m-- != 0;) {
      auto const t = first + m * 60;
      r.run(t, c.access_, t + max_time);
      auto const expected = brute_force(c, t, max_rides, slack, t + max_time);
      for (auto s = 0U; s != c.tt_.n_stops(); ++s) {
        auto got = r.arrival(stop_idx{s});
        if (got > t + max_time) {
          got = kUnreachable;  // a later departure's label, beyond this departure's budget
        }
        ASSERT_EQ(got, expected[s]) << "iteration " << iteration << " minute " << m << " stop " << s;
        ++compared;
        reached += expected[s] != kUnreachable ? 1 : 0;
      }
    }
  }
  // The random cases must exercise real journeys, not only unreachable stops.
  EXPECT_GT(reached, compared / 10);
}

// Frequency entries on random timetables: template trips run from start + phase (the entry's
// drawn phase, or 0 from start_time) every headway while < end. The reference expands them
// itself and boards as R5 does (FastRaptorWorker: a departure strictly after arrival + slack).
struct frequency_case {
  random_case c_;
  std::vector<std::uint8_t> is_template_;
};

frequency_case add_frequencies(random_case c, std::mt19937& rng) {
  auto const uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>{lo, hi}(rng); };
  auto& tt = c.tt_;
  auto const n_stops = static_cast<int>(tt.n_stops());
  std::vector<std::uint8_t> is_template(tt.n_trips(), 0);
  for (auto l = uni(1, 3); l != 0; --l) {
    std::vector<int> stops(static_cast<std::size_t>(n_stops));
    std::iota(begin(stops), end(stops), 0);
    std::shuffle(begin(stops), end(stops), rng);
    stops.resize(static_cast<std::size_t>(uni(2, std::min(6, n_stops))));
    auto const service = uni(0, 9) < 8 ? 0 : 1;  // 1: the day before, entries after midnight
    auto const t = trip_idx::from(tt.n_trips());
    tt.trip_route_.push_back(route_idx::from(0));
    tt.trip_service_.push_back(service_idx::from(service));
    auto time = uni(0, 20 * 3600);  // the template's own times only give the ride and dwell times
    for (auto const s : stops) {
      tt.trip_stops_.data_.push_back(stop_idx::from(s));
      tt.trip_arrival_.push_back(time);
      time += uni(0, 2) * 60 + uni(0, 10);
      tt.trip_departure_.push_back(time);
      tt.trip_stop_flags_.push_back(static_cast<std::uint8_t>(uni(0, 9) == 0 ? uni(1, 3) : 0));
      time += uni(1, 10) * 60 + uni(0, 30);
    }
    tt.trip_stops_.offsets_.push_back(static_cast<std::uint32_t>(tt.trip_stops_.data_.size()));
    is_template.push_back(1);
    for (auto e = uni(1, 2); e != 0; --e) {
      auto const start = (service == 1 ? kSecondsPerDay : 0) + 8 * 3600 + uni(-60, 40) * 60 + uni(0, 59);
      auto const end = start + uni(5, 120) * 60;
      auto const headway = uni(2, 20) * 60 + uni(0, 59);
      tt.frequencies_.push_back({std::uniform_int_distribution<std::uint64_t>{}(rng), t, start, end, headway,
                                 static_cast<std::uint32_t>(uni(0, 3) == 0 ? 1 : 0)});
    }
  }
  tt.group_sequences();
  return {std::move(c), std::move(is_template)};
}

// One run of a trip: its times plus `shift_`.
struct trip_run {
  std::uint32_t trip_;
  seconds_t shift_;
};

std::vector<trip_run> runs_of(frequency_case const& fc, int draw) {
  auto const& tt = fc.c_.tt_;
  std::vector<trip_run> runs;
  // Every service day of make_case (two days before to five after) and entries past midnight.
  for (auto k = -3; k <= 6; ++k) {
    auto const shift = k * kSecondsPerDay;
    for (auto trip = 0U; trip != tt.n_trips(); ++trip) {
      if (fc.is_template_[trip] == 0 && tt.runs_on(tt.trip_service_[trip_idx{trip}], kDay + shift / kSecondsPerDay)) {
        runs.push_back({trip, shift});
      }
    }
    for (auto const& e : tt.frequencies_) {
      if (!tt.runs_on(tt.trip_service_[e.trip_], kDay + shift / kSecondsPerDay)) {
        continue;
      }
      auto const phase = e.exact_times_ == 1 || draw == kStartTimeDraw ? 0 : frequency_phase(e.seed_, e.headway_, draw);
      auto const origin = tt.trip_departure_[tt.trip_stops_.begin_at(e.trip_)];
      for (auto dep = e.start_ + phase; dep < e.end_; dep += e.headway_) {
        runs.push_back({e.trip_.v(), shift + dep - origin});
      }
    }
  }
  return runs;
}

// As brute_force above over explicit runs (no transfers.txt rules), boarding a departure strictly
// after arrival + slack (R5's rule).
std::vector<seconds_t> brute_force_runs(random_case const& c, std::vector<trip_run> const& runs, seconds_t t,
                                        int max_rides, seconds_t slack, seconds_t max_arrival) {
  auto const& tt = c.tt_;
  auto const n = tt.n_stops();
  std::vector<seconds_t> walk(n, kUnreachable), ride(n, kUnreachable);
  for (auto const& a : c.access_) {
    if (t + a.duration_ <= max_arrival) {
      walk[a.stop_.v()] = std::min(walk[a.stop_.v()], t + a.duration_);
    }
  }
  for (auto k = 1; k <= max_rides; ++k) {
    auto new_ride = ride;
    for (auto const& run : runs) {
      auto const first = tt.trip_stops_.begin_at(trip_idx{run.trip_}),
                 last = tt.trip_stops_.end_at(trip_idx{run.trip_});
      for (auto i = first; i != last; ++i) {
        auto const w = walk[tt.trip_stops_.data_[i].v()];
        if (w == kUnreachable || (tt.trip_stop_flags_[i] & timetable::kNoPickup) != 0) {
          continue;
        }
        auto const dep = tt.trip_departure_[i] + run.shift_;
        if (dep <= w + slack) {
          continue;
        }
        for (auto j = i + 1; j != last; ++j) {
          auto const arr = tt.trip_arrival_[j] + run.shift_;
          if (arr <= max_arrival && (tt.trip_stop_flags_[j] & timetable::kNoDropOff) == 0) {
            new_ride[tt.trip_stops_.data_[j].v()] = std::min(new_ride[tt.trip_stops_.data_[j].v()], arr);
          }
        }
      }
    }
    auto new_walk = walk;
    for (auto s = 0U; s != n; ++s) {
      new_walk[s] = std::min(new_walk[s], new_ride[s]);
    }
    for (auto const& f : c.transfers_) {
      auto const r = new_ride[f.from_.v()];
      auto const secs = walk_seconds(f.length_cm_, 1.0);
      if (r != kUnreachable && r + secs <= max_arrival) {
        new_walk[f.to_.v()] = std::min(new_walk[f.to_.v()], r + secs);
      }
    }
    ride = new_ride;
    walk = new_walk;
  }
  return ride;
}

TEST(raptor, frequency_trips_equal_brute_force_for_every_draw) {
  std::mt19937 rng{7};
  auto compared = 0, reached = 0, drawn = 0;
  for (auto iteration = 0; iteration != 150; ++iteration) {
    // transfers.txt rules are compared by the test above; this one is about frequency runs.
    auto base = make_case(rng);
    base.tt_.min_transfers_.clear();
    auto const fc = add_frequencies(std::move(base), rng);
    auto const& c = fc.c_;
    auto const max_rides = std::uniform_int_distribution<int>{1, 4}(rng);
    auto const slack = std::uniform_int_distribution<int>{0, 1}(rng)*60;
    auto const max_time = std::uniform_int_distribution<int>{20, 150}(rng)*60;
    auto const window = std::uniform_int_distribution<int>{1, 40}(rng);
    auto const first = 8 * 3600 - 15 * 60;
    auto const last = first + (window - 1) * 60;
    for (auto const draw : {kStartTimeDraw, 0, 1, 2}) {
      auto const day = make_day_timetable(c.tt_, kDay, first, last + max_time, c.transfers_, 1.0, slack, draw);
      drawn += day.n_drawn_entries_ != 0 ? 1 : 0;
      auto const runs = runs_of(fc, draw);
      raptor r{day, max_rides, slack};
      r.reset();
      for (auto m = window; m-- != 0;) {
        auto const t = first + m * 60;
        r.run(t, c.access_, t + max_time);
        auto const expected = brute_force_runs(c, runs, t, max_rides, slack, t + max_time);
        for (auto s = 0U; s != c.tt_.n_stops(); ++s) {
          auto got = r.arrival(stop_idx{s});
          if (got > t + max_time) {
            got = kUnreachable;
          }
          ASSERT_EQ(got, expected[s]) << "iteration " << iteration << " draw " << draw << " minute " << m << " stop "
                                      << s;
          ++compared;
          reached += expected[s] != kUnreachable ? 1 : 0;
        }
      }
    }
  }
  EXPECT_GT(reached, compared / 10);
  EXPECT_GT(drawn, 150);  // most cases have drawn exact_times=0 runs in the window
}

}  // namespace
}  // namespace solimob::transit
