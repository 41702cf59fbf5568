#include "street/car_network.h"

#include <cmath>

namespace solimob::street {

edge_costs make_car_costs(car_network const& cars, double time_factor) {
  auto const& g = cars.graph_;
  edge_costs c;
  c.forward_.resize(g.n_edges());
  c.backward_.resize(g.n_edges());
  for (auto const e : g.edge_length_cm_.keys()) {
    auto const mps = cars.speed_kmh_x10_[e] / 36.0;
    auto const cs = mps <= 0.0 ? edge_costs::kBlocked
                               : static_cast<std::uint32_t>(std::lround(g.edge_length_cm_[e] / mps * time_factor));
    c.forward_[e.v()] = cs;
    c.backward_[e.v()] = (g.edge_attr_[e].flags_ & edge_attr::kOneWay) != 0 ? edge_costs::kBlocked : cs;
  }
  return c;
}

}  // namespace solimob::street
