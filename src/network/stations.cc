#include "network/stations.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <tuple>

namespace solimob::network {

namespace {

using gtfs::pathway;
using street::edge_attr;
using street::edge_kind;
using street::street_graph;

edge_kind kind_of(pathway::mode m) {
  switch (m) {
    case pathway::mode::kStairs:
      return edge_kind::kSteps;
    case pathway::mode::kMovingSidewalk:
      return edge_kind::kMovingWalkway;
    case pathway::mode::kEscalator:
      return edge_kind::kEscalator;
    case pathway::mode::kElevator:
      return edge_kind::kElevator;
    case pathway::mode::kFareGate:
    case pathway::mode::kExitGate:
      return edge_kind::kFareGate;
    case pathway::mode::kWalkway:
      break;
  }
  return edge_kind::kWalkway;
}

// Generic nodes and boarding areas may have no position (the loader leaves 0, 0): they stand where
// their parent does (the station, the platform).
std::optional<latlng> position(gtfs::feed const& f, gtfs::feed_stop_idx s) {
  for (auto depth = 0; depth != 4 && s.valid(); ++depth) {
    auto const& x = f.stops_[s];
    if (x.pos_.lat_ != 0.0 || x.pos_.lng_ != 0.0) {
      return x.pos_;
    }
    s = x.parent_;
  }
  return std::nullopt;
}

// Appends an edge, its length given (else from the coordinates), keeping slopes as long as the edges;
// `way` is the OSM way of the edge it is a piece of (0 for a pathway or a link).
void append_edge(street_graph& g, node_idx a, node_idx b, edge_attr attr, std::optional<std::uint32_t> length_cm = {},
                 street::edge_slope slope = {}, std::int64_t way = 0) {
  g.add_edge(a, b, attr, way);
  if (length_cm) {
    g.edge_length_cm_.back() = std::max(1U, *length_cm);
  }
  if (!g.edge_slope_.empty()) {
    g.edge_slope_.push_back(slope);
  }
}

edge_attr pathway_attr(pathway const& p) {
  edge_attr a;
  a.kind_ = kind_of(p.mode_);
  a.flags_ = static_cast<std::uint8_t>(edge_attr::kStation | (p.bidirectional_ ? 0 : edge_attr::kOneWay));
  if (p.traversal_time_s_ >= 0) {
    // 0 would read as "from the length": an instant pathway costs one second.
    a.fixed_s_ = static_cast<std::uint16_t>(std::clamp(p.traversal_time_s_, seconds_t{1}, seconds_t{UINT16_MAX}));
  }
  if (p.max_slope_ != 0.0) {
    a.incline_pct_ = static_cast<std::int8_t>(std::clamp(std::lround(p.max_slope_ * 100.0), -100L, 100L));
  }
  return a;
}

// Entrances linked where the street is nearest: on a split of the nearest edge rather than at its
// nearest node, so that the walk from the street to the entrance is the straight link, not a detour
// by a node that can be a whole block away.
struct entrance_link {
  node_idx entrance_;
  street::snap at_;
  node_idx street_node_{node_idx::invalid()};
};

void link_to_streets(street_graph& g, std::vector<entrance_link>& links) {
  // Split nodes are made edge by edge, in order along each edge, so that several entrances on one
  // edge cut it into consecutive pieces.
  std::vector<std::size_t> order(links.size());
  std::iota(begin(order), end(order), std::size_t{0});
  std::sort(begin(order), end(order), [&](std::size_t x, std::size_t y) {
    return std::tie(links[x].at_.edge_, links[x].at_.frac_, x) < std::tie(links[y].at_.edge_, links[y].at_.frac_, y);
  });
  for (auto i = 0U; i != order.size();) {
    auto const e = links[order[i]].at_.edge_;
    auto j = i;
    while (j != order.size() && links[order[j]].at_.edge_ == e) {
      ++j;
    }
    auto const a = g.edge_from_[e], b = g.edge_to_[e];
    auto const total_cm = g.edge_length_cm_[e];
    auto const attr = g.edge_attr_[e];
    auto const way = g.edge_way_[e];
    auto const slope = g.edge_slope_.empty() ? street::edge_slope{} : g.edge_slope_[e];
    auto last = a;
    auto last_cm = 0U;
    auto last_frac = 0.0F;
    for (auto k = i; k != j; ++k) {
      auto& l = links[order[k]];
      auto const frac = l.at_.frac_;
      if (frac <= 0.0F) {
        l.street_node_ = a;
      } else if (frac >= 1.0F) {
        l.street_node_ = b;
      } else if (frac == last_frac) {
        l.street_node_ = last;  // a second entrance at the same street point
      } else {
        auto const pa = g.node_pos_[a], pb = g.node_pos_[b];
        auto const m = g.add_node({pa.lat_ + frac * (pb.lat_ - pa.lat_), pa.lng_ + frac * (pb.lng_ - pa.lng_)});
        auto const cm = static_cast<std::uint32_t>(std::lround(static_cast<double>(frac) * total_cm));
        if (last == a) {
          // The first piece keeps the edge's id.
          g.edge_to_[e] = m;
          g.edge_length_cm_[e] = std::max(1U, cm);
        } else {
          append_edge(g, last, m, attr, cm - last_cm, slope, way);
        }
        last = m;
        last_cm = cm;
        last_frac = frac;
        l.street_node_ = m;
      }
    }
    if (last != a) {
      append_edge(g, last, b, attr, total_cm - last_cm, slope, way);
    }
    i = j;
  }
  edge_attr link;
  link.kind_ = edge_kind::kLink;
  link.flags_ = edge_attr::kStation;
  for (auto const& l : links) {
    append_edge(g, l.entrance_, l.street_node_, link);
  }
}

}  // namespace

std::vector<vector_map<gtfs::feed_stop_idx, node_idx>> add_station_pathways(street_graph& g,
                                                                            std::vector<gtfs::feed> const& feeds,
                                                                            double link_radius_m) {
  std::vector<vector_map<gtfs::feed_stop_idx, node_idx>> node_of(feeds.size());
  auto const first_node = static_cast<std::uint32_t>(g.n_nodes());
  std::vector<node_idx> entrances;
  std::vector<std::pair<node_idx, node_idx>> station_edges;  // pathways and boarding area joins
  for (auto fi = 0U; fi != feeds.size(); ++fi) {
    auto const& f = feeds[fi];
    auto& nodes = node_of[fi];
    nodes.assign(f.stops_.size(), node_idx::invalid());
    auto const node = [&](gtfs::feed_stop_idx s, latlng pos) {
      if (!nodes[s].valid()) {
        auto const& x = f.stops_[s];
        street::node_attr attr;
        if (x.location_type_ == 2) {
          // Unknown stays unknown: the accessibility bound decides (profile/edge_costs.h).
          attr.flags_ = street::node_attr::kEntrance;
          attr.wheelchair_ = x.wheelchair_ == 1   ? street::wheelchair_tag::kYes
                             : x.wheelchair_ == 2 ? street::wheelchair_tag::kNo
                                                  : street::wheelchair_tag::kUnknown;
        }
        nodes[s] = g.add_node(pos, attr);
        if (x.location_type_ == 2) {
          entrances.push_back(nodes[s]);
        }
      }
      return nodes[s];
    };
    for (auto const& p : f.pathways_) {
      auto const from = position(f, p.from_), to = position(f, p.to_);
      if (!from || !to) {
        continue;  // a positionless node without a positioned parent: nowhere to put it
      }
      auto const a = node(p.from_, *from), b = node(p.to_, *to);
      append_edge(g, a, b, pathway_attr(p),
                  p.length_m_ >= 0.0 ? std::optional{static_cast<std::uint32_t>(std::lround(p.length_m_ * 100.0))}
                                     : std::nullopt);
      station_edges.emplace_back(a, b);
    }
    // Pathways reach a platform with boarding areas through these: the train stops along the whole
    // platform, so each boarding area joins the platform's stop.
    for (auto const s : f.stops_.keys()) {
      auto const parent = f.stops_[s].parent_;
      if (f.stops_[s].location_type_ != 4 || !nodes[s].valid() || !parent.valid() ||
          f.stops_[parent].location_type_ != 0) {
        continue;
      }
      auto const pos = position(f, parent);
      if (!pos) {
        continue;  // neither the platform nor its station has a position
      }
      auto const a = node(parent, *pos);
      edge_attr walkway;
      walkway.kind_ = edge_kind::kWalkway;
      walkway.flags_ = edge_attr::kStation;
      append_edge(g, a, nodes[s], walkway);
      station_edges.emplace_back(a, nodes[s]);
    }
  }
  if (g.n_nodes() == first_node) {
    return {};
  }

  std::vector<entrance_link> links;
  {
    street::street_index const index{g};  // streets only: station edges are not indexed
    for (auto const e : entrances) {
      if (auto const s = index.nearest(g.node_pos_[e], link_radius_m); s.valid()) {
        links.push_back({e, s});
      }
    }
  }
  auto const n_station_nodes = static_cast<std::uint32_t>(g.n_nodes()) - first_node;
  link_to_streets(g, links);
  g.finalize();

  // The pieces of station graph that a linked entrance reaches (by union-find over the station
  // edges, as if two-way: a platform behind a one-way exit is still the station's).
  std::vector<std::uint32_t> parent(n_station_nodes);
  std::iota(begin(parent), end(parent), 0U);
  auto const find = [&](node_idx n) {
    auto x = n.v() - first_node;
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (auto const& [a, b] : station_edges) {
    auto const ra = find(a), rb = find(b);
    parent[std::max(ra, rb)] = std::min(ra, rb);
  }
  std::vector<std::uint8_t> linked(n_station_nodes, 0);
  for (auto const& l : links) {
    linked[find(l.entrance_)] = 1;
  }
  for (auto fi = 0U; fi != feeds.size(); ++fi) {
    for (auto const s : feeds[fi].stops_.keys()) {
      auto& n = node_of[fi][s];
      if (n.valid() && (feeds[fi].stops_[s].location_type_ != 0 || linked[find(n)] == 0)) {
        n = node_idx::invalid();
      }
    }
  }
  return node_of;
}

}  // namespace solimob::network
