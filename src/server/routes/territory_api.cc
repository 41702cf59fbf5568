// The territorial project: development sectors (GeoJSON polygons; their projects: record_routes.cc).
#include <soci/soci.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/geo.h"
#include "io/file_util.h"
#include "io/vector_io.h"
#include "server/routes/support.h"
#include "server/routes/uploads.h"

namespace solimob::server::routes {

namespace {

void check_polygon(json const& g, std::string const& field) {
  if (!g.is_object() || !g.contains("type") || !g.contains("coordinates") ||
      (g["type"] != "Polygon" && g["type"] != "MultiPolygon")) {
    invalid(field, "expected a GeoJSON Polygon or MultiPolygon geometry");
  }
  // Every position must be lon/lat: a projected file (Lambert-93) is refused, not guessed.
  std::function<void(json const&)> walk = [&](json const& c) {
    if (c.is_array() && c.size() >= 2 && c[0].is_number() && c[1].is_number()) {
      auto const lon = c[0].get<double>(), lat = c[1].get<double>();
      if (!is_valid_wgs84(lat, lon)) {
        invalid(field, "coordinates must be WGS84 longitude/latitude (got " + std::to_string(lon) + ", " +
                           std::to_string(lat) + ")");
      }
      return;
    }
    if (!c.is_array()) {
      invalid(field, "malformed coordinates");
    }
    for (auto const& x : c) {
      walk(x);
    }
  };
  walk(g["coordinates"]);
}

api_response list_sectors(request_context& ctx) {
  json features = json::array();
  soci::rowset<soci::row> rs = ctx.sql_.prepare << "SELECT id, name, description, geometry FROM sector ORDER BY id";
  for (auto const& r : rs) {
    features.push_back({{"type", "Feature"},
                        {"id", as_int(r, 0)},
                        {"properties", {{"id", as_int(r, 0)}, {"name", as_text(r, 1)}, {"description", as_text(r, 2)}}},
                        {"geometry", json::parse(as_text(r, 3).get<std::string>())}});
  }
  return reply(200, {{"type", "FeatureCollection"}, {"features", features}});
}

api_response import_sectors(request_context& ctx) {
  auto const& b = body_object(ctx);
  std::vector<json> features;
  if (b.value("type", "") == "FeatureCollection" && b.contains("features") && b["features"].is_array()) {
    features.assign(b["features"].begin(), b["features"].end());
  } else if (b.value("type", "") == "Feature") {
    features.push_back(b);
  } else {
    invalid("type", "expected a GeoJSON Feature or FeatureCollection");
  }
  if (features.empty()) {
    invalid("features", "no sector in the file");
  }
  auto n = 0;
  for (auto i = 0U; i != features.size(); ++i) {
    auto const& f = features[i];
    auto const field = "features[" + std::to_string(i) + "]";
    if (!f.is_object() || !f.contains("geometry")) {
      invalid(field, "not a GeoJSON Feature");
    }
    check_polygon(f["geometry"], field + ".geometry");
    json const props = f.contains("properties") && f["properties"].is_object() ? f["properties"] : json::object();
    auto name = props.contains("name") && props["name"].is_string() ? props["name"].get<std::string>()
                : props.contains("nom") && props["nom"].is_string() ? props["nom"].get<std::string>()
                                                                    : "Secteur " + std::to_string(i + 1);
    auto description = props.contains("description") && props["description"].is_string()
                           ? props["description"].get<std::string>()
                           : std::string{};
    auto geometry = f["geometry"].dump();
    long long id = 0;
    ctx.sql_ << "INSERT INTO sector (name, description, geometry) VALUES (:n, :d, :g) RETURNING id", soci::use(name),
        soci::use(description), soci::use(geometry), soci::into(id);
    audit(ctx, "create", "sector", id, {{"name", name}});
    ++n;
  }
  return reply(201, {{"created", n}});
}

api_response rename_sector(request_context& ctx) {
  auto const id = ctx.param_id("id");
  require_row(ctx.sql_, "sector", "sector", id);
  auto const& b = body_object(ctx);
  auto name = text(b, "name", true, 300);
  auto description = text(b, "description", false, 5000);
  ctx.sql_ << "UPDATE sector SET name = :n, description = :d WHERE id = :id", soci::use(name), soci::use(description),
      soci::use(id);
  audit(ctx, "update", "sector", id, {{"name", name}});
  return reply(200, {{"id", id}, {"name", name}, {"description", description}});
}

// A GIS file of sectors (GeoPackage, GeoJSON, KML or GML, in any declared coordinate system:
// reprojected to WGS84) sent as base64 in JSON: each polygon becomes a sector, named after its "name",
// "nom" or "libelle" field when it has one. The file is read only with the driver of its extension
// (io::untrusted_file: no VRT, no network, no external references); GDAL's own messages go to the log.
api_response import_sector_file(request_context& ctx) {
  auto const& b = body_object(ctx);
  auto const name = text(b, "name", true, 200);
  static std::map<std::string, std::string> const kDrivers{
      {".gpkg", "GPKG"}, {".geojson", "GeoJSON"}, {".json", "GeoJSON"}, {".kml", "KML"}, {".gml", "GML"}};
  auto const layer = read_upload(b, "name", kDrivers, "a .gpkg, .geojson, .kml or .gml file of polygons",
                                 [](std::filesystem::path const& path, io::untrusted_file const& untrusted) {
                                   return io::read_named_polygons(path, std::nullopt, untrusted);
                                 });
  auto n = 0;
  for (auto i = 0U; i != layer.ids_.size(); ++i) {
    if (layer.polygons_wkb_[i].empty()) {
      invalid("content_base64", "feature " + layer.ids_[i] + " is not a polygon");
    }
    auto sector_name =
        layer.text_.empty() || layer.text_[0][i].empty() ? "Secteur " + layer.ids_[i] : layer.text_[0][i];
    auto geometry = io::wkb_to_geojson(layer.polygons_wkb_[i]);
    std::string description;
    long long id = 0;
    ctx.sql_ << "INSERT INTO sector (name, description, geometry) VALUES (:n, :d, :g) RETURNING id",
        soci::use(sector_name), soci::use(description), soci::use(geometry), soci::into(id);
    audit(ctx, "create", "sector", id, {{"name", sector_name}, {"file", name}});
    ++n;
  }
  return reply(201, {{"created", n}});
}

}  // namespace

void add_territory_api(route_table& s) {
  s.route("GET", "/api/sectors", list_sectors);
  s.route("POST", "/api/sectors", import_sectors);
  s.route("POST", "/api/sectors/import-file", import_sector_file);
  s.route("PUT", "/api/sectors/:id", rename_sector);
  s.route("DELETE", "/api/sectors/:id", [](request_context& ctx) { return delete_row(ctx, "sector", "sector"); });
}

}  // namespace solimob::server::routes
