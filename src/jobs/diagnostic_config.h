#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "jobs/network_source.h"

namespace solimob::jobs {

// The configuration of `solimob diagnostic` (docs/diagnostic_config.md): one TOML file naming the
// territory's inputs, publics, service categories, zones, analysis parameters and scenarios. Paths are
// made absolute against the file's folder.
struct diagnostic_config {
  std::filesystem::path file_;  // the configuration itself: errors name it

  std::string name_;
  std::string synthetic_;  // the banner's sentence; empty = real data
  std::vector<std::string> sources_;

  network_source network_;
  std::string on_demand_, fares_, profiles_;  // optional files, "" = none

  struct population {
    std::string file_, layer_, id_, total_;
    std::optional<std::string> crs_, rank_;
  } population_;

  struct public_def {
    std::string name_, label_, field_, profile_, rider_;
    bool both_bounds_{false};
  };
  std::vector<public_def> publics_;

  struct services {
    std::string file_, layer_, id_, category_;
    std::optional<std::string> name_;
  } services_;

  struct category {
    std::string code_, label_;
    bool nearest_{true};
    std::vector<int> cutoffs_;
  };
  std::vector<category> categories_;

  struct jobs_def {
    std::string file_, layer_, id_, field_;
    std::vector<int> cutoffs_;
  };
  std::optional<jobs_def> jobs_;

  struct zone_level {
    std::string name_, label_, file_, id_;
    std::optional<std::string> label_field_;
  };
  std::vector<zone_level> zones_;

  struct analysis {
    std::string departure_;
    int window_{30}, percentile_{50}, max_time_{90};
    std::optional<double> max_fare_;
    double white_zone_minutes_{45.0};
    std::string mode_{"transit"};
    std::optional<int> frequency_draws_;  // phase draws per minute; default ceil(200 / window) as R5
  } analysis_;

  struct scenario_def {
    std::string name_, file_;
  };
  std::vector<scenario_def> scenarios_;
};

// Reads and checks the configuration: every key's type and range, unknown keys refused, files that must
// exist, publics' names unique. Throws input_error naming the file, the line and the key
// ("publics[2].profile").
diagnostic_config read_diagnostic_config(std::filesystem::path const&);

// Runs `f`, naming the configuration key in any input error it throws (a field absent from a layer...).
template <typename F>
auto with_key(diagnostic_config const& c, std::string const& key, F&& f) {
  try {
    return f();
  } catch (incompatible_file_error const&) {
    throw;
  } catch (io_error const&) {
    throw;
  } catch (input_error const& e) {
    throw input_error{c.file_.string(), 0, key, e.what()};
  }
}

}  // namespace solimob::jobs
