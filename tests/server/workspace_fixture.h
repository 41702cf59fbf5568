#pragma once

// The fixture of the workspace API tests (plan, partners, meetings, saved views): on the scratch
// database of server_test, two organisations (the CAF, France Travail), one user per role (admin,
// agent, lecteur, and caf: a partner of the CAF) and a server with the plan's routes.

#include <soci/soci.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/vector_io.h"
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

  // POST `path` as `who`, expecting 201: the new row (an empty object when refused), or its id (0).
  nlohmann::json created_row(session const& who, std::string const& path, nlohmann::json const& body) {
    auto const r = who.post(path, body);
    EXPECT_TRUE(r && r->status == 201) << path << ": " << (r ? r->body : "no answer");
    return r && r->status == 201 ? nlohmann::json::parse(r->body) : nlohmann::json::object();
  }
  long long created(session const& who, std::string const& path, nlohmann::json const& body) {
    return created_row(who, path, body).value("id", 0LL);
  }

  // The text columns `columns` of sheet `sheet` of a workbook the API answered (`bytes`).
  io::vector_layer workbook_sheet(std::string const& bytes, std::string const& sheet,
                                  std::vector<std::string> const& columns) {
    auto const path = std::filesystem::path{scratch_->dir()} / "answer.xlsx";
    std::ofstream{path, std::ios::binary} << bytes;
    io::read_options o;
    o.id_field_.clear();
    o.text_fields_ = columns;
    o.require_positions_ = false;
    o.layer_ = sheet;
    return io::read_layer(path, o);
  }

  long long caf_ = 0, ft_ = 0;
  std::shared_ptr<commune_reference const> communes_;  // set before SetUp: serve --communes
};

}  // namespace solimob::server
