#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "analysis/points.h"
#include "core/nested.h"
#include "core/strong.h"
#include "core/time.h"
#include "ondemand/service.h"
#include "street/street_graph.h"
#include "transit/raptor.h"

namespace solimob::network {
struct network;
}

namespace solimob::analysis {

// Modes of a trip as bits (origin_times::modes_): what the fastest trip of a sample uses.
namespace trip_mode {
constexpr std::uint8_t kWalk = 1;
constexpr std::uint8_t kTransit = 2;
constexpr std::uint8_t kOnDemand = 4;
constexpr std::uint8_t kParatransit = 8;
constexpr std::uint8_t kCar = 16;
constexpr std::uint8_t kBooking = 32;  // a ride of the trip must be booked
}  // namespace trip_mode

// "walk", "transit", "on-demand+transit", "paratransit", ... ("" for none): modes joined by '+'.
std::string mode_label(std::uint8_t modes);

// The legs that on-demand services add to the search of one profile on one day: access legs from
// an origin in a zone to its hub stops, egress from a hub to destinations in the zone, and direct
// rides between two points of a zone (on-demand) or service area (paratransit). Built once per
// engine (the car searches from every hub are done here); per-origin work goes through prepare().
//
// Vehicles drive on network::cars_; without a car graph (a network built before the car import),
// on the walk streets at the service's fallback speed, both ways on every street.
class on_demand_legs {
 public:
  // Keeps the services that `profile` may use; points farther than `link_radius_m` from a street the
  // vehicle drives on are not served. Throws input_error for a hub stop that is not in the network.
  on_demand_legs(network::network const&, std::vector<ondemand::service> const&, std::string const& profile, day_t day,
                 std::span<point const> destinations, seconds_t max_time_s, double link_radius_m);
  ~on_demand_legs();

  bool empty() const { return services_.empty(); }

  // One origin's rides, whatever the departure time; runs() decides minute by minute.
  struct ride {
    std::uint32_t service_;
    std::uint32_t to_;  // stop (access) or destination (direct)
    seconds_t duration_;
  };
  struct origin_legs {
    std::vector<ride> access_, direct_;
  };
  struct scratch {
    std::vector<street::walk_search> from_origin_;  // one per service (each has its own costs)
  };
  scratch make_scratch() const;
  void prepare(latlng origin, scratch&, origin_legs&) const;

  // Appends the access legs of services running at `departure`, tagged with their modes.
  void add_access(origin_legs const&, seconds_t departure, std::vector<transit::access_leg>& out) const;
  // Calls f(destination, arrival, modes, fare in cents) for the direct rides leaving at `departure`.
  template <class F>
  void for_each_direct(origin_legs const& o, seconds_t departure, F&& f) const {
    for (auto const& r : o.direct_) {
      if (runs(r.service_, departure)) {
        f(r.to_, departure + r.duration_, modes_[r.service_], fare_of(r.service_));
      }
    }
  }
  // Calls f(destination, arrival, modes, fare in cents) for the egress rides from stop `s` reached
  // at `arrival`.
  template <class F>
  void for_each_egress(stop_idx s, seconds_t arrival, F&& f) const {
    for (auto const& r : egress_[s]) {
      if (runs(r.service_, arrival)) {
        f(r.to_, arrival + r.duration_, modes_[r.service_], fare_of(r.service_));
      }
    }
  }

 private:
  bool runs(std::uint32_t service, seconds_t t) const;
  std::int32_t fare_of(std::uint32_t service) const;

  struct vehicle;
  day_t day_;
  std::uint32_t limit_cs_;
  double link_radius_m_;
  std::vector<ondemand::service> services_;  // the eligible ones
  std::vector<std::uint8_t> modes_;          // per service: kOnDemand or kParatransit, and kBooking
  std::vector<std::unique_ptr<vehicle>> vehicles_;
  nested<stop_idx, ride> egress_;
  street::street_graph const* graph_;
  std::unique_ptr<street::street_index> index_;
};

}  // namespace solimob::analysis
