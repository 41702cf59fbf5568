#pragma once

#include <memory>

namespace solimob::server {

class http_server;
class commune_reference;

// The direction's workspace API: organisations, objectives, actions and their budget lines, the
// budget annex ("jaune budgétaire"), cooperation documents, meetings, development sectors and the
// home dashboard. Partner accounts (role partenaire) only see what is shared with their
// organisation; read-only roles get 403 on every change. `communes` (serve --communes): what survey
// answers' communes resolve to and the barrier maps draw; null: none.
void add_plan_routes(http_server&, std::shared_ptr<commune_reference const> communes = nullptr);

}  // namespace solimob::server
