#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/geo.h"
#include "core/strong.h"

namespace solimob::street {

// Walkable street network: undirected edges (walking ignores one-way rules), CSR adjacency.
struct street_graph {
  node_idx add_node(latlng);
  void add_edge(node_idx, node_idx);  // length from the coordinates
  // Builds the adjacency arrays; call once after the last add_edge.
  void finalize();

  std::size_t n_nodes() const { return node_pos_.size(); }
  std::size_t n_edges() const { return edge_from_.size(); }

  vector_map<node_idx, latlng> node_pos_;
  vector_map<edge_idx, node_idx> edge_from_;
  vector_map<edge_idx, node_idx> edge_to_;
  vector_map<edge_idx, std::uint32_t> edge_length_cm_;

  // Neighbours of node n: indices [adj_offset_[n], adj_offset_[n + 1]) of adj_node_ / adj_edge_.
  std::vector<std::uint32_t> adj_offset_;
  std::vector<node_idx> adj_node_;
  std::vector<edge_idx> adj_edge_;
};

// R5's StreetLayer.MIN_SUBGRAPH_SIZE: walk islands with fewer vertices are removed.
constexpr std::size_t kMinIslandVertices = 40;

// What prune_islands removed; kept in memory (not in the network file) to report what linked to it.
struct island_pruning {
  std::size_t islands_{0};
  std::size_t vertices_{0};  // counted as R5 counts them (see prune_islands)
  street_graph removed_;     // the removed nodes and edges, finalized
};

// Removes every connected piece of `g` with fewer than `min_vertices` vertices, as R5's
// TarjanIslandPruner does for walking (walk edges are two-way, so its strong components are our
// connected pieces). A node counts as a vertex when `is_vertex[node]` is set: R5's graph has vertices
// at intersections and way ends only, while `g` keeps every OSM node. Unlike R5, the piece with the most
// vertices is always kept (R5 would empty a network smaller than the threshold). Nodes and edges
// keep their relative order; `g` is finalized afterwards.
island_pruning prune_islands(street_graph& g, std::vector<bool> const& is_vertex,
                             std::size_t min_vertices = kMinIslandVertices);

// A point attached to the street network: the nearest point on an edge (a split point) plus the
// straight-line distance to it, which is walked too.
struct snap {
  edge_idx edge_{edge_idx::invalid()};
  float frac_{0.0F};  // position along the edge from edge_from_, 0..1 (float: no padding in the file)
  std::uint32_t link_cm_{0};

  bool valid() const { return edge_.valid(); }
  std::uint32_t to_from_cm(street_graph const& g) const {
    return link_cm_ + static_cast<std::uint32_t>(std::lround(static_cast<double>(frac_) * g.edge_length_cm_[edge_]));
  }
  std::uint32_t to_to_cm(street_graph const& g) const {
    return link_cm_ +
           static_cast<std::uint32_t>(std::lround((1.0 - static_cast<double>(frac_)) * g.edge_length_cm_[edge_]));
  }
};

// Uniform grid over edge bounding boxes for nearest-edge queries.
class street_index {
 public:
  explicit street_index(street_graph const&, double cell_m = 150.0);
  // Nearest point on any edge within `max_m` metres, or an invalid snap.
  snap nearest(latlng, double max_m) const;

 private:
  street_graph const& g_;
  local_projection proj_;
  double cell_m_;
  double min_x_{0}, min_y_{0};
  std::int32_t nx_{0}, ny_{0};
  std::vector<std::uint32_t> cell_offset_;
  std::vector<edge_idx> cell_edges_;
  std::vector<double> node_x_, node_y_;
};

// How many of the points (already linked to the kept graph as `kept`; invalid = unlinked) have a
// removed island closer than their link, within `radius_m`: they would have linked to the island.
std::size_t count_island_links(island_pruning const&, std::span<latlng const> points, std::span<snap const> kept,
                               double radius_m);

// Bounded shortest-path search in centimetres; state reused across searches (one per thread).
class walk_search {
 public:
  static constexpr std::uint32_t kUnreached = UINT32_MAX;

  explicit walk_search(street_graph const&);
  void run(snap const& source, std::uint32_t limit_cm);
  std::uint32_t dist_cm(node_idx n) const { return dist_[n.v()]; }
  // Walking distance from the source to another snapped point, kUnreached beyond the limit.
  std::uint32_t dist_cm(snap const& target) const;
  std::vector<node_idx> const& reached() const { return touched_; }

 private:
  void relax(node_idx, std::uint32_t);

  street_graph const& g_;
  snap source_;
  std::uint32_t limit_cm_{0};
  std::vector<std::uint32_t> dist_;
  std::vector<node_idx> touched_;
  std::vector<std::pair<std::uint32_t, node_idx>> heap_;
};

}  // namespace solimob::street
