#include "demo/demo_territory.h"

#include "demo/demo_generator.h"
#include "jobs/diagnostic_job.h"

namespace solimob::demo {

void run_demo(std::filesystem::path const& dir, std::string const& lang, bool pdf, bool territory_only,
              std::ostream& out, std::ostream& log) {
  auto const inputs = dir / "territoire";
  std::filesystem::create_directories(inputs);
  generate(SOLIMOB_DEMO_DATA_DIR, inputs);
  jobs::diagnostic_job job;
  job.config_ = inputs / "territory.toml";
  if (territory_only) {
    out << job.config_.string() << "\n";
    return;
  }
  job.out_ = dir;
  job.lang_ = lang;
  job.pdf_ = pdf;
  auto const fr = lang == "fr";
  out << (fr ? "solimob — territoire de démonstration SYNTHÉTIQUE (Seine-Saint-Denis) : communes, EPT, populations "
               "et positions des gares réels ; carreaux, services, emplois, horaires et accessibilité inventés.\n"
             : "solimob — SYNTHETIC demo territory (Seine-Saint-Denis): municipalities, EPT, populations and station "
               "positions are real; cells, services, jobs, timetables and accessibility are invented.\n")
      << std::flush;
  auto const files = jobs::run(job, log);
  out << (fr ? "Données d'entrée et configuration : " : "Inputs and configuration: ") << job.config_.string() << "\n"
      << (fr ? "Tableaux : " : "Tables: ") << files.xlsx_.string() << "\n"
      << (fr ? "Couches SIG (QGIS) : " : "GIS layers (QGIS): ") << files.gpkg_.string() << "\n";
  if (pdf) {
    out << "PDF : " << files.pdf_.string() << "\n";
  }
  out << (fr ? "Atelier web (après solimob user add, voir README) : solimob serve --db sqlite:"
             : "Web workspace (after solimob user add, see README): solimob serve --db sqlite:")
      << (dir / "atelier.db").string() << " --territory " << job.config_.string() << "\n";
  out << (fr ? "Rapport : " : "Report: ") << files.html_.string() << "\n";
}

}  // namespace solimob::demo
