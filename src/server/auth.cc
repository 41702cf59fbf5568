#include "server/auth.h"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <vector>

#include <argon2.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <soci/soci.h>

#include "server/api_error.h"
#include "store/database.h"

namespace solimob::server {

namespace {

// OWASP's minimum argon2id configuration (2023): 19 MiB, 2 passes, 1 lane.
constexpr std::uint32_t kTimeCost = 2;
constexpr std::uint32_t kMemoryKib = 19456;
constexpr std::uint32_t kParallelism = 1;
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;
constexpr std::size_t kTokenBytes = 32;
constexpr std::size_t kMaxLoginLength = 64;

constexpr std::array<std::string_view, 4> kRoleNames = {"admin", "agent", "partenaire", "lecture"};

std::string to_hex(unsigned char const* p, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(2 * n, '\0');
  for (std::size_t i = 0; i != n; ++i) {
    out[2 * i] = kDigits[p[i] >> 4];
    out[2 * i + 1] = kDigits[p[i] & 0xf];
  }
  return out;
}

std::string lower_ascii(std::string_view s) {
  std::string out{s};
  std::transform(begin(out), end(out), begin(out),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
  return out;
}

bool valid_login(std::string const& l) {
  return !l.empty() && l.size() <= kMaxLoginLength && std::all_of(begin(l), end(l), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '@' || c == '-';
  });
}

std::size_t utf8_length(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(begin(s), end(s), [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; }));
}

// Verified against when the login is unknown, so that the answer takes as long as for a known
// login and response times do not reveal which logins exist.
std::string const& dummy_hash() {
  static auto const h = hash_password(random_hex(16));
  return h;
}

user read_user(long long id, std::string login, std::string const& role_name, long long org, soci::indicator org_ind) {
  user u;
  u.id_ = user_id{id};
  u.login_ = std::move(login);
  u.role_ = parse_role(role_name).value_or(role::kLecture);  // the CHECK constraint keeps this exhaustive
  if (org_ind == soci::i_ok) {
    u.organisation_id_ = organisation_id{org};
  }
  return u;
}

}  // namespace

std::string_view to_string(role r) {
  return kRoleNames.at(static_cast<std::size_t>(r));
}

std::optional<role> parse_role(std::string_view s) {
  for (std::size_t i = 0; i != kRoleNames.size(); ++i) {
    if (kRoleNames[i] == s) {
      return static_cast<role>(i);
    }
  }
  return std::nullopt;
}

std::string random_hex(std::size_t n_bytes) {
  std::vector<unsigned char> buf(n_bytes);
  if (RAND_bytes(buf.data(), static_cast<int>(buf.size())) != 1) {
    throw std::runtime_error{"the system random generator failed"};
  }
  return to_hex(buf.data(), buf.size());
}

std::string sha256_hex(std::string_view s) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(s.data(), s.size(), md, &len, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error{"SHA-256 failed"};
  }
  return to_hex(md, len);
}

std::string hash_password(std::string_view password) {
  std::array<unsigned char, kSaltBytes> salt{};
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) {
    throw std::runtime_error{"the system random generator failed"};
  }
  auto const len = argon2_encodedlen(kTimeCost, kMemoryKib, kParallelism, kSaltBytes, kHashBytes, Argon2_id);
  std::string encoded(len, '\0');
  auto const rc = argon2id_hash_encoded(kTimeCost, kMemoryKib, kParallelism, password.data(), password.size(),
                                        salt.data(), salt.size(), kHashBytes, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) {
    throw std::runtime_error{std::string{"argon2id: "} + argon2_error_message(rc)};
  }
  encoded.resize(encoded.find('\0'));
  return encoded;
}

bool verify_password(std::string const& encoded_hash, std::string_view password) {
  return argon2id_verify(encoded_hash.c_str(), password.data(), password.size()) == ARGON2_OK;
}

user_id add_user(store::database& db, std::string login, std::string_view password, role r,
                 std::optional<organisation_id> org) {
  login = lower_ascii(login);
  if (!valid_login(login)) {
    throw api_error{error_kind::kInvalidInput, "1 to 64 characters among a-z 0-9 . _ @ -", "login"};
  }
  if (utf8_length(password) < kMinPasswordLength) {
    throw api_error{error_kind::kInvalidInput,
                    "at least " + std::to_string(kMinPasswordLength) + " characters are required", "password"};
  }
  if (password.size() > kMaxPasswordLength) {
    throw api_error{error_kind::kInvalidInput, "at most " + std::to_string(kMaxPasswordLength) + " bytes", "password"};
  }
  if (r == role::kPartenaire && !org.has_value()) {
    throw api_error{error_kind::kInvalidInput, "a partenaire user belongs to an organisation", "organisation_id"};
  }
  auto const hash = hash_password(password);  // slow: outside the transaction
  auto const role_name = std::string{to_string(r)};
  auto const now = store::utc_now();
  try {
    return db.with_transaction([&](soci::session& s) {
      int n = 0;
      s << "SELECT COUNT(*) FROM app_user WHERE login = :l", soci::use(login), soci::into(n);
      if (n != 0) {
        throw api_error{error_kind::kConflict, "login '" + login + "' is already taken", "login"};
      }
      long long org_v = org.has_value() ? org->v() : 0;
      soci::indicator org_ind = org.has_value() ? soci::i_ok : soci::i_null;
      if (org.has_value()) {
        s << "SELECT COUNT(*) FROM organisation WHERE id = :o", soci::use(org_v), soci::into(n);
        if (n == 0) {
          throw api_error{error_kind::kInvalidInput, "no organisation " + std::to_string(org_v), "organisation_id"};
        }
      }
      long long id = 0;
      s << "INSERT INTO app_user (login, password_hash, role, organisation_id, created_at) "
           "VALUES (:l, :h, :r, :o, :t) RETURNING id",
          soci::use(login), soci::use(hash), soci::use(role_name), soci::use(org_v, org_ind), soci::use(now),
          soci::into(id);
      return user_id{id};
    });
  } catch (soci::soci_error const& e) {
    // A concurrent add_user of the same login got in between the check and the insert.
    std::string const msg = e.what();
    if (msg.find("unique") != std::string::npos || msg.find("UNIQUE") != std::string::npos) {
      throw api_error{error_kind::kConflict, "login '" + login + "' is already taken", "login"};
    }
    throw;
  }
}

