// Writing tables as GIS layers (vector_io.h): CSV, GeoJSON, GeoPackage, XLSX, ODS, PostGIS.
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

namespace fs = std::filesystem;
using detail::dataset_ptr;
using detail::gdal_message;
using detail::iequals;
using detail::init_gdal;
using detail::lower;
using detail::quiet_gdal;
using detail::wgs84;

namespace {

enum class out_format { kCsv, kGeojson, kGpkg, kXlsx, kOds, kPostgis };

bool is_spatial(out_format f) {
  return f == out_format::kGeojson || f == out_format::kGpkg || f == out_format::kPostgis;
}

bool is_multi_layer(out_format f) {
  return f != out_format::kCsv && f != out_format::kGeojson;
}

char const* driver_name(out_format f) {
  switch (f) {
    case out_format::kCsv:
      return "CSV";
    case out_format::kGeojson:
      return "GeoJSON";
    case out_format::kGpkg:
      return "GPKG";
    case out_format::kXlsx:
      return "XLSX";
    case out_format::kOds:
      return "ODS";
    case out_format::kPostgis:
      return "PostgreSQL";
  }
  return "";
}

// Connection strings may carry a password, and error messages end up in logs.
std::string mask_password(std::string s) {
  auto const pos = lower(s).find("password=");
  if (pos == std::string::npos) {
    return s;
  }
  auto const start = pos + std::string_view{"password="}.size();
  auto end = std::string::npos;
  if (start < s.size() && s[start] == '\'') {
    end = s.find('\'', start + 1);
    end = end == std::string::npos ? s.size() : end + 1;
  } else {
    end = std::min(s.find(' ', start), s.size());
  }
  return s.replace(start, end - start, "***");
}

out_format output_format(std::string const& target) {
  if (target.starts_with("PG:")) {
    return out_format::kPostgis;
  }
  auto const ext = lower(fs::path{target}.extension().string());
  if (ext == ".csv") {
    return out_format::kCsv;
  }
  if (ext == ".geojson") {
    return out_format::kGeojson;
  }
  if (ext == ".gpkg") {
    return out_format::kGpkg;
  }
  if (ext == ".xlsx") {
    return out_format::kXlsx;
  }
  if (ext == ".ods") {
    return out_format::kOds;
  }
  throw input_error{target + ": unsupported output format (expected .csv, .geojson, .gpkg, .xlsx, .ods or PG:...)"};
}

void check_table_names(std::string const& shown, out_format fmt, std::vector<table> const& tables) {
  if (tables.empty()) {
    throw input_error{shown + ": no table to write"};
  }
  for (auto i = 0U; i != tables.size(); ++i) {
    auto const& name = tables[i].name_;
    // The first CSV/GeoJSON table goes to the target itself, so its name is free.
    if (is_multi_layer(fmt) || i != 0U) {
      if (name.empty()) {
        throw input_error{shown + ": table " + std::to_string(i + 1) + " has no name"};
      }
      for (auto j = 0U; j != i; ++j) {
        if (iequals(tables[j].name_, name)) {
          throw input_error{shown + ": two tables named '" + name + "'"};
        }
      }
    }
    if ((fmt == out_format::kCsv || fmt == out_format::kGeojson) && i != 0U &&
        name.find_first_of("/\\") != std::string::npos) {
      throw input_error{shown + ": table name '" + name + "' cannot be part of a file name"};
    }
    // Excel refuses (or "repairs") workbooks with such sheet names.
    if (fmt == out_format::kXlsx || fmt == out_format::kOds) {
      if (name.find_first_of("[]:*?/\\") != std::string::npos) {
        throw input_error{shown + ": sheet name '" + name + "' contains one of []:*?/\\"};
      }
      if (fmt == out_format::kXlsx && name.size() > 31U) {
        throw input_error{shown + ": sheet name '" + name + "' is longer than Excel's 31 characters"};
      }
    }
  }
}

char const* type_name(column::type t) {
  switch (t) {
    case column::type::kInteger:
      return "integer";
    case column::type::kReal:
      return "real";
    case column::type::kText:
      return "text";
  }
  return "";
}

OGRFieldType field_type(column::type t) {
  switch (t) {
    case column::type::kInteger:
      return OFTInteger64;
    case column::type::kReal:
      return OFTReal;
    case column::type::kText:
      return OFTString;
  }
  return OFTString;
}

void write_table(GDALDataset& ds, table const& t, out_format fmt, std::string const& shown) {
  auto const where = [&](std::size_t row) {
    return shown + ": table '" + t.name_ + "' row " + std::to_string(row + 1);
  };
  if (!t.geometry_wkb_.empty() && t.geometry_wkb_.size() != t.rows_.size()) {
    throw input_error{shown + ": table '" + t.name_ + "' has " + std::to_string(t.geometry_wkb_.size()) +
                      " geometries for " + std::to_string(t.rows_.size()) + " rows"};
  }

  std::vector<OGRGeometryUniquePtr> geometries(t.geometry_wkb_.size());
  auto any_point = false;
  auto any_polygon = false;
  auto any_multi_polygon = false;
  auto any_other = false;
  for (auto i = 0U; i != t.geometry_wkb_.size(); ++i) {
    auto const& wkb = t.geometry_wkb_[i];
    if (wkb.empty()) {
      continue;
    }
    OGRGeometry* g = nullptr;
    if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &g, wkb.size()) != OGRERR_NONE || g == nullptr) {
      throw input_error{where(i) + ": invalid WKB geometry"};
    }
    geometries[i].reset(g);
    g->flattenTo2D();
    switch (wkbFlatten(g->getGeometryType())) {
      case wkbPoint:
        any_point = true;
        break;
      case wkbPolygon:
        any_polygon = true;
        break;
      case wkbMultiPolygon:
        any_multi_polygon = true;
        break;
      default:
        any_other = true;
    }
  }

  auto const spatial = is_spatial(fmt) && !t.geometry_wkb_.empty();
  auto geometry_type = wkbNone;
  if (spatial) {
    auto const any_polygonal = any_polygon || any_multi_polygon;
    geometry_type = any_other || (any_point && any_polygonal) ? wkbUnknown
                    : any_point                               ? wkbPoint
                    : any_multi_polygon                       ? wkbMultiPolygon
                    : any_polygon                             ? wkbPolygon
                                                              : wkbUnknown;
  }
  auto const lon_lat_columns = !is_spatial(fmt) && any_point;

  CPLStringList options;
  if (fmt == out_format::kPostgis) {
    // Inside our transaction: the old table is dropped only if everything commits.
    options.SetNameValue("OVERWRITE", "YES");
    options.SetNameValue("GEOMETRY_NAME", "geom");
  }
  if (fmt == out_format::kGeojson) {
    options.SetNameValue("RFC7946", "YES");
  }
  if (fmt == out_format::kCsv) {
    // The default (IF_AMBIGUOUS) quotes Integer64 values in GDAL 3.6, which spreadsheets then read as text.
    options.SetNameValue("STRING_QUOTING", "IF_NEEDED");
  }
  auto srs = wgs84();
  auto* layer = ds.CreateLayer(t.name_.c_str(), spatial ? &srs : nullptr, geometry_type, options.List());
  if (layer == nullptr) {
    throw io_error{shown + ": cannot create layer '" + t.name_ + "': " + gdal_message()};
  }
  for (auto const& c : t.columns_) {
    if (lon_lat_columns && (iequals(c.name_, "lon") || iequals(c.name_, "lat"))) {
      throw input_error{shown + ": table '" + t.name_ + "' has a column '" + c.name_ +
                        "', which clashes with the coordinate columns written for its points"};
    }
    OGRFieldDefn field{c.name_.c_str(), field_type(c.type_)};
    if (layer->CreateField(&field) != OGRERR_NONE) {
      throw io_error{shown + ": cannot create column '" + c.name_ + "' in '" + t.name_ + "': " + gdal_message()};
    }
  }
  // Fields are addressed by creation order: drivers may rename them (PostGIS lower-cases names).
  auto const n_columns = static_cast<int>(t.columns_.size());
  auto const lon_idx = n_columns;
  auto const lat_idx = n_columns + 1;
  for (auto const* name : {"lon", "lat"}) {
    OGRFieldDefn field{name, OFTReal};
    if (lon_lat_columns && layer->CreateField(&field) != OGRERR_NONE) {
      throw io_error{shown + ": cannot create column '" + name + "' in '" + t.name_ + "': " + gdal_message()};
    }
  }
  auto* defn = layer->GetLayerDefn();
  if (defn->GetFieldCount() != n_columns + (lon_lat_columns ? 2 : 0)) {
    throw io_error{shown + ": layer '" + t.name_ + "' got " + std::to_string(defn->GetFieldCount()) +
                   " columns instead of " + std::to_string(n_columns) + " (is a column named like the FID?)"};
  }

  for (auto r = 0U; r != t.rows_.size(); ++r) {
    auto const& row = t.rows_[r];
    if (row.size() != t.columns_.size()) {
      throw input_error{where(r) + " has " + std::to_string(row.size()) + " cells for " +
                        std::to_string(t.columns_.size()) + " columns"};
    }
    OGRFeatureUniquePtr const f{OGRFeature::CreateFeature(defn)};
    for (auto c = 0; c != n_columns; ++c) {
      auto const& v = row[static_cast<std::size_t>(c)];
      auto const& col = t.columns_[static_cast<std::size_t>(c)];
      auto const mismatch = [&](char const* held) {
        return input_error{where(r) + ": column '" + col.name_ + "' is " + type_name(col.type_) +
                           " but the cell holds " + held};
      };
      if (std::holds_alternative<std::monostate>(v)) {
        f->SetFieldNull(c);
      } else if (auto const* i = std::get_if<std::int64_t>(&v)) {
        switch (col.type_) {
          case column::type::kInteger:
            f->SetField(c, static_cast<GIntBig>(*i));
            break;
          case column::type::kReal:
            f->SetField(c, static_cast<double>(*i));
            break;
          case column::type::kText:
            f->SetField(c, std::to_string(*i).c_str());
            break;
        }
      } else if (auto const* d = std::get_if<double>(&v)) {
        if (col.type_ != column::type::kReal) {
          throw mismatch("a real number");
        }
        if (std::isfinite(*d)) {
          f->SetField(c, *d);
        } else {
          f->SetFieldNull(c);
        }
      } else {
        if (col.type_ != column::type::kText) {
          throw mismatch("text");
        }
        f->SetField(c, std::get<std::string>(v).c_str());
      }
    }
    if (r < geometries.size() && geometries[r] != nullptr) {
      auto g = std::move(geometries[r]);
      auto const type = wkbFlatten(g->getGeometryType());
      if (spatial) {
        if (geometry_type == wkbMultiPolygon && type == wkbPolygon) {
          g.reset(OGRGeometryFactory::forceToMultiPolygon(g.release()));
        }
        f->SetGeometryDirectly(g.release());
      } else if (lon_lat_columns && type == wkbPoint) {
        f->SetField(lon_idx, g->toPoint()->getX());
        f->SetField(lat_idx, g->toPoint()->getY());
      }
    }
    if (lon_lat_columns && !f->IsFieldSetAndNotNull(lon_idx)) {
      f->SetFieldNull(lon_idx);
      f->SetFieldNull(lat_idx);
    }
    if (layer->CreateFeature(f.get()) != OGRERR_NONE) {
      throw io_error{where(r) + ": cannot write: " + gdal_message()};
    }
  }
}

