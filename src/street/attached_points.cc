#include "street/attached_points.h"

namespace solimob::street {

attached_points::attached_points(street_graph const& g, std::vector<street::snap> snaps)
    : g_{g}, snaps_{std::move(snaps)} {
  points_ = nested<node_idx, std::uint32_t>::grouped(g.n_nodes(), [&](auto&& emit) {
    for (auto p = 0U; p != snaps_.size(); ++p) {
      auto const& s = snaps_[p];
      if (s.valid()) {
        emit(g.edge_from_[s.edge_], p);
        emit(g.edge_to_[s.edge_], p);
      }
    }
  });
}

}  // namespace solimob::street
