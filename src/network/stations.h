#pragma once

#include <vector>

#include "core/strong.h"
#include "gtfs/feed.h"
#include "street/street_graph.h"

namespace solimob::network {

// Adds the pathways.txt graph of every feed's stations to the finalized graph `g` and finalizes it
// again; existing node and edge ids stay (an edge split to link an entrance keeps its id for the
// first piece). Per feed: a node per location a pathway uses (platform, entrance, generic node,
// boarding area), an edge per pathway (edge_attr::kStation, its kind, traversal_time, length, one-way
// when is_bidirectional is 0, max_slope as the incline), each boarding area joined to its platform by
// a walkway; each entrance linked (edge_kind::kLink) to the nearest street point within
// `link_radius_m`, the street edge being split there. An entrance with wheelchair_boarding 2 (after
// inheritance) is closed to wheelchairs (node_attr::wheelchair_ kNo); an unknown one stays unknown,
// closed under the strict bound only (profile/edge_costs.h).
// Returns, per feed and feed stop, the node of every platform (location_type 0) that a linked
// entrance reaches through pathways; invalid for every other stop, which links to the nearest street
// as in a station without pathways. Empty when no feed has a pathway.
std::vector<vector_map<gtfs::feed_stop_idx, node_idx>> add_station_pathways(street::street_graph& g,
                                                                            std::vector<gtfs::feed> const&,
                                                                            double link_radius_m);

}  // namespace solimob::network
