#include "store/test_database.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include <soci/soci.h>

#include "server/auth.h"
#include "store/database.h"

namespace solimob::test {

scratch_database::scratch_database(std::string const& kind) {
  std::string tmpl = (std::filesystem::temp_directory_path() / "solimob-test-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) {
    throw std::runtime_error{"mkdtemp failed"};
  }
  dir_ = tmpl;
  if (kind == "sqlite") {
    url_ = "sqlite:" + dir_ + "/test.db";
  } else if (auto const* pg = std::getenv("SOLIMOB_TEST_PG_URL"); pg != nullptr && *pg != '\0') {
    admin_url_ = pg;
    schema_ = "t_" + server::random_hex(6);
    store::database admin{admin_url_, 1};
    admin.with_session([&](soci::session& s) { s << "CREATE SCHEMA " + schema_; });
    url_ = admin_url_ + (admin_url_.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema_;
  }
}

scratch_database::~scratch_database() {
  if (!schema_.empty()) {
    try {
      store::database admin{admin_url_, 1};
      admin.with_session([&](soci::session& s) {
        s << "SET client_min_messages = WARNING";  // no NOTICE per dropped table
        s << "DROP SCHEMA " + schema_ + " CASCADE";
      });
    } catch (...) {  // a leftover schema in a throw-away server is harmless
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string scratch_database::skip_reason() {
  return "skipped: no PostgreSQL server (SOLIMOB_TEST_PG_URL unset; run through scripts/with-postgres)";
}

}  // namespace solimob::test
