#include "server/http_server.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <vector>

#include <httplib.h>
#include <poll.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include "server/api.h"
#include "server/api_error.h"
#include "server/connections.h"
#include "server/fifo_gate.h"
#include "store/database.h"

namespace solimob::server {

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

constexpr std::string_view kCookieName = "solimob_session";
constexpr char const* kCsrfHeader = "X-CSRF-Token";
constexpr char const* kJsonType = "application/json; charset=utf-8";

// Every path, including ones httplib would not expect to start with '/' ("*" for OPTIONS).
constexpr char const* kAnyPath = R"([\s\S]*)";

bool is_state_changing(std::string const& m) {
  return m == "POST" || m == "PUT" || m == "PATCH" || m == "DELETE";
}

std::vector<std::string> split_path(std::string const& path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string::npos) {
      end = path.size();
    }
    if (end != start) {
      out.push_back(path.substr(start, end - start));
    }
    start = end + 1;
  }
  return out;
}

std::string dump(json const& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

void send_json(httplib::Response& res, int status, json const& body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(dump(body), kJsonType);
}

void send_error(httplib::Response& res, error_kind c, std::string const& message, std::string const& field = {}) {
  auto const& i = info(c);
  json body = {{"code", i.name_}, {"message", message}};
  if (!field.empty()) {
    body["field"] = field;
  }
  send_json(res, i.http_status_, body);
}

// A unique or foreign key refused the change. SOCI 4.0 classifies PostgreSQL's errors but not
// SQLite's: the SQLite result code tells.
bool is_constraint_violation(soci::soci_error const& e) {
  if (e.get_error_category() == soci::soci_error::constraint_violation) {
    return true;
  }
  auto const* sqlite = dynamic_cast<soci::sqlite3_soci_error const*>(&e);
  return sqlite != nullptr && (sqlite->result() & 0xff) == SQLITE_CONSTRAINT;
}

// Comparison whose duration does not depend on where the strings differ.
bool equal_constant_time(std::string const& a, std::string const& b) {
  if (a.size() != b.size()) {
    return false;
  }
  unsigned char diff = 0;
  for (std::size_t i = 0; i != a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return diff == 0;
}

// Every value of our cookie in the request (a browser may send several with different paths).
std::vector<std::string> session_cookies(httplib::Request const& req) {
  std::vector<std::string> out;
  auto const n = req.get_header_value_count("Cookie");
  for (std::size_t k = 0; k != n; ++k) {
    auto const header = req.get_header_value("Cookie", k);
    std::size_t pos = 0;
    while (pos < header.size()) {
      auto end = header.find(';', pos);
      if (end == std::string::npos) {
        end = header.size();
      }
      auto item = std::string_view{header}.substr(pos, end - pos);
      while (!item.empty() && item.front() == ' ') {
        item.remove_prefix(1);
      }
      if (item.size() > kCookieName.size() && item.substr(0, kCookieName.size()) == kCookieName &&
          item[kCookieName.size()] == '=') {
        out.emplace_back(item.substr(kCookieName.size() + 1));
      }
      pos = end + 1;
    }
  }
  return out;
}

std::string_view mime_type(fs::path const& p) {
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".geojson", "application/geo+json"},
      {".map", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".pdf", "application/pdf"},
      {".wasm", "application/wasm"},
      {".pbf", "application/x-protobuf"},
  };
  auto const ext = p.extension().string();
  for (auto const& [e, t] : kTypes) {
    if (e == ext) {
      return t;
    }
  }
  return "application/octet-stream";
}

bool is_within(fs::path const& root, fs::path const& p) {
  auto const [r, q] = std::mismatch(root.begin(), root.end(), p.begin(), p.end());
  return r == root.end();
}

struct route_entry {
  std::string method_;
  std::vector<std::string> segments_;  // ":name" segments are parameters
  handler handler_;
  access access_;
};

bool match(route_entry const& r, std::vector<std::string> const& segs, std::map<std::string, std::string>& params) {
  if (r.segments_.size() != segs.size()) {
    return false;
  }
  params.clear();
  for (std::size_t i = 0; i != segs.size(); ++i) {
    auto const& p = r.segments_[i];
    if (!p.empty() && p.front() == ':') {
      params[p.substr(1)] = segs[i];
    } else if (p != segs[i]) {
      return false;
    }
  }
  return true;
}

json user_json(user const& u) {
  return {{"id", u.id_.v()},
          {"login", u.login_},
          {"role", to_string(u.role_)},
          {"organisation_id", u.organisation_id_.has_value() ? json(u.organisation_id_->v()) : json(nullptr)}};
}

