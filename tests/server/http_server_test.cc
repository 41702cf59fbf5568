// The HTTP server running for real on 127.0.0.1, driven by httplib's client, on SQLite and, when
// scripts/with-postgres provides one, on PostgreSQL.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <set>
#include <thread>

#include <httplib.h>
#include <soci/soci.h>
#include <nlohmann/json.hpp>

#include "server/api.h"
#include "server/auth.h"
#include "server/http_server.h"
#include "server/reference_layers.h"
#include "server/server_fixture.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/test_database.h"

namespace solimob::server {
namespace {

using json = nlohmann::json;

constexpr char const* kSecret = "TOP-SECRET-CONTENT";

void write_file(std::string const& path, std::string const& content) {
  std::ofstream{path} << content;
}

// The exact bytes of `target` on the request line, which an HTTP client library might normalise.
std::string raw_get(int port, std::string const& target) {
  auto const fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    return "connect failed";
  }
  auto const req = "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
  (void)!::write(fd, req.data(), req.size());
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = ::read(fd, buf, sizeof(buf))) > 0;) {
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

std::string cookie_value(httplib::Result const& r) {
  auto const h = r->get_header_value("Set-Cookie");
  auto const start = h.find('=') + 1;
  return h.substr(start, h.find(';') - start);
}

class http : public server_test {
 protected:
  void SetUp() override {
    server_test::SetUp();
    if (IsSkipped()) {
      return;
    }
    add_user(*db_, "alice", kPassword, role::kAdmin);
    add_user(*db_, "lea", kPassword, role::kLecture);

    auto const www = scratch_->dir() + "/www";
    std::filesystem::create_directories(www + "/assets");
    write_file(www + "/index.html", "<!doctype html><title>solimob</title>");
    write_file(www + "/assets/app.js", "console.log('solimob')");
    write_file(scratch_->dir() + "/secret.txt", kSecret);
    std::filesystem::create_symlink(scratch_->dir() + "/secret.txt", www + "/link.txt");

    auto o = test_options();
    o.static_dir_ = www;
    start(o, add_test_routes);
  }

  static void add_test_routes(http_server& s) {
    add_reference_layer_routes(
        s, read_reference_layers({std::string{SOLIMOB_DEMO_DIR} + "/communes-93-ign-2018.geojson"}));
    s.route("POST", "/api/echo", [](request_context& ctx) { return api_response{200, {{"echo", ctx.body_}}}; });
    s.route("GET", "/api/items/:id", [](request_context& ctx) {
      return api_response{200, {{"id", ctx.param_id("id")}, {"q", ctx.query("q").value_or("")}}};
    });
    s.route("POST", "/api/organisations", [](request_context& ctx) {
      auto const name = ctx.body_.value("name", "");
      if (name.empty()) {
        throw api_error{error_kind::kInvalidInput, "a name is required", "name"};
      }
      long long id = 0;
      ctx.sql_ << "INSERT INTO organisation (name) VALUES (:n) RETURNING id", soci::use(name), soci::into(id);
      audit(ctx, "organisation.create", "organisation", id, {{"name", name}});
      if (ctx.body_.value("fail_after_insert", false)) {
        throw api_error{error_kind::kConflict, "refused after the insert"};
      }
      return api_response{201, {{"id", id}}};
    });
  }

  struct session {
    std::string cookie_;
    std::string csrf_;
  };

  session login_as(std::string const& login) {
    auto const r =
        client_->Post("/api/login", json{{"login", login}, {"password", kPassword}}.dump(), "application/json");
    EXPECT_TRUE(r && r->status == 200);
    if (!r || r->status != 200) {
      return {};
    }
    return {"solimob_session=" + cookie_value(r), json::parse(r->body)["csrf_token"].get<std::string>()};
  }

  httplib::Result post(std::string const& path, std::string const& body, session const& s, bool with_csrf = true) {
    httplib::Headers h{{"Cookie", s.cookie_}};
    if (with_csrf) {
      h.emplace("X-CSRF-Token", s.csrf_);
    }
    return client_->Post(path.c_str(), h, body, "application/json");
  }

  httplib::Result get(std::string const& path, session const& s) {
    return client_->Get(path.c_str(), httplib::Headers{{"Cookie", s.cookie_}});
  }

  long long count(std::string const& table) {
    return db_->with_session([&](soci::session& s) {
      long long n = 0;
      s << "SELECT COUNT(*) FROM " + table, soci::into(n);
      return n;
    });
  }

  static std::string code(httplib::Result const& r) {
    auto const j = json::parse(r->body, nullptr, false);
    return j.is_object() ? j.value("code", "") : "(not JSON: " + r->body + ")";
  }
};

TEST_P(http, health_needs_no_login) {
  auto const r = client_->Get("/api/health");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(json::parse(r->body), (json{{"status", "ok"}}));
  EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff");
}

TEST_P(http, api_routes_need_a_session) {
  for (auto const* path : {"/api/me", "/api/items/3"}) {
    auto const r = client_->Get(path);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401) << path;
    EXPECT_EQ(code(r), "unauthenticated") << path;
  }
  auto const forged = get("/api/me", {"solimob_session=" + std::string(64, 'a'), ""});
  EXPECT_EQ(forged->status, 401);
  auto const r = client_->Post("/api/echo", "{}", "application/json");
  EXPECT_EQ(r->status, 401);
}

