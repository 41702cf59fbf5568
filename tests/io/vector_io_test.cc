#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <stdlib.h>

#include "core/error.h"
#include "io/vector_io.h"
#include "support/tcp_listener.h"
#include "support/temp_dir.h"

namespace solimob::io {
namespace {

namespace fs = std::filesystem;

using test::temp_dir;

std::string slurp(fs::path const& p) {
  std::ifstream in{p, std::ios::binary};
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

static_assert(std::endian::native == std::endian::little, "the WKB helpers below write and read NDR");

template <typename T>
void put(std::string& out, T v) {
  char buf[sizeof(T)];
  std::memcpy(buf, &v, sizeof(T));
  out.append(buf, sizeof(T));
}

template <typename T>
T get(std::string const& in, std::size_t& pos) {
  T v;
  std::memcpy(&v, in.data() + pos, sizeof(T));
  pos += sizeof(T);
  return v;
}

std::string point_wkb(double lng, double lat) {
  std::string wkb;
  put<std::uint8_t>(wkb, 1U);
  put<std::uint32_t>(wkb, 1U);
  put(wkb, lng);
  put(wkb, lat);
  return wkb;
}

std::string polygon_wkb(std::vector<latlng> const& ring) {
  std::string wkb;
  put<std::uint8_t>(wkb, 1U);
  put<std::uint32_t>(wkb, 3U);
  put<std::uint32_t>(wkb, 1U);
  put(wkb, static_cast<std::uint32_t>(ring.size()));
  for (auto const& p : ring) {
    put(wkb, p.lng_);
    put(wkb, p.lat_);
  }
  return wkb;
}

// Outer ring of a 2D NDR polygon.
std::vector<latlng> outer_ring(std::string const& wkb) {
  std::size_t pos = 0U;
  EXPECT_EQ(get<std::uint8_t>(wkb, pos), 1U);
  EXPECT_EQ(get<std::uint32_t>(wkb, pos), 3U);
  EXPECT_GE(get<std::uint32_t>(wkb, pos), 1U);
  auto const n = get<std::uint32_t>(wkb, pos);
  std::vector<latlng> ring;
  for (auto i = 0U; i != n; ++i) {
    auto const lng = get<double>(wkb, pos);
    auto const lat = get<double>(wkb, pos);
    ring.push_back({lat, lng});
  }
  return ring;
}

template <typename Fn>
std::string error_of(Fn&& fn) {
  try {
    fn();
  } catch (input_error const& e) {
    return e.what();
  }
  ADD_FAILURE() << "no input_error thrown";
  return {};
}

bool contains(std::string const& s, std::string const& part) {
  return s.find(part) != std::string::npos;
}

constexpr auto kStopsCsv = R"(id,lon,lat,pop,name
a,2.3522,48.8566,1200,Paris centre
b,4.8357,45.764,  300 ,Lyon
c,5.3698,43.2965,0.5,"Marseille, Vieux-Port"
)";

read_options stops_options() {
  read_options opt;
  opt.numeric_fields_ = {"pop"};
  opt.text_fields_ = {"name"};
  return opt;
}

table to_table(vector_layer const& l, std::string const& name) {
  table t{name, {{"id", column::type::kText}, {"pop", column::type::kReal}, {"name", column::type::kText}}, {}, {}};
  for (auto i = 0U; i != l.ids_.size(); ++i) {
    t.rows_.push_back({l.ids_[i], l.numeric_[0][i], l.text_[0][i]});
    t.geometry_wkb_.push_back(point_wkb(l.positions_[i].lng_, l.positions_[i].lat_));
  }
  return t;
}

table summary_table() {
  return table{"summary",
               {{"zone", column::type::kText}, {"count", column::type::kInteger}, {"share", column::type::kReal}},
               {{std::string{"north"}, std::int64_t{3}, 0.25}, {std::string{"south"}, std::monostate{}, 0.75}},
               {}};
}

TEST(vector_io, csv_to_gpkg_round_trip) {
  temp_dir const dir;
  auto const csv = read_layer(dir.file("stops.csv", kStopsCsv), stops_options());
  ASSERT_EQ(csv.ids_, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(csv.numeric_[0], (std::vector<double>{1200.0, 300.0, 0.5}));
  EXPECT_EQ(csv.text_[0][2], "Marseille, Vieux-Port");
  EXPECT_DOUBLE_EQ(csv.positions_[1].lat_, 45.764);
  EXPECT_DOUBLE_EQ(csv.positions_[1].lng_, 4.8357);
  EXPECT_TRUE(csv.polygons_wkb_.empty());

  auto const gpkg = dir.path_ / "out.gpkg";
  write_tables(gpkg.string(), {to_table(csv, "stops"), summary_table()});

  auto const layers = list_layers(gpkg);
  ASSERT_EQ(layers.size(), 2U);
  EXPECT_EQ(layers[0].name_, "stops");
  EXPECT_EQ(layers[0].feature_count_, 3U);
  EXPECT_TRUE(layers[0].has_geometry_);
  EXPECT_EQ(layers[1].name_, "summary");
  EXPECT_EQ(layers[1].feature_count_, 2U);
  EXPECT_FALSE(layers[1].has_geometry_);

  // Two layers but only one with geometry: that one is read without naming it.
  auto const back = read_layer(gpkg, stops_options());
  EXPECT_EQ(back.ids_, csv.ids_);
  EXPECT_EQ(back.numeric_, csv.numeric_);
  EXPECT_EQ(back.text_, csv.text_);
  EXPECT_EQ(back.positions_, csv.positions_);
  EXPECT_EQ(dir.listing(), (std::vector<std::string>{"out.gpkg", "stops.csv"}));
}

TEST(vector_io, spreadsheets_have_one_sheet_per_table) {
  for (auto const* ext : {".xlsx", ".ods"}) {
    SCOPED_TRACE(ext);
    temp_dir const dir;
    auto const stops = read_layer(dir.file("stops.csv", kStopsCsv), stops_options());
    auto const out = dir.path_ / (std::string{"out"} + ext);
    write_tables(out.string(), {to_table(stops, "stops"), summary_table()});

    auto const layers = list_layers(out);
    ASSERT_EQ(layers.size(), 2U);
    EXPECT_EQ(layers[0].name_, "stops");
    EXPECT_EQ(layers[0].feature_count_, 3U);
    EXPECT_EQ(layers[1].name_, "summary");
    EXPECT_EQ(layers[1].feature_count_, 2U);

    // Several sheets and none spatial: the sheet must be named.
    EXPECT_TRUE(contains(error_of([&] { read_layer(out, stops_options()); }), "summary"));

    // Points were written as lon/lat columns, which read_layer picks up again.
    auto opt = stops_options();
    opt.layer_ = "stops";
    auto const back = read_layer(out, opt);
    EXPECT_EQ(back.ids_, stops.ids_);
    EXPECT_EQ(back.numeric_, stops.numeric_);
    EXPECT_EQ(back.text_, stops.text_);
    for (auto i = 0U; i != back.positions_.size(); ++i) {
      EXPECT_NEAR(back.positions_[i].lat_, stops.positions_[i].lat_, 1e-12);
      EXPECT_NEAR(back.positions_[i].lng_, stops.positions_[i].lng_, 1e-12);
    }

    read_options summary;
    summary.id_field_ = "zone";
    summary.numeric_fields_ = {"count"};
    summary.layer_ = "summary";
    EXPECT_TRUE(contains(error_of([&] { read_layer(out, summary); }), "no geometry"));
  }
}

TEST(vector_io, french_csv_with_semicolons_and_decimal_commas) {
  temp_dir const dir;
  auto opt = stops_options();
  opt.text_fields_.clear();
  auto const l = read_layer(dir.file("fr.csv", "id;Longitude;Latitude;pop\nA1;2,3522;48,8566;1,5\n"), opt);
  EXPECT_DOUBLE_EQ(l.positions_[0].lng_, 2.3522);
  EXPECT_DOUBLE_EQ(l.positions_[0].lat_, 48.8566);
  EXPECT_DOUBLE_EQ(l.numeric_[0][0], 1.5);
}

// Square zone Z1 (centroid inside), C-shaped zone Z2 whose centroid falls in the notch, and a point.
//   Z2:  +--------+ 48.03
//        |  +-----+ 48.02
//        |  |       <- centroid (2.01357, 48.015) is out here
//        |  +-----+ 48.01
//        +--------+ 48.00
//      2.00 2.01  2.03
constexpr auto kZonesGeojson = R"({"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"id": "Z1", "pop": 10},
  "geometry": {"type": "Polygon", "coordinates": [[[2.0, 48.0], [2.1, 48.0], [2.1, 48.1], [2.0, 48.1], [2.0, 48.0]]]}},
 {"type": "Feature", "properties": {"id": "Z2", "pop": 20},
  "geometry": {"type": "Polygon", "coordinates": [[[2.0, 48.0], [2.03, 48.0], [2.03, 48.01], [2.01, 48.01],
    [2.01, 48.02], [2.03, 48.02], [2.03, 48.03], [2.0, 48.03], [2.0, 48.0]]]}},
 {"type": "Feature", "properties": {"id": "P", "pop": 30},
  "geometry": {"type": "Point", "coordinates": [2.5, 48.5]}}
]})";

