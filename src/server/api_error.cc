#include "server/api_error.h"

#include <stdexcept>

namespace solimob::server {

namespace {

constexpr api_code_info kCodes[] = {
    {api_code::kBadJson, "bad_json", 400},
    {api_code::kBadRequest, "bad_request", 400},
    {api_code::kInvalidInput, "invalid_input", 400},
    {api_code::kUnauthenticated, "unauthenticated", 401},
    {api_code::kBadCredentials, "bad_credentials", 401},
    {api_code::kForbidden, "forbidden", 403},
    {api_code::kCsrf, "csrf", 403},
    {api_code::kNotFound, "not_found", 404},
    {api_code::kMethodNotAllowed, "method_not_allowed", 405},
    {api_code::kConflict, "conflict", 409},
    {api_code::kPayloadTooLarge, "payload_too_large", 413},
    {api_code::kBadEncoding, "unsupported_encoding", 415},
    {api_code::kTooManyAttempts, "too_many_attempts", 429},
    {api_code::kInternal, "internal", 500},
    {api_code::kUnavailable, "unavailable", 503},
    {api_code::kTimeout, "timeout", 504},
};

std::string with_field(std::string const& field, std::string const& message) {
  return field.empty() ? message : field + ": " + message;
}

}  // namespace

api_code_info const& info(api_code c) {
  for (auto const& i : kCodes) {
    if (i.code_ == c) {
      return i;
    }
  }
  throw std::logic_error{"api_code missing from the table"};
}

api_error::api_error(api_code c, std::string const& message, std::string field)
    : input_error{with_field(field, message)}, api_{c}, message_{message}, field_{std::move(field)} {}

}  // namespace solimob::server
