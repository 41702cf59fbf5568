#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/strong.h"
#include "fares/fare_state.h"
#include "fares/rider.h"

namespace solimob::transit {
struct timetable;
}

namespace solimob::fares {

// r5r's rule-based fare structure (setup_fare_structure / write_fare_structure), as its Java
// RuleBasedInRoutingFareCalculator reads it. Fares in cents, rounded as Java's Math.round(fare * 100f).
struct r5r_fares {
  struct fare_type {
    std::string type_;
    bool unlimited_transfers_{false};
    bool allow_same_route_transfer_{false};
    bool use_route_fare_{false};
    std::int32_t fare_cents_{0};
  };
  struct fare_route {
    std::string agency_id_, route_id_;
    std::string fare_type_;
    std::int32_t route_fare_cents_{0};
  };
  struct fare_transfer {
    std::string first_leg_, second_leg_;
    std::int32_t fare_cents_{0};
  };
  std::int32_t max_discounted_transfers_{1};
  std::int32_t transfer_time_allowance_min_{120};
  std::int32_t fare_cap_cents_{-1};  // -1: no cap (r5r writes Inf; <= 0 means none too)
  std::vector<fare_type> types_;
  std::vector<fare_transfer> transfers_;
  std::vector<fare_route> routes_;
};

// Reads the zip (or folder) r5r's write_fare_structure writes: global_settings.csv,
// fares_per_type.csv, fares_per_transfer.csv, fares_per_route.csv; debug_settings.csv and `__MACOSX/`
// entries are ignored. Throws input_error naming file, line and field.
r5r_fares read_r5r_fares(std::filesystem::path const&);

// Timetable routes (by route_id without the feed prefix "0:") that no fares_per_route.csv row names.
std::vector<route_idx> unmatched_routes(r5r_fares const&, transit::timetable const&);

// The pricer of r5r's rules for a rider. Throws input_error when a timetable route has no row
// (r5r fails too), when two rows share a route_id, or when a fare type is unknown.
std::unique_ptr<pricer> make_r5r_pricer(r5r_fares const&, rider const&, transit::timetable const&);

}  // namespace solimob::fares
