#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <string>

#include "gdal_priv.h"
#include "ogr_spatialref.h"
#include "ogrsf_frmts.h"

#include "demo/demo_generator.h"
#include "geometry/geometry.h"
#include "io/csv_reader.h"
#include "io/file_util.h"
#include "network/network.h"
#include "ondemand/service.h"
#include "scenario/scenario.h"
#include "support/temp_dir.h"

namespace solimob::test {
namespace {

namespace fs = std::filesystem;

// One generated territory shared by the tests of this file (generation takes about a second).
class demo_layers : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<temp_dir>();
    demo::generate(SOLIMOB_DEMO_DIR, dir_->path_ / "a");
    GDALAllRegister();
  }
  static void TearDownTestSuite() { dir_.reset(); }
  static fs::path out() { return dir_->path_ / "a"; }

  struct dataset_close {
    void operator()(GDALDataset* ds) const { GDALClose(GDALDataset::ToHandle(ds)); }
  };
  using dataset_ptr = std::unique_ptr<GDALDataset, dataset_close>;

  static dataset_ptr open(fs::path const& p) {
    return dataset_ptr{GDALDataset::Open(p.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY)};
  }

  static std::unique_ptr<temp_dir> dir_;
};

std::unique_ptr<temp_dir> demo_layers::dir_;

TEST_F(demo_layers, a_second_run_writes_the_same_bytes) {
  demo::generate(SOLIMOB_DEMO_DIR, dir_->path_ / "b");
  for (auto const* f :
       {"population.gpkg", "qpv.geojson", "communes.geojson", "ept.geojson", "equipements.csv", "emplois.csv",
        "on_demand.json", "territory.toml", "gtfs.zip", "scenarios/gpe_15_est.json", "scenarios/gpe_16.json",
        "scenarios/gpe_17.json", "scenarios/gares_accessibles.json", "scenarios/bus_frequence.json"}) {
    EXPECT_EQ(io::read_file(out() / f), io::read_file(dir_->path_ / "b" / f)) << f;
  }
}

// Expected totals come from the reference file itself (INSEE populations), not from the generator.
TEST_F(demo_layers, grid_totals_per_commune_equal_the_insee_populations) {
  auto const content = io::read_file(fs::path{SOLIMOB_DEMO_DIR} / "communes-93.csv");
  io::csv_reader csv{"communes-93.csv", content};
  auto const code = csv.required_column("code_insee");
  auto const pop = csv.required_column("population");
  std::map<std::string, long long> expected;
  while (csv.next()) {
    expected[std::string{csv.field(code)}] = csv.get_int(pop);
  }
  ASSERT_EQ(expected.size(), 39U);

  auto const ds = open(out() / "population.gpkg");
  ASSERT_TRUE(ds);
  auto* layer = ds->GetLayerByName("filosofi_200m");
  ASSERT_NE(layer, nullptr);
  std::map<std::string, long long> got;
  long long sum_ages_mismatch = 0;
  for (OGRFeatureUniquePtr f{layer->GetNextFeature()}; f; f.reset(layer->GetNextFeature())) {
    auto const ind = f->GetFieldAsDouble("Ind");
    EXPECT_EQ(ind, std::floor(ind));  // whole people
    EXPECT_GT(ind, 0.0);              // cells only where people live
    got[f->GetFieldAsString("synth_code_insee")] += static_cast<long long>(ind);
    // Age bands partition Ind (Ind_inc = 0), and Ind_65p = Ind_65_79 + Ind_80p.
    double ages = 0.0;
    for (auto const* a : {"Ind_0_3", "Ind_4_5", "Ind_6_10", "Ind_11_17", "Ind_18_24", "Ind_25_39", "Ind_40_54",
                          "Ind_55_64", "Ind_65_79", "Ind_80p", "Ind_inc"}) {
      ages += f->GetFieldAsDouble(a);
    }
    sum_ages_mismatch += ages != ind ? 1 : 0;
    EXPECT_EQ(f->GetFieldAsDouble("Ind_65p"), f->GetFieldAsDouble("Ind_65_79") + f->GetFieldAsDouble("Ind_80p"));
    EXPECT_LE(f->GetFieldAsDouble("Men_pauv"), f->GetFieldAsDouble("Men"));
    EXPECT_LE(f->GetFieldAsDouble("synth_fauteuil"), f->GetFieldAsDouble("synth_handicap"));
  }
  EXPECT_EQ(sum_ages_mismatch, 0);
  EXPECT_EQ(got, expected);
}

