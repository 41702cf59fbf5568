#include "server/routes/body_fields.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string_view>

namespace solimob::server::routes {

[[noreturn]] void invalid(std::string const& field, std::string const& message) {
  throw api_error{error_kind::kInvalidInput, message, field};
}

json const& body_object(request_context const& ctx) {
  if (!ctx.body_.is_object()) {
    throw api_error{error_kind::kBadJson, "the request body must be a JSON object"};
  }
  return ctx.body_;
}

std::string text(json const& b, std::string const& field, bool required, std::size_t max_len) {
  if (!b.contains(field) || b[field].is_null()) {
    if (required) {
      invalid(field, "required");
    }
    return {};
  }
  if (!b[field].is_string()) {
    invalid(field, "must be text");
  }
  auto s = b[field].get<std::string>();
  if (required && s.empty()) {
    invalid(field, "must not be empty");
  }
  if (s.size() > max_len) {
    invalid(field, "too long (at most " + std::to_string(max_len) + " characters)");
  }
  return s;
}

std::string one_of(json const& b, std::string const& field, records::enumeration const& values) {
  auto const s = text(b, field);
  auto const& v = values.values_;
  if (std::find(begin(v), end(v), s) == end(v)) {
    std::string list;
    for (auto const value : v) {
      list += (list.empty() ? "" : ", ") + std::string{value};
    }
    invalid(field, "must be one of: " + list);
  }
  return s;
}

// "YYYY-MM-DD" or null/absent (indicator null).
std::pair<std::string, soci::indicator> date(json const& b, std::string const& field, bool required) {
  auto const s = text(b, field, required, 10);
  if (s.empty()) {
    return {"", soci::i_null};
  }
  if (s.size() != 10 || !parse_date_time(s + " 00:00")) {
    invalid(field, "expected a date YYYY-MM-DD");
  }
  return {s, soci::i_ok};
}

double amount(json const& b, std::string const& field) {
  if (!b.contains(field) || b[field].is_null()) {
    return 0.0;
  }
  if (!b[field].is_number()) {
    invalid(field, "must be a number");
  }
  auto const v = b[field].get<double>();
  if (!std::isfinite(v) || v < 0.0 || v > 1e12) {
    invalid(field, "must be a positive amount in euros");
  }
  return v;
}

long long integer(json const& b, std::string const& field, long long min, long long max) {
  if (!b.contains(field) || !b[field].is_number_integer()) {
    invalid(field, "must be a whole number");
  }
  auto const v = b[field].get<long long>();
  if (v < min || v > max) {
    invalid(field, "must be between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return v;
}

std::vector<long long> id_list(json const& b, std::string const& field) {
  std::vector<long long> out;
  if (!b.contains(field) || b[field].is_null()) {
    return out;
  }
  if (!b[field].is_array()) {
    invalid(field, "must be a list of ids");
  }
  for (auto const& v : b[field]) {
    if (!v.is_number_integer()) {
      invalid(field, "must be a list of ids");
    }
    out.push_back(v.get<long long>());
  }
  std::sort(begin(out), end(out));
  out.erase(std::unique(begin(out), end(out)), end(out));
  return out;
}

long long query_int(request_context const& ctx, std::string const& name, long long fallback, long long min,
                    long long max) {
  auto const v = ctx.query(name);
  if (!v) {
    return fallback;
  }
  try {
    std::size_t used = 0;
    auto const n = std::stoll(*v, &used);
    if (used == v->size() && n >= min && n <= max) {
      return n;
    }
  } catch (std::exception const&) {
  }
  invalid(name, "expected a whole number between " + std::to_string(min) + " and " + std::to_string(max));
}

std::pair<double, soci::indicator> optional_real(json const& b, std::string const& field) {
  if (!b.contains(field) || b[field].is_null()) {
    return {0.0, soci::i_null};
  }
  if (!b[field].is_number() || !std::isfinite(b[field].get<double>())) {
    invalid(field, "must be a number");
  }
  return {b[field].get<double>(), soci::i_ok};
}

day_t today() {
  return static_cast<day_t>(
      std::chrono::duration_cast<std::chrono::hours>(std::chrono::system_clock::now().time_since_epoch()).count() / 24);
}

std::string decode_base64(std::string const& in, std::string const& field) {
  static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (auto const c : in) {
    if (c == '=') {
      break;
    }
    if (c == '\n' || c == '\r') {
      continue;
    }
    auto const v = kAlphabet.find(c);
    if (v == std::string_view::npos) {
      invalid(field, "not base64");
    }
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

}  // namespace solimob::server::routes
