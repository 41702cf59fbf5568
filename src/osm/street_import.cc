#include "osm/street_import.h"

#include <osmium/handler.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/flex_mem.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/visitor.hpp>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.h"

namespace solimob::osm {

namespace {

// R5's StreetLayer.actuallyExistsInReality for the highway (or cycleway) value and the way's tags.
// construction=no / proposed=no are read as absent (R5 refuses any value).
bool exists_in_reality(char const* value, tag_lookup const& t) {
  auto const tagged = [&](char const* key) {
    auto const* v = t.get(key);
    return v != nullptr && !is(v, "no");
  };
  return !one_of(value, {"construction", "abandoned", "removed", "proposed", "propossed", "unbuilt"}) &&
         !tagged("construction") && !tagged("proposed");
}

// R5's StreetLayer.isWayRoutable: highways other than areas around roads, and platforms, that exist.
bool routable_by_r5(tag_lookup const& t) {
  auto const* highway = t.get("highway");
  auto const platform =
      is(t.get("public_transport"), "platform") || (is(t.get("railway"), "platform") && !is(t.get("usage"), "tourism"));
  auto const routable = (highway != nullptr && !one_of(highway, {"services", "rest_area", "raceway"})) || platform;
  auto const* cycleway = t.get("cycleway");
  return routable && exists_in_reality(highway, t) && (cycleway == nullptr || exists_in_reality(cycleway, t));
}

struct osmium_tags final : tag_lookup {
  explicit osmium_tags(osmium::TagList const& t) : t_{t} {}
  char const* get(char const* key) const override { return t_[key]; }
  osmium::TagList const& t_;
};

using location_index = osmium::index::map::FlexMem<osmium::unsigned_object_id_type, osmium::Location>;

struct way_handler : osmium::handler::Handler {
  way_handler(street::street_graph& g, lts_overrides const& overrides) : g_{g}, overrides_{overrides} {}

  // R5's StreetLayer.isImpassable (without step-free routing): emergency exits, and access=no nodes
  // without a foot or bicycle exception.
  void node(osmium::Node const& n) {
    osmium_tags const t{n.tags()};
    auto const null_or_no = [&](char const* key) { return t.get(key) == nullptr || is(t.get(key), "no"); };
    if (is(t.get("entrance"), "emergency") ||
        (is(t.get("access"), "no") && null_or_no("foot") && null_or_no("bicycle"))) {
      impassable_.push_back(n.id());
    }
    // Only tagged nodes are remembered (few), looked up when a way reaches them.
    if (auto const a = node_attr_of(t); a.has_value()) {
      node_attrs_.emplace_back(n.id(), *a);
    }
    if (is(t.get("highway"), "traffic_signals")) {  // R5: VertexFlag.TRAFFIC_SIGNAL
      signals_.push_back(n.id());
    }
  }

  street::node_attr attr_of(osmium::object_id_type id) const {
    auto const it = std::lower_bound(begin(node_attrs_), end(node_attrs_), id,
                                     [](auto const& e, osmium::object_id_type x) { return e.first < x; });
    return it != end(node_attrs_) && it->first == id ? it->second : street::node_attr{};
  }

  node_idx add_node(osmium::NodeRef const& r, bool way_end) {
    way_end_.push_back(way_end);
    signal_.push_back(std::binary_search(begin(signals_), end(signals_), r.ref()));
    return g_.add_node({r.location().lat(), r.location().lon()}, attr_of(r.ref()));
  }

  node_idx node_index(osmium::NodeRef const& r) {
    // As R5 (StreetLayer.getVertexIndexForOsmNode), every edge reaching an impassable node gets its own
    // copy of it: the node ends the edges without joining them.
    if (std::binary_search(begin(impassable_), end(impassable_), r.ref())) {
      return add_node(r, true);
    }
    auto const [it, inserted] = ids_.try_emplace(r.ref(), node_idx{});
    if (inserted) {
      it->second = add_node(r, false);
    }
    return it->second;
  }