void log_error(httplib::Request const& req, char const* what) {
  std::fprintf(stderr, "error: %s %s: %s\n", log_escape(req.method).c_str(), log_escape(req.path).c_str(),
               log_escape(what).c_str());
}

// "https://tiles.example:8443" of "https://tiles.example:8443/{z}/{x}/{y}.png"; empty for no URL.
// input_error for anything else than an http(s) URL with a plain host: it goes into a header.
std::string origin_of(std::string const& url) {
  if (url.empty()) {
    return {};
  }
  auto const scheme_end = url.find("://");
  auto const scheme = url.substr(0, scheme_end);
  auto const host_end = scheme_end == std::string::npos ? std::string::npos : url.find('/', scheme_end + 3);
  auto const host =
      scheme_end == std::string::npos ? std::string{} : url.substr(scheme_end + 3, host_end - scheme_end - 3);
  auto const plain = !host.empty() && std::all_of(begin(host), end(host), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
           c == ':';
  });
  if ((scheme != "https" && scheme != "http") || !plain ||
      std::any_of(begin(url), end(url), [](char c) { return static_cast<unsigned char>(c) <= ' ' || c == '"'; })) {
    throw input_error{"basemap URL '" + url + "': an http(s)://host/.../{z}/{x}/{y}.png template is expected"};
  }
  return scheme + "://" + host;
}

// Scripts only from the server; inline styles (MapLibre and the UI set style attributes); map
// workers and images from blob: URLs; tiles of the configured basemap only.
std::string content_security_policy(std::string const& basemap_origin) {
  auto const extra = basemap_origin.empty() ? std::string{} : " " + basemap_origin;
  return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:" + extra +
         "; connect-src 'self'" + extra +
         "; worker-src 'self' blob:; child-src 'self' blob:; font-src 'self' data:; object-src 'none'; "
         "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
}

// The connection the current thread serves (set by solimob_httplib_server::process_and_close_socket).
thread_local connection* tl_connection = nullptr;

// httplib's server with our connection loop (server/connections.h): deadlines on every read, slow
// connections closed to make room, and a wider listen backlog.
class solimob_httplib_server : public httplib::Server {
 public:
  solimob_httplib_server(connection_registry& r, connection_limits const& l) : registry_{r}, limits_{l} {}

  // Debian's httplib is compiled with a listen backlog of 5: fifty clients connecting at once
  // overflow it, and the ones dropped wait for TCP's SYN retransmission (the 1-2 s tails and
  // timeouts seen under load). listen() again on the bound socket widens the queue.
  bool widen_backlog() { return ::listen(svr_sock_, SOMAXCONN) == 0; }

  // The rest of the request (its body) must arrive within body_timeout_ from now; its size is
  // bounded by read_body, not by the header budget.
  void headers_read() const {
    if (tl_connection != nullptr) {
      tl_connection->deadline_ = std::chrono::steady_clock::now() + limits_.body_timeout_;
      tl_connection->header_bytes_left_ = kUnlimitedBytes;
    }
  }

 private:
  // httplib's own loop, with a stream whose reads stop at the connection's deadline.
  bool process_and_close_socket(socket_t sock) override {
    connection c;
    c.fd_ = sock;
    c.address_ = peer_address(sock);
    registry_.add(c);
    tl_connection = &c;
    deadline_stream strm{c, limits_.io_timeout_, limits_.write_timeout_};
    auto ret = false;
    try {
      for (auto count = keep_alive_max_count_; svr_sock_ != INVALID_SOCKET && count > 0 && !c.evicted_; --count) {
        registry_.waiting(c);
        c.deadline_ = std::chrono::steady_clock::time_point::max();
        if (!strm.wait_for_request(limits_.idle_timeout_)) {
          break;
        }
        c.deadline_ = std::chrono::steady_clock::now() + limits_.header_timeout_;
        c.header_bytes_left_ = limits_.max_header_bytes_;
        c.write_deadline_ = std::chrono::steady_clock::time_point::max();
        auto closed = false;
        ret = process_request(strm, count == 1, closed, nullptr);
        // After a timeout httplib answers 400 and would read on: the client had its time.
        if (!ret || closed || c.close_after_response_ || c.timed_out_) {
          break;
        }
      }
    } catch (...) {  // out of memory in httplib: this connection ends, the registry must not keep it
      ret = false;
    }
    tl_connection = nullptr;
    if (c.close_after_response_) {
      linger(sock);
    }
    registry_.remove(c);
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return ret;
  }

