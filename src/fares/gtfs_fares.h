#pragma once

#include <memory>
#include <span>

#include "fares/fare_state.h"
#include "fares/rider.h"
#include "gtfs/feed.h"

namespace solimob::transit {
struct timetable;
}

namespace solimob::fares {

// GTFS Fares v1 (fare_attributes.txt, fare_rules.txt over stops.txt's zone_id) of the network's feeds,
// for a rider. Each new ticket is the cheapest fare whose rules match the ride alone; a later ride
// rides free on the ticket when the same fare matches it, within its `transfers` and
// `transfer_duration` (counted from the ticket's first boarding). README "Fares" lists what this
// leaves out. Throws input_error naming file, line and field.
std::unique_ptr<pricer> make_gtfs_v1_pricer(std::span<gtfs::fare_table const>, rider const&, transit::timetable const&);

}  // namespace solimob::fares
