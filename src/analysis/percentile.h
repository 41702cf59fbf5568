#pragma once

#include <cstdint>
#include <span>
#include <utility>

#include "core/time.h"

namespace solimob::analysis {

constexpr std::uint16_t kUnreachedMinutes = UINT16_MAX;

// Nearest-rank percentiles of per-minute travel times (R5 semantics: one travel time per departure
// minute, initial wait included; unreachable minutes count as infinitely long): for percentile p,
// the value at index ceil(p/100 * n) - 1 of the sorted times (kUnreachable stays kUnreachable).
// `times` is sorted in place; `out` gets one value per percentile.
void percentile_times(std::span<seconds_t> times, std::span<int const> percentiles, std::span<seconds_t> out);

// As percentile_times over (time, fare in cents) samples sorted by time, then fare: `times` gets
// each percentile's time and `fares` the fare of the sample that gives it (-1 when unreachable).
void percentile_fares(std::span<std::pair<seconds_t, std::int32_t>> samples, std::span<int const> percentiles,
                      std::span<seconds_t> times, std::span<std::int32_t> fares);

// Whole minutes rounded down, as reported in matrices; kUnreachedMinutes for kUnreachable.
inline std::uint16_t to_minutes(seconds_t t) {
  return t == kUnreachable ? kUnreachedMinutes : static_cast<std::uint16_t>(t / 60);
}

}  // namespace solimob::analysis
