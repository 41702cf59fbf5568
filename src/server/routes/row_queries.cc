#include "server/routes/row_queries.h"

#include "server/routes/body_fields.h"
#include "server/routes/rows.h"

namespace solimob::server::routes {

// An api_response built by assignment: brace-initialising its json member from a json value would
// wrap the value in an array (nlohmann::json's initializer-list constructor wins).
api_response reply(int status, json body) {
  api_response r;
  r.status_ = status;
  r.body_ = std::move(body);
  return r;
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
    throw api_error{error_kind::kNotFound, "no " + entity + " " + std::to_string(id)};
  }
}

long long parent_of(soci::session& sql, std::string const& table, std::string const& column, std::string const& entity,
                    long long id) {
  long long parent = 0;
  sql << "SELECT " + column + " FROM " + table + " WHERE id = :id", soci::use(id), soci::into(parent);
  if (!sql.got_data()) {
    throw api_error{error_kind::kNotFound, "no " + entity + " " + std::to_string(id)};
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

}  // namespace solimob::server::routes
