#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>

#include "street/street_graph.h"

namespace solimob::osm {

// Tags of a way or node, looked up by key; nullptr when absent.
struct tag_lookup {
  virtual ~tag_lookup() = default;
  virtual char const* get(char const* key) const = 0;
};

bool is(char const* v, char const* expected);
bool one_of(char const* v, std::initializer_list<char const*> options);
std::string lower_trimmed(std::string v);

// R5's Label.fromTag (TraversalPermissionLabeler): the first value of a list, case-insensitive.
enum class label { kUnknown, kYes, kNo, kNoThruTraffic, kLimited };
label label_of(char const* tag);

// wheelchair=*: yes|designated -> kYes, limited -> kLimited, no -> kNo, anything else kUnknown.
street::wheelchair_tag wheelchair_of(char const* value);

// surface=* and smoothness=* in classes; smoothness wins when it is worse (see surface_table in tags.cc).
street::surface_class surface_of(char const* surface, char const* smoothness);

// incline=* in percent along the way: "5%", "-8%", "5" (percent), "10°" (tan, in percent), clamped to
// [-100, 100]; "up", "down", "steep" and other text have no magnitude: edge_attr::kNoIncline.
std::int8_t incline_pct_of(char const* value);

// Everything read from a walkable way except lts_ (osm/lts.h) and the node-dependent parts.
street::edge_attr way_attr(tag_lookup const&);

// Attributes of a node (kerb, barrier, elevator, wheelchair); nullopt when all are default.
std::optional<street::node_attr> node_attr_of(tag_lookup const&);

}  // namespace solimob::osm
