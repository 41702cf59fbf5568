#pragma once

// The territory's analyses for the web application (`solimob serve --territory CONFIG`): the territory
// of a diagnostic configuration loaded once, the questions of docs/API.md ("Analyses") answered with the
// library calls of the CLI (jobs/territory.h, jobs/isochrone_job.h, analysis::compute_accessibility).
// Brings nlohmann::json: include it from .cc files only.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/geo.h"
#include "core/time.h"
#include "server/job_queue.h"

namespace solimob::server {

struct analysis_limits {
  unsigned workers_ = 1;  // background jobs at once
  unsigned threads_ = 1;  // routing threads of one job, isochrone or from-point request
  std::size_t cache_bytes_ = std::size_t{256} << 20U;
  std::size_t max_engines_ = 8;  // prepared travel-time engines kept (per scenario, profile, departure)
  double grid_m_ = 200.0;        // isochrone grid cell: R5's default zoom-9 pixel at 48.9° N
};

// One question, checked: indices into the territory's lists (0 = the whole population / the baseline).
struct analysis_params {
  std::size_t public_{0};    // 0: the whole population, i: publics[i - 1]
  std::size_t category_{0};  // index in the categories (jobs last when configured)
  std::size_t scenario_{0};  // 0: the baseline, i: scenarios[i - 1]
  day_t day_{0};
  seconds_t departure_{0};
  int window_{30};
  int percentile_{50};
  std::string profile_;  // the profile's name (the public's unless given)
};

class analysis_service {
 public:
  // Reads the configuration, its inputs, the network and the scenarios (checked): input_error naming
  // the file and key for bad ones, before the server starts.
  analysis_service(std::filesystem::path const& config, analysis_limits, std::ostream& log);
  ~analysis_service();
  analysis_service(analysis_service const&) = delete;
  analysis_service& operator=(analysis_service const&) = delete;

  // GET /api/analysis/territory.
  nlohmann::json const& describe() const;

  // The parameters of a request from its query (or a job body), each read by `get(name)` (nullopt:
  // absent); api_error invalid_input naming the parameter for a bad or unknown value.
  // `default_window`: the window when none is given (isochrones use a short one).
  analysis_params read_params(std::function<std::optional<std::string>(std::string const&)> const& get,
                              std::optional<int> default_window = std::nullopt) const;
  nlohmann::json params_json(analysis_params const&) const;

  // A map layer as GeoJSON text: "population", "services", "network", "on-demand", "zones/<level>";
  // `category` filters the services ("" = all). api_error not_found for an unknown one.
  std::shared_ptr<std::string const> layer(std::string const& name, std::size_t scenario, std::string const& category);

  // A FeatureCollection, one feature per cutoff (minutes, increasing).
  nlohmann::json isochrone(latlng, analysis_params const&, std::vector<int> const& cutoffs);
  // {"minutes": per cell, "services": reached ones, fastest first}.
  nlohmann::json from_point(latlng, analysis_params const&);

  // The job computing the access result of `p` (docs/API.md, "A job's result").
  job_queue::status submit_access(analysis_params const&);
  job_queue& jobs();
  // The parameters of a job still known, as JSON (null otherwise).
  nlohmann::json job_params(std::string const& id) const;
  // Submits and waits (analysis_link::access_result_, saved views); api_error when it failed.
  std::shared_ptr<std::string const> access_result(analysis_params const&);

  // A result's layers as a file: "gpkg", "geojson" (the cells) or "xlsx"; sets the content type.
  std::string export_result(std::string const& result_json, std::string const& format, std::string& content_type);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace solimob::server
