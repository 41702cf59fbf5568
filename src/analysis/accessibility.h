#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "analysis/decay.h"
#include "analysis/travel_times.h"

namespace solimob::analysis {

// Weights of the destinations for one kind of opportunity (jobs, schools, health centres...).
struct opportunity_field {
  std::string name_;            // prefix of the output columns
  std::vector<double> weight_;  // per destination
};

enum class fca_method { kTwoStep, kEnhancedTwoStep };

struct access_params {
  travel_time_params travel_;
  std::vector<int> percentiles_{50};
  std::vector<int> cutoffs_min_{30};
  decay_kind decay_{decay_kind::kStep};
  double decay_value_{0.0};
  std::vector<int> nearest_;            // time to the n-th nearest opportunity, for each n
  std::optional<double> gravity_beta_;  // inverse-power gravity, weight = max(t_min, 1)^-beta
  std::vector<fca_method> fca_;         // floating catchment areas, catchment = each cutoff
};

// One row per origin, one column per indicator. NaN = no value (origin not linked to the streets,
// or nothing reachable for a time indicator).
struct indicator_table {
  std::vector<std::string> columns_;
  std::vector<double> values_;  // row-major
  travel_time_summary summary_;

  std::size_t n_rows() const { return columns_.empty() ? 0 : values_.size() / columns_.size(); }
  double at(std::size_t row, std::size_t col) const { return values_[row * columns_.size() + col]; }
};

// Column names, in output order (documented in docs/ACCESSIBILITY.md):
//   {field}_{decay}_{cutoff}_p{pct}       cumulative opportunities with the decay function
//   {field}_fixed_exponential_p{pct}      (fixed_exponential ignores cutoffs)
//   {field}_nearest{n}_min_p{pct}         minutes to reach n opportunities (n-th nearest)
//   {field}_gravity_p{pct}                gravity (inverse power)
//   {field}_2sfca_{cutoff}_p{pct}         two-step floating catchment area
//   {field}_e2sfca_{cutoff}_p{pct}        enhanced 2SFCA (Luo & Qi bands)
std::vector<std::string> indicator_columns(std::vector<opportunity_field> const&, access_params const&);

// Computes every indicator, streaming origin by origin: memory grows with the destinations (and, for
// floating catchment areas, with the origin-destination pairs inside the largest catchment), not with
// the full matrix. `demand` (per origin) and `supply` (per destination, one vector per field; empty =
// the field's weights) are used by the floating catchment areas only.
indicator_table compute_accessibility(network::network const&, std::span<point const> origins,
                                      std::span<point const> destinations, std::vector<opportunity_field> const& fields,
                                      std::span<double const> demand, std::vector<std::vector<double>> const& supply,
                                      access_params const&);

}  // namespace solimob::analysis
