#pragma once

#include <filesystem>
#include <string_view>

#include "osm/lts.h"
#include "osm/tags.h"
#include "street/street_graph.h"

namespace solimob::osm {

// Walking profile: may a pedestrian use this way? R5's default rules (StreetLayer.isWayRoutable,
// TraversalPermissionLabeler, USTraversalPermissionLabeler), with two changes: motorroad=yes is never
// walked, and areas other than pedestrian squares, footways and platforms are not walked (their outline
// is no street). The rule is spelled out in the README (Method, "Walkable ways").
bool is_walkable(tag_lookup const&);

struct imported_streets {
  street::street_graph graph_;              // finalized, islands removed
  street::island_pruning islands_;          // what was removed
  std::size_t lts_overridden_ways_{0};      // walkable ways whose LTS came from the override list
  std::size_t lts_overrides_not_found_{0};  // listed ids that are no walkable way of the file
  std::size_t lts_raised_edges_{0};         // edges raised by R5's intersection rule, before island pruning
};

// Reads an OSM PBF/XML file into the walkable street graph (every way node kept, edges between
// consecutive nodes), then removes the walk islands with fewer than `min_island_vertices` R5 vertices
// (0: keep them all). Edge and node attributes come from the tags (osm/tags.h, osm/lts.h); a way listed
// in `overrides` (read_lts_overrides) gets that LTS on all its edges; the others are raised at
// intersections as R5 does (raise_lts_at_intersections), before the islands are removed. Throws
// input_error naming the file on unreadable or corrupt input.
imported_streets import_streets(std::filesystem::path const&,
                                std::size_t min_island_vertices = street::kMinIslandVertices,
                                lts_overrides const& overrides = {});

}  // namespace solimob::osm