  // A refused body is still arriving: closing with unread data would reset the connection, and
  // the client could lose the answer. Read and drop what comes for a moment first.
  static void linger(int fd) {
    ::shutdown(fd, SHUT_WR);
    pollfd p{fd, POLLIN, 0};
    char buf[16384];
    auto const until = std::chrono::steady_clock::now() + std::chrono::milliseconds{500};
    for (std::size_t total = 0; total < (std::size_t{4} << 20);) {
      auto const left =
          std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now()).count();
      if (left <= 0 || ::poll(&p, 1, static_cast<int>(left)) <= 0) {
        return;
      }
      auto const n = ::recv(fd, buf, sizeof(buf), 0);
      if (n <= 0) {
        return;
      }
      total += static_cast<std::size_t>(n);
    }
  }

  connection_registry& registry_;
  connection_limits limits_;
};

}  // namespace

struct http_server::impl {
  impl(store::database& db, server_options o)
      : db_{db},
        opt_{std::move(o)},
        gate_{opt_.concurrent_requests_ != 0 ? opt_.concurrent_requests_
                                             : 2 * std::max(1U, std::thread::hardware_concurrency())},
        registry_{with_uncapped_proxies(opt_)},
        svr_{registry_, opt_.connections_} {}

  static connection_limits with_uncapped_proxies(server_options const& o) {
    auto l = o.connections_;
    l.uncapped_addresses_.insert(end(l.uncapped_addresses_), begin(o.trusted_proxies_), end(o.trusted_proxies_));
    return l;
  }

  // body: the request's body, read within the limits (read_body).
  void handle(httplib::Request const&, httplib::Response&, std::string const& body);
  void handle_api(httplib::Request const&, httplib::Response&, std::string const& body);
  void handle_login(httplib::Request const&, httplib::Response&, std::string const& body);
  // Reads the body of a POST, PUT, PATCH or DELETE request, at most max_body_bytes_ whatever its
  // transfer encoding, never decompressed; nullopt after answering 413, 415 or 400 in res.
  std::optional<std::string> read_body(httplib::Request const&, httplib::Response&, httplib::ContentReader const&);
  bool from_trusted_proxy(httplib::Request const&) const;
  std::string client_address(httplib::Request const&) const;
  void serve_static(httplib::Request const&, httplib::Response&);
  // gzip of a static file, computed once per file and modification time; nullopt if zlib fails.
  std::optional<std::string> gzipped(fs::path const&, std::string const& content);
  std::mutex gzip_mutex_;
  std::map<std::string, std::pair<fs::file_time_type, std::string>> gzip_cache_;
  // The request's session, or nullopt after answering 401/403 in res.
  std::optional<session_info> authenticate(httplib::Request const&, httplib::Response&, bool check_csrf);
  std::string cookie(httplib::Request const&, std::string const& value, std::chrono::seconds max_age) const;
  void end_session(std::string const& token);

  // Sessions checked against the database in the last kSessionRecheck: every request would otherwise
  // open a transaction just to read its cookie's session. Logging out drops the entry at once; an
  // account changed outside the server (`solimob user ...`) is seen within kSessionRecheck.
  static constexpr auto kSessionRecheck = std::chrono::seconds{5};
  static constexpr std::size_t kMaxCachedSessions = 10000;
  struct checked_session {
    session_info info_;
    std::chrono::steady_clock::time_point at_;
  };
  std::optional<session_info> cached_session_user(std::string const& token);
  std::mutex sessions_mutex_;
  std::uint64_t sessions_generation_ = 0;  // bumped by every logout, under sessions_mutex_
  std::unordered_map<std::string, checked_session> sessions_;

  store::database& db_;
  server_options opt_;
  fifo_gate gate_;
  connection_registry registry_;  // outlives svr_ and its connections
  solimob_httplib_server svr_;
  std::vector<route_entry> routes_;
  std::vector<std::function<void()>> after_change_;
  fs::path static_root_;  // canonical; empty when no static files are served
  bool bound_ = false;
  int port_ = 0;
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> in_run_{false};
};

bool http_server::impl::from_trusted_proxy(httplib::Request const& req) const {
  return std::find(begin(opt_.trusted_proxies_), end(opt_.trusted_proxies_), req.remote_addr) !=
         end(opt_.trusted_proxies_);
}

