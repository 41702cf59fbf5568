#pragma once

// The fixture of the workspace API tests (plan, partners, meetings, saved views): on the scratch
// database of server_test, two organisations (the CAF, France Travail), one user per role (admin,
// agent, lecteur, and caf: a partner of the CAF) and a server with the plan's routes; login() gives
// a session that sends its cookie and CSRF token with every request.

#include <string>

#include <httplib.h>
#include <soci/soci.h>
#include <nlohmann/json.hpp>

#include "server/auth.h"
#include "server/plan_routes.h"
#include "server/server_fixture.h"

namespace solimob::server {

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

class workspace_test : public server_test {
 protected:
  void SetUp() override {
    server_test::SetUp();
    if (IsSkipped()) {
      return;
    }
    db_->with_transaction([&](soci::session& sql) {
      sql << "INSERT INTO organisation (name, type) VALUES ('CAF de la Seine-Saint-Denis', 'caf') RETURNING id",
          soci::into(caf_);
      sql << "INSERT INTO organisation (name, type) VALUES ('France Travail', 'france_travail') RETURNING id",
          soci::into(ft_);
    });
    add_user(*db_, "admin", kPassword, role::kAdmin);
    add_user(*db_, "agent", kPassword, role::kAgent);
    add_user(*db_, "lecteur", kPassword, role::kLecture);
    add_user(*db_, "caf", kPassword, role::kPartenaire, organisation_id{caf_});
    start(test_options(), add_plan_routes);
  }

  session login(std::string const& who) {
    auto const r =
        client_->Post("/api/login", nlohmann::json{{"login", who}, {"password", kPassword}}.dump(), "application/json");
    EXPECT_EQ(r->status, 200) << r->body;
    auto const h = r->get_header_value("Set-Cookie");
    auto const start = h.find('=') + 1;
    return {client_.get(), h.substr(start, h.find(';') - start), nlohmann::json::parse(r->body)["csrf_token"]};
  }

  long long caf_ = 0, ft_ = 0;
};

}  // namespace solimob::server
