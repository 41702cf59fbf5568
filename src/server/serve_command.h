#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace solimob::server {

class http_server;

struct serve_config {
  std::string db_url_;
  std::string host_ = "127.0.0.1";
  int port_ = 8080;
  std::string static_dir_;
  bool secure_cookies_ = false;
  // Threads started at once (a thread per open connection, more are started up to max_connections_).
  std::size_t threads_ = 64;
  // Requests handled at once, and database connections (0: twice the processor count); the
  // others wait in order of arrival.
  std::size_t concurrent_requests_ = 0;
  std::vector<std::string> reference_layers_;  // GIS files drawn under the sectors (reference_layers.h)
  std::vector<std::string> trusted_proxies_;   // see server_options
  std::string basemap_url_;
  std::string basemap_attribution_;
  std::size_t max_connections_ = 512;  // connection_limits::max_threads_
  std::size_t slow_per_address_ = 16;  // connection_limits::max_slow_per_address_
};

// `solimob serve`: migrates the database, then serves until SIGINT or SIGTERM. add_routes registers
// the domain's API routes on the server before it starts.
void run_serve(serve_config const&, std::function<void(http_server&)> const& add_routes = {});

// `solimob user add`: the password is the first line of password_in (standard input), so that it
// appears neither in the shell history nor in the process list. Migrates the database first.
void run_user_add(std::string const& db_url, std::string const& login, std::string const& role,
                  std::optional<long long> organisation_id, std::istream& password_in);

// `solimob db migrate|export|import`: export writes `file` atomically ("-": standard output);
// import reads `file` ("-": standard input) into a new database, migrating it first.
void run_db(std::string const& action, std::string const& db_url, std::string const& file);

}  // namespace solimob::server
