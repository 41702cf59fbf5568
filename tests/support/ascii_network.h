#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/points.h"
#include "core/geo.h"
#include "gtfs/feed.h"
#include "network/network.h"
#include "street/street_graph.h"
#include "support/temp_dir.h"

namespace solimob::test {

// A street network drawn as text (the gurka / cucumber idea): letters are nodes, '-' and '|'
// connect horizontal and vertical neighbours. One character = `grid_m` metres both ways.
//
//   A---B---C      A-B = 400 m with the default 100 m grid
//       |
//       D
class ascii_network {
 public:
  explicit ascii_network(std::string_view map, double grid_m = 100.0);

  latlng pos(char node) const;
  street::street_graph const& graph() const { return graph_; }
  analysis::point point(char node) const { return {std::string(1, node), pos(node)}; }

 private:
  std::map<char, latlng> pos_;
  street::street_graph graph_;
};

// GTFS files as strings, by file name.
using feed_files = std::map<std::string, std::string>;

// agency.txt, calendar.txt (service "WK", Monday-Friday 2026) and stops.txt with one stop per
// (id, node) pair, placed exactly on the node.
feed_files base_feed(ascii_network const&, std::vector<std::pair<std::string, char>> const& stops);

// Writes the files to a fresh temporary folder and loads them with the real GTFS loader.
gtfs::feed load_feed(feed_files const&, gtfs::report&);
gtfs::feed load_feed(feed_files const&);

// ../shared/data/poa, or an empty path when ../shared is absent.
std::filesystem::path poa_dir();

}  // namespace solimob::test
