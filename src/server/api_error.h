#pragma once

#include <string>

#include "core/error.h"

namespace solimob::server {

// An error a handler reports to the client: {"code": name, "message": ..., "field": ...} with the
// HTTP status of its kind (core/error.h's table). The CLI exits with the kind's exit code when it
// calls the same code, so an internal error is not taken for invalid input.
class api_error : public error {
 public:
  api_error(error_kind, std::string const& message, std::string field = {});

  std::string const& message() const { return message_; }  // what() without the field prefix
  std::string const& field() const { return field_; }

 private:
  std::string message_;
  std::string field_;
};

}  // namespace solimob::server