// Idcar_200m = "CRS3035RES200mN<y>E<x>", the LAEA lower-left corner; checked against the geometry
// itself: its first vertex taken back from Lambert-93 to EPSG:3035 must be that corner.
TEST_F(demo_layers, cell_ids_are_unique_inspire_ids_of_their_lower_left_corner) {
  auto const ds = open(out() / "population.gpkg");
  ASSERT_TRUE(ds);
  auto* layer = ds->GetLayerByName("filosofi_200m");
  ASSERT_NE(layer, nullptr);
  auto const* srs = layer->GetSpatialRef();
  ASSERT_NE(srs, nullptr);  // the GeoPackage declares its CRS
  ASSERT_NE(srs->GetAuthorityCode(nullptr), nullptr);
  EXPECT_STREQ(srs->GetAuthorityCode(nullptr), "2154");
  OGRSpatialReference laea;
  laea.importFromEPSG(3035);
  laea.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRSpatialReference l93;
  l93.importFromEPSG(2154);
  l93.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> ct{OGRCreateCoordinateTransformation(&l93, &laea)};
  ASSERT_TRUE(ct);
  std::regex const id_re{R"(CRS3035RES200mN(\d{7})E(\d{7}))"};
  std::set<std::string> ids;
  std::size_t n = 0;
  for (OGRFeatureUniquePtr f{layer->GetNextFeature()}; f; f.reset(layer->GetNextFeature()), ++n) {
    std::string const id = f->GetFieldAsString("Idcar_200m");
    std::smatch m;
    ASSERT_TRUE(std::regex_match(id, m, id_re)) << id;
    auto const y = std::stoll(m[1]);
    auto const x = std::stoll(m[2]);
    EXPECT_EQ(y % 200, 0) << id;
    EXPECT_EQ(x % 200, 0) << id;
    EXPECT_TRUE(ids.insert(id).second) << "duplicate " << id;
    // The 1 km id is the 200 m corner rounded down to the kilometre.
    EXPECT_EQ(std::string{f->GetFieldAsString("Idcar_1km")},
              "CRS3035RES1000mN" + std::to_string(y / 1000 * 1000) + "E" + std::to_string(x / 1000 * 1000));
    auto const* poly = f->GetGeometryRef()->toPolygon();
    double px = poly->getExteriorRing()->getX(0);
    double py = poly->getExteriorRing()->getY(0);
    ASSERT_TRUE(ct->Transform(1, &px, &py));
    EXPECT_NEAR(px, static_cast<double>(x), 0.05) << id;  // coordinates are stored to the centimetre
    EXPECT_NEAR(py, static_cast<double>(y), 0.05) << id;
  }
  // 236 km2 at 25 cells per km2 is about 5,900 cells; parks, airports and empty cells take a share.
  EXPECT_GT(n, 3000U);
  EXPECT_LT(n, 5900U);
}

// Every cell centre lies in the département; the IGN département outline is simplified, so it is
// buffered by 150 m (less than a cell) for the test.
TEST_F(demo_layers, every_cell_lies_in_the_departement) {
  auto const dept = open(fs::path{SOLIMOB_DEMO_DIR} / "departement-93-ign-2018.geojson");
  ASSERT_TRUE(dept);
  OGRFeatureUniquePtr df{dept->GetLayer(0)->GetNextFeature()};
  ASSERT_TRUE(df);
  OGRSpatialReference wgs;
  wgs.importFromEPSG(4326);
  wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRSpatialReference l93;
  l93.importFromEPSG(2154);
  l93.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRGeometry> outline{df->GetGeometryRef()->clone()};
  outline->assignSpatialReference(&wgs);
  ASSERT_EQ(outline->transformTo(&l93), OGRERR_NONE);
  std::unique_ptr<OGRGeometry> buffered{outline->Buffer(150.0)};
  auto const ds = open(out() / "population.gpkg");
  ASSERT_TRUE(ds);
  auto* layer = ds->GetLayerByName("filosofi_200m");
  std::size_t outside = 0;
  for (OGRFeatureUniquePtr f{layer->GetNextFeature()}; f; f.reset(layer->GetNextFeature())) {
    OGRPoint c;
    ASSERT_EQ(f->GetGeometryRef()->Centroid(&c), OGRERR_NONE);
    outside += buffered->Contains(&c) ? 0 : 1;
  }
  EXPECT_EQ(outside, 0U);
}

