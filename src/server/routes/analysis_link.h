#pragma once

// What the plan's routes (indicators fed by an analysis, saved views) ask of the territory's analyses.
// routes/analysis_api.cc fills it when `serve --territory` loaded one; without a territory every
// function is empty and the routes that need one answer 409 conflict ("no territory loaded").

#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

namespace solimob::server::routes {

struct analysis_link {
  // The result of an access analysis (docs/API.md, "A job's result") as JSON text, for params
  // {"public","category","scenario","departure","window","percentile"} (missing keys: the defaults).
  // Computes it, or takes it from the cache, and waits for it. Throws api_error invalid_input naming
  // the key for a bad parameter ("params.category").
  std::function<std::shared_ptr<std::string const>(nlohmann::json const& params)> access_result_;
  // The loaded territory's choices: the answer of GET /api/analysis/territory.
  std::function<nlohmann::json()> territory_;

  bool loaded() const { return static_cast<bool>(access_result_); }
};

analysis_link& analysis();  // one per process (serve runs one territory)

}  // namespace solimob::server::routes
