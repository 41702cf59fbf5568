#pragma once

#include <cstdint>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "analysis/travel_times.h"
#include "core/geo.h"
#include "jobs/fare_source.h"
#include "jobs/network_source.h"

namespace solimob::jobs {

// `solimob isochrone`: areas reachable from one or more points within each cutoff. Travel times are
// computed to the centres of a regular grid of square cells (`resolution_m_`), taking for each cell the
// best of the starting points at the chosen percentile of the departure window; the isochrone of a
// cutoff is the union of the cells reached within it, so isochrones are nested and unreachable
// pockets are holes.
struct isochrone_job {
  network_source network_;
  std::vector<latlng> from_;
  analysis::travel_time_params params_;  // params_.max_fare_cents_: --max-fare
  fare_source fares_;                    // --fares, --rider: trips priced for that rider
  int percentile_{50};
  std::vector<int> cutoffs_min_{15, 30, 45, 60};
  double resolution_m_{100.0};
  std::string scenario_;  // --scenario: on the network with this scenario applied
  std::string out_;
};

void run(isochrone_job const&, std::ostream& log);

// The steps of run(), shared with the server's isochrones (which keep one engine per territory grid).
// Centres of square cells of `resolution_m` covering the street network, within reach of the `from`
// points (nothing travels faster than ~1 km per minute in a city, so farther cells cannot be within
// the largest cutoff); the whole network when `from` is empty.
std::vector<analysis::point> isochrone_grid(network::network const&, std::span<latlng const> from, double resolution_m,
                                            int max_cutoff_min);
// The best time (seconds) to each of the engine's `n_destinations` over `origins` at `percentile`;
// int32 max where unreached. `summary` receives the run's unlinked points.
std::vector<std::int32_t> best_times(analysis::travel_time_engine const&, std::size_t n_destinations,
                                     std::span<analysis::point const> origins, int percentile,
                                     analysis::travel_time_summary& summary);
// One polygon (WKB) per cutoff (increasing minutes): the union of the cells reached within it.
std::vector<std::string> isochrone_polygons(std::span<analysis::point const> cells, std::span<std::int32_t const> best,
                                            double resolution_m, std::vector<int> const& cutoffs_min);

}  // namespace solimob::jobs
