#pragma once

#include <cstdint>
#include <filesystem>
#include <unordered_map>
#include <vector>

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
// undirected edges, so the higher (worse) of the two is kept. raise_lts_at_intersections comes after.
std::uint8_t lts_of(tag_lookup const&);

// The way's lts tag (1..4) when lts_of takes it as is (R5's BIKE_LTS_EXPLICIT), else 0.
std::uint8_t lts_tag_of(tag_lookup const&);

// What R5's intersection rule reads besides the graph's edges, indexed like the graph.
struct lts_intersections {
  std::vector<std::uint8_t> label_;  // per edge: lts_of of its way, whatever the bicycle permission (R5 labels all)
  std::vector<bool> fixed_;          // per edge: an lts tag or an r5r override: never raised
  std::vector<bool> vertex_;         // per node: an R5 street vertex (intersection or way end)
  std::vector<bool> signal_;         // per node: highway=traffic_signals
  std::vector<std::uint8_t> other_;  // per node: highest label of R5's ways that are not in the graph (not walkable)
};

// R5's LevelOfTrafficStressLabeler.applyIntersectionCosts (StreetLayer.loadFromOsm, before island
// pruning): every vertex without a traffic signal takes the highest label of the edges meeting there
// (at least 1), and each R5 edge (our edges of one way between two vertices) is raised to the higher
// value of its two ends; labels are read before any raise, so stress spreads one R5 edge only. Edges
// with `fixed_` or closed to bicycles (lts_ 0, walked anyway) keep their lts_; an unlabelled service
// road takes the value of its ends, as in R5. Returns how many edges changed.
std::size_t raise_lts_at_intersections(street::street_graph&, lts_intersections const&);

// R5's LevelOfTrafficStressLabeler.getSpeedKmh: "50", "30 mph", "10 knots"; NaN when unparsable.
double speed_kmh(char const* maxspeed);

// r5r's LTS override file: `osm_id,lts` with a header line; OSM way id -> LTS 1..4.
// Throws input_error naming the file, line and field on a bad line.
using lts_overrides = std::unordered_map<std::int64_t, std::uint8_t>;
lts_overrides read_lts_overrides(std::filesystem::path const&);

}  // namespace solimob::osm
