#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

namespace soci {
class session;
}  // namespace soci

namespace solimob::store {

enum class dialect : std::uint8_t { kSqlite, kPostgresql };

// kWrite takes SQLite's write lock up front (BEGIN IMMEDIATE): a deferred transaction that reads and
// then writes can fail with SQLITE_BUSY without waiting when another connection wrote meanwhile.
enum class tx_mode : std::uint8_t { kRead, kWrite };

// A database reached through a small pool of SOCI sessions, so several HTTP threads can work at once.
//   sqlite:FILE                         SQLite, WAL journal, foreign keys on, busy timeout 5 s
//   postgresql://user@host:port/db      PostgreSQL (any libpq URL; postgres:// is accepted too)
// A malformed URL throws input_error; a database that cannot be opened throws io_error.
class database {
 public:
  static constexpr std::size_t kDefaultPoolSize = 4;

  explicit database(std::string const& url, std::size_t pool_size = kDefaultPoolSize);
  ~database();
  database(database const&) = delete;
  database& operator=(database const&) = delete;

  store::dialect dialect() const { return dialect_; }
  std::size_t pool_size() const { return pool_size_; }

  // Runs fn(soci::session&) inside a transaction on a pooled connection: commits when fn returns,
  // rolls back and rethrows when it throws. Transactions do not nest: calling this from inside fn
  // throws std::logic_error (it would take a second connection and could deadlock the pool).
  template <typename Fn>
  auto with_transaction(Fn&& fn, tx_mode mode = tx_mode::kWrite) {
    using result = std::invoke_result_t<Fn&, soci::session&>;
    if constexpr (std::is_void_v<result>) {
      run_in_transaction([&](soci::session& s) { fn(s); }, mode);
    } else {
      std::optional<result> r;
      run_in_transaction([&](soci::session& s) { r.emplace(fn(s)); }, mode);
      return std::move(*r);
    }
  }

  // fn on a pooled connection in autocommit mode (each statement its own transaction).
  template <typename Fn>
  auto with_session(Fn&& fn) {
    using result = std::invoke_result_t<Fn&, soci::session&>;
    if constexpr (std::is_void_v<result>) {
      run_with_session([&](soci::session& s) { fn(s); });
    } else {
      std::optional<result> r;
      run_with_session([&](soci::session& s) { r.emplace(fn(s)); });
      return std::move(*r);
    }
  }

 private:
  struct impl;

  void run_in_transaction(std::function<void(soci::session&)> const& fn, tx_mode mode);
  void run_with_session(std::function<void(soci::session&)> const& fn);

  std::unique_ptr<impl> impl_;
  store::dialect dialect_;
  std::size_t pool_size_;
};

// Timestamps are stored as text, "2024-05-01T08:30:00Z" (UTC, second precision), in both databases:
// they sort as text and survive export/import unchanged.
std::string utc_timestamp(std::chrono::system_clock::time_point);
inline std::string utc_now() {
  return utc_timestamp(std::chrono::system_clock::now());
}

}  // namespace solimob::store
