#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/geo.h"
#include "core/nested.h"
#include "core/strong.h"

namespace solimob::street {

// What OpenStreetMap (or a GTFS pathway) says about an edge, read by the profiles
// (profile/edge_costs.h) to cost or forbid it. Saved as raw bytes: no padding.
enum class edge_kind : std::uint8_t {
  kStreet = 0,         // any walkable way
  kSteps = 1,          // highway=steps, pathway_mode 2 (stairs)
  kElevator = 2,       // pathway_mode 5 (an OSM highway=elevator is a node: node_attr::kElevator)
  kEscalator = 3,      // pathway_mode 4
  kMovingWalkway = 4,  // pathway_mode 3
  kFareGate = 5,       // pathway_mode 6 (fare gate) and 7 (exit gate)
  kWalkway = 6,        // pathway_mode 1
  kLink = 7,           // from a station entrance to the street it stands on
};

// wheelchair=* (yes, designated -> kYes; limited -> kLimited; no -> kNo).
enum class wheelchair_tag : std::uint8_t { kUnknown = 0, kYes = 1, kLimited = 2, kNo = 3 };

// surface=* and smoothness=* in classes (README, Profiles: the table of values).
enum class surface_class : std::uint8_t {
  kUnknown = 0,
  kPaved = 1,       // asphalt, concrete, paving_stones...: no effect
  kRough = 2,       // sett, cobblestone, compacted, fine_gravel, smoothness=intermediate/bad: slowed
  kUnpaved = 3,     // gravel, ground, dirt, grass, sand, smoothness=very_bad...: slowed, no wheelchair
  kImpassable = 4,  // smoothness=horrible/very_horrible/impassable, surface=mud/rock...: no wheelchair
};

struct edge_attr {
  static constexpr std::int8_t kNoIncline = INT8_MIN;
  static constexpr std::uint8_t kOneWay = 1;     // only from edge_from_ to edge_to_ (pathway is_bidirectional=0)
  static constexpr std::uint8_t kRamp = 2;       // steps with ramp:wheelchair=yes (or ramp=yes)
  static constexpr std::uint8_t kNoBicycle = 4;  // cycling not allowed: the bike is pushed
  static constexpr std::uint8_t kCrossing = 8;   // footway=crossing / highway=crossing way
  // A pathway inside a station, or an entrance's link to the street (network/stations.h): points
  // and stops never snap to it (street_index), they enter a station through its entrances.
  static constexpr std::uint8_t kStation = 16;
  // Closed to walkers by a scenario (allowed_modes without walk: README, "Street projects"); a bike
  // is ridden there but not pushed. OSM ways closed to pedestrians are simply not imported.
  static constexpr std::uint8_t kNoFoot = 32;

  edge_kind kind_{edge_kind::kStreet};
  wheelchair_tag wheelchair_{wheelchair_tag::kUnknown};
  surface_class surface_{surface_class::kUnknown};
  std::uint8_t lts_{0};  // cycling level of traffic stress 1-4 (Conveyal's labeler); 0 when no cycling
  std::uint8_t flags_{0};
  std::int8_t incline_pct_{kNoIncline};  // incline=* in percent, positive uphill from edge_from_ to edge_to_
  std::uint16_t fixed_s_{0};             // pathways.txt traversal_time, 0 = from the length
};
static_assert(sizeof(edge_attr) == 8, "saved as raw bytes: no padding");

// Street nodes: kerbs at crossings, barriers, elevators, wheelchair=* on the node.
enum class kerb_tag : std::uint8_t {
  kNone = 0,     // not a kerb or crossing node
  kUnknown = 1,  // a crossing or kerb node without a kerb= value
  kFlush = 2,
  kLowered = 3,
  kRolled = 4,
  kRaised = 5,
};

enum class barrier_class : std::uint8_t {
  kNone = 0,
  kPassable = 1,      // gate, lift_gate, bollard, entrance...: every profile passes
  kNoWheelchair = 2,  // kissing_gate, stile, turnstile, cycle_barrier, full-height_turnstile...
};

struct node_attr {
  static constexpr std::uint8_t kElevator = 1;  // highway=elevator
  // A GTFS station entrance (network/stations.h): wheelchair_ is its wheelchair_boarding, so an
  // unknown one is closed under the strict bound like an unknown stop.
  static constexpr std::uint8_t kEntrance = 2;
  kerb_tag kerb_{kerb_tag::kNone};
  wheelchair_tag wheelchair_{wheelchair_tag::kUnknown};
  barrier_class barrier_{barrier_class::kNone};
  std::uint8_t flags_{0};
};
static_assert(sizeof(node_attr) == 4, "saved as raw bytes: no padding");

// Slope of an edge from a DEM (street/elevation.h), sampled every 10 m as R5 does. Factors are
// travel time over flat-ground time, x1000; grades in per mille, along edge_from_ -> edge_to_.
struct edge_slope {
  std::uint16_t tobler_forward_{1000}, tobler_backward_{1000};          // walking: Tobler's hiking function
  std::uint16_t wheelchair_forward_{1000}, wheelchair_backward_{1000};  // wheelchair: README, Profiles
  std::int16_t max_up_forward_permille_{0};                             // steepest uphill slice going forward
  std::int16_t max_up_backward_permille_{0};  // steepest uphill slice going backward (= steepest downhill forward)
};
static_assert(sizeof(edge_slope) == 12, "saved as raw bytes: no padding");

// Time factors a scenario puts on an edge (street projects: README, "Street projects"), x1000 on top of
// the profile's own; 1000 = unchanged.
struct edge_factor {
  std::uint16_t walk_x1000_{1000};  // walking and rolling profiles, and a pushed bike
  std::uint16_t bike_x1000_{1000};  // a ridden bike
};
static_assert(sizeof(edge_factor) == 4, "saved as raw bytes: no padding");

// The lowest walking time factor of a graph's edges, at most 1: a walk of a given cost reaches up to
// 1 / this times as far (scenario re-linking widens its radius by it).
inline double min_walk_factor(std::span<edge_factor const> factors) {
  auto m = 1000U;
  for (auto const& f : factors) {
    m = std::min<unsigned>(m, f.walk_x1000_);
  }
  return m / 1000.0;
}

// Walkable street network: undirected edges (walking ignores one-way rules; only one-way GTFS
// pathways, edge_attr::kOneWay, have a direction), CSR adjacency.
// Per-edge and per-node attributes say what each profile may use (profile/edge_costs.h).
struct street_graph {
  node_idx add_node(latlng, node_attr = {});
  // Length from the coordinates; `way` is the OSM way the edge comes from (0: none). Keeps
  // edge_factor_ as long as the edges when it is not empty (edge_slope_ is the caller's).
  void add_edge(node_idx, node_idx, edge_attr = {}, std::int64_t way = 0);
  // Builds the adjacency arrays; call once after the last add_edge.
  void finalize();

