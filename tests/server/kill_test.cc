// Reliability: `solimob serve` killed with SIGKILL in the middle of a burst of writes loses no change
// it had confirmed (201), leaves a consistent database and restarts cleanly.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include <httplib.h>
#include <soci/soci.h>
#include <nlohmann/json.hpp>

#include "server/auth.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/test_database.h"

namespace solimob::server {
namespace {

using json = nlohmann::json;
constexpr char const* kPassword = "correct horse battery";

struct running_server {
  running_server(std::string const& url, std::string const& static_dir, int port) {
    pid_ = ::fork();
    if (pid_ == 0) {
      auto const p = std::to_string(port);
      ::execl(SOLIMOB_BINARY, SOLIMOB_BINARY, "serve", "--db", url.c_str(), "--port", p.c_str(), "--static",
              static_dir.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port);
    for (auto i = 0; i != 200; ++i) {
      if (auto r = client_->Get("/api/health"); r && r->status == 200) {
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds{25});
    }
    ADD_FAILURE() << "the server did not start";
  }
  void kill_hard() {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  ~running_server() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  pid_t pid_{-1};
  std::unique_ptr<httplib::Client> client_;
};

std::pair<std::string, std::string> login(httplib::Client& c) {
  auto const r = c.Post("/api/login", json{{"login", "admin"}, {"password", kPassword}}.dump(), "application/json");
  auto const h = r->get_header_value("Set-Cookie");
  return {h.substr(0, h.find(';')), json::parse(r->body)["csrf_token"]};
}

class kill : public ::testing::TestWithParam<std::string> {};

TEST_P(kill, confirmed_writes_survive_sigkill_and_the_server_restarts) {
  test::scratch_database scratch{GetParam()};
  if (!scratch.available()) {
    GTEST_SKIP() << test::scratch_database::skip_reason();
  }
  {
    store::database db{scratch.url()};
    store::migrate(db);
    add_user(db, "admin", kPassword, role::kAdmin);
  }
  auto const port = 21000 + static_cast<int>(::getpid() % 4000);
  std::set<std::string> confirmed;
  std::mutex confirmed_mutex;
  {
    running_server s{scratch.url(), scratch.dir(), port};
    auto const [cookie, csrf] = login(*s.client_);
    std::atomic<bool> stop{false};
    std::vector<std::thread> writers;
    for (auto w = 0; w != 4; ++w) {
      writers.emplace_back([&, w, cookie = cookie, csrf = csrf] {
        httplib::Client c{"127.0.0.1", port};
        c.set_connection_timeout(1);
        c.set_read_timeout(1);
        httplib::Headers const h{{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
        for (auto i = 0; !stop; ++i) {
          auto const code = "K" + std::to_string(w) + "-" + std::to_string(i);
          auto const r =
              c.Post("/api/objectives", h, json{{"code", code}, {"title", "burst"}}.dump(), "application/json");
          if (!r) {
            break;  // the server is gone
          }
          if (r->status == 201) {
            std::lock_guard const lock{confirmed_mutex};
            confirmed.insert(code);
          }
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{700});
    s.kill_hard();
    stop = true;
    for (auto& t : writers) {
      t.join();
    }
  }
  ASSERT_GT(confirmed.size(), 20U) << "the burst should have confirmed some writes before the kill";

  // Restart on the same database: every confirmed write is there, and writing works again.
  running_server again{scratch.url(), scratch.dir(), port};
  auto const [cookie, csrf] = login(*again.client_);
  httplib::Headers const h{{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
  auto const list = json::parse(again.client_->Get("/api/objectives", h)->body);
  std::set<std::string> stored;
  for (auto const& o : list) {
    stored.insert(o["code"].get<std::string>());
  }
  for (auto const& c : confirmed) {
    EXPECT_TRUE(stored.contains(c)) << c << " was confirmed but is lost";
  }
  EXPECT_EQ(
      again.client_->Post("/api/objectives", h, json{{"code", "after"}, {"title", "t"}}.dump(), "application/json")
          ->status,
      201);
  if (GetParam() == "sqlite") {
    store::database db{scratch.url()};
    std::string integrity;
    db.with_session([&](soci::session& sql) { sql << "PRAGMA integrity_check", soci::into(integrity); });
    EXPECT_EQ(integrity, "ok");
  }
}

INSTANTIATE_TEST_SUITE_P(backends, kill, ::testing::Values("sqlite", "postgresql"),
                         [](auto const& info) { return info.param; });

}  // namespace
}  // namespace solimob::server
