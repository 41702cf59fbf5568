#pragma once

#include <filesystem>
#include <ostream>

namespace solimob::demo {

// The README's main job: generates the synthetic territory (deterministically), builds its network
// through the real loaders, computes the travel-time matrix from population points to services and
// prints a short summary in French. Files go to `dir`.
void run_demo(std::filesystem::path const& dir, std::ostream& out);

}  // namespace solimob::demo
