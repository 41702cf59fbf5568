#pragma once

#include <cstdint>

#include "core/strong.h"

namespace solimob::gtfs {

// Positions in one feed's columns (gtfs/feed.h). They are not the network's stop_idx, route_idx...:
// a network joins several feeds (transit::timetable::add_feed), so the types keep them apart.
using feed_stop_idx = strong<std::uint32_t, struct feed_stop_idx_tag>;
using feed_route_idx = strong<std::uint32_t, struct feed_route_idx_tag>;
using feed_service_idx = strong<std::uint32_t, struct feed_service_idx_tag>;
using feed_trip_idx = strong<std::uint32_t, struct feed_trip_idx_tag>;
using level_idx = strong<std::uint32_t, struct level_idx_tag>;

}  // namespace solimob::gtfs