TEST_F(demo_layers, scenarios_and_on_demand_pass_the_checks_against_the_demo_network) {
  gtfs::report report;
  auto const net = network::build(out() / "streets.osm.pbf", {out() / "gtfs.zip"}, {}, report);
  EXPECT_EQ(report.count(gtfs::severity::kError), 0U);
  auto const services = ondemand::read_services(out() / "on_demand.json");
  ASSERT_EQ(services.size(), 2U);
  for (auto const* f :
       {"gpe_15_est.json", "gpe_16.json", "gpe_17.json", "gares_accessibles.json", "bus_frequence.json"}) {
    auto const p = out() / "scenarios" / f;
    auto const s = scenario::read(p);
    EXPECT_FALSE(s.modifications_.empty()) << f;
    EXPECT_NO_THROW(scenario::check(s, net, services, p.string())) << f;
  }
}

// Every path territory.toml names (key = "file" or a list of them) exists beside it.
TEST_F(demo_layers, territory_toml_names_existing_files) {
  auto const toml = io::read_file(out() / "territory.toml");
  std::regex const key_re{R"re(^(file|osm|on_demand|gtfs)\s*=\s*(.*)$)re", std::regex::multiline};
  std::regex const str_re{R"re("([^"]*)")re"};
  std::size_t n = 0;
  for (std::sregex_iterator it{toml.begin(), toml.end(), key_re}, end; it != end; ++it) {
    auto const value = (*it)[2].str();
    for (std::sregex_iterator s{value.begin(), value.end(), str_re}, e; s != e; ++s, ++n) {
      EXPECT_TRUE(fs::exists(out() / (*s)[1].str())) << (*s)[1].str();
    }
  }
  // osm, gtfs, on_demand, population, services, jobs, 3 zone files, 5 scenarios.
  EXPECT_EQ(n, 14U);
  EXPECT_NE(toml.find("synthetic = \"Données synthétiques"), std::string::npos);
}

TEST_F(demo_layers, services_use_the_announced_type_codes_and_jobs_total_600000) {
  auto const content = io::read_file(out() / "equipements.csv");
  io::csv_reader csv{"equipements.csv", content};
  auto const type = csv.required_column("TYPEQU");
  std::map<std::string, int> count;
  while (csv.next()) {
    ++count[std::string{csv.field(type)}];
  }
  // The brief's orders of magnitude: France Travail 15, CAF 6, CCAS one per commune (39), health
  // centres 40, PMI 30, hospitals 8; France Services 8.
  std::map<std::string, int> const expected = {{"A122", 15},  {"A128", 8},     {"D106", 8},   {"D108", 40},
                                               {"SM_CAF", 6}, {"SM_CCAS", 39}, {"SM_PMI", 30}};
  EXPECT_EQ(count, expected);

  // Every site lies in the commune it names (communes.geojson: the 2025 communes).
  auto const zones = open(out() / "communes.geojson");
  ASSERT_TRUE(zones);
  std::map<std::string, std::unique_ptr<OGRGeometry>> commune;
  auto* zl = zones->GetLayer(0);
  for (OGRFeatureUniquePtr f{zl->GetNextFeature()}; f; f.reset(zl->GetNextFeature())) {
    commune[f->GetFieldAsString("code_insee")].reset(f->GetGeometryRef()->clone());
  }
  EXPECT_EQ(commune.size(), 39U);  // Pierrefitte merged into Saint-Denis
  io::csv_reader sites{"equipements.csv", content};
  auto const lon = sites.required_column("lon");
  auto const lat = sites.required_column("lat");
  auto const code = sites.required_column("code_insee");
  while (sites.next()) {
    auto const it = commune.find(std::string{sites.field(code)});
    ASSERT_NE(it, commune.end()) << sites.line();
    OGRPoint pt{sites.get_double(lon), sites.get_double(lat)};
    EXPECT_TRUE(it->second->Contains(&pt)) << "line " << sites.line();
  }
  auto const jobs = io::read_file(out() / "emplois.csv");
  io::csv_reader j{"emplois.csv", jobs};
  auto const e = j.required_column("emplois");
  long long total = 0;
  while (j.next()) {
    total += j.get_int(e);
  }
  EXPECT_EQ(total, 600000);
}

}  // namespace
}  // namespace solimob::test
