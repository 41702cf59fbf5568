#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/geo.h"

// Polygon work (cells, unions, isochrones, point-in-zone) on top of GEOS, kept out of this header.
// Geometries travel as WKB (a std::string holding the bytes, 2D, machine byte order) in WGS84 with
// x = longitude and y = latitude. Anything metric (sizes, buffers, areas) is done in a local_projection
// around the data, so results are accurate to well under 1% over a metropolitan area.
// Every function is safe to call from several threads at once: each call uses its own GEOS context.
// Failures throw solimob::input_error.
namespace solimob::geometry {

// Square cell of side `size_m` metres centred on `centre`, as a Polygon WKB. Its edges follow meridians
// and parallels, so neighbouring cells of a regular grid share their edges exactly.
std::string square_cell(latlng centre, double size_m);

// A Point WKB (for tests and covers() checks).
std::string point(latlng);

// One polygon cell per point: the Voronoi diagram of the points (computed in metres), each cell clipped
// to the convex hull of all points buffered by `clip_buffer_m` and to a disc of radius `max_radius_m`
// around its own point, so isolated points do not get huge cells (infinity disables the disc).
// Returned in input order. Points at the same position share one cell. With clip_buffer_m == 0 and
// collinear points the hull has no area and every cell is empty.
std::vector<std::string> voronoi_cells(std::span<latlng const> points, double clip_buffer_m, double max_radius_m);

// Union of Polygon / MultiPolygon WKBs (invalid ones are repaired first) as one valid Polygon or
// MultiPolygon WKB; "POLYGON EMPTY" for no input or an empty union.
std::string union_polygons(std::span<std::string const> polygons_wkb);

// Travel-time surface -> isochrones. Cell i is the square of side `size_m` centred on centres[i], reached
// after times_s[i] seconds; a negative time or std::numeric_limits<std::int32_t>::max() means unreachable.
// For each cutoff (seconds, non-decreasing) the result is the union of the cells with time < cutoff as a
// valid MultiPolygon (holes where unreachable; "MULTIPOLYGON EMPTY" when nothing is reached), and each
// result covers() the previous one. The staircase is smoothed by a morphological closing of size_m / 4
// (rounds inner corners, fills notches narrower than half a cell); where two results share boundary the
// outer one is grown by 1e-5 size_m so that nesting survives rounding. Should validity or nesting still
// fail, the exact (unsmoothed) staircases are returned instead.
std::vector<std::string> isochrones(std::span<latlng const> centres, std::span<std::int32_t const> times_s,
                                    double size_m, std::span<std::int32_t const> cutoffs_s);

// Point-in-polygon lookup over many zones.
// locate() may be called from several threads at once: GEOS prepared geometries are not thread-safe
// (libgeos/geos#825), so each concurrent caller borrows its own query state (GEOS context, zone copies,
// prepared geometries, STRtree) from a pool that grows to the peak number of concurrent callers. Only the
// borrow and return take a lock.
class zone_index {
 public:
  // Zones must be Polygon or MultiPolygon WKB; throws input_error naming the zone otherwise.
  explicit zone_index(std::vector<std::string> const& polygons_wkb);
  ~zone_index();
  zone_index(zone_index const&) = delete;
  zone_index& operator=(zone_index const&) = delete;

  std::size_t size() const;

  // Index of the first zone (lowest index) covering the point, boundary included; nullopt if none.
  std::optional<std::size_t> locate(latlng) const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

// False for unreadable WKB as well as for invalid geometries.
bool is_valid(std::string const& wkb);

// Every point of inner lies in outer (interior or boundary).
bool covers(std::string const& outer_wkb, std::string const& inner_wkb);

// Area in square metres, in a local projection around the geometry's centroid; 0 for empty geometries.
double area_m2(std::string const& wkb);

// WKB <-> WKT, for messages, tests and hand-made zones.
std::string to_wkt(std::string const& wkb);
std::string from_wkt(std::string const& wkt);

}  // namespace solimob::geometry
