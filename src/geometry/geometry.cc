#include "geometry/geometry.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <new>
#include <string_view>
#include <utility>

#include <geos_c.h>

#include "core/error.h"

namespace solimob::geometry {

namespace {

// Arc approximation of buffers: 8 segments per quarter circle, GEOS's default.
constexpr int kQuadrantSegments = 8;

struct geom_deleter {
  GEOSContextHandle_t handle_;
  void operator()(GEOSGeometry* g) const { GEOSGeom_destroy_r(handle_, g); }
};
using geom_ptr = std::unique_ptr<GEOSGeometry, geom_deleter>;

struct tree_deleter {
  GEOSContextHandle_t handle_;
  void operator()(GEOSSTRtree* t) const { GEOSSTRtree_destroy_r(handle_, t); }
};
using tree_ptr = std::unique_ptr<GEOSSTRtree, tree_deleter>;

struct prepared_deleter {
  GEOSContextHandle_t handle_;
  void operator()(GEOSPreparedGeometry const* p) const { GEOSPreparedGeom_destroy_r(handle_, p); }
};
using prepared_ptr = std::unique_ptr<GEOSPreparedGeometry const, prepared_deleter>;

[[noreturn]] void throw_input(std::string_view what, std::string_view detail) {
  auto msg = std::string{"geometry: "}.append(what);
  if (!detail.empty()) {
    msg.append(": ").append(detail);
  }
  throw input_error{msg};
}

void require_position(latlng p, std::string_view what) {
  if (!is_valid_wgs84(p.lat_, p.lng_)) {
    throw_input(what, "not a WGS84 position (lat " + std::to_string(p.lat_) + ", lng " + std::to_string(p.lng_) + ")");
  }
}

double mean_lat(std::span<latlng const> points) {
  auto sum = 0.0;
  for (auto const& p : points) {
    sum += p.lat_;
  }
  return points.empty() ? 0.0 : sum / static_cast<double>(points.size());
}

// GEOSGeom_transformXY callbacks; userdata is the local_projection.
int to_metric_cb(double* x, double* y, void* userdata) {
  auto const& proj = *static_cast<local_projection const*>(userdata);
  latlng const p{*y, *x};
  *x = proj.x(p);
  *y = proj.y(p);
  return 1;
}

int to_wgs84_cb(double* x, double* y, void* userdata) {
  auto const p = static_cast<local_projection const*>(userdata)->inverse(*x, *y);
  *x = p.lng_;
  *y = p.lat_;
  return 1;
}

// One GEOS context plus the readers and writers made with it. GEOS contexts must not be shared between
// threads, so every public call opens its own session (creating one costs a few small allocations).
// Known GEOS 3.11 caveat: all contexts share the default GeometryFactory, whose reference count is not
// atomic (libgeos/geos#847). Helgrind reports it; it is harmless because that factory is never freed
// through its count, and no lock of ours could cover GEOS calls made by other modules anyway.
class session {
 public:
  session() : handle_{GEOS_init_r()} {
    if (handle_ == nullptr) {
      throw std::bad_alloc{};
    }
    GEOSContext_setErrorMessageHandler_r(handle_, &on_error, this);
  }
  ~session() {
    if (wkb_reader_ != nullptr) {
      GEOSWKBReader_destroy_r(handle_, wkb_reader_);
    }
    if (wkb_writer_ != nullptr) {
      GEOSWKBWriter_destroy_r(handle_, wkb_writer_);
    }
    GEOS_finish_r(handle_);
  }
  session(session const&) = delete;
  session& operator=(session const&) = delete;

  GEOSContextHandle_t handle() const { return handle_; }

  [[noreturn]] void fail(std::string_view what) {
    auto detail = std::move(last_error_);
    last_error_.clear();
    throw_input(what, detail.empty() ? std::string{"GEOS error"} : detail);
  }

  // Takes ownership of a GEOS result; GEOS reports failures as null after calling on_error.
  geom_ptr own(GEOSGeometry* g, std::string_view what) {
    if (g == nullptr) {
      fail(what);
    }
    return geom_ptr{g, geom_deleter{handle_}};
  }

