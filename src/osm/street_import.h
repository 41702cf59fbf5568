#pragma once

#include <filesystem>
#include <string_view>

#include "street/street_graph.h"

namespace solimob::osm {

// Tags of a way, looked up by key; nullptr when absent.
struct tag_lookup {
  virtual ~tag_lookup() = default;
  virtual char const* get(char const* key) const = 0;
};

// Walking profile: may a pedestrian use this way? R5's default rules (StreetLayer.isWayRoutable,
// TraversalPermissionLabeler, USTraversalPermissionLabeler), with two changes: motorroad=yes is never
// walked, and areas other than pedestrian squares, footways and platforms are not walked (their outline
// is no street). The rule is spelled out in the README (Method, "Walkable ways").
bool is_walkable(tag_lookup const&);

struct imported_streets {
  street::street_graph graph_;      // finalized, islands removed
  street::island_pruning islands_;  // what was removed
};

// Reads an OSM PBF/XML file into the walkable street graph (every way node kept, edges between
// consecutive nodes), then removes the walk islands with fewer than `min_island_vertices` R5 vertices
// (0: keep them all). Throws input_error naming the file on unreadable or corrupt input.
imported_streets import_streets(std::filesystem::path const&,
                                std::size_t min_island_vertices = street::kMinIslandVertices);

}  // namespace solimob::osm
