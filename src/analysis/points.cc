#include "analysis/points.h"

#include <unordered_set>

#include "core/error.h"
#include "io/csv_reader.h"
#include "io/file_util.h"

namespace solimob::analysis {

std::vector<point> read_points(std::filesystem::path const& path) {
  auto const content = io::read_file(path);
  io::csv_reader csv{path.string(), content};
  auto const id = csv.required_column("id");
  auto const lon = csv.required_column("lon");
  auto const lat = csv.required_column("lat");
  std::vector<point> out;
  std::unordered_set<std::string> seen;
  while (csv.next()) {
    auto pid = std::string{csv.field(id)};
    if (pid.empty()) {
      throw input_error{path.string(), csv.line(), "id", "empty id"};
    }
    if (!seen.insert(pid).second) {
      throw input_error{path.string(), csv.line(), "id", "duplicate id '" + pid + "'"};
    }
    auto const la = csv.get_double(lat);
    auto const lo = csv.get_double(lon);
    if (!is_valid_wgs84(la, lo)) {
      throw input_error{path.string(), csv.line(), la < -90.0 || la > 90.0 ? "lat" : "lon",
                        "coordinate out of WGS84 range (lon " + std::to_string(lo) + ", lat " + std::to_string(la) +
                            "); columns must be WGS84 degrees"};
    }
    out.push_back({std::move(pid), {la, lo}});
  }
  if (out.empty()) {
    throw input_error{path.string(), 0, "", "no points in the file"};
  }
  return out;
}

}  // namespace solimob::analysis
