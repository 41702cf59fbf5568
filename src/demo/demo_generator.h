#pragma once

#include <filesystem>

namespace solimob::demo {

// The street and timetable files of the demo territory, as written by generate().
struct demo_files {
  std::filesystem::path osm_;   // streets.osm.pbf
  std::filesystem::path gtfs_;  // gtfs.zip
};

// Deterministically writes the synthetic Seine-Saint-Denis territory into `dir` (created if needed).
// `data_dir` holds the embedded reference files (the repository's demo/ folder): communes-93.csv
// (real centroids and populations) and lines.csv (real station positions, synthetic headways and speeds).
// Streets and timetables are SYNTHETIC (the grid, services and jobs: demo_layers.h). The same inputs always give
// byte-identical outputs. Throws input_error when a data file is missing or malformed, io_error when
// an output cannot be written.
demo_files generate(std::filesystem::path const& data_dir, std::filesystem::path const& dir);

}  // namespace solimob::demo
