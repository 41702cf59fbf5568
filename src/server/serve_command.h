#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <optional>
#include <string>

namespace solimob::server {

class http_server;

struct serve_config {
  std::string db_url_;
  std::string host_ = "127.0.0.1";
  int port_ = 8080;
  std::string static_dir_;
  bool secure_cookies_ = false;
  // httplib keeps a thread per open keep-alive connection: enough threads for many idle browsers.
  std::size_t threads_ = 64;
  std::size_t pool_size_ = 64;  // as many connections as threads: no request waits for one
};

// `solimob serve`: migrates the database, then serves until SIGINT or SIGTERM. add_routes registers
// the domain's API routes on the server before it starts.
void run_serve(serve_config const&, std::function<void(http_server&)> const& add_routes = {});
void run_serve(std::string const& db_url, std::string const& host, int port, std::string const& static_dir,
               bool secure_cookies);

// `solimob user add`: the password is the first line of password_in (standard input), so that it
// appears neither in the shell history nor in the process list. Migrates the database first.
void run_user_add(std::string const& db_url, std::string const& login, std::string const& role,
                  std::optional<long long> organisation_id, std::istream& password_in);

// `solimob db migrate|export|import`: export writes `file` atomically ("-": standard output);
// import reads `file` ("-": standard input) into a new database, migrating it first.
void run_db(std::string const& action, std::string const& db_url, std::string const& file);

}  // namespace solimob::server