// The last address of X-Forwarded-For is the one the trusted proxy saw; those before it are the
// client's say.
std::string http_server::impl::client_address(httplib::Request const& req) const {
  if (!from_trusted_proxy(req) || !req.has_header("X-Forwarded-For")) {
    return req.remote_addr;
  }
  auto const n = req.get_header_value_count("X-Forwarded-For");
  auto const header = req.get_header_value("X-Forwarded-For", n - 1);
  auto const comma = header.rfind(',');
  auto last = std::string_view{header}.substr(comma == std::string::npos ? 0 : comma + 1);
  while (!last.empty() && (last.front() == ' ' || last.front() == '\t')) {
    last.remove_prefix(1);
  }
  while (!last.empty() && (last.back() == ' ' || last.back() == '\t')) {
    last.remove_suffix(1);
  }
  return last.empty() ? req.remote_addr : std::string{last};
}

std::string http_server::impl::cookie(httplib::Request const& req, std::string const& value,
                                      std::chrono::seconds max_age) const {
  auto c = std::string{kCookieName} + "=" + value +
           "; HttpOnly; SameSite=Strict; Path=/; Max-Age=" + std::to_string(max_age.count());
  if (opt_.secure_cookies_ || (from_trusted_proxy(req) && req.get_header_value("X-Forwarded-Proto") == "https")) {
    c += "; Secure";
  }
  return c;
}

std::optional<session_info> http_server::impl::cached_session_user(std::string const& token) {
  auto const now = std::chrono::steady_clock::now();
  std::uint64_t generation = 0;
  {
    std::lock_guard const lock{sessions_mutex_};
    if (auto const it = sessions_.find(token); it != end(sessions_) && now - it->second.at_ < kSessionRecheck) {
      return it->second.info_;
    }
    generation = sessions_generation_;
  }
  auto s = session_user(db_, token);
  std::lock_guard const lock{sessions_mutex_};
  // A logout that ran meanwhile may have ended this very session: do not bring it back.
  if (s.has_value() && generation == sessions_generation_) {
    if (sessions_.size() >= kMaxCachedSessions) {
      sessions_.clear();
    }
    sessions_[token] = {*s, now};
  } else if (!s.has_value()) {
    sessions_.erase(token);
  }
  return s;
}

void http_server::impl::end_session(std::string const& token) {
  logout(db_, token);
  std::lock_guard const lock{sessions_mutex_};
  sessions_.erase(token);
  ++sessions_generation_;
}

std::optional<std::string> http_server::impl::read_body(httplib::Request const& req, httplib::Response& res,
                                                        httplib::ContentReader const& reader) {
  svr_.headers_read();
  auto const encoding = req.get_header_value("Content-Encoding");
  bool const encoded = !encoding.empty() && encoding != "identity";
  if (encoded) {
    // httplib would inflate the body before counting it (a 200 KB gzip bomb gives 500 MB): it is
    // read as sent, within the limit, and refused.
    const_cast<httplib::Request&>(req).headers.erase("Content-Encoding");
  }
  std::string body;
  // A declared length past the limit is refused before reading: httplib would read it all to skip it.
  auto const declared = req.get_header_value("Content-Length");
  unsigned long long length = 0;
  auto const [parsed_to, ec] = std::from_chars(declared.data(), declared.data() + declared.size(), length);
  if (!declared.empty() && (ec != std::errc{} || parsed_to != declared.data() + declared.size())) {
    if (tl_connection != nullptr) {
      tl_connection->close_after_response_ = true;  // where this body ends is unknown
    }
    send_error(res, error_kind::kBadRequest, "malformed Content-Length");
    return std::nullopt;
  }
  bool too_large = !declared.empty() && length > opt_.max_body_bytes_;
  auto const ok = too_large || reader([&](char const* data, std::size_t n) {
                    if (body.size() + n > opt_.max_body_bytes_) {
                      too_large = true;  // a chunked body, or one without Content-Length
                      return false;
                    }
                    body.append(data, n);
                    return true;
                  });
  if (too_large || res.status == 413) {
    if (tl_connection != nullptr) {
      tl_connection->close_after_response_ = too_large;
    }
    res.status = 413;  // the body was not read to its end: the connection closes after the answer
    send_error(res, error_kind::kPayloadTooLarge,
               "the request body is too large (at most " + std::to_string(opt_.max_body_bytes_) + " bytes)");
    return std::nullopt;
  }
  if (!ok) {
    if (tl_connection != nullptr) {
      tl_connection->close_after_response_ = true;
    }
    send_error(res, error_kind::kBadRequest, "the request body could not be read (malformed or too slow)");
    return std::nullopt;
  }
  if (encoded) {
    send_error(res, error_kind::kUnsupportedEncoding,
               "compressed request bodies (Content-Encoding: " + log_escape(encoding) + ") are not accepted");
    return std::nullopt;
  }
  return body;
}

