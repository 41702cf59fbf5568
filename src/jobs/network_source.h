#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "network/network.h"
#include "ondemand/service.h"

namespace solimob::jobs {

// Where the network comes from: a saved network file, or OSM + GTFS built on the fly.
struct network_source {
  std::string network_;
  std::string osm_;
  std::vector<std::string> gtfs_;
};

network::network open_network(network_source const&, std::ostream& log);

// --scenario FILE: the scenario applied to `net` and `services` (the --on-demand ones), replacing
// them; logs what was applied and how long it took.
void apply_scenario(std::string const& file, network::network& net, std::vector<ondemand::service>& services,
                    std::ostream& log);

}  // namespace solimob::jobs
