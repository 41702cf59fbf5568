#pragma once

#include "profile/profile.h"
#include "street/street_graph.h"

namespace solimob::profile {

// The directed costs of every street edge for profile `p` (street::edge_costs): README, Profiles.
// Edges closed to the profile, and those touching a node closed to it (a raised kerb for a
// wheelchair...), are blocked. With the strict bound, a wheelchair profile also finds closed the
// station entrances whose wheelchair_boarding is unknown.
street::edge_costs make_edge_costs(street::street_graph const&, profile const& p, accessibility_bound bound);

// Whether routing `p` on `g` needs make_edge_costs: the plain walk goes by lengths (R5's results,
// faster) unless pathways time or orient some edges.
bool needs_costs(street::street_graph const&, profile const& p);

}  // namespace solimob::profile
