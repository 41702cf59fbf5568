#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/ids.h"

namespace solimob::store {
class database;
}  // namespace solimob::store

namespace solimob::server {

// admin: everything, users included; agent: edits the plan; partenaire: reads its organisation's
// part only; lecture: reads everything, edits nothing.
enum class role : std::uint8_t { kAdmin, kAgent, kPartenaire, kLecture };

std::string_view to_string(role);
std::optional<role> parse_role(std::string_view);

struct user {
  user_id id_;
  std::string login_;
  server::role role_{role::kLecture};
  std::optional<organisation_id> organisation_id_;  // always set for partenaire
};

inline bool can_edit(user const& u) {
  return u.role_ == role::kAdmin || u.role_ == role::kAgent;
}
inline bool is_admin(user const& u) {
  return u.role_ == role::kAdmin;
}
// Whether u may read data belonging to organisation `o` (nullopt: data of no organisation).
inline bool can_read_organisation(user const& u, std::optional<organisation_id> o) {
  return u.role_ != role::kPartenaire || (o.has_value() && o == u.organisation_id_);
}

constexpr std::size_t kMinPasswordLength = 10;
constexpr std::size_t kMaxPasswordLength = 1024;  // bounds the work an anonymous request can cause

// argon2id, t=2, m=19 MiB, p=1 (OWASP minimum), PHC string format with a random 16-byte salt.
std::string hash_password(std::string_view password);
bool verify_password(std::string const& encoded_hash, std::string_view password);

// Lower-case hexadecimal of n random bytes from the system generator (OpenSSL RAND_bytes).
std::string random_hex(std::size_t n_bytes);
// Lower-case hexadecimal SHA-256: what the session table stores instead of the token.
std::string sha256_hex(std::string_view);

// Logins are 1..64 characters among a-z 0-9 . _ @ -, stored lower-case: "Marie.D" and "marie.d" are one user.
// Throws input_error (api_error with field "login"/"password"/"role"/"organisation_id") for a bad
// login, a duplicate login, a password shorter than kMinPasswordLength, a partenaire without
// organisation or an unknown organisation.
user_id add_user(store::database&, std::string login, std::string_view password, role,
                 std::optional<organisation_id> = std::nullopt);
// The same with the role by name, as typed on the command line or sent by the web client.
user_id add_user(store::database&, std::string login, std::string_view password, std::string_view role_name,
                 std::optional<organisation_id> = std::nullopt);

struct session_tokens {
  std::string token_;  // goes in the cookie, never stored
  std::string csrf_token_;
  user user_;
};

// Failed logins are counted per (client address, login) and per client address, never per login
// alone: five wrong passwords sent by anyone for a login would otherwise lock its owner out (OWASP,
// Authentication Cheat Sheet: lock the pair, not the account). The owner, from another address,
// still logs in while an attacker's address is refused.
struct login_limits {
  int max_failures_per_login_ = 5;  // for one login from one address
  // Higher than per login: a whole office behind one NAT address shares it.
  int max_failures_per_ip_ = 20;
  std::chrono::seconds window_{15 * 60};
  std::chrono::seconds session_lifetime_{12 * 60 * 60};
};

enum class login_status : std::uint8_t { kOk, kBadCredentials, kTooManyAttempts };

struct login_result {
  login_status status_{login_status::kBadCredentials};
  std::optional<session_tokens> session_;  // set when status_ is kOk
};

// Checks the password and opens a new session. Failed attempts are counted per (address, login)
// and per address over limits.window_; past either limit the attempt is refused without checking
// the password, until old failures leave the window. A success forgets the failures of its
// (address, login). Unknown logins cost the same time as known ones.
login_result login(store::database&, std::string_view login, std::string_view password, std::string_view client_ip,
                   login_limits const& = {});

void logout(store::database&, std::string_view token);

struct session_info {
  user user_;
  std::string csrf_token_;
};

// The session's user, or nullopt for an unknown or expired token.
std::optional<session_info> session_user(store::database&, std::string_view token);

}  // namespace solimob::server
