#pragma once

#include <cstdint>
#include <span>

#include "core/time.h"

namespace solimob::analysis {

constexpr std::uint16_t kUnreachedMinutes = UINT16_MAX;

// Nearest-rank percentiles of per-minute travel times (R5 semantics: one travel time per departure
// minute, initial wait included; unreachable minutes count as infinitely long): for percentile p,
// the value at index ceil(p/100 * n) - 1 of the sorted times, in whole minutes rounded down;
// kUnreachedMinutes when that time is kUnreachable. `times` is sorted in place; `out` gets one
// value per percentile.
void percentile_minutes(std::span<seconds_t> times, std::span<int const> percentiles, std::span<std::uint16_t> out);

}  // namespace solimob::analysis
