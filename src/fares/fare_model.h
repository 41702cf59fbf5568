#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "fares/fare_state.h"
#include "fares/r5r_fares.h"
#include "fares/rider.h"
#include "gtfs/feed.h"

namespace solimob::transit {
struct timetable;
}

namespace solimob::fares {

// Where a network's fares come from: r5r's fare structure when given (`--fares FILE`), which then
// replaces the feeds' own; else the feeds' GTFS fare files (network::network::fare_tables_); else
// none, and every ride is free.
struct fare_model {
  std::optional<r5r_fares> r5r_;
  std::vector<gtfs::fare_table> feed_tables_;
};

// The pricer of `model` for `who` on `tt`. Throws input_error on fare files it cannot read soundly
// (naming file, line and field) and on routes the r5r structure does not price.
std::unique_ptr<pricer> make_pricer(fare_model const& model, rider const& who, transit::timetable const& tt);

// What a whole itinerary costs: the rides in order, from fare_state{}.
std::int32_t journey_fare(pricer const&, std::span<ride const> rides);

}  // namespace solimob::fares
