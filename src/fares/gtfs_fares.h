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

// GTFS Fares v2 (fare_products, fare_leg_rules, fare_transfer_rules, rider_categories, areas and
// stop_areas, networks and route_networks or routes.network_id). Leg rules match as the spec says
// (per field the rules naming the leg's value, else those leaving it empty; then the highest
// rule_priority; then the cheapest product); transfer rules between the last leg and the next one,
// with transfer_count, duration_limit (one duration_limit_type for the feed) and fare_transfer_type.
// A rider category of the feed with the rider's name (id or name) selects its prices, and then the
// built-in entitlement does not apply. Timeframes are refused. README "Fares" lists the rest.
std::unique_ptr<pricer> make_gtfs_v2_pricer(std::span<gtfs::fare_table const>, rider const&, transit::timetable const&);

}  // namespace solimob::fares
