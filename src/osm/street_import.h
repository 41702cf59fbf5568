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

// Walking profile: may a pedestrian use this way?
// Streets and paths yes; motorways and trunks only when foot=yes/designated; access=no/private and
// foot=no exclude a way unless foot explicitly allows it; areas other than pedestrian squares no.
bool is_walkable(tag_lookup const&);

// Reads an OSM PBF/XML file into the walkable street graph (every way node kept, edges between
// consecutive nodes). Throws input_error naming the file on unreadable or corrupt input.
street::street_graph import_streets(std::filesystem::path const&);

}  // namespace solimob::osm