  std::size_t n_nodes() const { return node_pos_.size(); }
  std::size_t n_edges() const { return edge_from_.size(); }

  vector_map<node_idx, latlng> node_pos_;
  vector_map<edge_idx, node_idx> edge_from_;
  vector_map<edge_idx, node_idx> edge_to_;
  vector_map<edge_idx, std::uint32_t> edge_length_cm_;
  vector_map<node_idx, node_attr> node_attr_;
  vector_map<edge_idx, edge_attr> edge_attr_;
  vector_map<edge_idx, edge_slope> edge_slope_;  // empty without a DEM (street/elevation.h)
  // The OSM way of every edge, for scenarios to select streets by way id: 0 (or negative) for an edge
  // from no way (pathways, entrance links, streets a scenario added); the pieces of a split edge keep it.
  vector_map<edge_idx, std::int64_t> edge_way_;
  vector_map<edge_idx, edge_factor> edge_factor_;  // empty unless a scenario set time factors

  // Neighbours of every node, through which edge (both ways: edges are undirected).
  struct neighbour {
    node_idx node_;
    edge_idx edge_;
  };
  static_assert(sizeof(neighbour) == 8, "saved as raw bytes: no padding");
  nested<node_idx, neighbour> adjacency_;
};

// Directed cost of every edge for one profile, in centimetres at the profile's speed (time x speed:
// a plain walk costs the length), kBlocked where the profile may not go that way.
struct edge_costs {
  static constexpr std::uint32_t kBlocked = UINT32_MAX;
  std::vector<std::uint32_t> forward_;   // edge_from_ -> edge_to_
  std::vector<std::uint32_t> backward_;  // edge_to_ -> edge_from_
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

// A point standing on node `n` of a finalized graph: on its first incident edge, at the end that is
// `n`, with no link. Invalid when `n` has no edge.
snap snap_at_node(street_graph const&, node_idx n);

// Uniform grid over edge bounding boxes for nearest-edge queries. Station edges
// (edge_attr::kStation) are left out.
class street_index {
 public:
  explicit street_index(street_graph const&, double cell_m = 150.0);
  // Nearest point on any street edge within `max_m` metres, or an invalid snap. With `costs`, only on
  // edges the profile may use in some direction (as R5 links each street mode to the edges it may use).
  snap nearest(latlng, double max_m, edge_costs const* costs = nullptr) const;

 private:
  street_graph const& g_;
  local_projection proj_;
  double cell_m_;
  double min_x_{0}, min_y_{0};
  std::int32_t nx_{0}, ny_{0};
  nested<std::size_t, edge_idx> cell_edges_;  // per cell y * nx_ + x, ascending
  std::vector<double> node_x_, node_y_;
};

// How many of the points (already linked to the kept graph as `kept`; invalid = unlinked) have a
// removed island closer than their link, within `radius_m`: they would have linked to the island.
std::size_t count_island_links(island_pruning const&, std::span<latlng const> points, std::span<snap const> kept,
                               double radius_m);

// Bounded shortest-path search in centimetres (or in a profile's costs); state reused across searches
// (one per thread).
class walk_search {
 public:
  static constexpr std::uint32_t kUnreached = UINT32_MAX;

  // Without `costs`, edges cost their length both ways. `costs` must outlive the search.
  explicit walk_search(street_graph const&, edge_costs const* costs = nullptr);
  void run(snap const& source, std::uint32_t limit_cm);
  std::uint32_t dist_cm(node_idx n) const { return dist_[n.v()]; }
  // Walking distance from the source to another snapped point, kUnreached beyond the limit.
  std::uint32_t dist_cm(snap const& target) const;
  std::vector<node_idx> const& reached() const { return touched_; }

 private:
  void relax(node_idx, std::uint64_t);
  // Cost of `frac` of edge e in one direction, kUnreached when blocked.
  std::uint64_t part(edge_idx e, bool forward, double frac) const;
  std::uint64_t from_point_to_node(snap const&, bool to_end) const;

  street_graph const& g_;
  edge_costs const* costs_;
  snap source_;
  std::uint32_t limit_cm_{0};
  std::vector<std::uint32_t> dist_;
  std::vector<node_idx> touched_;
  std::vector<std::pair<std::uint32_t, node_idx>> heap_;
};

}  // namespace solimob::street
