#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

#include "street/street_graph.h"

namespace solimob::street {

struct slope_summary {
  std::size_t sampled_edges_{0};
  std::size_t edges_without_data_{0};   // a sample outside the raster or on nodata: the edge is flat
  std::int32_t max_grade_permille_{0};  // steepest slice of any edge, either direction
};

// Fills g.edge_slope_ (one per edge) from a GeoTIFF DEM (band 1, metres). The raster's own CRS is used;
// `declared_crs` (anything OGRSpatialReference::SetFromUserInput takes, e.g. "EPSG:31982") only when
// the file declares none. Only the GTiff driver may open the file (no VRT, no network).
// Throws input_error naming the file on a missing CRS, an unreadable or oversized raster.
slope_summary add_slopes(street_graph& g, std::filesystem::path const& dem,
                         std::optional<std::string> const& declared_crs = {});

}  // namespace solimob::street
