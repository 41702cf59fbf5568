#pragma once

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "jobs/access_job.h"

namespace solimob::jobs {

// `solimob compare`: the access indicators of every public on the baseline network and on each
// scenario (README, Scenarios): per origin the change of each indicator, per public the change of the
// weighted mean, of the share beyond a threshold and of the Gini index, the population gaining or
// losing more than a threshold, changes by decile and by zone, and findings in plain sentences.
// Several scenarios share the baseline's run and are also compared with each other.
struct compare_job {
  access_job access_;  // the inputs, publics and output of an access run; access_.scenario_ unused
  std::vector<std::string> scenarios_;
  // Thresholds in each indicator's unit: minutes for times (--nearest), opportunities otherwise.
  double gain_minutes_{5.0};          // population gaining / losing more than this many minutes
  double gain_opportunities_{1.0};    // ... than this many opportunities
  double beyond_minutes_{30.0};       // share beyond: a time above this, or none reached
  double beyond_opportunities_{1.0};  // share beyond: fewer opportunities than this
  std::size_t top_zones_{5};
  // Deciles of this origins' field (income, deprivation); without it, of each indicator's baseline
  // value, the least served tenth first.
  std::optional<std::string> rank_field_;
  std::string lang_{"fr"};  // of the findings: fr or en
  bool pairwise_{true};     // also each scenario against every earlier one (else against the baseline only)
};

void run(compare_job const&, std::ostream& log);

// A network measured: the baseline (first) or a scenario, with its name.
struct measured_version {
  std::string name_;
  access_result result_;
};
// The comparison's tables (origins, summary, deciles, zones when job.access_.zones_, findings) and
// its findings as sentences, from versions measured on the same inputs; `rank` per origin for the
// deciles (else the baseline's values). The diagnostic calls it with its own measured networks.
struct comparison {
  std::vector<io::table> tables_;
  std::vector<std::string> findings_;
};
comparison compare(compare_job const&, access_inputs const&, std::vector<measured_version>,
                   std::optional<std::vector<double>> const& rank, std::ostream& log);

// The columns of `r` for which keep(column index) holds, with their set, indicator, weight and gap
// flags (the diagnostic keeps the indicators it reports).
access_result keep_columns(access_result const& r, std::function<bool(std::size_t)> const& keep);

}  // namespace solimob::jobs
