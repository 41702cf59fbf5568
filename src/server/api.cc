#include "server/api.h"

#include <charconv>

#include "store/audit.h"

namespace solimob::server {

std::string const& request_context::param(std::string const& name) const {
  auto const it = params_.find(name);
  if (it == end(params_)) {
    throw api_error{error_kind::kNotFound, "no path parameter '" + name + "'"};
  }
  return it->second;
}

long long request_context::param_id(std::string const& name) const {
  auto const& s = param(name);
  long long v = 0;
  auto const [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || v <= 0) {
    throw api_error{error_kind::kNotFound, "no such " + name + " '" + s + "'"};
  }
  return v;
}

std::optional<std::string> request_context::query(std::string const& name) const {
  auto const it = query_.find(name);
  if (it == end(query_)) {
    return std::nullopt;
  }
  return it->second;
}

nlohmann::json parse_body(std::string_view text) {
  // Brackets outside strings; the parser below sees only text whose depth is bounded.
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i != text.size(); ++i) {
    auto const c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) {
        throw api_error{error_kind::kBadJson, "the request body nests arrays and objects more than " +
                                                  std::to_string(kMaxJsonDepth) + " levels deep"};
      }
    } else if ((c == ']' || c == '}') && depth != 0) {
      --depth;
    }
  }
  auto body = nlohmann::json::parse(text, nullptr, false);
  if (body.is_discarded()) {
    throw api_error{error_kind::kBadJson, "the request body is not valid JSON"};
  }
  return body;
}

std::string log_escape(std::string_view s) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(s.size());
  for (auto const ch : s) {
    auto const c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f || c == '\\') {
      out += "\\x";
      out += kDigits[c >> 4];
      out += kDigits[c & 0xf];
    } else {
      out += ch;
    }
  }
  return out;
}

void audit(request_context& ctx, std::string_view action, std::string_view entity, std::optional<long long> entity_id,
           nlohmann::json const& details) {
  store::write_audit(ctx.sql_, ctx.user_.id_, action, entity, entity_id,
                     details.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace solimob::server
