#pragma once

#include <filesystem>
#include <ostream>
#include <string>

namespace solimob::jobs {

// `solimob diagnostic`: the solidarity mobility diagnostic of a territory from one configuration
// (docs/diagnostic_config.md). For the whole population and each public (its profile and rider), and
// each service category and jobs: accessibility indicators, white zones, equity indices, aggregation by
// every zone level, the wheelchair strict / optimistic bounds, and each scenario against the baseline.
// Writes into `out`: rapport.html (self-contained, offline), rapport.pdf (headless Chromium),
// indicateurs.xlsx (one sheet per table, with a sheet of definitions and units) and diagnostic.gpkg
// (every layer, with QGIS styles). Progress goes to `log`.
struct diagnostic_job {
  std::filesystem::path config_;
  std::filesystem::path out_;
  std::string lang_{"fr"};
  unsigned threads_{0};
  bool pdf_{true};  // false: no rapport.pdf (tests without Chromium)
};

// The paths written, for the caller to print.
struct diagnostic_outputs {
  std::filesystem::path html_, pdf_, xlsx_, gpkg_;
};

diagnostic_outputs run(diagnostic_job const&, std::ostream& log);

}  // namespace solimob::jobs
