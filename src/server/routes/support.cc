#include "server/routes/support.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace solimob::server::routes {

using nlohmann::json;

// An api_response built by assignment: brace-initialising its json member from a json value would
// wrap the value in an array (nlohmann::json's initializer-list constructor wins).
api_response reply(int status, json body) {
  api_response r;
  r.status_ = status;
  r.body_ = std::move(body);
  return r;
}

api_response reply_json_text(aggregate_cache::text const& t) {
  api_response r;
  r.content_type_ = "application/json; charset=utf-8";
  r.raw_ = *t;
  return r;
}

aggregate_cache& cache() {
  static aggregate_cache c;
  return c;
}

// ---- reading rows whatever the backend's column types (SQLite and PostgreSQL differ) ----

bool is_null(soci::row const& r, std::size_t i) {
  return r.get_indicator(i) == soci::i_null;
}

long long as_int(soci::row const& r, std::size_t i) {
  if (is_null(r, i)) {
    return 0;
  }
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_integer:
      return r.get<int>(i);
    case soci::dt_long_long:
      return r.get<long long>(i);
    case soci::dt_unsigned_long_long:
      return static_cast<long long>(r.get<unsigned long long>(i));
    case soci::dt_double:
      return std::llround(r.get<double>(i));
    case soci::dt_string:
      return std::stoll(r.get<std::string>(i));
    default:
      throw api_error{api_code::kInternal, "unexpected column type"};
  }
}

double as_real(soci::row const& r, std::size_t i) {
  if (is_null(r, i)) {
    return 0.0;
  }
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_double:
      return r.get<double>(i);
    case soci::dt_string:
      return std::stod(r.get<std::string>(i));
    default:
      return static_cast<double>(as_int(r, i));
  }
}

json as_text(soci::row const& r, std::size_t i) {
  if (is_null(r, i)) {
    return nullptr;
  }
  if (r.get_properties(i).get_data_type() == soci::dt_string) {
    return r.get<std::string>(i);
  }
  return std::to_string(as_int(r, i));
}

// ---- validating request bodies: every error names the field ----

[[noreturn]] void invalid(std::string const& field, std::string const& message) {
  throw api_error{api_code::kInvalidInput, message, field};
}

