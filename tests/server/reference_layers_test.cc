#include "server/reference_layers.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/error.h"

namespace solimob::server {
namespace {

using json = nlohmann::json;

std::filesystem::path write_temp(std::string const& name, std::string const& content) {
  auto const p = std::filesystem::temp_directory_path() / name;
  std::ofstream{p} << content;
  return p;
}

TEST(reference_layers, polygons_of_a_declared_crs_are_served_in_lon_lat_with_their_names) {
  // A square of 1 km in Lambert-93 around Bobigny, named in a "libelle" field.
  auto const file = write_temp("solimob-ref-qpv.geojson", R"({"type": "FeatureCollection",
    "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::2154"}},
    "features": [{"type": "Feature", "properties": {"libelle": "QPV Abreuvoir"},
      "geometry": {"type": "Polygon", "coordinates": [[[658000, 6867000], [659000, 6867000], [659000, 6868000],
        [658000, 6868000], [658000, 6867000]]]}}]})");
  auto const layers = read_reference_layers({file.string()});
  std::filesystem::remove(file);
  ASSERT_EQ(layers.size(), 1U);
  EXPECT_EQ(layers[0].name_, "solimob-ref-qpv");
  EXPECT_EQ(layers[0].feature_count_, 1U);
  auto const f = json::parse(layers[0].geojson_)["features"][0];
  EXPECT_EQ(f["properties"]["name"], "QPV Abreuvoir");
  for (auto const& p : f["geometry"]["coordinates"][0]) {
    EXPECT_NEAR(p[0].get<double>(), 2.44, 0.03) << p;
    EXPECT_NEAR(p[1].get<double>(), 48.91, 0.03) << p;
  }
}

TEST(reference_layers, files_without_polygons_or_missing_are_refused) {
  auto const points = write_temp("solimob-ref-points.geojson", R"({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"name": "Gare"}, "geometry": {"type": "Point", "coordinates": [2.4, 48.9]}}]})");
  EXPECT_THROW(read_reference_layers({points.string()}), input_error);
  std::filesystem::remove(points);
  EXPECT_ANY_THROW(read_reference_layers({"/nonexistent/communes.gpkg"}));
}

}  // namespace
}  // namespace solimob::server
