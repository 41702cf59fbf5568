#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "network/network.h"

namespace solimob::jobs {

// Where the network comes from: a saved network file, or OSM + GTFS built on the fly.
struct network_source {
  std::string network_;
  std::string osm_;
  std::vector<std::string> gtfs_;
};

network::network open_network(network_source const&, std::ostream& log);

}  // namespace solimob::jobs
