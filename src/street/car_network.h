#pragma once

#include <cstdint>

#include "core/strong.h"
#include "street/street_graph.h"

namespace solimob::street {

// The drivable streets of the OSM extract, as their own graph (cars use ways that walkers may not,
// motorways, and obey one-way rules): edges drawn along the way, edge_attr::kOneWay on one-way
// ones, a speed per edge. Nodes and edges have their own ids, unrelated to the walk graph's.
struct car_network {
  street_graph graph_;
  vector_map<edge_idx, std::uint16_t> speed_kmh_x10_;  // free-flow speed, km/h x 10; 0 = closed (a scenario)

  bool empty() const { return graph_.n_edges() == 0; }
};

// Car costs are times, in centiseconds: street::walk_search run on them gives a car's travel time, and
// transit::walk_seconds(cost, kCarCostSpeedMps) turns it into whole seconds.
constexpr double kCarCostSpeedMps = 1.0;

// Directed car costs of every edge (one-way edges blocked backwards). `time_factor` multiplies every
// time (an on-demand vehicle's detour factor: 1 for a private car).
edge_costs make_car_costs(car_network const&, double time_factor = 1.0);

}  // namespace solimob::street