void write_layers(GDALDataset& ds, std::vector<table const*> const& tables, out_format fmt, std::string const& shown) {
  // GeoPackage: one transaction instead of one per row (orders of magnitude faster). PostGIS: all or nothing.
  bool const transactional = fmt == out_format::kGpkg || fmt == out_format::kPostgis;
  if (transactional && ds.StartTransaction() != OGRERR_NONE) {
    throw io_error{shown + ": cannot start a transaction: " + gdal_message()};
  }
  try {
    for (auto const* t : tables) {
      write_table(ds, *t, fmt, shown);
    }
  } catch (...) {
    if (transactional) {
      ds.RollbackTransaction();
    }
    throw;
  }
  if (transactional && ds.CommitTransaction() != OGRERR_NONE) {
    throw io_error{shown + ": cannot commit: " + gdal_message()};
  }
}

// Closes explicitly: XLSX and ODS are only written out at close, so that is where disk-full shows up.
void close_checked(dataset_ptr ds, std::string const& shown) {
  CPLErrorReset();
  GDALClose(GDALDataset::ToHandle(ds.release()));
  if (CPLGetLastErrorType() == CE_Failure || CPLGetLastErrorType() == CE_Fatal) {
    throw io_error{shown + ": cannot write: " + gdal_message()};
  }
}