TEST_P(http, login_sets_a_strict_http_only_cookie) {
  auto const r =
      client_->Post("/api/login", R"({"login": "alice", "password": "correct horse battery"})", "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  auto const set_cookie = r->get_header_value("Set-Cookie");
  EXPECT_EQ(set_cookie.rfind("solimob_session=", 0), 0u) << set_cookie;
  EXPECT_NE(set_cookie.find("; HttpOnly"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("; SameSite=Strict"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("; Path=/"), std::string::npos) << set_cookie;
  EXPECT_EQ(set_cookie.find("Secure"), std::string::npos) << set_cookie;
  auto const body = json::parse(r->body);
  EXPECT_EQ(body["login"], "alice");
  EXPECT_EQ(body["role"], "admin");
  EXPECT_EQ(body["csrf_token"].get<std::string>().size(), 64u);
  EXPECT_EQ(cookie_value(r).size(), 64u);

  auto const me = get("/api/me", {"solimob_session=" + cookie_value(r), ""});
  ASSERT_EQ(me->status, 200);
  EXPECT_EQ(json::parse(me->body)["login"], "alice");
  EXPECT_EQ(json::parse(me->body)["csrf_token"], body["csrf_token"]);
}

TEST_P(http, secure_cookies_option_adds_secure) {
  server_options o;
  o.port_ = 0;
  o.secure_cookies_ = true;
  o.log_requests_ = false;
  http_server secure{*db_, o};
  auto const port = secure.bind();
  std::thread t{[&] { secure.run(); }};
  httplib::Client c{"127.0.0.1", port};
  auto const r = c.Post("/api/login", json{{"login", "alice"}, {"password", kPassword}}.dump(), "application/json");
  secure.stop();
  t.join();
  ASSERT_TRUE(r);
  EXPECT_NE(r->get_header_value("Set-Cookie").find("; Secure"), std::string::npos);
}

TEST_P(http, wrong_passwords_get_401_then_429) {
  for (int i = 0; i != 5; ++i) {
    auto const r = client_->Post("/api/login", json{{"login", "alice"}, {"password", "wrong password"}}.dump(),
                                 "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401) << i;
    EXPECT_EQ(code(r), "bad_credentials");
    EXPECT_FALSE(r->has_header("Set-Cookie"));
  }
  auto const r =
      client_->Post("/api/login", json{{"login", "alice"}, {"password", "wrong password"}}.dump(), "application/json");
  EXPECT_EQ(r->status, 429);
  EXPECT_EQ(code(r), "too_many_attempts");
  EXPECT_TRUE(r->has_header("Retry-After"));
  // Even the right password, while the limit holds.
  auto const right =
      client_->Post("/api/login", json{{"login", "alice"}, {"password", kPassword}}.dump(), "application/json");
  EXPECT_EQ(right->status, 429);
  // Another user is not locked out.
  EXPECT_FALSE(login_as("lea").cookie_.empty());
}

TEST_P(http, login_ignores_and_ends_the_session_it_arrives_with) {
  auto const planted = login_as("lea");  // e.g. a session an attacker obtained and planted in the browser
  ASSERT_FALSE(planted.cookie_.empty());
  auto const r = client_->Post("/api/login", httplib::Headers{{"Cookie", planted.cookie_}},
                               json{{"login", "alice"}, {"password", kPassword}}.dump(), "application/json");
  ASSERT_EQ(r->status, 200);
  auto const fresh = "solimob_session=" + cookie_value(r);
  EXPECT_NE(fresh, planted.cookie_);
  EXPECT_EQ(get("/api/me", {planted.cookie_, ""})->status, 401);
  auto const me = get("/api/me", {fresh, ""});
  ASSERT_EQ(me->status, 200);
  EXPECT_EQ(json::parse(me->body)["login"], "alice");
}

TEST_P(http, state_changes_need_the_csrf_header) {
  auto const s = login_as("alice");
  auto const without = post("/api/echo", R"({"a": 1})", s, false);
  EXPECT_EQ(without->status, 403);
  EXPECT_EQ(code(without), "csrf");
  auto const wrong = post("/api/echo", R"({"a": 1})", {s.cookie_, std::string(64, '0')});
  EXPECT_EQ(wrong->status, 403);
  auto const with = post("/api/echo", R"({"a": 1})", s);
  ASSERT_EQ(with->status, 200) << with->body;
  EXPECT_EQ(json::parse(with->body), (json{{"echo", {{"a", 1}}}}));
  // The token of another session does not do.
  auto const other = login_as("lea");
  EXPECT_EQ(post("/api/echo", "{}", {s.cookie_, other.csrf_})->status, 403);
}

TEST_P(http, malformed_json_is_400_bad_json) {
  auto const s = login_as("alice");
  auto const r = post("/api/echo", R"({"a": 1,)", s);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(code(r), "bad_json");
  auto const l = client_->Post("/api/login", "{login: alice}", "application/json");
  EXPECT_EQ(l->status, 400);
  EXPECT_EQ(code(l), "bad_json");
  auto const missing = client_->Post("/api/login", R"({"login": "alice"})", "application/json");
  EXPECT_EQ(missing->status, 400);
  EXPECT_EQ(json::parse(missing->body)["field"], "password");
}

TEST_P(http, oversized_bodies_are_413) {
  auto const s = login_as("alice");
  auto const big = "\"" + std::string(1 << 21, 'x') + "\"";
  auto const r = post("/api/echo", big, s);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(code(r), "payload_too_large");
  // The server is still fine afterwards.
  EXPECT_EQ(post("/api/echo", "[1]", s)->status, 200);
}

TEST_P(http, sql_injection_in_login_fails_and_harms_nothing) {
  auto const before = count("app_user");
  for (auto const& [l, p] :
       std::vector<std::pair<std::string, std::string>>{{"' OR 1=1 --", "x"},
                                                        {"alice' --", "x"},
                                                        {"alice", "' OR '1'='1"},
                                                        {"x'; DROP TABLE app_user; --", "' OR 1=1 --"}}) {
    auto const r = client_->Post("/api/login", json{{"login", l}, {"password", p}}.dump(), "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401) << l;
    EXPECT_FALSE(r->has_header("Set-Cookie"));
  }
  EXPECT_EQ(count("app_user"), before);
  EXPECT_EQ(count("session"), 0);
  EXPECT_FALSE(login_as("lea").cookie_.empty());
}

TEST_P(http, static_files_never_leave_the_static_directory) {
  auto const index = client_->Get("/");
  ASSERT_EQ(index->status, 200);
  EXPECT_NE(index->body.find("<title>solimob</title>"), std::string::npos);
  auto const js = client_->Get("/assets/app.js");
  ASSERT_EQ(js->status, 200);
  EXPECT_EQ(js->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  auto const spa = client_->Get("/plans/12/actions");
  ASSERT_EQ(spa->status, 200);  // client-side route: index.html
  EXPECT_NE(spa->body.find("<title>solimob</title>"), std::string::npos);
  EXPECT_EQ(client_->Get("/assets/missing.js")->status, 404);

  for (auto const* target : {"/../secret.txt", "/../../etc/passwd", "/%2e%2e/secret.txt", "/%2E%2E/%2e%2e/etc/passwd",
                             "/assets/..%2f..%2fsecret.txt", "/assets/%2e%2e/%2e%2e/secret.txt", "/..%5csecret.txt",
                             "/%252e%252e/secret.txt", "/link.txt", "/.%2e/secret.txt", "/./../secret.txt",
                             "//../secret.txt", "/assets/../../secret.txt", "/%00/../secret.txt"}) {
    auto const raw = raw_get(port_, target);
    EXPECT_EQ(raw.find(kSecret), std::string::npos) << target << "\n" << raw;
    EXPECT_EQ(raw.find("root:"), std::string::npos) << target;
    auto const status_ok = raw.rfind("HTTP/1.1 200", 0) == 0;
    auto const is_index = raw.find("<title>solimob</title>") != std::string::npos;
    EXPECT_TRUE(!status_ok || is_index) << target << "\n" << raw.substr(0, 200);
    EXPECT_FALSE(status_ok) << target << " answered 200 (index.html)";
  }
}

TEST_P(http, logout_ends_the_session) {
  auto const s = login_as("alice");
  ASSERT_EQ(get("/api/me", s)->status, 200);
  EXPECT_EQ(post("/api/logout", "", s, false)->status, 403);  // logout is a state change too
  auto const r = post("/api/logout", "", s);
  ASSERT_EQ(r->status, 200);
  EXPECT_NE(r->get_header_value("Set-Cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(get("/api/me", s)->status, 401);
  EXPECT_EQ(post("/api/echo", "{}", s)->status, 401);
}

TEST_P(http, unknown_api_routes_are_404_json) {
  auto const s = login_as("alice");
  for (auto const* path : {"/api/nothing", "/api", "/api/items", "/api/items/1/extra"}) {
    auto const r = get(path, s);
    EXPECT_EQ(r->status, 404) << path;
    EXPECT_EQ(code(r), "not_found") << path;
  }
  EXPECT_EQ(client_->Get("/api/nothing")->status, 404);
  auto const wrong_method = client_->Delete("/api/echo", httplib::Headers{{"Cookie", s.cookie_}});
  EXPECT_EQ(wrong_method->status, 405);
  EXPECT_EQ(get("/api/items/abc", s)->status, 404);
}

TEST_P(http, routes_get_parameters_and_roles_are_checked) {
  auto const s = login_as("alice");
  auto const r = get("/api/items/42?q=caf%C3%A9", s);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body), (json{{"id", 42}, {"q", "café"}}));
  // lecture may read, not change (POST routes need an editor unless registered otherwise).
  auto const reader = login_as("lea");
  EXPECT_EQ(get("/api/items/1", reader)->status, 200);
  auto const denied = post("/api/echo", "{}", reader);
  EXPECT_EQ(denied->status, 403);
  EXPECT_EQ(code(denied), "forbidden");
}

TEST_P(http, handlers_run_in_a_transaction_with_their_audit) {
  auto const s = login_as("alice");
  auto const ok = post("/api/organisations", R"({"name": "CCAS"})", s);
  ASSERT_EQ(ok->status, 201) << ok->body;
  EXPECT_EQ(count("organisation"), 1);
  EXPECT_EQ(count("audit_log"), 1);
  auto const details = db_->with_session([](soci::session& q) {
    std::string d;
    std::string who;
    q << "SELECT a.details, u.login FROM audit_log a JOIN app_user u ON u.id = a.user_id", soci::into(d),
        soci::into(who);
    return d + " by " + who;
  });
  EXPECT_EQ(details, R"({"name":"CCAS"} by alice)");

  auto const refused = post("/api/organisations", R"({"name": "X", "fail_after_insert": true})", s);
  EXPECT_EQ(refused->status, 409);
  EXPECT_EQ(code(refused), "conflict");
  auto const invalid = post("/api/organisations", R"({})", s);
  EXPECT_EQ(invalid->status, 400);
  EXPECT_EQ(json::parse(invalid->body)["field"], "name");
  EXPECT_EQ(count("organisation"), 1);  // neither the insert nor its audit line survived
  EXPECT_EQ(count("audit_log"), 1);
}

TEST_P(http, reference_layers_are_served_to_every_logged_in_user) {
  EXPECT_EQ(client_->Get("/api/reference-layers")->status, 401);
  auto const reader = login_as("lea");
  auto r = get("/api/reference-layers", reader);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body), json::parse(R"([{"id": 1, "name": "communes-93-ign-2018", "features": 40}])"));
  r = get("/api/reference-layers/1", reader);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/geo+json");
  auto const fc = json::parse(r->body);
  ASSERT_EQ(fc["features"].size(), 40U);
  std::set<std::string> names;
  for (auto const& f : fc["features"]) {
    names.insert(f["properties"]["name"].get<std::string>());
    EXPECT_TRUE(f["geometry"]["type"] == "Polygon" || f["geometry"]["type"] == "MultiPolygon");
  }
  EXPECT_TRUE(names.contains("Bobigny"));
  EXPECT_TRUE(names.contains("Coubron"));
  EXPECT_EQ(get("/api/reference-layers/2", reader)->status, 404);
  EXPECT_EQ(get("/api/reference-layers/0", reader)->status, 404);
}

TEST_P(http, stop_before_run_returns) {
  server_options o;
  o.port_ = 0;
  o.log_requests_ = false;
  http_server s{*db_, o};
  s.bind();
  s.stop();
  s.run();  // returns at once
  SUCCEED();
}

INSTANTIATE_TEST_SUITE_P(backends, http, ::testing::Values("sqlite", "postgresql"),
                         [](auto const& info) { return info.param; });

}  // namespace
}  // namespace solimob::server