TEST(vector_io, geojson_polygons_give_centroids_or_points_on_surface) {
  temp_dir const dir;
  read_options opt;
  opt.numeric_fields_ = {"pop"};
  opt.keep_polygons_ = true;
  auto const l = read_layer(dir.file("zones.geojson", kZonesGeojson), opt);
  ASSERT_EQ(l.ids_, (std::vector<std::string>{"Z1", "Z2", "P"}));
  EXPECT_EQ(l.numeric_[0], (std::vector<double>{10.0, 20.0, 30.0}));

  EXPECT_NEAR(l.positions_[0].lng_, 2.05, 1e-9);
  EXPECT_NEAR(l.positions_[0].lat_, 48.05, 1e-9);

  auto const& c = l.positions_[1];
  auto const in_c = c.lng_ > 2.0 && c.lng_ < 2.03 && c.lat_ > 48.0 && c.lat_ < 48.03 &&
                    (c.lng_ < 2.01 || c.lat_ < 48.01 || c.lat_ > 48.02);
  EXPECT_TRUE(in_c) << c.lng_ << " " << c.lat_;

  EXPECT_EQ(l.positions_[2], (latlng{48.5, 2.5}));
  ASSERT_EQ(l.polygons_wkb_.size(), 3U);
  EXPECT_EQ(outer_ring(l.polygons_wkb_[0]).size(), 5U);
  EXPECT_EQ(outer_ring(l.polygons_wkb_[1]).size(), 9U);
  EXPECT_EQ(l.polygons_wkb_[2], "");
}

