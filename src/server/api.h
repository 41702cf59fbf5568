#pragma once

// For domain handlers: the request context and response of http_server::route. Brings in
// nlohmann::json; include it from .cc files only.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/api_error.h"
#include "server/auth.h"
#include "server/http_server.h"

namespace soci {
class session;
}  // namespace soci

namespace solimob::server {

struct request_context {
  // Path parameter ":name" as text; throws api_error not_found when the route has no such parameter.
  std::string const& param(std::string const& name) const;
  // Path parameter as a positive integer id; a malformed one answers 404 not_found.
  long long param_id(std::string const& name) const;
  // Query string parameter, nullopt when absent.
  std::optional<std::string> query(std::string const& name) const;

  user const& user_;
  std::string const& method_;
  std::string const& path_;
  std::map<std::string, std::string> const& params_;
  std::multimap<std::string, std::string> const& query_;
  nlohmann::json const& body_;  // null when the request has no body (always for GET)
  soci::session& sql_;          // the request's transaction: use it, never database::with_transaction
  store::database& db_;
};

struct api_response {
  api_response() = default;
  // `return {200, j};` and `return {201, {{"id", id}}};` (the second overload keeps a one-pair
  // object an object: through a plain json parameter it would become [{"id": id}]).
  api_response(int status, nlohmann::json body) : status_{status}, body_{std::move(body)} {}
  api_response(int status, nlohmann::json::initializer_list_t body) : status_{status}, body_(body) {}

  int status_ = 200;
  nlohmann::json body_ = nlohmann::json::object();
  // Set content_type_ to send raw_ instead of body_ (CSV, PDF...).
  std::string content_type_;
  std::string raw_;
  std::vector<std::pair<std::string, std::string>> headers_;  // e.g. Content-Disposition
  // Slow work finishing this response after the transaction has ended, outside the gate of ordinary
  // requests (a document export); it may throw api_error. Null for ordinary handlers.
  std::function<void(api_response&)> after_transaction_;
};

// Arrays and objects nested deeper than this are refused before parsing: handlers copy and walk
// bodies recursively (GeoJSON), and 500,000 levels overflowed the stack. GeoJSON needs about 8.
constexpr std::size_t kMaxJsonDepth = 64;

// A request body as JSON; api_error bad_json when it is not JSON or nests deeper than kMaxJsonDepth.
nlohmann::json parse_body(std::string_view text);

// Text for a log line: control characters, DEL and backslash become \xNN, so that a request
// cannot write a line of its own (an encoded newline in a path) or terminal escapes.
std::string log_escape(std::string_view);

// Records a change in audit_log within the request's transaction: it is kept only if the change is.
// details: a JSON object (before/after values, counts...).
void audit(request_context&, std::string_view action, std::string_view entity, std::optional<long long> entity_id,
           nlohmann::json const& details = nlohmann::json::object());

}  // namespace solimob::server
