#pragma once

// Partners see what their organisation takes part in: SQL conditions and filters for the routes.

#include <string>

#include "server/api.h"
#include "server/records/workspace.h"

namespace solimob::server::routes {

using nlohmann::json;

bool is_partner(request_context const&);
long long partner_org(request_context const&);
std::string visibility_key(request_context const&);  // "all" or "org:<id>", for caches
// The SQL condition a row of `type` aliased `alias` meets when the user may see it: the type's
// visibility rule for partners, "1=1" for everyone else.
std::string visible(request_context const&, records::record_type const& type, std::string const& alias);
// The organisations of a link list (partner_ids, party_ids, participant_ids) the user may see: a
// partner sees only its own among them, never which other organisations take part.
json visible_organisations(request_context const&, json ids);

}  // namespace solimob::server::routes
