#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "server/auth.h"

namespace solimob::store {
class database;
}  // namespace solimob::store

namespace solimob::server {

struct server_options {
  std::string host_ = "127.0.0.1";
  int port_ = 8080;              // 0: any free port, see http_server::bind
  std::string static_dir_;       // served at "/"; empty: no static files
  bool secure_cookies_ = false;  // adds "Secure" to the session cookie: set it behind HTTPS
  std::size_t max_body_bytes_ = 1 << 20;
  std::size_t threads_ = 8;  // one per open keep-alive connection
  // Requests handled at once, the others wait in order of arrival; 0: twice the processor count.
  std::size_t concurrent_requests_ = 0;
  bool log_requests_ = true;  // one line per request on stderr
  login_limits login_limits_;
};

// Who may call a route, checked before the handler runs (403 forbidden otherwise). kDefault is
// kAnyUser for GET and kEditor for POST/PUT/PATCH/DELETE: a route is read-only unless said otherwise.
enum class access : std::uint8_t { kDefault, kAnyUser, kEditor, kAdmin };

// Defined in server/api.h, which domain handlers include (it brings nlohmann::json).
struct request_context;
struct api_response;
using handler = std::function<api_response(request_context&)>;

// The HTTP server: JSON API under /api/ (session cookie + CSRF header), static files elsewhere.
// Built-in routes: GET /api/health, POST /api/login, POST /api/logout, GET /api/me.
class http_server {
 public:
  http_server(store::database&, server_options);
  ~http_server();
  http_server(http_server const&) = delete;
  http_server& operator=(http_server const&) = delete;

  // Registers a handler; call before run(). Patterns are paths whose ":name" segments match any one
  // segment, e.g. "/api/plans/:plan/actions/:id". The handler runs inside a database transaction
  // (committed when it returns, rolled back when it throws) after authentication, the CSRF check
  // and the access check.
  void route(std::string method, std::string pattern, handler, access = access::kDefault);
  // The registered routes as (method, pattern), in registration order: lets tests check every one.
  std::vector<std::pair<std::string, std::string>> routes() const;

  // Listens on host:port and returns the port (the one chosen when port_ is 0). Connections made
  // after bind() wait in the backlog until run(). Throws io_error when the port cannot be taken.
  int bind();

  // Serves until stop(); binds first if bind() was not called.
  void run();

  // From any thread, also before run() has started: run() then returns at once.
  void stop();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace solimob::server
