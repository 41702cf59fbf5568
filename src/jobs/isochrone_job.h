#pragma once

#include <ostream>
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

}  // namespace solimob::jobs
