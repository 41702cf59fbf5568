#include <gtest/gtest.h>

#include <soci/soci.h>

#include "core/error.h"
#include "server/api_error.h"
#include "server/auth.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/test_database.h"

namespace solimob::server {
namespace {

class auth : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<store::database>(scratch_.url());
    store::migrate(*db_);
  }
  test::scratch_database scratch_{"sqlite"};
  std::unique_ptr<store::database> db_;
};

std::string field_of(std::function<void()> const& f) {
  try {
    f();
  } catch (api_error const& e) {
    return std::string{info(e.kind()).name_} + ":" + e.field();
  }
  return "no error";
}

TEST(auth_crypto, argon2id_hashes_verify_and_are_salted) {
  auto const h = hash_password("correct horse battery");
  EXPECT_EQ(h.rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << h;
  EXPECT_TRUE(verify_password(h, "correct horse battery"));
  EXPECT_FALSE(verify_password(h, "correct horse batterY"));
  EXPECT_NE(hash_password("correct horse battery"), h);
  EXPECT_EQ(random_hex(32).size(), 64u);
  EXPECT_NE(random_hex(32), random_hex(32));
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(auth, add_user_validates_its_input) {
  EXPECT_EQ(field_of([&] { add_user(*db_, "alice", "short", role::kAgent); }), "invalid_input:password");
  EXPECT_EQ(field_of([&] { add_user(*db_, "alice", "ninechars", role::kAgent); }), "invalid_input:password");
  EXPECT_EQ(field_of([&] { add_user(*db_, "al ice", "long enough pw", role::kAgent); }), "invalid_input:login");
  EXPECT_EQ(field_of([&] { add_user(*db_, "", "long enough pw", role::kAgent); }), "invalid_input:login");
  EXPECT_EQ(field_of([&] { add_user(*db_, "alice", "long enough pw", "root"); }), "invalid_input:role");
  EXPECT_EQ(field_of([&] { add_user(*db_, "paul", "long enough pw", role::kPartenaire); }),
            "invalid_input:organisation_id");
  EXPECT_EQ(field_of([&] { add_user(*db_, "paul", "long enough pw", role::kPartenaire, organisation_id{42}); }),
            "invalid_input:organisation_id");
  // What the CLI catches (solimob::error) and the exit code it gives: 2, invalid input.
  try {
    add_user(*db_, "alice", "short", role::kAgent);
    ADD_FAILURE() << "no error";
  } catch (error const& e) {
    EXPECT_EQ(info(e.kind()).exit_code_, 2);
  }

  add_user(*db_, "Alice", "long enough pw", "agent");
  EXPECT_EQ(field_of([&] { add_user(*db_, "alice", "another password", role::kAdmin); }), "conflict:login");
  EXPECT_EQ(field_of([&] { add_user(*db_, "ALICE", "another password", role::kAdmin); }), "conflict:login");
  // Ten characters, not ten bytes: "éééééééééé" is ten.
  EXPECT_NO_THROW(add_user(*db_, "bob", "éééééééééé", role::kLecture));
}

TEST_F(auth, login_session_logout) {
  auto const id = add_user(*db_, "alice", "long enough pw", role::kAgent);
  auto const r = login(*db_, "ALICE", "long enough pw", "1.2.3.4");
  ASSERT_EQ(r.status_, login_status::kOk);
  EXPECT_EQ(r.session_->token_.size(), 64u);
  EXPECT_NE(r.session_->token_, r.session_->csrf_token_);
  auto const s = session_user(*db_, r.session_->token_);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->user_.id_, id);
  EXPECT_EQ(s->user_.login_, "alice");
  EXPECT_EQ(s->user_.role_, role::kAgent);
  EXPECT_EQ(s->csrf_token_, r.session_->csrf_token_);
  EXPECT_TRUE(can_edit(s->user_));

  // Only the token's hash is stored.
  auto const stored = db_->with_session([](soci::session& q) {
    std::string h;
    q << "SELECT token_hash FROM session", soci::into(h);
    return h;
  });
  EXPECT_EQ(stored, sha256_hex(r.session_->token_));
  EXPECT_FALSE(session_user(*db_, stored).has_value());

  logout(*db_, r.session_->token_);
  EXPECT_FALSE(session_user(*db_, r.session_->token_).has_value());
  EXPECT_FALSE(session_user(*db_, "").has_value());
  EXPECT_FALSE(session_user(*db_, std::string(64, '0')).has_value());
}

TEST_F(auth, expired_sessions_are_refused) {
  add_user(*db_, "alice", "long enough pw", role::kAgent);
  login_limits l;
  l.session_lifetime_ = std::chrono::seconds{0};
  auto const r = login(*db_, "alice", "long enough pw", "1.2.3.4", l);
  ASSERT_EQ(r.status_, login_status::kOk);
  EXPECT_FALSE(session_user(*db_, r.session_->token_).has_value());
}

TEST_F(auth, failures_are_limited_per_login_and_address_and_per_address) {
  add_user(*db_, "alice", "long enough pw", role::kAgent);
  add_user(*db_, "bob", "long enough pw", role::kAgent);
  for (int i = 0; i != 5; ++i) {
    EXPECT_EQ(login(*db_, "alice", "wrong", "1.1.1.1").status_, login_status::kBadCredentials);
  }
  // The guessing address is refused for alice, even with her password...
  EXPECT_EQ(login(*db_, "alice", "long enough pw", "1.1.1.1").status_, login_status::kTooManyAttempts);
  // ...but anonymous guesses cannot lock alice out: from her own address she logs in (before the
  // fix, five failures from anywhere locked the login for everyone for 15 minutes).
  EXPECT_EQ(login(*db_, "alice", "long enough pw", "2.2.2.2").status_, login_status::kOk);
  // Her success does not reset the attacker's count.
  EXPECT_EQ(login(*db_, "alice", "long enough pw", "1.1.1.1").status_, login_status::kTooManyAttempts);
  // Other logins from the guessing address: 5 failures < 20 per address.
  EXPECT_EQ(login(*db_, "bob", "long enough pw", "1.1.1.1").status_, login_status::kOk);
  // Many addresses guessing one login: each gets its five, none locks the owner.
  for (int a = 10; a != 15; ++a) {
    for (int i = 0; i != 5; ++i) {
      EXPECT_EQ(login(*db_, "alice", "wrong", "9.9.9." + std::to_string(a)).status_, login_status::kBadCredentials);
    }
  }
  EXPECT_EQ(login(*db_, "alice", "long enough pw", "2.2.2.2").status_, login_status::kOk);

  login_limits l;
  l.max_failures_per_ip_ = 3;
  for (int i = 0; i != 3; ++i) {
    EXPECT_EQ(login(*db_, "nobody" + std::to_string(i), "x", "3.3.3.3", l).status_, login_status::kBadCredentials);
  }
  EXPECT_EQ(login(*db_, "bob", "long enough pw", "3.3.3.3", l).status_, login_status::kTooManyAttempts);

  // Failures older than the window no longer count.
  db_->with_transaction([](soci::session& s) { s << "UPDATE login_attempt SET at = '2000-01-01T00:00:00Z'"; });
  EXPECT_EQ(login(*db_, "alice", "long enough pw", "1.1.1.1").status_, login_status::kOk);
}

TEST(auth_roles, partners_read_their_organisation_only) {
  user p{user_id{1}, "p", role::kPartenaire, organisation_id{7}};
  user a{user_id{2}, "a", role::kLecture, std::nullopt};
  EXPECT_TRUE(can_read_organisation(p, organisation_id{7}));
  EXPECT_FALSE(can_read_organisation(p, organisation_id{8}));
  EXPECT_FALSE(can_read_organisation(p, std::nullopt));
  EXPECT_TRUE(can_read_organisation(a, organisation_id{8}));
  EXPECT_FALSE(can_edit(p));
  EXPECT_FALSE(can_edit(a));
  EXPECT_EQ(parse_role("partenaire"), role::kPartenaire);
  EXPECT_EQ(to_string(role::kLecture), "lecture");
  EXPECT_FALSE(parse_role("Admin").has_value());
}

}  // namespace
}  // namespace solimob::server
