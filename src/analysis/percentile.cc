#include "analysis/percentile.h"

#include <algorithm>
#include <cmath>

namespace solimob::analysis {

namespace {

// The nearest-rank index of percentile p among n sorted values.
std::size_t rank(int p, std::size_t n) {
  auto const idx = static_cast<long>(std::ceil(static_cast<double>(p) / 100.0 * static_cast<double>(n))) - 1;
  return static_cast<std::size_t>(std::clamp(idx, 0L, static_cast<long>(n) - 1));
}

}  // namespace

void percentile_times(std::span<seconds_t> times, std::span<int const> percentiles, std::span<seconds_t> out) {
  // One sort serves every percentile: cheaper than an nth_element per percentile for n ~ 120.
  std::sort(begin(times), end(times));
  for (auto i = 0U; i != percentiles.size(); ++i) {
    out[i] = times[rank(percentiles[i], times.size())];
  }
}

void percentile_fares(std::span<std::pair<seconds_t, std::int32_t>> samples, std::span<int const> percentiles,
                      std::span<seconds_t> times, std::span<std::int32_t> fares) {
  std::sort(begin(samples), end(samples));
  for (auto i = 0U; i != percentiles.size(); ++i) {
    auto const& [t, fare] = samples[rank(percentiles[i], samples.size())];
    times[i] = t;
    fares[i] = t == kUnreachable ? -1 : fare;
  }
}

}  // namespace solimob::analysis
