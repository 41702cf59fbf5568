#include "core/error.h"

#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace solimob {
namespace {

struct documented_row {
  std::string code_;
  int http_status_;
  int exit_code_;
};

// The rows of the error table of docs/API.md: | kind | `code` | HTTP | CLI exit | when |
std::vector<documented_row> documented_errors() {
  std::ifstream in{std::string{SOLIMOB_DOCS_DIR} + "/API.md"};
  EXPECT_TRUE(in.good()) << "docs/API.md";
  std::regex const row{R"(^\s*\| [^|]+ \| `([a-z_]+)` \| (\d{3}) \| (\d) \|)"};
  std::vector<documented_row> rows;
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_search(line, m, row)) {
      rows.push_back({m[1], std::stoi(m[2]), std::stoi(m[3])});
    }
  }
  return rows;
}

TEST(error_table, docs_show_every_kind_in_the_order_of_the_table) {
  auto const rows = documented_errors();
  std::size_t n = 0;
  for (;; ++n) {
    auto const kind = static_cast<error_kind>(n);
    error_info i{};
    try {
      i = info(kind);
    } catch (std::logic_error const&) {
      break;  // past the last kind
    }
    ASSERT_LT(n, rows.size()) << i.name_ << " is missing from docs/API.md";
    EXPECT_EQ(rows[n].code_, i.name_) << "row " << n;
    EXPECT_EQ(rows[n].http_status_, i.http_status_) << i.name_;
    EXPECT_EQ(rows[n].exit_code_, i.exit_code_) << i.name_;
  }
  EXPECT_EQ(n, rows.size()) << "docs/API.md lists kinds the table does not have";
  EXPECT_GE(n, 19U);
}

// The exit codes the README promises: 1 failure, 2 invalid input, 3 incompatible file, 4 I/O.
TEST(error_table, exit_codes_are_those_of_the_readme) {
  EXPECT_EQ(info(error_kind::kInternal).exit_code_, 1);  // was 2 (invalid input) before the table
  EXPECT_EQ(info(error_kind::kTimeout).exit_code_, 1);
  EXPECT_EQ(info(error_kind::kInvalidInput).exit_code_, 2);
  EXPECT_EQ(info(error_kind::kNotFound).exit_code_, 2);
  EXPECT_EQ(info(error_kind::kIncompatibleFile).exit_code_, 3);
  EXPECT_EQ(info(error_kind::kIoFailure).exit_code_, 4);
  EXPECT_EQ(info(io_error{"x"}.kind()).exit_code_, 4);
  EXPECT_EQ(info(incompatible_file_error{"x"}.kind()).exit_code_, 3);
  EXPECT_EQ(info(input_error{"f.csv", 3, "lat", "not a number"}.kind()).exit_code_, 2);
}

TEST(error_table, statuses_of_the_http_library_map_to_a_kind_of_the_table) {
  EXPECT_EQ(kind_of_status(400), error_kind::kBadRequest);
  EXPECT_EQ(kind_of_status(404), error_kind::kNotFound);
  EXPECT_EQ(kind_of_status(414), error_kind::kUriTooLong);
  EXPECT_EQ(kind_of_status(500), error_kind::kInternal);    // not the I/O row of the same status
  EXPECT_EQ(kind_of_status(418), error_kind::kBadRequest);  // unknown 4xx
  EXPECT_EQ(kind_of_status(502), error_kind::kInternal);    // unknown 5xx
}

TEST(error_table, an_input_error_names_file_line_and_field) {
  EXPECT_STREQ(input_error("stops.txt", 12, "stop_lat", "not a number").what(),
               "stops.txt:12 field 'stop_lat': not a number");
  EXPECT_STREQ(input_error("a.toml", 0, "", "missing").what(), "a.toml: missing");
}

}  // namespace
}  // namespace solimob
