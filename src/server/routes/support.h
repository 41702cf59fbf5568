#pragma once

// What the API route files share, one header per concept: rows whatever the backend (rows.h),
// validated body fields (body_fields.h), existence, parents, deletion and links of rows
// (row_queries.h), partners' visibility (visibility.h), the aggregate cache (aggregate_cache.h);
// here the route table and the route files' entry points. Included by src/server/routes/*.cc only
// (it brings nlohmann::json and SOCI).

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server/api.h"
#include "server/routes/aggregate_cache.h"
#include "server/routes/analysis_link.h"
#include "server/routes/body_fields.h"
#include "server/routes/row_queries.h"
#include "server/routes/rows.h"
#include "server/routes/visibility.h"

namespace solimob::server {
class commune_reference;
}

namespace solimob::server::routes {

// Signed or in-force documents ending within `days` days (partners_api.cc; the dashboard shows them).
json expiring_documents(request_context&, long long days);

// Registers routes; a change (any method but GET) drops the cached aggregates once it has ended.
class route_table {
 public:
  explicit route_table(http_server& s);
  void route(std::string const& method, std::string const& pattern, handler);

 private:
  http_server& s_;
};

void add_plan_api(route_table&);
void add_partners_api(route_table&);
void add_meetings_api(route_table&);
void add_territory_api(route_table&);
void add_dashboard_api(route_table&);
void add_views_api(route_table&);
void add_calls_api(route_table&);
void add_benchmark_api(route_table&);
void add_framework_api(route_table&);
// Survey answers resolve their commune against `communes` (null: the server has none).
void add_surveys_api(route_table&, std::shared_ptr<commune_reference const> communes);

// An action another route makes (a funded application, a benchmarked measure proposed).
struct new_action {
  std::string title_;
  std::optional<long long> objective_;
  std::string owner_direction_;
  std::string status_;
  std::string publics_;
  std::vector<long long> partners_;
};
// Inserts the action with its partners; its id (the caller audits it with its origin).
long long insert_action(request_context&, new_action const&);

// The call for projects an action comes from: {"application_id", "call_id", "call_title"}, or null.
json call_origin(request_context&, long long action);

// ---- the territory's analyses, as the plan's routes use them (views_api.cc) ----
// The access result JSON text for `params` (routes::analysis()); 409 conflict "no territory loaded".
std::shared_ptr<std::string const> access_result(json const& params);
// GET /api/analysis/territory's answer, or null when no territory is loaded.
json loaded_territory();

}  // namespace solimob::server::routes
