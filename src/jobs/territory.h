#pragma once

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "analysis/travel_times.h"
#include "io/vector_io.h"
#include "jobs/access_job.h"
#include "jobs/diagnostic_config.h"

namespace solimob::jobs {

// The inputs of a diagnostic configuration, read and checked once: what `solimob diagnostic` measures
// and what `solimob serve --territory` answers questions about (one reader for both).
struct territory_inputs {
  // From [analysis] and [network]: day, departure, window, trip limit, mode, fare bound, phase draws,
  // on-demand services; the plain walk profile (each public sets its own).
  analysis::travel_time_params travel_;
  // Cells (population fields: the total, then each public's field once) and, as destinations, the
  // services of the configured categories (rows kept_ of services_, in order), then the jobs' points;
  // one opportunity field per category (category_field), then "emplois" when jobs are configured.
  access_inputs inputs_;
  std::optional<std::vector<double>> rank_;  // [population] rank, for the concentration index
  io::vector_layer services_;                // every service read: text_[0] its category, text_[1] its name if any
  std::vector<std::size_t> kept_;
  io::vector_layer jobs_;
  std::vector<profile::profile> public_profiles_;  // per cfg.publics_
};

// Throws input_error naming the configuration and the key ("publics[2].profile", "services") for bad
// input. `fr`: the language of the lines written to `log`.
territory_inputs read_territory_inputs(diagnostic_config const&, bool fr, std::ostream& log);

// A category's opportunity field and column prefix: "c_" and its code's slug ("c_a122").
std::string category_field(std::string const& code);

// The index of population field `field` in inputs_.population_fields_.
std::size_t population_field_index(access_inputs const&, std::string const& field);

// The network's lines (one line string per route: its longest trip's stops) and stations (step-free
// status from wheelchair_boarding: oui/non/inconnu, or yes/no/unknown), for maps and GeoPackages.
struct network_layers {
  io::table stations_, lines_;
};
network_layers network_tables(network::network const&, bool fr);

// The day a file was last written, YYYY-MM-DD (UTC), "?" when it cannot be read: inputs' provenance.
std::string file_date(std::string const& path);

}  // namespace solimob::jobs
