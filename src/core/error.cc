#include "core/error.h"

namespace solimob {

namespace {

// The one table of error kinds. Exit codes: 1 failure, 2 invalid input, 3 incompatible network
// file, 4 I/O failure; every 4xx kind is the client's input (2).
constexpr error_info kErrors[] = {
    {error_kind::kBadRequest, "bad_request", 400, 2},
    {error_kind::kBadJson, "bad_json", 400, 2},
    {error_kind::kInvalidInput, "invalid_input", 400, 2},
    {error_kind::kIncompatibleFile, "incompatible_file", 400, 3},
    {error_kind::kUnauthenticated, "unauthenticated", 401, 2},
    {error_kind::kBadCredentials, "bad_credentials", 401, 2},
    {error_kind::kForbidden, "forbidden", 403, 2},
    {error_kind::kCsrf, "csrf", 403, 2},
    {error_kind::kNotFound, "not_found", 404, 2},
    {error_kind::kMethodNotAllowed, "method_not_allowed", 405, 2},
    {error_kind::kConflict, "conflict", 409, 2},
    {error_kind::kPayloadTooLarge, "payload_too_large", 413, 2},
    {error_kind::kUriTooLong, "uri_too_long", 414, 2},
    {error_kind::kUnsupportedEncoding, "unsupported_encoding", 415, 2},
    {error_kind::kTooManyAttempts, "too_many_attempts", 429, 2},
    {error_kind::kInternal, "internal", 500, 1},
    {error_kind::kIoFailure, "internal", 500, 4},
    {error_kind::kUnavailable, "unavailable", 503, 1},
    {error_kind::kTimeout, "timeout", 504, 1},
};

std::string locate(std::string const& file, std::size_t line, std::string const& field, std::string const& msg) {
  std::string s;
  s.append(file);
  if (line != 0) {
    s.append(":").append(std::to_string(line));
  }
  if (!field.empty()) {
    s.append(" field '").append(field).append("'");
  }
  s.append(": ").append(msg);
  return s;
}

}  // namespace

error_info const& info(error_kind k) {
  for (auto const& i : kErrors) {
    if (i.kind_ == k) {
      return i;
    }
  }
  throw std::logic_error{"error_kind missing from the table"};
}

error_kind kind_of_status(int http_status) {
  for (auto const& i : kErrors) {
    if (i.http_status_ == http_status && i.kind_ != error_kind::kIoFailure) {
      return i.kind_;  // the first row of a status is its general kind
    }
  }
  return http_status >= 500 ? error_kind::kInternal : error_kind::kBadRequest;
}

input_error::input_error(std::string const& file, std::size_t line, std::string const& field, std::string const& msg)
    : error{error_kind::kInvalidInput, locate(file, line, field, msg)} {}

}  // namespace solimob
