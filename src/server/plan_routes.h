#pragma once

namespace solimob::server {

class http_server;

// The direction's workspace API: organisations, objectives, actions and their budget lines, the
// budget annex ("jaune budgétaire"), cooperation documents, meetings, development sectors and the
// home dashboard. Partner accounts (role partenaire) only see what is shared with their
// organisation; read-only roles get 403 on every change.
void add_plan_routes(http_server&);

}  // namespace solimob::server
