#include "server/plan_routes.h"

#include <utility>

#include "server/communes.h"
#include "server/routes/record_routes.h"
#include "server/routes/support.h"

namespace solimob::server {

void add_plan_routes(http_server& server, std::shared_ptr<commune_reference const> communes) {
  routes::route_table t{server};
  routes::add_record_routes(t);
  routes::add_plan_api(t);
  routes::add_partners_api(t);
  routes::add_meetings_api(t);
  routes::add_territory_api(t);
  routes::add_dashboard_api(t);
  routes::add_views_api(t);
  routes::add_calls_api(t);
  routes::add_benchmark_api(t);
  routes::add_framework_api(t);
  routes::add_surveys_api(t, std::move(communes));
}

}  // namespace solimob::server