void http_server::impl::handle(httplib::Request const& req, httplib::Response& res, std::string const& body) {
  // The request is read: it is no longer a slow client.
  if (tl_connection != nullptr && !registry_.busy(*tl_connection)) {
    res.status = 503;  // closed meanwhile to make room: nobody would read the answer
    return;
  }
  fifo_gate::pass const turn{gate_};
  try {
    if (req.path == "/api" || req.path.rfind("/api/", 0) == 0) {
      handle_api(req, res, body);
    } else if (req.method == "GET" || req.method == "HEAD") {
      serve_static(req, res);
    } else {
      send_error(res, error_kind::kNotFound, "not found");
    }
  } catch (api_error const& e) {
    send_error(res, e.kind(), e.message(), e.field());
  } catch (error const& e) {
    if (info(e.kind()).http_status_ >= 500) {  // an io_error names local paths: logged, not shown
      log_error(req, e.what());
      send_error(res, e.kind(), "internal error");
    } else {
      send_error(res, e.kind(), e.what());
    }
  } catch (soci::soci_error const& e) {
    if (is_constraint_violation(e)) {
      send_error(res, error_kind::kConflict, "the change conflicts with existing data");
    } else {
      log_error(req, e.what());
      send_error(res, error_kind::kInternal, "internal error");
    }
  } catch (std::exception const& e) {
    log_error(req, e.what());
    send_error(res, error_kind::kInternal, "internal error");
  }
}

std::optional<session_info> http_server::impl::authenticate(httplib::Request const& req, httplib::Response& res,
                                                            bool check_csrf) {
  std::optional<session_info> s;
  for (auto const& token : session_cookies(req)) {
    if ((s = cached_session_user(token)).has_value()) {
      break;
    }
  }
  if (!s.has_value()) {
    send_error(res, error_kind::kUnauthenticated, "login required");
    return std::nullopt;
  }
  if (check_csrf && !equal_constant_time(req.get_header_value(kCsrfHeader), s->csrf_token_)) {
    send_error(res, error_kind::kCsrf, std::string{"missing or wrong "} + kCsrfHeader + " header");
    return std::nullopt;
  }
  return s;
}

void http_server::impl::handle_login(httplib::Request const& req, httplib::Response& res, std::string const& text) {
  auto const body = parse_body(text);
  if (!body.is_object() || !body.contains("login") || !body["login"].is_string()) {
    return send_error(res, error_kind::kInvalidInput, "a string is required", "login");
  }
  if (!body.contains("password") || !body["password"].is_string()) {
    return send_error(res, error_kind::kInvalidInput, "a string is required", "password");
  }
  // No session fixation: whatever session the client arrives with ends here, and a new token is made.
  for (auto const& token : session_cookies(req)) {
    end_session(token);
  }
  auto const r = login(db_, body["login"].get<std::string>(), body["password"].get<std::string>(), client_address(req),
                       opt_.login_limits_);
  switch (r.status_) {
    case login_status::kTooManyAttempts:
      res.set_header("Retry-After", std::to_string(opt_.login_limits_.window_.count()));
      return send_error(res, error_kind::kTooManyAttempts, "too many failed logins, try again later");
    case login_status::kBadCredentials:
      return send_error(res, error_kind::kBadCredentials, "wrong login or password");
    case login_status::kOk:
      break;
  }
  auto const& s = *r.session_;
  res.set_header("Set-Cookie", cookie(req, s.token_, opt_.login_limits_.session_lifetime_));
  auto out = user_json(s.user_);
  out["csrf_token"] = s.csrf_token_;
  send_json(res, 200, out);
}

