// Routing subcommands: network build, gtfs check, matrix, demo.
#include <CLI/CLI.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "analysis/completeness.h"
#include "analysis/matrix.h"
#include "analysis/points.h"
#include "cli/commands.h"
#include "core/error.h"
#include "demo/demo_territory.h"
#include "gtfs/feed.h"
#include "network/network.h"
#include "profile/profile.h"

namespace solimob::cli {

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// `built`: the network was just built; a loaded one has no island figures (they are not saved).
void print_network_summary(network::network const& n, bool built) {
  std::fprintf(stderr,
               "network: %zu street nodes, %zu street edges, %zu stops (%zu not linked to streets), %zu trips, %zu "
               "walking transfers\n",
               n.streets_.n_nodes(), n.streets_.n_edges(), n.transit_.n_stops(), n.n_unlinked_stops(),
               n.transit_.n_trips(), n.transfers_.size());
  auto const& c = n.cars_.graph_;
  auto car_m = 0.0, one_way_m = 0.0;
  for (auto const e : c.edge_length_cm_.keys()) {
    car_m += c.edge_length_cm_[e] / 100.0;
    one_way_m += (c.edge_attr_[e].flags_ & street::edge_attr::kOneWay) != 0 ? c.edge_length_cm_[e] / 100.0 : 0.0;
  }
  std::fprintf(stderr, "car network: %zu nodes, %zu edges, %.1f km drivable, %.1f %% of it one-way\n", c.n_nodes(),
               c.n_edges(), car_m / 1000.0, car_m > 0.0 ? 100.0 * one_way_m / car_m : 0.0);
  if (!built) {
    return;
  }
  auto const& f = n.car_figures_;
  std::fprintf(stderr,
               "car network: %zu edges with a maxspeed tag (the others at their class's default speed), %zu nodes "
               "of car islands removed, %zu turn restrictions in the extract not applied (README, Car network)\n",
               f.maxspeed_edges_, f.island_nodes_removed_, f.restrictions_);
  if (n.params_.car_speeds_) {
    std::fprintf(stderr, "car speeds: %zu ways set from %s, %zu listed ids not among the drivable ways\n",
                 f.overridden_ways_, n.params_.car_speeds_->c_str(), f.overrides_not_found_);
  }
  // Points (origins, destinations) link at matrix/access time to the saved network, which no longer
  // holds the islands: only stops can be counted here.
  std::fprintf(stderr,
               "street islands removed (fewer than %zu vertices, as R5): %zu islands, %zu vertices, %zu street "
               "edges; %zu stops linked to the kept streets instead of an island\n",
               street::kMinIslandVertices, n.islands_.islands_, n.islands_.vertices_, n.islands_.removed_.n_edges(),
               n.stops_off_islands_);
}

void add_build_options(CLI::App* cmd, build_options& o, bool required) {
  auto* osm = cmd->add_option("--osm", o.osm_, "OpenStreetMap extract (.pbf or .osm)");
  auto* gtfs = cmd->add_option("--gtfs", o.gtfs_, "GTFS feed (zip or folder); repeat for several feeds");
  if (required) {
    osm->required();
    gtfs->required();
  }
  cmd->add_option("--link-radius", o.params_.link_radius_m_, "stops farther from a walkable street stay unlinked (m)")
      ->default_val(500.0);
  cmd->add_option("--max-transfer-walk", o.params_.max_transfer_m_, "longest walking transfer between stops (m)")
      ->default_val(1000.0);
  cmd->add_option("--elevation", o.params_.elevation_, "DEM GeoTIFF: edge slopes for the profiles (README, Profiles)");
  cmd->add_option("--lts-file", o.params_.lts_file_, "cycling stress per OSM way, r5r's format (osm_id,lts)");
  cmd->add_option("--elevation-crs", o.params_.elevation_crs_, "coordinate system of a DEM that declares none");
  cmd->add_option("--car-speeds", o.params_.car_speeds_,
                  "car speeds per OSM way, r5r's format (osm_id,max_speed,speed_type: km/h or scale)");
}

network::network build_network(build_options const& o) {
  gtfs::report r;
  auto const start = std::chrono::steady_clock::now();
  std::vector<std::filesystem::path> feeds{begin(o.gtfs_), end(o.gtfs_)};
  auto n = network::build(o.osm_, feeds, o.params_, r);
  std::fprintf(stderr,
               "network built in %.2fs; GTFS: %zu errors, %zu warnings (run 'solimob gtfs check' for details)\n",
               seconds_since(start), r.count(gtfs::severity::kError), r.count(gtfs::severity::kWarning));
  print_network_summary(n, true);
  std::fprintf(stderr,
               "cycling stress: %zu street edges given a higher stress by unsignalled intersections (R5's rule)\n",
               n.lts_raised_edges_);
  if (o.params_.lts_file_) {
    std::fprintf(stderr, "cycling stress: %zu ways set from %s, %zu listed ids not among the walkable ways\n",
                 n.lts_overridden_ways_, o.params_.lts_file_->c_str(), n.lts_overrides_not_found_);
  }
  if (o.params_.elevation_) {
    std::fprintf(stderr,
                 "elevation: %zu edges sampled every 10 m, %zu without DEM data (flat), steepest slice %.1f %%\n",
                 n.slopes_.sampled_edges_, n.slopes_.edges_without_data_, n.slopes_.max_grade_permille_ / 10.0);
  }
  return n;
}

}  // namespace

