#include "analysis/on_demand_legs.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "core/error.h"
#include "network/network.h"
#include "street/car_network.h"
#include "transit/day_timetable.h"

namespace solimob::analysis {

namespace {

// Car times on the walk streets at a fixed speed, for a network without a car graph.
street::edge_costs fallback_costs(street::street_graph const& g, double speed_kmh, double detour) {
  street::edge_costs c;
  c.forward_.resize(g.n_edges());
  for (auto const e : g.edge_length_cm_.keys()) {
    c.forward_[e.v()] = static_cast<std::uint32_t>(std::lround(g.edge_length_cm_[e] / (speed_kmh / 3.6) * detour));
  }
  c.backward_ = c.forward_;
  return c;
}

seconds_t car_seconds(std::uint32_t cs) {
  return transit::walk_seconds(cs, street::kCarCostSpeedMps);
}

}  // namespace

std::string mode_label(std::uint8_t modes) {
  std::string out;
  auto const add = [&](std::uint8_t bit, char const* name) {
    if ((modes & bit) != 0) {
      out.append(out.empty() ? "" : "+").append(name);
    }
  };
  // A transit trip walks too: "walk" alone is a trip on the streets only.
  if ((modes & ~(trip_mode::kWalk | trip_mode::kBooking)) == 0) {
    add(trip_mode::kWalk, "walk");
  }
  add(trip_mode::kCar, "car");
  add(trip_mode::kOnDemand, "on-demand");
  add(trip_mode::kParatransit, "paratransit");
  add(trip_mode::kTransit, "transit");
  return out;
}

// One service's vehicle: its costs (car time x detour, in centiseconds), the searches from its
// hubs, the destinations in its zone.
struct on_demand_legs::vehicle {
  street::edge_costs costs_, reversed_;
  std::vector<stop_idx> hubs_;
  std::vector<street::walk_search> to_hub_;                    // run backwards from each hub: origin -> hub times
  std::vector<std::pair<std::uint32_t, street::snap>> dests_;  // destinations in the zone
};

on_demand_legs::on_demand_legs(network::network const& net, std::vector<ondemand::service> const& services,
                               std::string const& profile, day_t day, std::span<point const> destinations,
                               seconds_t max_time_s, double link_radius_m)
    : day_{day},
      limit_cs_{static_cast<std::uint32_t>(max_time_s) * 100U},
      link_radius_m_{link_radius_m},
      graph_{net.cars_.empty() ? &net.streets_ : &net.cars_.graph_} {
  for (auto const& s : services) {
    if (s.eligible(profile)) {
      services_.push_back(s);
    }
  }
  if (services_.empty()) {
    return;
  }
  index_ = std::make_unique<street::street_index>(*graph_);
  std::vector<std::vector<ride>> egress(net.transit_.n_stops());
  for (auto i = 0U; i != services_.size(); ++i) {
    auto const& s = services_[i];
    modes_.push_back(static_cast<std::uint8_t>(
        (s.kind_ == ondemand::service_kind::kOnDemand ? trip_mode::kOnDemand : trip_mode::kParatransit) |
        (s.booking_.needed() ? trip_mode::kBooking : 0)));
    auto v = std::make_unique<vehicle>();
    v->costs_ = net.cars_.empty() ? fallback_costs(*graph_, s.fallback_speed_kmh_, s.detour_factor_)
                                  : street::make_car_costs(net.cars_, s.detour_factor_);
    v->reversed_ = street::edge_costs{v->costs_.backward_, v->costs_.forward_};
    for (auto d = 0U; d != destinations.size(); ++d) {
      if (s.contains(destinations[d].pos_)) {
        if (auto const snap = index_->nearest(destinations[d].pos_, link_radius_m_); snap.valid()) {
          v->dests_.emplace_back(d, snap);
        }
      }
    }
    street::walk_search forward{*graph_, &v->costs_};
    for (auto const& id : s.hubs_) {
      // The network prefixes stop ids with their feed ("0:SS"): a bare id matches in any feed.
      std::optional<stop_idx> hub;
      for (auto const st : net.transit_.stop_id_.keys()) {
        auto const& full = net.transit_.stop_id_[st];
        if (full == id || full.substr(full.find(':') + 1) == id) {
          hub = st;
          break;
        }
      }
      if (!hub) {
        throw input_error{"--on-demand", 0, "hubs", "service '" + s.id_ + "': stop '" + id + "' is not in the network"};
      }
      // A hub is a stop: linked within the network build's default stop radius even when the points'
      // radius is narrower (an isochrone's is its cell size).
      auto const snap = index_->nearest(net.transit_.stop_pos_[*hub],
                                        std::max(link_radius_m_, network::build_params{}.link_radius_m_));
      if (!snap.valid()) {
        throw input_error{"--on-demand", 0, "hubs",
                          "service '" + s.id_ + "': stop '" + id + "' is farther than the link radius from any street"};
      }
      v->hubs_.push_back(*hub);
      v->to_hub_.emplace_back(*graph_, &v->reversed_).run(snap, limit_cs_);
      // Egress: the hub to each destination of the zone, wait and stop time included.
      forward.run(snap, limit_cs_);
      for (auto const& [d, dest_snap] : v->dests_) {
        if (auto const cs = forward.dist_cm(dest_snap); cs != street::walk_search::kUnreached) {
          egress[hub->v()].push_back({i, d, s.wait_s_ + car_seconds(cs) + s.stop_time_s_});
        }
      }
    }
    vehicles_.push_back(std::move(v));
  }
  for (auto const& e : egress) {
    egress_.emplace_back(e);
  }
}

on_demand_legs::~on_demand_legs() = default;

on_demand_legs::scratch on_demand_legs::make_scratch() const {
  scratch s;
  for (auto const& v : vehicles_) {
    s.from_origin_.emplace_back(*graph_, &v->costs_);
  }
  return s;
}

void on_demand_legs::prepare(latlng origin, scratch& w, origin_legs& o) const {
  o.access_.clear();
  o.direct_.clear();
  if (empty()) {
    return;
  }
  std::optional<street::snap> snap;
  for (auto i = 0U; i != services_.size(); ++i) {
    auto const& s = services_[i];
    if (!s.contains(origin)) {
      continue;
    }
    if (!snap) {
      snap = index_->nearest(origin, link_radius_m_);
    }
    if (!snap->valid()) {
      return;
    }
    auto& v = *vehicles_[i];
    for (auto h = 0U; h != v.hubs_.size(); ++h) {
      if (auto const cs = v.to_hub_[h].dist_cm(*snap); cs != street::walk_search::kUnreached) {
        o.access_.push_back({i, v.hubs_[h].v(), s.wait_s_ + car_seconds(cs) + s.stop_time_s_});
      }
    }
    if (!v.dests_.empty()) {
      auto& search = w.from_origin_[i];
      search.run(*snap, limit_cs_);
      for (auto const& [d, dest_snap] : v.dests_) {
        if (auto const cs = search.dist_cm(dest_snap); cs != street::walk_search::kUnreached) {
          o.direct_.push_back({i, d, s.wait_s_ + car_seconds(cs) + s.stop_time_s_});
        }
      }
    }
  }
}

void on_demand_legs::add_access(origin_legs const& o, seconds_t departure,
                                std::vector<transit::access_leg>& out) const {
  for (auto const& r : o.access_) {
    if (runs(r.service_, departure)) {
      out.push_back({stop_idx{r.to_}, r.duration_, modes_[r.service_], fare_of(r.service_)});
    }
  }
}

std::int32_t on_demand_legs::fare_of(std::uint32_t service) const {
  return services_[service].fare_cents_;
}

bool on_demand_legs::runs(std::uint32_t service, seconds_t t) const {
  return services_[service].runs(day_, t);
}

}  // namespace solimob::analysis
