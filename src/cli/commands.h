#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "jobs/access_job.h"
#include "jobs/compare_job.h"
#include "jobs/diagnostic_job.h"
#include "jobs/equity_job.h"
#include "jobs/fare_source.h"
#include "jobs/isochrone_job.h"
#include "network/network.h"

namespace solimob::cli {

struct build_options {
  std::string osm_;
  std::vector<std::string> gtfs_;
  network::build_params params_;
};

// --profile and the options that override its values, shared by every routing command.
struct profile_options {
  std::string name_{"walk"}, file_, unknown_{"optimistic"};
  std::optional<double> walk_speed_kmh_, max_walk_m_;
  std::optional<int> board_slack_s_, max_lts_;
  std::string on_demand_;  // --on-demand: service file or GTFS-Flex folder
};
void add_profile_options(CLI::App*, profile_options&);
// Resolves the profile (built-in or from --profile-file) into `tp`, overrides applied.
void apply_profile_options(profile_options const&, analysis::travel_time_params& tp);

// Option values of the routing subcommands; must outlive CLI::App::parse (callbacks read them).
struct routing_options {
  build_options build, mbuild;
  std::string net_out, feed_path, check_date;
  std::string m_network, m_origins, m_dests, m_departure, m_percentiles = "50", m_out, m_mode = "transit", m_scenario;
  std::optional<double> m_max_fare;  // currency units (EUR, BRL...): needs fare rules
  jobs::fare_source m_fares;
  bool m_modes = false;
  analysis::travel_time_params tp;
  profile_options m_profile;
  std::string demo_dir = "demo-output", demo_lang = "fr";
  bool demo_pdf = true;
  bool demo_territory_only = false;
};

// network build, gtfs check, matrix, demo. `exit_code` is set by commands that report findings.
void add_routing_commands(CLI::App&, routing_options&, int& exit_code);

// Option values of the analysis subcommands (same lifetime rule).
struct analysis_options {
  jobs::access_job access;
  jobs::compare_job compare;
  jobs::diagnostic_job diagnostic;
  std::string a_departure, a_percentiles = "50", a_cutoffs = "30", a_decay = "step", a_nearest, a_fca,
                           a_mode = "transit";
  std::string a_categories;
  std::vector<std::string> a_publics;
  std::optional<double> a_max_fare, i_max_fare;
  std::optional<double> a_gravity;
  jobs::equity_job equity;
  jobs::isochrone_job iso;
  std::vector<std::string> i_from;
  std::string i_departure, i_cutoffs = "15,30,45,60", i_mode = "transit";
  profile_options a_profile, i_profile;
};

// access, equity, isochrone.
void add_analysis_commands(CLI::App&, analysis_options&);

// Option values of the web application's subcommands (same lifetime rule).
struct server_options_cli {
  std::string db_url, host = "127.0.0.1", static_dir, user_login, user_role, db_action, db_file;
  int port = 8080;
  bool secure_cookies = false;
  std::optional<long long> user_organisation;
  std::vector<std::string> reference_layers;
  std::string communes, communes_code_field, communes_name_field;
  std::vector<std::string> trusted_proxies;
  std::string basemap, basemap_attribution;
  std::size_t max_connections = 512, slow_per_address = 16;
  std::string territory;  // diagnostic configuration whose territory the analyses use
  unsigned analysis_workers = 1, analysis_threads = 1;
  std::size_t analysis_cache_mb = 256;
};

// serve, user add, db migrate|export|import.
void add_server_commands(CLI::App&, server_options_cli&);

// Option values of the scenario subcommands (same lifetime rule).
struct scenario_options_cli {
  std::string network_, scenario_, on_demand_, out_;
  std::string import_from_, import_in_;
  std::vector<std::string> feeds_;  // --feed R5FEED=N
};

// scenario check, scenario apply, scenario import. `exit_code` is set by check.
void add_scenario_commands(CLI::App&, scenario_options_cli&, int& exit_code);

// --mode transit|walk|car -> analysis::mode.
analysis::mode parse_mode(std::string const&);
// --mode and --car-parking-min on a routing command.
void add_mode_options(CLI::App*, std::string& mode, analysis::travel_time_params&);

// --fares, --rider and --max-fare on a routing command.
void add_fare_options(CLI::App*, jobs::fare_source&, std::optional<double>& max_fare);

// "5,25,50" -> {5, 25, 50}, each within [min, max]; throws input_error naming the option.
std::vector<int> parse_int_list(std::string const& s, std::string const& option, int min, int max);

}  // namespace solimob::cli
