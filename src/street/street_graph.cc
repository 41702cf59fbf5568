#include "street/street_graph.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace solimob::street {

node_idx street_graph::add_node(latlng p, node_attr attr) {
  auto const idx = node_pos_.next_key();
  node_pos_.push_back(p);
  node_attr_.push_back(attr);
  return idx;
}

void street_graph::add_edge(node_idx a, node_idx b, edge_attr attr, std::int64_t way) {
  edge_from_.push_back(a);
  edge_to_.push_back(b);
  edge_attr_.push_back(attr);
  edge_way_.push_back(way);
  if (!edge_factor_.empty()) {
    edge_factor_.push_back({});
  }
  auto const cm = std::lround(haversine_m(node_pos_[a], node_pos_[b]) * 100.0);
  edge_length_cm_.push_back(static_cast<std::uint32_t>(std::max(1L, cm)));
}

void street_graph::finalize() {
  adjacency_ = nested<node_idx, neighbour>::grouped(n_nodes(), [&](auto&& emit) {
    for (auto const e : edge_from_.keys()) {
      emit(edge_from_[e], neighbour{edge_to_[e], e});
      emit(edge_to_[e], neighbour{edge_from_[e], e});
    }
  });
}

island_pruning prune_islands(street_graph& g, std::vector<bool> const& is_vertex, std::size_t min_vertices) {
  if (g.n_nodes() == 0) {
    return {};
  }
  // Connected pieces by union-find over the edges (the graph may not be finalized yet).
  std::vector<std::uint32_t> parent(g.n_nodes());
  std::iota(begin(parent), end(parent), 0U);
  auto const find = [&](std::uint32_t n) {
    while (parent[n] != n) {
      parent[n] = parent[parent[n]];
      n = parent[n];
    }
    return n;
  };
  for (auto e = 0U; e != g.n_edges(); ++e) {
    auto const a = find(g.edge_from_[edge_idx{e}].v());
    auto const b = find(g.edge_to_[edge_idx{e}].v());
    if (a != b) {
      parent[std::max(a, b)] = std::min(a, b);  // the root is the piece's lowest node: deterministic
    }
  }
  std::vector<std::uint32_t> n_vertices(g.n_nodes(), 0);
  for (auto n = 0U; n != g.n_nodes(); ++n) {
    if (is_vertex[n]) {
      ++n_vertices[find(n)];
    }
  }
  auto largest = 0U;
  for (auto n = 0U; n != g.n_nodes(); ++n) {
    if (n_vertices[n] > n_vertices[largest]) {
      largest = n;
    }
  }
  std::vector<std::uint8_t> removed_piece(g.n_nodes(), 0);
  island_pruning out;
  for (auto n = 0U; n != g.n_nodes(); ++n) {
    // Pieces under the threshold go; a lone node without edges goes too but is not counted as an
    // island (has_edge below).
    if (parent[n] == n && n != largest && n_vertices[n] < min_vertices) {
      removed_piece[n] = 1;
    }
  }

  street_graph kept;
  std::vector<node_idx> kept_idx(g.n_nodes()), removed_idx(g.n_nodes());
  for (auto n = 0U; n != g.n_nodes(); ++n) {
    auto& into = removed_piece[find(n)] != 0 ? out.removed_ : kept;
    (removed_piece[find(n)] != 0 ? removed_idx : kept_idx)[n] =
        into.add_node(g.node_pos_[node_idx{n}], g.node_attr_[node_idx{n}]);
  }
  std::vector<std::uint8_t> has_edge(g.n_nodes(), 0);
  auto const way = [&](std::uint32_t e) { return g.edge_way_.empty() ? 0 : g.edge_way_[edge_idx{e}]; };
  for (auto e = 0U; e != g.n_edges(); ++e) {
    auto const a = g.edge_from_[edge_idx{e}];
    auto const b = g.edge_to_[edge_idx{e}];
    auto const root = find(a.v());
    if (removed_piece[root] != 0) {
      out.removed_.add_edge(removed_idx[a.v()], removed_idx[b.v()], g.edge_attr_[edge_idx{e}], way(e));
      if (has_edge[root] == 0) {
        has_edge[root] = 1;
        ++out.islands_;
        out.vertices_ += n_vertices[root];
      }
    } else {
      kept.add_edge(kept_idx[a.v()], kept_idx[b.v()], g.edge_attr_[edge_idx{e}], way(e));
      if (!g.edge_factor_.empty()) {
        kept.edge_factor_.resize(kept.n_edges());
        kept.edge_factor_.back() = g.edge_factor_[edge_idx{e}];
      }
    }
  }
  kept.finalize();
  out.removed_.finalize();
  g = std::move(kept);
  return out;
}

snap snap_at_node(street_graph const& g, node_idx n) {
  auto const next = g.adjacency_[n];
  if (next.empty()) {
    return {};
  }
  auto const e = next.front().edge_;
  return snap{e, g.edge_from_[e] == n ? 0.0F : 1.0F, 0};
}

