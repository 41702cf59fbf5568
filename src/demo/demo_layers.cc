#include "demo/demo_layers.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <string_view>
#include <system_error>
#include <utility>

#include "cpl_conv.h"
#include "cpl_error.h"
#include "gdal_priv.h"
#include "ogr_api.h"
#include "ogr_spatialref.h"
#include "ogrsf_frmts.h"

#include "core/error.h"
#include "demo/detail/text.h"
#include "geometry/geometry.h"
#include "io/file_util.h"

namespace solimob::demo {

namespace {

namespace fs = std::filesystem;
using detail::coord;
using detail::csv_field;
using detail::fixed;
using detail::rng;

constexpr std::uint32_t kGridSeed = 93'000'010;
constexpr std::uint32_t kServiceSeed = 93'000'011;
constexpr double kCellM = 200.0;
constexpr double kPi = 3.14159265358979323846;

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (auto const c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out += '"';
}

void write_text(fs::path const& p, std::string const& content) {
  io::write_atomically(p, [&](std::ostream& os) { os << content; });
}

latlng offset_m(latlng p, double east, double north) {
  local_projection const proj{p.lat_};
  return proj.inverse(proj.x(p) + east, proj.y(p) + north);
}

// Largest remainder: integers proportional to `weight`, summing exactly to `total`, ties to the lower index.
std::vector<long long> apportion(long long total, std::vector<double> const& weight) {
  double sum = 0.0;
  for (auto const w : weight) {
    sum += w;
  }
  std::vector<long long> out(weight.size(), 0);
  if (weight.empty() || sum <= 0.0) {
    return out;
  }
  std::vector<std::pair<double, std::size_t>> rem;
  long long assigned = 0;
  for (auto i = 0U; i != weight.size(); ++i) {
    auto const exact = static_cast<double>(total) * weight[i] / sum;
    out[i] = static_cast<long long>(std::floor(exact));
    assigned += out[i];
    rem.emplace_back(exact - static_cast<double>(out[i]), i);
  }
  std::sort(begin(rem), end(rem),
            [](auto const& a, auto const& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  for (auto k = 0U; assigned < total; ++k, ++assigned) {
    ++out[rem[k % rem.size()].second];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// GDAL plumbing

void init_gdal() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

struct dataset_close {
  void operator()(GDALDataset* ds) const { GDALClose(GDALDataset::ToHandle(ds)); }
};
using dataset_ptr = std::unique_ptr<GDALDataset, dataset_close>;

struct transform_destroy {
  void operator()(OGRCoordinateTransformation* ct) const { OGRCoordinateTransformation::DestroyCT(ct); }
};
using transform_ptr = std::unique_ptr<OGRCoordinateTransformation, transform_destroy>;

OGRSpatialReference srs_of(int epsg) {
  OGRSpatialReference srs;
  srs.importFromEPSG(epsg);
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);  // x = easting / longitude
  return srs;
}

transform_ptr make_transform(int from, int to) {
  auto const a = srs_of(from);
  auto const b = srs_of(to);
  transform_ptr ct{OGRCreateCoordinateTransformation(&a, &b)};
  if (!ct) {
    throw io_error{"cannot create the coordinate transformation EPSG:" + std::to_string(from) +
                   " -> EPSG:" + std::to_string(to) + " (PROJ database missing?)"};
  }
  return ct;
}

// (code, WKB) of each feature's geometry in a WGS84 GeoJSON file; `code_field` names the id property.
std::vector<std::pair<std::string, std::string>> read_polygons(fs::path const& p, char const* code_field) {
  init_gdal();
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) {
    throw input_error{p.string(), 0, "", "demo data file is missing (expected in the repository's demo/ folder)"};
  }
  char const* drivers[] = {"GeoJSON", nullptr};
  dataset_ptr ds{GDALDataset::Open(p.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers)};
  if (!ds || ds->GetLayerCount() != 1) {
    throw input_error{p.string(), 0, "", "not a readable GeoJSON file"};
  }
  auto* layer = ds->GetLayer(0);
  std::vector<std::pair<std::string, std::string>> out;
  for (OGRFeatureUniquePtr f{layer->GetNextFeature()}; f; f.reset(layer->GetNextFeature())) {
    auto const idx = f->GetFieldIndex(code_field);
    auto const* g = f->GetGeometryRef();
    if (idx < 0 || g == nullptr) {
      throw input_error{p.string(), 0, code_field, "feature without this property or without geometry"};
    }
    std::string wkb(static_cast<std::size_t>(g->WkbSize()), '\0');
    g->exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(wkb.data()));
    out.emplace_back(f->GetFieldAsString(idx), std::move(wkb));
  }
  return out;
}

OGRGeometryUniquePtr from_wkb(std::string const& wkb) {
  OGRGeometry* g = nullptr;
  if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &g, wkb.size()) != OGRERR_NONE || g == nullptr) {
    throw input_error{"demo", 0, "", "unreadable geometry"};
  }
  return OGRGeometryUniquePtr{g};
}

std::string geojson_geometry(std::string const& wkb) {
  auto const g = from_wkb(wkb);
  char const* opts[] = {"COORDINATE_PRECISION=6", nullptr};
  char* s = OGR_G_ExportToJsonEx(OGRGeometry::ToHandle(g.get()), const_cast<char**>(opts));
  std::string out = s != nullptr ? s : "null";
  CPLFree(s);
  return out;
}

// A FeatureCollection: each feature's properties as ready JSON ("\"a\": 1, ...").
std::string feature_collection(std::vector<std::pair<std::string, std::string>> const& features) {
  std::string out = "{\"type\": \"FeatureCollection\", \"features\": [\n";
  for (auto i = 0U; i != features.size(); ++i) {
    out += "{\"type\": \"Feature\", \"properties\": {" + features[i].first +
           "}, \"geometry\": " + geojson_geometry(features[i].second) + "}" + (i + 1 != features.size() ? ",\n" : "\n");
  }
  return out + "]}\n";
}

// ---------------------------------------------------------------------------------------------
// Synthetic social gradient

// SYNTHETIC poverty index per commune (share of poor households, before the per-cell noise). It
// follows the well-known contrast of the département (west and centre poorer, the east's residential
// communes richer) but the figures are invented, not Filosofi's published commune rates.
double poverty_index(std::string_view code) {
  static std::map<std::string, double, std::less<>> const kHigh = {
      {"93001", 0.40}, {"93014", 0.42}, {"93027", 0.40}, {"93066", 0.37}, {"93008", 0.38},
      {"93072", 0.36}, {"93079", 0.36}, {"93031", 0.33}, {"93071", 0.33}, {"93010", 0.30},
      {"93047", 0.32}, {"93070", 0.28}, {"93007", 0.27}, {"93029", 0.29}, {"93055", 0.28},
      {"93005", 0.25}, {"93039", 0.24}, {"93053", 0.25}, {"93048", 0.26}, {"93078", 0.24}};
  static std::map<std::string, double, std::less<>> const kLow = {
      {"93062", 0.10}, {"93015", 0.08}, {"93033", 0.08}, {"93074", 0.09}, {"93057", 0.10}, {"93077", 0.11},
      {"93049", 0.12}, {"93045", 0.12}, {"93032", 0.13}, {"93046", 0.13}, {"93061", 0.15}, {"93064", 0.16}};
  if (auto const it = kHigh.find(code); it != kHigh.end()) {
    return it->second;
  }
  if (auto const it = kLow.find(code); it != kLow.end()) {
    return it->second;
  }
  return 0.20;
}

// Non-residential areas (airports, big parks, the Stade de France and rail yards), approximate
// centres and radii (SYNTHETIC masks, placed by eye on the real map): no cell there gets people.
struct mask {
  double lon_, lat_, radius_m_;
};
constexpr mask kMasks[] = {
    {2.4220, 48.9450, 900.0},   // Parc Georges-Valbon (La Courneuve)
    {2.4400, 48.9580, 1100.0},  // Le Bourget airport
    {2.5400, 49.0000, 2200.0},  // Roissy-CDG airport (Tremblay-en-France part)
    {2.5150, 48.9730, 700.0},   // Parc des expositions (Villepinte)
    {2.3600, 48.9240, 350.0},   // Stade de France
    {2.3700, 48.9100, 400.0},   // Plaine rail yards (Landy)
    {2.5060, 48.8640, 500.0},   // Plateau d'Avron / Parc des Beaumonts (approximate)
    {2.5500, 48.9500, 600.0},   // Parc de la Poudrerie (Sevran / Livry-Gargan)
};

// ---------------------------------------------------------------------------------------------
// population.gpkg

struct cell {
  long long x_{0}, y_{0};  // EPSG:3035 lower-left corner, metres
  std::size_t commune_{0};
  latlng centre_;
  std::string lcog_;
  double weight_{0.0};
  double poverty_{0.0};
  double density_{0.0};  // weight relative to the commune's mean (1 = average)
  long long ind_{0};
};

// The inhabited cells; each carries the population of the commune of its centre (synth_code_insee).
struct grid {
  std::vector<cell> cells_;  // populated cells only, ordered by (y, x)
};

std::string cell_id(char const* res, long long y, long long x) {
  return std::string{"CRS3035RES"} + res + "N" + std::to_string(y) + "E" + std::to_string(x);
}

struct qpv_site {
  std::size_t commune_;
  latlng centre_;
  double radius_m_;
};

grid make_grid(layer_inputs const& in, std::vector<std::pair<std::string, std::string>> const& polygons,
               std::vector<qpv_site>& qpv) {
  rng r{kGridSeed};
  // Zones of the commune index: 2018 polygons, Pierrefitte (93059) counted in Saint-Denis (93066).
  std::map<std::string, std::size_t, std::less<>> commune_of;
  for (auto i = 0U; i != in.communes_.size(); ++i) {
    commune_of.emplace(in.communes_[i].code_, i);
  }
  std::vector<std::string> wkbs;
  std::vector<std::size_t> zone_commune;
  for (auto const& [code, wkb] : polygons) {
    auto const c = code == "93059" ? std::string{"93066"} : code;
    auto const it = commune_of.find(c);
    if (it == commune_of.end()) {
      throw input_error{"communes-93-ign-2018.geojson", 0, "code", "commune " + code + " is not in communes-93.csv"};
    }
    wkbs.push_back(wkb);
    zone_commune.push_back(it->second);
  }
  geometry::zone_index const zones{wkbs};
  auto const to_laea = make_transform(4326, 3035);
  auto const to_wgs = make_transform(3035, 4326);
  // Extent of the département in LAEA, snapped to the 200 m grid.
  double xs[4] = {2.28, 2.61, 2.28, 2.61};
  double ys[4] = {48.80, 48.80, 49.02, 49.02};
  to_laea->Transform(4, xs, ys);
  auto const snap = [](double v) { return static_cast<long long>(std::floor(v / kCellM)) * 200; };
  auto const x0 = snap(*std::min_element(xs, xs + 4));
  auto const x1 = snap(*std::max_element(xs, xs + 4)) + 200;
  auto const y0 = snap(*std::min_element(ys, ys + 4));
  auto const y1 = snap(*std::max_element(ys, ys + 4)) + 200;
  auto const locate = [&](double x, double y) -> std::optional<std::size_t> {
    double px = x;
    double py = y;
    to_wgs->Transform(1, &px, &py);
    auto const z = zones.locate({py, px});
    return z ? std::optional<std::size_t>{zone_commune[*z]} : std::nullopt;
  };

  // QPV-like districts: around the densest place (nearest station to the centroid) of the 10
  // communes with the highest synthetic poverty index.
  std::vector<std::size_t> by_poverty(in.communes_.size());
  for (auto i = 0U; i != by_poverty.size(); ++i) {
    by_poverty[i] = i;
  }
  std::stable_sort(begin(by_poverty), end(by_poverty), [&](auto a, auto b) {
    return poverty_index(in.communes_[a].code_) > poverty_index(in.communes_[b].code_);
  });
  for (auto k = 0U; k != 10 && k != by_poverty.size(); ++k) {
    auto const& c = in.communes_[by_poverty[k]];
    // Between the centroid and its nearest station, shifted a little (real QPV are often estates
    // off the centre).
    latlng best = c.pos_;
    double best_d = 1e18;
    for (auto const& s : in.stations_) {
      auto const d = haversine_m(s.pos_, c.pos_);
      if (d < best_d) {
        best_d = d;
        best = s.pos_;
      }
    }
    auto const t = best_d < 2000.0 ? 0.5 : 0.0;
    latlng const mid{c.pos_.lat_ + t * (best.lat_ - c.pos_.lat_), c.pos_.lng_ + t * (best.lng_ - c.pos_.lng_)};
    auto const angle = 2.0 * kPi * r.uniform();
    qpv.push_back(
        {by_poverty[k], offset_m(mid, 300.0 * std::cos(angle), 300.0 * std::sin(angle)), r.uniform(350.0, 550.0)});
  }

  std::vector<cell> all;
  for (auto y = y0; y < y1; y += 200) {
    for (auto x = x0; x < x1; x += 200) {
      auto const cx = static_cast<double>(x) + 100.0;
      auto const cy = static_cast<double>(y) + 100.0;
      auto const c = locate(cx, cy);
      auto const noise = r.uniform(0.3, 1.7);
      auto const empty = r.uniform() < 0.10;  // parks, industry, cemeteries scattered everywhere
      if (!c) {
        continue;
      }
      double px = cx;
      double py = cy;
      to_wgs->Transform(1, &px, &py);
      latlng const centre{py, px};
      auto masked = empty;
      for (auto const& m : kMasks) {
        masked = masked || haversine_m(centre, {m.lat_, m.lon_}) < m.radius_m_;
      }
      if (masked) {
        continue;
      }
      double d_station = 1e18;
      for (auto const& s : in.stations_) {
        d_station = std::min(d_station, haversine_m(s.pos_, centre));
      }
      auto const d_centre = haversine_m(in.communes_[*c].pos_, centre);
      cell e;
      e.x_ = x;
      e.y_ = y;
      e.commune_ = *c;
      e.centre_ = centre;
      e.weight_ = noise * (1.0 + 2.0 * std::exp(-d_station / 600.0)) * (1.0 + 1.5 * std::exp(-d_centre / 1000.0));
      auto p = poverty_index(in.communes_[*c].code_) * r.uniform(0.6, 1.4);
      for (auto const& q : qpv) {
        if (q.commune_ == *c && haversine_m(q.centre_, centre) < q.radius_m_) {
          p = std::max(p, 0.45) * 1.3;
          e.weight_ *= 1.8;  // dense estates
        }
      }
      e.poverty_ = std::clamp(p, 0.03, 0.70);
      // lcog_geo: the communes the cell touches (its corners), the centre's first, 2025 codes.
      std::set<std::string> others;
      for (auto const& [dx, dy] : {std::pair{0.0, 0.0}, {200.0, 0.0}, {0.0, 200.0}, {200.0, 200.0}}) {
        if (auto const o = locate(static_cast<double>(x) + dx, static_cast<double>(y) + dy); o && *o != *c) {
          others.insert(in.communes_[*o].code_);
        }
      }
      e.lcog_ = in.communes_[*c].code_;
      for (auto const& o : others) {
        e.lcog_ += o;
      }
      all.push_back(std::move(e));
    }
  }
  // Commune populations (exact integers) spread over their cells in proportion to the weights.
  std::vector<std::vector<std::size_t>> by_commune(in.communes_.size());
  for (auto i = 0U; i != all.size(); ++i) {
    by_commune[all[i].commune_].push_back(i);
  }
  for (auto c = 0U; c != in.communes_.size(); ++c) {
    auto const& ids = by_commune[c];
    if (ids.empty()) {
      throw input_error{"communes-93-ign-2018.geojson", 0, "", "commune " + in.communes_[c].code_ + " has no cell"};
    }
    std::vector<double> w;
    double mean = 0.0;
    for (auto const i : ids) {
      w.push_back(all[i].weight_);
      mean += all[i].weight_;
    }
    mean /= static_cast<double>(ids.size());
    auto const pop = apportion(in.communes_[c].population_, w);
    for (auto k = 0U; k != ids.size(); ++k) {
      all[ids[k]].ind_ = pop[k];
      all[ids[k]].density_ = all[ids[k]].weight_ / mean;
    }
  }
  grid g;
  for (auto& e : all) {
    if (e.ind_ > 0) {
      g.cells_.push_back(std::move(e));
    }
  }
  return g;
}

// Age bands of Filosofi, in order: Ind_0_3 ... Ind_80p. SYNTHETIC shares: a young département
// (poorer cells younger), varied per cell.
constexpr char const* kAgeFields[] = {"Ind_0_3",   "Ind_4_5",   "Ind_6_10",  "Ind_11_17", "Ind_18_24",
                                      "Ind_25_39", "Ind_40_54", "Ind_55_64", "Ind_65_79", "Ind_80p"};
constexpr double kAgeShare[] = {0.058, 0.030, 0.075, 0.100, 0.090, 0.215, 0.200, 0.105, 0.095, 0.032};
// Proxy prevalences per age band (orders of magnitude, see demo/README.md): disability, wheelchair use.
constexpr double kHandicap[] = {0.02, 0.03, 0.03, 0.04, 0.04, 0.05, 0.08, 0.14, 0.22, 0.45};
constexpr double kFauteuil[] = {0.001, 0.002, 0.002, 0.003, 0.003, 0.004, 0.006, 0.010, 0.020, 0.080};

void write_population(grid const& g, fs::path const& out) {
  init_gdal();
  auto const to_l93 = make_transform(3035, 2154);
  auto* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
  if (driver == nullptr) {
    throw io_error{out.string() + ": GDAL has no GPKG driver"};
  }
  auto tmp = out;
  tmp += ".tmp.gpkg";
  std::error_code ec;
  fs::remove(tmp, ec);
  // A fixed date in gpkg_contents keeps the file byte-identical from run to run.
  CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", "2026-01-01T00:00:00.000Z");
  {
    dataset_ptr ds{driver->Create(tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr)};
    if (!ds) {
      throw io_error{out.string() + ": cannot create GeoPackage: " + CPLGetLastErrorMsg()};
    }
    auto srs = srs_of(2154);
    char const* lco[] = {"FID=fid", "GEOMETRY_NAME=geom", "SPATIAL_INDEX=NO",
                         "DESCRIPTION=SYNTHETIC population grid in the style of INSEE Filosofi 200 m (solimob demo)",
                         nullptr};
    auto* layer = ds->CreateLayer("filosofi_200m", &srs, wkbPolygon, const_cast<char**>(lco));
    if (layer == nullptr) {
      throw io_error{out.string() + ": cannot create layer: " + CPLGetLastErrorMsg()};
    }
    auto add = [&](char const* name, OGRFieldType t) {
      OGRFieldDefn f{name, t};
      if (layer->CreateField(&f) != OGRERR_NONE) {
        throw io_error{out.string() + ": cannot create field " + name};
      }
    };
    for (auto const* n : {"Idcar_200m", "Idcar_1km", "Idcar_nat"}) {
      add(n, OFTString);
    }
    add("I_est_200", OFTInteger);
    add("Groupe", OFTInteger);
    std::vector<char const*> const real_fields = {
        "Ind",      "Men",      "Men_pauv", "Men_1ind",  "Men_5ind",  "Men_prop", "Men_fmp", "Ind_snv", "Men_surf",
        "Men_coll", "Men_mais", "Log_av45", "Log_45_70", "Log_70_90", "Log_ap90", "Log_inc", "Log_soc"};
    for (auto const* n : real_fields) {
      add(n, OFTReal);
    }
    for (auto const* n : kAgeFields) {
      add(n, OFTReal);
    }
    add("Ind_inc", OFTReal);
    add("lcog_geo", OFTString);
    for (auto const* n : {"Ind_65p", "synth_handicap", "synth_fauteuil", "synth_demandeurs_emploi", "synth_rsa"}) {
      add(n, OFTReal);
    }
    add("synth_code_insee", OFTString);
    if (layer->StartTransaction() != OGRERR_NONE) {
      throw io_error{out.string() + ": cannot start a transaction"};
    }
    rng r{kGridSeed + 1};
    std::map<std::string, int> groups;
    auto const one = [](double v) { return std::round(v * 10.0) / 10.0; };
    for (auto const& c : g.cells_) {
      OGRFeature f{layer->GetLayerDefn()};
      auto const id1k = cell_id("1000m", c.y_ / 1000 * 1000, c.x_ / 1000 * 1000);
      auto const ind = static_cast<double>(c.ind_);
      auto const p = c.poverty_;
      auto const hh_size = 2.55 * (1.0 + 0.35 * (p - 0.2)) * r.uniform(0.88, 1.12);
      auto const men = one(std::max(ind / hh_size, std::min(ind, 1.0)));
      // Few households: INSEE imputes such cells from a wider area (I_est_200 = 1, natural cell 1 km).
      auto const estimated = men < 11.0;
      auto const g_it = groups.emplace(id1k, static_cast<int>(groups.size()) + 1).first;
      f.SetField("Idcar_200m", cell_id("200m", c.y_, c.x_).c_str());
      f.SetField("Idcar_1km", id1k.c_str());
      f.SetField("Idcar_nat", estimated ? id1k.c_str() : cell_id("200m", c.y_, c.x_).c_str());
      f.SetField("I_est_200", estimated ? 1 : 0);
      f.SetField("Groupe", g_it->second);
      f.SetField("Ind", ind);
      f.SetField("Men", men);
      f.SetField("Men_pauv", one(men * p));
      f.SetField("Men_1ind", one(men * std::clamp(0.30 * r.uniform(0.7, 1.3) * (0.8 + c.density_ * 0.2), 0.05, 0.6)));
      f.SetField("Men_5ind", one(men * std::clamp((0.06 + 0.25 * p) * r.uniform(0.7, 1.3), 0.0, 0.4)));
      auto const own = std::clamp((0.62 - 0.9 * p) * r.uniform(0.8, 1.2), 0.05, 0.9);
      f.SetField("Men_prop", one(men * own));
      f.SetField("Men_fmp", one(men * std::clamp((0.07 + 0.25 * p) * r.uniform(0.7, 1.3), 0.0, 0.4)));
      // Mean standard of living (EUR per person and year), lower where poverty is higher.
      f.SetField("Ind_snv", one(ind * 25000.0 * (1.0 - 0.95 * p) * r.uniform(0.9, 1.1)));
      auto const coll = std::clamp(0.35 + 0.35 * c.density_ + 0.5 * p, 0.1, 0.99) * r.uniform(0.9, 1.0);
      f.SetField("Men_surf", one(men * (coll * 58.0 + (1.0 - coll) * 95.0)));
      f.SetField("Men_coll", one(men * coll));
      f.SetField("Men_mais", one(men * (1.0 - coll)));
      double era[5] = {0.20 * r.uniform(0.5, 1.5), (0.25 + 0.3 * p) * r.uniform(0.7, 1.3), 0.22 * r.uniform(0.7, 1.3),
                       0.25 * r.uniform(0.5, 1.5), 0.02};
      double era_sum = 0.0;
      for (auto const e : era) {
        era_sum += e;
      }
      auto const logements = men * 1.07;
      char const* era_fields[] = {"Log_av45", "Log_45_70", "Log_70_90", "Log_ap90", "Log_inc"};
      for (auto k = 0; k != 5; ++k) {
        f.SetField(era_fields[k], one(logements * era[k] / era_sum));
      }
      f.SetField("Log_soc", one(logements * std::clamp((0.05 + 0.95 * p) * r.uniform(0.7, 1.3), 0.0, 0.95)));
      // Ages: integers summing to Ind (Ind_inc = 0), younger where poorer.
      std::vector<double> w;
      for (auto k = 0U; k != std::size(kAgeShare); ++k) {
        auto const youth = k < 5 ? 1.0 + 1.2 * (p - 0.2) : (k >= 8 ? 1.0 - 1.5 * (p - 0.2) : 1.0);
        w.push_back(kAgeShare[k] * std::max(0.2, youth) * r.uniform(0.75, 1.25));
      }
      auto const ages = apportion(c.ind_, w);
      double handicap = 0.0;
      double fauteuil = 0.0;
      for (auto k = 0U; k != ages.size(); ++k) {
        f.SetField(kAgeFields[k], static_cast<double>(ages[k]));
        handicap += static_cast<double>(ages[k]) * kHandicap[k];
        fauteuil += static_cast<double>(ages[k]) * kFauteuil[k];
      }
      f.SetField("Ind_inc", 0.0);
      f.SetField("lcog_geo", c.lcog_.c_str());
      f.SetField("Ind_65p", static_cast<double>(ages[8] + ages[9]));
      f.SetField("synth_handicap", one(handicap));
      f.SetField("synth_fauteuil", one(fauteuil));
      // Job seekers (France Travail categories A, B, C): a share of the 18-64 rising with poverty.
      auto const working_age = static_cast<double>(ages[4] + ages[5] + ages[6] + ages[7]);
      f.SetField("synth_demandeurs_emploi", one(working_age * (0.07 + 0.22 * p)));
      // RSA: households receiving it (allocataires), a share of households rising with poverty.
      f.SetField("synth_rsa", one(men * std::clamp(0.015 + 0.30 * p, 0.0, 0.4)));
      f.SetField("synth_code_insee", c.lcog_.substr(0, 5).c_str());
      // The square in LAEA, corners (and edge midpoints, so the slight rotation is kept) in Lambert-93.
      double px[9];
      double py[9];
      auto const x = static_cast<double>(c.x_);
      auto const y = static_cast<double>(c.y_);
      double const ring[9][2] = {
          {x, y},       {x + 100, y}, {x + 200, y}, {x + 200, y + 100}, {x + 200, y + 200}, {x + 100, y + 200},
          {x, y + 200}, {x, y + 100}, {x, y}};
      for (auto k = 0; k != 9; ++k) {
        px[k] = ring[k][0];
        py[k] = ring[k][1];
      }
      to_l93->Transform(9, px, py);
      auto lr = std::make_unique<OGRLinearRing>();
      for (auto k = 0; k != 9; ++k) {
        lr->addPoint(std::round(px[k] * 100.0) / 100.0, std::round(py[k] * 100.0) / 100.0);
      }
      OGRPolygon poly;
      poly.addRingDirectly(lr.release());
      f.SetGeometry(&poly);
      if (layer->CreateFeature(&f) != OGRERR_NONE) {
        throw io_error{out.string() + ": cannot write a cell: " + CPLGetLastErrorMsg()};
      }
    }
    if (layer->CommitTransaction() != OGRERR_NONE) {
      throw io_error{out.string() + ": cannot commit"};
    }
  }
  CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", nullptr);
  fs::rename(tmp, out, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw io_error{out.string() + ": cannot rename the temporary GeoPackage"};
  }
}

// Square cell (LAEA) as WGS84 polygon WKB, for the QPV unions.
std::string cell_wgs84(long long x0, long long y0, OGRCoordinateTransformation& ct) {
  double px[5] = {0, 200, 200, 0, 0};
  double py[5] = {0, 0, 200, 200, 0};
  for (auto k = 0; k != 5; ++k) {
    px[k] += static_cast<double>(x0);
    py[k] += static_cast<double>(y0);
  }
  ct.Transform(5, px, py);
  std::string wkt = "POLYGON((";
  for (auto k = 0; k != 5; ++k) {
    wkt += (k != 0 ? "," : "") + fixed(px[k], 7) + " " + fixed(py[k], 7);
  }
  return geometry::from_wkt(wkt + "))");
}

// ---------------------------------------------------------------------------------------------
// Services and jobs

struct service_type {
  char const* code_;
  char const* libelle_;
};
constexpr service_type kFranceTravail{"A122", "Réseau spécialisé France Travail (ex-Pôle emploi)"};
constexpr service_type kFranceServices{"A128", "Implantation France Services"};
constexpr service_type kUrgences{"D106", "Urgences"};
constexpr service_type kCentreSante{"D108", "Centre de santé"};
// Project codes (SOLIMOB_...): the BPE has no such type.
constexpr service_type kCaf{"SM_CAF", "Accueil CAF (code projet, hors BPE)"};
constexpr service_type kCcas{"SM_CCAS", "CCAS - centre communal d'action sociale (code projet, hors BPE)"};
constexpr service_type kPmi{"SM_PMI", "Centre de PMI (code projet, hors BPE)"};

std::string make_services(layer_inputs const& in, grid const& g, std::vector<latlng> const& stops,
                          std::vector<std::pair<std::string, std::string>> const& polygons) {
  rng r{kServiceSeed};
  auto const& cs = in.communes_;
  std::vector<std::size_t> by_pop(cs.size());
  for (auto i = 0U; i != cs.size(); ++i) {
    by_pop[i] = i;
  }
  std::stable_sort(begin(by_pop), end(by_pop), [&](auto a, auto b) { return cs[a].population_ > cs[b].population_; });
  std::string out = "id,lon,lat,nom,TYPEQU,libelle,code_insee\n";
  std::map<std::string, int> counters;
  auto emit = [&](service_type const& t, std::size_t c, latlng p, std::string const& name) {
    auto const n = ++counters[t.code_];
    out += std::string{t.code_} + "-" + std::to_string(n) + "," + coord(p.lng_) + "," + coord(p.lat_) + "," +
           csv_field(name + " (synthétique)") + "," + t.code_ + "," + csv_field(t.libelle_) + "," + cs[c].code_ + "\n";
  };
  // Offices sit near a station when one is within 1.2 km of the chosen site (else they stay there:
  // snapping to a far station would move them out of their commune).
  auto near_stop = [&](latlng p) {
    auto const nearest = *std::min_element(begin(stops), end(stops), [&](latlng const& a, latlng const& b) {
      return haversine_m(a, p) < haversine_m(b, p);
    });
    auto const d = r.uniform(80.0, 250.0);
    auto const a = 2.0 * kPi * r.uniform();
    return offset_m(haversine_m(nearest, p) < 1200.0 ? nearest : p, d * std::cos(a), d * std::sin(a));
  };
  auto around = [&](latlng p, double lo, double hi) {
    auto const d = r.uniform(lo, hi);
    auto const a = 2.0 * kPi * r.uniform();
    return offset_m(p, d * std::cos(a), d * std::sin(a));
  };
  // A populated cell of commune c drawn in proportion to `weight` (its centre, jittered 60 m).
  std::vector<std::vector<std::size_t>> cells_of(cs.size());
  std::map<std::string, std::size_t, std::less<>> idx;
  for (auto i = 0U; i != cs.size(); ++i) {
    idx.emplace(cs[i].code_, i);
  }
  for (auto i = 0U; i != g.cells_.size(); ++i) {
    cells_of[g.cells_[i].commune_].push_back(i);
  }
  // Every site lies in its commune: a draw falling outside (a station across the boundary, a narrow
  // commune) is drawn again, up to 8 times, then replaced by the centre of the commune's most
  // populous cell (inside by construction of the grid).
  std::vector<std::string> wkbs;
  std::vector<std::string> zone_code;
  for (auto const& [code, wkb] : polygons) {
    wkbs.push_back(wkb);
    zone_code.push_back(code == "93059" ? std::string{"93066"} : code);
  }
  geometry::zone_index const zones{wkbs};
  auto place = [&](std::size_t c, auto const& draw) {
    for (auto k = 0; k != 8; ++k) {
      auto const p = draw();
      if (auto const z = zones.locate(p); z && zone_code[*z] == cs[c].code_) {
        return p;
      }
    }
    auto const best = *std::max_element(begin(cells_of[c]), end(cells_of[c]),
                                        [&](auto a, auto b) { return g.cells_[a].ind_ < g.cells_[b].ind_; });
    return g.cells_[best].centre_;
  };
  auto cell_in = [&](std::size_t c) {
    auto const& ids = cells_of[c];
    double total = 0.0;
    for (auto const i : ids) {
      total += static_cast<double>(g.cells_[i].ind_);
    }
    auto target = r.uniform() * total;
    for (auto const i : ids) {
      target -= static_cast<double>(g.cells_[i].ind_);
      if (target <= 0.0) {
        return around(g.cells_[i].centre_, 0.0, 60.0);
      }
    }
    return around(g.cells_[ids.back()].centre_, 0.0, 60.0);
  };
  // France Travail: the 15 most populous communes, near a stop.
  for (auto k = 0U; k != 15; ++k) {
    auto const c = by_pop[k];
    emit(kFranceTravail, c, place(c, [&] { return near_stop(around(cs[c].pos_, 200.0, 600.0)); }),
         "Agence France Travail " + cs[c].name_);
  }
  // CAF: 6 receptions, the two most populous communes of Plaine Commune and Est Ensemble, one for
  // each of the two other EPT.
  std::map<std::string, int> caf_per_ept = {
      {"Plaine Commune", 2}, {"Est Ensemble", 2}, {"Paris Terres d'Envol", 1}, {"Grand Paris Grand Est", 1}};
  for (auto const c : by_pop) {
    auto it = caf_per_ept.find(cs[c].ept_);
    if (it == caf_per_ept.end()) {
      it = caf_per_ept.emplace(cs[c].ept_, 1).first;
    }
    if (it->second > 0) {
      --it->second;
      emit(kCaf, c, place(c, [&] { return near_stop(around(cs[c].pos_, 100.0, 400.0)); }),
           "Accueil CAF de la Seine-Saint-Denis - " + cs[c].name_);
    }
  }
  // France Services: 8, in the poorest communes (near their centre).
  std::vector<std::size_t> by_poverty = by_pop;
  std::stable_sort(begin(by_poverty), end(by_poverty),
                   [&](auto a, auto b) { return poverty_index(cs[a].code_) > poverty_index(cs[b].code_); });
  for (auto k = 0U; k != 8; ++k) {
    auto const c = by_poverty[k];
    emit(kFranceServices, c, place(c, [&] { return around(cs[c].pos_, 300.0, 900.0); }),
         "France Services " + cs[c].name_);
  }
  // CCAS: one per commune, at the town hall (the centroid +- 150 m).
  for (auto c = 0U; c != cs.size(); ++c) {
    emit(kCcas, c, place(c, [&] { return around(cs[c].pos_, 0.0, 150.0); }), "CCAS de " + cs[c].name_);
  }
  // Health centres (40) and PMI (30) shared out by population, at populated cells.
  std::vector<double> pop;
  for (auto const& c : cs) {
    pop.push_back(static_cast<double>(c.population_));
  }
  auto const health = apportion(40, pop);
  auto const pmi = apportion(30, pop);
  for (auto c = 0U; c != cs.size(); ++c) {
    for (auto k = 0; k != health[c]; ++k) {
      emit(kCentreSante, c, place(c, [&] { return cell_in(c); }),
           "Centre de santé " + cs[c].name_ + (k != 0 ? " " + std::to_string(k + 1) : ""));
    }
  }
  for (auto c = 0U; c != cs.size(); ++c) {
    for (auto k = 0; k != pmi[c]; ++k) {
      emit(kPmi, c, place(c, [&] { return cell_in(c); }),
           "PMI " + cs[c].name_ + (k != 0 ? " " + std::to_string(k + 1) : ""));
    }
  }
  // Hospitals with an emergency department: 8 communes (where the real public hospitals of the
  // département roughly are), synthetic sites.
  for (auto const* code : {"93066", "93008", "93010", "93005", "93047", "93048", "93051", "93029"}) {
    auto const c = idx.at(code);
    emit(kUrgences, c, place(c, [&] { return around(cs[c].pos_, 300.0, 900.0); }),
         "Hôpital " + cs[c].name_ + " - urgences");
  }
  return out;
}

// Employment zones: named hubs (SYNTHETIC counts where the big real job centres are) plus one zone
// per commune sharing the rest by population; 600,000 jobs in all.
std::string make_jobs(layer_inputs const& in) {
  struct hub {
    char const* name_;
    double lon_, lat_;
    long long jobs_;
  };
  static constexpr hub kHubs[] = {
      {"Plaine Saint-Denis - Pleyel", 2.3480, 48.9180, 45000},
      {"Plaine Saint-Denis - Stade de France", 2.3620, 48.9200, 40000},
      {"Saint-Ouen - Docks", 2.3330, 48.9050, 30000},
      {"Aubervilliers - Front Populaire", 2.3680, 48.9070, 20000},
      {"Roissy - zone aéroportuaire (partie Tremblay)", 2.5450, 48.9950, 45000},
      {"Paris Nord 2 - Parc des expositions", 2.5150, 48.9700, 25000},
      {"Bobigny - préfecture", 2.4420, 48.9070, 25000},
      {"Montreuil - centre", 2.4420, 48.8610, 30000},
      {"Pantin - canal", 2.4050, 48.8950, 20000},
      {"Noisy-le-Grand - Mont d'Est", 2.5500, 48.8400, 25000},
      {"Rosny-sous-Bois - Rosny 2", 2.4850, 48.8790, 12000},
      {"Aulnay-sous-Bois - zone d'activités", 2.5100, 48.9500, 15000},
      {"Le Bourget - aéroport d'affaires", 2.4350, 48.9500, 10000},
      {"Bagnolet - Gallieni", 2.4150, 48.8650, 10000},
  };
  constexpr long long kTotal = 600000;
  long long hubs = 0;
  std::string out = "id,lon,lat,nom,emplois\n";
  for (auto i = 0U; i != std::size(kHubs); ++i) {
    auto const& h = kHubs[i];
    hubs += h.jobs_;
    out += "EMP-H" + std::to_string(i + 1) + "," + coord(h.lon_) + "," + coord(h.lat_) + "," +
           csv_field(std::string{h.name_} + " (synthétique)") + "," + std::to_string(h.jobs_) + "\n";
  }
  std::vector<double> w;
  for (auto const& c : in.communes_) {
    w.push_back(static_cast<double>(c.population_));
  }
  auto const rest = apportion(kTotal - hubs, w);
  for (auto i = 0U; i != in.communes_.size(); ++i) {
    auto const& c = in.communes_[i];
    out += "EMP-" + c.code_ + "," + coord(c.pos_.lng_) + "," + coord(c.pos_.lat_) + "," +
           csv_field("Emplois locaux " + c.name_ + " (synthétique)") + "," + std::to_string(rest[i]) + "\n";
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// on_demand.json, scenarios, territory.toml

std::string polygon_json(std::vector<latlng> const& ring) {
  std::string out = "{\"type\": \"Polygon\", \"coordinates\": [[";
  for (auto i = 0U; i != ring.size(); ++i) {
    out += (i != 0 ? ", [" : "[") + coord(ring[i].lng_) + ", " + coord(ring[i].lat_) + "]";
  }
  return out + ", [" + coord(ring.front().lng_) + ", " + coord(ring.front().lat_) + "]]]}";
}

std::string find_stop(layer_inputs const& in, std::string_view line, std::string_view name) {
  for (auto const& s : in.stations_) {
    if (s.line_ == line && s.name_ == name) {
      return s.id_;
    }
  }
  throw input_error{"lines.csv", 0, "station",
                    "the demo scenarios need station '" + std::string{name} + "' of line " + std::string{line}};
}

std::string make_on_demand(layer_inputs const& in, std::string const& departement_geojson) {
  // The zone: Coubron, Vaujours and the east of Montfermeil / Clichy-sous-Bois, far from the rail
  // lines (approximate box, SYNTHETIC), linked to the T4 stop Hôpital de Montfermeil and RER E Le
  // Chénay-Gagny.
  std::vector<latlng> const zone = {{48.8950, 2.5600}, {48.8950, 2.6050}, {48.9300, 2.6050}, {48.9300, 2.5600}};
  auto const hub_t4 = find_stop(in, "T4 (Montfermeil)", "Hôpital de Montfermeil");
  auto const hub_e = find_stop(in, "RER E", "Le Chénay-Gagny");
  std::string out = "{\n  \"services\": [\n";
  out +=
      "    {\n      \"id\": \"pam93\",\n      \"name\": \"PAM 93 (synthétique)\",\n"
      "      \"description\": \"Service de transport à la demande porte à porte pour personnes à mobilité réduite, "
      "inspiré du PAM francilien ; paramètres SYNTHÉTIQUES\",\n"
      "      \"kind\": \"paratransit\",\n      \"zone\": " +
      departement_geojson +
      ",\n      \"days\": [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\", \"sun\"],\n"
      "      \"hours\": [[\"06:00\", \"24:00\"]],\n"
      "      \"booking\": {\"type\": \"day_before\", \"latest\": \"17:00\"},\n"
      "      \"pickup_window_min\": 30,\n"
      "      \"vehicle\": {\"detour_factor\": 1.6, \"stop_time_s\": 300, \"speed_kmh\": 25},\n"
      "      \"eligibility\": [\"wheelchair\", \"reduced_mobility\"],\n"
      "      \"fare_cents\": 400\n    },\n";
  out +=
      "    {\n      \"id\": \"tad_coubron_vaujours\",\n      \"name\": \"TAD Coubron - Vaujours (synthétique)\",\n"
      "      \"description\": \"Zone de transport à la demande reliée au tram T4 et au RER E ; SYNTHÉTIQUE\",\n"
      "      \"kind\": \"on_demand\",\n      \"zone\": " +
      polygon_json(zone) +
      ",\n      \"days\": [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\"],\n"
      "      \"hours\": [[\"06:00\", \"21:00\"]],\n"
      "      \"booking\": {\"type\": \"minutes_ahead\", \"minutes\": 30},\n"
      "      \"pickup_wait_min\": 15,\n"
      "      \"hubs\": [" +
      json_string(hub_t4) + ", " + json_string(hub_e) +
      "],\n      \"vehicle\": {\"detour_factor\": 1.3, \"stop_time_s\": 60, \"speed_kmh\": 30},\n"
      "      \"eligibility\": \"all\",\n      \"fare_cents\": 250\n    }\n  ]\n}\n";
  return out;
}

struct gpe_stop {
  char const* name_;
  double lon_, lat_;               // approximate position (new stop) ...
  char const* line_ = nullptr;     // ... or an existing station: its line
  char const* station_ = nullptr;  // and name
};

std::string gpe_scenario(layer_inputs const& in, char const* name, char const* description, char const* route,
                         double speed_kmh, int headway_s, std::vector<gpe_stop> const& stops) {
  std::string out =
      "{\n  \"name\": " + json_string(name) + ",\n  \"description\": " + json_string(description) +
      ",\n  \"modifications\": [\n    {\n      \"type\": \"add-trips\",\n      \"name\": " + json_string(route) +
      ",\n      \"route_name\": " + json_string(route) + ",\n      \"mode\": \"metro\",\n      \"stops\": [\n";
  for (auto i = 0U; i != stops.size(); ++i) {
    auto const& s = stops[i];
    out += "        ";
    if (s.line_ != nullptr) {
      out += "{\"id\": " + json_string("0:" + find_stop(in, s.line_, s.station_)) + "}";
    } else {
      out += "{\"lon\": " + coord(s.lon_) + ", \"lat\": " + coord(s.lat_) +
             ", \"name\": " + json_string(std::string{s.name_} + " (position approximative)") + "}";
    }
    out += i + 1 != stops.size() ? ",\n" : "\n";
  }
  out += "      ],\n      \"speed_kmh\": " + fixed(speed_kmh, 1) +
         ",\n      \"dwell_time\": 30,\n      \"bidirectional\": true,\n      \"wheelchair_accessible\": true,\n"
         "      \"frequencies\": [\n        {\"start_time\": \"05:30\", \"end_time\": \"24:30\", \"headway_secs\": " +
         std::to_string(headway_s) +
         ", \"days\": [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]}\n      ]\n    }\n  ]\n}\n";
  return out;
}

void write_scenarios(layer_inputs const& in, fs::path const& dir) {
  fs::create_directories(dir);
  // Grand Paris Express: station positions APPROXIMATE (placed by hand near the announced sites),
  // speeds and headways plausible, not the project's figures.
  write_text(dir / "gpe_15_est.json",
             gpe_scenario(in, "Ligne 15 Est (GPE)",
                          "Grand Paris Express ligne 15 Est, Saint-Denis Pleyel - Champigny (partie 93) ; positions "
                          "approximatives, fréquence et vitesse plausibles (SYNTHÉTIQUE)",
                          "M15 Est", 40.0, 180,
                          {{"Saint-Denis Pleyel", 0, 0, "14", "Saint-Denis – Pleyel"},
                           {"Stade de France", 2.3600, 48.9210},
                           {"Mairie d'Aubervilliers", 0, 0, "12", "Mairie d'Aubervilliers"},
                           {"Fort d'Aubervilliers", 0, 0, "7", "Fort d'Aubervilliers"},
                           {"Drancy - Bobigny", 2.4360, 48.9130},
                           {"Bobigny Pablo Picasso", 0, 0, "5", "Bobigny Pablo Picasso"},
                           {"Pont de Bondy", 2.4680, 48.8990},
                           {"Bondy", 0, 0, "RER E", "Bondy"},
                           {"Rosny-Bois-Perrier", 0, 0, "11", "Rosny-Bois-Perrier"},
                           {"Val de Fontenay", 0, 0, "RER A", "Val de Fontenay"}}));
  write_text(dir / "gpe_16.json",
             gpe_scenario(in, "Ligne 16 (GPE)",
                          "Grand Paris Express ligne 16, Saint-Denis Pleyel - Noisy-Champs ; positions approximatives, "
                          "fréquence et vitesse plausibles (SYNTHÉTIQUE)",
                          "M16", 45.0, 240,
                          {{"Saint-Denis Pleyel", 0, 0, "14", "Saint-Denis – Pleyel"},
                           {"La Courneuve Six Routes", 2.3960, 48.9300},
                           {"Le Bourget RER", 0, 0, "RER B", "Le Bourget"},
                           {"Le Blanc-Mesnil", 2.4700, 48.9420},
                           {"Aulnay", 2.4980, 48.9520},
                           {"Sevran - Beaudottes", 0, 0, "RER B (Roissy)", "Sevran-Beaudottes"},
                           {"Sevran - Livry", 0, 0, "RER B", "Sevran-Livry"},
                           {"Clichy - Montfermeil", 0, 0, "T4 (Montfermeil)", "Clichy - Montfermeil"},
                           {"Chelles", 2.5830, 48.8740},
                           {"Noisy - Champs", 0, 0, "RER A", "Noisy-Champs"}}));
  write_text(
      dir / "gpe_17.json",
      gpe_scenario(in, "Ligne 17 (GPE)",
                   "Grand Paris Express ligne 17, Saint-Denis Pleyel - Le Bourget - Roissy ; positions "
                   "approximatives, fréquence et vitesse plausibles (SYNTHÉTIQUE)",
                   "M17", 50.0, 360,
                   {{"Saint-Denis Pleyel", 0, 0, "14", "Saint-Denis – Pleyel"},
                    {"La Courneuve Six Routes", 2.3960, 48.9300},
                    {"Le Bourget RER", 0, 0, "RER B", "Le Bourget"},
                    {"Le Bourget Aéroport", 2.4380, 48.9470},
                    {"Triangle de Gonesse", 2.4700, 48.9860},
                    {"Parc des Expositions", 0, 0, "RER B (Roissy)", "Parc des Expositions"},
                    {"Aéroport Charles de Gaulle T2", 0, 0, "RER B (Roissy)", "Aéroport Charles De Gaulle 2-TGV"}}));
  // Make-accessible: the metro and RER stations the synthetic rule leaves not step-free.
  {
    std::string out =
        "{\n  \"name\": \"Gares accessibles\",\n  \"description\": \"Mise en accessibilité (UFR) de stations de métro "
        "et de gares RER aujourd'hui non accessibles dans la démo (statut SYNTHÉTIQUE)\",\n  \"modifications\": [\n"
        "    {\n      \"type\": \"make-accessible\",\n      \"name\": \"gares accessibles\",\n      \"stops\": [";
    std::vector<std::pair<char const*, char const*>> const list = {{"13", "Basilique de Saint-Denis"},
                                                                   {"13", "Saint-Denis - Porte de Paris"},
                                                                   {"13", "Carrefour Pleyel"},
                                                                   {"13", "Garibaldi"},
                                                                   {"5", "Église de Pantin"},
                                                                   {"5", "Hoche"},
                                                                   {"7", "Fort d'Aubervilliers"},
                                                                   {"9", "Croix de Chavaux"},
                                                                   {"9", "Robespierre"},
                                                                   {"RER B", "Drancy"},
                                                                   {"RER B", "Le Blanc-Mesnil"},
                                                                   {"RER E", "Bondy"}};
    for (auto i = 0U; i != list.size(); ++i) {
      out += (i != 0 ? ", " : "") + json_string("0:" + find_stop(in, list[i].first, list[i].second));
    }
    out += "],\n      \"routes\": [\"0:13\", \"0:5\", \"0:7\", \"0:9\"]\n    }\n  ]\n}\n";
    write_text(dir / "gares_accessibles.json", out);
  }
  // Bus frequency: the four least frequent synthetic lines run twice as often on weekdays.
  {
    std::vector<std::size_t> order(in.buses_.size());
    for (auto i = 0U; i != order.size(); ++i) {
      order[i] = i;
    }
    std::stable_sort(begin(order), end(order),
                     [&](auto a, auto b) { return in.buses_[a].headway_min_ > in.buses_[b].headway_min_; });
    std::string out =
        "{\n  \"name\": \"Bus : fréquence doublée\",\n  \"description\": \"Intervalles divisés par deux en semaine sur "
        "quatre lignes de bus synthétiques peu fréquentes (SYNTHÉTIQUE)\",\n  \"modifications\": [\n";
    for (auto k = 0U; k != 4 && k != order.size(); ++k) {
      auto const& b = in.buses_[order[k]];
      auto const headway = b.headway_min_ * 30;
      out += std::string{k != 0 ? ",\n" : ""} +
             "    {\n      \"type\": \"adjust-frequency\",\n      \"name\": " + json_string(b.route_id_ + " x2") +
             ",\n      \"route\": " + json_string("0:" + b.route_id_) +
             ",\n      \"retain_trips_outside_frequency_entries\": true,\n      \"entries\": [\n";
      for (auto d = 0; d != 2; ++d) {
        out += "        {\"source_trip\": " + json_string("0:" + b.first_trip_[d]) +
               ", \"start_time\": \"06:00\", \"end_time\": \"21:00\", \"headway_secs\": " + std::to_string(headway) +
               ", \"days\": [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]}" + (d == 0 ? ",\n" : "\n");
      }
      out += "      ]\n    }";
    }
    out += "\n  ]\n}\n";
    write_text(dir / "bus_frequence.json", out);
  }
}

std::string make_territory_toml() {
  return R"toml(# solimob diagnostic configuration of the SYNTHETIC demo territory (docs/diagnostic_config.md).
# Written by `solimob demo`; every path is relative to this file.

[territory]
name = "Seine-Saint-Denis (démonstration)"
synthetic = "Données synthétiques : territoire de démonstration. Communes, EPT, populations communales et positions des gares sont réels ; carreaux, services, emplois, quartiers, horaires et accessibilité sont inventés. Ne pas lire ces résultats comme un diagnostic du département."
sources = ["INSEE populations légales (communes, via @etalab/decoupage-administratif 6.0.0)", "IGN Admin Express 2018 (contours communaux)", "IDFM emplacement des gares (positions)", "solimob demo : grille de type Filosofi 200 m, BPE, emplois, QPV, horaires SYNTHÉTIQUES"]

[network]
osm = "streets.osm.pbf"
gtfs = ["gtfs.zip"]
on_demand = "on_demand.json"

[population]
file = "population.gpkg"
layer = "filosofi_200m"
id = "Idcar_200m"
total = "Ind"
rank = "Men_pauv"

# The whole population (total, walk profile) is always measured; the publics come beside it.
[[publics]]
name = "seniors"
label = "Personnes âgées (65 ans et plus)"
field = "Ind_65p"
profile = "elderly"
rider = "senior"

[[publics]]
name = "elderly80"
label = "Personnes de 80 ans et plus"
field = "Ind_80p"
profile = "elderly"
rider = "senior"

[[publics]]
name = "wheelchair"
label = "Personnes en fauteuil roulant (estimation synthétique)"
field = "synth_fauteuil"
profile = "wheelchair"
both_bounds = true

[[publics]]
name = "low_income"
label = "Ménages pauvres (sous le seuil de pauvreté)"
field = "Men_pauv"
profile = "walk"
rider = "css"

[[publics]]
name = "jobseekers"
label = "Demandeurs d'emploi (estimation synthétique)"
field = "synth_demandeurs_emploi"
profile = "walk"
rider = "full"

[[publics]]
name = "rsa"
label = "Foyers allocataires du RSA (estimation synthétique)"
field = "synth_rsa"
profile = "walk"
rider = "rsa"

[services]
file = "equipements.csv"
id = "id"
category = "TYPEQU"
name = "nom"

[[categories]]
code = "A122"
label = "Agence France Travail"
nearest = true
cutoffs = [30, 45]

[[categories]]
code = "A128"
label = "France Services"
nearest = true
cutoffs = [30, 45]

[[categories]]
code = "SM_CAF"
label = "Accueil CAF"
nearest = true
cutoffs = [30, 45]

[[categories]]
code = "SM_CCAS"
label = "CCAS"
nearest = true
cutoffs = [30, 45]

[[categories]]
code = "D108"
label = "Centre de santé"
nearest = true
cutoffs = [30, 45]

[[categories]]
code = "SM_PMI"
label = "Centre de PMI"
nearest = true
cutoffs = [30, 45]

[[categories]]
code = "D106"
label = "Urgences hospitalières"
nearest = true
cutoffs = [30, 45]

[jobs]
file = "emplois.csv"
id = "id"
field = "emplois"
cutoffs = [45, 60]

[[zones]]
name = "commune"
label = "Communes"
file = "communes.geojson"
id = "code_insee"
label_field = "nom"

[[zones]]
name = "ept"
label = "Établissements publics territoriaux"
file = "ept.geojson"
id = "code_ept"
label_field = "nom"

[[zones]]
name = "qpv"
label = "Quartiers prioritaires (synthétiques)"
file = "qpv.geojson"
id = "code_qpv"
label_field = "nom"

[analysis]
departure = "2026-11-24 08:00"
window = 30
percentile = 50
max_time = 90
white_zone_minutes = 45
mode = "transit"
# One phase draw per minute for the frequency-based lines (T1, and the scenarios' new lines given by
# headway): R5's default, ceil(200 / window) = 7 draws, would make every search 7 times as long.
frequency_draws = 1

[[scenarios]]
name = "Ligne 15 Est"
file = "scenarios/gpe_15_est.json"

[[scenarios]]
name = "Ligne 16"
file = "scenarios/gpe_16.json"

[[scenarios]]
name = "Ligne 17"
file = "scenarios/gpe_17.json"

[[scenarios]]
name = "Gares accessibles"
file = "scenarios/gares_accessibles.json"

[[scenarios]]
name = "Bus : fréquence doublée"
file = "scenarios/bus_frequence.json"
)toml";
}

std::string ept_code(std::string_view ept) {
  // Numbering of the Métropole du Grand Paris' territories.
  if (ept == "Plaine Commune") {
    return "T6";
  }
  if (ept == "Paris Terres d'Envol") {
    return "T7";
  }
  if (ept == "Est Ensemble") {
    return "T8";
  }
  if (ept == "Grand Paris Grand Est") {
    return "T9";
  }
  return std::string{ept};
}

}  // namespace

void write_layers(fs::path const& data_dir, layer_inputs const& in, fs::path const& dir) {
  auto const polygons = read_polygons(data_dir / "communes-93-ign-2018.geojson", "code");
  auto const dept = read_polygons(data_dir / "departement-93-ign-2018.geojson", "code");
  if (dept.size() != 1) {
    throw input_error{(data_dir / "departement-93-ign-2018.geojson").string(), 0, "", "expected one feature"};
  }
  std::vector<qpv_site> qpv;
  auto const g = make_grid(in, polygons, qpv);
  write_population(g, dir / "population.gpkg");

  // communes.geojson: 39 communes of 2025; Saint-Denis = union of its 2018 polygon and Pierrefitte's.
  std::map<std::string, std::vector<std::string>, std::less<>> parts;
  for (auto const& [code, wkb] : polygons) {
    parts[code == "93059" ? std::string{"93066"} : code].push_back(wkb);
  }
  std::vector<std::pair<std::string, std::string>> communes;
  std::map<std::string, std::vector<std::string>, std::less<>> ept_parts;
  for (auto const& c : in.communes_) {
    auto const it = parts.find(c.code_);
    if (it == parts.end()) {
      throw input_error{"communes-93-ign-2018.geojson", 0, "code", "no polygon for commune " + c.code_};
    }
    auto const wkb = it->second.size() == 1 ? it->second.front() : geometry::union_polygons(it->second);
    communes.emplace_back("\"code_insee\": " + json_string(c.code_) + ", \"nom\": " + json_string(c.name_) +
                              ", \"ept\": " + json_string(c.ept_) + ", \"code_ept\": " + json_string(ept_code(c.ept_)),
                          wkb);
    for (auto const& p : it->second) {
      ept_parts[c.ept_].push_back(p);
    }
  }
  write_text(dir / "communes.geojson", feature_collection(communes));
  std::vector<std::pair<std::string, std::string>> epts;
  for (auto const& [name, ps] : ept_parts) {
    epts.emplace_back("\"code_ept\": " + json_string(ept_code(name)) + ", \"nom\": " + json_string(name),
                      geometry::union_polygons(ps));
  }
  write_text(dir / "ept.geojson", feature_collection(epts));

  // qpv.geojson: the union of the cells of each district (their populated cells within its radius).
  {
    auto const to_wgs = make_transform(3035, 4326);
    std::vector<std::pair<std::string, std::string>> features;
    for (auto k = 0U; k != qpv.size(); ++k) {
      auto const& q = qpv[k];
      std::vector<std::string> cells;
      for (auto const& c : g.cells_) {
        if (c.commune_ == q.commune_ && haversine_m(c.centre_, q.centre_) < q.radius_m_) {
          cells.push_back(cell_wgs84(c.x_, c.y_, *to_wgs));
        }
      }
      if (cells.empty()) {
        continue;
      }
      auto const& c = in.communes_[q.commune_];
      auto const num = std::to_string(901 + k);
      features.emplace_back(
          "\"code_qpv\": " + json_string("QP093" + num) + ", \"nom\": " +
              json_string("Quartier prioritaire synthétique n° " + std::to_string(k + 1) + " (" + c.name_ + ")") +
              ", \"code_insee\": " + json_string(c.code_) + ", \"synthetique\": true",
          geometry::union_polygons(cells));
    }
    write_text(dir / "qpv.geojson", feature_collection(features));
  }

  std::vector<latlng> stops;
  for (auto const& s : in.stations_) {
    stops.push_back(s.pos_);
  }
  write_text(dir / "equipements.csv", make_services(in, g, stops, polygons));
  write_text(dir / "emplois.csv", make_jobs(in));
  write_text(dir / "on_demand.json", make_on_demand(in, geojson_geometry(dept.front().second)));
  write_scenarios(in, dir / "scenarios");
  write_text(dir / "territory.toml", make_territory_toml());
}

}  // namespace solimob::demo
