#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace solimob::store {

class database;

// A table that export/import must carry, with the columns that order its rows in an export.
struct table_def {
  std::string_view name_;
  std::vector<std::string_view> key_;
};

// One schema step. Statements are portable SQL with placeholders substituted per dialect:
//   {{id}}      INTEGER PRIMARY KEY AUTOINCREMENT  |  BIGSERIAL PRIMARY KEY
//   {{ref}}     INTEGER                            |  BIGINT     (a column pointing at an {{id}})
//   {{real}}    REAL                               |  DOUBLE PRECISION
//   {{ts}}      TEXT                               |  TEXT       (UTC "YYYY-MM-DDTHH:MM:SSZ", see utc_timestamp)
// Booleans are INTEGER 0/1 and JSON documents TEXT, in both.
struct migration {
  int version_;
  std::string_view description_;
  std::vector<std::string_view> statements_;
  std::vector<table_def> tables_;  // tables this step creates, parents before children
  // Run after statements_, on that dialect only: indexes one database has and the other does not need.
  std::vector<std::string_view> sqlite_only_ = {};
  std::vector<std::string_view> postgresql_only_ = {};
};

// Every migration, versions 1, 2, 3... New steps are appended in migrations.cc, never edited.
std::vector<migration> const& all_migrations();

int latest_schema_version();

// The version recorded in schema_version; 0 for a database never migrated.
int schema_version(database&);

// Applies the missing migrations in order, each in its own transaction, under a lock so two
// processes starting at once do not both apply a step. Returns the number applied (0 when current).
int migrate(database&);

// Every table created by the migrations, parents before the tables that reference them.
std::vector<std::string> table_names_in_dependency_order();
std::vector<table_def> tables_in_dependency_order();

// The statement with placeholders replaced for the database's dialect (exposed for tests).
std::string substitute_placeholders(std::string_view sql, bool postgresql);

}  // namespace solimob::store
