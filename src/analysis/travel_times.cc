#include "analysis/travel_times.h"

#include "analysis/car_times.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <iterator>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>

#include "analysis/on_demand_legs.h"
#include "core/error.h"
#include "core/nested.h"
#include "core/parallel.h"
#include "network/network.h"
#include "profile/edge_costs.h"
#include "street/attached_points.h"
#include "transit/fare_raptor.h"
#include "transit/raptor.h"

namespace solimob::analysis {

namespace {

using street::attached_points;
using street::reach_scratch;

std::vector<street::snap> snap_points(street::street_index const& index, std::span<point const> points, double radius_m,
                                      street::edge_costs const* costs, std::vector<point_idx>& unlinked) {
  std::vector<street::snap> out;
  out.reserve(points.size());
  for (auto i = 0U; i != points.size(); ++i) {
    out.push_back(index.nearest(points[i].pos_, radius_m, costs));
    if (!out.back().valid()) {
      unlinked.push_back(point_idx{i});
    }
  }
  return out;
}

// Stops as the network linked them, or linked again to the edges a profile may use. A platform
// standing on its station's pathways stays there: the profile's costs say how it is reached.
std::vector<street::snap> stop_snaps(network::network const& net, street::street_index const& index,
                                     street::edge_costs const* costs) {
  if (costs == nullptr) {
    return {begin(net.stop_snap_), end(net.stop_snap_)};
  }
  std::vector<street::snap> out;
  for (auto s = 0U; s != net.transit_.n_stops(); ++s) {
    auto const& linked = net.stop_snap_[stop_idx{s}];
    auto const in_station =
        linked.valid() && (net.streets_.edge_attr_[linked.edge_].flags_ & street::edge_attr::kStation) != 0;
    out.push_back(in_station ? linked
                             : index.nearest(net.transit_.stop_pos_[stop_idx{s}], net.params_.link_radius_m_, costs));
  }
  return out;
}

// Egress legs: for every stop, the destinations within walking reach and the walk in seconds.
struct egress {
  std::uint32_t dest_;
  seconds_t duration_;
};
using egress_table = nested<stop_idx, egress>;

egress_table make_egress(network::network const& net, street::edge_costs const* costs, attached_points const& dests,
                         attached_points const& stops, std::uint32_t limit_cm, double speed_mps) {
  // Search from each destination, record the stops it reaches: symmetric for lengths; with a
  // profile's directed costs, the reverse costs (stop -> destination) are searched.
  std::vector<std::vector<egress>> per_stop(net.transit_.n_stops());
  std::optional<street::edge_costs> reversed;
  if (costs != nullptr) {
    reversed = street::edge_costs{costs->backward_, costs->forward_};
  }
  street::walk_search search{net.streets_, reversed ? &*reversed : nullptr};
  reach_scratch scratch{stops.size()};
  for (auto d = 0U; d != dests.size(); ++d) {
    auto const& src = dests.snap(d);
    if (!src.valid()) {
      continue;
    }
    search.run(src, limit_cm);
    stops.for_each_reached(search, src, scratch, [&](std::uint32_t s, std::uint32_t cm) {
      per_stop[s].push_back({d, transit::walk_seconds(cm, speed_mps)});
    });
  }
  egress_table e;
  for (auto const& v : per_stop) {
    e.emplace_back(v);
  }
  return e;
}

void print_progress(std::size_t done, std::size_t total, std::chrono::steady_clock::time_point start) {
  done = std::min(done, total);
  auto const elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto const eta = done == 0 ? 0.0 : elapsed / static_cast<double>(done) * static_cast<double>(total - done);
  std::fprintf(stderr, "\rorigins %zu / %zu  (%.0f%%)  elapsed %.1fs  ETA %.1fs   ", done, total,
               100.0 * static_cast<double>(done) / static_cast<double>(std::max<std::size_t>(1, total)), elapsed, eta);
}

}  // namespace

// Everything that depends on the network, the destinations and the parameters but not on the
// origins: built once, shared read-only by the worker threads.
struct travel_time_engine::impl {
  impl(network::network const& net, std::span<point const> destinations, travel_time_params const& p)
      : net_{net},
        p_{p},
        speed_mps_{p.profile_.speed_kmh_ / 3.6},
        max_time_s_{p.max_time_min_ * 60},
        walk_limit_cm_{static_cast<std::uint32_t>(std::lround(p.profile_.max_leg_m_ * 100.0))},
        // A walk-only trip may last the whole trip budget in walk mode; with transit it is one walking leg.
        direct_limit_cm_{p.mode_ == mode::kWalk
                             ? static_cast<std::uint32_t>(std::min(4e9, max_time_s_ * speed_mps_ * 100.0))
                             : walk_limit_cm_},
        n_minutes_{static_cast<std::size_t>(std::max(1, p.window_min_))},
        use_transit_{p.mode_ == mode::kTransit},
        costs_{profile::needs_costs(net.streets_, p.profile_)
                   ? std::optional{profile::make_edge_costs(net.streets_, p.profile_, p.bound_)}
                   : std::nullopt},
        index_{net.streets_},
        dests_{net.streets_, snap_points(index_, destinations, p.link_radius_m_, costs(), unlinked_destinations_)},
        stops_{net.streets_, stop_snaps(net, index_, costs())} {
    auto const& prof = p.profile_;
    if (p.max_fare_cents_ && p.pricer_ == nullptr) {
      throw input_error{
          "--max-fare: no fare rules to price trips with (give --fares or a feed with fares, and --rider)"};
    }
    // Without a bound the priced range RAPTOR reports the modes as the plain one; the time/fare
    // search of --max-fare does not track them yet.
    if (p.max_fare_cents_ && p.modes_) {
      throw input_error{"--modes does not yet combine with --max-fare"};
    }
    if (p.mode_ == mode::kCar && !p.on_demand_.empty()) {
      throw input_error{"--on-demand: give --mode transit or walk (a car trip uses no on-demand service)"};
    }
    if (prof.mode_ == profile::street_mode::kBike && use_transit_) {
      throw input_error{"--profile " + prof.name_ +
                        ": a bike profile makes whole trips by bike; use --mode walk "
                        "(streets only)"};
    }
    if (p.mode_ == mode::kCar) {
      init_car(destinations);
      return;
    }
    if (!p.on_demand_.empty()) {
      on_demand_.emplace(net, p.on_demand_, prof.name_, p.day_, destinations, max_time_s_, p.link_radius_m_);
    }
    if (!use_transit_) {
      return;
    }
    // Transfers are street legs too: the profile's longest leg caps them below the network's own
    // limit. The saved ones are for the plain walk; another profile searches its own.
    std::vector<transit::stop_transfer> transfers;
    if (costs_) {
      auto const network_limit = static_cast<std::uint32_t>(net.params_.max_transfer_m_ * 100.0);
      std::vector<street::snap> snaps(stops_.size());
      for (auto i = 0U; i != snaps.size(); ++i) {
        snaps[i] = stops_.snap(i);
      }
      transfers = network::compute_transfers(net.streets_, snaps, &*costs_, std::min(walk_limit_cm_, network_limit),
                                             p.threads_);
    } else {
      std::copy_if(begin(net.transfers_), end(net.transfers_), std::back_inserter(transfers),
                   [&](transit::stop_transfer const& t) { return t.length_cm_ <= walk_limit_cm_; });
    }
    // Wheelchair users board only where GTFS says the stop and the trip are accessible (or, for the
    // optimistic bound, where it says nothing).
    transit::boarding_filter filter;
    if (prof.wheelchair_) {
      auto const ok = [&](std::uint8_t v) {
        return static_cast<std::uint8_t>(v == 1 || (v == 0 && p.bound_ == profile::accessibility_bound::kOptimistic));
      };
      std::transform(begin(net.transit_.trip_wheelchair_), end(net.transit_.trip_wheelchair_),
                     std::back_inserter(filter.trip_ok_), ok);
      std::transform(begin(net.transit_.stop_wheelchair_), end(net.transit_.stop_wheelchair_),
                     std::back_inserter(filter.stop_ok_), ok);
    }
    auto const last_departure = p.departure_ + static_cast<seconds_t>((n_minutes_ - 1) * 60);
    auto const draws = frequency_draws(p);
    auto const make = [&](int draw) {
      auto d = transit::make_day_timetable(net.transit_, p.day_, p.departure_, last_departure + max_time_s_, transfers,
                                           speed_mps_, prof.board_slack_s_, draw, filter);
      // The profile's extra change time goes on every change: walking transfers and staying at the stop.
      if (prof.min_change_s_ != 0) {
        for (auto& f : d.footpaths_.data_) {
          f.duration_ += prof.min_change_s_;
        }
        for (auto& x : d.same_stop_extra_) {
          x = x == kUnreachable ? x : x + prof.min_change_s_;
        }
      }
      return d;
    };
    day_tts_.push_back(make(draws == 0 ? transit::kStartTimeDraw : 0));
    // Without a drawn trip every draw is this timetable: one run gives the same percentiles as K
    // identical ones (nearest rank over K copies of n values = over the n values).
    if (draws > 1 && day_tts_.front().n_drawn_entries_ != 0) {
      day_tts_.resize(static_cast<std::size_t>(draws));
      parallel_for(day_tts_.size() - 1, p.threads_,
                   [&](std::size_t k) { day_tts_[k + 1] = make(static_cast<int>(k + 1)); });
    }
    egress_ = make_egress(net, costs(), dests_, stops_, walk_limit_cm_, speed_mps_);
  }

