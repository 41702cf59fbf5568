#include "store/migrations.h"

#include <stdexcept>

#include <soci/soci.h>

#include "core/error.h"
#include "store/database.h"
#include "store/plan_schema.h"

namespace solimob::store {

namespace {

// pg_advisory_xact_lock key serialising migrations across processes ("solimob" in ASCII).
constexpr long long kMigrationLockKey = 0x736f6c696d6f62;

std::vector<migration> make_migrations() {
  return {
      {1,
       "platform: organisations, users, sessions, login attempts, audit log",
       {
           R"(CREATE TABLE organisation (
                id {{id}},
                name TEXT NOT NULL,
                type TEXT NOT NULL DEFAULT '',
                territory TEXT NOT NULL DEFAULT ''))",
           R"(CREATE TABLE app_user (
                id {{id}},
                login TEXT NOT NULL UNIQUE,
                password_hash TEXT NOT NULL,
                role TEXT NOT NULL CHECK (role IN ('admin', 'agent', 'partenaire', 'lecture')),
                organisation_id {{ref}} REFERENCES organisation (id),
                created_at {{ts}} NOT NULL))",
           // Only a SHA-256 of the token is stored: a leaked table or backup opens no session.
           R"(CREATE TABLE session (
                token_hash TEXT PRIMARY KEY,
                user_id {{ref}} NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
                csrf_token TEXT NOT NULL,
                created_at {{ts}} NOT NULL,
                expires_at {{ts}} NOT NULL))",
           "CREATE INDEX session_user_idx ON session (user_id)",
           "CREATE INDEX session_expires_idx ON session (expires_at)",
           // Failed logins, in the database rather than in memory so that limits survive a restart
           // and hold across several server processes.
           R"(CREATE TABLE login_attempt (
                id {{id}},
                login TEXT NOT NULL,
                client_ip TEXT NOT NULL,
                at {{ts}} NOT NULL))",
           "CREATE INDEX login_attempt_login_idx ON login_attempt (login, at)",
           "CREATE INDEX login_attempt_ip_idx ON login_attempt (client_ip, at)",
           // details: a JSON object as text. user_id survives the user's removal as NULL.
           R"(CREATE TABLE audit_log (
                id {{id}},
                at {{ts}} NOT NULL,
                user_id {{ref}} REFERENCES app_user (id) ON DELETE SET NULL,
                action TEXT NOT NULL,
                entity TEXT NOT NULL,
                entity_id {{ref}},
                details TEXT NOT NULL DEFAULT '{}'))",
           "CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id)",
       },
       {{"organisation", {"id"}},
        {"app_user", {"id"}},
        {"session", {"token_hash"}},
        {"login_attempt", {"id"}},
        {"audit_log", {"id"}}}},
      plan_schema_migration(),
      plan_evaluation_migration(),
      plan_links_and_search_migration(),
      analysis_links_migration(),
      calls_for_projects_migration(),
      benchmarking_migration(),
      framework_documents_migration(),
      surveys_migration(),
      attachments_and_places_migration(),
      survey_destinations_migration(),
      // Append new migrations here: {10, "description", {statements...}, {tables...}}.
  };
}

void check_list(std::vector<migration> const& list) {
  for (std::size_t i = 0; i != list.size(); ++i) {
    if (list[i].version_ != static_cast<int>(i) + 1) {
      throw std::logic_error{"migrations must be numbered 1, 2, 3... without gaps"};
    }
  }
}

int read_version(soci::session& s) {
  int v = 0;
  soci::indicator ind = soci::i_null;
  s << "SELECT MAX(version) FROM schema_version", soci::into(v, ind);
  return ind == soci::i_ok ? v : 0;
}

bool version_table_exists(database& db) {
  return db.with_session([&](soci::session& s) {
    int n = 0;
    if (db.dialect() == dialect::kSqlite) {
      s << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'", soci::into(n);
    } else {
      s << "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() "
           "AND table_name = 'schema_version'",
          soci::into(n);
    }
    return n != 0;
  });
}

}  // namespace

std::vector<migration> const& all_migrations() {
  static auto const list = [] {
    auto l = make_migrations();
    check_list(l);
    return l;
  }();
  return list;
}

int latest_schema_version() {
  return static_cast<int>(all_migrations().size());
}

std::string substitute_placeholders(std::string_view sql, bool postgresql) {
  struct rule {
    std::string_view from_, sqlite_, postgresql_;
  };
  static constexpr rule kRules[] = {
      {"{{id}}", "INTEGER PRIMARY KEY AUTOINCREMENT", "BIGSERIAL PRIMARY KEY"},
      {"{{ref}}", "INTEGER", "BIGINT"},
      {"{{real}}", "REAL", "DOUBLE PRECISION"},
      {"{{ts}}", "TEXT", "TEXT"},
  };
  std::string out{sql};
  for (auto const& r : kRules) {
    auto const& to = postgresql ? r.postgresql_ : r.sqlite_;
    for (auto pos = out.find(r.from_); pos != std::string::npos; pos = out.find(r.from_, pos + to.size())) {
      out.replace(pos, r.from_.size(), to);
    }
  }
  if (out.find("{{") != std::string::npos) {
    throw std::logic_error{"unknown placeholder in migration statement: " + out};
  }
  return out;
}

int schema_version(database& db) {
  if (!version_table_exists(db)) {
    return 0;
  }
  return db.with_session([](soci::session& s) { return read_version(s); });
}

int migrate(database& db) {
  auto const& list = all_migrations();
  bool const pg = db.dialect() == dialect::kPostgresql;
  if (!version_table_exists(db)) {
    db.with_transaction([&](soci::session& s) {
      if (pg) {
        s << "SELECT pg_advisory_xact_lock(" << kMigrationLockKey << ")";
      }
      s << "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
           "applied_at TEXT NOT NULL)";
    });
  }
  int applied = 0;
  for (auto const& m : list) {
    db.with_transaction([&](soci::session& s) {
      if (pg) {
        s << "SELECT pg_advisory_xact_lock(" << kMigrationLockKey << ")";
      }
      // Read under the lock: another process may have applied this step while we waited.
      auto const current = read_version(s);
      if (current > latest_schema_version()) {
        throw incompatible_file_error{"the database has schema version " + std::to_string(current) +
                                      ", newer than this program's " + std::to_string(latest_schema_version())};
      }
      if (current >= m.version_) {
        return;
      }
      for (auto const stmt : m.statements_) {
        s << substitute_placeholders(stmt, pg);
      }
      for (auto const stmt : pg ? m.postgresql_only_ : m.sqlite_only_) {
        s << substitute_placeholders(stmt, pg);
      }
      std::string const description{m.description_};
      auto const now = utc_now();
      s << "INSERT INTO schema_version (version, description, applied_at) VALUES (:v, :d, :t)", soci::use(m.version_),
          soci::use(description), soci::use(now);
      ++applied;
    });
  }
  return applied;
}

std::vector<table_def> tables_in_dependency_order() {
  std::vector<table_def> out;
  for (auto const& m : all_migrations()) {
    out.insert(end(out), begin(m.tables_), end(m.tables_));
  }
  return out;
}

std::vector<std::string> table_names_in_dependency_order() {
  std::vector<std::string> out;
  for (auto const& t : tables_in_dependency_order()) {
    out.emplace_back(t.name_);
  }
  return out;
}

}  // namespace solimob::store