void http_server::impl::handle_api(httplib::Request const& req, httplib::Response& res, std::string const& text) {
  auto const method = req.method == "HEAD" ? std::string{"GET"} : req.method;
  if (req.path == "/api/health") {
    return method == "GET" ? send_json(res, 200, {{"status", "ok"}})
                           : send_error(res, error_kind::kMethodNotAllowed, "use GET");
  }
  if (req.path == "/api/login") {
    return method == "POST" ? handle_login(req, res, text) : send_error(res, error_kind::kMethodNotAllowed, "use POST");
  }
  if (req.path == "/api/config") {
    // Public: what the front end needs before logging in. The basemap comes from here only, never
    // from the page's URL (a link could otherwise point the map at any tile server).
    return method == "GET"
               ? send_json(res, 200,
                           {{"basemap", opt_.basemap_url_.empty() ? json(nullptr) : json(opt_.basemap_url_)},
                            {"basemap_attribution", opt_.basemap_attribution_}})
               : send_error(res, error_kind::kMethodNotAllowed, "use GET");
  }
  if (req.path == "/api/logout" || req.path == "/api/me") {
    auto const expected = req.path == "/api/logout" ? "POST" : "GET";
    if (method != expected) {
      return send_error(res, error_kind::kMethodNotAllowed, std::string{"use "} + expected);
    }
    auto const s = authenticate(req, res, is_state_changing(method));
    if (!s.has_value()) {
      return;
    }
    if (method == "POST") {
      for (auto const& token : session_cookies(req)) {
        end_session(token);
      }
      res.set_header("Set-Cookie", cookie(req, "", std::chrono::seconds{0}));
      return send_json(res, 200, {{"status", "logged_out"}});
    }
    auto out = user_json(s->user_);
    out["csrf_token"] = s->csrf_token_;  // lets a reloaded page recover it; readable by this origin only
    return send_json(res, 200, out);
  }

  auto const segs = split_path(req.path);
  std::map<std::string, std::string> params;
  route_entry const* found = nullptr;
  bool path_known = false;
  for (auto const& r : routes_) {
    if (match(r, segs, params)) {
      path_known = true;
      if (r.method_ == method) {
        found = &r;
        break;
      }
    }
  }
  if (found == nullptr) {
    return path_known ? send_error(res, error_kind::kMethodNotAllowed, "method not allowed here")
                      : send_error(res, error_kind::kNotFound, "no such API route: " + req.path);
  }

  bool const changes = is_state_changing(method);
  auto const s = authenticate(req, res, changes);
  if (!s.has_value()) {
    return;
  }
  auto need = found->access_;
  if (need == access::kDefault) {
    need = changes ? access::kEditor : access::kAnyUser;
  }
  if ((need == access::kEditor && !can_edit(s->user_)) || (need == access::kAdmin && !is_admin(s->user_))) {
    return send_error(res, error_kind::kForbidden, "your role does not allow this");
  }

  json body;  // null
  if (method != "GET" && !text.empty()) {
    body = parse_body(text);
  }

  // After the transaction, committed or not (also when the handler throws).
  struct after_transaction {
    ~after_transaction() {
      if (changes_) {
        for (auto const& f : hooks_) {
          f();
        }
      }
    }
    bool changes_;
    std::vector<std::function<void()>> const& hooks_;
  } const after{changes, after_change_};
  auto r = db_.with_transaction(
      [&](soci::session& sql) {
        request_context ctx{s->user_, method, req.path, params, req.params, body, sql, db_};
        return found->handler_(ctx);
      },
      changes ? store::tx_mode::kWrite : store::tx_mode::kRead);
  if (r.after_transaction_) {
    fifo_gate::step_out const out{gate_};  // its place goes to the next ordinary request meanwhile
    r.after_transaction_(r);
  }
  res.status = r.status_;
  for (auto const& [k, v] : r.headers_) {
    res.set_header(k, v);
  }
  res.set_header("Cache-Control", "no-store");
  if (!r.content_type_.empty()) {
    // What set_content does, without copying the body (a cached list, an export file).
    res.body = std::move(r.raw_);
    res.set_header("Content-Type", r.content_type_);
  } else if (r.status_ != 204) {
    res.set_content(dump(r.body_), kJsonType);
  }
}