fs::path temp_path_for(fs::path const& target) {
  static std::atomic<unsigned> counter{0U};
  // Hidden, and keeping the extension: some drivers (XLSX, GPKG) check it.
  auto name = "." + target.stem().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
              std::to_string(counter.fetch_add(1U)) + target.extension().string();
  return target.parent_path() / name;
}

void write_files(std::string const& target, std::vector<table> const& tables, out_format fmt) {
  auto* driver = GetGDALDriverManager()->GetDriverByName(driver_name(fmt));
  if (driver == nullptr) {
    throw io_error{target + ": GDAL has no " + driver_name(fmt) + " driver"};
  }
  fs::path const base{target};
  std::error_code ec;
  if (!base.parent_path().empty() && !fs::is_directory(base.parent_path(), ec)) {
    throw io_error{target + ": folder " + base.parent_path().string() + " does not exist"};
  }

  // One output file per entry: all tables of a multi-layer format, or one table each.
  struct output {
    fs::path final_;
    std::vector<table const*> tables_;
    fs::path temp_{};
  };
  std::vector<output> outputs;
  if (is_multi_layer(fmt)) {
    outputs.push_back(output{base, {}});
    for (auto const& t : tables) {
      outputs.back().tables_.push_back(&t);
    }
  } else {
    for (auto i = 0U; i != tables.size(); ++i) {
      auto const path =
          i == 0U ? base
                  : base.parent_path() / (base.stem().string() + "_" + tables[i].name_ + base.extension().string());
      outputs.push_back(output{path, {&tables[i]}});
    }
  }

  auto const remove_temps = [&] {
    for (auto const& o : outputs) {
      if (o.temp_.empty()) {
        continue;
      }
      for (auto const* suffix : {"", "-journal", "-wal", "-shm"}) {
        std::error_code ignored;
        fs::remove(o.temp_.string() + suffix, ignored);
      }
    }
  };
  try {
    for (auto& o : outputs) {
      o.temp_ = temp_path_for(o.final_);
      auto const shown = o.final_.string();
      dataset_ptr ds{driver->Create(o.temp_.c_str(), 0, 0, 0, GDT_Unknown, nullptr)};
      if (ds == nullptr) {
        throw io_error{shown + ": cannot create: " + gdal_message()};
      }
      write_layers(*ds, o.tables_, fmt, shown);
      close_checked(std::move(ds), shown);
    }
    // Renames last, so that a failure anywhere above leaves every target as it was.
    for (auto const& o : outputs) {
      fs::rename(o.temp_, o.final_);
    }
  } catch (fs::filesystem_error const& e) {
    remove_temps();
    throw io_error{target + ": cannot replace the file: " + e.what()};
  } catch (...) {
    remove_temps();
    throw;
  }
}

