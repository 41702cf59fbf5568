#include "profile/edge_costs.h"

#include <algorithm>
#include <cmath>

namespace solimob::profile {

namespace {

using street::barrier_class;
using street::edge_attr;
using street::edge_kind;
using street::kerb_tag;
using street::node_attr;
using street::surface_class;
using street::wheelchair_tag;

// A node a wheelchair cannot pass: a raised kerb, a barrier such as a stile, wheelchair=no; an
// unknown kerb when the profile forbids unknown features; a station entrance of unknown access under
// the strict bound.
bool closed_to(node_attr const& n, profile const& p, accessibility_bound bound) {
  if (!p.wheelchair_) {
    return false;
  }
  return n.kerb_ == kerb_tag::kRaised || n.barrier_ == barrier_class::kNoWheelchair ||
         n.wheelchair_ == wheelchair_tag::kNo ||
         (n.kerb_ == kerb_tag::kUnknown && p.unknown_street_ == unknown_policy::kForbid) ||
         (bound == accessibility_bound::kStrict && (n.flags_ & node_attr::kEntrance) != 0 &&
          n.wheelchair_ == wheelchair_tag::kUnknown);
}

bool edge_closed_to(edge_attr const& a, profile const& p) {
  if (p.mode_ == street_mode::kFoot && (a.flags_ & edge_attr::kNoFoot) != 0) {
    return true;  // a bike may still ride it (below)
  }
  switch (a.kind_) {
    case edge_kind::kSteps:
      if (!p.stairs_ && (a.flags_ & edge_attr::kRamp) == 0) {
        return true;
      }
      break;
    case edge_kind::kEscalator:
      if (!p.escalators_) {
        return true;
      }
      break;
    default:
      break;
  }
  if (p.wheelchair_) {
    return a.wheelchair_ == wheelchair_tag::kNo || a.surface_ == surface_class::kUnpaved ||
           a.surface_ == surface_class::kImpassable;
  }
  return false;
}

}  // namespace

street::edge_costs make_edge_costs(street::street_graph const& g, profile const& p, accessibility_bound bound) {
  street::edge_costs c;
  auto const n = g.n_edges();
  c.forward_.assign(n, street::edge_costs::kBlocked);
  c.backward_.assign(n, street::edge_costs::kBlocked);
  auto const speed_cm_s = p.speed_kmh_ / 3.6 * 100.0;
  auto const has_slope = !g.edge_slope_.empty();
  auto const has_factor = !g.edge_factor_.empty();
  for (auto i = 0U; i != n; ++i) {
    auto const e = edge_idx{i};
    auto const& a = g.edge_attr_[e];
    auto const& from = g.node_attr_[g.edge_from_[e]];
    auto const& to = g.node_attr_[g.edge_to_[e]];
    if (edge_closed_to(a, p) || closed_to(from, p, bound) || closed_to(to, p, bound)) {
      continue;
    }
    auto const length = static_cast<double>(g.edge_length_cm_[e]);
    // Time factor of each direction, on top of the length at the profile's speed.
    auto factor_forward = 1.0, factor_backward = 1.0;
    // A scenario's time factors (street projects), 1 on an unchanged edge.
    auto const walk_factor = has_factor ? g.edge_factor_[e].walk_x1000_ / 1000.0 : 1.0;
    if (p.mode_ == street_mode::kBike) {
      if ((a.flags_ & edge_attr::kNoBicycle) != 0 || a.lts_ == 0 || a.lts_ > p.max_lts_ ||
          a.kind_ == edge_kind::kSteps) {
        if ((a.flags_ & edge_attr::kNoFoot) != 0) {
          continue;  // the bike would be pushed where walking is not allowed
        }
        // Walked with the bike, as r5r does above max_lts.
        factor_forward = factor_backward = p.speed_kmh_ / p.walk_speed_kmh_ * walk_factor;
      } else if (has_factor) {
        factor_forward = factor_backward = g.edge_factor_[e].bike_x1000_ / 1000.0;
      }
    } else {
      auto const surface = a.surface_ == surface_class::kRough     ? p.rough_factor_
                           : a.surface_ == surface_class::kUnpaved ? p.unpaved_factor_
                                                                   : 1.0;
      factor_forward = factor_backward = surface * walk_factor;
      auto up_forward = -1.0, up_backward = -1.0;  // steepest uphill each way, percent; -1 unknown
      if (a.incline_pct_ != edge_attr::kNoIncline) {
        // A mapped incline is local truth: it wins over the DEM.
        up_forward = std::max(0, static_cast<int>(a.incline_pct_));
        up_backward = std::max(0, -static_cast<int>(a.incline_pct_));
      } else if (has_slope) {
        up_forward = g.edge_slope_[e].max_up_forward_permille_ / 10.0;
        up_backward = g.edge_slope_[e].max_up_backward_permille_ / 10.0;
      }
      if (has_slope && p.slope_ == slope_model::kTobler) {
        factor_forward *= g.edge_slope_[e].tobler_forward_ / 1000.0;
        factor_backward *= g.edge_slope_[e].tobler_backward_ / 1000.0;
      } else if (has_slope && p.slope_ == slope_model::kWheelchair) {
        factor_forward *= g.edge_slope_[e].wheelchair_forward_ / 1000.0;
        factor_backward *= g.edge_slope_[e].wheelchair_backward_ / 1000.0;
      }
      if (p.slope_ == slope_model::kWheelchair) {
        // Going forward climbs up_forward and descends up_backward.
        if (up_forward > p.max_uphill_pct_ || up_backward > p.max_downhill_pct_) {
          factor_forward = -1;
        }
        if (up_backward > p.max_uphill_pct_ || up_forward > p.max_downhill_pct_) {
          factor_backward = -1;
        }
      }
    }
    auto const cost = [&](double factor, node_attr const& entered) -> std::uint32_t {
      if (factor < 0) {
        return street::edge_costs::kBlocked;
      }
      // pathways.txt traversal_time is a walker's time at 1 m/s (README, Profiles): scaled by speed.
      auto cm = a.fixed_s_ != 0 ? a.fixed_s_ * 100.0 * factor : length * factor;
      if (p.wheelchair_ && p.unknown_street_ == unknown_policy::kPenalise && entered.kerb_ == kerb_tag::kUnknown) {
        cm += p.unknown_penalty_s_ * speed_cm_s;  // once per unknown kerb: when entering its node
      }
      return static_cast<std::uint32_t>(std::min(4e9, std::max(1.0, std::round(cm))));
    };
    c.forward_[i] = cost(factor_forward, to);
    if ((a.flags_ & edge_attr::kOneWay) == 0) {
      c.backward_[i] = cost(factor_backward, from);
    }
  }
  return c;
}

bool needs_costs(street::street_graph const& g, profile const& p) {
  if (!p.costs_are_lengths()) {
    return true;
  }
  // A scenario's factors or closures (street projects) change the walk too.
  return !g.edge_factor_.empty() || std::any_of(begin(g.edge_attr_), end(g.edge_attr_), [](edge_attr const& a) {
    return a.fixed_s_ != 0 || (a.flags_ & (edge_attr::kOneWay | edge_attr::kNoFoot)) != 0;
  });
}

}  // namespace solimob::profile