json const& body_object(request_context const& ctx) {
  if (!ctx.body_.is_object()) {
    throw api_error{api_code::kBadJson, "the request body must be a JSON object"};
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

std::string one_of(json const& b, std::string const& field, std::initializer_list<char const*> values) {
  auto const s = text(b, field);
  if (std::none_of(begin(values), end(values), [&](char const* v) { return s == v; })) {
    std::string list;
    for (auto const* v : values) {
      list += (list.empty() ? "" : ", ") + std::string{v};
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

// ---- visibility ----

bool is_partner(request_context const& ctx) {
  return ctx.user_.role_ == role::kPartenaire;
}
long long partner_org(request_context const& ctx) {
  return ctx.user_.organisation_id_ ? ctx.user_.organisation_id_->v() : -1;
}

std::string visibility_key(request_context const& ctx) {
  return is_partner(ctx) ? "org:" + std::to_string(partner_org(ctx)) : "all";
}

// SQL condition on an action aliased `a` that partners must satisfy ("1=1" for everyone else).
std::string action_visible(request_context const& ctx) {
  return is_partner(ctx)
             ? "EXISTS (SELECT 1 FROM action_partner ap WHERE ap.action_id = a.id AND ap.organisation_id = " +
                   std::to_string(partner_org(ctx)) + ")"
             : "1=1";
}

std::string document_visible(request_context const& ctx) {
  return is_partner(ctx) ? "EXISTS (SELECT 1 FROM document_party dp WHERE dp.document_id = d.id AND "
                           "dp.organisation_id = " +
                               std::to_string(partner_org(ctx)) + ")"
                         : "1=1";
}

std::string meeting_visible(request_context const& ctx) {
  return is_partner(ctx) ? "EXISTS (SELECT 1 FROM meeting_participant mp WHERE mp.meeting_id = m.id AND "
                           "mp.organisation_id = " +
                               std::to_string(partner_org(ctx)) + ")"
                         : "1=1";
}

json visible_organisations(request_context const& ctx, json ids) {
  if (!is_partner(ctx)) {
    return ids;
  }
  json out = json::array();
  for (auto const& id : ids) {
    if (id.get<long long>() == partner_org(ctx)) {
      out.push_back(id);
    }
  }
  return out;
}

void check_organisations_exist(soci::session& sql, std::vector<long long> const& ids, std::string const& field) {
  for (auto const id : ids) {
    long long n = 0;
    sql << "SELECT COUNT(*) FROM organisation WHERE id = :id", soci::use(id), soci::into(n);
    if (n == 0) {
      invalid(field, "unknown organisation " + std::to_string(id));
    }
  }
}

std::pair<long long, soci::indicator> optional_reference(soci::session& sql, json const& b, std::string const& field,
                                                         std::string const& table) {
  if (!b.contains(field) || b[field].is_null()) {
    return {0, soci::i_null};
  }
  if (!b[field].is_number_integer()) {
    invalid(field, "an id (whole number) or null");
  }
  auto const id = b[field].get<long long>();
  long long n = 0;
  sql << "SELECT COUNT(*) FROM " + table + " WHERE id = :id", soci::use(id), soci::into(n);
  if (n == 0) {
    invalid(field, "no such id: " + std::to_string(id));
  }
  return {id, soci::i_ok};
}

void require_row(soci::session& sql, std::string const& table, std::string const& entity, long long id) {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM " + table + " WHERE id = :id", soci::use(id), soci::into(n);
  if (n == 0) {
    throw api_error{api_code::kNotFound, "no " + entity + " " + std::to_string(id)};
  }
}

long long parent_of(soci::session& sql, std::string const& table, std::string const& column, std::string const& entity,
                    long long id) {
  long long parent = 0;
  sql << "SELECT " + column + " FROM " + table + " WHERE id = :id", soci::use(id), soci::into(parent);
  if (!sql.got_data()) {
    throw api_error{api_code::kNotFound, "no " + entity + " " + std::to_string(id)};
  }
  return parent;
}

std::map<long long, json> links_of(soci::session& sql, std::string const& table, std::string const& key,
                                   std::vector<long long> const& ids) {
  std::map<long long, json> out;
  std::string in;
  for (auto const id : ids) {
    out[id] = json::array();
    in += (in.empty() ? "" : ",") + std::to_string(id);
  }
  if (in.empty()) {
    return out;
  }
  soci::rowset<soci::row> rs = sql.prepare << "SELECT " + key + ", organisation_id FROM " + table + " WHERE " + key +
                                                  " IN (" + in + ") ORDER BY " + key + ", organisation_id";
  for (auto const& r : rs) {
    out[as_int(r, 0)].push_back(as_int(r, 1));
  }
  return out;
}

api_response delete_row(request_context& ctx, std::string const& table, std::string const& entity) {
  auto const id = ctx.param_id("id");
  require_row(ctx.sql_, table, entity, id);
  ctx.sql_ << "DELETE FROM " + table + " WHERE id = :id", soci::use(id);
  audit(ctx, "delete", table, id);
  return reply(204, nullptr);
}

void replace_links(soci::session& sql, std::string const& table, std::string const& key, long long id,
                   std::vector<long long> const& orgs) {
  sql << "DELETE FROM " + table + " WHERE " + key + " = :id", soci::use(id);
  for (auto org : orgs) {
    sql << "INSERT INTO " + table + " (" + key + ", organisation_id) VALUES (:id, :org)", soci::use(id), soci::use(org);
  }
}

std::vector<long long> links(soci::session& sql, std::string const& table, std::string const& key, long long id) {
  std::vector<long long> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT organisation_id FROM " + table + " WHERE " + key + " = :id ORDER BY organisation_id",
       soci::use(id));
  for (auto const& r : rs) {
    out.push_back(as_int(r, 0));
  }
  return out;
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

json real_or_null(soci::row const& r, std::size_t i) {
  return is_null(r, i) ? json{} : json(as_real(r, i));
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

json row_json(soci::row const& r, std::initializer_list<char const*> keys) {
  json out = json::object();
  auto i = std::size_t{0};
  for (auto const* key : keys) {
    if (is_null(r, i)) {
      out[key] = nullptr;
    } else {
      switch (r.get_properties(i).get_data_type()) {
        case soci::dt_string:
          out[key] = r.get<std::string>(i);
          break;
        case soci::dt_double:
          out[key] = r.get<double>(i);
          break;
        default:
          out[key] = as_int(r, i);
      }
    }
    ++i;
  }
  return out;
}

route_table::route_table(http_server& s) : s_{s} {
  // After the commit, not in the handler: a reader starting between the two would read the
  // committed state before the change and keep it as current.
  s_.after_change([] { cache().invalidate(); });
}

void route_table::route(std::string const& method, std::string const& pattern, handler h) {
  s_.route(method, pattern, std::move(h));
}

}  // namespace solimob::server::routes