analysis::mode parse_mode(std::string const& m) {
  if (m == "walk") {
    return analysis::mode::kWalk;
  }
  if (m == "car") {
    return analysis::mode::kCar;
  }
  if (m == "transit") {
    return analysis::mode::kTransit;
  }
  throw input_error{"--mode: expected transit, walk or car, got '" + m + "'"};
}

void add_mode_options(CLI::App* cmd, std::string& mode, analysis::travel_time_params& tp) {
  cmd->add_option("--mode", mode, "transit (walk + public transport), walk, or car (door to door, README)")
      ->default_val("transit")
      ->check(CLI::IsMember({"transit", "walk", "car"}));
  cmd->add_option("--car-parking-min", tp.car_parking_min_, "--mode car: parking allowance at the destination (min)")
      ->default_val(5.0)
      ->check(CLI::Range(0.0, 120.0));
}

void add_fare_options(CLI::App* cmd, jobs::fare_source& fares, std::optional<double>& max_fare) {
  cmd->add_option("--fares", fares.fares_file_,
                  "r5r fare structure (zip of CSVs), replacing the feeds' own fares (README, Fares)");
  cmd->add_option("--rider", fares.rider_,
                  "rider category whose fares are computed: full, rsa, css, senior, amethyste, pass, or a "
                  "GTFS Fares v2 category (README, Fares)");
  cmd->add_option("--max-fare", max_fare,
                  "fastest trip costing at most this, one way (currency units; needs fare rules)")
      ->check(CLI::Range(0.0, 1e6));
}

std::vector<int> parse_int_list(std::string const& s, std::string const& option, int min, int max) {
  std::vector<int> out;
  std::size_t pos = 0;
  while (pos <= s.size()) {
    auto const comma = s.find(',', pos);
    auto const item = s.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    try {
      std::size_t used = 0;
      auto const v = std::stoi(item, &used);
      if (used != item.size() || v < min || v > max) {
        throw std::invalid_argument{item};
      }
      out.push_back(v);
    } catch (std::exception const&) {
      throw input_error{option + ": '" + item + "' is not a whole number between " + std::to_string(min) + " and " +
                        std::to_string(max)};
    }
    if (comma == std::string::npos) {
      break;
    }
    pos = comma + 1;
  }
  return out;
}