  void way(osmium::Way const& w) {
    auto const& nodes = w.nodes();
    // R5 (OSM.writeWay) makes an intersection of every node that ways other than buildings share,
    // walkable or not: remember every such reference to count island vertices as R5 does.
    if (w.tags()["building"] == nullptr) {
      for (auto const& n : nodes) {
        refs_.push_back(n.ref());
      }
    }
    osmium_tags const tags{w.tags()};
    if (!is_walkable(tags)) {
      // R5 keeps the ways some mode may use: their stress counts at the intersections they share with ours.
      if (routable_by_r5(tags) && (car_allowed(tags) || bicycle_allowed(tags))) {
        if (auto const label = lts_of(tags); label > 1) {
          for (auto const& n : nodes) {
            other_.emplace_back(n.ref(), label);
          }
        }
      }
      return;
    }
    if (!impassable_sorted_) {  // nodes come before ways in OSM files
      std::sort(begin(impassable_), end(impassable_));
      std::sort(begin(signals_), end(signals_));
      std::sort(begin(node_attrs_), end(node_attrs_), [](auto const& x, auto const& y) { return x.first < y.first; });
      impassable_sorted_ = true;
    }
    auto attr = way_attr(tags);
    auto const label = lts_of(tags);
    // r5r applies its overrides (SetLtsOsm) to the built network, after R5's intersection rule: they
    // win over it and do not feed it.
    auto fixed = lts_tag_of(tags) != 0;
    if (auto const it = overrides_.find(w.id()); it != end(overrides_)) {
      attr.lts_ = it->second;
      fixed = true;
      if (overridden_.empty() || overridden_.back() != w.id()) {
        overridden_.push_back(w.id());
      }
    }
    for (auto i = 1U; i < nodes.size(); ++i) {
      if (!nodes[i - 1].location().valid() || !nodes[i].location().valid()) {
        ++missing_locations_;
        continue;
      }
      if (nodes[i - 1].ref() == nodes[i].ref()) {
        continue;
      }
      auto const a = node_index(nodes[i - 1]);
      auto const b = node_index(nodes[i]);
      g_.add_edge(a, b, attr, w.id());
      lts_.label_.push_back(label);
      lts_.fixed_.push_back(fixed);
      if (i == 1) {
        way_end_[a.v()] = true;
      }
      if (i + 1 == nodes.size()) {
        way_end_[b.v()] = true;
      }
    }
  }

  // R5's street vertices: way ends and nodes shared by two ways or visited twice by one
  // (StreetLayer.loadFromOsm splits ways there); the other nodes are only edge geometry in R5.
  std::vector<bool> vertices() {
    std::sort(begin(refs_), end(refs_));
    std::vector<bool> v{way_end_};
    for (auto const& [id, n] : ids_) {
      auto const [lo, hi] = std::equal_range(begin(refs_), end(refs_), id);
      if (hi - lo >= 2) {
        v[n.v()] = true;
      }
    }
    return v;
  }

  // The inputs of raise_lts_at_intersections, once every way is read; `vertices` from vertices().
  lts_intersections intersections(std::vector<bool> vertices) {
    lts_.vertex_ = std::move(vertices);
    lts_.signal_ = std::move(signal_);
    lts_.other_.assign(g_.n_nodes(), 0);
    for (auto const& [id, label] : other_) {
      if (auto const it = ids_.find(id); it != end(ids_)) {
        auto& x = lts_.other_[it->second.v()];
        x = std::max(x, label);
      }
    }
    return std::move(lts_);
  }

