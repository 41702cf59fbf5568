#pragma once

// The generic API handlers of the record types described in server/records (list, create, correct,
// delete), driven by each type's description. Included by src/server/routes/*.cc only.

#include <optional>

#include "server/records/record_type.h"
#include "server/routes/support.h"

namespace solimob::server::routes {

// GET, POST, PUT and DELETE of every record type with a path_.
void add_record_routes(route_table&);

// The rows of `type` the user may see, in the type's order, as its API shows them; under the
// parent row `parent` when the type has a parent (which the caller has checked visible).
json list_records(request_context&, records::record_type const&, std::optional<long long> parent = std::nullopt);

// 404 not_found ("no <entity> <id>") unless row `id` of `type` exists and the user may see it.
void require_visible(request_context&, records::record_type const&, long long id);

}  // namespace solimob::server::routes
