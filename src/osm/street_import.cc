#include "osm/street_import.h"

#include <osmium/handler.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/flex_mem.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/visitor.hpp>

#include <cstring>
#include <unordered_map>

#include "core/error.h"

namespace solimob::osm {

namespace {

bool is(char const* v, char const* expected) {
  return v != nullptr && std::strcmp(v, expected) == 0;
}

bool one_of(char const* v, std::initializer_list<char const*> options) {
  return v != nullptr && std::any_of(begin(options), end(options), [&](char const* o) { return is(v, o); });
}

struct osmium_tags final : tag_lookup {
  explicit osmium_tags(osmium::TagList const& t) : t_{t} {}
  char const* get(char const* key) const override { return t_[key]; }
  osmium::TagList const& t_;
};

using location_index = osmium::index::map::FlexMem<osmium::unsigned_object_id_type, osmium::Location>;

struct way_handler : osmium::handler::Handler {
  explicit way_handler(street::street_graph& g) : g_{g} {}

  node_idx node_index(osmium::NodeRef const& r) {
    auto const [it, inserted] = ids_.try_emplace(r.ref(), node_idx{});
    if (inserted) {
      it->second = g_.add_node({r.location().lat(), r.location().lon()});
    }
    return it->second;
  }

  void way(osmium::Way const& w) {
    if (!is_walkable(osmium_tags{w.tags()})) {
      return;
    }
    auto const& nodes = w.nodes();
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
      g_.add_edge(a, b);
    }
  }

  street::street_graph& g_;
  std::unordered_map<osmium::object_id_type, node_idx> ids_;
  std::size_t missing_locations_{0};
};

}  // namespace

bool is_walkable(tag_lookup const& t) {
  auto const* highway = t.get("highway");
  if (highway == nullptr) {
    return false;
  }
  auto const* foot = t.get("foot");
  auto const foot_allowed = one_of(foot, {"yes", "designated", "permissive", "official"});
  if (is(foot, "no") || is(foot, "use_sidepath")) {
    return false;
  }
  if (one_of(t.get("access"), {"no", "private"}) && !foot_allowed) {
    return false;
  }
  if (is(t.get("area"), "yes") && !is(highway, "pedestrian") && !is(highway, "footway")) {
    return false;
  }
  if (one_of(highway, {"motorway", "motorway_link", "trunk", "trunk_link"})) {
    return foot_allowed;
  }
  return one_of(highway, {"primary",       "primary_link", "secondary",   "secondary_link", "tertiary",
                          "tertiary_link", "unclassified", "residential", "living_street",  "service",
                          "pedestrian",    "footway",      "path",        "steps",          "track",
                          "cycleway",      "corridor",     "platform",    "bridleway",      "road"}) ||
         foot_allowed;
}

street::street_graph import_streets(std::filesystem::path const& path) {
  if (!std::filesystem::exists(path)) {
    throw input_error{path.string(), 0, "", "no such file"};
  }
  street::street_graph g;
  try {
    osmium::io::Reader reader{path.string(), osmium::osm_entity_bits::node | osmium::osm_entity_bits::way};
    location_index index;
    osmium::handler::NodeLocationsForWays<location_index> locations{index};
    locations.ignore_errors();
    way_handler ways{g};
    osmium::apply(reader, locations, ways);
    reader.close();
  } catch (std::exception const& e) {
    throw input_error{path.string(), 0, "", std::string{"cannot read OpenStreetMap data: "} + e.what()};
  }
  if (g.n_edges() == 0) {
    throw input_error{path.string(), 0, "", "no walkable way (highway=*) in the OpenStreetMap data"};
  }
  g.finalize();
  return g;
}

}  // namespace solimob::osm
