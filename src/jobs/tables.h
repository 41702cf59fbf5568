#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/geo.h"
#include "io/vector_io.h"

namespace solimob::jobs {

// WKB of a point (lon/lat).
std::string point_wkb(latlng);

// A cell: NULL for NaN, a real otherwise.
io::cell real_or_null(double);

// Population-weighted summary of one indicator for one group, NaN values left out and counted.
struct group_summary {
  double population_{0.0};
  double population_without_value_{0.0};
  double mean_{0.0};
  double median_{0.0};
};
// Columns of a per-group summary table: indicator, group, population, population_without_value,
// mean, median, gap_to_all.
std::vector<io::column> group_summary_columns();

group_summary summarise(std::span<double const> values, std::span<double const> population);

}  // namespace solimob::jobs
