#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

namespace solimob::gtfs {

enum class severity { kFatal, kError, kWarning, kInfo };
char const* to_string(severity);

// One finding of the validator: where it is and what it means.
struct issue {
  severity severity_;
  std::string code_;  // stable, machine-readable: "missing_file", "unknown_stop", ...
  std::string file_;
  std::size_t line_{0};
  std::string field_;
  std::string message_;
};

// Collects findings. Recoverable defects skip the row (error) or are noted (warning); fatal ones
// stop the load with a thrown input_error after being recorded here.
struct report {
  void add(severity, std::string code, std::string file, std::size_t line, std::string field, std::string message);
  std::size_t count(severity) const;
  bool has_fatal() const { return count(severity::kFatal) != 0; }
  // Tab-separated table with a header: severity, code, file, line, field, message.
  // At most `max_per_code` rows per code are printed, then a count of the rest.
  void print(std::ostream&, std::size_t max_per_code = 20) const;

  std::vector<issue> issues_;
};

}  // namespace solimob::gtfs