TEST(vector_io, lambert93_csv_with_declared_crs) {
  temp_dir const dir;
  read_options opt;
  opt.crs_ = "EPSG:2154";
  auto const l = read_layer(dir.file("l93.csv", "id,x,y\nnotre_dame,652469.02,6862035.26\n"), opt);
  EXPECT_NEAR(l.positions_[0].lng_, 2.3522, 1e-5);
  EXPECT_NEAR(l.positions_[0].lat_, 48.8566, 1e-5);
}

TEST(vector_io, lambert93_csv_without_crs_is_an_error) {
  temp_dir const dir;
  auto const file = dir.file("l93.csv", "id,x,y\nok,2.35,48.85\nnotre_dame,652469.02,6862035.26\n");
  auto const msg = error_of([&] { read_layer(file, read_options{}); });
  EXPECT_TRUE(contains(msg, "l93.csv:3")) << msg;
  EXPECT_TRUE(contains(msg, "--crs")) << msg;
  EXPECT_TRUE(contains(msg, "652469.02")) << msg;
}

TEST(vector_io, insee_grid_ids_give_cell_centres_and_squares) {
  temp_dir const dir;
  read_options opt;
  opt.id_field_ = "Idcar_200m";
  opt.numeric_fields_ = {"Men"};
  opt.keep_polygons_ = true;
  auto const l = read_layer(dir.file("filosofi.csv",
                                     "Idcar_200m,Men\n"
                                     "CRS3035RES200mN2890000E3770000,12.5\n"
                                     "CRS3035RES1000mN2890000E3770000,40\n"),
                            opt);
  // Centre (3770100, 2890100) reprojected with gdaltransform -s_srs EPSG:3035 -t_srs OGC:CRS84.
  EXPECT_NEAR(l.positions_[0].lng_, 2.47790497448529, 1e-8);
  EXPECT_NEAR(l.positions_[0].lat_, 48.8707270708625, 1e-8);

  for (auto const& [i, side_m] : {std::pair{0U, 200.0}, std::pair{1U, 1000.0}}) {
    auto const ring = outer_ring(l.polygons_wkb_[i]);
    ASSERT_EQ(ring.size(), 5U);
    EXPECT_EQ(ring.front(), ring.back());
    auto const a = haversine_m(ring[0], ring[1]);
    auto const b = haversine_m(ring[1], ring[2]);
    EXPECT_NEAR(a, side_m, side_m * 0.005);
    EXPECT_NEAR(b, side_m, side_m * 0.005);
    EXPECT_NEAR(a * b, side_m * side_m, side_m * side_m * 0.01);
  }

  auto const bad = dir.file("bad.csv", "Idcar_200m,Men\nCRS3035RES200mN2890000E3770000,1\nnot_a_cell,2\n");
  EXPECT_TRUE(contains(error_of([&] { read_layer(bad, opt); }), "bad.csv:3 field 'Idcar_200m'"));
}