  // GEOS predicates answer 0, 1, or 2 on error.
  bool predicate(char result, std::string_view what) {
    if (result == 2) {
      fail(what);
    }
    return result == 1;
  }

  geom_ptr clone(GEOSGeometry const* g) { return own(GEOSGeom_clone_r(handle_, g), "clone"); }

  geom_ptr read_wkb(std::string const& wkb, std::string_view what) {
    if (wkb.empty()) {
      throw_input(what, "empty WKB");
    }
    if (wkb_reader_ == nullptr) {
      wkb_reader_ = GEOSWKBReader_create_r(handle_);
    }
    auto* const g =
        GEOSWKBReader_read_r(handle_, wkb_reader_, reinterpret_cast<unsigned char const*>(wkb.data()), wkb.size());
    return own(g, what);
  }

  std::string write_wkb(GEOSGeometry const* g) {
    if (wkb_writer_ == nullptr) {
      wkb_writer_ = GEOSWKBWriter_create_r(handle_);
      GEOSWKBWriter_setOutputDimension_r(handle_, wkb_writer_, 2);
    }
    std::size_t size = 0;
    auto* const bytes = GEOSWKBWriter_write_r(handle_, wkb_writer_, g, &size);
    if (bytes == nullptr) {
      fail("writing WKB");
    }
    std::string out{reinterpret_cast<char const*>(bytes), size};
    GEOSFree_r(handle_, bytes);
    return out;
  }

  geom_ptr to_metric(GEOSGeometry const* g, local_projection const& proj) {
    return own(GEOSGeom_transformXY_r(handle_, g, &to_metric_cb, const_cast<local_projection*>(&proj)), "projection");
  }

  geom_ptr to_wgs84(GEOSGeometry const* g, local_projection const& proj) {
    return own(GEOSGeom_transformXY_r(handle_, g, &to_wgs84_cb, const_cast<local_projection*>(&proj)), "projection");
  }

  geom_ptr make_point(double x, double y) { return own(GEOSGeom_createPointFromXY_r(handle_, x, y), "point"); }

  geom_ptr empty_polygon() { return own(GEOSGeom_createEmptyPolygon_r(handle_), "empty polygon"); }

  // Takes the parts; an empty list gives an empty collection of that type.
  geom_ptr collection(int type, std::vector<geom_ptr> parts) {
    if (parts.empty()) {
      return own(GEOSGeom_createEmptyCollection_r(handle_, type), "collection");
    }
    std::vector<GEOSGeometry*> raw;
    raw.reserve(parts.size());
    for (auto& p : parts) {
      raw.push_back(p.release());  // GEOS takes ownership, also when it fails
    }
    return own(GEOSGeom_createCollection_r(handle_, type, raw.data(), static_cast<unsigned>(raw.size())), "collection");
  }

  int type(GEOSGeometry const* g) { return GEOSGeomTypeId_r(handle_, g); }

  std::string type_name(GEOSGeometry const* g) {
    auto* const name = GEOSGeomType_r(handle_, g);  // malloc'd by GEOS
    if (name == nullptr) {
      return "?";
    }
    std::string out{name};
    GEOSFree_r(handle_, name);
    return out;
  }
  bool is_empty(GEOSGeometry const* g) { return predicate(GEOSisEmpty_r(handle_, g), "isEmpty"); }
  bool is_valid(GEOSGeometry const* g) { return predicate(GEOSisValid_r(handle_, g), "isValid"); }
  // Prepared, because a prepared geometry indexes its segments: much faster than GEOSCovers on large polygons.
  bool covers(GEOSGeometry const* a, GEOSGeometry const* b) {
    prepared_ptr const prepared{GEOSPrepare_r(handle_, a), prepared_deleter{handle_}};
    if (prepared == nullptr) {
      fail("prepare");
    }
    return predicate(GEOSPreparedCovers_r(handle_, prepared.get(), b), "covers");
  }

  bool is_polygonal(GEOSGeometry const* g) {
    auto const t = type(g);
    return t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON;
  }

