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
    auto const first = tt.trip_offset_[e.trip_.v()], last = tt.trip_offset_[e.trip_.v() + 1] - 1;
    latest = std::max(latest, e.end_ + tt.trip_arrival_[last] - tt.trip_departure_[first]);
  }
  auto const floor_days = [](seconds_t t) {
    return t >= 0 ? t / kSecondsPerDay : -((-t + kSecondsPerDay - 1) / kSecondsPerDay);
  };
  auto const first_shift = floor_days(from - latest), last_shift = floor_days(to);
  // Group running trips by stop sequence and pickup / drop-off rules. std::map keeps pattern order
  // deterministic.
  using sequence = std::pair<std::vector<stop_idx>, std::vector<std::uint8_t>>;
  std::map<sequence, std::vector<active_trip>> by_sequence;
  auto const trip_ok = [&](trip_idx t) { return filter.trip_ok_.empty() || filter.trip_ok_[t.v()] != 0; };
  // The stop sequence of trip t with its pickup / drop-off rules, closed where the filter refuses the stop.
  auto const sequence_of = [&](trip_idx t) {
    auto const first = tt.trip_offset_[t.v()], end_pos = tt.trip_offset_[t.v() + 1];
    sequence seq{{tt.trip_stop_.begin() + first, tt.trip_stop_.begin() + end_pos},
                 {tt.trip_stop_flags_.begin() + first, tt.trip_stop_flags_.begin() + end_pos}};
    if (!filter.stop_ok_.empty()) {
      for (auto i = 0U; i != seq.first.size(); ++i) {
        if (filter.stop_ok_[seq.first[i].v()] == 0) {
          seq.second[i] = timetable::kNoPickup | timetable::kNoDropOff;
        }
      }
    }
    return seq;
  };
  std::vector<bool> is_template(tt.n_trips(), false);
  for (auto const& e : tt.frequencies_) {
    is_template[e.trip_.v()] = true;
  }
  for (auto t = trip_idx{0}; t.v() != tt.n_trips(); t = trip_idx{t.v() + 1}) {
    if (is_template[t.v()] || !trip_ok(t)) {
      continue;  // a template runs only as its frequency entries say, below
    }
    auto const first = tt.trip_offset_[t.v()];
    auto const last = tt.trip_offset_[t.v() + 1] - 1;
    for (auto k = first_shift; k <= last_shift; ++k) {
      auto const shift = k * kSecondsPerDay;
      if (!tt.runs_on(tt.trip_service_[t], day + k)) {
        continue;
      }
      if (tt.trip_departure_[first] + shift > to || tt.trip_arrival_[last] + shift < from) {
        continue;
      }
      by_sequence[sequence_of(t)].push_back({t, shift});
    }
  }

  // Frequency entries: one trip per departure start + phase, start + phase + headway, ... < end.
  std::size_t n_drawn = 0;
  for (auto const& e : tt.frequencies_) {
    if (!trip_ok(e.trip_)) {
      continue;
    }
    auto const first = tt.trip_offset_[e.trip_.v()];
    auto const last = tt.trip_offset_[e.trip_.v() + 1] - 1;
    auto const origin = tt.trip_departure_[first];
    auto const drawn = e.exact_times_ == 0 && frequency_draw != kStartTimeDraw;
    auto const phase = drawn ? frequency_phase(e.seed_, e.headway_, frequency_draw) : 0;
    std::vector<active_trip>* running = nullptr;
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
        if (running == nullptr) {
          running = &by_sequence[sequence_of(e.trip_)];
        }
        running->push_back({e.trip_, shift});
      }
    }
  }

  day_timetable d;
  d.n_drawn_entries_ = n_drawn;
  auto const time_at = [&](active_trip const& a, std::size_t pos, bool departure) {
    auto const i = tt.trip_offset_[a.trip_.v()] + pos;
    return (departure ? tt.trip_departure_[i] : tt.trip_arrival_[i]) + a.shift_;
  };
  for (auto& [key, trips] : by_sequence) {
    auto const& seq = key.first;
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
      d.pattern_stops_.insert(end(d.pattern_stops_), begin(seq), end(seq));
      d.pattern_flags_.insert(end(d.pattern_flags_), begin(key.second), end(key.second));
      d.pattern_stop_offset_.push_back(static_cast<std::uint32_t>(d.pattern_stops_.size()));
      d.pattern_n_trips_.push_back(static_cast<std::uint32_t>(p.size()));
      d.pattern_time_offset_.push_back(static_cast<std::uint32_t>(d.arrival_.size()));
      for (auto const& t : p) {
        for (auto pos = 0U; pos != seq.size(); ++pos) {
          d.arrival_.push_back(time_at(t, pos, false));
          d.departure_.push_back(time_at(t, pos, true));
        }
      }
    }
  }

  auto const n_stops = tt.n_stops();
  d.stop_pattern_offset_.assign(n_stops + 1, 0);
  for (auto const s : d.pattern_stops_) {
    ++d.stop_pattern_offset_[s.v() + 1];
  }
  std::partial_sum(begin(d.stop_pattern_offset_), end(d.stop_pattern_offset_), begin(d.stop_pattern_offset_));
  d.stop_pattern_.resize(d.pattern_stops_.size());
  d.stop_pattern_pos_.resize(d.pattern_stops_.size());
  auto fill = d.stop_pattern_offset_;
  for (auto p = 0U; p != d.n_patterns(); ++p) {
    for (auto i = d.pattern_stop_offset_[p]; i != d.pattern_stop_offset_[p + 1]; ++i) {
      auto const s = d.pattern_stops_[i];
      d.stop_pattern_[fill[s.v()]] = pattern_idx{p};
      d.stop_pattern_pos_[fill[s.v()]++] = i - d.pattern_stop_offset_[p];
    }
  }

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
  d.footpath_offset_.assign(n_stops + 1, 0);
  for (auto const& [key, secs] : paths) {
    ++d.footpath_offset_[key.first.v() + 1];
    d.footpaths_.push_back({key.second, secs});  // map order = sorted by from stop
  }
  std::partial_sum(begin(d.footpath_offset_), end(d.footpath_offset_), begin(d.footpath_offset_));
  return d;
}

}  // namespace solimob::transit