TEST(vector_io, errors_name_file_line_and_field) {
  temp_dir const dir;
  auto const file = dir.file("pts.csv", "id,lon,lat,pop\na,2.35,48.85,1\nb,2.36,48.86,abc\na,2.37,48.87,\n");
  auto const path = file.string();

  auto opt = stops_options();
  opt.text_fields_.clear();
  opt.numeric_fields_ = {"population"};
  EXPECT_EQ(error_of([&] { read_layer(file, opt); }),
            path + " field 'population': field is missing (available: id, lon, lat, pop)");

  opt.numeric_fields_ = {"pop"};
  EXPECT_EQ(error_of([&] { read_layer(file, opt); }), path + ":3 field 'pop': not a number: 'abc'");

  opt.numeric_fields_.clear();
  EXPECT_EQ(error_of([&] { read_layer(file, opt); }), path + ":4 field 'id': duplicate id 'a' (first at line 2)");

  auto const empty_cell = dir.file("e.csv", "id,lon,lat,pop\na,2.35,48.85,\n");
  opt.numeric_fields_ = {"pop"};
  EXPECT_TRUE(contains(error_of([&] { read_layer(empty_cell, opt); }), "e.csv:2 field 'pop': empty"));
  opt.allow_empty_numeric_ = true;
  EXPECT_EQ(read_layer(empty_cell, opt).numeric_[0][0], 0.0);

  EXPECT_TRUE(
      contains(error_of([&] { read_layer(dir.file("h.csv", "id,lon,lat\n"), read_options{}); }), "h.csv: no features"));
  EXPECT_TRUE(contains(error_of([&] { read_layer(dir.file("c.csv", "id,lon,lat\nx,abc,48\n"), read_options{}); }),
                       "c.csv:2 field 'lon': not a number: 'abc'"));
  EXPECT_TRUE(contains(error_of([&] { read_layer(dir.file("i.csv", "id,lon,lat\n ,2,48\n"), read_options{}); }),
                       "i.csv:2 field 'id': empty id"));
  EXPECT_THROW(read_layer(dir.path_ / "missing.gpkg", read_options{}), io_error);
  EXPECT_THROW(read_layer(dir.file("junk.gpkg", "not a geopackage"), read_options{}), io_error);

  auto const no_geometry = dir.file("g.geojson", R"({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"id": "p1"}, "geometry": {"type": "Point", "coordinates": [2, 48]}},
    {"type": "Feature", "properties": {"id": "p2"}, "geometry": null}]})");
  auto const msg = error_of([&] { read_layer(no_geometry, read_options{}); });
  EXPECT_TRUE(contains(msg, "g.geojson")) << msg;
  EXPECT_TRUE(contains(msg, "feature 2")) << msg;
  EXPECT_TRUE(contains(msg, "'p2'")) << msg;
}