  // --mode car: the destinations on the car network instead of the walk graph.
  void init_car(std::span<point const> destinations) {
    if (net_.cars_.empty()) {
      throw input_error{"--mode car: this network has no car data (no drivable way in its OpenStreetMap extract)"};
    }
    if (p_.car_parking_min_ < 0.0) {
      throw input_error{"--car-parking-min: expected 0 or more minutes, got " + std::to_string(p_.car_parking_min_)};
    }
    car_.emplace(net_.cars_, destinations, p_.link_radius_m_, speed_mps_,
                 static_cast<seconds_t>(std::lround(p_.car_parking_min_ * 60.0)), max_time_s_);
    unlinked_destinations_ = car_->unlinked_destinations();
  }

  std::size_t n_draws() const { return std::max<std::size_t>(1, day_tts_.size()); }
  street::edge_costs const* costs() const { return costs_ ? &*costs_ : nullptr; }

  // Per-thread search state, reused from one origin to the next.
  struct worker_state {
    explicit worker_state(impl const& e)
        : search_{e.net_.streets_, e.costs()},
          dest_scratch_{e.dests_.size()},
          stop_scratch_{e.stops_.size()},
          walk_only_(e.dests_.size()),
          dest_arrival_(e.dests_.size()),
          times_(e.dests_.size() * e.n_minutes_ * e.n_draws()),
          dest_mode_(e.dests_.size()),
          modes_(e.p_.modes_ ? times_.size() : 0) {
      if (e.p_.pricer_ != nullptr) {
        fares_.resize(times_.size());
      }
      if (e.priced()) {
        dest_fare_.resize(e.dests_.size());
        direct_fare_.resize(e.dests_.size());
      }
      if (e.exact_fares()) {
        if (!e.day_tts_.empty()) {
          fare_raptor_.emplace(e.day_tts_.front(), *e.p_.pricer_, e.p_.max_transfers_ + 1,
                               e.p_.profile_.board_slack_s_);
        }
      } else if (!e.day_tts_.empty()) {
        // Tags (which access the journey used) only when on-demand access exists, fare states only
        // when priced: the plain search does neither.
        raptor_.emplace(e.day_tts_.front(), e.p_.max_transfers_ + 1, e.p_.profile_.board_slack_s_, e.has_on_demand(),
                        e.priced() ? e.p_.pricer_ : nullptr);
      }
      if (e.car_) {
        car_search_.emplace(e.car_->make_search());
      }
      if (e.has_on_demand()) {
        on_demand_scratch_ = e.on_demand_->make_scratch();
        direct_arrival_.resize(e.dests_.size());
        direct_mode_.resize(e.dests_.size());
      }
    }
    street::walk_search search_;
    reach_scratch dest_scratch_, stop_scratch_;
    std::vector<seconds_t> walk_only_, dest_arrival_, times_;
    std::vector<std::uint8_t> dest_mode_, modes_;
    std::vector<transit::access_leg> access_;
    std::optional<transit::raptor> raptor_;  // serves every frequency draw in turn; priced without --max-fare
    std::optional<street::walk_search> car_search_;
    // With a pricer and --max-fare, instead of raptor_. With a pricer, the fare of the best trip per
    // destination, and per sample.
    std::optional<transit::fare_raptor> fare_raptor_;
    std::vector<std::int32_t> dest_fare_, fares_, direct_fare_;
    // On-demand: this origin's rides, the access of one minute, the best direct ride per destination.
    on_demand_legs::scratch on_demand_scratch_;
    on_demand_legs::origin_legs origin_legs_;
    std::vector<transit::access_leg> minute_access_;
    std::vector<seconds_t> direct_arrival_;
    std::vector<std::uint8_t> direct_mode_;
  };

