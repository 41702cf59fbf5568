#pragma once

namespace solimob::server {
class http_server;
class analysis_service;
}  // namespace solimob::server

namespace solimob::server::routes {

// The routes of docs/API.md "Analyses" over `analyses` (not owned; it must outlive the server), and
// routes::analysis() pointed at it for the plan's routes. Null (serve without --territory): every
// route answers 409 conflict.
void add_analysis_api(http_server&, analysis_service* analyses);

}  // namespace solimob::server::routes
