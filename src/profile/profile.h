#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace solimob::profile {

// How a traveller moves on the streets.
enum class street_mode : std::uint8_t { kFoot, kBike };

// What to do with a street feature whose accessibility OSM does not say (a crossing without kerb=*,
// a way without surface=*): README, Profiles.
enum class unknown_policy : std::uint8_t { kAllow, kPenalise, kForbid };

// How slope (street/elevation.h) changes the time of an edge.
enum class slope_model : std::uint8_t {
  kNone,        // flat ground, as r5r without elevation
  kTobler,      // Tobler's hiking function, as R5's TOBLER elevation cost
  kWheelchair,  // the wheelchair factor and the max_uphill / max_downhill limits (French norm)
};

// Where GTFS says nothing (wheelchair_boarding or wheelchair_accessible empty or 0): the strict bound
// reads it as inaccessible, the optimistic one as accessible.
enum class accessibility_bound : std::uint8_t { kStrict, kOptimistic };

// A public's way of travelling: every parameter that routing reads. The built-in values and their
// sources are in the README (Profiles).
struct profile {
  std::string name_{"walk"};
  street_mode mode_{street_mode::kFoot};
  double speed_kmh_{3.6};       // walking, rolling or cycling speed on flat ground
  double walk_speed_kmh_{3.6};  // bike: pushing the bike where it cannot be ridden
  double max_leg_m_{1000.0};    // longest street leg to, from or between stops
  seconds_t min_change_s_{0};   // added to every change between vehicles (beyond the board slack)
  seconds_t board_slack_s_{60};
  bool stairs_{true};      // highway=steps, stairs pathways
  bool escalators_{true};  // escalator pathways
  // Wheelchair rules: needs accessible stops and trips, kerbs lowered or flush, no barrier that
  // stops a wheelchair, no wheelchair=no way or node, no unpaved or impassable surface.
  bool wheelchair_{false};
  unknown_policy unknown_street_{unknown_policy::kAllow};
  seconds_t unknown_penalty_s_{0};  // with kPenalise: added once per unknown feature
  double rough_factor_{1.0};        // time factor on surface_class::kRough edges
  double unpaved_factor_{1.0};      // time factor on surface_class::kUnpaved edges (when passable)
  slope_model slope_{slope_model::kNone};
  double max_uphill_pct_{100.0};    // with kWheelchair: steepest uphill 10 m slice allowed
  double max_downhill_pct_{100.0};  // with kWheelchair: steepest downhill 10 m slice allowed
  int max_lts_{4};                  // bike: edges above it are walked with the bike (r5r)

  // Edge costs are the plain edge lengths (walking, nothing forbidden or slowed): the profile whose
  // results match R5 and r5r.
  bool costs_are_lengths() const;
  // Reads GTFS wheelchair_boarding and wheelchair_accessible: only then can the strict and the
  // optimistic bounds (accessibility_bound) differ.
  bool reads_gtfs_accessibility() const { return wheelchair_; }
  // Reads accessibility data at all (GTFS, OSM tags that decide where a step-free traveller may go, or
  // surface tags that slow it): the runs whose completeness is reported (README, Profiles).
  bool reads_accessibility_data() const {
    return wheelchair_ || !stairs_ || !escalators_ || rough_factor_ != 1.0 || unpaved_factor_ != 1.0;
  }

  bool operator==(profile const&) const = default;
};

// The built-in profiles: walk, elderly, reduced_mobility, wheelchair, bike.
std::vector<profile> const& builtin_profiles();

// Built-in profiles with the file's definitions applied (profile file: README, Profiles; JSON).
// Throws input_error naming the file, the profile and the field on a bad file.
std::vector<profile> read_profile_file(std::filesystem::path const&);

// The profile called `name` among the built-in ones, or those of `file` when not empty. Throws
// input_error listing the known names.
profile find_profile(std::string_view name, std::filesystem::path const& file = {});

}  // namespace solimob::profile