  bool has_on_demand() const { return on_demand_ && !on_demand_->empty(); }
  // Trips are priced by the time/fare search (a pricer whose rider does not ride free).
  bool priced() const { return p_.pricer_ != nullptr && !p_.pricer_->rides_free(); }
  // ... under a fare bound: the exact time/fare search (compute_with_fares). Without one, fare_pNN is
  // the fare of the fastest trip, which the priced range RAPTOR carries along its labels.
  bool exact_fares() const { return priced() && p_.max_fare_cents_.has_value(); }

  // The access legs of departure `t`: walking ones, and the on-demand ones running at t. They vary
  // by minute, yet range RAPTOR stays exact: a journey leaving later is feasible for an earlier
  // departure (wait at the origin), so the later minute's labels stay valid upper bounds.
  std::span<transit::access_leg const> access_at(seconds_t t, worker_state& w) const {
    if (w.origin_legs_.access_.empty()) {
      return w.access_;
    }
    w.minute_access_ = w.access_;
    on_demand_->add_access(w.origin_legs_, t, w.minute_access_);
    return w.minute_access_;
  }

  // Trips without a transit ride leaving at `t`, best per destination: direct on-demand or
  // paratransit rides, and an on-demand ride to a hub followed by a walk (after access_at(t)).
  // Priced: also their fares (pricer::service_fare of the ride's fare_cents), the cheaper on a tie.
  void direct_rides(seconds_t t, worker_state& w) const {
    std::fill(begin(w.direct_arrival_), end(w.direct_arrival_), kUnreachable);
    auto const priced = this->priced();
    auto const keep = [&](std::uint32_t d, seconds_t arr, std::uint8_t modes, std::int32_t cents) {
      auto const paid = priced ? p_.pricer_->service_fare(cents) : 0;
      if (arr < w.direct_arrival_[d] || (priced && arr == w.direct_arrival_[d] && paid < w.direct_fare_[d])) {
        w.direct_arrival_[d] = arr;
        w.direct_mode_[d] = modes;
        if (priced) {
          w.direct_fare_[d] = paid;
        }
      }
    };
    on_demand_->for_each_direct(w.origin_legs_, t, keep);
    if (use_transit_ && !w.origin_legs_.access_.empty()) {
      for (auto const& a : w.minute_access_) {
        if (a.tag_ != 0) {  // an on-demand leg: walking ones are already walk_only_
          for (auto const& [d, walk] : egress_[a.stop_]) {
            keep(d, t + a.duration_ + walk, a.tag_, a.fare_cents_);
          }
        }
      }
    }
  }

