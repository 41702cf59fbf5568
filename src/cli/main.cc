// solimob: thin command line over the library. Each subcommand parses its options into the
// library's parameter struct and calls one library function; errors map to exit codes here.
#include <CLI/CLI.hpp>

#include <cstdio>

#include "cli/commands.h"
#include "core/error.h"

namespace {

int run(int argc, char** argv) {
  CLI::App app{"solimob: solidarity mobility decision support (travel times, accessibility, equity)"};
  app.require_subcommand(1);
  int exit_code = 0;
  solimob::cli::routing_options routing;
  solimob::cli::analysis_options analysis;
  solimob::cli::server_options_cli server;
  solimob::cli::scenario_options_cli scenario;
  solimob::cli::add_routing_commands(app, routing, exit_code);
  solimob::cli::add_analysis_commands(app, analysis);
  solimob::cli::add_server_commands(app, server);
  solimob::cli::add_scenario_commands(app, scenario, exit_code);
  try {
    app.parse(argc, argv);
  } catch (CLI::ParseError const& e) {
    auto const code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  return exit_code;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (solimob::error const& e) {
    std::fprintf(stderr, "\nerror: %s\n", e.what());
    return solimob::info(e.kind()).exit_code_;
  } catch (std::exception const& e) {
    std::fprintf(stderr, "\nerror: %s\n", e.what());
    return 1;
  }
}
