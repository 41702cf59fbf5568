#pragma once

#include <span>
#include <utility>
#include <vector>

namespace solimob::analysis {

// Population-weighted statistics and inequality indices of a per-zone value x_i (accessibility, travel time)
// with weights w_i (population). Entries with w_i = 0 are ignored; W = sum of the weights.
// Preconditions, checked (std::invalid_argument): spans of equal length, every w_i finite and >= 0, no x_i
// (nor rank_by value) NaN: a missing value is the caller's to leave out (the jobs count and report them).
// Degenerate input, by convention:
//  - W = 0 (empty input or all weights 0): every function returns NaN.
//  - all x_i equal: gini, theil_t and concentration_index return exactly 0, palma 0.25 (10% / 40%).
//  - mean 0 or below: gini, theil_t and concentration_index return NaN (the indices divide by the mean and
//    are meant for x >= 0); theil_t is also NaN when some x_i < 0.
//  - palma: bottom-40% share 0 gives +infinity when the top-10% share is positive, NaN when it is 0 too.
// x may be +infinity (an unreachable travel time) in the means, medians and shares, not in the indices.
// Sorting is stable on (x, index), so every result is deterministic.

double weighted_mean(std::span<double const> x, std::span<double const> w);

// Lower weighted median: the smallest x whose cumulative weight (ascending x) reaches W / 2.
double weighted_median(std::span<double const> x, std::span<double const> w);

// Share of the weight with x < threshold, resp. x > threshold ("more than 30 minutes").
double share_below(std::span<double const> x, std::span<double const> w, double threshold);
double share_above(std::span<double const> x, std::span<double const> w, double threshold);

// Weighted Gini, sum_i sum_j w_i w_j |x_i - x_j| / (2 W^2 mean), without small-sample correction; computed in
// O(n log n) after sorting, as sum_i w_i x_i (W_below_i - W_above_i) / (W sum_i w_i x_i).
double gini(std::span<double const> x, std::span<double const> w);

// Lorenz curve of x over weights w: (cumulative weight share, cumulative x share) in ascending x, from
// (0, 0); NaN values and non-positive weights left out; at most ~200 points.
std::vector<std::pair<double, double>> lorenz(std::span<double const> x, std::span<double const> w);

// Palma ratio (Cobham & Sumner 2013): share of sum w_i x_i held by the 10% of weight with the highest x over
// the share held by the 40% with the lowest x. An entry straddling the 10% or 40% boundary contributes the
// fraction of its weight inside the group.
double palma(std::span<double const> x, std::span<double const> w);

// Theil T index: (1/W) sum_i w_i (x_i/mu) ln(x_i/mu), with 0 ln 0 = 0: 0 for equality, ln(W / w_i) when entry
// i holds everything.
double theil_t(std::span<double const> x, std::span<double const> w);

// Concentration index of x against the ranking variable rank_by (O'Donnell, van Doorslaer, Wagstaff &
// Lindelow 2008, "Analyzing Health Equity Using Household Survey Data", ch. 8, the "convenient covariance"
// form): CI = 2 cov_w(x, r) / mean_w(x), with r_i the weighted fractional rank by ascending rank_by,
// r_i = (weight of lower-ranked entries + w_i / 2) / W; tied rank_by values share their group's mean rank.
// In [-1, 1] for x >= 0; > 0 when x concentrates among high rank_by. Ranked by x itself it equals gini(x, w).
double concentration_index(std::span<double const> x, std::span<double const> w, std::span<double const> rank_by);

}  // namespace solimob::analysis