  // egress_from with a pricer: `paid` is what the journey paid so far; the cheaper journey wins a
  // tie. Apart from egress_from, which the plain search inlines.
  void egress_priced(stop_idx s, seconds_t arr, std::uint8_t modes, std::int32_t paid, worker_state& w) const {
    auto const offer = [&](std::uint32_t d, seconds_t at, std::uint8_t m, std::int32_t f) {
      if (at < w.dest_arrival_[d] || (at == w.dest_arrival_[d] && f < w.dest_fare_[d])) {
        w.dest_arrival_[d] = at;
        w.dest_fare_[d] = f;
        w.dest_mode_[d] = m;
      }
    };
    for (auto const& [d, walk] : egress_[s]) {
      offer(d, arr + walk, modes, paid);
    }
    if (has_on_demand()) {
      on_demand_->for_each_egress(
          s, arr, [&](std::uint32_t d, seconds_t at, std::uint8_t egress_modes, std::int32_t f) {
            offer(d, at, static_cast<std::uint8_t>(modes | egress_modes), paid + p_.pricer_->service_fare(f));
          });
    }
  }

  // Transit arrival at stop s (with the journey's access modes) continued to the destinations.
  void egress_from(stop_idx s, seconds_t arr, std::uint8_t modes, worker_state& w) const {
    if (!p_.modes_ && !has_on_demand()) {
      for (auto const& [d, walk] : egress_[s]) {
        auto& best = w.dest_arrival_[d];
        best = std::min(best, arr + walk);
      }
      return;
    }
    for (auto const& [d, walk] : egress_[s]) {
      if (arr + walk < w.dest_arrival_[d]) {
        w.dest_arrival_[d] = arr + walk;
        w.dest_mode_[d] = modes;
      }
    }
    if (has_on_demand()) {
      on_demand_->for_each_egress(s, arr,
                                  [&](std::uint32_t d, seconds_t at, std::uint8_t egress_modes, std::int32_t /*fare*/) {
                                    if (at < w.dest_arrival_[d]) {
                                      w.dest_arrival_[d] = at;
                                      w.dest_mode_[d] = static_cast<std::uint8_t>(modes | egress_modes);
                                    }
                                  });
    }
  }