void add_profile_options(CLI::App* cmd, profile_options& o) {
  cmd->add_option("--profile", o.name_, "walk, elderly, reduced_mobility, wheelchair, bike, or one of --profile-file")
      ->default_val("walk");
  cmd->add_option("--profile-file", o.file_, "JSON file defining or overriding profiles (README, Profiles)");
  cmd->add_option("--unknown-accessibility", o.unknown_,
                  "wheelchair profiles: stops and trips without GTFS accessibility data count as inaccessible "
                  "(strict) or accessible (optimistic); access only: both, each public's columns for each bound")
      ->default_val("optimistic")
      ->check(CLI::IsMember({"strict", "optimistic", "both"}));
  cmd->add_option("--walk-speed", o.walk_speed_kmh_, "km/h, overrides the profile's speed")
      ->check(CLI::Range(0.5, 40.0));
  cmd->add_option("--max-walk", o.max_walk_m_, "maximum metres per street leg, overrides the profile's")
      ->check(CLI::Range(0.0, 100000.0));
  cmd->add_option("--board-slack", o.board_slack_s_, "minimum wait before boarding (s), overrides the profile's")
      ->check(CLI::Range(0, 3600));
  cmd->add_option("--max-lts", o.max_lts_,
                  "bike profiles: highest level of traffic stress ridden (1-4), overrides the profile's (bike: 2, "
                  "as r5r); the bike is walked above it")
      ->check(CLI::Range(1, 4));
  cmd->add_option("--on-demand", o.on_demand_,
                  "on-demand and paratransit services: JSON service file or GTFS-Flex folder (README, On-demand "
                  "services)");
}

void apply_profile_options(profile_options const& o, analysis::travel_time_params& tp) {
  if (o.unknown_ == "both") {
    // One run gives one set of times; access alone writes several column sets side by side.
    throw input_error{
        "--unknown-accessibility both is for access (it writes both column sets); run this command "
        "once with strict and once with optimistic"};
  }
  tp.profile_ = profile::find_profile(o.name_, o.file_);
  if (o.walk_speed_kmh_) {
    tp.profile_.speed_kmh_ = *o.walk_speed_kmh_;
  }
  if (o.max_walk_m_) {
    tp.profile_.max_leg_m_ = *o.max_walk_m_;
  }
  if (o.board_slack_s_) {
    tp.profile_.board_slack_s_ = *o.board_slack_s_;
  }
  if (o.max_lts_) {
    tp.profile_.max_lts_ = *o.max_lts_;
  }
  tp.bound_ =
      o.unknown_ == "strict" ? profile::accessibility_bound::kStrict : profile::accessibility_bound::kOptimistic;
  if (!o.on_demand_.empty()) {
    tp.on_demand_ = ondemand::read_services(o.on_demand_);
  }
}

