#include "store/database.h"

#include <ctime>
#include <stdexcept>
#include <vector>

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "core/error.h"

namespace solimob::store {

namespace {

// Set while this thread runs a transaction, to refuse nested ones (see with_transaction).
thread_local bool in_transaction = false;

bool starts_with(std::string const& s, std::string_view prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

// SOCI's SQLite backend splits its connection string at spaces and '=' unless the value is quoted.
std::string sqlite_connect_string(std::string const& file) {
  if (file.find('"') != std::string::npos) {
    throw input_error{"sqlite:" + file + ": a database path cannot contain '\"'"};
  }
  return "db=\"" + file + "\"";
}

// SOCI 4.0 re-parses the libpq connection string itself: it mangles URLs and drops quotes, so the
// URL is parsed by libpq here and handed over as plain key=value pairs.
std::string postgresql_connect_string(std::string const& url) {
  char* err = nullptr;
  auto* opts = PQconninfoParse(url.c_str(), &err);
  if (opts == nullptr) {
    std::string msg = err != nullptr ? err : "out of memory";
    PQfreemem(err);
    while (!msg.empty() && msg.back() == '\n') {
      msg.pop_back();
    }
    throw input_error{"database URL: " + msg};
  }
  std::string out;
  std::string bad_key;
  for (auto* o = opts; o->keyword != nullptr; ++o) {
    if (o->val == nullptr || *o->val == '\0') {
      continue;
    }
    std::string_view const v{o->val};
    if (v.find_first_of(" \t\r\n'\"\\") != std::string_view::npos) {
      bad_key = o->keyword;
      break;
    }
    out.append(out.empty() ? "" : " ").append(o->keyword).append("=").append(v);
  }
  PQconninfoFree(opts);
  if (!bad_key.empty()) {
    throw input_error{"database URL: the value of '" + bad_key +
                      "' contains spaces or quotes, which SOCI cannot pass on (use PGPASSWORD, ~/.pgpass or "
                      "PGSERVICE for such values)"};
  }
  return out;
}

// SQLite keeps memory statistics under one global mutex taken by every allocation: with dozens of
// HTTP threads reading at once, that mutex became the busiest lock of the server. Must run before
// SQLite initialises, i.e. before the first connection is opened.
void disable_sqlite_memory_statistics() {
  static bool const done = [] {
    sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);  // soci-sqlite3.h wraps sqlite3.h in sqlite_api
    return true;
  }();
  (void)done;
}

}  // namespace

struct database::impl {
  explicit impl(std::size_t n) : pool_{n} {}
  soci::connection_pool pool_;
};

database::database(std::string const& url, std::size_t pool_size) : pool_size_{pool_size} {
  disable_sqlite_memory_statistics();
  if (pool_size == 0) {
    throw input_error{"database pool size must be at least 1"};
  }
  std::string connect;
  soci::backend_factory const* backend = nullptr;
  if (starts_with(url, "sqlite:")) {
    auto file = url.substr(7);
    if (starts_with(file, "//")) {  // sqlite:///abs/path or sqlite://rel/path
      file = file.substr(2);
    }
    if (file.empty()) {
      throw input_error{"database URL '" + url + "': missing file name (expected sqlite:FILE)"};
    }
    if (file == ":memory:") {
      pool_size_ = 1;  // every connection would otherwise see its own empty database
    }
    dialect_ = store::dialect::kSqlite;
    backend = &soci::sqlite3;
    connect = sqlite_connect_string(file);
  } else if (starts_with(url, "postgresql://") || starts_with(url, "postgres://")) {
    dialect_ = store::dialect::kPostgresql;
    backend = &soci::postgresql;
    connect = postgresql_connect_string(url);
  } else {
    throw input_error{"database URL '" + url + "': expected sqlite:FILE or postgresql://..."};
  }

  impl_ = std::make_unique<impl>(pool_size_);
  for (std::size_t i = 0; i != pool_size_; ++i) {
    auto& s = impl_->pool_.at(i);
    try {
      s.open(*backend, connect);
      if (dialect_ == store::dialect::kSqlite) {
        // journal_mode is stored in the file; the others are per connection.
        s << "PRAGMA journal_mode=WAL";
        s << "PRAGMA foreign_keys=ON";
        s << "PRAGMA busy_timeout=5000";
        s << "PRAGMA synchronous=NORMAL";
      }
    } catch (soci::soci_error const& e) {
      // The libpq message may repeat the URL; passwords in URLs are the caller's choice.
      throw io_error{"cannot open database: " + std::string{e.get_error_message()}};
    }
  }
}

database::~database() = default;

void database::run_with_session(std::function<void(soci::session&)> const& fn) {
  soci::session s{impl_->pool_};
  fn(s);
}

void database::run_in_transaction(std::function<void(soci::session&)> const& fn, tx_mode mode) {
  if (in_transaction) {
    throw std::logic_error{"nested database transaction: use the session you were given"};
  }
  soci::session s{impl_->pool_};
  auto const begin = [&] {
    if (dialect_ == store::dialect::kSqlite && mode == tx_mode::kWrite) {
      s << "BEGIN IMMEDIATE";
    } else {
      s.begin();
    }
  };
  try {
    begin();
  } catch (soci::soci_error const&) {
    if (dialect_ != store::dialect::kPostgresql) {
      throw;
    }
    s.reconnect();  // the server may have closed an idle connection (restart, idle timeout)
    begin();
  }
  in_transaction = true;
  try {
    fn(s);
    in_transaction = false;
  } catch (...) {
    in_transaction = false;
    try {
      s.rollback();
    } catch (...) {  // keep the original error; a failed rollback is also rolled back by the server
    }
    throw;
  }
  try {
    s.commit();
  } catch (...) {
    try {
      s.rollback();
    } catch (...) {
    }
    throw;
  }
}

std::string utc_timestamp(std::chrono::system_clock::time_point t) {
  auto const secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  ::gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace solimob::store
