#include "street/attached_points.h"

namespace solimob::street {

attached_points::attached_points(street_graph const& g, std::vector<street::snap> snaps)
    : g_{g}, snaps_{std::move(snaps)} {
  offset_.assign(g.n_nodes() + 1, 0);
  for (auto const& s : snaps_) {
    if (s.valid()) {
      ++offset_[g.edge_from_[s.edge_].v() + 1];
      ++offset_[g.edge_to_[s.edge_].v() + 1];
    }
  }
  for (auto i = 1U; i != offset_.size(); ++i) {
    offset_[i] += offset_[i - 1];
  }
  points_.resize(offset_.back());
  auto fill = offset_;
  for (auto p = 0U; p != snaps_.size(); ++p) {
    auto const& s = snaps_[p];
    if (s.valid()) {
      points_[fill[g.edge_from_[s.edge_].v()]++] = p;
      points_[fill[g.edge_to_[s.edge_].v()]++] = p;
    }
  }
}

}  // namespace solimob::street
