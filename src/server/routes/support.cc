#include "server/routes/support.h"

namespace solimob::server::routes {

route_table::route_table(http_server& s) : s_{s} {
  // After the commit, not in the handler: a reader starting between the two would read the
  // committed state before the change and keep it as current.
  s_.after_change([] { cache().invalidate(); });
}

void route_table::route(std::string const& method, std::string const& pattern, handler h) {
  s_.route(method, pattern, std::move(h));
}

}  // namespace solimob::server::routes