  // --mode car: one time per destination, the same for every departure minute (free-flow speeds).
  void compute_car(street::snap const& src, worker_state& w) const {
    car_->run(src, *w.car_search_, w.walk_only_);
    auto const n_samples = n_minutes_ * n_draws();
    for (auto d = 0U; d != dests_.size(); ++d) {
      auto const tt = w.walk_only_[d] < max_time_s_ ? w.walk_only_[d] : kUnreachable;
      std::fill_n(begin(w.times_) + static_cast<std::ptrdiff_t>(d * n_samples), n_samples, tt);
      if (!w.fares_.empty() && tt != kUnreachable) {  // no transit fare on a car trip
        std::fill_n(begin(w.fares_) + static_cast<std::ptrdiff_t>(d * n_samples), n_samples, 0);
      }
      if (!w.modes_.empty() && tt != kUnreachable) {
        std::fill_n(begin(w.modes_) + static_cast<std::ptrdiff_t>(d * n_samples), n_samples, trip_mode::kCar);
      }
    }
  }

  // Fills w.times_ for one origin.
  void compute(street::snap const& src, latlng origin, worker_state& w) const {
    std::fill(begin(w.fares_), end(w.fares_), -1);  // empty without a pricer
    if (car_) {
      std::fill(begin(w.modes_), end(w.modes_), 0);
      compute_car(src, w);
      return;
    }
    std::fill(begin(w.walk_only_), end(w.walk_only_), kUnreachable);
    std::fill(begin(w.times_), end(w.times_), kUnreachable);
    std::fill(begin(w.modes_), end(w.modes_), 0);
    w.origin_legs_ = {};
    if (has_on_demand()) {
      // The vehicle picks up at the door: an origin off the walk streets may still be served.
      on_demand_->prepare(origin, w.on_demand_scratch_, w.origin_legs_);
    }
    if (!src.valid() && w.origin_legs_.direct_.empty() && w.origin_legs_.access_.empty()) {
      return;
    }
    if (!src.valid()) {
      w.access_.clear();
    } else {
      w.search_.run(src, std::max(direct_limit_cm_, walk_limit_cm_));
      dests_.for_each_reached(w.search_, src, w.dest_scratch_, [&](std::uint32_t d, std::uint32_t cm) {
        if (cm <= direct_limit_cm_) {
          w.walk_only_[d] = transit::walk_seconds(cm, speed_mps_);
        }
      });
      if (use_transit_) {
        w.access_.clear();
        stops_.for_each_reached(w.search_, src, w.stop_scratch_, [&](std::uint32_t s, std::uint32_t cm) {
          if (cm <= walk_limit_cm_) {
            w.access_.push_back({stop_idx{s}, transit::walk_seconds(cm, speed_mps_)});
          }
        });
      }
    }
    if (exact_fares()) {
      compute_with_fares(w);
      return;
    }
    auto const priced = this->priced();
    auto const n_dest = dests_.size();
    auto const n_samples = n_minutes_ * n_draws();
    // One range RAPTOR over the window per draw: within a draw the timetable is fixed, so labels of
    // a later departure stay valid for an earlier one.
    for (auto k = 0U; k != n_draws(); ++k) {
      auto* const r = use_transit_ ? &*w.raptor_ : nullptr;
      if (r != nullptr) {
        r->reset(day_tts_[k]);
        std::fill(begin(w.dest_arrival_), end(w.dest_arrival_), kUnreachable);
      }
      // Latest departure first: range RAPTOR reuses the later departure's labels.
      for (auto m = n_minutes_; m-- != 0;) {
        auto const t = p_.departure_ + static_cast<seconds_t>(m * 60);
        if (r != nullptr) {
          r->run(t, access_at(t, w), t + max_time_s_);
          auto const tagged = has_on_demand();
          for (auto const s : r->improved()) {
            auto const modes = static_cast<std::uint8_t>(trip_mode::kTransit | (tagged ? r->arrival_tag(s) : 0));
            if (priced) {
              egress_priced(s, r->arrival(s), modes, r->arrival_fare(s), w);
            } else {
              egress_from(s, r->arrival(s), modes, w);
            }
          }
        }
        auto const direct = !w.origin_legs_.direct_.empty() || (r != nullptr && !w.origin_legs_.access_.empty());
        if (direct) {
          direct_rides(t, w);
        }
        if (!direct && !p_.modes_ && !priced) {
          store_times(k, m, t, r != nullptr, w);  // the plain search: branch-free, no modes
          continue;
        }
        for (auto d = 0U; d != n_dest; ++d) {
          auto tt = w.walk_only_[d];
          std::uint8_t modes = trip_mode::kWalk;
          auto fare = 0;  // walking is free, and wins a tie (as compute_with_fares)
          // Priced, a tie goes to the cheaper trip; unpriced, to the first one.
          auto const consider = [&](seconds_t arr, std::uint8_t md, std::int32_t paid) {
            if (arr != kUnreachable && (arr - t < tt || (priced && arr - t == tt && paid < fare))) {
              tt = arr - t;
              modes = md;
              fare = paid;
            }
          };
          if (r != nullptr) {
            consider(w.dest_arrival_[d], w.dest_mode_[d], priced ? w.dest_fare_[d] : 0);
          }
          if (direct) {
            consider(w.direct_arrival_[d], w.direct_mode_[d], priced ? w.direct_fare_[d] : 0);
          }
          auto const i = d * n_samples + k * n_minutes_ + m;
          w.times_[i] = tt < max_time_s_ ? tt : kUnreachable;
          if (p_.modes_) {
            w.modes_[i] = tt < max_time_s_ ? modes : 0;
          }
          if (priced) {
            w.fares_[i] = tt < max_time_s_ ? fare : -1;
          }
        }
      }
    }
    // A rider who rides free pays 0 for every trip (the plain search found them).
    if (!w.fares_.empty() && !priced) {
      std::transform(begin(w.times_), end(w.times_), begin(w.fares_),
                     [](seconds_t tt) { return tt == kUnreachable ? -1 : 0; });
    }
  }

