#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "report/report.h"

namespace solimob::report {

std::string format_number(double v, int decimals, std::string const& lang) {
  if (std::isnan(v)) {
    return "–";
  }
  bool const fr = lang != "en";
  // U+2212 MINUS SIGN in both languages (typographic, and the same width as the digits).
  std::string const minus = "\u2212";
  if (std::isinf(v)) {
    return v < 0 ? minus + "∞" : "∞";
  }
  decimals = std::clamp(decimals, 0, 9);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, std::fabs(v));
  std::string const digits = buf;
  auto const dot = digits.find('.');
  auto const integer = digits.substr(0, dot);
  // A value that rounds to zero has no sign ("0", not "−0").
  bool const negative = v < 0 && digits.find_first_not_of("0.") != std::string::npos;
  std::string out = negative ? minus : "";
  std::string const group = fr ? "\u202F" : ",";  // U+202F NARROW NO-BREAK SPACE
  for (std::size_t i = 0; i < integer.size(); ++i) {
    if (i > 0 && (integer.size() - i) % 3 == 0) {
      out += group;
    }
    out += integer[i];
  }
  if (dot != std::string::npos) {
    out += fr ? ',' : '.';
    out += digits.substr(dot + 1);
  }
  return out;
}

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (auto const c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        // Control characters other than tab and newline are not allowed in HTML text.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') {
          out += ' ';
        } else {
          out += c;
        }
    }
  }
  return out;
}

}  // namespace solimob::report
