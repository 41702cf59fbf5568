#include "server/api.h"

#include <charconv>

#include "store/audit.h"

namespace solimob::server {

std::string const& request_context::param(std::string const& name) const {
  auto const it = params_.find(name);
  if (it == end(params_)) {
    throw api_error{api_code::kNotFound, "no path parameter '" + name + "'"};
  }
  return it->second;
}

long long request_context::param_id(std::string const& name) const {
  auto const& s = param(name);
  long long v = 0;
  auto const [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || v <= 0) {
    throw api_error{api_code::kNotFound, "no such " + name + " '" + s + "'"};
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

void audit(request_context& ctx, std::string_view action, std::string_view entity, std::optional<long long> entity_id,
           nlohmann::json const& details) {
  store::write_audit(ctx.sql_, ctx.user_.id_, action, entity, entity_id,
                     details.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace solimob::server
