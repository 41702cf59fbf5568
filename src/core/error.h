#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace solimob {

// Every kind of error solimob reports. error.cc holds the one table giving, for each kind, the
// "code" of the HTTP API's error body, its HTTP status and the CLI's exit code (docs/API.md shows
// the same table; tests/core/error_test.cc keeps the two equal).
enum class error_kind : std::uint8_t {
  kBadRequest,           // a malformed or too slow HTTP request
  kBadJson,              // a request body that is not JSON
  kInvalidInput,         // malformed file, unknown id, bad option or field value
  kIncompatibleFile,     // a network file of another format version
  kUnauthenticated,      // no valid session
  kBadCredentials,       // wrong login or password
  kForbidden,            // the role or the visibility rule does not allow it
  kCsrf,                 // a state-changing request without the session's CSRF token
  kNotFound,             // unknown route or record
  kMethodNotAllowed,     // the route exists for other methods
  kConflict,             // the change conflicts with stored data (a constraint, a stale version)
  kPayloadTooLarge,      // the request body passes its bound
  kUriTooLong,           // the request line passes its bound
  kUnsupportedEncoding,  // a compressed request body
  kTooManyAttempts,      // login attempts throttled
  kInternal,             // a defect or an unexpected failure: logged, never detailed to the client
  kIoFailure,            // cannot read or write a file: logged, an internal error for the client
  kUnavailable,          // every place of a bounded resource is taken: retry later
  kTimeout,              // a job took longer than its limit
};

struct error_info {
  error_kind kind_;
  std::string_view name_;  // the "code" of the HTTP API's JSON error body
  int http_status_;
  int exit_code_;  // of the CLI
};

error_info const& info(error_kind);

// The kind of an HTTP status produced outside solimob's handlers (the HTTP library's own errors).
error_kind kind_of_status(int http_status);

// Base of solimob's errors: what() is the message, kind() selects the row of the table.
class error : public std::runtime_error {
 public:
  error(error_kind kind, std::string const& msg) : std::runtime_error{msg}, kind_{kind} {}
  error_kind kind() const { return kind_; }

 private:
  error_kind kind_;
};

// Bad input: the message names the file, the line and the field where known.
// Its two refinements below stay input_errors: a reader that skips a bad record skips them too.
class input_error : public error {
 public:
  input_error(std::string const& file, std::size_t line, std::string const& field, std::string const& msg);
  explicit input_error(std::string const& msg) : error{error_kind::kInvalidInput, msg} {}

 protected:
  input_error(error_kind kind, std::string const& msg) : error{kind, msg} {}
};

class incompatible_file_error : public input_error {
 public:
  explicit incompatible_file_error(std::string const& msg) : input_error{error_kind::kIncompatibleFile, msg} {}
};

class io_error : public input_error {
 public:
  explicit io_error(std::string const& msg) : input_error{error_kind::kIoFailure, msg} {}
};

// A computation stopped because its caller cancelled it (travel_time_params::cancel_, server jobs).
class cancelled_error : public std::runtime_error {
 public:
  cancelled_error() : std::runtime_error{"cancelled"} {}
};

}  // namespace solimob
