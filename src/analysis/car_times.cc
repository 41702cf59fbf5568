#include "analysis/car_times.h"

#include <algorithm>
#include <cstdint>

#include "transit/day_timetable.h"

namespace solimob::analysis {

namespace {

// The snap without its straight-line link: the search then counts driving time only.
street::snap on_road(street::snap s) {
  s.link_cm_ = 0;
  return s;
}

}  // namespace

car_times::car_times(street::car_network const& cars, std::span<point const> destinations, double link_radius_m,
                     double walk_mps, seconds_t parking_s, seconds_t max_time_s)
    : cars_{cars},
      costs_{street::make_car_costs(cars)},
      index_{cars.graph_},
      link_radius_m_{link_radius_m},
      walk_mps_{walk_mps},
      parking_s_{parking_s},
      max_time_s_{max_time_s},
      dests_{snap(destinations, unlinked_destinations_)} {}

std::vector<street::snap> car_times::snap(std::span<point const> points, std::vector<point_idx>& unlinked) const {
  std::vector<street::snap> out;
  out.reserve(points.size());
  for (auto i = 0U; i != points.size(); ++i) {
    out.push_back(index_.nearest(points[i].pos_, link_radius_m_, &costs_));
    if (!out.back().valid()) {
      unlinked.push_back(point_idx{i});
    }
  }
  return out;
}

void car_times::run(street::snap const& origin, street::walk_search& search, std::span<seconds_t> out) const {
  std::fill(begin(out), end(out), kUnreachable);
  if (!origin.valid()) {
    return;
  }
  auto const walk_to_car = transit::walk_seconds(origin.link_cm_, walk_mps_);
  // Centiseconds of driving left once walked to the car and parked at the end.
  auto const budget_s = std::max(0, max_time_s_ - walk_to_car - parking_s_);
  search.run(on_road(origin), static_cast<std::uint32_t>(budget_s) * 100U);
  for (auto d = 0U; d != dests_.size(); ++d) {
    auto const& dest = dests_[d];
    if (!dest.valid()) {
      continue;
    }
    auto const drive_cs = search.dist_cm(on_road(dest));
    if (drive_cs == street::walk_search::kUnreached) {
      continue;
    }
    out[d] = walk_to_car + transit::walk_seconds(drive_cs, street::kCarCostSpeedMps) + parking_s_ +
             transit::walk_seconds(dest.link_cm_, walk_mps_);
  }
}

}  // namespace solimob::analysis
