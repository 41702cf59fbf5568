#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/geo.h"

namespace solimob::analysis {

// An origin or destination.
struct point {
  std::string id_;
  latlng pos_;
};

// CSV with columns id, lon, lat (others ignored, as r5r does). Throws input_error naming the file,
// line and field on a missing column, a bad number, an out-of-range coordinate or a duplicate id.
std::vector<point> read_points(std::filesystem::path const&);

}  // namespace solimob::analysis
