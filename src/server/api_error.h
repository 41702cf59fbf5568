#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"

namespace solimob::server {

// Error codes of the HTTP API; api_error.cc holds the one table giving their name and HTTP status.
enum class api_code : std::uint8_t {
  kBadJson,           // 400 bad_json
  kBadRequest,        // 400 bad_request (a malformed or too slow request)
  kInvalidInput,      // 400 invalid_input
  kUnauthenticated,   // 401 unauthenticated
  kBadCredentials,    // 401 bad_credentials
  kForbidden,         // 403 forbidden
  kCsrf,              // 403 csrf
  kNotFound,          // 404 not_found
  kMethodNotAllowed,  // 405 method_not_allowed
  kConflict,          // 409 conflict
  kPayloadTooLarge,   // 413 payload_too_large
  kBadEncoding,       // 415 unsupported_encoding (a compressed request body)
  kTooManyAttempts,   // 429 too_many_attempts
  kInternal,          // 500 internal
  kUnavailable,       // 503 unavailable (e.g. every export place taken: retry later)
  kTimeout,           // 504 timeout (an export took longer than its limit)
};

struct api_code_info {
  api_code code_;
  std::string_view name_;  // the "code" of the JSON error body
  int http_status_;
};

api_code_info const& info(api_code);

// An error a handler reports to the client: {"code": name, "message": ..., "field": ...} with the
// code's HTTP status. An input_error, so the CLI reports it (exit code 2) when it calls the same code.
class api_error : public input_error {
 public:
  api_error(api_code, std::string const& message, std::string field = {});

  api_code api() const { return api_; }
  std::string const& message() const { return message_; }  // what() without the field prefix
  std::string const& field() const { return field_; }

 private:
  api_code api_;
  std::string message_;
  std::string field_;
};

}  // namespace solimob::server
