#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/strong.h"

namespace solimob::analysis {

// Floating catchment area (FCA) accessibility over sparse travel times, following the PySAL `access`
// package (Saxon & Snow; two_stage_fca with an optional step weight_fn):
//  2SFCA  (Luo & Wang 2003):  R_j = S_j / sum_{k: t_kj <= d} P_k,      A_i = sum_{j: t_ij <= d} R_j
//  E2SFCA (Luo & Qi 2009):    R_j = S_j / sum_k P_k W(t_kj),           A_i = sum_j R_j W(t_ij)
// with P_k the demand (population) of origin k and S_j the supply of destination j. R_j = 0 when its
// denominator is 0 (no demand in reach) where PySAL would produce inf/NaN. The catchment test is t <= d as in
// Luo & Wang; PySAL's max_cost filter is strict (t < d), its step weight function inclusive (t <= band).
// Sums run in the order of the pairs, so results are bit-identical for identically ordered input (the caller
// sorts by origin, then destination). Pairs not listed are unreachable.

struct od_time {
  point_idx origin_;
  point_idx dest_;
  double time_s_;
};

// One band of a stepped weight function: W(t) = weight_ of the first band with t <= upper_s_, 0 beyond the
// last. Bands are sorted by strictly increasing upper_s_, weights >= 0.
struct weight_band {
  double upper_s_;
  double weight_;
};

// Luo & Qi's three equal travel-time bands over the catchment, with weights 1, 0.68 and 0.22.
std::vector<weight_band> luo_qi_bands(double catchment_s);

// W(t) for the bands above.
double band_weight(std::span<weight_band const>, double time_s);

// Both return one accessibility value per origin (demand.size() values). Origins index demand, destinations
// index supply; an index out of range throws std::out_of_range, badly ordered or negative bands throw
// std::invalid_argument.
std::vector<double> two_step_fca(std::span<od_time const>, std::span<double const> demand,
                                 std::span<double const> supply, double catchment_s);
std::vector<double> enhanced_two_step_fca(std::span<od_time const>, std::span<double const> demand,
                                          std::span<double const> supply, std::span<weight_band const>);

}  // namespace solimob::analysis
