// solimob: thin command line over the library. Each subcommand parses its options into the
// library's parameter struct and calls one library function; errors map to exit codes here.
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "analysis/matrix.h"
#include "analysis/points.h"
#include "core/error.h"
#include "demo/demo_territory.h"
#include "gtfs/feed.h"
#include "io/feed_source.h"
#include "network/network.h"

using namespace solimob;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void print_network_summary(network::network const& n) {
  std::fprintf(stderr,
               "network: %zu street nodes, %zu street edges, %zu stops (%zu not linked to streets), %zu trips, %zu "
               "walking transfers\n",
               n.streets_.n_nodes(), n.streets_.n_edges(), n.transit_.n_stops(), n.n_unlinked_stops(),
               n.transit_.n_trips(), n.transfers_.size());
}

struct build_options {
  std::string osm_;
  std::vector<std::string> gtfs_;
  network::build_params params_;
};

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
}

network::network build_network(build_options const& o) {
  gtfs::report r;
  auto const start = std::chrono::steady_clock::now();
  std::vector<std::filesystem::path> feeds{begin(o.gtfs_), end(o.gtfs_)};
  auto n = network::build(o.osm_, feeds, o.params_, r);
  std::fprintf(stderr,
               "network built in %.2fs; GTFS: %zu errors, %zu warnings (run 'solimob gtfs check' for details)\n",
               seconds_since(start), r.count(gtfs::severity::kError), r.count(gtfs::severity::kWarning));
  print_network_summary(n);
  return n;
}

std::vector<int> parse_percentiles(std::string const& s) {
  std::vector<int> out;
  std::size_t pos = 0;
  while (pos <= s.size()) {
    auto const comma = s.find(',', pos);
    auto const item = s.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    try {
      std::size_t used = 0;
      auto const v = std::stoi(item, &used);
      if (used != item.size() || v < 1 || v > 100) {
        throw std::invalid_argument{item};
      }
      out.push_back(v);
    } catch (std::exception const&) {
      throw input_error{"--percentiles", 0, "", "'" + item + "' is not a percentile between 1 and 100"};
    }
    if (comma == std::string::npos) {
      break;
    }
    pos = comma + 1;
  }
  return out;
}