TEST(vector_io, csv_and_geojson_write_one_file_per_table) {
  temp_dir const dir;
  auto const stops = read_layer(dir.file("stops.csv", kStopsCsv), stops_options());
  write_tables((dir.path_ / "out.csv").string(), {to_table(stops, "stops"), summary_table()});
  auto const csv = slurp(dir.path_ / "out.csv");
  EXPECT_TRUE(contains(csv, "id,pop,name,lon,lat\n")) << csv;
  EXPECT_TRUE(contains(slurp(dir.path_ / "out_summary.csv"), "north,3,0.25")) << slurp(dir.path_ / "out_summary.csv");
  EXPECT_EQ(read_layer(dir.path_ / "out.csv", stops_options()).positions_, stops.positions_);

  // Polygons survive GeoJSON; a polygon next to a multipolygon makes a MultiPolygon layer.
  table zones{"zones", {{"id", column::type::kText}}, {{std::string{"sq"}}}, {}};
  zones.geometry_wkb_.push_back(polygon_wkb({{48.0, 2.0}, {48.0, 2.1}, {48.1, 2.1}, {48.1, 2.0}, {48.0, 2.0}}));
  write_tables((dir.path_ / "zones.geojson").string(), {zones});
  read_options opt;
  opt.keep_polygons_ = true;
  auto const back = read_layer(dir.path_ / "zones.geojson", opt);
  EXPECT_NEAR(back.positions_[0].lat_, 48.05, 1e-7);
  EXPECT_NEAR(back.positions_[0].lng_, 2.05, 1e-7);
  EXPECT_EQ(outer_ring(back.polygons_wkb_[0]).size(), 5U);
  EXPECT_EQ(dir.listing(), (std::vector<std::string>{"out.csv", "out_summary.csv", "stops.csv", "zones.geojson"}));
}

TEST(vector_io, malformed_tables_are_rejected) {
  temp_dir const dir;
  auto const out = [&](std::string const& name) { return (dir.path_ / name).string(); };
  auto t = summary_table();
  t.rows_[0][1] = std::string{"three"};
  EXPECT_TRUE(contains(error_of([&] { write_tables(out("t.gpkg"), {t}); }),
                       "table 'summary' row 1: column 'count' is integer but the cell holds text"));
  t = summary_table();
  t.geometry_wkb_ = {point_wkb(2.0, 48.0)};
  EXPECT_TRUE(contains(error_of([&] { write_tables(out("t.gpkg"), {t}); }), "1 geometries for 2 rows"));
  t.geometry_wkb_ = {point_wkb(2.0, 48.0), "garbage"};
  EXPECT_TRUE(contains(error_of([&] { write_tables(out("t.gpkg"), {t}); }), "row 2: invalid WKB"));
  EXPECT_THROW(write_tables(out("t.shp"), {summary_table()}), input_error);
  EXPECT_THROW(write_tables(out("t.gpkg"), {}), input_error);
  EXPECT_THROW(write_tables(out("t.gpkg"), {summary_table(), summary_table()}), input_error);
  auto long_name = summary_table();
  long_name.name_ = "a_sheet_name_longer_than_thirty_one";
  EXPECT_THROW(write_tables(out("t.xlsx"), {long_name}), input_error);
  EXPECT_THROW(write_tables(out("missing/t.gpkg"), {summary_table()}), io_error);
  EXPECT_TRUE(dir.listing().empty());
}

TEST(vector_io, failed_write_leaves_existing_target_untouched) {
  auto bad = summary_table();
  bad.name_ = "bad";
  bad.rows_.push_back({std::string{"east"}, std::int64_t{1}, 0.5, std::string{"one cell too many"}});

  for (auto const* ext : {".gpkg", ".xlsx", ".ods", ".csv", ".geojson"}) {
    SCOPED_TRACE(ext);
    temp_dir const dir;
    auto const target = (dir.path_ / (std::string{"out"} + ext)).string();
    write_tables(target, {summary_table()});
    auto const before = slurp(target);
    auto const listing = dir.listing();

    auto const msg = error_of([&] { write_tables(target, {summary_table(), bad}); });
    EXPECT_TRUE(contains(msg, "table 'bad' row 3 has 4 cells for 3 columns")) << msg;
    EXPECT_TRUE(contains(msg, "out")) << msg;
    EXPECT_EQ(slurp(target), before);
    EXPECT_EQ(dir.listing(), listing);
  }
}

