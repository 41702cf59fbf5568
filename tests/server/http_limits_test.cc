// What a client without a login can do to the server: slow connections, large or compressed
// bodies, deeply nested JSON, forged log lines; and the hardening headers (issue 8). The server
// runs for real on 127.0.0.1, on SQLite and, when scripts/with-postgres provides one, PostgreSQL.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "server/api.h"
#include "server/auth.h"
#include "server/http_server.h"
#include "server/plan_routes.h"
#include "server/routes/support.h"
#include "server/server_fixture.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/test_database.h"

namespace solimob::server {
namespace {

using json = nlohmann::json;
using std::chrono::milliseconds;
using clock = std::chrono::steady_clock;

int connect_to(int port) {
  auto const fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    return -1;
  }
  timeval tv{5, 0};  // no test blocks for ever on a send or a receive
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  return fd;
}

bool send_all(int fd, std::string_view s) {
  while (!s.empty()) {
    auto const n = ::send(fd, s.data(), s.size(), MSG_NOSIGNAL);
    if (n <= 0) {
      return false;
    }
    s.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// What the server sends until it closes the connection or `timeout` passes.
std::string receive(int fd, milliseconds timeout) {
  std::string out;
  auto const until = clock::now() + timeout;
  for (;;) {
    auto const left = std::chrono::duration_cast<milliseconds>(until - clock::now()).count();
    pollfd p{fd, POLLIN, 0};
    if (left <= 0 || ::poll(&p, 1, static_cast<int>(left)) <= 0) {
      return out;
    }
    char buf[4096];
    auto const n = ::recv(fd, buf, sizeof(buf), 0);
    if (n <= 0) {
      return out;
    }
    out.append(buf, static_cast<std::size_t>(n));
  }
}

// Whether the server has closed the connection (end of stream or reset), waiting at most
// `timeout`; what it sent before is read and dropped.
bool closed_by_server(int fd, milliseconds timeout) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) {
    return false;
  }
  for (;;) {
    char buf[4096];
    auto const n = ::recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
    if (n == 0) {
      return true;
    }
    if (n < 0) {
      return errno != EAGAIN && errno != EWOULDBLOCK;
    }
  }
}

std::string gzip(std::string const& in) {
  z_stream z{};
  deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, static_cast<uLong>(in.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string code_of(httplib::Result const& r) {
  auto const j = json::parse(r->body, nullptr, false);
  return j.is_object() ? j.value("code", "") : "(not JSON: " + r->body.substr(0, 200) + ")";
}

class limits : public server_test {
 protected:
  void SetUp() override {
    server_test::SetUp();
    if (IsSkipped()) {
      return;
    }
    add_user(*db_, "alice", kPassword, role::kAdmin);
  }

  static server_options options() { return test_options(); }

  void start(server_options const& o, bool plan_routes = false) {
    server_test::start(o, [plan_routes](http_server& s) {
      s.route("POST", "/api/echo", [](request_context& ctx) { return api_response{200, {{"echo", ctx.body_}}}; });
      if (plan_routes) {
        add_plan_routes(s);
      }
    });
    client_->set_connection_timeout(std::chrono::seconds{5});
    client_->set_read_timeout(std::chrono::seconds{5});
  }

  std::pair<std::string, std::string> login() {  // cookie, CSRF token
    auto const r =
        client_->Post("/api/login", json{{"login", "alice"}, {"password", kPassword}}.dump(), "application/json");
    EXPECT_TRUE(r && r->status == 200);
    auto const h = r->get_header_value("Set-Cookie");
    return {h.substr(0, h.find(';')), json::parse(r->body)["csrf_token"].get<std::string>()};
  }
};

// Before: httplib bounded Content-Length only and appended every chunk of a chunked body to the
// request, so 64 MiB were read into memory before the route (and its login check) ran.
TEST_P(limits, chunked_bodies_past_the_limit_are_413_and_not_read) {
  auto o = options();
  o.max_body_bytes_ = 64 << 10;
  start(o);
  auto const fd = connect_to(port_);
  ASSERT_GE(fd, 0);
  constexpr std::size_t kTotal = std::size_t{64} << 20;
  std::atomic<std::size_t> sent{0};
  std::thread sender{[&] {
    if (!send_all(fd,
                  "POST /api/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                  "Transfer-Encoding: chunked\r\n\r\n")) {
      return;
    }
    std::string chunk = "4000\r\n" + std::string(0x4000, ' ') + "\r\n";
    while (sent < kTotal && send_all(fd, chunk)) {
      sent += 0x4000;
    }
  }};
  auto const answer = receive(fd, milliseconds{10000});
  sender.join();
  ::close(fd);
  EXPECT_EQ(answer.rfind("HTTP/1.1 413", 0), 0u) << answer.substr(0, 200);
  EXPECT_NE(answer.find("payload_too_large"), std::string::npos);
  // The server closed the connection instead of reading the rest: socket buffers hold a few MiB.
  EXPECT_LT(sent.load(), kTotal / 2);
  // And it still serves.
  EXPECT_EQ(client_->Get("/api/health")->status, 200);
  // A declared length past the limit is refused before the body is read; a malformed one is 400.
  for (auto const& [length, status] : {std::pair{"70000", "413"}, std::pair{"12ab", "400"}}) {
    auto const c = connect_to(port_);
    send_all(c, std::string{"POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Length: "} + length + "\r\n\r\n");
    auto const answer = receive(c, milliseconds{3000});
    ::close(c);
    EXPECT_EQ(answer.substr(0, 12), std::string{"HTTP/1.1 "} + status) << length;
  }
}

// Before: httplib inflated the body (64 MiB of zeros from 65 KB) before any check.
TEST_P(limits, compressed_bodies_are_refused_without_inflating) {
  start(options());
  auto const bomb = gzip(std::string(std::size_t{64} << 20, '\0'));
  ASSERT_LT(bomb.size(), 100'000u);
  for (auto const* encoding : {"gzip", "deflate", "br"}) {
    auto const r =
        client_->Post("/api/login", httplib::Headers{{"Content-Encoding", encoding}}, bomb, "application/json");
    ASSERT_TRUE(r) << encoding;
    EXPECT_EQ(r->status, 415) << encoding;
    EXPECT_EQ(code_of(r), "unsupported_encoding") << encoding;
  }
  // Uncompressed bodies still work on the same connection (the refused body was read as sent).
  auto const r =
      client_->Post("/api/login", json{{"login", "alice"}, {"password", kPassword}}.dump(), "application/json");
  EXPECT_EQ(r->status, 200);
}

// Before: parsed, then copied recursively into the answer: the stack overflowed and the server died.
TEST_P(limits, json_nested_past_the_limit_is_400) {
  start(options());
  auto const [cookie, csrf] = login();
  auto const nested = [](std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); };
  httplib::Headers const h{{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
  for (auto const depth : {std::size_t{500'000}, kMaxJsonDepth + 1}) {
    for (auto const* path : {"/api/echo", "/api/login"}) {
      auto const r = client_->Post(path, h, nested(depth), "application/json");
      ASSERT_TRUE(r) << path << " " << depth;
      EXPECT_EQ(r->status, 400) << path << " " << depth;
      EXPECT_EQ(code_of(r), "bad_json") << path;
      EXPECT_NE(r->body.find("levels deep"), std::string::npos) << r->body;
    }
  }
  // Exactly the limit is accepted, and brackets inside strings do not count.
  auto const ok = client_->Post("/api/echo", h, nested(kMaxJsonDepth), "application/json");
  EXPECT_EQ(ok->status, 200) << ok->body;
  auto const in_string = json{{"text", std::string(1000, '[') + "\\\"" + std::string(1000, '{')}}.dump();
  EXPECT_EQ(client_->Post("/api/echo", h, in_string, "application/json")->status, 200);
}

// Before: 100 connections sending a header line every 300 ms held httplib's fixed pool (here 4
// threads) and /api/health was not answered.
TEST_P(limits, slow_clients_do_not_starve_the_others) {
  for (std::size_t max_threads : {std::size_t{512}, std::size_t{24}}) {  // room for all, then not
    SCOPED_TRACE(max_threads);
    auto o = options();
    o.connections_.max_threads_ = max_threads;
    start(o);
    std::vector<int> slow;
    for (int k = 0; k != 100; ++k) {
      slow.push_back(connect_to(port_));
      send_all(slow.back(), "GET /api/health HTTP/1.1\r\n");
    }
    std::atomic<bool> done{false};
    std::thread dribble{[&] {
      for (int line = 0; !done; ++line) {
        for (auto const fd : slow) {
          send_all(fd, "X-Slow-" + std::to_string(line) + ": 1\r\n");
        }
        std::this_thread::sleep_for(milliseconds{300});
      }
    }};
    for (int k = 0; k != 4; ++k) {
      std::this_thread::sleep_for(milliseconds{400});
      httplib::Client fresh{"127.0.0.1", port_};
      fresh.set_connection_timeout(std::chrono::seconds{3});
      fresh.set_read_timeout(std::chrono::seconds{3});
      auto const t0 = clock::now();
      auto const r = fresh.Get("/api/health");
      auto const elapsed = clock::now() - t0;
      EXPECT_TRUE(r && r->status == 200) << k;  // no ASSERT: the threads below must be joined
      EXPECT_LT(elapsed, milliseconds{1000}) << k;
    }
    done = true;
    dribble.join();
    // After 1.6 s every slow connection was waiting for more than slow_after_: 16 are kept.
    EXPECT_GE(server_->evicted_connections(), 100u - o.connections_.max_slow_per_address_);
    for (auto const fd : slow) {
      ::close(fd);
    }
    stop();
  }
}

// Before: httplib's read timeout was per recv call, so a byte every few seconds kept a request open.
TEST_P(limits, headers_have_a_total_deadline) {
  auto o = options();
  o.connections_.header_timeout_ = milliseconds{1000};
  start(o);
  auto const fd = connect_to(port_);
  ASSERT_GE(fd, 0);
  auto const t0 = clock::now();
  send_all(fd, "GET /api/health HTTP/1.1\r\n");
  bool closed = false;
  for (int line = 0; line != 20 && !closed; ++line) {  // 4 s of header lines, one every 200 ms
    send_all(fd, "X-Slow: 1\r\n");
    closed = closed_by_server(fd, milliseconds{200});
  }
  auto const elapsed = clock::now() - t0;
  ::close(fd);
  EXPECT_TRUE(closed);
  EXPECT_GE(elapsed, milliseconds{900});
  EXPECT_LT(elapsed, milliseconds{2000});
}

TEST_P(limits, headers_are_bounded_in_size) {
  start(options());
  // 40 KB of headers (httplib's own limit is 8 KB a line) are served.
  auto fd = connect_to(port_);
  ASSERT_GE(fd, 0);
  std::string request = "GET /api/health HTTP/1.1\r\nHost: x\r\n";
  for (auto i = 0; i != 10; ++i) {
    request += "X-Big-" + std::to_string(i) + ": " + std::string(4000, 'a') + "\r\n";
  }
  send_all(fd, request + "Connection: close\r\n\r\n");
  EXPECT_EQ(receive(fd, milliseconds{3000}).rfind("HTTP/1.1 200", 0), 0U);
  ::close(fd);
  // 1 MB of 5-byte header lines: the server stops reading after max_header_bytes_ (64 KiB) and
  // closes, instead of filling its header map for the 10 s the headers may take.
  fd = connect_to(port_);
  ASSERT_GE(fd, 0);
  std::string flood = "GET /api/health HTTP/1.1\r\n";
  for (auto i = 0; i != 200'000; ++i) {
    flood += "a:b\r\n";
  }
  auto const t0 = clock::now();
  auto const sent_all = send_all(fd, flood);
  auto closed = !sent_all;  // reset while sending
  while (!closed && clock::now() - t0 < milliseconds{3000}) {
    closed = closed_by_server(fd, milliseconds{200});
  }
  ::close(fd);
  EXPECT_TRUE(closed);
  EXPECT_LT(clock::now() - t0, milliseconds{4000});
  EXPECT_EQ(client_->Get("/api/health")->status, 200);
}

// The HTTP library's own refusals carry the code of their status from the error table (before: any
// 4xx it produced was "bad_request", a 414 included).
TEST_P(limits, errors_of_the_http_library_have_the_code_of_their_status) {
  start(options());
  auto const long_uri = client_->Get("/api/health?q=" + std::string(20'000, 'a'));
  ASSERT_TRUE(long_uri);
  EXPECT_EQ(long_uri->status, 414);
  EXPECT_EQ(code_of(long_uri), "uri_too_long");
  auto fd = connect_to(port_);
  ASSERT_GE(fd, 0);
  send_all(fd, "NOT-A-REQUEST-LINE\r\n\r\n");
  auto const answer = receive(fd, milliseconds{3000});
  ::close(fd);
  EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0U) << answer.substr(0, 200);
  EXPECT_NE(answer.find("\"code\":\"bad_request\""), std::string::npos) << answer.substr(0, 400);
}

TEST_P(limits, an_answer_must_be_read_within_the_write_timeout) {
  // 32 MB of static file, a client that reads nothing: the socket buffers fill, and the server gives
  // up after write_timeout_ (1 s here) instead of holding its thread.
  auto const www = scratch_->dir() + "/www";
  std::filesystem::create_directories(www);
  std::ofstream{www + "/big.bin", std::ios::binary} << std::string(32 << 20, 'x');
  auto o = options();
  o.static_dir_ = www;
  o.connections_.write_timeout_ = milliseconds{1000};
  start(o);
  auto const fd = connect_to(port_);
  ASSERT_GE(fd, 0);
  int small = 4096;  // a small receive buffer, so that the server's writes block early
  ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
  send_all(fd, "GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n");
  std::this_thread::sleep_for(milliseconds{2500});
  auto const got = receive(fd, milliseconds{3000});  // what the server wrote before giving up, then EOF
  ::close(fd);
  EXPECT_GT(got.size(), 0U);
  EXPECT_LT(got.size(), std::size_t{32} << 20);
  EXPECT_EQ(client_->Get("/api/health")->status, 200);
}

// The per-address limit, small here: connections that sent nothing for slow_after_ count as slow.
TEST_P(limits, one_address_keeps_a_bounded_number_of_slow_connections) {
  auto o = options();
  o.connections_.max_slow_per_address_ = 4;
  o.connections_.slow_after_ = milliseconds{200};
  o.connections_.max_threads_ = 64;
  start(o);
  std::vector<int> idle;
  for (int k = 0; k != 10; ++k) {
    idle.push_back(connect_to(port_));
    std::this_thread::sleep_for(milliseconds{50});  // an order of age
  }
  std::this_thread::sleep_for(milliseconds{1000});
  std::vector<bool> closed;
  for (auto const fd : idle) {
    closed.push_back(closed_by_server(fd, milliseconds{0}));
    ::close(fd);
  }
  // The six that have waited longest are closed, the four youngest kept.
  EXPECT_EQ(closed, (std::vector<bool>{true, true, true, true, true, true, false, false, false, false}));
  EXPECT_EQ(server_->evicted_connections(), 6u);
  // A fresh request from the same address is served.
  EXPECT_EQ(client_->Get("/api/health")->status, 200);
}

TEST_P(limits, a_trusted_proxy_keeps_its_idle_connections) {
  // Behind a proxy every client comes from its address: the per-address cap would close the
  // connections of every user but 4.
  auto o = options();
  o.connections_.max_slow_per_address_ = 4;
  o.connections_.slow_after_ = milliseconds{200};
  o.connections_.max_threads_ = 64;
  o.trusted_proxies_ = {"127.0.0.1"};
  start(o);
  std::vector<int> idle;
  for (int k = 0; k != 10; ++k) {
    idle.push_back(connect_to(port_));
  }
  std::this_thread::sleep_for(milliseconds{1000});
  auto n_closed = 0;
  for (auto const fd : idle) {
    n_closed += closed_by_server(fd, milliseconds{0}) ? 1 : 0;
    ::close(fd);
  }
  EXPECT_EQ(n_closed, 0);
  EXPECT_EQ(server_->evicted_connections(), 0u);
}

// Before: "%0A" in a path wrote a newline into the log, and a second, forged line.
TEST_P(limits, log_lines_cannot_be_forged) {
  auto const log_path = scratch_->dir() + "/requests.log";
  auto const log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  ASSERT_GE(log_fd, 0);
  auto o = options();
  o.log_requests_ = true;
  o.log_fd_ = log_fd;
  start(o);
  auto const fd = connect_to(port_);
  send_all(fd,
           "GET /x%0A2026-01-01T00:00:00Z%20GET%20/api/admin%20200%1b[2J HTTP/1.1\r\nHost: x\r\nConnection: "
           "close\r\n\r\n");
  receive(fd, milliseconds{3000});
  ::close(fd);
  stop();
  ::close(log_fd);
  std::ifstream in{log_path};
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) {
    lines.push_back(l);
  }
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find(R"( GET /x\x0a2026-01-01T00:00:00Z GET /api/admin 200\x1b[2J 404)"), std::string::npos)
      << lines[0];
  EXPECT_EQ(log_escape("a\\b\r\x7f"), R"(a\x5cb\x0d\x7f)");
}

TEST_P(limits, every_answer_has_a_content_security_policy) {
  auto o = options();
  o.basemap_url_ = "https://tiles.example:8443/osm/{z}/{x}/{y}.png";
  o.basemap_attribution_ = "© OpenStreetMap";
  start(o);
  for (auto const* path : {"/api/health", "/api/config", "/", "/api/nothing"}) {
    auto const r = client_->Get(path);
    ASSERT_TRUE(r) << path;
    auto const csp = r->get_header_value("Content-Security-Policy");
    EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << path << ": " << csp;
    EXPECT_NE(csp.find("script-src 'self';"), std::string::npos) << csp;  // no inline or eval'd script
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
    EXPECT_NE(csp.find("img-src 'self' data: blob: https://tiles.example:8443;"), std::string::npos) << csp;
    EXPECT_NE(csp.find("connect-src 'self' https://tiles.example:8443;"), std::string::npos) << csp;
  }
  // The basemap comes from the server's options only.
  auto const config = client_->Get("/api/config?basemap=https://evil.example/{z}/{x}/{y}.png");
  ASSERT_EQ(config->status, 200);
  EXPECT_EQ(json::parse(config->body), (json{{"basemap", "https://tiles.example:8443/osm/{z}/{x}/{y}.png"},
                                             {"basemap_attribution", "© OpenStreetMap"}}));
  stop();
  for (auto const* bad :
       {"javascript:alert(1)", "https://a.example;script-src *", "ftp://x/{z}/{x}/{y}.png", "https://exa mple/{z}"}) {
    o.basemap_url_ = bad;
    EXPECT_THROW((http_server{*db_, o}), input_error) << bad;
  }
}

// Behind a reverse proxy: its X-Forwarded-* are believed, nobody else's.
TEST_P(limits, trusted_proxies_give_secure_cookies_and_the_client_address) {
  auto const post_login = [&](std::string const& password, httplib::Headers h) {
    return client_->Post("/api/login", h, json{{"login", "alice"}, {"password", password}}.dump(), "application/json");
  };
  start(options());
  // Not trusted: a client cannot claim HTTPS or another address.
  auto r = post_login(kPassword, {{"X-Forwarded-Proto", "https"}});
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Set-Cookie").find("Secure"), std::string::npos);
  stop();

  auto o = options();
  o.trusted_proxies_ = {"127.0.0.1"};
  start(o);
  r = post_login(kPassword, {{"X-Forwarded-Proto", "https"}});
  ASSERT_EQ(r->status, 200);
  EXPECT_NE(r->get_header_value("Set-Cookie").find("; Secure"), std::string::npos);
  r = post_login(kPassword, {{"X-Forwarded-Proto", "http"}});
  EXPECT_EQ(r->get_header_value("Set-Cookie").find("Secure"), std::string::npos);
  // Five failures from one client behind the proxy refuse that client, not alice from elsewhere.
  // The last address of X-Forwarded-For is the proxy's view; the first is the client's say.
  for (int k = 0; k != 5; ++k) {
    EXPECT_EQ(post_login("wrong password", {{"X-Forwarded-For", "198.51.100.2, 203.0.113.7"}})->status, 401);
  }
  EXPECT_EQ(post_login(kPassword, {{"X-Forwarded-For", "203.0.113.7"}})->status, 429);
  EXPECT_EQ(post_login(kPassword, {{"X-Forwarded-For", "203.0.113.7, 198.51.100.2"}})->status, 200);
  EXPECT_EQ(post_login(kPassword, {})->status, 200);  // the proxy's own address
}

// Before: one entry per (visibility, day, days) for ever: 600 horizons, 600 dashboards kept.
TEST_P(limits, the_dashboard_cache_is_bounded) {
  start(options(), true);
  auto const [cookie, csrf] = login();
  for (int days = 1; days <= 300; ++days) {
    auto const r = client_->Get("/api/dashboard?days=" + std::to_string(days), httplib::Headers{{"Cookie", cookie}});
    ASSERT_EQ(r->status, 200) << r->body;
  }
  EXPECT_LE(routes::cache().size(), routes::aggregate_cache::kMaxEntries);
}

// A change through the API drops the cached aggregates once its transaction has ended.
TEST_P(limits, after_change_runs_after_the_commit) {
  auto o = options();
  server_ = std::make_unique<http_server>(*db_, o);
  server_->route("POST", "/api/organisations", [](request_context& ctx) {
    ctx.sql_ << "INSERT INTO organisation (name) VALUES ('x')";
    return api_response{201, {{"ok", true}}};
  });
  std::vector<long long> seen;
  server_->after_change([&] {
    // Another connection of the pool: sees the row only once it is committed.
    seen.push_back(db_->with_session([](soci::session& s) {
      long long n = 0;
      s << "SELECT COUNT(*) FROM organisation", soci::into(n);
      return n;
    }));
  });
  port_ = server_->bind();
  thread_ = std::thread{[this] { server_->run(); }};
  client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
  auto const [cookie, csrf] = login();
  auto const r = client_->Post("/api/organisations", httplib::Headers{{"Cookie", cookie}, {"X-CSRF-Token", csrf}}, "{}",
                               "application/json");
  ASSERT_EQ(r->status, 201);
  client_->Get("/api/health");  // GETs run no hook
  EXPECT_EQ(seen, std::vector<long long>{1});
}

INSTANTIATE_TEST_SUITE_P(backends, limits, ::testing::Values("sqlite", "postgresql"),
                         [](auto const& i) { return i.param; });

}  // namespace
}  // namespace solimob::server
