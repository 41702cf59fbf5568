#pragma once

// The fixture of the workspace API tests (plan, partners, meetings, saved views): on the scratch
// database of server_test, two organisations (the CAF, France Travail), one user per role (admin,
// agent, lecteur, and caf: a partner of the CAF) and a server with the plan's routes.

#include <soci/soci.h>

#include <memory>

#include "server/auth.h"
#include "server/communes.h"
#include "server/plan_routes.h"
#include "server/server_fixture.h"

namespace solimob::server {

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
    start(test_options(), [this](http_server& s) { add_plan_routes(s, communes_); });
  }

  long long caf_ = 0, ft_ = 0;
  std::shared_ptr<commune_reference const> communes_;  // set before SetUp: serve --communes
};

}  // namespace solimob::server
