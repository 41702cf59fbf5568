#include "demo/demo_territory.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>

#include "analysis/matrix.h"
#include "analysis/points.h"
#include "demo/demo_generator.h"
#include "io/csv_reader.h"
#include "io/file_util.h"
#include "jobs/access_job.h"
#include "network/network.h"

namespace solimob::demo {

namespace {

// Population and EPT of each origin, from the generated origins.csv.
struct origin_info {
  std::string ept_;
  double population_;
};

std::vector<origin_info> read_origin_info(std::filesystem::path const& p) {
  auto const content = io::read_file(p);
  io::csv_reader csv{p.string(), content};
  auto const ept = csv.required_column("ept");
  auto const pop = csv.required_column("population");
  std::vector<origin_info> out;
  while (csv.next()) {
    out.push_back({std::string{csv.field(ept)}, csv.get_double(pop)});
  }
  return out;
}

std::vector<std::string> read_categories(std::filesystem::path const& p) {
  auto const content = io::read_file(p);
  io::csv_reader csv{p.string(), content};
  auto const cat = csv.required_column("category");
  std::vector<std::string> out;
  while (csv.next()) {
    out.emplace_back(csv.field(cat));
  }
  return out;
}

}  // namespace

void run_demo(std::filesystem::path const& dir, std::ostream& out) {
  std::filesystem::create_directories(dir);
  auto const files = generate(SOLIMOB_DEMO_DATA_DIR, dir);

  gtfs::report report;
  auto const net = network::build(files.osm_, {files.gtfs_}, {}, report);
  network::save(net, dir / "demo.net");

  auto const origins = analysis::read_points(files.origins_);
  auto const dests = analysis::read_points(files.destinations_);
  auto const info = read_origin_info(files.origins_);
  auto const categories = read_categories(files.destinations_);

  analysis::travel_time_params p;
  auto const dt = parse_date_time("2026-11-24 08:00");  // a Tuesday with weekday service
  p.day_ = dt->day_;
  p.departure_ = dt->time_;
  p.window_min_ = 60;
  p.max_time_min_ = 90;
  auto const m = analysis::compute_matrix(net, origins, dests, p, {50});
  analysis::write_matrix_csv(dir / "matrix.csv", m, origins, dests);

  out << "solimob — territoire de démonstration SYNTHÉTIQUE (Seine-Saint-Denis)\n"
      << "Communes, EPT et populations réels (INSEE) ; rues, services, points de population et horaires "
         "inventés.\n\n";
  out << "Réseau : " << net.streets_.n_nodes() << " nœuds de voirie, " << net.transit_.n_stops() << " arrêts, "
      << net.transit_.n_trips() << " courses ; GTFS : " << report.count(gtfs::severity::kError) << " erreur(s).\n";
  out << "Matrice : " << origins.size() << " origines x " << dests.size() << " destinations, départ 24/11/2026 "
      << "08:00, fenêtre 60 min, médiane (p50), " << m.n_pairs() << " couples atteignables en 90 min.\n\n";

  // Per EPT and service category: share of the population whose nearest service is within 30 and
  // 45 minutes (median over the departure window).
  std::vector<std::string> const shown = {"France Travail", "CAF", "centre de santé"};
  struct shares {
    double pop_ = 0, within_30_ = 0, within_45_ = 0;
  };
  std::map<std::string, std::map<std::string, shares>> by_ept;
  for (auto o = 0U; o != origins.size(); ++o) {
    for (auto const& c : shown) {
      auto best = analysis::kUnreachedMinutes;
      for (auto i = 0U; i != m.dest_[o].size(); ++i) {
        if (categories[m.dest_[o][i].v()] == c) {
          best = std::min(best, m.minutes_[o][i]);
        }
      }
      auto& a = by_ept[info[o].ept_][c];
      a.pop_ += info[o].population_;
      a.within_30_ += best <= 30 ? info[o].population_ : 0.0;
      a.within_45_ += best <= 45 ? info[o].population_ : 0.0;
    }
  }
  out << "Part de la population à moins de 30 / 45 min du service le plus proche (marche + transports en "
         "commun) :\n";
  char line[256];
  std::snprintf(line, sizeof(line), "%-28s", "EPT");
  out << line;
  for (auto const& c : shown) {
    std::snprintf(line, sizeof(line), " | %-17s", c.c_str());
    out << line;
  }
  out << '\n';
  for (auto const& [ept, cats] : by_ept) {
    std::snprintf(line, sizeof(line), "%-28s", ept.c_str());
    out << line;
    for (auto const& c : shown) {
      auto const& a = cats.at(c);
      std::snprintf(line, sizeof(line), " | %5.1f %% / %5.1f %%", 100.0 * a.within_30_ / a.pop_,
                    100.0 * a.within_45_ / a.pop_);
      out << line;
    }
    out << '\n';
  }
  // The diagnostic for GIS and spreadsheets: time to the nearest service of each kind and services
  // within 30 / 45 min, per population point, per commune (2018 IGN boundaries) and for the whole.
  jobs::access_job job;
  job.network_.network_ = (dir / "demo.net").string();
  job.origins_ = files.origins_.string();
  job.population_fields_ = {"population"};
  job.opportunities_ = files.destinations_.string();
  job.category_field_ = "category";
  job.zones_ = (std::filesystem::path{SOLIMOB_DEMO_DATA_DIR} / "communes-93-ign-2018.geojson").string();
  job.zone_id_field_ = "code";
  job.zone_name_field_ = "nom";
  job.params_.travel_ = p;
  job.params_.cutoffs_min_ = {30, 45};
  job.params_.nearest_ = {1};
  std::ostringstream log;
  for (auto const* name : {"diagnostic.gpkg", "diagnostic.xlsx"}) {
    job.out_ = (dir / name).string();
    jobs::run(job, log);
  }
  out << "\nDiagnostic : " << (dir / "diagnostic.gpkg").string() << " (couches origins, groups, zones = communes, "
      << "pour QGIS) et " << (dir / "diagnostic.xlsx").string() << " (une feuille par table).";
  out << "\nFichiers : " << (dir / "matrix.csv").string() << " (matrice), " << (dir / "demo.net").string()
      << " (réseau), " << files.gtfs_.string() << ", " << files.osm_.string() << "\n";
}

}  // namespace solimob::demo