std::optional<std::string> http_server::impl::gzipped(fs::path const& p, std::string const& content) {
  std::error_code ec;
  auto const mtime = fs::last_write_time(p, ec);
  {
    std::lock_guard const lock{gzip_mutex_};
    if (auto const it = gzip_cache_.find(p.string()); it != end(gzip_cache_) && it->second.first == mtime) {
      return it->second.second;
    }
  }
  z_stream z{};
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return std::nullopt;
  }
  std::string out(deflateBound(&z, static_cast<uLong>(content.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(content.data()));
  z.avail_in = static_cast<uInt>(content.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  auto const rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) {
    return std::nullopt;
  }
  std::lock_guard const lock{gzip_mutex_};
  gzip_cache_[p.string()] = {mtime, out};
  return out;
}

void http_server::impl::serve_static(httplib::Request const& req, httplib::Response& res) {
  auto const not_found = [&] {
    res.status = 404;
    res.set_content("Not found\n", "text/plain; charset=utf-8");
  };
  if (static_root_.empty()) {
    return not_found();
  }
  // httplib has already percent-decoded the path, so "%2e%2e" arrives here as "..". Dot files
  // (.env, .git) are never served either.
  auto const segs = split_path(req.path);
  for (auto const& s : segs) {
    if (s.front() == '.' || s.find('\\') != std::string::npos || s.find('\0') != std::string::npos) {
      return not_found();
    }
  }
  auto p = static_root_;
  for (auto const& s : segs) {
    p /= s;
  }
  std::error_code ec;
  if (fs::is_directory(p, ec)) {
    p /= "index.html";
  }
  if (!fs::is_regular_file(p, ec)) {
    // Client-side routes of the single-page front end ("/plan/12") get index.html; missing files 404.
    if (!segs.empty() && segs.back().find('.') != std::string::npos) {
      return not_found();
    }
    p = static_root_ / "index.html";
  }
  // Symbolic links are followed only if they stay inside the static directory.
  auto const real = fs::weakly_canonical(p, ec);
  if (ec || !is_within(static_root_, real) || !fs::is_regular_file(real, ec)) {
    return not_found();
  }
  std::ifstream in{real, std::ios::binary};
  std::ostringstream content;
  content << in.rdbuf();
  if (!in) {
    return not_found();
  }
  if (real.filename() == "index.html") {
    res.set_header("Cache-Control", "no-cache");
  }
  // httplib would compress every answer with brotli at its slowest setting (~2 s for MapLibre's
  // 1.1 MB): static files go out gzip-compressed once, from a cache, or as they are. Removing the
  // header is the only way to keep httplib 0.11 from compressing this answer again afterwards.
  auto const accepts_gzip = req.get_header_value("Accept-Encoding").find("gzip") != std::string::npos;
  const_cast<httplib::Request&>(req).headers.erase("Accept-Encoding");
  if (accepts_gzip) {
    if (auto const gz = gzipped(real, content.str()); gz) {
      res.set_header("Content-Encoding", "gzip");
      res.set_header("Vary", "Accept-Encoding");
      res.set_content(*gz, std::string{mime_type(real)});
      return;
    }
  }
  res.set_content(std::move(content).str(), std::string{mime_type(real)});
}

http_server::http_server(store::database& db, server_options opt) : impl_{std::make_unique<impl>(db, std::move(opt))} {
  auto& i = *impl_;
  if (!i.opt_.static_dir_.empty()) {
    std::error_code ec;
    i.static_root_ = fs::canonical(i.opt_.static_dir_, ec);
    if (ec || !fs::is_directory(i.static_root_)) {
      throw input_error{"static directory '" + i.opt_.static_dir_ + "' does not exist"};
    }
  }
  auto const basemap_origin = origin_of(i.opt_.basemap_url_);  // throws on a malformed URL first
  auto& svr = i.svr_;
  svr.new_task_queue = [&i] {
    return new connection_pool(i.registry_, i.opt_.threads_,
                               std::max(i.opt_.threads_, i.opt_.connections_.max_threads_));
  };
  svr.set_payload_max_length(i.opt_.max_body_bytes_);
  // Small JSON answers must not wait for the client's delayed ACK (Nagle): ~40 ms per request otherwise.
  svr.set_tcp_nodelay(true);
  // httplib closes a keep-alive connection after 5 requests by default; busy clients then reconnect
  // hundreds of times a second, overflow its small listen backlog and wait for SYN retransmits
  // (the 0.2-1 s tails seen under load). Keep connections for many requests instead.
  svr.set_keep_alive_max_count(10000);
  svr.set_default_headers({{"X-Content-Type-Options", "nosniff"},
                           {"X-Frame-Options", "DENY"},
                           {"Referrer-Policy", "same-origin"},
                           {"Content-Security-Policy", content_security_policy(basemap_origin)}});
  // Headers are read: the body, if any, must come within body_timeout_.
  svr.set_pre_routing_handler([&i](httplib::Request const&, httplib::Response&) {
    i.svr_.headers_read();
    return httplib::Server::HandlerResponse::Unhandled;
  });
  auto const h = [&i](httplib::Request const& req, httplib::Response& res) { i.handle(req, res, {}); };
  // Bodies go through content readers: httplib itself would buffer a chunked body whole.
  auto const with_body = [&i](httplib::Request const& req, httplib::Response& res,
                              httplib::ContentReader const& reader) {
    if (auto const body = i.read_body(req, res, reader); body.has_value()) {
      i.handle(req, res, *body);
    }
  };
  svr.Get(kAnyPath, h);
  svr.Post(kAnyPath, with_body);
  svr.Put(kAnyPath, with_body);
  svr.Patch(kAnyPath, with_body);
  svr.Delete(kAnyPath, with_body);
  svr.Options(kAnyPath, h);
  // Errors httplib answers itself (413 body too large, 400 unparsable request...) get a JSON body too.
  svr.set_error_handler(httplib::Server::HandlerWithResponse{[](httplib::Request const&, httplib::Response& res) {
    if (!res.body.empty()) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    if (res.status == 413) {
      send_error(res, error_kind::kPayloadTooLarge, "the request body is too large");
    } else {  // the HTTP library's own refusals (a bad request line, headers too large...)
      json body = {{"code", info(kind_of_status(res.status)).name_}, {"message", "HTTP " + std::to_string(res.status)}};
      res.set_content(dump(body), kJsonType);
    }
    return httplib::Server::HandlerResponse::Handled;
  }});
  svr.set_exception_handler([](httplib::Request const&, httplib::Response& res, std::exception_ptr) {
    send_error(res, error_kind::kInternal, "internal error");
  });
  if (i.opt_.log_requests_) {
    // One write(2) per line: stdio's lock on unbuffered stderr made every HTTP thread queue behind
    // the one writing (a third of the threads waited there under load). The path is decoded text
    // of the client's choosing ("%0A" is a newline): escaped.
    svr.set_logger([fd = i.opt_.log_fd_](httplib::Request const& req, httplib::Response const& res) {
      auto const line = store::utc_now() + ' ' + log_escape(req.method) + ' ' + log_escape(req.path) + ' ' +
                        std::to_string(res.status) + '\n';
      [[maybe_unused]] auto const written = ::write(fd, line.data(), line.size());
    });
  }
}

http_server::~http_server() {
  stop();
}

void http_server::after_change(std::function<void()> f) {
  if (impl_->in_run_) {
    throw std::logic_error{"http_server::after_change called while serving"};
  }
  impl_->after_change_.push_back(std::move(f));
}

std::size_t http_server::evicted_connections() const {
  return impl_->registry_.evictions();
}

void http_server::route(std::string method, std::string pattern, handler h, access a) {
  if (impl_->in_run_) {
    throw std::logic_error{"http_server::route called while serving"};
  }
  if (pattern.rfind("/api/", 0) != 0) {
    throw std::logic_error{"API routes start with /api/: " + pattern};
  }
  impl_->routes_.push_back({std::move(method), split_path(pattern), std::move(h), a});
}

std::vector<std::pair<std::string, std::string>> http_server::routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (auto const& r : impl_->routes_) {
    std::string pattern;
    for (auto const& s : r.segments_) {
      pattern += "/" + s;
    }
    out.emplace_back(r.method_, pattern);
  }
  return out;
}

