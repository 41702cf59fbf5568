#include "analysis/fca.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace solimob::analysis {

std::vector<weight_band> luo_qi_bands(double catchment_s) {
  // Multiply before dividing so that a catchment divisible by 3 (1800 s) gives exact bounds (600, 1200).
  return {{catchment_s / 3.0, 1.0}, {catchment_s * 2.0 / 3.0, 0.68}, {catchment_s, 0.22}};
}

double band_weight(std::span<weight_band const> bands, double time_s) {
  auto const it =
      std::lower_bound(begin(bands), end(bands), time_s, [](weight_band const& b, double t) { return b.upper_s_ < t; });
  return it == end(bands) ? 0.0 : it->weight_;
}

std::vector<double> enhanced_two_step_fca(std::span<od_time const> pairs, std::span<double const> demand,
                                          std::span<double const> supply, std::span<weight_band const> bands) {
  for (auto i = 0U; i != bands.size(); ++i) {
    if (!(bands[i].weight_ >= 0.0) || (i != 0 && !(bands[i - 1].upper_s_ < bands[i].upper_s_))) {
      throw std::invalid_argument{"FCA weight bands need strictly increasing upper bounds and weights >= 0"};
    }
  }
  for (auto const& p : pairs) {
    if (p.origin_.v() >= demand.size() || p.dest_.v() >= supply.size()) {
      throw std::out_of_range{"FCA pair " + std::to_string(p.origin_.v()) + " -> " + std::to_string(p.dest_.v()) +
                              " outside " + std::to_string(demand.size()) + " origins, " +
                              std::to_string(supply.size()) + " destinations"};
    }
  }

  // Step 1: weighted demand in reach of each destination, then its supply-to-demand ratio.
  std::vector<double> ratio(supply.size(), 0.0);
  for (auto const& p : pairs) {
    ratio[p.dest_.v()] += demand[p.origin_.v()] * band_weight(bands, p.time_s_);
  }
  for (auto j = 0U; j != ratio.size(); ++j) {
    ratio[j] = ratio[j] > 0.0 ? supply[j] / ratio[j] : 0.0;
  }

  // Step 2: each origin sums the weighted ratios of the destinations in its reach.
  std::vector<double> access(demand.size(), 0.0);
  for (auto const& p : pairs) {
    access[p.origin_.v()] += ratio[p.dest_.v()] * band_weight(bands, p.time_s_);
  }
  return access;
}

std::vector<double> two_step_fca(std::span<od_time const> pairs, std::span<double const> demand,
                                 std::span<double const> supply, double catchment_s) {
  // A single band of weight 1 is the plain catchment; multiplying by 1.0 is exact, so nothing is lost.
  weight_band const catchment[] = {{catchment_s, 1.0}};
  return enhanced_two_step_fca(pairs, demand, supply, catchment);
}

}  // namespace solimob::analysis
