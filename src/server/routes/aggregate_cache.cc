#include "server/routes/aggregate_cache.h"

namespace solimob::server::routes {

api_response reply_json_text(aggregate_cache::text const& t) {
  api_response r;
  r.content_type_ = "application/json; charset=utf-8";
  r.raw_ = *t;
  return r;
}

aggregate_cache& cache() {
  static aggregate_cache c;
  return c;
}

}  // namespace solimob::server::routes