  // Overlays may add lines or points where polygons touch; keep the areas only.
  geom_ptr polygonal_only(geom_ptr g) {
    if (is_polygonal(g.get())) {
      return g;
    }
    std::vector<geom_ptr> parts;
    collect_polygons(g.get(), parts);
    if (parts.empty()) {
      return empty_polygon();
    }
    if (parts.size() == 1) {
      return std::move(parts.front());
    }
    return collection(GEOS_MULTIPOLYGON, std::move(parts));
  }

  geom_ptr as_multi_polygon(geom_ptr g) {
    if (type(g.get()) == GEOS_MULTIPOLYGON) {
      return g;
    }
    std::vector<geom_ptr> parts;
    if (!is_empty(g.get())) {
      parts.push_back(std::move(g));
    }
    return collection(GEOS_MULTIPOLYGON, std::move(parts));
  }

  // Repairs invalid polygons (self-intersections, wrong nesting) rather than rejecting them.
  geom_ptr valid_polygonal(geom_ptr g) {
    if (is_valid(g.get())) {
      return g;
    }
    return polygonal_only(own(GEOSMakeValid_r(handle_, g.get()), "makeValid"));
  }

 private:
  static void on_error(char const* message, void* userdata) {
    static_cast<session*>(userdata)->last_error_ = message == nullptr ? "" : message;
  }

  void collect_polygons(GEOSGeometry const* g, std::vector<geom_ptr>& out) {
    auto const t = type(g);
    if (t == GEOS_POLYGON) {
      if (!is_empty(g)) {
        out.push_back(clone(g));
      }
    } else if (t == GEOS_MULTIPOLYGON || t == GEOS_GEOMETRYCOLLECTION) {
      auto const n = GEOSGetNumGeometries_r(handle_, g);
      for (auto i = 0; i < n; ++i) {
        collect_polygons(GEOSGetGeometryN_r(handle_, g, i), out);
      }
    }
  }

