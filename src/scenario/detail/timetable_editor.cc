#include "scenario/detail/timetable_editor.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <unordered_set>
#include <utility>

#include "core/error.h"
#include "core/geo.h"

namespace solimob::scenario::detail {

namespace {

std::string scoped(std::size_t index, std::string const& rest) {
  return "s" + std::to_string(index) + ":" + rest;
}

// Hop k runs from stop k to stop k + 1; dwell k is spent at stop k.
template <typename Trip>
std::vector<seconds_t> hops_of(Trip const& t) {
  std::vector<seconds_t> h;
  for (auto k = 1U; k < t.stops_.size(); ++k) {
    h.push_back(t.arrival_[k] - t.departure_[k - 1]);
  }
  return h;
}
template <typename Trip>
std::vector<seconds_t> dwells_of(Trip const& t) {
  std::vector<seconds_t> d;
  for (auto k = 0U; k != t.stops_.size(); ++k) {
    d.push_back(t.departure_[k] - t.arrival_[k]);
  }
  return d;
}
// Times rebuilt from hops and dwells, the first arrival kept.
template <typename Trip>
void retime(Trip& t, std::vector<seconds_t> const& hops, std::vector<seconds_t> const& dwells) {
  for (auto k = 0U; k != t.stops_.size(); ++k) {
    if (k != 0) {
      t.arrival_[k] = t.departure_[k - 1] + hops[k - 1];
    }
    t.departure_[k] = t.arrival_[k] + dwells[k];
  }
}
template <typename Trip>
void shift(Trip& t, seconds_t delta) {
  for (auto& a : t.arrival_) {
    a += delta;
  }
  for (auto& d : t.departure_) {
    d += delta;
  }
}
seconds_t scaled(seconds_t s, double factor) {
  return static_cast<seconds_t>(std::lround(static_cast<double>(s) * factor));
}

}  // namespace

timetable_editor::timetable_editor(network::network& n) : n_{n}, tt_{n.transit_} {
  for (auto t = trip_idx{0}; t.v() != tt_.n_trips(); t = trip_idx{t.v() + 1}) {
    trip x;
    x.id_ = tt_.trip_label(t);
    x.route_ = tt_.trip_route_[t];
    x.service_ = tt_.trip_service_[t];
    x.wheelchair_ = tt_.trip_wheelchair_[t];
    auto const stops = tt_.trip_stops_[t];
    x.stops_.assign(begin(stops), end(stops));
    auto const b = static_cast<std::ptrdiff_t>(tt_.trip_stops_.begin_at(t));
    auto const e = static_cast<std::ptrdiff_t>(tt_.trip_stops_.end_at(t));
    x.arrival_.assign(tt_.trip_arrival_.begin() + b, tt_.trip_arrival_.begin() + e);
    x.departure_.assign(tt_.trip_departure_.begin() + b, tt_.trip_departure_.begin() + e);
    x.flags_.assign(tt_.trip_stop_flags_.begin() + b, tt_.trip_stop_flags_.begin() + e);
    trip_ids_.emplace(x.id_, trips_.size());
    trips_.push_back(std::move(x));
  }
  for (auto const& e : tt_.frequencies_) {
    frequencies_.push_back({e, e.trip_.v()});
  }
  for (auto const s : tt_.stop_id_.keys()) {
    stop_ids_.emplace(tt_.stop_id_[s], s);
  }
}

void timetable_editor::apply(named_modification const& m) {
  std::visit([&](auto const& x) { edit(m.index_, x); }, m.change_);
  // Times must stay in the two service days the timetable holds and run forwards: a tiny speed
  // factor or a long reroute could push them out (int32 seconds) or before midnight.
  for (auto const& t : trips_) {
    if (!t.alive_) {
      continue;
    }
    for (auto k = 0U; k != t.stops_.size(); ++k) {
      auto const a = t.arrival_[k], d = t.departure_[k];
      auto const previous = k == 0 ? 0 : t.departure_[k - 1];
      if (a < 0 || d > 2 * kSecondsPerDay || d < a || a < previous) {
        throw input_error{m.label() + ": trip '" + t.id_ + "' would " +
                          (a < 0                    ? std::string{"leave before midnight"}
                           : d > 2 * kSecondsPerDay ? std::string{"run past 48:00"}
                                                    : std::string{"run backwards"}) +
                          " at its stop " + std::to_string(k + 1) + " (check the times, scales and hop times)"};
      }
    }
  }
}

void timetable_editor::finish() {
  std::vector<trip_idx> index(trips_.size(), trip_idx::invalid());
  tt_.trip_route_.clear();
  tt_.trip_service_.clear();
  tt_.trip_wheelchair_.clear();
  tt_.trip_id_.clear();
  tt_.trip_stops_ = {};
  tt_.trip_arrival_.clear();
  tt_.trip_departure_.clear();
  tt_.trip_stop_flags_.clear();
  for (auto i = 0U; i != trips_.size(); ++i) {
    auto const& t = trips_[i];
    if (!t.alive_) {
      continue;
    }
    index[i] = tt_.trip_route_.next_key();
    tt_.trip_route_.push_back(t.route_);
    tt_.trip_service_.push_back(t.service_);
    tt_.trip_wheelchair_.push_back(t.wheelchair_);
    tt_.trip_id_.push_back(t.id_);
    tt_.trip_stops_.emplace_back(t.stops_);
    tt_.trip_arrival_.insert(tt_.trip_arrival_.end(), begin(t.arrival_), end(t.arrival_));
    tt_.trip_departure_.insert(tt_.trip_departure_.end(), begin(t.departure_), end(t.departure_));
    tt_.trip_stop_flags_.insert(tt_.trip_stop_flags_.end(), begin(t.flags_), end(t.flags_));
  }
  tt_.frequencies_.clear();
  for (auto const& f : frequencies_) {
    if (f.alive_ && trips_[f.trip_].alive_) {
      auto e = f.entry_;
      e.trip_ = index[f.trip_];
      tt_.frequencies_.push_back(e);
    }
  }
  tt_.group_sequences();
  network::relink_stops(n_, new_stops_, {});
}

bool timetable_editor::is_template(std::size_t trip) const {
  return std::any_of(begin(frequencies_), end(frequencies_),
                     [&](frequency const& f) { return f.alive_ && f.trip_ == trip; });
}

bool timetable_editor::in_window(std::size_t i, trip_selector const& s) const {
  auto const inside = [&](seconds_t t) { return (!s.start_s_ || t >= *s.start_s_) && (!s.end_s_ || t < *s.end_s_); };
  if (!s.start_s_ && !s.end_s_) {
    return true;
  }
  if (is_template(i)) {
    return std::any_of(begin(frequencies_), end(frequencies_),
                       [&](frequency const& f) { return f.alive_ && f.trip_ == i && inside(f.entry_.start_); });
  }
  return inside(trips_[i].departure_.front());
}

std::vector<std::size_t> timetable_editor::selected(trip_selector const& s) const {
  std::set<route_idx> routes;
  for (auto const& r : s.routes_) {
    auto const it = std::find(begin(tt_.route_id_), end(tt_.route_id_), r);
    routes.insert(route_idx{static_cast<std::uint32_t>(it - begin(tt_.route_id_))});
  }
  std::set<std::string> const ids(begin(s.trips_), end(s.trips_));
  std::vector<std::vector<stop_idx>> patterns;
  for (auto const& p : s.patterns_) {
    patterns.push_back(trips_[trip_ids_.at(p)].stops_);
  }
  std::vector<std::size_t> out;
  for (auto i = 0U; i != trips_.size(); ++i) {
    auto const& t = trips_[i];
    if (t.alive_ &&
        (routes.contains(t.route_) || ids.contains(t.id_) ||
         std::find(begin(patterns), end(patterns), t.stops_) != end(patterns)) &&
        in_window(i, s)) {
      out.push_back(i);
    }
  }
  return out;
}

void timetable_editor::kill(std::size_t trip) {
  trips_[trip].alive_ = false;
  for (auto& f : frequencies_) {
    if (f.trip_ == trip) {
      f.alive_ = false;
    }
  }
}

stop_idx timetable_editor::stop_of(stop_ref const& r, std::string const& new_id, std::string const& default_name,
                                   std::uint8_t wheelchair) {
  if (!r.id_.empty()) {
    return stop_ids_.at(r.id_);
  }
  auto const s = tt_.stop_pos_.next_key();
  tt_.stop_pos_.push_back(*r.pos_);
  tt_.stop_id_.push_back(new_id);
  tt_.stop_name_.push_back(r.name_.empty() ? default_name : r.name_);
  tt_.stop_wheelchair_.push_back(wheelchair);
  stop_ids_.emplace(new_id, s);
  new_stops_.push_back(s);
  return s;
}

service_idx timetable_editor::service_for(day_mask days) {
  if (auto const it = services_.find(days); it != services_.end()) {
    return it->second;
  }
  // The days the feeds cover (the union of their calendars), on the given weekdays.
  auto first = to_day({2020, 1, 1});
  auto end = first + 3660;  // no service at all: ten years
  if (!tt_.service_first_day_.empty()) {
    first = *std::min_element(begin(tt_.service_first_day_), std::end(tt_.service_first_day_));
    end = first;
    for (auto const s : tt_.service_first_day_.keys()) {
      end = std::max(end, tt_.service_first_day_[s] + static_cast<day_t>(tt_.service_days_[s].size()));
    }
  }
  std::vector<std::uint8_t> active;
  for (auto d = first; d < end; ++d) {
    active.push_back(static_cast<std::uint8_t>((days >> weekday(d)) & 1U));
  }
  auto const s = tt_.service_first_day_.next_key();
  tt_.service_first_day_.push_back(first);
  tt_.service_days_.emplace_back(active);
  services_.emplace(days, s);
  return s;
}

std::size_t timetable_editor::add_trip(trip t) {
  trip_ids_.emplace(t.id_, trips_.size());
  trips_.push_back(std::move(t));
  return trips_.size() - 1;
}

void timetable_editor::add_runs(trip t, frequency_entry const& f) {
  t.service_ = service_for(f.days_);
  t.alive_ = true;
  if (!f.first_departures_.empty()) {
    for (auto const d : f.first_departures_) {
      auto run = t;
      run.id_ += "@" + std::to_string(d);
      shift(run, d - run.departure_.front());
      add_trip(std::move(run));
    }
    return;
  }
  shift(t, f.start_s_ - t.departure_.front());
  auto const seed = transit::frequency_seed(t.id_, f.start_s_);
  auto const i = add_trip(std::move(t));
  frequencies_.push_back({{seed, trip_idx::invalid(), f.start_s_, f.end_s_, f.headway_s_, 0U}, i});
}

void timetable_editor::edit(std::size_t index, add_trips const& a) {
  auto const route = tt_.route_id_.next_key();
  tt_.route_id_.push_back(scoped(index, "route"));
  tt_.route_name_.push_back(a.route_name_);
  tt_.route_type_.push_back(a.route_type_);
  std::vector<stop_idx> stops;
  for (auto k = 0U; k != a.stops_.size(); ++k) {
    stops.push_back(stop_of(a.stops_[k], scoped(index, "stop" + std::to_string(k)),
                            a.route_name_ + " " + std::to_string(k + 1), a.wheelchair_accessible_ ? 1 : 0));
  }
  std::vector<seconds_t> hops = a.hop_times_s_;
  if (a.speed_kmh_) {
    hops.clear();
    for (auto k = 1U; k < stops.size(); ++k) {
      auto const m = haversine_m(tt_.stop_pos_[stops[k - 1]], tt_.stop_pos_[stops[k]]);
      hops.push_back(static_cast<seconds_t>(std::lround(m / (*a.speed_kmh_ / 3.6))));
    }
  }
  auto dwells = a.dwell_times_s_;
  if (dwells.empty()) {
    dwells.assign(stops.size(), a.dwell_time_s_);
  }
  for (auto const back : {false, true}) {
    if (back && !a.bidirectional_) {
      break;
    }
    trip t;
    t.route_ = route;
    t.wheelchair_ = a.wheelchair_accessible_ ? 1 : 2;
    t.stops_ = stops;
    t.arrival_.assign(stops.size(), 0);
    t.departure_.assign(stops.size(), 0);
    t.flags_.assign(stops.size(), 0);
    auto h = hops;
    auto d = dwells;
    if (back) {
      std::reverse(begin(t.stops_), end(t.stops_));
      std::reverse(begin(h), end(h));
      std::reverse(begin(d), end(d));
    }
    retime(t, h, d);
    for (auto k = 0U; k != a.frequencies_.size(); ++k) {
      auto run = t;
      run.id_ = scoped(index, std::to_string(k) + (back ? "r" : ""));
      add_runs(std::move(run), a.frequencies_[k]);
    }
  }
}

void timetable_editor::edit(std::size_t, remove_trips const& r) {
  auto const& s = r.select_;
  for (auto const i : selected(s)) {
    if (is_template(i) && (s.start_s_ || s.end_s_)) {
      // Only the entries starting in the window go; the template with the last of them.
      for (auto& f : frequencies_) {
        if (f.alive_ && f.trip_ == i && (!s.start_s_ || f.entry_.start_ >= *s.start_s_) &&
            (!s.end_s_ || f.entry_.start_ < *s.end_s_)) {
          f.alive_ = false;
        }
      }
      if (!is_template(i)) {
        kill(i);
      }
    } else {
      kill(i);
    }
  }
}

void timetable_editor::edit(std::size_t index, adjust_frequency const& a) {
  auto const route = route_idx{
      static_cast<std::uint32_t>(std::find(begin(tt_.route_id_), end(tt_.route_id_), a.route_) - begin(tt_.route_id_))};
  // The sources are read before the route's trips go (a source may be one of them).
  std::vector<trip> sources;
  for (auto const& e : a.entries_) {
    sources.push_back(trips_[trip_ids_.at(e.source_trip_)]);
  }
  // A scheduled trip an entry replaces: leaving in its window on one of its weekdays.
  auto const weekdays = [&](service_idx s) {
    day_mask m = 0;
    auto const days = tt_.service_days_[s];
    for (auto i = 0U; i != days.size() && m != kAllDays; ++i) {
      if (days[i] != 0) {
        m = static_cast<day_mask>(m | (1U << weekday(tt_.service_first_day_[s] + static_cast<day_t>(i))));
      }
    }
    return m;
  };
  auto const covered = [&](trip const& t) {
    auto const d = t.departure_.front();
    auto const m = weekdays(t.service_);
    return std::any_of(begin(a.entries_), end(a.entries_), [&](auto const& e) {
      return d >= e.times_.start_s_ && d < e.times_.end_s_ && (e.times_.days_ & m) != 0;
    });
  };
  for (auto i = 0U; i != trips_.size(); ++i) {
    auto const& t = trips_[i];
    if (!t.alive_ || t.route_ != route) {
      continue;
    }
    if (is_template(i) || !a.retain_trips_outside_frequency_entries_ || covered(t)) {
      kill(i);
    }
  }
  for (auto k = 0U; k != a.entries_.size(); ++k) {
    auto t = sources[k];
    t.id_ = scoped(index, t.id_ + ":" + std::to_string(k));
    add_runs(std::move(t), a.entries_[k].times_);
  }
}

void timetable_editor::edit(std::size_t, adjust_speed const& a) {
  std::set<std::pair<stop_idx, stop_idx>> hops;
  for (auto const& [from, to] : a.hops_) {
    hops.emplace(stop_ids_.at(from), stop_ids_.at(to));
  }
  for (auto const i : selected(a.select_)) {
    auto& t = trips_[i];
    auto h = hops_of(t);
    auto d = dwells_of(t);
    std::vector<bool> at_stop(t.stops_.size(), hops.empty());
    for (auto k = 0U; k != h.size(); ++k) {
      if (hops.empty() || hops.contains({t.stops_[k], t.stops_[k + 1]})) {
        h[k] = scaled(h[k], 1.0 / a.scale_);
        at_stop[k] = at_stop[k + 1] = true;
      }
    }
    if (a.scale_dwells_) {
      for (auto k = 0U; k != d.size(); ++k) {
        if (at_stop[k]) {
          d[k] = scaled(d[k], 1.0 / a.scale_);
        }
      }
    }
    retime(t, h, d);
  }
}

void timetable_editor::edit(std::size_t, adjust_dwell_time const& a) {
  std::set<stop_idx> stops;
  for (auto const& s : a.stops_) {
    stops.insert(stop_ids_.at(s));
  }
  for (auto const i : selected(a.select_)) {
    auto& t = trips_[i];
    auto const h = hops_of(t);
    auto d = dwells_of(t);
    for (auto k = 0U; k != d.size(); ++k) {
      if (stops.empty() || stops.contains(t.stops_[k])) {
        d[k] = a.dwell_s_ ? *a.dwell_s_ : scaled(d[k], *a.scale_);
      }
    }
    retime(t, h, d);
  }
}

void timetable_editor::edit(std::size_t, remove_stops const& r) {
  std::set<stop_idx> stops;
  for (auto const& s : r.stops_) {
    stops.insert(stop_ids_.at(s));
  }
  for (auto const i : selected(r.select_)) {
    auto& t = trips_[i];
    trip out;
    seconds_t saved = 0;
    for (auto k = 0U; k != t.stops_.size(); ++k) {
      if (stops.contains(t.stops_[k])) {
        saved += r.seconds_saved_at_each_stop_;
        continue;
      }
      // Never earlier than the departure from the stop before.
      auto const floor = out.departure_.empty() ? 0 : out.departure_.back();
      auto const arrival = std::max(floor, t.arrival_[k] - saved);
      out.stops_.push_back(t.stops_[k]);
      out.arrival_.push_back(arrival);
      out.departure_.push_back(std::max(arrival, t.departure_[k] - saved));
      out.flags_.push_back(t.flags_[k]);
    }
    if (out.stops_.size() < 2) {
      kill(i);
      continue;
    }
    t.stops_ = std::move(out.stops_);
    t.arrival_ = std::move(out.arrival_);
    t.departure_ = std::move(out.departure_);
    t.flags_ = std::move(out.flags_);
  }
}

void timetable_editor::edit(std::size_t index, reroute const& r) {
  std::vector<stop_idx> fresh;
  for (auto k = 0U; k != r.stops_.size(); ++k) {
    fresh.push_back(stop_of(r.stops_[k], scoped(index, "stop" + std::to_string(k)),
                            "reroute " + std::to_string(index) + " " + std::to_string(k + 1), 0));
  }
  auto const none = std::numeric_limits<std::size_t>::max();
  auto const from = r.from_stop_.empty() ? stop_idx::invalid() : stop_ids_.at(r.from_stop_);
  auto const to = r.to_stop_.empty() ? stop_idx::invalid() : stop_ids_.at(r.to_stop_);
  for (auto const i : selected(r.select_)) {
    auto& t = trips_[i];
    auto const find = [&](stop_idx s, std::size_t after) {
      for (auto k = after; k < t.stops_.size(); ++k) {
        if (t.stops_[k] == s) {
          return static_cast<std::size_t>(k);
        }
      }
      return none;
    };
    auto const f = from.valid() ? find(from, 0) : none;
    auto const g = to.valid() ? find(to, f == none ? 0 : f + 1) : none;
    if ((from.valid() && f == none) || (to.valid() && g == none)) {
      continue;  // the trip does not pass there
    }
    trip out;
    auto const keep = [&](std::size_t k, seconds_t delta) {
      out.stops_.push_back(t.stops_[k]);
      out.arrival_.push_back(t.arrival_[k] + delta);
      out.departure_.push_back(t.departure_[k] + delta);
      out.flags_.push_back(t.flags_[k]);
    };
    auto const add = [&](std::size_t k, seconds_t arrival) {
      out.stops_.push_back(fresh[k]);
      out.arrival_.push_back(arrival);
      out.departure_.push_back(arrival + r.dwell_times_s_[k]);
      out.flags_.push_back(0);
    };
    // The dwell given at a kept stop g replaces the trip's own: the rest of the trip shifts.
    auto const keep_rest = [&](std::size_t from_k, seconds_t delta, std::optional<seconds_t> dwell) {
      keep(from_k, delta);
      if (dwell) {
        auto const dep = out.arrival_.back() + *dwell;
        delta += dep - out.departure_.back();
        out.departure_.back() = dep;
      }
      for (auto k = from_k + 1; k < t.stops_.size(); ++k) {
        keep(k, delta);
      }
    };
    if (from.valid()) {
      for (auto k = 0U; k <= f; ++k) {
        keep(k, 0);
      }
      if (r.from_stop_dwell_s_) {
        out.departure_.back() = out.arrival_.back() + *r.from_stop_dwell_s_;
      }
      auto cur = out.departure_.back();
      for (auto k = 0U; k != fresh.size(); ++k) {
        add(k, cur + r.hop_times_s_[k]);
        cur = out.departure_.back();
      }
      if (to.valid()) {
        // The rest of the trip runs as before, shifted by what the new section gains or loses.
        keep_rest(g, cur + r.hop_times_s_.back() - t.arrival_[g], r.to_stop_dwell_s_);
      }
    } else {
      // The new section leads to to_stop, whose times stay: it starts earlier or later.
      auto arrival = t.arrival_[g];
      std::vector<seconds_t> arrivals(fresh.size());
      for (auto k = fresh.size(); k-- != 0;) {
        arrivals[k] = arrival - r.hop_times_s_[k] - r.dwell_times_s_[k];
        arrival = arrivals[k];
      }
      for (auto k = 0U; k != fresh.size(); ++k) {
        add(k, arrivals[k]);
      }
      keep_rest(g, 0, r.to_stop_dwell_s_);
    }
    t.stops_ = std::move(out.stops_);
    t.arrival_ = std::move(out.arrival_);
    t.departure_ = std::move(out.departure_);
    t.flags_ = std::move(out.flags_);
  }
}

void timetable_editor::edit(std::size_t, make_accessible const& m) {
  for (auto const& id : m.stops_) {
    auto const s = stop_ids_.at(id);
    tt_.stop_wheelchair_[s] = 1;
    open_station(s);
  }
  std::set<std::string> const routes(begin(m.routes_), end(m.routes_));
  std::set<std::string> const ids(begin(m.trips_), end(m.trips_));
  for (auto& t : trips_) {
    if (t.alive_ && (routes.contains(tt_.route_id_[t.route_]) || ids.contains(t.id_))) {
      t.wheelchair_ = 1;
    }
  }
}

// A platform reached through station pathways (network/stations.h): every pathway and entrance of
// its station becomes step-free: steps get a ramp, escalators become lifts, the pathways and entrances
// say wheelchair=yes and their wheelchair barriers (fare gates) become passable.
void timetable_editor::open_station(stop_idx s) {
  using street::edge_attr;
  auto& g = n_.streets_;
  if (s.v() >= n_.stop_snap_.size() || !n_.stop_snap_[s].valid()) {
    return;
  }
  auto const start = n_.stop_snap_[s].edge_;
  if ((g.edge_attr_[start].flags_ & edge_attr::kStation) == 0) {
    return;
  }
  std::vector<node_idx> queue{g.edge_from_[start], g.edge_to_[start]};
  std::unordered_set<std::uint32_t> seen{queue[0].v(), queue[1].v()};
  for (auto q = 0U; q != queue.size(); ++q) {
    auto const u = queue[q];
    auto inside = true;  // every edge of u is a station edge: not the street end of an entrance link
    for (auto const& nb : g.adjacency_[u]) {
      auto& a = g.edge_attr_[nb.edge_];
      if ((a.flags_ & edge_attr::kStation) == 0) {
        inside = false;
        continue;
      }
      if (a.kind_ == street::edge_kind::kSteps) {
        a.flags_ |= edge_attr::kRamp;
      } else if (a.kind_ == street::edge_kind::kEscalator) {
        a.kind_ = street::edge_kind::kElevator;
      }
      a.wheelchair_ = street::wheelchair_tag::kYes;
      if (seen.insert(nb.node_.v()).second) {
        queue.push_back(nb.node_);
      }
    }
    auto& na = g.node_attr_[u];
    if (inside || (na.flags_ & street::node_attr::kEntrance) != 0) {
      na.wheelchair_ = street::wheelchair_tag::kYes;
      if (na.barrier_ == street::barrier_class::kNoWheelchair) {
        na.barrier_ = street::barrier_class::kPassable;
      }
    }
  }
}

}  // namespace solimob::scenario::detail
