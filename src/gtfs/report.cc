#include "gtfs/report.h"

#include <algorithm>
#include <map>

namespace solimob::gtfs {

char const* to_string(severity s) {
  switch (s) {
    case severity::kFatal:
      return "FATAL";
    case severity::kError:
      return "ERROR";
    case severity::kWarning:
      return "WARNING";
    case severity::kInfo:
      return "INFO";
  }
  return "?";
}

void report::add(severity s, std::string code, std::string file, std::size_t line, std::string field,
                 std::string message) {
  issues_.push_back({s, std::move(code), std::move(file), line, std::move(field), std::move(message)});
}

std::size_t report::count(severity s) const {
  return static_cast<std::size_t>(
      std::count_if(begin(issues_), end(issues_), [&](issue const& i) { return i.severity_ == s; }));
}

void report::print(std::ostream& out, std::size_t max_per_code) const {
  out << "severity\tcode\tfile\tline\tfield\tmessage\n";
  auto sorted = issues_;
  std::stable_sort(begin(sorted), end(sorted),
                   [](issue const& a, issue const& b) { return a.severity_ < b.severity_; });
  std::map<std::string, std::size_t> shown;
  std::map<std::string, std::size_t> hidden;
  for (auto const& i : sorted) {
    if (shown[i.code_]++ >= max_per_code) {
      ++hidden[i.code_];
      continue;
    }
    out << to_string(i.severity_) << '\t' << i.code_ << '\t' << i.file_ << '\t'
        << (i.line_ ? std::to_string(i.line_) : "") << '\t' << i.field_ << '\t' << i.message_ << '\n';
  }
  for (auto const& [code, n] : hidden) {
    out << "...\t" << code << "\t\t\t\t" << n << " more of this kind not shown\n";
  }
}

}  // namespace solimob::gtfs