// Files sent to the server (io::untrusted_file) are opened only with the driver of their declared
// format. The trusted reads below show what each file does when GDAL picks the driver itself.
TEST(vector_io, untrusted_file_opens_only_with_its_declared_driver) {
  temp_dir const dir;
  dir.file("secret.csv", "name,wkt\nTOPSECRET42,\"POLYGON((2 48,3 48,3 49,2 48))\"\n");
  auto const vrt = dir.file("secteurs.gpkg", "<OGRVRTDataSource><OGRVRTLayer name=\"secret\"><SrcDataSource>" +
                                                 (dir.path_ / "secret.csv").string() +
                                                 "</SrcDataSource><GeometryField encoding=\"WKT\" field=\"wkt\"/>"
                                                 "</OGRVRTLayer></OGRVRTDataSource>");
  auto const leaked = read_named_polygons(vrt);  // a VRT named .gpkg reads another file
  ASSERT_EQ(leaked.text_.size(), 1U);
  EXPECT_EQ(leaked.text_[0][0], "TOPSECRET42");
  auto const msg = error_of([&] { read_named_polygons(vrt, std::nullopt, untrusted_file{"GPKG"}); });
  EXPECT_EQ(msg, vrt.string() + ": cannot open as a GPKG file");  // no GDAL text

  // A GeoJSON file named .gpkg: read by the GeoJSON driver when trusted, refused as a GeoPackage.
  auto const square =
      std::string{R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"a"},)"
                  R"("geometry":{"type":"Polygon","coordinates":[[[2,48],[3,48],[3,49],[2,48]]]}}]})"};
  auto const disguised = dir.file("autre.gpkg", square);
  EXPECT_EQ(read_named_polygons(disguised).ids_.size(), 1U);
  EXPECT_THROW(read_named_polygons(disguised, std::nullopt, untrusted_file{"GPKG"}), io_error);
  EXPECT_EQ(read_named_polygons(dir.file("ok.geojson", square), std::nullopt, untrusted_file{"GeoJSON"}).ids_.size(),
            1U);

  // Archive and network paths are never opened, whatever they hold.
  EXPECT_THROW(read_named_polygons("/vsizip/" + (dir.path_ / "a.zip").string() + "/a.geojson", std::nullopt,
                                   untrusted_file{"GeoJSON"}),
               io_error);
  EXPECT_THROW(read_named_polygons("/vsicurl/http://127.0.0.1:9/a.geojson", std::nullopt, untrusted_file{"GeoJSON"}),
               io_error);
}

TEST(vector_io, untrusted_file_makes_no_network_request) {
  test::tcp_listener const listener;
  auto const url = "http://127.0.0.1:" + std::to_string(listener.port());
  temp_dir const dir;
  // A CRS "link": GDAL fetches the definition from the URL.
  auto const linked =
      dir.file("lien.geojson", R"({"type":"FeatureCollection","crs":{"type":"link","properties":{"href":")" + url +
                                   R"(/crs","type":"proj4"}},"features":[{"type":"Feature","properties":{"name":"a"},)"
                                   R"("geometry":{"type":"Polygon","coordinates":[[[2,48],[3,48],[3,49],[2,48]]]}}]})");
  // A GML geometry by xlink:href, resolved when the process is configured to resolve them.
  auto const gml = dir.file("xlink.gml", R"(<?xml version="1.0" encoding="utf-8" ?>
<ogr:FeatureCollection xmlns:ogr="http://ogr.maptools.org/" xmlns:gml="http://www.opengis.net/gml" xmlns:xlink="http://www.w3.org/1999/xlink">
<gml:featureMember><ogr:zone fid="zone.0"><ogr:geometryProperty xlink:href=")" +
                                             url +
                                             R"(/geom.gml#g1"/><ogr:name>a</ogr:name></ogr:zone></gml:featureMember>
</ogr:FeatureCollection>)");
  auto const quietly = [](auto&& fn) {
    try {
      fn();
    } catch (input_error const& e) {
      EXPECT_EQ(std::string{e.what()}.find("127.0.0.1"), std::string::npos) << e.what();
    }
  };
  ::setenv("GML_SKIP_RESOLVE_ELEMS", "NONE", 1);  // as a server environment might
  quietly([&] { read_named_polygons(linked, std::nullopt, untrusted_file{"GeoJSON"}); });
  quietly([&] { read_named_polygons(gml, std::nullopt, untrusted_file{"GML"}); });
  std::this_thread::sleep_for(std::chrono::milliseconds{200});
  EXPECT_EQ(listener.connections(), 0);
  // The same files read as the CLI's own: both reach the listener (what the restrictions prevent).
  quietly([&] { read_named_polygons(linked); });
  quietly([&] { read_named_polygons(gml); });
  ::unsetenv("GML_SKIP_RESOLVE_ELEMS");
  std::this_thread::sleep_for(std::chrono::milliseconds{200});
  EXPECT_GE(listener.connections(), 2);
}

}  // namespace
}  // namespace solimob::io
