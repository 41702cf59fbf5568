#pragma once

#include <cstdint>
#include <filesystem>
#include <unordered_map>

#include "osm/tags.h"
#include "street/car_network.h"

namespace solimob::osm {

// May a car use the way: highway motorway..residential and their *_link, unclassified, living_street,
// service; not when access, motor_vehicle or motorcar (the most specific present) says no or
// private (README, Method, "Car network").
bool is_drivable(tag_lookup const&);

// Direction a car may drive a way: both ways, along the way's node order, or against it.
enum class one_way { kNo, kForward, kBackward };
// oneway=yes|1|true (forward), -1|reverse (backward), no|0|false (both ways); without a oneway tag,
// junction=roundabout|circular and highway=motorway|motorway_link are forward.
one_way one_way_of(tag_lookup const&);

// Free-flow speed of a way in km/h: maxspeed:motorcar, else maxspeed, read as "50", "30 mph",
// "10 knots" or a country's implicit value ("FR:urban"...; README, "Car speeds"); else the default of
// its highway class, R5's SpeedConfig.defaultConfig. `from_tag` tells which.
double car_speed_kmh(tag_lookup const&, bool* from_tag = nullptr);

// r5r's car speed file (`osm_id,max_speed,speed_type`, with a header line): per OSM way, an absolute
// speed (speed_type km/h) or a factor on the way's speed (scale). As r5r's SpeedSetter, 0 closes the
// way to cars and 1 leaves it unchanged. Throws input_error naming file, line and field.
struct car_speed {
  double value_{1.0};
  bool scale_{false};
};
using car_speeds = std::unordered_map<std::int64_t, car_speed>;
car_speeds read_car_speeds(std::filesystem::path const&);

// R5's StreetLayer.MIN_SUBGRAPH_SIZE, applied as its TarjanIslandPruner does for cars: strongly
// connected pieces with fewer R5 vertices are removed.
constexpr std::size_t kMinCarIslandVertices = 40;

struct imported_cars {
  street::car_network cars_;            // finalized, islands removed
  std::size_t maxspeed_edges_{0};       // edges whose speed comes from a maxspeed tag
  std::size_t restrictions_{0};         // type=restriction relations in the file (not applied)
  std::size_t overridden_ways_{0};      // drivable ways given a speed by the car speed file
  std::size_t overrides_not_found_{0};  // listed ids that are no drivable way of the file
  std::size_t island_nodes_removed_{0};
};

// Reads the drivable ways of an OSM PBF/XML file into a car network: every way node kept, one edge
// between consecutive nodes drawn along the way (against it for oneway=-1), edge_attr::kOneWay on
// one-way ways, speed from car_speed_kmh then `speeds`. Throws input_error naming the file on
// unreadable input; a file without drivable ways gives an empty network.
imported_cars import_cars(std::filesystem::path const&, car_speeds const& speeds = {},
                          std::size_t min_island_vertices = kMinCarIslandVertices);

}  // namespace solimob::osm
