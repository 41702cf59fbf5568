#include "core/error.h"

namespace solimob {

namespace {
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

input_error::input_error(std::string const& file, std::size_t line, std::string const& field, std::string const& msg)
    : std::runtime_error{locate(file, line, field, msg)} {}

input_error::input_error(std::string const& msg) : std::runtime_error{msg} {}

input_error::input_error(error_code code, std::string const& msg) : std::runtime_error{msg}, code_{code} {}

}  // namespace solimob
