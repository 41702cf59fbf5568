#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace solimob::io {

// RFC 4180 CSV over an in-memory buffer: quoted fields, doubled quotes, CRLF, UTF-8 BOM.
// Header names are trimmed (some feeds write "agency_id, agency_name").
class csv_reader {
 public:
  // `file_name` is used in error messages only.
  csv_reader(std::string file_name, std::string_view content);

  std::string const& file_name() const { return file_name_; }
  std::vector<std::string> const& header() const { return header_; }

  // Index of a column, or nullopt when the header lacks it.
  std::optional<std::size_t> column(std::string_view name) const;
  // Index of a column; throws input_error naming the file when it is missing.
  std::size_t required_column(std::string_view name) const;

  // Advances to the next non-empty row; false at the end.
  bool next();
  // 1-based physical line where the current row starts.
  std::size_t line() const { return line_; }
  // Field of the current row; empty when the row is shorter than the header.
  std::string_view field(std::size_t col) const;
  std::string_view field(std::optional<std::size_t> col) const { return col ? field(*col) : std::string_view{}; }

  // Typed accessors that throw input_error (file, line, field) on malformed values.
  double get_double(std::size_t col) const;
  long long get_int(std::size_t col) const;

 private:
  bool parse_row(std::vector<std::string>& out);

  std::string file_name_;
  std::string_view content_;
  std::size_t pos_{0};
  std::size_t next_line_{1};
  std::size_t line_{0};
  std::vector<std::string> header_;
  std::vector<std::string> row_;
};

}  // namespace solimob::io
