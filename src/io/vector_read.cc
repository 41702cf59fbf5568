// Reading GIS layers (vector_io.h): files and PostGIS tables through GDAL/OGR, spreadsheets, INSEE grid ids.
#include "io/vector_io.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <mutex>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>

#include "cpl_conv.h"
#include "cpl_error.h"
#include "cpl_http.h"
#include "cpl_string.h"
#include "gdal_priv.h"
#include "ogr_api.h"
#include "ogr_spatialref.h"
#include "ogrsf_frmts.h"

#include "core/error.h"
#include "io/detail/gdal.h"

namespace solimob::io {

namespace {

namespace fs = std::filesystem;
using detail::dataset_ptr;
using detail::gdal_message;
using detail::iequals;
using detail::init_gdal;
using detail::quiet_gdal;
using detail::wgs84;

struct transform_destroy {
  void operator()(OGRCoordinateTransformation* ct) const { OGRCoordinateTransformation::DestroyCT(ct); }
};
using transform_ptr = std::unique_ptr<OGRCoordinateTransformation, transform_destroy>;

std::string_view trim(std::string_view s) {
  auto const is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && is_space(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && is_space(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

std::string format_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.10g", v);
  return buf;
}

// Parses a finite number. A single comma without a dot is a decimal comma ("2,35"), as French
// spreadsheets export it; France groups thousands with spaces, so "1,234" is never 1234 here.
std::optional<double> parse_number(std::string_view s) {
  s = trim(s);
  if (s.empty()) {
    return std::nullopt;
  }
  std::string buf{s.front() == '+' ? s.substr(1) : s};
  if (buf.find('.') == std::string::npos && std::count(buf.begin(), buf.end(), ',') == 1) {
    std::replace(buf.begin(), buf.end(), ',', '.');
  }
  double v = 0.0;
  auto const [end, ec] = std::from_chars(buf.data(), buf.data() + buf.size(), v);
  if (ec != std::errc{} || end != buf.data() + buf.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

std::string join_names(std::vector<std::string> const& names) {
  std::string out;
  for (auto const& n : names) {
    out.append(out.empty() ? "" : ", ").append(n);
  }
  return out;
}

// GDAL's message for an error: appended (": ...") to ours for the user's own files; for a file sent by
// someone else, written to stderr (the server's log) and left out of the message.
std::string gdal_detail(std::string const& file, std::optional<untrusted_file> const& untrusted) {
  auto const msg = gdal_message();
  if (!untrusted) {
    return ": " + msg;
  }
  std::string shown;
  for (auto const c : file + ": " + msg) {
    shown += static_cast<unsigned char>(c) < 0x20 ? '?' : c;  // one log line, whatever GDAL says
  }
  std::fprintf(stderr, "gdal: %s\n", shown.c_str());
  return {};
}

// Every HTTP request GDAL would make in this thread (schemas, CRS from URLs...) fails at once.
CPLHTTPResult* refuse_http(char const* /*url*/, CSLConstList /*options*/, GDALProgressFunc /*progress*/,
                           void* /*progress_arg*/, CPLHTTPFetchWriteFunc /*write*/, void* /*write_arg*/,
                           void* /*user*/) {
  auto* r = static_cast<CPLHTTPResult*>(CPLCalloc(1, sizeof(CPLHTTPResult)));
  r->nStatus = 1;
  r->pszErrBuf = CPLStrdup("network access is disabled for uploaded files");
  return r;
}

// While a file sent by someone else is read (the whole read: OGR reads features lazily): no network,
// no /vsicurl/, no GML xlink resolution. Options are thread-local, so other requests are unaffected.
class untrusted_scope {
 public:
  explicit untrusted_scope(std::optional<untrusted_file> const& u) : active_{u.has_value()} {
    if (!active_) {
      return;
    }
    CPLHTTPPushFetchCallback(refuse_http, nullptr);
    for (auto const& [key, value] : kOptions) {
      CPLSetThreadLocalConfigOption(key, value);
    }
  }
  ~untrusted_scope() {
    if (!active_) {
      return;
    }
    for (auto const& [key, value] : kOptions) {
      CPLSetThreadLocalConfigOption(key, nullptr);
    }
    CPLHTTPPopFetchCallback();
  }
  untrusted_scope(untrusted_scope const&) = delete;
  untrusted_scope& operator=(untrusted_scope const&) = delete;

 private:
  static constexpr std::pair<char const*, char const*> kOptions[] = {
      {"GML_SKIP_RESOLVE_ELEMS", "ALL"},                   // xlink:href to other files or URLs: not followed
      {"CPL_VSIL_CURL_ALLOWED_FILENAME", "/nonexistent"},  // /vsicurl/ opens nothing
      {"GDAL_DISABLE_READDIR_ON_OPEN", "EMPTY_DIR"},       // no side-car files looked up
      {"OGR_SQLITE_PRAGMA", "trusted_schema=OFF"},         // views and triggers of the file call no risky function
  };
  bool active_;
};

dataset_ptr open_vector(fs::path const& p, std::string const& file,
                        std::optional<untrusted_file> const& untrusted = std::nullopt) {
  std::error_code ec;
  if (untrusted) {
    // Our own temporary file, opened only with its format's driver; VRT and /vsi* (archives, network)
    // can never be reached this way.
    if (p.native().starts_with("/vsi") || !fs::is_regular_file(p, ec)) {
      throw io_error{file + ": not a plain file"};
    }
    char const* const drivers[] = {untrusted->driver_.c_str(), nullptr};
    // GML: no application schema downloaded, no .gfs file written beside the upload.
    char const* const gml_options[] = {"DOWNLOAD_SCHEMA=NO", "WRITE_GFS=NO", nullptr};
    auto const* options = untrusted->driver_ == "GML" ? gml_options : nullptr;
    dataset_ptr ds{
        GDALDataset::Open(p.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR, drivers, options)};
    if (ds == nullptr) {
      throw io_error{file + ": cannot open as a " + untrusted->driver_ + " file" + gdal_detail(file, untrusted)};
    }
    return ds;
  }
  // "PG:..." names a PostgreSQL connection, not a file.
  if (!p.native().starts_with("PG:") && !fs::exists(p, ec)) {
    throw io_error{file + ": file not found"};
  }
  dataset_ptr ds{GDALDataset::Open(p.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR)};
  if (ds == nullptr) {
    throw io_error{file + ": cannot open as a GIS file: " + gdal_message()};
  }
  return ds;
}

std::vector<std::string> layer_names(GDALDataset& ds) {
  std::vector<std::string> names;
  for (auto i = 0; i < ds.GetLayerCount(); ++i) {
    names.emplace_back(ds.GetLayer(i)->GetName());
  }
  return names;
}

OGRLayer* pick_layer(GDALDataset& ds, std::string const& file, std::string const& wanted) {
  if (!wanted.empty()) {
    auto* layer = ds.GetLayerByName(wanted.c_str());
    if (layer == nullptr) {
      throw input_error{file + ": no layer '" + wanted + "' (available: " + join_names(layer_names(ds)) + ")"};
    }
    return layer;
  }
  if (ds.GetLayerCount() == 0) {
    throw input_error{file + ": no layer"};
  }
  if (ds.GetLayerCount() == 1) {
    return ds.GetLayer(0);
  }
  OGRLayer* spatial = nullptr;
  auto n_spatial = 0;
  for (auto i = 0; i < ds.GetLayerCount(); ++i) {
    if (ds.GetLayer(i)->GetGeomType() != wkbNone) {
      spatial = ds.GetLayer(i);
      ++n_spatial;
    }
  }
  if (n_spatial == 1) {
    return spatial;
  }
  throw input_error{file + ": " + std::to_string(ds.GetLayerCount()) +
                    " layers, choose one with the layer option (available: " + join_names(layer_names(ds)) + ")"};
}

// INSEE grid cell: "CRS3035RES200mN2890000E3770000" is the 200 m cell whose lower-left corner is at
// northing 2890000, easting 3770000 in EPSG:3035 (ETRS89-LAEA).
struct grid_cell {
  double easting_;
  double northing_;
  double size_m_;
};

std::optional<grid_cell> parse_grid_id(std::string_view id) {
  auto const number = [&](std::string_view& s, double& out) {
    long long v = 0;
    auto const [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || end == s.data() || v < 0) {
      return false;
    }
    s.remove_prefix(static_cast<std::size_t>(end - s.data()));
    out = static_cast<double>(v);
    return true;
  };
  auto const expect = [](std::string_view& s, std::string_view prefix) {
    if (s.substr(0, prefix.size()) != prefix) {
      return false;
    }
    s.remove_prefix(prefix.size());
    return true;
  };
  grid_cell c{};
  auto s = id;
  if (!expect(s, "CRS3035RES") || !number(s, c.size_m_) || !expect(s, "mN") || !number(s, c.northing_) ||
      !expect(s, "E") || !number(s, c.easting_) || !s.empty() || c.size_m_ <= 0.0) {
    return std::nullopt;
  }
  return c;
}

OGRGeometryUniquePtr grid_square(grid_cell const& c) {
  auto ring = std::make_unique<OGRLinearRing>();
  ring->addPoint(c.easting_, c.northing_);
  ring->addPoint(c.easting_ + c.size_m_, c.northing_);
  ring->addPoint(c.easting_ + c.size_m_, c.northing_ + c.size_m_);
  ring->addPoint(c.easting_, c.northing_ + c.size_m_);
  ring->addPoint(c.easting_, c.northing_);
  auto polygon = std::make_unique<OGRPolygon>();
  polygon->addRingDirectly(ring.release());
  return OGRGeometryUniquePtr{polygon.release()};
}

// Where a feature sits, for messages: spreadsheet-like files have lines (header = line 1), others
// feature numbers.
struct locator {
  std::string file_;
  bool has_lines_;

  std::string where(std::size_t feature) const {
    return (has_lines_ ? "line " : "feature ") + std::to_string(has_lines_ ? feature + 2 : feature + 1);
  }

  [[noreturn]] void fail(std::size_t feature, std::string const& field, std::string const& msg) const {
    if (has_lines_) {
      throw input_error{file_, feature + 2, field, msg};
    }
    throw input_error{file_, 0, field, where(feature) + ": " + msg};
  }
};

enum class number_state { kEmpty, kNumber, kNotANumber };

// Reads a field that should hold a number, typed (GeoPackage, XLSX) or text (CSV).
number_state read_number(OGRFeature& f, int idx, double& value, std::string& raw) {
  if (!f.IsFieldSetAndNotNull(idx)) {
    return number_state::kEmpty;
  }
  auto const type = f.GetFieldDefnRef(idx)->GetType();
  raw = f.GetFieldAsString(idx);
  if (type == OFTInteger || type == OFTInteger64 || type == OFTReal) {
    value = f.GetFieldAsDouble(idx);
    return std::isfinite(value) ? number_state::kNumber : number_state::kNotANumber;
  }
  if (trim(raw).empty()) {
    return number_state::kEmpty;
  }
  auto const v = parse_number(raw);
  if (!v) {
    return number_state::kNotANumber;
  }
  value = *v;
  return number_state::kNumber;
}

enum class position_source { kGeometry, kColumns, kGrid, kNone };

struct coordinate_columns {
  int x_{-1};
  int y_{-1};
};

// First longitude-like and first latitude-like column, by the order of these name lists.
coordinate_columns find_coordinate_columns(OGRFeatureDefn& defn, std::string const& file) {
  static constexpr std::string_view kXNames[] = {"lon", "lng", "long", "longitude", "x"};
  static constexpr std::string_view kYNames[] = {"lat", "latitude", "y"};
  auto const find = [&](auto const& names) {
    for (auto const name : names) {
      for (auto i = 0; i < defn.GetFieldCount(); ++i) {
        if (iequals(trim(defn.GetFieldDefn(i)->GetNameRef()), name)) {
          return i;
        }
      }
    }
    return -1;
  };
  coordinate_columns c{find(kXNames), find(kYNames)};
  if ((c.x_ < 0) != (c.y_ < 0)) {
    char const* const found = defn.GetFieldDefn(c.x_ >= 0 ? c.x_ : c.y_)->GetNameRef();
    throw input_error{file, 0, found,
                      c.x_ >= 0 ? "longitude column without a latitude column (lat, latitude or y)"
                                : "latitude column without a longitude column (lon, lng, longitude or x)"};
  }
  return c;
}

}  // namespace

vector_layer read_layer(fs::path const& p, read_options const& opt) {
  init_gdal();
  quiet_gdal const quiet;
  untrusted_scope const scope{opt.untrusted_};
  auto const file = p.string();
  auto const ds = open_vector(p, file, opt.untrusted_);
  auto* layer = pick_layer(*ds, file, opt.layer_);
  auto const driver = std::string{ds->GetDriverName()};
  locator const loc{file, driver == "CSV" || driver == "XLSX" || driver == "ODS"};

  auto& defn = *layer->GetLayerDefn();
  auto const field_index = [&](std::string const& name) {
    auto const idx = defn.GetFieldIndex(name.c_str());
    if (idx < 0) {
      std::vector<std::string> available;
      if (*layer->GetFIDColumn() != '\0') {
        available.emplace_back(layer->GetFIDColumn());
      }
      for (auto i = 0; i < defn.GetFieldCount(); ++i) {
        available.emplace_back(defn.GetFieldDefn(i)->GetNameRef());
      }
      throw input_error{file, 0, name, "field is missing (available: " + join_names(available) + ")"};
    }
    return idx;
  };
  // GeoPackages and databases often keep the id as their FID column, which OGR does not list as a field.
  // An empty id_field_ asks for the feature ids themselves (files whose rows have no id column).
  bool const id_is_fid = opt.id_field_.empty() || (defn.GetFieldIndex(opt.id_field_.c_str()) < 0 &&
                                                   iequals(layer->GetFIDColumn(), opt.id_field_));
  auto const id_idx = id_is_fid ? -1 : field_index(opt.id_field_);
  std::vector<int> numeric_idx;
  std::vector<int> text_idx;
  std::vector<bool> non_negative;
  for (auto const& name : opt.numeric_fields_) {
    numeric_idx.push_back(field_index(name));
    non_negative.push_back(std::any_of(begin(opt.non_negative_fields_), end(opt.non_negative_fields_),
                                       [&](std::string const& n) { return iequals(n, name); }));
  }
  for (auto const& name : opt.text_fields_) {
    text_idx.push_back(field_index(name));
  }

  auto source = position_source::kGeometry;
  coordinate_columns coords;
  if (!opt.read_positions_) {
    source = position_source::kNone;
  } else if (defn.GetGeomFieldCount() == 0) {
    coords = find_coordinate_columns(defn, file);
    source = coords.x_ >= 0           ? position_source::kColumns
             : opt.require_positions_ ? position_source::kGrid
                                      : position_source::kNone;
  }

  vector_layer out;
  out.source_ = file;
  out.numeric_.resize(numeric_idx.size());
  out.text_.resize(text_idx.size());
  std::vector<OGRGeometryUniquePtr> geometries;  // in the source CRS
  std::unordered_map<std::string, std::size_t> first_seen;

  layer->ResetReading();
  CPLErrorReset();
  std::size_t k = 0U;
  for (OGRFeatureUniquePtr f{layer->GetNextFeature()}; f != nullptr; f.reset(layer->GetNextFeature()), ++k) {
    auto id = id_is_fid ? std::to_string(f->GetFID())
                        : std::string{trim(f->IsFieldSetAndNotNull(id_idx) ? f->GetFieldAsString(id_idx) : "")};
    if (id.empty()) {
      loc.fail(k, opt.id_field_, "empty id");
    }
    if (auto const [it, inserted] = first_seen.emplace(id, k); !inserted) {
      loc.fail(k, opt.id_field_, "duplicate id '" + id + "' (first at " + loc.where(it->second) + ")");
    }

    for (auto i = 0U; i != numeric_idx.size(); ++i) {
      auto value = 0.0;
      std::string raw;
      switch (read_number(*f, numeric_idx[i], value, raw)) {
        case number_state::kNumber:
          if (non_negative[i] && value < 0.0) {
            loc.fail(k, opt.numeric_fields_[i], "negative value '" + raw + "', a count must be >= 0");
          }
          break;
        case number_state::kEmpty:
          if (!opt.allow_empty_numeric_ && !opt.empty_numeric_as_nan_) {
            loc.fail(k, opt.numeric_fields_[i], "empty value, a number is required");
          }
          value = opt.empty_numeric_as_nan_ ? std::numeric_limits<double>::quiet_NaN() : 0.0;
          break;
        case number_state::kNotANumber:
          loc.fail(k, opt.numeric_fields_[i], "not a number: '" + raw + "'");
      }
      out.numeric_[i].push_back(value);
    }
    for (auto i = 0U; i != text_idx.size(); ++i) {
      out.text_[i].emplace_back(f->IsFieldSetAndNotNull(text_idx[i]) ? f->GetFieldAsString(text_idx[i]) : "");
    }

    switch (source) {
      case position_source::kGeometry: {
        OGRGeometryUniquePtr g{f->StealGeometry()};
        if (g == nullptr || g->IsEmpty()) {
          loc.fail(k, "", "feature '" + id + "' has no geometry");
        }
        geometries.push_back(std::move(g));
        break;
      }
      case position_source::kColumns: {
        double xy[2] = {0.0, 0.0};
        for (auto const axis : {0, 1}) {
          auto const idx = axis == 0 ? coords.x_ : coords.y_;
          std::string raw;
          auto const state = read_number(*f, idx, xy[axis], raw);
          if (state != number_state::kNumber) {
            loc.fail(k, defn.GetFieldDefn(idx)->GetNameRef(),
                     state == number_state::kEmpty ? "empty coordinate" : "not a number: '" + raw + "'");
          }
        }
        geometries.emplace_back(new OGRPoint{xy[0], xy[1]});
        break;
      }
      case position_source::kGrid: {
        auto const c = parse_grid_id(id);
        if (!c && k == 0U) {
          throw input_error{file +
                            ": no geometry: expected coordinate columns (lon/lat, longitude/latitude or "
                            "x/y) or INSEE grid ids like CRS3035RES200mN2890000E3770000 in field '" +
                            opt.id_field_ + "' (found '" + id + "')"};
        }
        if (!c) {
          loc.fail(k, opt.id_field_, "not an INSEE grid id: '" + id + "'");
        }
        geometries.push_back(grid_square(*c));
        break;
      }
      case position_source::kNone:
        break;
    }
    out.ids_.push_back(std::move(id));
  }
  if (CPLGetLastErrorType() == CE_Failure || CPLGetLastErrorType() == CE_Fatal) {
    throw io_error{file + ": read error after " + loc.where(k) + gdal_detail(file, opt.untrusted_)};
  }
  if (k == 0U) {
    throw input_error{file + ": no features"};
  }

  if (source == position_source::kNone) {
    // A plain table (e.g. an equity summary): no positions asked for.
    out.positions_.assign(out.ids_.size(),
                          latlng{std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()});
    if (opt.keep_polygons_) {
      out.polygons_wkb_.assign(out.ids_.size(), std::string{});
    }
    return out;
  }

  OGRSpatialReference src;
  if (source == position_source::kGrid) {
    src.importFromEPSG(3035);
  } else if (auto const* file_srs = layer->GetSpatialRef(); file_srs != nullptr) {
    src = *file_srs;
  } else if (opt.crs_) {
    if (src.SetFromUserInput(opt.crs_->c_str(), OGRSpatialReference::SET_FROM_USER_INPUT_LIMITATIONS_get()) !=
        OGRERR_NONE) {
      throw input_error{file + ": unknown coordinate system '" + *opt.crs_ + "' (expected e.g. EPSG:2154)"};
    }
  } else {
    // No CRS anywhere: lon/lat is assumed only when every coordinate fits; anything else is an error, not a
    // guess (Lambert-93 read as degrees would land in the ocean without a word).
    for (auto i = 0U; i != geometries.size(); ++i) {
      OGREnvelope e;
      geometries[i]->getEnvelope(&e);
      if (e.MinX < -180.0 || e.MaxX > 180.0 || e.MinY < -90.0 || e.MaxY > 90.0) {
        auto const x = e.MinX < -180.0 || e.MaxX > 180.0 ? (e.MinX < -180.0 ? e.MinX : e.MaxX) : e.MinX;
        auto const y = e.MinY < -90.0 || e.MaxY > 90.0 ? (e.MinY < -90.0 ? e.MinY : e.MaxY) : e.MinY;
        loc.fail(i, "",
                 "coordinates (" + format_number(x) + ", " + format_number(y) +
                     ") are not longitude/latitude and the file has no coordinate system; declare it with --crs "
                     "(e.g. EPSG:2154 for Lambert-93)");
      }
    }
    src = wgs84();
  }
  src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  auto const crs_name = std::string{src.GetName() != nullptr ? src.GetName() : "unnamed CRS"};
  auto const dst = wgs84();
  transform_ptr const ct{OGRCreateCoordinateTransformation(&src, &dst)};
  if (ct == nullptr) {
    throw input_error{file + ": cannot reproject from " + crs_name + " to WGS84" + gdal_detail(file, opt.untrusted_)};
  }

  out.positions_.reserve(geometries.size());
  if (opt.keep_polygons_) {
    out.polygons_wkb_.reserve(geometries.size());
  }
  for (auto i = 0U; i != geometries.size(); ++i) {
    auto g = std::move(geometries[i]);
    auto const type = wkbFlatten(g->getGeometryType());
    bool const polygonal = OGR_GT_IsSubClassOf(type, wkbCurvePolygon) || OGR_GT_IsSubClassOf(type, wkbMultiSurface);
    OGRPoint pos;
    if (type == wkbPoint) {
      pos = *g->toPoint();
    } else if (type == wkbMultiPoint || polygonal) {
      if (g->hasCurveGeometry()) {
        g.reset(g->getLinearGeometry());
      }
      if (g->Centroid(&pos) != OGRERR_NONE) {
        loc.fail(i, "", "cannot compute the centroid of '" + out.ids_[i] + "'" + gdal_detail(file, opt.untrusted_));
      }
      // The centroid of a crescent or of an archipelago can fall outside it; snapping would then pick a
      // street the zone does not touch.
      if (polygonal && !g->Contains(&pos)) {
        OGRGeometryUniquePtr const inside{
            OGRGeometry::FromHandle(OGR_G_PointOnSurface(OGRGeometry::ToHandle(g.get())))};
        if (inside != nullptr && wkbFlatten(inside->getGeometryType()) == wkbPoint && !inside->IsEmpty()) {
          pos = *inside->toPoint();
        }
      }
    } else {
      loc.fail(
          i, "",
          std::string{"unsupported geometry type "} + OGRGeometryTypeToName(type) + " (expected points or polygons)");
    }
    pos.flattenTo2D();
    auto const x = pos.getX();
    auto const y = pos.getY();
    if (pos.transform(ct.get()) != OGRERR_NONE || !is_valid_wgs84(pos.getY(), pos.getX())) {
      loc.fail(i, "",
               "position (" + format_number(x) + ", " + format_number(y) + ") of '" + out.ids_[i] +
                   "' is not a valid longitude/latitude once reprojected from " + crs_name +
                   "; is the coordinate system right?");
    }
    out.positions_.push_back(latlng{pos.getY(), pos.getX()});

    if (opt.keep_polygons_) {
      std::string wkb;
      if (polygonal) {
        if (g->transform(ct.get()) != OGRERR_NONE) {
          loc.fail(i, "", "cannot reproject the polygon of '" + out.ids_[i] + "' from " + crs_name);
        }
        g->flattenTo2D();
        wkb.resize(g->WkbSize());
        g->exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(wkb.data()), wkbVariantIso);
      }
      out.polygons_wkb_.push_back(std::move(wkb));
    }
  }
  return out;
}

vector_layer read_named_polygons(std::filesystem::path const& path, std::optional<std::string> crs,
                                 std::optional<untrusted_file> untrusted) {
  read_options opt;
  opt.untrusted_ = std::move(untrusted);
  opt.id_field_ = "";
  opt.keep_polygons_ = true;
  opt.crs_ = std::move(crs);
  for (auto const* field : {"name", "nom", "libelle"}) {
    opt.text_fields_ = {field};
    try {
      return read_layer(path, opt);
    } catch (input_error const& e) {
      if (std::string{e.what()}.find("field is missing") == std::string::npos) {
        throw;
      }
    }
  }
  opt.text_fields_.clear();
  return read_layer(path, opt);
}

std::string wkb_to_geojson(std::string const& wkb) {
  OGRGeometry* g = nullptr;
  if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &g, wkb.size()) != OGRERR_NONE || g == nullptr) {
    throw input_error{"invalid WKB geometry"};
  }
  OGRGeometryUniquePtr const owned{g};
  char* json = g->exportToJson();
  std::string out{json != nullptr ? json : "null"};
  CPLFree(json);
  return out;
}

std::vector<layer_info> list_layers(fs::path const& p) {
  init_gdal();
  quiet_gdal const quiet;
  auto const ds = open_vector(p, p.string());
  std::vector<layer_info> out;
  for (auto i = 0; i < ds->GetLayerCount(); ++i) {
    auto* layer = ds->GetLayer(i);
    auto const n = layer->GetFeatureCount(TRUE);
    out.push_back(
        layer_info{layer->GetName(), n < 0 ? 0U : static_cast<std::size_t>(n), layer->GetGeomType() != wkbNone});
  }
  return out;
}

}  // namespace solimob::io
