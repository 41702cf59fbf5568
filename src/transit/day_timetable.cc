#include "transit/day_timetable.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "transit/timetable.h"

namespace solimob::transit {

seconds_t walk_seconds(std::uint32_t cm, double walk_speed_mps) {
  // As R5's egress legs (PerTargetPropagater): millimetres over a whole number of mm/s, rounded down.
  auto const mm_per_s = std::max<std::int64_t>(1, static_cast<std::int64_t>(walk_speed_mps * 1000.0));
  return static_cast<seconds_t>(std::int64_t{cm} * 10 / mm_per_s);
}

seconds_t frequency_phase(std::uint64_t seed, seconds_t headway, int draw) {
  // splitmix64 (Steele et al. 2014): step the seed by the draw, then mix.
  auto x = seed + (static_cast<std::uint64_t>(draw) + 1) * 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  x ^= x >> 31;
  // The top 53 bits as a fraction of the headway: uniform, without the bias of a modulo.
  auto const phase = static_cast<seconds_t>(static_cast<double>(x >> 11) * 0x1.0p-53 * headway);
  return std::min(phase, headway - 1);
}

namespace {

struct active_trip {
  trip_idx trip_;
  seconds_t shift_;
};

}  // namespace

day_timetable make_day_timetable(timetable const& tt, day_t day, seconds_t from, seconds_t to,
                                 std::span<stop_transfer const> transfers, double walk_speed_mps, seconds_t board_slack,
                                 int frequency_draw, boarding_filter const& filter) {
  // Service days whose trips can touch [from, to]: a trip of day + k runs from k days plus its first
  // departure (>= 0) to k days plus its last arrival (GTFS times may pass 24:00, even 48:00).
  auto latest = tt.trip_arrival_.empty() ? 0 : *std::max_element(begin(tt.trip_arrival_), end(tt.trip_arrival_));
  for (auto const& e : tt.frequencies_) {  // a frequency run ends up to end - 1 + its template's duration
    auto const first = tt.trip_stops_.begin_at(e.trip_), last = tt.trip_stops_.end_at(e.trip_) - 1;
    latest = std::max(latest, e.end_ + tt.trip_arrival_[last] - tt.trip_departure_[first]);
  }
  auto const floor_days = [](seconds_t t) {
    return t >= 0 ? t / kSecondsPerDay : -((-t + kSecondsPerDay - 1) / kSecondsPerDay);
  };
  auto const first_shift = floor_days(from - latest), last_shift = floor_days(to);

  // The flags of each stop sequence, closed where the filter refuses the stop. Sequences whose
  // stops and closed flags are then equal form one group (group_of: its first sequence), in the
  // order of (stops, closed flags): the groups and order of grouping the running trips after filtering.
  auto const n_sequences = tt.sequence_stops_.size();
  auto flags = tt.sequence_flags_;
  std::vector<std::uint32_t> order(n_sequences);
  std::iota(begin(order), end(order), 0U);
  std::vector<std::uint32_t> group_of(n_sequences);
  std::iota(begin(group_of), end(group_of), 0U);
  if (!filter.stop_ok_.empty()) {
    for (auto i = 0U; i != flags.size(); ++i) {
      if (filter.stop_ok_[tt.sequence_stops_.data_[i].v()] == 0) {
        flags[i] = timetable::kNoPickup | timetable::kNoDropOff;
      }
    }
    auto const key = [&](std::uint32_t q) {
      auto const stops = tt.sequence_stops_[sequence_idx{q}];
      auto const f = std::span{flags}.subspan(tt.sequence_stops_.begin_at(sequence_idx{q}), stops.size());
      return std::pair{stops, f};
    };
    auto const less = [&](std::uint32_t a, std::uint32_t b) {
      auto const [sa, fa] = key(a);
      auto const [sb, fb] = key(b);
      if (!std::ranges::equal(sa, sb)) {
        return std::ranges::lexicographical_compare(sa, sb);
      }
      return std::ranges::lexicographical_compare(fa, fb);
    };
    std::stable_sort(begin(order), end(order), less);
    for (auto i = 0U; i != n_sequences; ++i) {
      group_of[order[i]] = i != 0 && !less(order[i - 1], order[i]) ? group_of[order[i - 1]] : order[i];
    }
  }

  // The running trips of each group, indexed by the group's first sequence.
  std::vector<std::vector<active_trip>> running(n_sequences);
  auto const trip_ok = [&](trip_idx t) { return filter.trip_ok_.empty() || filter.trip_ok_[t.v()] != 0; };
  std::vector<bool> is_template(tt.n_trips(), false);
  for (auto const& e : tt.frequencies_) {
    is_template[e.trip_.v()] = true;
  }
  std::vector<std::uint32_t> template_group(tt.frequencies_.empty() ? 0 : tt.n_trips());
  for (auto q = 0U; q != n_sequences; ++q) {
    for (auto const t : tt.sequence_trips_[sequence_idx{q}]) {
      if (is_template[t.v()]) {
        template_group[t.v()] = group_of[q];
        continue;  // a template runs only as its frequency entries say, below
      }
      if (!trip_ok(t)) {
        continue;
      }
      auto const first = tt.trip_stops_.begin_at(t);
      auto const last = tt.trip_stops_.end_at(t) - 1;
      for (auto k = first_shift; k <= last_shift; ++k) {
        auto const shift = k * kSecondsPerDay;
        if (!tt.runs_on(tt.trip_service_[t], day + k)) {
          continue;
        }
        if (tt.trip_departure_[first] + shift > to || tt.trip_arrival_[last] + shift < from) {
          continue;
        }
        running[group_of[q]].push_back({t, shift});
      }
    }
  }

  // Frequency entries: one trip per departure start + phase, start + phase + headway, ... < end.
  std::size_t n_drawn = 0;
  for (auto const& e : tt.frequencies_) {
    if (!trip_ok(e.trip_)) {
      continue;
    }
    auto const first = tt.trip_stops_.begin_at(e.trip_);
    auto const last = tt.trip_stops_.end_at(e.trip_) - 1;
    auto const origin = tt.trip_departure_[first];
    auto const drawn = e.exact_times_ == 0 && frequency_draw != kStartTimeDraw;
    auto const phase = drawn ? frequency_phase(e.seed_, e.headway_, frequency_draw) : 0;
    auto& runs = running[template_group[e.trip_.v()]];
    for (auto k = first_shift; k <= last_shift; ++k) {
      auto const day_shift = k * kSecondsPerDay;
      if (!tt.runs_on(tt.trip_service_[e.trip_], day + k)) {
        continue;
      }
      // Whatever the phase, runs leave in [start, end) and arrive up to end - 1 + the ride: if that
      // reaches [from, to], another draw may run this entry here even if this draw does not.
      if (drawn && e.start_ + day_shift <= to && e.end_ - 1 + tt.trip_arrival_[last] - origin + day_shift >= from) {
        ++n_drawn;
      }
      for (auto dep = e.start_ + phase; dep < e.end_; dep += e.headway_) {
        auto const shift = day_shift + dep - origin;
        if (origin + shift > to) {
          break;
        }
        if (tt.trip_arrival_[last] + shift < from) {
          continue;
        }
        runs.push_back({e.trip_, shift});
      }
    }
  }

  day_timetable d;
  d.n_drawn_entries_ = n_drawn;
  auto const time_at = [&](active_trip const& a, std::size_t pos, bool departure) {
    auto const i = tt.trip_stops_.begin_at(a.trip_) + pos;
    return (departure ? tt.trip_departure_[i] : tt.trip_arrival_[i]) + a.shift_;
  };
  std::vector<seconds_t> arrivals, departures;
  std::vector<trip_idx> trip_ids;
  std::vector<route_idx> routes;
  for (auto const q : order) {
    auto& trips = running[q];
    if (group_of[q] != q || trips.empty()) {
      continue;  // not the first sequence of its group, or nothing runs
    }
    auto const seq = tt.sequence_stops_[sequence_idx{q}];
    auto const seq_flags = std::span{flags}.subspan(tt.sequence_stops_.begin_at(sequence_idx{q}), seq.size());
    // A total order on distinct runs: the order trips were collected in does not matter.
    std::sort(begin(trips), end(trips), [&](active_trip const& a, active_trip const& b) {
      for (auto pos = 0U; pos != seq.size(); ++pos) {
        if (time_at(a, pos, true) != time_at(b, pos, true)) {
          return time_at(a, pos, true) < time_at(b, pos, true);
        }
      }
      return std::pair{a.trip_, a.shift_} < std::pair{b.trip_, b.shift_};  // one template, several runs
    });
    // Split into FIFO patterns: a trip joins the first pattern whose last trip it does not overtake.
    std::vector<std::vector<active_trip>> fifo;
    for (auto const& t : trips) {
      auto const fits = [&](std::vector<active_trip> const& p) {
        for (auto pos = 0U; pos != seq.size(); ++pos) {
          if (time_at(t, pos, true) < time_at(p.back(), pos, true) ||
              time_at(t, pos, false) < time_at(p.back(), pos, false)) {
            return false;
          }
        }
        return true;
      };
      auto it = std::find_if(begin(fifo), end(fifo), fits);
      if (it == end(fifo)) {
        fifo.emplace_back();
        it = std::prev(end(fifo));
      }
      it->push_back(t);
    }
    for (auto const& p : fifo) {
      d.pattern_stops_.emplace_back(seq);
      d.pattern_flags_.insert(end(d.pattern_flags_), begin(seq_flags), end(seq_flags));
      d.pattern_n_trips_.push_back(static_cast<std::uint32_t>(p.size()));
      arrivals.clear();
      departures.clear();
      trip_ids.clear();
      routes.clear();
      for (auto const& t : p) {
        trip_ids.push_back(t.trip_);
        routes.push_back(tt.trip_route_[t.trip_]);
        for (auto pos = 0U; pos != seq.size(); ++pos) {
          arrivals.push_back(time_at(t, pos, false));
          departures.push_back(time_at(t, pos, true));
        }
      }
      d.arrival_.emplace_back(arrivals);
      d.departure_.emplace_back(departures);
      d.pattern_trips_.emplace_back(trip_ids);
      d.pattern_routes_.emplace_back(routes);
    }
  }

  auto const n_stops = tt.n_stops();
  d.stop_patterns_ = nested<stop_idx, pattern_stop>::grouped(n_stops, [&](auto&& emit) {
    for (auto p = pattern_idx{0}; p.v() != d.n_patterns(); p = pattern_idx{p.v() + 1}) {
      auto const stops = d.pattern_stops_[p];
      for (auto pos = 0U; pos != stops.size(); ++pos) {
        emit(stops[pos], pattern_stop{p, pos});
      }
    }
  });

  // Walking transfers with the transfers.txt rules. The board slack is added at boarding, so a
  // change of at least min_time between arrival and departure needs a walk of min_time - slack.
  std::map<std::pair<stop_idx, stop_idx>, seconds_t> paths;
  for (auto const& t : transfers) {
    paths[{t.from_, t.to_}] = walk_seconds(t.length_cm_, walk_speed_mps);
  }
  d.same_stop_extra_.assign(n_stops, 0);
  for (auto const& m : tt.min_transfers_) {
    auto const forbidden = m.min_time_ == timetable::min_transfer::kForbidden;
    if (m.from_ == m.to_) {
      d.same_stop_extra_[m.from_.v()] = forbidden ? kUnreachable : std::max(0, m.min_time_ - board_slack);
      continue;
    }
    auto const it = paths.find({m.from_, m.to_});
    if (it == end(paths)) {
      continue;  // no street path within the limits: a rule never creates a transfer
    }
    if (forbidden) {
      paths.erase(it);
    } else {
      it->second = std::max(it->second, m.min_time_ - board_slack);
    }
  }
  d.footpaths_ = nested<stop_idx, footpath>::grouped(n_stops, [&](auto&& emit) {
    for (auto const& [key, secs] : paths) {
      emit(key.first, footpath{key.second, secs});
    }
  });
  return d;
}

}  // namespace solimob::transit