void add_routing_commands(CLI::App& app, routing_options& o, int& exit_code) {
  // network o.build
  auto* net_cmd = app.add_subcommand("network", "build street + transit networks");
  net_cmd->require_subcommand(1);
  auto* build_cmd = net_cmd->add_subcommand("build", "read OSM + GTFS, link them and save the network file");
  add_build_options(build_cmd, o.build, true);
  build_cmd->add_option("--out", o.net_out, "network file to write")->required();
  build_cmd->add_option("--threads", o.build.params_.threads_, "threads (0 = all cores)");
  build_cmd->callback([&]() {
    auto const n = build_network(o.build);
    network::save(n, o.net_out);
    std::fprintf(stderr, "wrote %s\n", o.net_out.c_str());
  });

  // gtfs check
  auto* gtfs_cmd = app.add_subcommand("gtfs", "GTFS tools");
  gtfs_cmd->require_subcommand(1);
  auto* check_cmd = gtfs_cmd->add_subcommand("check", "validate a feed and print a report");
  check_cmd->add_option("feed", o.feed_path, "GTFS zip or folder")->required();
  check_cmd->add_option("--date", o.check_date, "check that trips run on this date (YYYY-MM-DD)");
  check_cmd->callback([&]() {
    gtfs::report r;
    std::optional<gtfs::feed> f;
    try {
      f = gtfs::load(o.feed_path, r);
    } catch (input_error const&) {
      // The fatal finding is in the report; print it below.
    }
    if (f) {
      r.add(
          gtfs::severity::kInfo, "time_zone", "agency.txt", 0, "agency_timezone",
          "stop times are read on the clock of " + (f->timezone_.empty() ? std::string{"(none given)"} : f->timezone_));
      auto const not_routed =
          std::count_if(begin(f->stops_), end(f->stops_), [](gtfs::stop const& s) { return s.location_type_ != 0; });
      if (not_routed != 0) {
        r.add(gtfs::severity::kInfo, "not_routed_locations", "stops.txt", 0, "location_type",
              std::to_string(not_routed) +
                  " stations, entrances, generic nodes or boarding areas (location_type 1-4): not routed");
      }
      if (!f->transfers_.empty()) {
        auto const forbidden = std::count_if(begin(f->transfers_), end(f->transfers_), [](gtfs::min_transfer const& t) {
          return t.min_time_ == gtfs::min_transfer::kForbidden;
        });
        auto const same_stop = std::count_if(begin(f->transfers_), end(f->transfers_), [](gtfs::min_transfer const& t) {
          return t.from_ == t.to_ && t.min_time_ != gtfs::min_transfer::kForbidden;
        });
        r.add(gtfs::severity::kInfo, "transfer_rules", "transfers.txt", 0, "",
              std::to_string(f->transfers_.size()) + " rules between stops: " + std::to_string(forbidden) +
                  " forbidden (type 3), " + std::to_string(same_stop) +
                  " minimum change times at one stop, the others minimum times between two stops (type 2)");
      }
      {
        auto const a = gtfs::accessibility(*f);
        r.add(gtfs::severity::kInfo, "wheelchair_stops", "stops.txt", 0, "wheelchair_boarding",
              std::to_string(a.stops_known_) + " of " + std::to_string(a.routable_stops_) +
                  " stops (location_type 0) with known wheelchair boarding after inheritance, " +
                  std::to_string(a.stops_accessible_) + " accessible");
        r.add(gtfs::severity::kInfo, "wheelchair_trips", "trips.txt", 0, "wheelchair_accessible",
              std::to_string(a.trips_known_) + " of " + std::to_string(a.trips_) +
                  " trips with known wheelchair accessibility, " + std::to_string(a.trips_accessible_) + " accessible");
        std::string modes;
        static constexpr char const* kModes[] = {"",          "walkway",  "stairs",    "moving sidewalk",
                                                 "escalator", "elevator", "fare gate", "exit gate"};
        for (auto m = 1U; m != 8U; ++m) {
          modes += std::string{m == 1 ? "" : ", "} + kModes[m] + " " + std::to_string(a.pathways_by_mode_[m]);
        }
        r.add(gtfs::severity::kInfo, "pathways", "pathways.txt", 0, "",
              std::to_string(f->pathways_.size()) + " pathways (" + modes + "); " +
                  std::to_string(a.stations_with_pathways_) + " of " + std::to_string(a.stations_) +
                  " stations have pathways; " + std::to_string(f->levels_.size()) + " levels");
      }
      auto const days = f->service_days();
      if (days.empty()) {
        r.add(gtfs::severity::kError, "no_service", "calendar.txt", 0, "", "no trip runs on any date");
      } else {
        r.add(gtfs::severity::kInfo, "service_period", "calendar.txt", 0, "",
              "trips run on " + std::to_string(days.size()) + " dates from " + format_date(days.front()) + " to " +
                  format_date(days.back()));
        if (!o.check_date.empty()) {
          auto const dt = parse_date_time(o.check_date + " 00:00");
          if (!dt) {
            throw input_error{"--date", 0, "", "expected YYYY-MM-DD, got '" + o.check_date + "'"};
          }
          if (!std::binary_search(begin(days), end(days), dt->day_)) {
            auto const next = std::lower_bound(begin(days), end(days), dt->day_);
            std::string around = next != end(days) ? "next date with service: " + format_date(*next) : "";
            if (next != begin(days)) {
              around += std::string{around.empty() ? "" : "; "} + "previous: " + format_date(*std::prev(next));
            }
            r.add(gtfs::severity::kError, "no_service_on_date", "calendar.txt", 0, "",
                  "no trip runs on " + o.check_date + " (" + around + ")");
          }
        }
      }
      r.add(gtfs::severity::kInfo, "summary", "", 0, "",
            std::to_string(f->stops_.size()) + " stops, " + std::to_string(f->routes_.size()) + " routes, " +
                std::to_string(f->trips_.size()) + " trips, " + std::to_string(f->frequencies_.size()) +
                " frequency entries (" + std::to_string(f->frequency_trips_) + " departures from start_time), " +
                std::to_string(f->interpolated_times_) + " interpolated stop times");
    }
    r.print(std::cout);
    std::cout << r.count(gtfs::severity::kFatal) << " fatal, " << r.count(gtfs::severity::kError) << " errors, "
              << r.count(gtfs::severity::kWarning) << " warnings\n";
    exit_code = r.has_fatal() ? 2 : r.count(gtfs::severity::kError) != 0 ? 1 : 0;
  });

  // matrix
  auto* matrix_cmd = app.add_subcommand("matrix", "travel-time matrix over a departure window");
  matrix_cmd->add_option("--network", o.m_network, "network file (or give --osm and --gtfs)");
  add_build_options(matrix_cmd, o.mbuild, false);
  matrix_cmd->add_option("--origins", o.m_origins, "CSV with id, lon, lat")->required();
  matrix_cmd->add_option("--destinations", o.m_dests, "CSV with id, lon, lat")->required();
  matrix_cmd->add_option("--departure", o.m_departure, "first departure, \"YYYY-MM-DD HH:MM\" local time")->required();
  matrix_cmd->add_option("--window", o.tp.window_min_, "departure window in minutes, one search per minute")
      ->default_val(60)
      ->check(CLI::Range(1, 1440));
  matrix_cmd->add_option("--percentiles", o.m_percentiles, "comma-separated, e.g. 5,25,50,75,95")->default_val("50");
  matrix_cmd->add_option("--max-time", o.tp.max_time_min_, "maximum trip duration (minutes)")
      ->default_val(120)
      ->check(CLI::Range(1, 1440));
  add_profile_options(matrix_cmd, o.m_profile);
  matrix_cmd->add_option("--max-transfers", o.tp.max_transfers_, "maximum transfers")
      ->default_val(8)
      ->check(CLI::Range(0, 20));
  matrix_cmd->add_option("--link-radius-points", o.tp.link_radius_m_, "points farther from a street are unlinked (m)")
      ->default_val(500.0);
  add_mode_options(matrix_cmd, o.m_mode, o.tp);
  matrix_cmd
      ->add_option("--frequency-draws", o.tp.frequency_draws_,
                   "phase draws per minute of exact_times=0 frequencies (0: from start_time; "
                   "default ceil(200 / window), as R5)")
      ->check(CLI::Range(0, 1000));
  add_fare_options(matrix_cmd, o.m_fares, o.m_max_fare);
  matrix_cmd->add_option("--scenario", o.m_scenario, "scenario file: on the network it modifies (README, Scenarios)");
  matrix_cmd->add_option("--threads", o.tp.threads_, "threads (0 = all cores)")->default_val(0);
  matrix_cmd->add_option("--out", o.m_out, "output CSV")->required();
  matrix_cmd->add_flag("--modes", o.m_modes,
                       "add modes_pNN (the fastest trip's modes) and booking_pNN (1 if it needs a booking)");
  matrix_cmd->callback([&]() {
    if (o.m_network.empty() == o.mbuild.osm_.empty() || (o.m_network.empty() && o.mbuild.gtfs_.empty())) {
      throw input_error{"give either --network FILE or --osm FILE with --gtfs FEED"};
    }
    auto const dt = parse_date_time(o.m_departure);
    if (!dt) {
      throw input_error{"--departure", 0, "", "expected \"YYYY-MM-DD HH:MM\", got '" + o.m_departure + "'"};
    }
    o.tp.day_ = dt->day_;
    o.tp.departure_ = dt->time_;
    o.tp.mode_ = parse_mode(o.m_mode);
    o.tp.progress_ = true;
    if (o.m_max_fare) {
      o.tp.max_fare_cents_ = static_cast<std::int32_t>(std::lround(*o.m_max_fare * 100.0));
    }
    apply_profile_options(o.m_profile, o.tp);
    auto const percentiles = parse_int_list(o.m_percentiles, "--percentiles", 1, 100);
    auto const origins = analysis::read_points(o.m_origins);
    auto const dests = analysis::read_points(o.m_dests);
    auto const start = std::chrono::steady_clock::now();
    auto net = o.m_network.empty() ? build_network(o.mbuild) : network::load(o.m_network);
    if (!o.m_network.empty()) {
      std::fprintf(stderr, "network loaded in %.2fs\n", seconds_since(start));
      print_network_summary(net, false);
    }
    if (!o.m_scenario.empty()) {
      jobs::apply_scenario(o.m_scenario, net, o.tp.on_demand_, std::cerr);
    }
    std::unique_ptr<fares::pricer> pricer;
    if (o.m_fares.wanted() || o.tp.max_fare_cents_) {
      pricer = jobs::open_pricer(net, o.m_fares);
      o.tp.pricer_ = pricer.get();
    }
    auto const t0 = std::chrono::steady_clock::now();
    if (o.tp.profile_.reads_accessibility_data()) {
      std::fprintf(stderr, "%s\n",
                   analysis::describe(analysis::measure_completeness(net, o.tp.profile_), o.tp.profile_).c_str());
    }
    auto const m = analysis::compute_matrix(net, origins, dests, o.tp, percentiles, o.m_modes);
    auto const compute_s = seconds_since(t0);
    analysis::write_matrix_csv(o.m_out, m, origins, dests);
    auto const report_unlinked = [](char const* what, std::vector<point_idx> const& idx,
                                    std::vector<analysis::point> const& pts) {
      if (idx.empty()) {
        return;
      }
      std::string ids;
      for (auto i = 0U; i != idx.size() && i != 10; ++i) {
        ids += (i ? ", " : "") + pts[idx[i].v()].id_;
      }
      std::fprintf(stderr, "warning: %zu %s farther than the link radius from any walkable street, left out: %s%s\n",
                   idx.size(), what, ids.c_str(), idx.size() > 10 ? ", ..." : "");
    };
    report_unlinked("origins", m.summary_.unlinked_origins_, origins);
    report_unlinked("destinations", m.summary_.unlinked_destinations_, dests);
    std::fprintf(stderr,
                 "matrix: %zu x %zu, %zu reachable pairs, %zu frequency draw(s) per minute, computed in %.2fs; "
                 "wrote %s\n",
                 origins.size(), dests.size(), m.n_pairs(), m.summary_.n_draws_, compute_s, o.m_out.c_str());
  });

  // demo
  auto* demo_cmd = app.add_subcommand("demo", "the embedded synthetic demo territory (Seine-Saint-Denis)");
  demo_cmd->add_option("--dir", o.demo_dir, "folder for the generated files and results")->default_val("demo-output");
  demo_cmd->add_option("--lang", o.demo_lang, "language of the report")
      ->default_val("fr")
      ->check(CLI::IsMember({"fr", "en"}));
  demo_cmd->add_flag("!--no-pdf", o.demo_pdf, "do not print rapport.pdf (no Chromium)");
  demo_cmd->add_flag("--territory-only", o.demo_territory_only,
                     "only generate the territory and its configuration (DIR/territoire/territory.toml)");
  demo_cmd->callback(
      [&]() { demo::run_demo(o.demo_dir, o.demo_lang, o.demo_pdf, o.demo_territory_only, std::cout, std::cerr); });
}

}  // namespace solimob::cli
