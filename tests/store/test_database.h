#pragma once

#include <string>

namespace solimob::test {

// A new, empty database for one test. "sqlite": a file in a new temporary directory.
// "postgresql": a new schema in the database of SOLIMOB_TEST_PG_URL (set by scripts/with-postgres),
// first in the search path; dropped at the end. Without that variable available() is false and
// the test should GTEST_SKIP() with skip_reason().
class scratch_database {
 public:
  explicit scratch_database(std::string const& kind);
  ~scratch_database();
  scratch_database(scratch_database const&) = delete;
  scratch_database& operator=(scratch_database const&) = delete;

  bool available() const { return !url_.empty(); }
  std::string const& url() const { return url_; }
  std::string const& dir() const { return dir_; }  // a temporary directory for any kind
  static std::string skip_reason();

 private:
  std::string url_;
  std::string dir_;
  std::string schema_;
  std::string admin_url_;
};

}  // namespace solimob::test