int run(int argc, char** argv) {
  CLI::App app{"solimob: solidarity mobility decision support (travel times, accessibility, plans)"};
  app.require_subcommand(1);

  // network build
  auto* net_cmd = app.add_subcommand("network", "build street + transit networks");
  net_cmd->require_subcommand(1);
  auto* build_cmd = net_cmd->add_subcommand("build", "read OSM + GTFS, link them and save the network file");
  build_options build;
  std::string net_out;
  add_build_options(build_cmd, build, true);
  build_cmd->add_option("--out", net_out, "network file to write")->required();
  build_cmd->add_option("--threads", build.params_.threads_, "threads (0 = all cores)");
  build_cmd->callback([&]() {
    auto const n = build_network(build);
    network::save(n, net_out);
    std::fprintf(stderr, "wrote %s\n", net_out.c_str());
  });

  // gtfs check
  auto* gtfs_cmd = app.add_subcommand("gtfs", "GTFS tools");
  gtfs_cmd->require_subcommand(1);
  auto* check_cmd = gtfs_cmd->add_subcommand("check", "validate a feed and print a report");
  std::string feed_path, check_date;
  check_cmd->add_option("feed", feed_path, "GTFS zip or folder")->required();
  check_cmd->add_option("--date", check_date, "check that trips run on this date (YYYY-MM-DD)");
  int check_exit = 0;
  check_cmd->callback([&]() {
    gtfs::report r;
    std::optional<gtfs::feed> f;
    try {
      f = gtfs::load(feed_path, r);
    } catch (input_error const&) {
      // The fatal finding is in the report; print it below.
    }
    if (f) {
      auto const days = f->service_days();
      if (days.empty()) {
        r.add(gtfs::severity::kError, "no_service", "calendar.txt", 0, "", "no trip runs on any date");
      } else {
        r.add(gtfs::severity::kInfo, "service_period", "calendar.txt", 0, "",
              "trips run on " + std::to_string(days.size()) + " dates from " + format_date(days.front()) + " to " +
                  format_date(days.back()));
        if (!check_date.empty()) {
          auto const dt = parse_date_time(check_date + " 00:00");
          if (!dt) {
            throw input_error{"--date", 0, "", "expected YYYY-MM-DD, got '" + check_date + "'"};
          }
          if (!std::binary_search(begin(days), end(days), dt->day_)) {
            auto const next = std::lower_bound(begin(days), end(days), dt->day_);
            std::string around = next != end(days) ? "next date with service: " + format_date(*next) : "";
            if (next != begin(days)) {
              around += std::string{around.empty() ? "" : "; "} + "previous: " + format_date(*std::prev(next));
            }
            r.add(gtfs::severity::kError, "no_service_on_date", "calendar.txt", 0, "",
                  "no trip runs on " + check_date + " (" + around + ")");
          }
        }
      }
      r.add(gtfs::severity::kInfo, "summary", "", 0, "",
            std::to_string(f->stops_.size()) + " stops, " + std::to_string(f->routes_.size()) + " routes, " +
                std::to_string(f->trips_.size()) + " trips (" + std::to_string(f->frequency_trips_) +
                " from frequencies), " + std::to_string(f->interpolated_times_) + " interpolated stop times");
    }
    r.print(std::cout);
    std::cout << r.count(gtfs::severity::kFatal) << " fatal, " << r.count(gtfs::severity::kError) << " errors, "
              << r.count(gtfs::severity::kWarning) << " warnings\n";
    check_exit = r.has_fatal() ? 2 : r.count(gtfs::severity::kError) != 0 ? 1 : 0;
  });

  // matrix
  auto* matrix_cmd = app.add_subcommand("matrix", "travel-time matrix over a departure window");
  build_options mbuild;
  std::string m_network, m_origins, m_dests, m_departure, m_percentiles = "50", m_out, m_mode = "transit";
  analysis::travel_time_params tp;
  matrix_cmd->add_option("--network", m_network, "network file (or give --osm and --gtfs)");
  add_build_options(matrix_cmd, mbuild, false);
  matrix_cmd->add_option("--origins", m_origins, "CSV with id, lon, lat")->required();
  matrix_cmd->add_option("--destinations", m_dests, "CSV with id, lon, lat")->required();
  matrix_cmd->add_option("--departure", m_departure, "first departure, \"YYYY-MM-DD HH:MM\" local time")->required();
  matrix_cmd->add_option("--window", tp.window_min_, "departure window in minutes, one search per minute")
      ->default_val(60)
      ->check(CLI::Range(1, 1440));
  matrix_cmd->add_option("--percentiles", m_percentiles, "comma-separated, e.g. 5,25,50,75,95")->default_val("50");
  matrix_cmd->add_option("--max-time", tp.max_time_min_, "maximum trip duration (minutes)")
      ->default_val(120)
      ->check(CLI::Range(1, 1440));
  matrix_cmd->add_option("--max-walk", tp.max_walk_m_, "maximum metres per walking leg")
      ->default_val(1000.0)
      ->check(CLI::Range(0.0, 100000.0));
  matrix_cmd->add_option("--walk-speed", tp.walk_speed_kmh_, "km/h")->default_val(3.6)->check(CLI::Range(0.5, 20.0));
  matrix_cmd->add_option("--max-transfers", tp.max_transfers_, "maximum transfers")
      ->default_val(8)
      ->check(CLI::Range(0, 20));
  matrix_cmd->add_option("--board-slack", tp.board_slack_s_, "minimum wait before boarding (s)")
      ->default_val(60)
      ->check(CLI::Range(0, 3600));
  matrix_cmd->add_option("--link-radius-points", tp.link_radius_m_, "points farther from a street are unlinked (m)")
      ->default_val(500.0);
  matrix_cmd->add_option("--mode", m_mode, "transit (walk + public transport) or walk")
      ->default_val("transit")
      ->check(CLI::IsMember({"transit", "walk"}));
  matrix_cmd->add_option("--threads", tp.threads_, "threads (0 = all cores)")->default_val(0);
  matrix_cmd->add_option("--out", m_out, "output CSV")->required();
  matrix_cmd->callback([&]() {
    if (m_network.empty() == mbuild.osm_.empty() || (m_network.empty() && mbuild.gtfs_.empty())) {
      throw input_error{"give either --network FILE or --osm FILE with --gtfs FEED"};
    }
    auto const dt = parse_date_time(m_departure);
    if (!dt) {
      throw input_error{"--departure", 0, "", "expected \"YYYY-MM-DD HH:MM\", got '" + m_departure + "'"};
    }
    tp.day_ = dt->day_;
    tp.departure_ = dt->time_;
    tp.mode_ = m_mode == "walk" ? analysis::mode::kWalk : analysis::mode::kTransit;
    tp.progress_ = true;
    auto const percentiles = parse_percentiles(m_percentiles);
    auto const origins = analysis::read_points(m_origins);
    auto const dests = analysis::read_points(m_dests);
    auto const start = std::chrono::steady_clock::now();
    auto const net = m_network.empty() ? build_network(mbuild) : network::load(m_network);
    if (!m_network.empty()) {
      std::fprintf(stderr, "network loaded in %.2fs\n", seconds_since(start));
      print_network_summary(net);
    }
    auto const t0 = std::chrono::steady_clock::now();
    auto const m = analysis::compute_matrix(net, origins, dests, tp, percentiles);
    auto const compute_s = seconds_since(t0);
    analysis::write_matrix_csv(m_out, m, origins, dests);
    auto const report_unlinked = [](char const* what, std::vector<std::size_t> const& idx,
                                    std::vector<analysis::point> const& pts) {
      if (idx.empty()) {
        return;
      }
      std::string ids;
      for (auto i = 0U; i != idx.size() && i != 10; ++i) {
        ids += (i ? ", " : "") + pts[idx[i]].id_;
      }
      std::fprintf(stderr, "warning: %zu %s farther than the link radius from any walkable street, left out: %s%s\n",
                   idx.size(), what, ids.c_str(), idx.size() > 10 ? ", ..." : "");
    };
    report_unlinked("origins", m.summary_.unlinked_origins_, origins);
    report_unlinked("destinations", m.summary_.unlinked_destinations_, dests);
    std::fprintf(stderr, "matrix: %zu x %zu, %zu reachable pairs, computed in %.2fs; wrote %s\n", origins.size(),
                 dests.size(), m.n_pairs(), compute_s, m_out.c_str());
  });

  // demo
  auto* demo_cmd = app.add_subcommand("demo", "the embedded synthetic demo territory (Seine-Saint-Denis)");
  std::string demo_dir = "demo-output";
  demo_cmd->add_option("--dir", demo_dir, "folder for the generated files and results")->default_val("demo-output");
  demo_cmd->callback([&]() { demo::run_demo(demo_dir, std::cout); });

  try {
    app.parse(argc, argv);
  } catch (CLI::ParseError const& e) {
    auto const code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  return check_exit;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (input_error const& e) {
    std::fprintf(stderr, "\nerror: %s\n", e.what());
    return static_cast<int>(e.code());
  } catch (std::exception const& e) {
    std::fprintf(stderr, "\nerror: %s\n", e.what());
    return 1;
  }
}
