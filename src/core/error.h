#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace solimob {

// Exit codes of the CLI, one per error family (see src/cli/main.cc).
enum class error_code : std::uint8_t {
  kInvalidInput = 2,      // malformed file, unknown id, bad option value
  kIncompatibleFile = 3,  // network file of another format version
  kIoFailure = 4,         // cannot read or write a file
};

// Bad input: the message names the file, the line and the field where known.
class input_error : public std::runtime_error {
 public:
  input_error(std::string const& file, std::size_t line, std::string const& field, std::string const& msg);
  explicit input_error(std::string const& msg);
  error_code code() const { return code_; }

 protected:
  input_error(error_code, std::string const& msg);

 private:
  error_code code_{error_code::kInvalidInput};
};

class incompatible_file_error : public input_error {
 public:
  explicit incompatible_file_error(std::string const& msg) : input_error{error_code::kIncompatibleFile, msg} {}
};

class io_error : public input_error {
 public:
  explicit io_error(std::string const& msg) : input_error{error_code::kIoFailure, msg} {}
};

// A computation stopped because its caller cancelled it (travel_time_params::cancel_, server jobs).
class cancelled_error : public std::runtime_error {
 public:
  cancelled_error() : std::runtime_error{"cancelled"} {}
};

}  // namespace solimob
