#pragma once

// Queries on rows of the workspace tables: existence, parents, deletion, links to organisations
// (action_partner, document_party, meeting_participant); the API's answers.

#include <soci/soci.h>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "server/api.h"

namespace solimob::server::routes {

using nlohmann::json;

// An api_response built by assignment: brace-initialising its json member from a json value would
// wrap the value in an array (nlohmann::json's initializer-list constructor wins).
api_response reply(int status, json body);

// An optional id of a row of `table` (null or absent: i_null); invalid_input naming the field when
// no such row exists.
std::pair<long long, soci::indicator> optional_reference(soci::session&, json const& b, std::string const& field,
                                                         std::string const& table);

// 404 not_found ("no <entity> <id>") unless `table` has a row with this id.
void require_row(soci::session&, std::string const& table, std::string const& entity, long long id);
// The `column` (a parent's id) of row `id` of `table`; 404 not_found ("no <entity> <id>") without one.
long long parent_of(soci::session&, std::string const& table, std::string const& column, std::string const& entity,
                    long long id);
// DELETE /api/.../:id of a row of `table`, audited. Rows that still refer to it and do not go with
// it make the request fail as a conflict (409) with nothing changed.
api_response delete_row(request_context&, std::string const& table, std::string const& entity);
// An optional save target: the :id of PUT /api/x/:id (checked to exist), nullopt for POST /api/x.
using save_target = std::optional<long long>;

void check_organisations_exist(soci::session&, std::vector<long long> const& ids, std::string const& field);
void replace_links(soci::session&, std::string const& table, std::string const& key, long long id,
                   std::vector<long long> const& orgs);
std::vector<long long> links(soci::session&, std::string const& table, std::string const& key, long long id);
// The links of many rows in one query (a list page): id -> sorted organisation ids (arrays, [] if none).
std::map<long long, json> links_of(soci::session&, std::string const& table, std::string const& key,
                                   std::vector<long long> const& ids);

}  // namespace solimob::server::routes
