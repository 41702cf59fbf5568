#include "analysis/percentile.h"

#include <algorithm>
#include <cmath>

namespace solimob::analysis {

void percentile_times(std::span<seconds_t> times, std::span<int const> percentiles, std::span<seconds_t> out) {
  // One sort serves every percentile: cheaper than an nth_element per percentile for n ~ 120.
  std::sort(begin(times), end(times));
  auto const n = static_cast<long>(times.size());
  for (auto i = 0U; i != percentiles.size(); ++i) {
    auto idx = static_cast<long>(std::ceil(static_cast<double>(percentiles[i]) / 100.0 * static_cast<double>(n))) - 1;
    out[i] = times[static_cast<std::size_t>(std::clamp(idx, 0L, n - 1))];
  }
}

}  // namespace solimob::analysis