void write_postgis(std::string const& target, std::vector<table> const& tables) {
  auto const shown = mask_password(target);
  dataset_ptr const ds{GDALDataset::Open(target.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE | GDAL_OF_VERBOSE_ERROR,
                                         nullptr, nullptr, nullptr)};
  if (ds == nullptr) {
    throw io_error{shown + ": cannot connect: " + gdal_message()};
  }
  std::vector<table const*> all;
  auto any_geometry = false;
  for (auto const& t : tables) {
    all.push_back(&t);
    any_geometry = any_geometry || !t.geometry_wkb_.empty();
  }
  // Without the PostGIS extension GDAL silently stores geometries as bytea, which QGIS cannot display.
  if (any_geometry) {
    auto* result = ds->ExecuteSQL("SELECT postgis_version()", nullptr, nullptr);
    if (result == nullptr) {
      throw io_error{shown + ": the database has no PostGIS extension (CREATE EXTENSION postgis): " + gdal_message()};
    }
    ds->ReleaseResultSet(result);
  }
  write_layers(*ds, all, out_format::kPostgis, shown);
}

}  // namespace

void write_tables(std::string const& target, std::vector<table> const& tables) {
  init_gdal();
  quiet_gdal const quiet;
  auto const fmt = output_format(target);
  auto const shown = fmt == out_format::kPostgis ? mask_password(target) : target;
  check_table_names(shown, fmt, tables);
  if (fmt == out_format::kPostgis) {
    write_postgis(target, tables);
  } else {
    write_files(target, tables, fmt);
  }
}

}  // namespace solimob::io