namespace {
double mean_lat(street_graph const& g) {
  if (g.n_nodes() == 0) {
    return 0.0;
  }
  auto sum = 0.0;
  for (auto const& p : g.node_pos_) {
    sum += p.lat_;
  }
  return sum / static_cast<double>(g.n_nodes());
}
}  // namespace

street_index::street_index(street_graph const& g, double cell_m) : g_{g}, proj_{mean_lat(g)}, cell_m_{cell_m} {
  node_x_.resize(g.n_nodes());
  node_y_.resize(g.n_nodes());
  auto max_x = 0.0, max_y = 0.0;
  min_x_ = min_y_ = std::numeric_limits<double>::max();
  max_x = max_y = std::numeric_limits<double>::lowest();
  for (auto i = 0U; i != g.n_nodes(); ++i) {
    node_x_[i] = proj_.x(g.node_pos_[node_idx{i}]);
    node_y_[i] = proj_.y(g.node_pos_[node_idx{i}]);
    min_x_ = std::min(min_x_, node_x_[i]);
    min_y_ = std::min(min_y_, node_y_[i]);
    max_x = std::max(max_x, node_x_[i]);
    max_y = std::max(max_y, node_y_[i]);
  }
  if (g.n_nodes() == 0) {
    return;
  }
  nx_ = static_cast<std::int32_t>((max_x - min_x_) / cell_m_) + 1;
  ny_ = static_cast<std::int32_t>((max_y - min_y_) / cell_m_) + 1;
  auto const for_cells = [&](edge_idx e, auto&& fn) {
    auto const a = g.edge_from_[e].v();
    auto const b = g.edge_to_[e].v();
    auto const x0 = static_cast<std::int32_t>((std::min(node_x_[a], node_x_[b]) - min_x_) / cell_m_);
    auto const x1 = static_cast<std::int32_t>((std::max(node_x_[a], node_x_[b]) - min_x_) / cell_m_);
    auto const y0 = static_cast<std::int32_t>((std::min(node_y_[a], node_y_[b]) - min_y_) / cell_m_);
    auto const y1 = static_cast<std::int32_t>((std::max(node_y_[a], node_y_[b]) - min_y_) / cell_m_);
    for (auto y = y0; y <= y1; ++y) {
      for (auto x = x0; x <= x1; ++x) {
        fn(static_cast<std::size_t>(y) * static_cast<std::size_t>(nx_) + static_cast<std::size_t>(x));
      }
    }
  };
  // Station edges (pathways, entrance links) are not indexed: points and stops never link to them; nor
  // to a street a scenario closed to walkers (they reach it on foot).
  cell_edges_ = nested<std::size_t, edge_idx>::grouped(
      static_cast<std::size_t>(nx_) * static_cast<std::size_t>(ny_), [&](auto&& emit) {
        for (auto e = edge_idx{0}; e.v() != g.n_edges(); e = edge_idx{e.v() + 1}) {
          if ((g.edge_attr_[e].flags_ & (edge_attr::kStation | edge_attr::kNoFoot)) == 0) {
            for_cells(e, [&](std::size_t c) { emit(c, e); });
          }
        }
      });
}

snap street_index::nearest(latlng p, double max_m, edge_costs const* costs) const {
  if (g_.n_edges() == 0) {
    return {};
  }
  auto const px = proj_.x(p);
  auto const py = proj_.y(p);
  auto const cx = static_cast<std::int32_t>(std::floor((px - min_x_) / cell_m_));
  auto const cy = static_cast<std::int32_t>(std::floor((py - min_y_) / cell_m_));
  auto best = snap{};
  auto best_d2 = max_m * max_m;
  auto const rings = static_cast<std::int32_t>(std::ceil(max_m / cell_m_)) + 1;
  for (auto r = 0; r <= rings; ++r) {
    // Every edge not yet seen lies at least (r - 1) cells away.
    if (r > 1 && (r - 1) * cell_m_ > std::sqrt(best_d2)) {
      break;
    }
    for (auto y = cy - r; y <= cy + r; ++y) {
      for (auto x = cx - r; x <= cx + r; ++x) {
        if (std::max(std::abs(x - cx), std::abs(y - cy)) != r || x < 0 || y < 0 || x >= nx_ || y >= ny_) {
          continue;
        }
        auto const c = static_cast<std::size_t>(y) * static_cast<std::size_t>(nx_) + static_cast<std::size_t>(x);
        for (auto const e : cell_edges_[c]) {
          if (costs != nullptr && costs->forward_[e.v()] == edge_costs::kBlocked &&
              costs->backward_[e.v()] == edge_costs::kBlocked) {
            continue;
          }
          auto const a = g_.edge_from_[e].v();
          auto const b = g_.edge_to_[e].v();
          auto const dx = node_x_[b] - node_x_[a];
          auto const dy = node_y_[b] - node_y_[a];
          auto const len2 = dx * dx + dy * dy;
          auto const t =
              len2 > 0 ? std::clamp(((px - node_x_[a]) * dx + (py - node_y_[a]) * dy) / len2, 0.0, 1.0) : 0.0;
          auto const qx = node_x_[a] + t * dx - px;
          auto const qy = node_y_[a] + t * dy - py;
          auto const d2 = qx * qx + qy * qy;
          // Ties go to the lower edge index so that snapping never depends on bucket order.
          if (d2 < best_d2 || (d2 == best_d2 && best.valid() && e < best.edge_)) {
            best_d2 = d2;
            best = snap{e, static_cast<float>(t), static_cast<std::uint32_t>(std::lround(std::sqrt(d2) * 100.0))};
          }
        }
      }
    }
  }
  return best;
}