  street::street_graph& g_;
  lts_overrides const& overrides_;
  std::vector<std::pair<osmium::object_id_type, street::node_attr>> node_attrs_;
  std::vector<osmium::object_id_type> overridden_;  // way ids, in file order
  std::unordered_map<osmium::object_id_type, node_idx> ids_;
  std::vector<bool> way_end_;
  std::vector<bool> signal_;                                            // per node
  std::vector<osmium::object_id_type> signals_;                         // traffic signal node ids
  std::vector<std::pair<osmium::object_id_type, std::uint8_t>> other_;  // nodes of R5 ways not walked
  lts_intersections lts_;
  std::vector<osmium::object_id_type> refs_;
  std::vector<osmium::object_id_type> impassable_;
  bool impassable_sorted_{false};
  std::size_t missing_locations_{0};
};

}  // namespace

bool is_walkable(tag_lookup const& t) {
  if (!routable_by_r5(t)) {
    return false;
  }
  auto const* highway = t.get("highway");
  // Expressways closed to pedestrians by law (not in R5, which walks them like any trunk road).
  if (is(t.get("motorroad"), "yes")) {
    return false;
  }
  if (is(t.get("area"), "yes") && highway != nullptr && !one_of(highway, {"pedestrian", "footway", "platform"})) {
    return false;
  }
  // Default labels by highway type (R5's TraversalPermissionLabeler with the USTraversalPermissionLabeler
  // that R5 uses by default); an unknown highway value gets highway=road's labels, as in R5.
  auto access = label::kYes;
  auto foot = label::kUnknown;
  auto const hw = highway == nullptr ? std::string{} : lower_trimmed(highway);
  if (highway == nullptr ||
      one_of(hw.c_str(), {"pedestrian", "path", "bridleway", "cycleway", "footway", "steps", "platform", "corridor"})) {
    access = label::kNo;
    foot = label::kYes;
  } else if (one_of(hw.c_str(), {"motorway", "motorway_link"})) {
    foot = label::kNo;
  }
  // Specific tags (R5's applySpecificPermissions): access, then foot, then a sidewalk on either side.
  if (auto const l = label_of(t.get("access")); l != label::kUnknown) {
    access = l;
  }
  if (auto const l = label_of(t.get("foot")); l != label::kUnknown) {
    foot = l;
  }
  if (auto const* sidewalk = t.get("sidewalk");
      sidewalk != nullptr && one_of(lower_trimmed(sidewalk).c_str(), {"both", "left", "right"})) {
    foot = label::kYes;
  }
  // The most specific known label decides (foot, else access); R5 walks only a "yes".
  return (foot != label::kUnknown ? foot : access) == label::kYes;
}

imported_streets import_streets(std::filesystem::path const& path, std::size_t min_island_vertices,
                                lts_overrides const& overrides) {
  if (!std::filesystem::exists(path)) {
    throw input_error{path.string(), 0, "", "no such file"};
  }
  imported_streets out;
  auto& g = out.graph_;
  std::vector<bool> vertices;
  lts_intersections lts;
  try {
    osmium::io::Reader reader{path.string(), osmium::osm_entity_bits::node | osmium::osm_entity_bits::way};
    location_index index;
    osmium::handler::NodeLocationsForWays<location_index> locations{index};
    locations.ignore_errors();
    way_handler ways{g, overrides};
    osmium::apply(reader, locations, ways);
    reader.close();
    std::sort(begin(ways.overridden_), end(ways.overridden_));
    ways.overridden_.erase(std::unique(begin(ways.overridden_), end(ways.overridden_)), end(ways.overridden_));
    out.lts_overridden_ways_ = ways.overridden_.size();
    out.lts_overrides_not_found_ = overrides.size() - out.lts_overridden_ways_;
    vertices = ways.vertices();
    lts = ways.intersections(vertices);
  } catch (std::exception const& e) {
    throw input_error{path.string(), 0, "", std::string{"cannot read OpenStreetMap data: "} + e.what()};
  }
  if (g.n_edges() == 0) {
    throw input_error{path.string(), 0, "", "no walkable way (highway=*) in the OpenStreetMap data"};
  }
  out.lts_raised_edges_ = raise_lts_at_intersections(g, lts);
  // Before any stop or point links to the streets (R5 prunes in StreetLayer.loadFromOsm, before indexStreets).
  out.islands_ = street::prune_islands(g, vertices, min_island_vertices);
  return out;
}

}  // namespace solimob::osm
