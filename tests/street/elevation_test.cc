#include "street/elevation.h"

#include <cmath>
#include <filesystem>
#include <string>

#include "gtest/gtest.h"

#include "gdal_priv.h"
#include "ogr_spatialref.h"

#include "core/error.h"
#include "support/temp_dir.h"

using namespace solimob;
using namespace solimob::street;

namespace {

// UTM 22S (EPSG:32722), Porto Alegre's zone; 200 x 200 pixels of 5 m from (499000, 6680000) down to
// (500000, 6679000). Pixel centres hold z = 0.05 x (x from the raster's west edge): a plane rising 5 %
// to the east, which bilinear interpolation reproduces exactly.
constexpr double kX0 = 499000.0, kY0 = 6680000.0, kPx = 5.0;
constexpr int kN = 200;

std::filesystem::path write_plane(test::temp_dir const& dir, std::string const& name, bool with_crs) {
  GDALAllRegister();
  auto const path = dir.path_ / name;
  auto* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
  auto* ds = drv->Create(path.string().c_str(), kN, kN, 1, GDT_Float32, nullptr);
  double gt[6] = {kX0, kPx, 0, kY0, 0, -kPx};
  ds->SetGeoTransform(gt);
  if (with_crs) {
    OGRSpatialReference srs;
    srs.importFromEPSG(32722);
    ds->SetSpatialRef(&srs);
  }
  std::vector<float> z(kN * kN);
  for (auto row = 0; row != kN; ++row) {
    for (auto col = 0; col != kN; ++col) {
      z[row * kN + col] = static_cast<float>(0.05 * (col + 0.5) * kPx);
    }
  }
  EXPECT_EQ(ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, kN, kN, z.data(), kN, kN, GDT_Float32, 0, 0), CE_None);
  GDALClose(ds);
  return path;
}

latlng utm_to_latlng(double x, double y) {
  OGRSpatialReference utm, wgs;
  utm.importFromEPSG(32722);
  wgs.SetWellKnownGeogCS("WGS84");
  utm.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  auto* ct = OGRCreateCoordinateTransformation(&utm, &wgs);
  ct->Transform(1, &x, &y);
  OGRCoordinateTransformation::DestroyCT(ct);
  return {y, x};
}

// Edge 0: east-west, 100 m going east from (499500, 6679500); edge 1: north-south, 100 m going north.
street_graph plane_graph() {
  street_graph g;
  auto const a = g.add_node(utm_to_latlng(499500, 6679500));
  auto const b = g.add_node(utm_to_latlng(499600, 6679500));
  auto const c = g.add_node(utm_to_latlng(499500, 6679600));
  g.add_edge(a, b);
  g.add_edge(a, c);
  g.finalize();
  return g;
}

}  // namespace

TEST(elevation, tilted_plane) {
  test::temp_dir dir;
  auto const dem = write_plane(dir, "plane.tif", true);
  auto g = plane_graph();
  auto const sum = add_slopes(g, dem);
  EXPECT_EQ(sum.sampled_edges_, 2U);
  EXPECT_EQ(sum.edges_without_data_, 0U);
  EXPECT_EQ(sum.max_grade_permille_, 50);
  ASSERT_EQ(g.edge_slope_.size(), 2U);

  // East: every slice rises 5 % (grades differ from 0.05 by < 0.3 %: UTM scale and the spherical length).
  // Tobler forward = speed(0) / speed(0.05) = exp(-3.5 x 0.05) / exp(-3.5 x 0.10) = exp(0.175) = 1.19125
  // -> 1191; backward = speed(0) / speed(-0.05) = exp(-0.175) / exp(0) = 0.83946 -> 839.
  // Wheelchair forward = 1 + 10 x 0.05 = 1.5 -> 1500; backward is downhill -> 1000.
  auto const& ew = g.edge_slope_[edge_idx{0U}];
  EXPECT_NEAR(ew.tobler_forward_, 1191, 2);
  EXPECT_NEAR(ew.tobler_backward_, 839, 2);
  EXPECT_NEAR(ew.wheelchair_forward_, 1500, 3);
  EXPECT_EQ(ew.wheelchair_backward_, 1000);
  EXPECT_EQ(ew.max_up_forward_permille_, 50);
  EXPECT_EQ(ew.max_up_backward_permille_, 0);

  // North: along a contour line, flat.
  auto const& ns = g.edge_slope_[edge_idx{1U}];
  EXPECT_EQ(ns.tobler_forward_, 1000);
  EXPECT_EQ(ns.tobler_backward_, 1000);
  EXPECT_EQ(ns.wheelchair_forward_, 1000);
  EXPECT_EQ(ns.wheelchair_backward_, 1000);
  EXPECT_EQ(ns.max_up_forward_permille_, 0);
  EXPECT_EQ(ns.max_up_backward_permille_, 0);
}

