#include "io/csv_reader.h"

#include <charconv>
#include <cmath>

#include "core/error.h"

namespace solimob::io {

namespace {
std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}
}  // namespace

csv_reader::csv_reader(std::string file_name, std::string_view content)
    : file_name_{std::move(file_name)}, content_{content} {
  if (content_.starts_with("\xEF\xBB\xBF")) {
    content_.remove_prefix(3);
  }
  if (!parse_row(header_) || (header_.size() == 1 && header_[0].empty())) {
    throw input_error{file_name_, 1, "", "empty file: a header line is required"};
  }
  for (auto& h : header_) {
    h = std::string{trim(h)};
  }
}

std::optional<std::size_t> csv_reader::column(std::string_view name) const {
  for (auto i = 0U; i != header_.size(); ++i) {
    if (header_[i] == name) {
      return i;
    }
  }
  return std::nullopt;
}

std::size_t csv_reader::required_column(std::string_view name) const {
  auto const c = column(name);
  if (!c) {
    throw input_error{file_name_, 1, std::string{name}, "required column is missing"};
  }
  return *c;
}

bool csv_reader::next() {
  while (parse_row(row_)) {
    if (row_.size() == 1 && trim(row_[0]).empty()) {
      continue;  // blank line
    }
    return true;
  }
  return false;
}

std::string_view csv_reader::field(std::size_t col) const {
  return col < row_.size() ? trim(row_[col]) : std::string_view{};
}

double csv_reader::get_double(std::size_t col) const {
  auto const s = field(col);
  double v = 0.0;
  auto const [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc{} || ptr != s.data() + s.size() || !std::isfinite(v)) {
    throw input_error{file_name_, line_, header_[col], "not a number: '" + std::string{s} + "'"};
  }
  return v;
}

long long csv_reader::get_int(std::size_t col) const {
  auto const s = field(col);
  long long v = 0;
  auto const [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc{} || ptr != s.data() + s.size()) {
    throw input_error{file_name_, line_, header_[col], "not an integer: '" + std::string{s} + "'"};
  }
  return v;
}

bool csv_reader::parse_row(std::vector<std::string>& out) {
  if (pos_ >= content_.size()) {
    return false;
  }
  out.clear();
  out.emplace_back();
  line_ = next_line_;
  auto in_quotes = false;
  while (pos_ < content_.size()) {
    auto const c = content_[pos_++];
    if (in_quotes) {
      if (c == '"') {
        if (pos_ < content_.size() && content_[pos_] == '"') {
          out.back() += '"';
          ++pos_;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') {
          ++next_line_;
        }
        out.back() += c;
      }
    } else if (c == '"' && trim(out.back()).empty()) {
      out.back().clear();
      in_quotes = true;
    } else if (c == ',') {
      out.emplace_back();
    } else if (c == '\n') {
      ++next_line_;
      break;
    } else if (c != '\r') {
      out.back() += c;
    }
  }
  if (in_quotes) {
    throw input_error{file_name_, line_, "", "unterminated quoted field"};
  }
  return true;
}

}  // namespace solimob::io