user_id add_user(store::database& db, std::string login, std::string_view password, std::string_view role_name,
                 std::optional<organisation_id> org) {
  auto const r = parse_role(role_name);
  if (!r.has_value()) {
    throw api_error{error_kind::kInvalidInput,
                    "unknown role '" + std::string{role_name} + "' (admin, agent, partenaire or lecture)", "role"};
  }
  return add_user(db, std::move(login), password, *r, org);
}

login_result login(store::database& db, std::string_view login_in, std::string_view password,
                   std::string_view client_ip_in, login_limits const& limits) {
  auto const login = lower_ascii(login_in.substr(0, kMaxLoginLength));
  std::string const client_ip{client_ip_in.substr(0, 64)};
  auto const now = std::chrono::system_clock::now();
  auto const now_s = store::utc_timestamp(now);
  auto const since = store::utc_timestamp(now - limits.window_);

  struct found {
    long long id_ = 0;
    std::string hash_, role_;
    long long org_ = 0;
    soci::indicator org_ind_ = soci::i_null;
  };
  // The attempt is recorded as failed before the password is checked, under the write lock:
  // concurrent guesses all count, and a success erases it afterwards.
  auto const stored = db.with_transaction([&](soci::session& s) -> std::optional<std::optional<found>> {
    s << "DELETE FROM login_attempt WHERE at < :t", soci::use(since);
    int by_login = 0;
    int by_ip = 0;
    s << "SELECT COUNT(*) FROM login_attempt WHERE login = :l AND client_ip = :ip AND at >= :t", soci::use(login),
        soci::use(client_ip), soci::use(since), soci::into(by_login);
    s << "SELECT COUNT(*) FROM login_attempt WHERE client_ip = :ip AND at >= :t", soci::use(client_ip),
        soci::use(since), soci::into(by_ip);
    if (by_login >= limits.max_failures_per_login_ || by_ip >= limits.max_failures_per_ip_) {
      return std::nullopt;
    }
    s << "INSERT INTO login_attempt (login, client_ip, at) VALUES (:l, :ip, :t)", soci::use(login),
        soci::use(client_ip), soci::use(now_s);
    found f;
    s << "SELECT id, password_hash, role, organisation_id FROM app_user WHERE login = :l", soci::use(login),
        soci::into(f.id_), soci::into(f.hash_), soci::into(f.role_), soci::into(f.org_, f.org_ind_);
    if (!s.got_data()) {
      return std::optional<found>{};
    }
    return std::optional<found>{std::move(f)};
  });
  if (!stored.has_value()) {
    return {login_status::kTooManyAttempts, std::nullopt};
  }
  auto const& f = *stored;
  bool const ok =
      password.size() <= kMaxPasswordLength && verify_password(f.has_value() ? f->hash_ : dummy_hash(), password);
  if (!ok || !f.has_value()) {
    return {login_status::kBadCredentials, std::nullopt};
  }

  session_tokens t;
  t.token_ = random_hex(kTokenBytes);
  t.csrf_token_ = random_hex(kTokenBytes);
  t.user_ = read_user(f->id_, login, f->role_, f->org_, f->org_ind_);
  auto const token_hash = sha256_hex(t.token_);
  auto const expires = store::utc_timestamp(now + limits.session_lifetime_);
  db.with_transaction([&](soci::session& s) {
    s << "DELETE FROM login_attempt WHERE login = :l AND client_ip = :ip", soci::use(login), soci::use(client_ip);
    s << "DELETE FROM session WHERE expires_at <= :t", soci::use(now_s);
    s << "INSERT INTO session (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (:h, :u, :c, :t, :e)",
        soci::use(token_hash), soci::use(f->id_), soci::use(t.csrf_token_), soci::use(now_s), soci::use(expires);
  });
  return {login_status::kOk, std::move(t)};
}

void logout(store::database& db, std::string_view token) {
  auto const h = sha256_hex(token);
  db.with_transaction([&](soci::session& s) { s << "DELETE FROM session WHERE token_hash = :h", soci::use(h); });
}

std::optional<session_info> session_user(store::database& db, std::string_view token) {
  if (token.size() != 2 * kTokenBytes) {
    return std::nullopt;
  }
  auto const h = sha256_hex(token);
  auto const now = store::utc_now();
  return db.with_transaction(
      [&](soci::session& s) -> std::optional<session_info> {
        long long id = 0;
        long long org = 0;
        soci::indicator org_ind = soci::i_null;
        std::string login;
        std::string role_name;
        std::string csrf;
        s << "SELECT u.id, u.login, u.role, u.organisation_id, s.csrf_token FROM session s "
             "JOIN app_user u ON u.id = s.user_id WHERE s.token_hash = :h AND s.expires_at > :t",
            soci::use(h), soci::use(now), soci::into(id), soci::into(login), soci::into(role_name),
            soci::into(org, org_ind), soci::into(csrf);
        if (!s.got_data()) {
          return std::nullopt;
        }
        return session_info{read_user(id, std::move(login), role_name, org, org_ind), std::move(csrf)};
      },
      store::tx_mode::kRead);
}

}  // namespace solimob::server
