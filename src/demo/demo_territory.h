#pragma once

#include <filesystem>
#include <ostream>
#include <string>

namespace solimob::demo {

// The README's main job: generates the synthetic territory (deterministically) into dir/territoire,
// with its diagnostic configuration (territoire/territory.toml), then runs the diagnostic on it
// (jobs/diagnostic_job.h): dir/rapport.html, rapport.pdf (unless !pdf), indicateurs.xlsx and
// diagnostic.gpkg. Progress goes to `log`; the last line of `out` is the report's path. territory_only:
// stops after the generation (the territory for `solimob serve --territory`, the tests).
void run_demo(std::filesystem::path const& dir, std::string const& lang, bool pdf, bool territory_only,
              std::ostream& out, std::ostream& log);

}  // namespace solimob::demo
