#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "analysis/accessibility.h"
#include "io/vector_io.h"
#include "jobs/fare_source.h"
#include "jobs/network_source.h"
#include "jobs/tables.h"

namespace solimob::jobs {

// `solimob access`: accessibility of every origin to opportunities, with per-zone and per-group
// tables. Inputs are read with GDAL (CSV, GeoJSON, GeoPackage, Shapefile...), outputs written with
// GDAL to CSV, GeoPackage, GeoJSON, XLSX/ODS or PostGIS ("PG:...").
struct access_job {
  network_source network_;
  std::string origins_;
  std::string origins_id_field_{"id"};
  std::vector<std::string> population_fields_;  // the first one is the whole population
  std::string opportunities_;
  std::string opportunities_id_field_{"id"};
  // Empty with --category-field: one field per category (its name in lower case, accents and spaces
  // folded, e.g. centre_de_sante), each feature counting 1.
  std::vector<std::string> opportunity_fields_;
  std::optional<std::string> capacity_field_;  // supply of the floating catchment areas
  std::optional<std::string> category_field_;
  std::vector<std::string> categories_;
  std::optional<std::string> crs_;  // declared CRS for inputs without one
  std::optional<std::string> zones_;
  std::string zone_id_field_{"id"};
  std::optional<std::string> zone_name_field_;
  std::optional<std::string> demand_field_;  // default: the first population field
  analysis::access_params params_;           // params_.travel_.profile_ measures the whole population
  // --public NAME=FIELD:PROFILE: the public counted in population column FIELD, measured with its own
  // profile; its indicators are written beside the whole population's as NAME_<column>, with the
  // gap NAME_gap_<column> (the public's value minus the whole population's); zone means of these are
  // weighted by FIELD.
  // NAME=FIELD:PROFILE:RIDER also prices its trips for rider category RIDER (README, Fares): with
  // --max-fare, its trips above the bound do not count.
  struct public_profile {
    std::string name_, field_;
    profile::profile profile_;
    std::string rider_;  // empty: the job's --rider
  };
  std::vector<public_profile> publics_;
  // --fares, --rider (the whole population's; params_.travel_.max_fare_cents_ is --max-fare).
  fare_source fares_;
  // --unknown-accessibility both: a public whose profile reads GTFS accessibility gets both bounds,
  // as NAME_strict_<column> and NAME_optimistic_<column> (and their gaps NAME_strict_gap_<column>...).
  bool both_bounds_{false};
  // --car-gap: every column set (the whole population's, each public's) also measured by car
  // (analysis::mode::kCar, with that set's profile for the walks to and from the car), written as
  // car_<column> (NAME_car_<column> for a public) with the car-dependence gap car_gap_<column>
  // (NAME_car_gap_<column>): the car's value minus the set's own.
  bool car_gap_{false};
  std::string scenario_;  // --scenario: measured on the network with this scenario applied
  std::string out_;
};

// The inputs of an access run, read and checked once (compare measures them on several networks).
struct access_inputs {
  io::vector_layer origins_;                    // numeric_ parallel to population_fields_, then demand
  std::vector<std::string> population_fields_;  // the job's, then the publics' own
  std::vector<analysis::point> origin_points_, destinations_;
  std::vector<analysis::opportunity_field> fields_;
  std::vector<std::vector<double>> supply_;
  std::vector<double> demand_;
};
access_inputs read_inputs(access_job const&, std::ostream& log);

// Every column set's indicators side by side: the whole population's, then each public's values
// and gaps (README, access).
struct access_result {
  analysis::indicator_table indicators_;
  std::vector<std::size_t> weight_field_;  // per column: the population field (index) that weights it
  std::vector<std::uint8_t> is_gap_;       // per column: 1 for a public's gap to the whole population
  std::vector<std::string> set_;           // per column: "" (whole population) or the set's prefix (NAME...)
  std::vector<std::string> indicator_;     // per column: the indicator it measures (the first set's name)
  io::table run_info_;                     // completeness of the accessibility data, per profile
};
access_result compute(access_job const&, access_inputs const&, network::network const&,
                      std::vector<ondemand::service> const& services, std::ostream& log);

// Per zone: population sums and weighted means of every column (zones and origins' zones: read_zones).
io::table zones_table(zone_layer const&, access_inputs const&, access_result const&);

// Parses NAME=FIELD:PROFILE[:RIDER] (PROFILE among the built-in ones or those of `profile_file`).
access_job::public_profile parse_public(std::string const& spec, std::string const& profile_file);

void run(access_job const&, std::ostream& log);

}  // namespace solimob::jobs