int http_server::bind() {
  auto& i = *impl_;
  if (i.bound_) {
    return i.port_;
  }
  if (i.opt_.port_ == 0) {
    i.port_ = i.svr_.bind_to_any_port(i.opt_.host_);
  } else {
    i.port_ = i.svr_.bind_to_port(i.opt_.host_, i.opt_.port_) ? i.opt_.port_ : -1;
  }
  if (i.port_ < 0) {
    throw io_error{"cannot listen on " + i.opt_.host_ + ":" + std::to_string(i.opt_.port_) +
                   " (address in use, or not allowed?)"};
  }
  if (!i.svr_.widen_backlog()) {
    throw io_error{"cannot listen on " + i.opt_.host_ + ":" + std::to_string(i.port_)};
  }
  i.bound_ = true;
  return i.port_;
}

void http_server::run() {
  auto& i = *impl_;
  bind();
  // With stop(): one of the two sees the other's flag (sequentially consistent atomics), so a
  // stop() racing with the start of run() is never lost.
  i.in_run_ = true;
  if (!i.stop_requested_) {
    i.svr_.listen_after_bind();
  }
  i.in_run_ = false;
}

void http_server::stop() {
  auto& i = *impl_;
  i.stop_requested_ = true;
  // httplib's stop() is a no-op until its accept loop has started.
  while (i.in_run_ && !i.svr_.is_running()) {
    std::this_thread::sleep_for(std::chrono::milliseconds{1});
  }
  i.svr_.stop();
}

}  // namespace solimob::server
