#include "server/api_error.h"

namespace solimob::server {

namespace {
std::string with_field(std::string const& field, std::string const& message) {
  return field.empty() ? message : field + ": " + message;
}
}  // namespace

api_error::api_error(error_kind k, std::string const& message, std::string field)
    : error{k, with_field(field, message)}, message_{message}, field_{std::move(field)} {}

}  // namespace solimob::server
