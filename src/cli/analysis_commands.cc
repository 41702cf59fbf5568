// Analysis subcommands: access, equity, isochrone. Each parses its options into a job struct and
// runs the job (src/jobs), which the server will call the same way.
#include <cmath>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "core/error.h"

namespace solimob::cli {

namespace {

std::vector<std::string> split(std::string const& s) {
  std::vector<std::string> out;
  std::stringstream ss{s};
  for (std::string item; std::getline(ss, item, ',');) {
    if (!item.empty()) {
      out.push_back(item);
    }
  }
  return out;
}

void set_departure(analysis::travel_time_params& p, std::string const& departure) {
  auto const dt = parse_date_time(departure);
  if (!dt) {
    throw input_error{"--departure: expected \"YYYY-MM-DD HH:MM\", got '" + departure + "'"};
  }
  p.day_ = dt->day_;
  p.departure_ = dt->time_;
}

// Options shared by commands that route: network source and travel parameters.
void add_travel_options(CLI::App* cmd, jobs::network_source& net, analysis::travel_time_params& tp,
                        std::string& departure, std::string& mode, profile_options& prof, int default_window) {
  cmd->add_option("--network", net.network_, "network file (or --osm and --gtfs)");
  cmd->add_option("--osm", net.osm_, "OpenStreetMap extract, to build the network on the fly");
  cmd->add_option("--gtfs", net.gtfs_, "GTFS feed(s), with --osm");
  cmd->add_option("--departure", departure, "first departure, \"YYYY-MM-DD HH:MM\" local time")->required();
  cmd->add_option("--window", tp.window_min_, "departure window in minutes, one search per minute")
      ->default_val(default_window)
      ->check(CLI::Range(1, 1440));
  add_profile_options(cmd, prof);
  cmd->add_option("--max-transfers", tp.max_transfers_, "maximum transfers")->default_val(8)->check(CLI::Range(0, 20));
  cmd->add_option("--link-radius-points", tp.link_radius_m_, "points farther from a street are unlinked (m)")
      ->default_val(500.0);
  add_mode_options(cmd, mode, tp);
  cmd->add_option("--frequency-draws", tp.frequency_draws_,
                  "phase draws per minute of exact_times=0 frequencies (0: from start_time; "
                  "default ceil(200 / window), as R5)")
      ->check(CLI::Range(0, 1000));
  cmd->add_option("--threads", tp.threads_, "threads (0 = all cores)")->default_val(0);
}

// The options of access, which compare takes too (the same inputs measured on several networks).
void add_access_options(CLI::App* access, analysis_options& o) {
  auto& a = o.access;
  add_travel_options(access, a.network_, a.params_.travel_, o.a_departure, o.a_mode, o.a_profile, 60);
  access->add_option("--origins", a.origins_, "origins: CSV/GeoJSON/GeoPackage/Shapefile (points or polygons)")
      ->required();
  access->add_option("--origins-id", a.origins_id_field_, "id column of the origins")->default_val("id");
  access
      ->add_option("--population-field", a.population_fields_,
                   "population column(s): whole population first, then groups (repeat)")
      ->required();
  access->add_option("--opportunities", a.opportunities_, "opportunities file")->required();
  access->add_option("--opportunities-id", a.opportunities_id_field_, "id column of the opportunities")
      ->default_val("id");
  access->add_option("--opportunity-field", a.opportunity_fields_, "weight column(s) (repeat)");
  access->add_option("--capacity-field", a.capacity_field_, "capacity column (supply of 2SFCA/E2SFCA)");
  access->add_option("--category-field", a.category_field_, "category column (BPE-style codes)");
  access->add_option("--category", o.a_categories, "comma-separated categories to keep");
  access->add_option("--crs", a.crs_, "coordinate system of inputs that declare none, e.g. EPSG:2154");
  access->add_option("--zones", a.zones_, "zone polygons for aggregation (communes, EPT, QPV...)");
  access->add_option("--zone-id", a.zone_id_field_, "id column of the zones")->default_val("id");
  access->add_option("--zone-name", a.zone_name_field_, "name column of the zones");
  access->add_option("--demand-field", a.demand_field_, "population column used as 2SFCA demand (default: first)");
  access->add_option("--decay", o.a_decay, "step, exponential, fixed_exponential, linear, logistic")
      ->default_val("step");
  access->add_option("--decay-value", a.params_.decay_value_,
                     "logistic: standard deviation (min); linear: width (min); fixed_exponential: per-second constant");
  access->add_option("--cutoffs", o.a_cutoffs, "cutoffs in minutes, e.g. 30,60")->default_val("30");
  access->add_option("--percentiles", o.a_percentiles, "e.g. 5,25,50,75,95")->default_val("50");
  access->add_option("--max-time", a.params_.travel_.max_time_min_, "maximum trip duration (minutes)")
      ->default_val(120);
  access->add_option("--nearest", o.a_nearest, "time to the n-th nearest opportunity, e.g. 1,3");
  access->add_option("--gravity-beta", o.a_gravity, "gravity accessibility with weight t^-beta (minutes)");
  access->add_option("--fca", o.a_fca, "floating catchment areas: 2sfca, e2sfca (comma-separated)");
  access->add_option("--public", o.a_publics,
                     "NAME=FIELD:PROFILE[:RIDER], e.g. seniors=pop_65plus:elderly: that public measured with its "
                     "own profile (and rider category), beside the whole population (repeat)");
  add_fare_options(access, a.fares_, o.a_max_fare);
  access->add_flag("--car-gap", a.car_gap_,
                   "also measure every column set by car: car_<column> and the gap car_gap_<column> (car minus "
                   "the set's value; NAME_car_... for a public)");
  access->add_option("--out", a.out_, "output: .csv .gpkg .geojson .xlsx .ods or PG:connection")->required();
}

// Turns the access options into o.access (after parsing).
void prepare_access(analysis_options& o) {
  auto& a = o.access;
  set_departure(a.params_.travel_, o.a_departure);
  a.params_.travel_.mode_ = parse_mode(o.a_mode);
  if (o.a_max_fare) {
    a.params_.travel_.max_fare_cents_ = static_cast<std::int32_t>(std::lround(*o.a_max_fare * 100.0));
  }
  // `both` is the publics' business (jobs::access_job::both_bounds_); the whole population's run
  // takes the optimistic default.
  a.both_bounds_ = o.a_profile.unknown_ == "both";
  auto prof = o.a_profile;
  if (a.both_bounds_) {
    prof.unknown_ = "optimistic";
  }
  apply_profile_options(prof, a.params_.travel_);
  a.publics_.clear();
  for (auto const& spec : o.a_publics) {
    a.publics_.push_back(jobs::parse_public(spec, o.a_profile.file_));
  }
  a.params_.travel_.progress_ = true;
  a.params_.percentiles_ = parse_int_list(o.a_percentiles, "--percentiles", 1, 100);
  a.params_.cutoffs_min_ = parse_int_list(o.a_cutoffs, "--cutoffs", 1, 1440);
  auto const decay = analysis::parse_decay(o.a_decay);
  if (!decay) {
    throw input_error{"--decay: unknown decay function '" + o.a_decay +
                      "' (step, exponential, fixed_exponential, linear, logistic)"};
  }
  a.params_.decay_ = *decay;
  if (!o.a_nearest.empty()) {
    a.params_.nearest_ = parse_int_list(o.a_nearest, "--nearest", 1, 1000000);
  }
  a.params_.gravity_beta_ = o.a_gravity;
  for (auto const& m : split(o.a_fca)) {
    if (m != "2sfca" && m != "e2sfca") {
      throw input_error{"--fca: unknown method '" + m + "' (2sfca, e2sfca)"};
    }
    a.params_.fca_.push_back(m == "2sfca" ? analysis::fca_method::kTwoStep : analysis::fca_method::kEnhancedTwoStep);
  }
  a.categories_ = split(o.a_categories);
  auto const max_cutoff = *std::max_element(begin(a.params_.cutoffs_min_), end(a.params_.cutoffs_min_));
  if (max_cutoff > a.params_.travel_.max_time_min_) {
    a.params_.travel_.max_time_min_ = max_cutoff;  // a cutoff beyond the trip limit would count nothing
  }
}

}  // namespace

void add_analysis_commands(CLI::App& app, analysis_options& o) {
  // access
  auto* access = app.add_subcommand("access", "accessibility of origins to opportunities, by zone and by group");
  add_access_options(access, o);
  access->add_option("--scenario", o.access.scenario_,
                     "scenario file: measure on the network it modifies (README, Scenarios)");
  access->callback([&]() {
    prepare_access(o);
    jobs::run(o.access, std::cerr);
  });

  // compare
  auto* compare = app.add_subcommand("compare", "scenarios against the baseline: who gains, by public and by area");
  add_access_options(compare, o);
  auto& cj = o.compare;
  compare
      ->add_option("--scenario", cj.scenarios_,
                   "scenario file (repeat: each compared with the baseline and the others)")
      ->required();
  compare
      ->add_option("--gain-minutes", cj.gain_minutes_, "population gaining or losing more than this (time indicators)")
      ->default_val(5.0);
  compare
      ->add_option("--gain-opportunities", cj.gain_opportunities_,
                   "population gaining or losing more than this (counts of opportunities)")
      ->default_val(1.0);
  compare->add_option("--beyond-minutes", cj.beyond_minutes_, "share beyond: a time above this, or nothing reached")
      ->default_val(30.0);
  compare->add_option("--beyond-opportunities", cj.beyond_opportunities_, "share beyond: fewer opportunities than this")
      ->default_val(1.0);
  compare->add_option("--top-zones", cj.top_zones_, "zones named in the findings")->default_val(5);
  compare->add_option("--rank-field", cj.rank_field_,
                      "deciles of this origins' field (income...); default: of each indicator's baseline value");
  compare->add_option("--lang", cj.lang_, "language of the findings")
      ->default_val("fr")
      ->check(CLI::IsMember({"fr", "en"}));
  compare->callback([&]() {
    prepare_access(o);
    cj.access_ = o.access;
    jobs::run(cj, std::cerr);
  });

  // diagnostic
  auto* diag =
      app.add_subcommand("diagnostic", "the solidarity mobility diagnostic of a territory: report, tables, layers");
  auto& dj = o.diagnostic;
  diag->add_option("--config", dj.config_, "territory configuration (TOML, docs/diagnostic_config.md)")->required();
  diag->add_option("--out", dj.out_, "output folder (rapport.html, rapport.pdf, indicateurs.xlsx, diagnostic.gpkg)")
      ->required();
  diag->add_option("--lang", dj.lang_, "language of the report")->default_val("fr")->check(CLI::IsMember({"fr", "en"}));
  diag->add_option("--threads", dj.threads_, "threads (0 = all cores)")->default_val(0);
  diag->add_flag("!--no-pdf", dj.pdf_, "do not print rapport.pdf (no Chromium)");
  diag->callback([&]() {
    auto const out = jobs::run(dj, std::cerr);
    std::cout << (dj.lang_ == "fr" ? "Rapport : " : "Report: ") << out.html_.string() << "\n";
  });

  // equity
  auto* equity = app.add_subcommand("equity", "inequality of an indicator between publics and areas");
  auto& e = o.equity;
  equity->add_option("--input", e.input_, "indicators per origin (e.g. the output of 'solimob access')")->required();
  equity->add_option("--layer", e.layer_,
                     "layer of a multi-layer input (default: origins when present, else the only one)");
  equity->add_option("--id-field", e.id_field_, "id column")->default_val("id");
  equity->add_option("--indicator", e.indicators_, "indicator column(s) (repeat)")->required();
  equity
      ->add_option("--population-field", e.population_fields_,
                   "population column(s): whole population first, then groups (repeat)")
      ->required();
  equity->add_option("--rank-field", e.rank_field_, "income or deprivation column for the concentration index");
  equity->add_option("--threshold", e.threshold_,
                     "minutes for time indicators (share above), opportunities otherwise (share below)");
  equity->add_option("--crs", e.crs_, "coordinate system of an input that declares none");
  equity->add_option("--white-zones", e.white_zones_, "write white-zone polygons here (.gpkg, .geojson...)");
  equity->add_option("--out", e.out_, "output: .csv .xlsx .ods .gpkg or PG:connection")->required();
  equity->callback([&]() { jobs::run(e, std::cerr); });

  // isochrone
  auto* iso = app.add_subcommand("isochrone", "areas reachable within each cutoff from one or more points");
  auto& i = o.iso;
  add_travel_options(iso, i.network_, i.params_, o.i_departure, o.i_mode, o.i_profile, 1);
  iso->add_option("--from", o.i_from, "starting point lon,lat (repeat for several)")->required();
  iso->add_option("--cutoffs", o.i_cutoffs, "minutes, increasing")->default_val("15,30,45,60");
  iso->add_option("--percentile", i.percentile_, "percentile of the departure window")
      ->default_val(50)
      ->check(CLI::Range(1, 100));
  iso->add_option("--resolution", i.resolution_m_, "cell size of the travel-time surface (m)")
      ->default_val(100.0)
      ->check(CLI::Range(20.0, 2000.0));
  add_fare_options(iso, i.fares_, o.i_max_fare);
  iso->add_option("--scenario", i.scenario_, "scenario file: on the network it modifies (README, Scenarios)");
  iso->add_option("--out", i.out_, "output: .geojson .gpkg or PG:connection")->required();
  iso->callback([&]() {
    set_departure(i.params_, o.i_departure);
    i.params_.mode_ = parse_mode(o.i_mode);
    if (o.i_max_fare) {
      i.params_.max_fare_cents_ = static_cast<std::int32_t>(std::lround(*o.i_max_fare * 100.0));
    }
    apply_profile_options(o.i_profile, i.params_);
    i.cutoffs_min_ = parse_int_list(o.i_cutoffs, "--cutoffs", 1, 1440);
    for (auto const& f : o.i_from) {
      auto const comma = f.find(',');
      try {
        if (comma == std::string::npos) {
          throw std::invalid_argument{f};
        }
        i.from_.push_back({std::stod(f.substr(comma + 1)), std::stod(f.substr(0, comma))});
      } catch (std::exception const&) {
        throw input_error{"--from: expected lon,lat, got '" + f + "'"};
      }
    }
    jobs::run(i, std::cerr);
  });
}

}  // namespace solimob::cli
