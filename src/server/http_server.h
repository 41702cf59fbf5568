#pragma once

#include <chrono>
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

// How long a connection may take to send a request, and how many slow ones an address may keep
// (server/connections.h). Each open connection is served by a thread of its own.
struct connection_limits {
  std::size_t max_threads_ = 512;                    // connections served at once; the next ones wait for a thread
  std::chrono::milliseconds idle_timeout_{5000};     // keep-alive: waiting for the next request
  std::chrono::milliseconds header_timeout_{10000};  // a request's first byte to the end of its headers
  std::chrono::milliseconds body_timeout_{60000};    // the whole body (1 MiB at 17 KB/s)
  std::chrono::milliseconds io_timeout_{5000};       // one read or one write
  std::chrono::milliseconds write_timeout_{60000};   // a whole answer, from its first byte
  std::size_t max_header_bytes_ = 64 * 1024;         // the request line and all headers
  // A connection waiting for (the rest of) a request for longer than slow_after_ is slow; an
  // address keeps at most max_slow_per_address_ of them (the longest-waiting are closed).
  std::chrono::milliseconds slow_after_{1000};
  std::size_t max_slow_per_address_ = 16;
  // Addresses without that cap: the trusted proxies (server_options), which bring many clients.
  std::vector<std::string> uncapped_addresses_;
};

struct server_options {
  std::string host_ = "127.0.0.1";
  int port_ = 8080;         // 0: any free port, see http_server::bind
  std::string static_dir_;  // served at "/"; empty: no static files
  // The session cookie is marked Secure always (true), or (false) when the request came through
  // HTTPS: from a trusted proxy saying X-Forwarded-Proto: https. solimob itself speaks plain HTTP.
  bool secure_cookies_ = false;
  // Addresses of reverse proxies whose X-Forwarded-Proto and X-Forwarded-For are believed: the
  // client's address (login limits) is then the last one of X-Forwarded-For.
  std::vector<std::string> trusted_proxies_;
  // Raster XYZ tile URL template of the territory map's basemap (https://.../{z}/{x}/{y}.png), empty:
  // none. Served by GET /api/config and allowed by the Content-Security-Policy.
  std::string basemap_url_;
  std::string basemap_attribution_;
  std::size_t max_body_bytes_ = 1 << 20;  // whatever the transfer encoding; compressed bodies are refused
  std::size_t threads_ = 8;               // started at once; more are started up to connections_.max_threads_
  connection_limits connections_;
  // Requests handled at once, the others wait in order of arrival; 0: twice the processor count.
  std::size_t concurrent_requests_ = 0;
  bool log_requests_ = true;  // one line per request on log_fd_
  int log_fd_ = 2;            // standard error
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

  // Called after the transaction of every API request with POST, PUT, PATCH or DELETE has ended
  // (committed or rolled back), e.g. to drop cached aggregates: a reader that starts afterwards
  // sees the change. Register before run().
  void after_change(std::function<void()>);

  // Connections closed to make room for others (slow, idle, or past the per-address limit).
  std::size_t evicted_connections() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace solimob::server
