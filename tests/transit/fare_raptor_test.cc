// The time/fare McRAPTOR against an exhaustive enumeration: on random small timetables, every
// journey of at most max_rides rides (board the first vehicle of each route of any pattern at any stop,
// alight at any later stop, walk a transfer or stay, again), leaving at the minute or at a later
// minute of the window, is priced by the same pricer, and the (arrival, paid) Pareto front of the
// journeys reaching each stop must equal that of fare_raptor::arrivals(), for every departure
// minute of a range run. The same enumeration checks the priced range RAPTOR (raptor with a
// pricer: the fare of the fastest journey it finds).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <limits>
#include <numeric>
#include <random>
#include <set>
#include <tuple>

#include "support/allowance_pricer.h"
#include "transit/day_timetable.h"
#include "transit/fare_raptor.h"
#include "transit/raptor.h"
#include "transit/timetable.h"

namespace solimob::transit {
namespace {

constexpr day_t kDay = 20'000;
constexpr seconds_t kZone = 8 * 3600;

struct random_case {
  timetable tt_;
  std::vector<stop_transfer> transfers_;
  std::vector<access_leg> access_;
};

random_case make_case(std::mt19937& rng) {
  auto const uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>{lo, hi}(rng); };
  random_case c;
  auto& tt = c.tt_;
  auto const n_stops = uni(3, 7);
  for (auto s = 0; s != n_stops; ++s) {
    tt.stop_pos_.push_back({});
    tt.stop_id_.push_back(std::to_string(s));
    tt.stop_name_.emplace_back();
  }
  tt.service_first_day_.push_back(kDay);
  tt.service_days_.emplace_back(std::vector<std::uint8_t>{1});
  auto const n_routes = uni(1, 4);
  std::vector<int> previous;
  for (auto r = 0; r != n_routes; ++r) {
    tt.route_id_.push_back(std::to_string(r));
    tt.route_name_.emplace_back();
    tt.route_type_.push_back(3);
    std::vector<int> stops(static_cast<std::size_t>(n_stops));
    std::iota(begin(stops), end(stops), 0);
    std::shuffle(begin(stops), end(stops), rng);
    stops.resize(static_cast<std::size_t>(uni(2, std::min(5, n_stops))));
    if (r != 0 && uni(0, 2) == 0) {  // the stops of the previous route: one pattern, two routes
      stops = previous;
    } else if (uni(0, 4) == 0) {  // a loop: an earlier stop visited again
      auto const again = stops[static_cast<std::size_t>(uni(0, static_cast<int>(stops.size()) - 1))];
      stops.insert(begin(stops) + uni(1, static_cast<int>(stops.size())), again);
    }
    previous = stops;
    for (auto t = uni(1, 4); t != 0; --t) {
      auto time = kZone + uni(-20, 60) * 60 + uni(0, 59);
      tt.trip_route_.push_back(route_idx::from(r));
      tt.trip_service_.push_back(service_idx{0});
      for (auto const s : stops) {
        tt.trip_stops_.data_.push_back(stop_idx::from(s));
        tt.trip_arrival_.push_back(time);
        time += uni(0, 1) * 60;
        tt.trip_departure_.push_back(time);
        tt.trip_stop_flags_.push_back(static_cast<std::uint8_t>(uni(0, 9) == 0 ? uni(1, 3) : 0));
        time += uni(1, 12) * 60 + uni(0, 30);
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
      c.access_.push_back({stop_idx::from(s), uni(0, 600)});
    }
  }
  // Now and then a minimum change time at one stop, or a stop where changing is forbidden.
  if (uni(0, 2) == 0) {
    auto const s = stop_idx::from(uni(0, n_stops - 1));
    tt.min_transfers_.push_back({s, s, uni(0, 1) == 0 ? timetable::min_transfer::kForbidden : uni(0, 600)});
  }
  tt.group_sequences();
  return c;
}

using front = std::vector<std::pair<seconds_t, std::int32_t>>;  // (arrival, paid), arrival ascending

front pareto(std::vector<std::pair<seconds_t, std::int32_t>> v) {
  std::sort(begin(v), end(v));
  front f;
  for (auto const& x : v) {
    if (f.empty() || x.second < f.back().second) {
      f.push_back(x);
    }
  }
  return f;
}

using journeys = std::vector<std::vector<std::pair<seconds_t, std::int32_t>>>;  // per stop: (arrival, paid)

// Every journey leaving at `t`, depth first, that boards at each stop the first vehicle of each
// route of a pattern it can catch (as fare_raptor); waiting for a later one is leaving the origin later, which
// compare_on_random_cases adds. A (stop, time, state, rides) node seen before has the same
// continuations and is not expanded again.
journeys enumerate(random_case const& c, day_timetable const& day, fares::pricer const& pricer, seconds_t t,
                   int max_rides, seconds_t slack, seconds_t max_arrival, std::int32_t max_paid) {
  journeys reached(c.tt_.n_stops());
  using key = std::tuple<std::uint32_t, seconds_t, std::int32_t, seconds_t, int, int>;
  std::set<key> seen;
  // The one same-stop rule of make_case, if any: the change there takes max(slack, min time).
  auto same_stop_extra = 0;
  auto rule_stop = stop_idx::invalid();
  if (!c.tt_.min_transfers_.empty()) {
    auto const& m = c.tt_.min_transfers_.front();
    rule_stop = m.from_;
    same_stop_extra =
        m.min_time_ == timetable::min_transfer::kForbidden ? kUnreachable : std::max(0, m.min_time_ - slack);
  }
  auto const visit = [&](auto&& self, stop_idx s, seconds_t time, fares::fare_state const& f, int rides) -> void {
    if (!seen.insert({s.v(), time, f.paid_cents_, f.allowance_until_, f.transfers_left_, rides}).second ||
        rides == max_rides) {
      return;
    }
    for (auto const p : key_range<pattern_idx>{static_cast<std::uint32_t>(day.n_patterns())}) {
      auto const stops = day.pattern_stops_[p];
      auto const n = stops.size();
      auto const* flags = day.pattern_flags_.data() + day.pattern_stops_.begin_at(p);
      auto const arr = day.arrival_[p], dep = day.departure_[p];
      for (auto i = 0U; i + 1 < n; ++i) {
        if (stops[i] != s || (flags[i] & timetable::kNoPickup) != 0) {
          continue;
        }
        std::vector<route_idx> boarded;  // the first catchable trip of each route
        for (auto trip = 0U; trip != day.pattern_n_trips_[p]; ++trip) {
          auto const route = day.pattern_routes_[p][trip];
          if (dep[trip * n + i] <= time + slack || std::ranges::find(boarded, route) != end(boarded)) {
            continue;
          }
          boarded.push_back(route);
          for (auto j = i + 1; j != n; ++j) {
            auto const a = arr[trip * n + j];
            if (a > max_arrival || (flags[j] & timetable::kNoDropOff) != 0) {
              continue;
            }
            auto const g =
                pricer.after(f, fares::ride{day.pattern_trips_[p][trip], route, s, stops[j], dep[trip * n + i], a});
            if (g.paid_cents_ > max_paid) {
              continue;
            }
            reached[stops[j].v()].emplace_back(a, g.paid_cents_);
            auto const extra = stops[j] == rule_stop ? same_stop_extra : 0;
            if (extra != kUnreachable) {
              self(self, stops[j], a + extra, g, rides + 1);
            }
            for (auto const& x : c.transfers_) {
              auto const walk = walk_seconds(x.length_cm_, 1.0);
              if (x.from_ == stops[j] && a + walk <= max_arrival) {
                self(self, x.to_, a + walk, g, rides + 1);
              }
            }
          }
        }
      }
    }
  };
  for (auto const& a : c.access_) {
    if (t + a.duration_ <= max_arrival) {
      visit(visit, a.stop_, t + a.duration_, fares::fare_state{}, 0);
    }
  }
  return reached;
}

void compare_on_random_cases(std::uint32_t seed, bool one_fare, bool at_boarding) {
  std::mt19937 rng{seed};
  auto const uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>{lo, hi}(rng); };
  auto compared = 0, reached = 0, several = 0;
  for (auto iteration = 0; iteration != 2000; ++iteration) {
    auto const c = make_case(rng);
    std::vector<std::int32_t> fares{480};
    if (!one_fare) {
      fares.clear();
      for (auto r = 0U; r != c.tt_.route_id_.size(); ++r) {
        fares.push_back(std::array{100, 250, 480}[static_cast<std::size_t>(uni(0, 2))]);
      }
    }
    test::allowance_pricer const pricer{fares, uni(0, 1) == 0 ? 240 : 0, uni(5, 40) * 60, at_boarding};
    auto const max_rides = uni(1, 4);
    auto const slack = uni(0, 1) * 60;
    auto const max_time = uni(20, 90) * 60;
    auto const max_paid = uni(0, 2) == 0 ? uni(0, 1000) : std::numeric_limits<std::int32_t>::max();
    auto const window = uni(1, 10);
    auto const first = kZone - 10 * 60;
    auto const day =
        make_day_timetable(c.tt_, kDay, first, first + (window - 1) * 60 + max_time, c.transfers_, 1.0, slack);
    // The journeys of each minute; those of a later minute are journeys of an earlier one too.
    std::vector<journeys> per_minute;
    for (auto m = 0; m != window; ++m) {
      auto const t = first + m * 60;
      per_minute.push_back(enumerate(c, day, pricer, t, max_rides, slack, t + max_time, max_paid));
    }
    fare_raptor r{day, pricer, max_rides, slack};
    r.reset();
    for (auto m = window; m-- != 0;) {
      auto const t = first + m * 60;
      r.run(t, c.access_, t + max_time, max_paid);
      for (auto s = 0U; s != c.tt_.n_stops(); ++s) {
        std::vector<std::pair<seconds_t, std::int32_t>> got, all;
        for (auto const& l : r.arrivals(stop_idx{s})) {
          got.emplace_back(l.arrival_, l.fare_.paid_cents_);
        }
        for (auto later = m; later != window; ++later) {
          all.insert(end(all), begin(per_minute[static_cast<std::size_t>(later)][s]),
                     end(per_minute[static_cast<std::size_t>(later)][s]));
        }
        // A later minute's journey may arrive beyond this minute's budget.
        auto const beyond = [&](auto const& x) { return x.first > t + max_time; };
        std::erase_if(got, beyond);
        std::erase_if(all, beyond);
        auto const expected = pareto(all);
        ASSERT_EQ(pareto(got), expected) << "iteration " << iteration << " minute " << m << " stop " << s;
        ++compared;
        reached += expected.empty() ? 0 : 1;
        several += expected.size() > 1 ? 1 : 0;
      }
    }
  }
  // The cases must exercise real journeys and real trade-offs between time and fare.
  EXPECT_GT(reached, compared / 10);
  EXPECT_GT(several, compared / 1000);
}

// at_boarding false: rides priced at each alighting stop, trips of a pattern pruned per boarding
// stop only; true: priced once when boarding, trips pruned as labels.
TEST(fare_raptor, pareto_fronts_equal_enumeration_with_route_fares) {
  compare_on_random_cases(11, false, false);
  compare_on_random_cases(13, false, true);
}

TEST(fare_raptor, pareto_fronts_equal_enumeration_with_one_fare_and_its_allowance_rule) {
  compare_on_random_cases(12, true, false);
  compare_on_random_cases(14, true, true);
}

// The priced range RAPTOR on the same random cases, every minute of a range run, every stop:
// - its arrival is plain raptor's (the fare work changes no time) and the earliest arrival of the
//   enumerated journeys within this minute's budget (those of this minute or a later one);
// - its fare is what one of those journeys arriving then paid: it carries the state of the journey
//   that gives the label, and raptor's journeys (the first catchable trip of a pattern from a
//   label) are among the enumerated ones (the first catchable trip of each route);
// - hence it is at least the McRAPTOR's least fare at that arrival (the first label of its front),
//   and equal to it when every enumerated journey arriving then paid the same (no fare tie).
void check_priced_raptor(std::uint32_t seed, bool one_fare) {
  std::mt19937 rng{seed};
  auto const uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>{lo, hi}(rng); };
  auto reached = 0, tied = 0, dearer = 0;
  auto constexpr kNoBound = std::numeric_limits<std::int32_t>::max();
  for (auto iteration = 0; iteration != 2000; ++iteration) {
    auto const c = make_case(rng);
    std::vector<std::int32_t> fares{480};
    if (!one_fare) {
      fares.clear();
      for (auto r = 0U; r != c.tt_.route_id_.size(); ++r) {
        fares.push_back(std::array{100, 250, 480}[static_cast<std::size_t>(uni(0, 2))]);
      }
    }
    test::allowance_pricer const pricer{fares, uni(0, 1) == 0 ? 240 : 0, uni(5, 40) * 60};
    auto const max_rides = uni(1, 4);
    auto const slack = uni(0, 1) * 60;
    auto const max_time = uni(20, 90) * 60;
    auto const window = uni(1, 10);
    auto const first = kZone - 10 * 60;
    auto const day =
        make_day_timetable(c.tt_, kDay, first, first + (window - 1) * 60 + max_time, c.transfers_, 1.0, slack);
    std::vector<journeys> per_minute;
    for (auto m = 0; m != window; ++m) {
      auto const t = first + m * 60;
      per_minute.push_back(enumerate(c, day, pricer, t, max_rides, slack, t + max_time, kNoBound));
    }
    raptor plain{day, max_rides, slack};
    raptor priced{day, max_rides, slack, false, &pricer};
    fare_raptor exact{day, pricer, max_rides, slack};
    plain.reset();
    priced.reset();
    exact.reset();
    for (auto m = window; m-- != 0;) {
      auto const t = first + m * 60;
      plain.run(t, c.access_, t + max_time);
      priced.run(t, c.access_, t + max_time);
      exact.run(t, c.access_, t + max_time);
      for (auto s = 0U; s != c.tt_.n_stops(); ++s) {
        auto const where =
            "iteration " + std::to_string(iteration) + " minute " + std::to_string(m) + " stop " + std::to_string(s);
        auto const arr = priced.arrival(stop_idx{s});
        ASSERT_EQ(arr, plain.arrival(stop_idx{s})) << where;
        std::vector<std::pair<seconds_t, std::int32_t>> all;
        for (auto later = m; later != window; ++later) {
          for (auto const& x : per_minute[static_cast<std::size_t>(later)][s]) {
            if (x.first <= t + max_time) {
              all.push_back(x);
            }
          }
        }
        if (all.empty()) {
          ASSERT_TRUE(arr == kUnreachable || arr > t + max_time) << where;
          continue;
        }
        auto const earliest = std::min_element(begin(all), end(all))->first;
        ASSERT_EQ(arr, earliest) << where;
        std::set<std::int32_t> paid;  // by the journeys arriving then
        for (auto const& x : all) {
          if (x.first == earliest) {
            paid.insert(x.second);
          }
        }
        auto const fare = priced.arrival_fare(stop_idx{s});
        ASSERT_TRUE(paid.contains(fare)) << where << " fare " << fare;
        std::int32_t least = kNoBound;
        for (auto const& l : exact.arrivals(stop_idx{s})) {
          if (l.arrival_ == earliest) {
            least = std::min(least, l.fare_.paid_cents_);
          }
        }
        ASSERT_EQ(least, *paid.begin()) << where;
        ASSERT_GE(fare, least) << where;
        if (paid.size() == 1) {
          ASSERT_EQ(fare, least) << where;
        }
        ++reached;
        tied += paid.size() > 1 ? 1 : 0;
        dearer += fare > least ? 1 : 0;
      }
    }
  }
  // Real journeys, and fare ties that the test then sees resolved both ways.
  EXPECT_GT(reached, 1000);
  EXPECT_GT(tied, 0);
  std::printf("priced raptor seed %u: %d arrivals, %d with a fare tie, %d dearer than the least\n", seed, reached, tied,
              dearer);
}

TEST(priced_raptor, arrivals_are_plain_raptors_and_fares_those_of_a_fastest_journey) {
  check_priced_raptor(21, false);
  check_priced_raptor(22, true);
}

}  // namespace
}  // namespace solimob::transit
