#pragma once

#include <cstddef>
#include <string>

#include "profile/profile.h"

namespace solimob::network {
struct network;
}

namespace solimob::analysis {

// How much of the accessibility data a profile reads is missing from a network (README, Profiles:
// "Where data are missing"). A street edge counts as unknown for the profile when a tag its cost or
// its ban depends on is missing: for a wheelchair profile, a way with neither wheelchair=* nor
// surface=*, or one that ends at a crossing or kerb node without kerb=*; for another profile with
// surface factors, a way without surface=*. Steps, pathways and station links are always known.
struct accessibility_completeness {
  std::size_t stops_{0}, stops_unknown_{0};  // GTFS wheelchair_boarding 0 after inheritance
  std::size_t trips_{0}, trips_unknown_{0};  // GTFS wheelchair_accessible 0
  double street_m_{0.0}, street_unknown_m_{0.0};

  double stops_unknown_pct() const { return pct(stops_unknown_, stops_); }
  double trips_unknown_pct() const { return pct(trips_unknown_, trips_); }
  double street_unknown_pct() const { return street_m_ > 0.0 ? 100.0 * street_unknown_m_ / street_m_ : 0.0; }

 private:
  static double pct(std::size_t part, std::size_t whole) {
    return whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
  }
};

accessibility_completeness measure_completeness(network::network const&, profile::profile const&);

// One line for the run's log: "accessibility data for the wheelchair profile: ...".
std::string describe(accessibility_completeness const&, profile::profile const&);

}  // namespace solimob::analysis
