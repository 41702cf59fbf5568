#pragma once

#include <cstdint>
#include <vector>

#include "core/strong.h"
#include "profile/profile.h"

namespace solimob::street {
struct street_graph;
}

namespace solimob::profile {

// Directed cost of every street edge for one profile, in centimetres at the profile's speed (time x
// speed: a plain walk costs its length), kBlocked where the profile may not go that way. Edges
// whose node is closed to the profile (a raised kerb for a wheelchair...) are blocked both ways.
struct edge_costs {
  static constexpr std::uint32_t kBlocked = UINT32_MAX;
  std::vector<std::uint32_t> forward_;   // edge_from_ -> edge_to_
  std::vector<std::uint32_t> backward_;  // edge_to_ -> edge_from_

  std::uint32_t forward(edge_idx e) const { return forward_[e.v()]; }
  std::uint32_t backward(edge_idx e) const { return backward_[e.v()]; }
};

edge_costs make_edge_costs(street::street_graph const&, profile const&);

}  // namespace solimob::profile
