#pragma once

#include <cstdint>
#include <filesystem>
#include <unordered_map>

#include "osm/tags.h"

namespace solimob::osm {

// R5's bicycle permission (TraversalPermissionLabeler defaults + applySpecificPermissions): the bicycle
// tag, else the access tag, else the highway default (motorways, footways, pedestrian streets, steps,
// platforms, corridors, bridleways: no; roads, paths, cycleways: yes). Only a "yes" label cycles.
bool bicycle_allowed(tag_lookup const&);

// May a car use the way (R5's ALLOWS_CAR): road highway classes, unless access, motor_vehicle or
// motorcar says no.
bool car_allowed(tag_lookup const&);

// Cycling level of traffic stress 1..4 of a way, as R5's LevelOfTrafficStressLabeler.label; 0 where R5
// leaves the way unlabelled (highway=service). One value per way: R5 labels both directions, ours are
// undirected edges, so the higher (worse) of the two is kept.
//
// Not done (yet): R5 then raises LTS at intersections (LevelOfTrafficStressLabeler.applyIntersectionCosts,
// called from StreetLayer.loadFromOsm): every edge at a vertex without a traffic signal gets at least the
// highest LTS of the edges meeting there, except edges with an explicit lts tag. It needs the graph and
// the highway=traffic_signals nodes, so it would run after import on street_graph.
std::uint8_t lts_of(tag_lookup const&);

// R5's LevelOfTrafficStressLabeler.getSpeedKmh: "50", "30 mph", "10 knots"; NaN when unparsable.
double speed_kmh(char const* maxspeed);

// r5r's LTS override file: `osm_id,lts` with a header line; OSM way id -> LTS 1..4.
// Throws input_error naming the file, line and field on a bad line.
using lts_overrides = std::unordered_map<std::int64_t, std::uint8_t>;
lts_overrides read_lts_overrides(std::filesystem::path const&);

}  // namespace solimob::osm
