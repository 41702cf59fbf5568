#pragma once

#include <sstream>
#include <string>

#include "network/network.h"
#include "support/ascii_network.h"

namespace solimob::test {

// Two lines drawn as text, 2000 m long each and 2000 m apart (one character = 100 m):
//
//   A-------------------B      stops SA, SB: route R, T1 SA 08:10 -> SB 08:30, T2 SA 08:40 -> SB 09:00
//   (19 empty rows)
//   D-------------------E      stops SD, SE: route F, template TF SD -> SE in 10 min, frequencies.txt
//                              07:00-10:00 every 600 s (exact_times 0: a drawn phase)
//
// The walk profile walks at most 1000 m a leg: A-B and D-E are out of walking reach.
inline std::string two_lines_map() {
  std::string map = "A-------------------B\n";
  for (auto i = 0; i != 19; ++i) {
    map += "\n";
  }
  return map + "D-------------------E\n";
}

inline network::network two_lines_network(ascii_network const& map) {
  auto f = base_feed(map, {{"SA", 'A'}, {"SB", 'B'}, {"SD", 'D'}, {"SE", 'E'}});
  f["routes.txt"] = "route_id,route_short_name,route_type\nR,1,3\nF,2,3\n";
  f["trips.txt"] = "route_id,service_id,trip_id\nR,WK,T1\nR,WK,T2\nF,WK,TF\n";
  f["stop_times.txt"] =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
      "T1,08:10:00,08:10:00,SA,1\nT1,08:30:00,08:30:00,SB,2\n"
      "T2,08:40:00,08:40:00,SA,1\nT2,09:00:00,09:00:00,SB,2\n"
      "TF,07:00:00,07:00:00,SD,1\nTF,07:10:00,07:10:00,SE,2\n";
  f["frequencies.txt"] = "trip_id,start_time,end_time,headway_secs,exact_times\nTF,07:00:00,10:00:00,600,0\n";
  return network::assemble(map.graph(), {load_feed(f)}, {});
}

// "lon,lat" of a node, for the CSV files of the jobs' tests.
inline std::string lon_lat(ascii_network const& map, char node) {
  std::ostringstream s;
  s.precision(12);
  s << map.pos(node).lng_ << "," << map.pos(node).lat_;
  return s.str();
}

// Two zones as GeoJSON, a box around each line: N "Nord" (A-B) and S "Sud" (D-E), property "nom".
inline std::string two_lines_zones(ascii_network const& map) {
  auto const box = [&](char west, char east, char const* id, char const* name) {
    auto const w = map.pos(west), e = map.pos(east);
    std::ostringstream s;
    s.precision(12);
    auto const x0 = w.lng_ - 0.01, x1 = e.lng_ + 0.01, y0 = w.lat_ - 0.005, y1 = w.lat_ + 0.005;
    s << R"({"type": "Feature", "properties": {"id": ")" << id << R"(", "nom": ")" << name
      << R"("}, "geometry": {"type": "Polygon", "coordinates": [[[)" << x0 << "," << y0 << "],[" << x1 << "," << y0
      << "],[" << x1 << "," << y1 << "],[" << x0 << "," << y1 << "],[" << x0 << "," << y0 << "]]]}}";
    return s.str();
  };
  return R"({"type": "FeatureCollection", "features": [)" + box('A', 'B', "N", "Nord") + "," +
         box('D', 'E', "S", "Sud") + "]}";
}

}  // namespace solimob::test
