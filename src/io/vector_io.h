#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/geo.h"

// GIS input (vector_read.cc) and output (vector_write.cc) over GDAL/OGR. GDAL headers stay in those
// files and io/detail/gdal.h so that includers compile fast.
namespace solimob::io {

// A file sent by someone else (an upload to the server). GDAL picks its driver from the content, so a
// VRT named .gpkg would open any path or run SQL; such a file is opened only with `driver_` (the one
// its declared format names), never through a /vsi* path, with no network access and no external
// references (GML xlinks and schemas), and the errors thrown carry no GDAL text: GDAL's messages go to
// stderr, for the server's log, not to the sender.
struct untrusted_file {
  std::string driver_;  // GDAL driver short name: "GPKG", "GeoJSON", "KML", "GML"
};

// What to read from a layer. Numeric fields must exist and hold numbers (empty cells -> error unless
// allow_empty_numeric_, then 0); text fields must exist. Field names match case-insensitively, as in OGR.
struct read_options {
  std::string id_field_{"id"};  // must exist; values must be unique and non-empty; "" = the feature ids
  std::vector<std::string> numeric_fields_;
  std::vector<std::string> text_fields_;
  // User-declared CRS ("EPSG:2154") for files that have none; a CRS stored in the file takes precedence.
  std::optional<std::string> crs_;
  bool keep_polygons_{false};        // keep polygon geometries (as WKB, WGS84 lon/lat)
  bool allow_empty_numeric_{false};  // empty numeric cells read as 0
  bool empty_numeric_as_nan_{false};
  // Numeric fields holding counts (population, weights): a negative value is an error naming file, line, field.
  std::vector<std::string> non_negative_fields_;
  // false: a layer without geometry nor coordinate columns is read as a plain table (positions NaN).
  bool require_positions_{true};  // empty numeric cells read as NaN ("no value", e.g. unreachable)
  // false: no positions at all, columns named like coordinates (lon, lat...) read as any other (a
  // form export whose coordinates the caller reads itself, empty cells included).
  bool read_positions_{true};
  // Layer (GeoPackage table, spreadsheet sheet) to read. Empty: the only layer, or the only one with
  // geometry (GeoPackages saved by QGIS often carry an extra "layer_styles" table); otherwise an error.
  std::string layer_;
  std::optional<untrusted_file> untrusted_;  // nullopt: a file of the user running the CLI
};

// Features of a layer in WGS84. position_ is the point itself, or the polygon's centroid
// (PointOnSurface when the centroid falls outside the polygon).
//
// Where positions come from, in order:
// - the layer's geometry (GeoJSON, GeoPackage, Shapefile, CSV with a WKT column...);
// - for layers without geometry (CSV, XLSX, ODS, attribute tables): coordinate columns lon/lat, lng/lat,
//   longitude/latitude or x/y (case-insensitive; decimal comma accepted);
// - otherwise INSEE grid ids in the id field ("CRS3035RES200mN2890000E3770000": lower-left corner in
//   EPSG:3035, cell size from RESxxxm): position = cell centre, polygon = cell square.
// A file without CRS and without crs_ is read as WGS84 lon/lat only if every coordinate is in range.
struct vector_layer {
  std::string source_;  // file name, for messages
  std::vector<std::string> ids_;
  std::vector<latlng> positions_;
  std::vector<std::string> polygons_wkb_;       // empty unless keep_polygons_; "" for point features
  std::vector<std::vector<double>> numeric_;    // [field index in read_options][feature]
  std::vector<std::vector<std::string>> text_;  // [field index][feature]
};

// Throws input_error naming file, line (CSV/XLSX/ODS row) or feature number, and field; io_error when
// the file cannot be opened.
vector_layer read_layer(std::filesystem::path const&, read_options const&);

// The polygons of a layer with their names: the first of the fields "name", "nom" or "libelle"
// that the layer has fills text_[0]; without any, text_ is empty.
vector_layer read_named_polygons(std::filesystem::path const&, std::optional<std::string> crs = std::nullopt,
                                 std::optional<untrusted_file> untrusted = std::nullopt);

struct layer_info {
  std::string name_;
  std::size_t feature_count_{0U};
  bool has_geometry_{false};
};

// A WKB geometry as a GeoJSON geometry object (text).
std::string wkb_to_geojson(std::string const& wkb);

// Layers (sheets, tables) of a file, in the file's order.
std::vector<layer_info> list_layers(std::filesystem::path const&);

// A table to write: one layer (GeoPackage/PostGIS), one sheet (XLSX/ODS), one file (CSV/GeoJSON).
using cell = std::variant<std::monostate, std::int64_t, double, std::string>;  // monostate = NULL
struct column {
  std::string name_;
  enum class type { kInteger, kReal, kText } type_{type::kReal};
};
struct table {
  std::string name_;  // layer / sheet name
  std::vector<column> columns_;
  std::vector<std::vector<cell>> rows_;
  // Optional geometry per row as WKB in WGS84 lon/lat (points or polygons); empty vector = no geometry,
  // "" = NULL geometry for that row.
  std::vector<std::string> geometry_wkb_;
};

// Writes tables to `target`: a path ending in .csv, .geojson, .gpkg, .xlsx, .ods, or a "PG:..." connection
// string.
// - .gpkg / .xlsx / .ods / PG: every table is a layer/sheet of that one target.
// - .csv / .geojson: the first table goes to the path; each further table to "<stem>_<table name>.<ext>"
//   beside it.
// - Formats without geometry (CSV, XLSX, ODS): point geometries become "lon"/"lat" columns appended after
//   the table's columns; polygons are dropped.
// - GeoPackage: geometry column "geom" in EPSG:4326 when the table has geometry, else an attribute table.
// - Cells: int64 may go into real and text columns, double only into real columns (NaN and infinities
//   are written as NULL, since most formats cannot hold them), strings only into text columns.
// Files are written atomically: into temporary files in the same folder, renamed over the targets at the
// end; on any failure nothing is left behind and existing targets stay untouched. PostGIS: all layers in
// one transaction, rolled back on failure; existing tables of the same name are replaced only on success.
// Throws input_error for malformed tables, io_error for failures of GDAL or the file system, both naming
// the target (with any password of a PG: string masked) and carrying GDAL's message.
void write_tables(std::string const& target, std::vector<table> const& tables);

}  // namespace solimob::io