  // Times of draw k, minute m (departure t) from the walk-only and transit arrivals.
  void store_times(std::size_t k, std::size_t m, seconds_t t, bool transit, worker_state& w) const {
    auto const n_samples = n_minutes_ * n_draws();
    for (auto d = 0U; d != dests_.size(); ++d) {
      auto tt = w.walk_only_[d];
      if (transit && w.dest_arrival_[d] != kUnreachable) {
        tt = std::min(tt, w.dest_arrival_[d] - t);
      }
      // As R5 (PerTargetPropagater: timeToReachTarget < maxTravelTimeSeconds): a trip of exactly
      // --max-time is unreachable.
      w.times_[d * n_samples + k * n_minutes_ + m] = tt < max_time_s_ ? tt : kUnreachable;
    }
  }

  // compute() with a pricer and --max-fare: per destination the trip with the least (arrival, fare)
  // among those of at most max_fare_cents_, from the exact (arrival, fare) Pareto fronts at the stops. Range mode
  // as compute(): a later departure's trips are trips of an earlier one (transit/fare_raptor.h).
  void compute_with_fares(worker_state& w) const {
    auto const max_paid = p_.max_fare_cents_.value_or(std::numeric_limits<std::int32_t>::max());
    auto const n_dest = dests_.size();
    auto const n_samples = n_minutes_ * n_draws();
    auto const& pricer = *p_.pricer_;
    // Keeps (arr, paid) at destination d in `arrival`/`fare` when it is within the bound and better.
    auto const offer = [&](std::vector<seconds_t>& arrival, std::vector<std::int32_t>& fare, std::uint32_t d,
                           seconds_t arr, std::int32_t paid) {
      if (paid <= max_paid && std::pair{arr, paid} < std::pair{arrival[d], fare[d]}) {
        arrival[d] = arr;
        fare[d] = paid;
      }
    };
    for (auto k = 0U; k != n_draws(); ++k) {
      auto* const r = use_transit_ ? &*w.fare_raptor_ : nullptr;
      if (r != nullptr) {
        r->reset(day_tts_[k]);
        std::fill(begin(w.dest_arrival_), end(w.dest_arrival_), kUnreachable);
      }
      for (auto m = n_minutes_; m-- != 0;) {
        auto const t = p_.departure_ + static_cast<seconds_t>(m * 60);
        auto const access = access_at(t, w);
        if (r != nullptr) {
          r->run(t, access, t + max_time_s_, max_paid);
          // Labels of later departures were taken then: the best per destination only improves.
          for (auto const& [s, l] : r->new_arrivals()) {
            for (auto const& [d, walk] : egress_[s]) {
              offer(w.dest_arrival_, w.dest_fare_, d, l.arrival_ + walk, l.fare_.paid_cents_);
            }
            if (has_on_demand()) {
              on_demand_->for_each_egress(
                  s, l.arrival_, [&](std::uint32_t d, seconds_t at, std::uint8_t, std::int32_t f) {
                    offer(w.dest_arrival_, w.dest_fare_, d, at, l.fare_.paid_cents_ + pricer.service_fare(f));
                  });
            }
          }
        }
        // Rides without transit leaving at t (this minute only): direct on-demand or paratransit
        // rides, and an on-demand ride to a hub followed by a walk.
        auto const direct = has_on_demand() && (!w.origin_legs_.direct_.empty() || !w.origin_legs_.access_.empty());
        if (direct) {
          std::fill(begin(w.direct_arrival_), end(w.direct_arrival_), kUnreachable);
          on_demand_->for_each_direct(w.origin_legs_, t,
                                      [&](std::uint32_t d, seconds_t at, std::uint8_t, std::int32_t f) {
                                        offer(w.direct_arrival_, w.direct_fare_, d, at, pricer.service_fare(f));
                                      });
          for (auto const& a : access) {
            if (a.tag_ != 0 && use_transit_) {
              for (auto const& [d, walk] : egress_[a.stop_]) {
                offer(w.direct_arrival_, w.direct_fare_, d, t + a.duration_ + walk, pricer.service_fare(a.fare_cents_));
              }
            }
          }
        }
        for (auto d = 0U; d != n_dest; ++d) {
          auto tt = w.walk_only_[d];
          auto fare = 0;  // walking is free, and wins a tie
          auto const consider = [&](seconds_t arr, std::int32_t paid) {
            if (arr != kUnreachable && (arr - t < tt || (arr - t == tt && paid < fare))) {
              tt = arr - t;
              fare = paid;
            }
          };
          if (r != nullptr) {
            consider(w.dest_arrival_[d], w.dest_fare_[d]);
          }
          if (direct) {
            consider(w.direct_arrival_[d], w.direct_fare_[d]);
          }
          auto const i = d * n_samples + k * n_minutes_ + m;
          w.times_[i] = tt < max_time_s_ ? tt : kUnreachable;
          w.fares_[i] = tt < max_time_s_ ? fare : -1;
        }
      }
    }
  }