  GEOSContextHandle_t handle_;
  GEOSWKBReader* wkb_reader_{nullptr};
  GEOSWKBWriter* wkb_writer_{nullptr};
  std::string last_error_;
};

// STRtree query callback; userdata is a std::vector<std::size_t> of hits, items point to stable indices.
void collect_item(void* item, void* userdata) {
  static_cast<std::vector<std::size_t>*>(userdata)->push_back(*static_cast<std::size_t const*>(item));
}

}  // namespace

std::string square_cell(latlng centre, double size_m) {
  require_position(centre, "square_cell: centre");
  if (!(size_m > 0.0) || !std::isfinite(size_m)) {
    throw_input("square_cell", "size_m must be positive and finite, got " + std::to_string(size_m));
  }
  local_projection const proj{centre.lat_};
  auto const half = size_m / 2.0;
  auto const x = proj.x(centre);
  auto const y = proj.y(centre);
  // The projection maps x and y separately, so the metric square is a lon/lat rectangle.
  auto const lo = proj.inverse(x - half, y - half);
  auto const hi = proj.inverse(x + half, y + half);
  session s;
  auto const g = s.own(GEOSGeom_createRectangle_r(s.handle(), lo.lng_, lo.lat_, hi.lng_, hi.lat_), "square_cell");
  return s.write_wkb(g.get());
}

std::string point(latlng p) {
  require_position(p, "point");
  session s;
  return s.write_wkb(s.make_point(p.lng_, p.lat_).get());
}

std::vector<std::string> voronoi_cells(std::span<latlng const> points, double clip_buffer_m, double max_radius_m) {
  if (!(clip_buffer_m >= 0.0) || !std::isfinite(clip_buffer_m)) {
    throw_input("voronoi_cells", "clip_buffer_m must be >= 0 and finite, got " + std::to_string(clip_buffer_m));
  }
  if (!(max_radius_m > 0.0)) {
    throw_input("voronoi_cells", "max_radius_m must be positive, got " + std::to_string(max_radius_m));
  }
  for (auto const& p : points) {
    require_position(p, "voronoi_cells: point " + std::to_string(&p - points.data()));
  }
  if (points.empty()) {
    return {};
  }

  session s;
  auto const h = s.handle();
  local_projection const proj{mean_lat(points)};
  std::vector<geom_ptr> sites;
  sites.reserve(points.size());
  for (auto const& p : points) {
    sites.push_back(s.make_point(proj.x(p), proj.y(p)));
  }
  std::vector<geom_ptr> site_copies;
  site_copies.reserve(sites.size());
  for (auto const& p : sites) {
    site_copies.push_back(s.clone(p.get()));
  }
  auto const multipoint = s.collection(GEOS_MULTIPOINT, std::move(site_copies));
  auto const hull = s.own(GEOSConvexHull_r(h, multipoint.get()), "convex hull");
  auto const clip = s.polygonal_only(s.own(GEOSBuffer_r(h, hull.get(), clip_buffer_m, kQuadrantSegments), "buffer"));
  // The clip region is passed as the diagram's extent so that every cell reaches the clip boundary.
  auto const diagram = s.own(GEOSVoronoiDiagram_r(h, multipoint.get(), clip.get(), 0.0, 0), "voronoi diagram");

  auto const n_cells = static_cast<std::size_t>(GEOSGetNumGeometries_r(h, diagram.get()));
  std::vector<GEOSGeometry const*> cells(n_cells);
  std::vector<std::size_t> cell_ids(n_cells);
  tree_ptr const tree{GEOSSTRtree_create_r(h, 10), tree_deleter{h}};
  for (auto i = std::size_t{0}; i < n_cells; ++i) {
    cells[i] = GEOSGetGeometryN_r(h, diagram.get(), static_cast<int>(i));
    cell_ids[i] = i;
    GEOSSTRtree_insert_r(h, tree.get(), cells[i], &cell_ids[i]);
  }

  // GEOS 3.11 does not keep the site order in the diagram, so each point finds the cell containing it.
  auto const find_cell = [&](GEOSGeometry const* site) -> GEOSGeometry const* {
    std::vector<std::size_t> hits;
    GEOSSTRtree_query_r(h, tree.get(), site, &collect_item, &hits);
    std::sort(begin(hits), end(hits));
    for (auto const i : hits) {
      if (s.predicate(GEOSIntersects_r(h, cells[i], site), "intersects")) {
        return cells[i];
      }
    }
    // Only reachable through rounding: fall back to the nearest cell.
    GEOSGeometry const* best = nullptr;
    auto best_d = std::numeric_limits<double>::infinity();
    for (auto const* c : cells) {
      auto d = 0.0;
      if (GEOSDistance_r(h, c, site, &d) == 1 && d < best_d) {
        best_d = d;
        best = c;
      }
    }
    return best;
  };

  std::vector<std::string> out;
  out.reserve(points.size());
  for (auto const& site : sites) {
    // Fewer than two distinct points give no diagram: the single cell is the whole clip region.
    auto const* const cell = n_cells == 0 ? clip.get() : find_cell(site.get());
    auto result = cell == nullptr ? s.empty_polygon()
                                  : s.own(GEOSIntersection_r(h, cell, clip.get()), "intersection with the hull");
    if (std::isfinite(max_radius_m)) {
      auto const disc = s.own(GEOSBuffer_r(h, site.get(), max_radius_m, kQuadrantSegments), "buffer");
      result = s.own(GEOSIntersection_r(h, result.get(), disc.get()), "intersection with the disc");
    }
    result = s.polygonal_only(std::move(result));
    out.push_back(s.write_wkb(s.to_wgs84(result.get(), proj).get()));
  }
  return out;
}

std::string union_polygons(std::span<std::string const> polygons_wkb) {
  session s;
  std::vector<geom_ptr> parts;
  parts.reserve(polygons_wkb.size());
  for (auto i = std::size_t{0}; i < polygons_wkb.size(); ++i) {
    auto const what = "union_polygons: polygon " + std::to_string(i);
    auto g = s.read_wkb(polygons_wkb[i], what);
    if (!s.is_polygonal(g.get())) {
      throw_input(what, "expected a Polygon or MultiPolygon, got " + s.type_name(g.get()));
    }
    parts.push_back(s.valid_polygonal(std::move(g)));
  }
  if (parts.empty()) {
    return s.write_wkb(s.empty_polygon().get());
  }
  auto const all = s.collection(GEOS_GEOMETRYCOLLECTION, std::move(parts));
  auto result = s.polygonal_only(s.own(GEOSUnaryUnion_r(s.handle(), all.get()), "union"));
  return s.write_wkb(result.get());
}

std::vector<std::string> isochrones(std::span<latlng const> centres, std::span<std::int32_t const> times_s,
                                    double size_m, std::span<std::int32_t const> cutoffs_s) {
  if (centres.size() != times_s.size()) {
    throw_input("isochrones",
                std::to_string(centres.size()) + " centres but " + std::to_string(times_s.size()) + " times");
  }
  if (!(size_m > 0.0) || !std::isfinite(size_m)) {
    throw_input("isochrones", "size_m must be positive and finite, got " + std::to_string(size_m));
  }
  if (!std::is_sorted(begin(cutoffs_s), end(cutoffs_s))) {
    throw_input("isochrones", "cutoffs must be in ascending order");
  }
  auto const reachable = [](std::int32_t t) { return t >= 0 && t != std::numeric_limits<std::int32_t>::max(); };
  std::vector<std::size_t> order;
  for (auto i = std::size_t{0}; i < centres.size(); ++i) {
    if (reachable(times_s[i])) {
      require_position(centres[i], "isochrones: centre " + std::to_string(i));
      order.push_back(i);
    }
  }
  // Sorted by time, each cutoff only adds the band of cells reached since the previous one.
  std::stable_sort(begin(order), end(order), [&](std::size_t a, std::size_t b) { return times_s[a] < times_s[b]; });

  session s;
  auto const h = s.handle();
  std::vector<latlng> reached_centres;
  reached_centres.reserve(order.size());
  for (auto const i : order) {
    reached_centres.push_back(centres[i]);
  }
  local_projection const proj{mean_lat(reached_centres)};

  // Cell edges are snapped to a fine grid so that neighbours share bit-identical edges. The union of
  // axis-parallel squares then only creates vertices that are exact doubles, and the projection maps x and
  // y separately, so the staircases are exactly nested in lon/lat too.
  auto const grid = size_m / 1024.0;
  auto const snap = [grid](double v) { return std::round(v / grid) * grid; };
  auto const half = size_m / 2.0;

  // The cells are squares of one grid sharing whole edges, a polygonal coverage: a coverage union
  // (which only drops the shared edges) is many times faster than an overlay union of the cells.
  std::vector<geom_ptr> staircases;
  staircases.reserve(cutoffs_s.size());
  auto next = std::size_t{0};
  for (auto const cutoff : cutoffs_s) {
    for (; next < order.size() && times_s[order[next]] < cutoff; ++next) {
    }
    if (next == 0) {
      staircases.push_back(s.empty_polygon());
      continue;
    }
    std::vector<geom_ptr> cells;
    cells.reserve(next);
    for (auto k = std::size_t{0}; k != next; ++k) {
      auto const c = centres[order[k]];
      auto const x = proj.x(c);
      auto const y = proj.y(c);
      cells.push_back(
          s.own(GEOSGeom_createRectangle_r(h, snap(x - half), snap(y - half), snap(x + half), snap(y + half)), "cell"));
    }
    auto const all = s.collection(GEOS_MULTIPOLYGON, std::move(cells));
    staircases.push_back(s.polygonal_only(s.own(GEOSCoverageUnion_r(h, all.get()), "union of cells")));
  }

  // Morphological closing (grow then shrink by a quarter cell) rounds the inner corners of the staircase
  // and keeps the outer ones; it is monotone in theory, but buffers are approximations, hence the checks.
  auto const closing = size_m / 4.0;
  std::vector<geom_ptr> smooth;
  smooth.reserve(staircases.size());
  auto smooth_ok = true;
  for (auto const& stair : staircases) {
    auto const grown = s.own(GEOSBuffer_r(h, stair.get(), closing, kQuadrantSegments), "buffer");
    auto closed = s.polygonal_only(s.own(GEOSBuffer_r(h, grown.get(), -closing, kQuadrantSegments), "buffer"));
    smooth.push_back(s.polygonal_only(s.to_wgs84(closed.get(), proj)));
    smooth_ok = smooth_ok && s.is_valid(smooth.back().get());
  }
  // Where two successive isochrones share a stretch of boundary, the separately computed buffers cross it
  // back and forth by rounding errors, so the outer one does not quite cover the inner one. A plain union
  // does not fix that (its crossing points are rounded too); a union with the inner isochrone grown by a
  // margin far above rounding (1e-5 cell, 1 mm for 100 m cells) but far below anything visible does.
  auto const margin_deg = size_m * 1e-5 / (kEarthRadiusM * kDegToRad);
  for (auto k = std::size_t{1}; smooth_ok && k < smooth.size(); ++k) {
    if (s.covers(smooth[k].get(), smooth[k - 1].get())) {
      continue;
    }
    auto const inner =
        s.own(GEOSBufferWithStyle_r(h, smooth[k - 1].get(), margin_deg, 1, GEOSBUF_CAP_FLAT, GEOSBUF_JOIN_MITRE, 2.0),
              "buffer");
    smooth[k] = s.polygonal_only(s.own(GEOSUnion_r(h, smooth[k].get(), inner.get()), "union"));
    smooth_ok = s.is_valid(smooth[k].get()) && s.covers(smooth[k].get(), smooth[k - 1].get());
  }

  std::vector<std::string> out;
  out.reserve(cutoffs_s.size());
  for (auto k = std::size_t{0}; k < cutoffs_s.size(); ++k) {
    auto g = smooth_ok ? std::move(smooth[k]) : s.to_wgs84(staircases[k].get(), proj);
    out.push_back(s.write_wkb(s.as_multi_polygon(std::move(g)).get()));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// zone_index

namespace {

// Everything one thread needs to answer locate(): no GEOS object in here is shared with another thread.
struct zone_query_state {
  explicit zone_query_state(std::vector<std::string> const& polygons_wkb) {
    auto const h = session_.handle();
    zones_.reserve(polygons_wkb.size());
    for (auto i = std::size_t{0}; i < polygons_wkb.size(); ++i) {
      auto const what = "zone " + std::to_string(i);
      auto g = session_.read_wkb(polygons_wkb[i], what);
      if (!session_.is_polygonal(g.get())) {
        throw_input(what, "expected a Polygon or MultiPolygon, got " + session_.type_name(g.get()));
      }
      zones_.push_back(std::move(g));
    }
    ids_.resize(zones_.size());
    tree_ = tree_ptr{GEOSSTRtree_create_r(h, 10), tree_deleter{h}};
    for (auto i = std::size_t{0}; i < zones_.size(); ++i) {
      auto const* prepared = GEOSPrepare_r(h, zones_[i].get());
      if (prepared == nullptr) {
        session_.fail("preparing zone " + std::to_string(i));
      }
      prepared_.emplace_back(prepared, prepared_deleter{h});
      ids_[i] = i;
      if (!session_.is_empty(zones_[i].get())) {
        GEOSSTRtree_insert_r(h, tree_.get(), zones_[i].get(), &ids_[i]);
      }
    }
  }

  std::optional<std::size_t> locate(latlng p) {
    auto const h = session_.handle();
    auto const pt = session_.make_point(p.lng_, p.lat_);
    hits_.clear();
    GEOSSTRtree_query_r(h, tree_.get(), pt.get(), &collect_item, &hits_);
    std::sort(begin(hits_), end(hits_));
    for (auto const i : hits_) {
      // For a point, intersects == covers, and it is the cheapest prepared predicate.
      if (session_.predicate(GEOSPreparedIntersects_r(h, prepared_[i].get(), pt.get()), "point in zone")) {
        return i;
      }
    }
    return std::nullopt;
  }

  // Declared first so that it is destroyed last: the other members are freed through its context.
  session session_;
  std::vector<geom_ptr> zones_;
  std::vector<prepared_ptr> prepared_;
  std::vector<std::size_t> ids_;  // stable STRtree items
  tree_ptr tree_{nullptr, tree_deleter{nullptr}};
  std::vector<std::size_t> hits_;  // reused query scratch
};

}  // namespace

struct zone_index::impl {
  std::vector<std::string> polygons_wkb_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<zone_query_state>> states_;
  std::vector<zone_query_state*> idle_;

  zone_query_state* borrow() {
    {
      std::lock_guard const lock{mutex_};
      if (!idle_.empty()) {
        auto* const state = idle_.back();
        idle_.pop_back();
        return state;
      }
    }
    // Built outside the lock: the WKB strings are only read.
    auto state = std::make_unique<zone_query_state>(polygons_wkb_);
    std::lock_guard const lock{mutex_};
    states_.push_back(std::move(state));
    return states_.back().get();
  }

  void give_back(zone_query_state* state) {
    std::lock_guard const lock{mutex_};
    idle_.push_back(state);
  }
};

zone_index::zone_index(std::vector<std::string> const& polygons_wkb) : impl_{std::make_unique<impl>()} {
  impl_->polygons_wkb_ = polygons_wkb;
  // The first state validates the input, so a bad zone throws here rather than in locate().
  impl_->states_.push_back(std::make_unique<zone_query_state>(impl_->polygons_wkb_));
  impl_->idle_.push_back(impl_->states_.back().get());
}

zone_index::~zone_index() = default;

std::size_t zone_index::size() const {
  return impl_->polygons_wkb_.size();
}

std::optional<std::size_t> zone_index::locate(latlng p) const {
  if (!is_valid_wgs84(p.lat_, p.lng_)) {
    return std::nullopt;
  }
  auto* const state = impl_->borrow();
  struct lease {
    impl* owner_;
    zone_query_state* state_;
    ~lease() { owner_->give_back(state_); }
  } const returned{impl_.get(), state};
  return state->locate(p);
}

// ---------------------------------------------------------------------------------------------------------
// Predicates and conversions

bool is_valid(std::string const& wkb) {
  session s;
  try {
    auto const g = s.read_wkb(wkb, "is_valid");
    return s.is_valid(g.get());
  } catch (input_error const&) {
    return false;
  }
}

bool covers(std::string const& outer_wkb, std::string const& inner_wkb) {
  session s;
  auto const outer = s.read_wkb(outer_wkb, "covers: outer geometry");
  auto const inner = s.read_wkb(inner_wkb, "covers: inner geometry");
  return s.covers(outer.get(), inner.get());
}

double area_m2(std::string const& wkb) {
  session s;
  auto const h = s.handle();
  auto const g = s.read_wkb(wkb, "area_m2");
  if (s.is_empty(g.get())) {
    return 0.0;
  }
  auto const centroid = s.own(GEOSGetCentroid_r(h, g.get()), "centroid");
  auto lat = 0.0;
  if (GEOSGeomGetY_r(h, centroid.get(), &lat) != 1) {
    s.fail("area_m2: centroid");
  }
  auto const metric = s.to_metric(g.get(), local_projection{lat});
  auto area = 0.0;
  if (GEOSArea_r(h, metric.get(), &area) != 1) {
    s.fail("area_m2");
  }
  return area;
}

std::string to_wkt(std::string const& wkb) {
  session s;
  auto const h = s.handle();
  auto const g = s.read_wkb(wkb, "to_wkt");
  auto* const writer = GEOSWKTWriter_create_r(h);
  GEOSWKTWriter_setTrim_r(h, writer, 1);
  GEOSWKTWriter_setOutputDimension_r(h, writer, 2);
  auto* const text = GEOSWKTWriter_write_r(h, writer, g.get());
  GEOSWKTWriter_destroy_r(h, writer);
  if (text == nullptr) {
    s.fail("writing WKT");
  }
  std::string out{text};
  GEOSFree_r(h, text);
  return out;
}

std::string from_wkt(std::string const& wkt) {
  session s;
  auto const h = s.handle();
  auto* const reader = GEOSWKTReader_create_r(h);
  auto* const g = GEOSWKTReader_read_r(h, reader, wkt.c_str());
  GEOSWKTReader_destroy_r(h, reader);
  auto const geom = s.own(g, "reading WKT '" + wkt.substr(0, 80) + "'");
  return s.write_wkb(geom.get());
}

}  // namespace solimob::geometry