TEST(elevation, outside_raster_is_flat_and_counted) {
  test::temp_dir dir;
  auto const dem = write_plane(dir, "plane.tif", true);
  street_graph g;
  // 2 km east of the raster's east edge (x = 500000).
  auto const a = g.add_node(utm_to_latlng(502000, 6679500));
  auto const b = g.add_node(utm_to_latlng(502100, 6679500));
  g.add_edge(a, b);
  g.finalize();
  auto const sum = add_slopes(g, dem);
  EXPECT_EQ(sum.edges_without_data_, 1U);
  EXPECT_EQ(g.edge_slope_[edge_idx{0U}].tobler_forward_, 1000);
  EXPECT_EQ(g.edge_slope_[edge_idx{0U}].max_up_forward_permille_, 0);
}

TEST(elevation, no_crs_needs_a_declared_one) {
  test::temp_dir dir;
  auto const dem = write_plane(dir, "nocrs.tif", false);
  auto g = plane_graph();
  try {
    add_slopes(g, dem);
    FAIL() << "expected input_error";
  } catch (input_error const& e) {
    EXPECT_NE(std::string{e.what()}.find("nocrs.tif"), std::string::npos) << e.what();
    EXPECT_NE(std::string{e.what()}.find("declares no coordinate system"), std::string::npos) << e.what();
  }
  auto const sum = add_slopes(g, dem, std::string{"EPSG:32722"});
  EXPECT_EQ(sum.edges_without_data_, 0U);
  EXPECT_EQ(g.edge_slope_[edge_idx{0U}].max_up_forward_permille_, 50);
}

TEST(elevation, only_geotiff_is_opened) {
  test::temp_dir dir;
  auto const vrt = dir.file("hostile.vrt", R"(<VRTDataset rasterXSize="10" rasterYSize="10">
  <VRTRasterBand dataType="Byte" band="1">
    <SimpleSource><SourceFilename relativeToVRT="0">/etc/passwd</SourceFilename><SourceBand>1</SourceBand></SimpleSource>
  </VRTRasterBand>
</VRTDataset>
)");
  auto g = plane_graph();
  EXPECT_THROW(add_slopes(g, vrt), input_error);
  // The same content under a .tif name is refused too: only the GTiff driver may open it.
  auto const tif = dir.file("hostile.tif", "<VRTDataset rasterXSize=\"10\" rasterYSize=\"10\"></VRTDataset>\n");
  EXPECT_THROW(add_slopes(g, tif), input_error);
  EXPECT_THROW(add_slopes(g, std::filesystem::path{"/vsicurl/http://example.com/dem.tif"}), input_error);
}

TEST(elevation, poa_dem) {
  auto const dem = std::filesystem::path{SOLIMOB_SHARED_DIR} / "data/poa/poa_elevation.tif";
  if (!std::filesystem::exists(dem)) {
    GTEST_SKIP() << "no POA DEM at " << dem;
  }
  street_graph g;
  // A few ~200 m edges around the centre of Porto Alegre, within the DEM's extent
  // (lng -51.255..-51.140, lat -30.110..-29.998).
  auto const a = g.add_node({-30.0300, -51.2200});
  auto const b = g.add_node({-30.0300, -51.2180});
  auto const c = g.add_node({-30.0282, -51.2200});
  auto const d = g.add_node({-30.0500, -51.1800});
  auto const e = g.add_node({-30.0520, -51.1790});
  g.add_edge(a, b);
  g.add_edge(a, c);
  g.add_edge(d, e);
  g.add_edge(b, c);
  g.finalize();
  auto const sum = add_slopes(g, dem);
  EXPECT_EQ(sum.sampled_edges_, 4U);
  EXPECT_EQ(sum.edges_without_data_, 0U);
  // Plausible for a city street: factors between Tobler's fastest (0.84) and a 30 % grade.
  for (auto const& s : g.edge_slope_) {
    EXPECT_GE(s.tobler_forward_, 830);
    EXPECT_LE(s.tobler_forward_, 3000);
    EXPECT_GE(s.wheelchair_forward_, 1000);
    EXPECT_LE(s.wheelchair_forward_, 4000);
    EXPECT_GE(s.max_up_forward_permille_, 0);
    EXPECT_LE(s.max_up_forward_permille_, 300);
  }
}
