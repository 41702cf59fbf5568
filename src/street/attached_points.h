#pragma once

#include <cstdint>
#include <vector>

#include "core/nested.h"
#include "street/street_graph.h"

namespace solimob::street {

// Per-thread scratch of attached_points::for_each_reached.
struct reach_scratch {
  explicit reach_scratch(std::size_t n_points) : seen_(n_points, 0) {}
  std::vector<std::uint8_t> seen_;
  std::vector<std::uint32_t> visited_;
};

// Snapped points (stops, origins, destinations) attached to the street nodes at both ends of their
// edge, so that a search finds the points it reaches by looking at the nodes it settled.
class attached_points {
 public:
  attached_points(street_graph const&, std::vector<snap>);

  std::size_t size() const { return snaps_.size(); }
  street::snap const& snap(std::size_t p) const { return snaps_[p]; }

  // Calls fn(point, cost) once for every point within the last search's limit.
  template <typename Fn>
  void for_each_reached(walk_search const& search, street::snap const& source, reach_scratch& scratch, Fn&& fn) const {
    auto const visit_node = [&](node_idx n) {
      for (auto const p : points_[n]) {
        if (scratch.seen_[p]) {
          continue;
        }
        scratch.seen_[p] = 1;
        scratch.visited_.push_back(p);
        auto const d = search.dist_cm(snaps_[p]);
        if (d != walk_search::kUnreached) {
          fn(p, d);
        }
      }
    };
    for (auto const n : search.reached()) {
      visit_node(n);
    }
    // Points on the source's own edge, reachable along it even when neither end is within the limit.
    visit_node(g_.edge_from_[source.edge_]);
    visit_node(g_.edge_to_[source.edge_]);
    for (auto const p : scratch.visited_) {
      scratch.seen_[p] = 0;
    }
    scratch.visited_.clear();
  }

 private:
  street_graph const& g_;
  std::vector<street::snap> snaps_;
  nested<node_idx, std::uint32_t> points_;  // per node, the points on its edges
};

}  // namespace solimob::street
