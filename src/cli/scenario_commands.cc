// Scenario subcommands: scenario check, scenario apply, scenario import.
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "core/error.h"
#include "io/file_util.h"
#include "jobs/network_source.h"
#include "ondemand/service.h"
#include "scenario/r5_import.h"
#include "scenario/scenario.h"
#include "scenario/summary.h"

namespace solimob::cli {

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::vector<ondemand::service> base_services(std::string const& file) {
  return file.empty() ? std::vector<ondemand::service>{} : ondemand::read_services(file);
}

// Each modification checked after those before it (their effects, e.g. a service they add, count),
// so that the first failing one is the one named; the rest are not checked.
void check_command(scenario_options_cli const& o, int& exit_code) {
  auto const s = scenario::read(o.scenario_);
  auto const net = jobs::open_network({o.network_, {}, {}}, std::cerr);
  auto const services = base_services(o.on_demand_);
  std::cout << "scenario '" << s.name_ << "' (" << o.scenario_ << "): " << s.modifications_.size()
            << (s.modifications_.size() == 1 ? " modification\n" : " modifications\n");
  scenario::scenario prefix = s;
  prefix.modifications_.clear();
  auto failed = false;
  for (auto const& m : s.modifications_) {
    std::cout << "  " << m.index_ << " " << m.name_ << ": " << scenario::type_name(m.change_) << ": "
              << scenario::describe(m.change_) << ": ";
    if (failed) {
      std::cout << "not checked (after an error)\n";
      continue;
    }
    prefix.modifications_.push_back(m);
    try {
      scenario::check(prefix, net, services, o.scenario_);
      std::cout << "ok\n";
    } catch (input_error const& e) {
      std::cout << "error: " << e.what() << "\n";
      failed = true;
    }
  }
  std::cout << (failed ? "scenario has errors\n" : "scenario ok\n");
  exit_code = failed ? 2 : 0;
}

void apply_command(scenario_options_cli const& o) {
  auto const s = scenario::read(o.scenario_);
  auto const net = jobs::open_network({o.network_, {}, {}}, std::cerr);
  auto const services = base_services(o.on_demand_);
  auto const start = std::chrono::steady_clock::now();
  auto const applied = scenario::apply(net, services, s, o.scenario_);
  auto const apply_s = seconds_since(start);
  auto const save_start = std::chrono::steady_clock::now();
  network::save(applied.network_, o.out_);
  auto const on_demand = std::count_if(begin(s.modifications_), end(s.modifications_), [](auto const& m) {
    return std::holds_alternative<scenario::add_on_demand_zone>(m.change_) ||
           std::holds_alternative<scenario::remove_on_demand_zone>(m.change_);
  });
  std::fprintf(stderr, "scenario '%s': %zu modification(s) applied in %.3fs; network saved in %.3fs; wrote %s\n",
               s.name_.c_str(), s.modifications_.size(), apply_s, seconds_since(save_start), o.out_.c_str());
  if (on_demand != 0) {
    std::fprintf(stderr,
                 "note: %td on-demand modification(s) checked: they change the on-demand services (%zu after the "
                 "scenario), which the network file does not hold\n",
                 on_demand, applied.services_.size());
  }
}

void import_command(scenario_options_cli const& o) {
  scenario::r5_import_options opts;
  for (auto const& f : o.feeds_) {
    scenario::add_r5_feed(opts, f);
  }
  auto const r = scenario::import_r5(io::read_file(o.import_in_), o.import_in_, opts);
  for (auto const& note : r.notes_) {
    std::fprintf(stderr, "note: %s\n", note.c_str());
  }
  io::write_atomically(o.out_, [&](std::ostream& out) { out << r.json_; });
  std::fprintf(stderr, "wrote %s\n", o.out_.c_str());
}

}  // namespace

void add_scenario_commands(CLI::App& app, scenario_options_cli& o, int& exit_code) {
  auto* sc = app.add_subcommand("scenario", "network modifications: check, apply, import (README, Scenarios)");
  sc->require_subcommand(1);

  auto* check = sc->add_subcommand("check", "check a scenario against a network and print a report (exit 2: errors)");
  check->add_option("--network", o.network_, "network file")->required();
  check->add_option("--scenario", o.scenario_, "scenario file (JSON)")->required();
  check->add_option("--on-demand", o.on_demand_,
                    "on-demand services the scenario's on-demand modifications start from: JSON service file or "
                    "GTFS-Flex folder");
  check->callback([&]() { check_command(o, exit_code); });

  auto* apply = sc->add_subcommand("apply", "apply a scenario to a network and save the modified network");
  apply->add_option("--network", o.network_, "network file")->required();
  apply->add_option("--scenario", o.scenario_, "scenario file (JSON)")->required();
  apply->add_option("--on-demand", o.on_demand_, "on-demand services the scenario starts from");
  apply->add_option("--out", o.out_, "network file to write")->required();
  apply->callback([&]() { apply_command(o); });

  auto* import = sc->add_subcommand("import", "convert another tool's scenario into a solimob scenario file");
  import->add_option("--from", o.import_from_, "format of the input: r5 (R5's modification JSON, Conveyal)")
      ->required()
      ->check(CLI::IsMember({"r5"}));
  import->add_option("input", o.import_in_, "the scenario to convert")->required();
  import->add_option("--out", o.out_, "solimob scenario file to write")->required();
  import->add_option("--feed", o.feeds_,
                     "R5FEED=N: R5 ids 'R5FEED:id' become 'N:id' (N: position of the feed in network build's "
                     "--gtfs, from 0); repeat per feed");
  import->callback([&]() { import_command(o);
});
}  // namespace solimob::cli

}  // namespace solimob::cli
