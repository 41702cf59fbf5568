#pragma once

// The fixture of the server tests: a migrated scratch database of the test's backend (the test
// parameter, "sqlite" or "postgresql"; the test is skipped when that backend is unavailable) and a
// real solimob server on 127.0.0.1 with an httplib client; login() gives a session that sends its
// cookie and CSRF token with every request.

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "server/http_server.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/test_database.h"

namespace solimob::server {

// The password of every account the server tests create.
inline constexpr char const* kPassword = "correct horse battery";

// A logged-in client: its session cookie and CSRF token go with every request.
struct session {
  httplib::Client* client_;
  std::string cookie_, csrf_;

  httplib::Headers headers() const { return {{"Cookie", "solimob_session=" + cookie_}, {"X-CSRF-Token", csrf_}}; }
  httplib::Result get(std::string const& path) const { return client_->Get(path, headers()); }
  httplib::Result post(std::string const& path, nlohmann::json const& body) const {
    return client_->Post(path, headers(), body.dump(), "application/json");
  }
  httplib::Result put(std::string const& path, nlohmann::json const& body) const {
    return client_->Put(path, headers(), body.dump(), "application/json");
  }
  httplib::Result del(std::string const& path) const { return client_->Delete(path, headers()); }
};

class server_test : public ::testing::TestWithParam<std::string> {
 protected:
  // A derived SetUp calls this first and returns at once when IsSkipped().
  void SetUp() override {
    scratch_ = std::make_unique<test::scratch_database>(GetParam());
    if (!scratch_->available()) {
      GTEST_SKIP() << test::scratch_database::skip_reason();
    }
    db_ = std::make_unique<store::database>(scratch_->url());
    store::migrate(*db_);
  }

  void TearDown() override {
    stop();
    client_.reset();
    db_.reset();
    scratch_.reset();
  }

  // Port 0 (a free one), no request log, 4 requests at once.
  static server_options test_options() {
    server_options o;
    o.port_ = 0;
    o.log_requests_ = false;
    o.threads_ = 4;
    return o;
  }

  // Starts a server with the routes `add_routes` adds; client_ talks to it.
  void start(server_options const& o, std::function<void(http_server&)> const& add_routes) {
    server_ = std::make_unique<http_server>(*db_, o);
    add_routes(*server_);
    port_ = server_->bind();
    thread_ = std::thread{[this] { server_->run(); }};
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
  }

  // Logs `who` in (password kPassword) through client_.
  session login(std::string const& who) {
    auto const r =
        client_->Post("/api/login", nlohmann::json{{"login", who}, {"password", kPassword}}.dump(), "application/json");
    EXPECT_EQ(r->status, 200) << r->body;
    auto const h = r->get_header_value("Set-Cookie");
    auto const start = h.find('=') + 1;
    return {client_.get(), h.substr(start, h.find(';') - start), nlohmann::json::parse(r->body)["csrf_token"]};
  }

  void stop() {
    if (server_) {
      server_->stop();
      thread_.join();
      server_.reset();
    }
  }

  std::unique_ptr<test::scratch_database> scratch_;
  std::unique_ptr<store::database> db_;
  std::unique_ptr<http_server> server_;
  std::thread thread_;
  std::unique_ptr<httplib::Client> client_;
  int port_ = 0;
};

}  // namespace solimob::server
