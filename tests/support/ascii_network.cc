#include "support/ascii_network.h"

#include <fstream>
#include <sstream>

#include "core/error.h"

namespace solimob::test {

namespace {
constexpr latlng kOrigin{48.9, 2.4};  // Seine-Saint-Denis, for realistic metres per degree
}

ascii_network::ascii_network(std::string_view map, double grid_m) {
  std::vector<std::string> rows;
  std::istringstream in{std::string{map}};
  for (std::string line; std::getline(in, line);) {
    rows.push_back(line);
  }
  local_projection const proj{kOrigin.lat_};
  std::map<char, node_idx> nodes;
  for (auto r = 0U; r != rows.size(); ++r) {
    for (auto c = 0U; c != rows[r].size(); ++c) {
      auto const ch = rows[r][c];
      if (std::isalpha(static_cast<unsigned char>(ch))) {
        auto const p = proj.inverse(proj.x(kOrigin) + c * grid_m, proj.y(kOrigin) - r * grid_m);
        pos_[ch] = p;
        nodes[ch] = graph_.add_node(p);
      }
    }
  }
  auto const at = [&](std::size_t r, std::size_t c) {
    return r < rows.size() && c < rows[r].size() ? rows[r][c] : ' ';
  };
  for (auto r = 0U; r != rows.size(); ++r) {
    for (auto c = 0U; c != rows[r].size(); ++c) {
      auto const ch = rows[r][c];
      if (!std::isalpha(static_cast<unsigned char>(ch))) {
        continue;
      }
      auto cc = c + 1;
      while (at(r, cc) == '-') {
        ++cc;
      }
      if (cc > c + 1 && std::isalpha(static_cast<unsigned char>(at(r, cc)))) {
        graph_.add_edge(nodes[ch], nodes[at(r, cc)]);
      }
      auto rr = r + 1;
      while (at(rr, c) == '|') {
        ++rr;
      }
      if (rr > r + 1 && std::isalpha(static_cast<unsigned char>(at(rr, c)))) {
        graph_.add_edge(nodes[ch], nodes[at(rr, c)]);
      }
    }
  }
  graph_.finalize();
}

latlng ascii_network::pos(char node) const {
  return pos_.at(node);
}

feed_files base_feed(ascii_network const& map, std::vector<std::pair<std::string, char>> const& stops) {
  feed_files f;
  f["agency.txt"] = "agency_id,agency_name,agency_url,agency_timezone\nA,Test,http://example.org,Europe/Paris\n";
  f["calendar.txt"] =
      "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
      "WK,1,1,1,1,1,0,0,20260101,20261231\n";
  std::ostringstream s;
  s.precision(10);
  s << "stop_id,stop_name,stop_lat,stop_lon\n";
  for (auto const& [id, node] : stops) {
    s << id << ",Stop " << id << ',' << map.pos(node).lat_ << ',' << map.pos(node).lng_ << '\n';
  }
  f["stops.txt"] = s.str();
  return f;
}

gtfs::feed load_feed(feed_files const& files, gtfs::report& r) {
  temp_dir dir;
  for (auto const& [name, content] : files) {
    std::ofstream{dir.path_ / name} << content;
  }
  return gtfs::load(dir.path_, r);
}

gtfs::feed load_feed(feed_files const& files) {
  gtfs::report r;
  return load_feed(files, r);
}

std::filesystem::path poa_dir() {
  auto const p = std::filesystem::path{SOLIMOB_SHARED_DIR} / "data" / "poa";
  return std::filesystem::exists(p / "poa_osm.pbf") ? p : std::filesystem::path{};
}

}  // namespace solimob::test
