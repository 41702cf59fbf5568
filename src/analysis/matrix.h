#pragma once

#include <filesystem>
#include <span>
#include <vector>

#include "analysis/percentile.h"
#include "analysis/travel_times.h"

namespace solimob::analysis {

// Travel-time matrix: for each origin, the destinations reachable at some percentile.
struct travel_time_matrix {
  std::vector<int> percentiles_;
  // Per origin: destination indices and, for each, one value per percentile.
  std::vector<std::vector<point_idx>> dest_;
  std::vector<std::vector<std::uint16_t>> minutes_;
  // With a pricer (travel_time_params::pricer_): parallel to minutes_, the fare in cents of the
  // sample giving that percentile's time (percentile_fares), -1 when unreachable.
  bool with_fares_{false};
  std::vector<std::vector<std::int32_t>> fares_;
  // With modes: per origin, parallel to minutes_, the trip_mode bits of the trip giving that
  // percentile's time (the earliest departure minute with that time); empty otherwise.
  std::vector<std::vector<std::uint8_t>> modes_;
  travel_time_summary summary_;

  std::size_t n_pairs() const;
  // Minutes at percentile index `pi` from origin o to destination d, kUnreachedMinutes if none.
  std::uint16_t at(std::size_t o, std::size_t d, std::size_t pi) const;
};

travel_time_matrix compute_matrix(network::network const&, std::span<point const> origins,
                                  std::span<point const> destinations, travel_time_params const&,
                                  std::vector<int> const& percentiles, bool modes = false);

// from_id,to_id,travel_time_p5,... ; empty cell = unreachable at that percentile; written atomically.
// With a pricer, then fare_pNN (currency units, two decimals) for each percentile. With modes, then
// modes_pNN ("walk", "on-demand+transit", ...) and booking_pNN (1: a ride of the trip must be booked,
// 0: not; empty when unreachable) for each percentile.
void write_matrix_csv(std::filesystem::path const&, travel_time_matrix const&, std::span<point const> origins,
                      std::span<point const> destinations);

}  // namespace solimob::analysis