  network::network const& net_;
  travel_time_params p_;
  double speed_mps_;
  seconds_t max_time_s_;
  std::uint32_t walk_limit_cm_, direct_limit_cm_;
  std::size_t n_minutes_;
  bool use_transit_;
  std::optional<street::edge_costs> costs_;  // the profile's; none for the plain walk on plain streets
  street::street_index index_;
  std::vector<point_idx> unlinked_destinations_;
  attached_points dests_, stops_;
  std::vector<transit::day_timetable> day_tts_;  // one per frequency draw; empty in walk mode
  egress_table egress_;
  std::optional<on_demand_legs> on_demand_;
  std::optional<car_times> car_;  // --mode car only
};

travel_time_engine::travel_time_engine(network::network const& net, std::span<point const> destinations,
                                       travel_time_params const& p)
    : impl_{std::make_unique<impl>(net, destinations, p)} {}

travel_time_engine::~travel_time_engine() = default;

std::size_t travel_time_engine::n_draws() const {
  return impl_->n_draws();
}

int frequency_draws(travel_time_params const& p) {
  if (p.frequency_draws_) {
    if (*p.frequency_draws_ < 0) {
      throw input_error{"--frequency-draws: expected 0 or more draws per minute, got " +
                        std::to_string(*p.frequency_draws_)};
    }
    return *p.frequency_draws_;
  }
  auto const window = std::max(1, p.window_min_);
  return (kFrequencySamples + window - 1) / window;
}

travel_time_summary travel_time_engine::run(std::span<point const> origins,
                                            std::function<void(origin_times const&)> const& consume) const {
  auto const& e = *impl_;
  travel_time_summary summary;
  summary.unlinked_destinations_ = e.unlinked_destinations_;
  summary.n_draws_ = e.n_draws();
  auto const origin_snaps =
      e.car_ ? e.car_->snap(origins, summary.unlinked_origins_)
             : snap_points(e.index_, origins, e.p_.link_radius_m_, e.costs(), summary.unlinked_origins_);

  auto const total = origins.size();
  auto const cancelled = [&] { return e.p_.cancel_ != nullptr && e.p_.cancel_->load(); };
  std::atomic<std::size_t> next{0}, done{0};
  std::exception_ptr failure;
  // Guards `failure` and `exited`; `all_exited` wakes the main thread as soon as the last worker
  // leaves (every origin done, a failure or a cancel), so a run never outlasts its work.
  std::mutex mutex;
  std::condition_variable all_exited;
  unsigned exited = 0;
  auto const n_threads = thread_count(e.p_.threads_);
  // A failing consumer stops every worker; the first exception reaches the caller.
  auto const worker = [&]() {
    try {
      impl::worker_state w{e};
      for (auto o = next++; o < total && !cancelled(); o = next++) {
        e.compute(origin_snaps[o], origins[o].pos_, w);
        consume(origin_times{point_idx::from(o), e.n_minutes_, e.n_draws(), w.times_, w.fares_, w.modes_});
        auto const n_done = ++done;
        if (e.p_.on_progress_) {
          e.p_.on_progress_(n_done, total);
        }
      }
    } catch (...) {
      std::lock_guard const lock{mutex};
      if (!failure) {
        failure = std::current_exception();
      }
      next = total;
    }
    std::lock_guard const lock{mutex};
    if (++exited == n_threads) {
      all_exited.notify_all();
    }
  };

  auto const start = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (auto i = 0U; i != n_threads; ++i) {
    pool.emplace_back(worker);
  }
  if (e.p_.progress_) {
    std::unique_lock lock{mutex};
    while (!all_exited.wait_for(lock, std::chrono::milliseconds{500}, [&] { return exited == n_threads; })) {
      print_progress(done, total, start);
    }
    print_progress(done, total, start);
    std::fprintf(stderr, "\n");
  }
  for (auto& t : pool) {
    t.join();
  }
  if (failure) {
    std::rethrow_exception(failure);
  }
  if (cancelled()) {
    throw cancelled_error{};
  }
  return summary;
}

travel_time_summary compute_travel_times(network::network const& net, std::span<point const> origins,
                                         std::span<point const> destinations, travel_time_params const& p,
                                         std::function<void(origin_times const&)> const& consume) {
  return travel_time_engine{net, destinations, p}.run(origins, consume);
}

}  // namespace solimob::analysis