walk_search::walk_search(street_graph const& g, edge_costs const* costs)
    : g_{g}, costs_{costs}, dist_(g.n_nodes(), kUnreached) {}

std::uint64_t walk_search::part(edge_idx e, bool forward, double frac) const {
  auto const cost = costs_ == nullptr ? g_.edge_length_cm_[e] : (forward ? costs_->forward_ : costs_->backward_)[e.v()];
  if (frac == 0.0) {
    return 0;  // at the node itself: nothing of the edge is used
  }
  if (cost == edge_costs::kBlocked) {
    return kUnreached;
  }
  return static_cast<std::uint64_t>(std::lround(frac * cost));
}

// From a snapped point along its edge to the edge's start (to_end false) or end node.
std::uint64_t walk_search::from_point_to_node(snap const& s, bool to_end) const {
  auto const along = to_end ? part(s.edge_, true, 1.0 - static_cast<double>(s.frac_))
                            : part(s.edge_, false, static_cast<double>(s.frac_));
  return along == kUnreached ? kUnreached : along + s.link_cm_;
}

void walk_search::relax(node_idx n, std::uint64_t d) {
  if (d > limit_cm_ || d >= dist_[n.v()]) {
    return;
  }
  if (dist_[n.v()] == kUnreached) {
    touched_.push_back(n);
  }
  dist_[n.v()] = static_cast<std::uint32_t>(d);
  heap_.emplace_back(static_cast<std::uint32_t>(d), n);
  std::push_heap(begin(heap_), end(heap_), std::greater<>{});
}

void walk_search::run(snap const& source, std::uint32_t limit_cm) {
  for (auto n : touched_) {
    dist_[n.v()] = kUnreached;
  }
  touched_.clear();
  heap_.clear();
  source_ = source;
  limit_cm_ = limit_cm;
  if (!source.valid()) {
    return;
  }
  relax(g_.edge_from_[source.edge_], from_point_to_node(source, false));
  relax(g_.edge_to_[source.edge_], from_point_to_node(source, true));
  while (!heap_.empty()) {
    std::pop_heap(begin(heap_), end(heap_), std::greater<>{});
    auto const [d, n] = heap_.back();
    heap_.pop_back();
    if (d != dist_[n.v()]) {
      continue;
    }
    if (costs_ == nullptr) {
      for (auto const& [next, e] : g_.adjacency_[n]) {
        relax(next, std::uint64_t{d} + g_.edge_length_cm_[e]);
      }
      continue;
    }
    for (auto const& [next, e] : g_.adjacency_[n]) {
      auto const cost = (g_.edge_from_[e] == n ? costs_->forward_ : costs_->backward_)[e.v()];
      if (cost != edge_costs::kBlocked) {
        relax(next, std::uint64_t{d} + cost);
      }
    }
  }
}

std::uint32_t walk_search::dist_cm(snap const& target) const {
  if (!target.valid() || !source_.valid()) {
    return kUnreached;
  }
  auto best = std::uint64_t{kUnreached};
  // From a node to the target point: along its edge forward from edge_from_, backward from edge_to_.
  auto const via = [&](node_idx n, std::uint64_t along) {
    if (dist_[n.v()] != kUnreached && along != kUnreached) {
      best = std::min(best, std::uint64_t{dist_[n.v()]} + along + target.link_cm_);
    }
  };
  via(g_.edge_from_[target.edge_], part(target.edge_, true, static_cast<double>(target.frac_)));
  via(g_.edge_to_[target.edge_], part(target.edge_, false, 1.0 - static_cast<double>(target.frac_)));
  if (target.edge_ == source_.edge_) {
    auto const forward = target.frac_ >= source_.frac_;
    auto const along =
        part(target.edge_, forward, std::abs(static_cast<double>(target.frac_) - static_cast<double>(source_.frac_)));
    if (along != kUnreached) {
      best = std::min(best, std::uint64_t{source_.link_cm_} + along + target.link_cm_);
    }
  }
  return best <= limit_cm_ ? static_cast<std::uint32_t>(best) : kUnreached;
}

std::size_t count_island_links(island_pruning const& islands, std::span<latlng const> points,
                               std::span<snap const> kept, double radius_m) {
  if (islands.removed_.n_edges() == 0) {
    return 0;
  }
  street_index const index{islands.removed_};
  std::size_t n = 0;
  for (auto i = 0U; i != points.size(); ++i) {
    auto const limit_m = kept[i].valid() ? std::min(radius_m, kept[i].link_cm_ / 100.0) : radius_m;
    auto const s = index.nearest(points[i], limit_m);
    if (s.valid() && (!kept[i].valid() || s.link_cm_ < kept[i].link_cm_)) {
      ++n;
    }
  }
  return n;
}

}  // namespace solimob::street
