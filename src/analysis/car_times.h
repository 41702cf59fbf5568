#pragma once

#include <span>
#include <vector>

#include "analysis/points.h"
#include "core/time.h"
#include "street/car_network.h"
#include "street/street_graph.h"

namespace solimob::analysis {

// Door-to-door car times (analysis::mode::kCar): walk in a straight line from the point to the
// nearest drivable edge at `walk_mps`, drive at free-flow speed obeying one-way rules, walk from the
// car network to the destination, plus a parking allowance (README, Method, "Car travel").
class car_times {
 public:
  car_times(street::car_network const&, std::span<point const> destinations, double link_radius_m, double walk_mps,
            seconds_t parking_s, seconds_t max_time_s);

  // Points attached to the car network, within the link radius (unlinked ones added to `unlinked`).
  std::vector<street::snap> snap(std::span<point const>, std::vector<point_idx>& unlinked) const;
  std::vector<point_idx> const& unlinked_destinations() const { return unlinked_destinations_; }

  // Per-thread search state over the car network.
  street::walk_search make_search() const { return street::walk_search{cars_.graph_, &costs_}; }

  // Seconds from `origin` (from snap()) to every destination, kUnreachable when not reached within
  // the maximum time; `out` has one entry per destination.
  void run(street::snap const& origin, street::walk_search&, std::span<seconds_t> out) const;

 private:
  street::car_network const& cars_;
  street::edge_costs costs_;
  street::street_index index_;
  double link_radius_m_, walk_mps_;
  seconds_t parking_s_, max_time_s_;
  std::vector<point_idx> unlinked_destinations_;
  std::vector<street::snap> dests_;
};

}  // namespace solimob::analysis
