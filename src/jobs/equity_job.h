#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace solimob::jobs {

// `solimob equity`: how an accessibility indicator is shared between publics: population-weighted
// mean and median by group, gap to the whole population, share beyond a threshold, and inequality
// indices (Gini, Palma, Theil T, concentration index). Optionally the "white zones" (zones blanches)
// of each group as merged polygons.
struct equity_job {
  std::string input_;  // typically the output of `solimob access`
  std::optional<std::string> layer_;
  std::string id_field_{"id"};
  std::vector<std::string> indicators_;
  std::vector<std::string> population_fields_;  // groups; the first one is the whole population
  std::optional<std::string> rank_field_;       // income / deprivation, for the concentration index
  std::optional<double> threshold_;             // minutes for time indicators, opportunities otherwise
  std::optional<std::string> crs_;
  std::optional<std::string> white_zones_;  // output for the white-zone polygons
  std::string out_;
};

// Time indicators ("..._nearest..._min_...") are better when lower: their threshold counts the
// population above it (and without any value: nothing reachable); for the others, below it.
bool is_time_indicator(std::string const& column);

void run(equity_job const&, std::ostream& log);

}  // namespace solimob::jobs
