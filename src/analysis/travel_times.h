#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "analysis/points.h"
#include "core/strong.h"
#include "core/time.h"
#include "ondemand/service.h"
#include "profile/profile.h"

namespace solimob::network {
struct network;
}
namespace solimob::fares {
class pricer;
}

namespace solimob::analysis {

// kWalk: on the streets only (walking, rolling or cycling as the profile says); kTransit: with transit;
// kCar: door to door by car on the car network (analysis/car_times.h), walking at the profile's speed.
enum class mode { kWalk, kTransit, kCar };

struct travel_time_params {
  day_t day_{0};
  seconds_t departure_{0};  // first departure, seconds after midnight of day_
  int window_min_{60};      // one search per minute: departure_ + 0, 60, ... (window_min_ - 1) * 60
  int max_time_min_{120};
  // Speed, longest street leg (access, egress, transfer, walk-only trip with transit), board slack,
  // what streets and vehicles may be used: the plain walk by default (README, Profiles).
  profile::profile profile_;
  // Stops and trips whose wheelchair accessibility GTFS leaves unknown (wheelchair profiles only).
  profile::accessibility_bound bound_{profile::accessibility_bound::kOptimistic};
  int max_transfers_{8};
  double link_radius_m_{500.0};  // origins/destinations farther than this from a street: unlinked
  mode mode_{mode::kTransit};
  double car_parking_min_{5.0};  // kCar: parking allowance at the destination (README, "Car travel")
  // Phase draws of exact_times=0 frequency entries per departure minute; 0 runs them from start_time.
  // Unset: ceil(kFrequencySamples / window), R5's number of draws (see frequency_draws()).
  std::optional<int> frequency_draws_;
  // Fare rules of one rider category: origin_times carries each sample's fare. Not owned; must
  // outlive the engine.
  fares::pricer const* pricer_{nullptr};
  // With a pricer: the fastest trip of at most this many cents (the cheapest of equally fast ones),
  // from the time/fare search (transit/fare_raptor.h). Unset: the fastest trip that the time-only
  // range RAPTOR finds, priced along its labels (transit/raptor.h, priced; the cheaper of two
  // journeys it meets arriving at the same time), times exactly as without a pricer.
  std::optional<std::int32_t> max_fare_cents_;
  // On-demand and paratransit services (--on-demand): the search uses those the profile may use.
  std::vector<ondemand::service> on_demand_;
  bool modes_{false};     // fill origin_times::modes_ (matrix --modes); off, it stays empty
  unsigned threads_{0};   // 0 = all cores
  bool progress_{false};  // origins done / total and ETA on stderr
  // Set (not owned) to stop a run: once it is true no origin starts and run() throws cancelled_error.
  std::atomic<bool> const* cancel_{nullptr};
  // Called after each origin with (done, total), from any worker thread (server jobs' progress).
  std::function<void(std::size_t, std::size_t)> on_progress_;
};

// R5's default number of Monte Carlo draws over a window (AnalysisRequest.monteCarloDraws = 200),
// spread as ProfileRequest.getIterationsPerMinute does: ceil(200 / window minutes) per minute.
constexpr int kFrequencySamples = 200;

// Draws per departure minute asked by `p` (0: start_time expansion, no draw).
int frequency_draws(travel_time_params const& p);

// Travel times of one origin: seconds for [destination][draw][minute], kUnreachable beyond max
// time. n_draws_ is 1 when no exact_times=0 frequency trip runs in the window (every draw would
// give the same times) or with frequency_draws 0; percentiles are taken over all n_samples().
struct origin_times {
  point_idx origin_;
  std::size_t n_minutes_;
  std::size_t n_draws_;
  std::span<seconds_t const> times_;  // n_destinations x n_draws x n_minutes
  // With a pricer, parallel to times_: cents paid by the trip of that sample, 0 walking only, -1
  // unreachable; empty without a pricer.
  std::span<std::int32_t const> fares_;
  // Parallel to times_ with travel_time_params::modes_ (else empty): the trip_mode bits
  // (analysis/on_demand_legs.h) of each sample's fastest trip, 0 where unreachable.
  std::span<std::uint8_t const> modes_;
  std::size_t n_samples() const { return n_minutes_ * n_draws_; }
  std::span<seconds_t const> at(std::size_t dest) const { return times_.subspan(dest * n_samples(), n_samples()); }
  std::span<std::int32_t const> fares_at(std::size_t dest) const {
    return fares_.subspan(dest * n_samples(), n_samples());
  }
  std::span<std::uint8_t const> modes_at(std::size_t dest) const {
    return modes_.subspan(dest * n_samples(), n_samples());
  }
};

struct travel_time_summary {
  std::vector<point_idx> unlinked_origins_;
  std::vector<point_idx> unlinked_destinations_;
  std::size_t n_draws_{1};  // frequency draws searched per minute
};

// Travel times from any origins to a fixed set of destinations. Construction does the work that
// does not depend on the origins (snapping destinations, the day's timetable, egress legs); run()
// can then be called many times.
class travel_time_engine {
 public:
  travel_time_engine(network::network const&, std::span<point const> destinations, travel_time_params const&);
  ~travel_time_engine();
  travel_time_engine(travel_time_engine const&) = delete;
  travel_time_engine& operator=(travel_time_engine const&) = delete;

  // Computes every origin's times (in parallel) and hands them to `consume`, which may be called
  // from several threads at once (for different origins).
  travel_time_summary run(std::span<point const> origins,
                          std::function<void(origin_times const&)> const& consume) const;

  // Frequency draws actually run per minute (1 when they would all be equal).
  std::size_t n_draws() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

// Computes travel times for every origin (in parallel) and hands each origin's times to `consume`,
// which may be called from several threads at once (for different origins). Results do not depend
// on the thread count. Memory grows with destinations, not origins.
travel_time_summary compute_travel_times(network::network const&, std::span<point const> origins,
                                         std::span<point const> destinations, travel_time_params const&,
                                         std::function<void(origin_times const&)> const& consume);

}  // namespace solimob::analysis
