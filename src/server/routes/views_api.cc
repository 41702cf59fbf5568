// Saved map views of the territory's analyses: their parameters, sharing with partner organisations,
// and their access result (docs/API.md, "Analyses").
#include <soci/soci.h>

#include <map>
#include <string>
#include <vector>

#include "server/routes/analysis_link.h"
#include "server/routes/support.h"
#include "store/database.h"

namespace solimob::server::routes {

namespace {

// The front end's map state is kept as sent; a bound keeps a row (and every list) small.
constexpr std::size_t kMaxParamsBytes = 16 * 1024;

// The keys of a view's params that choose an access result (the others are the map's own state).
constexpr char const* kResultKeys[] = {"public", "category", "scenario", "departure", "window", "percentile"};

json params_of(soci::row const& r, std::size_t i) {
  auto const p = json::parse(as_text(r, i).get<std::string>(), nullptr, false);
  return p.is_object() ? p : json::object();
}

json view_json(request_context const& ctx, soci::row const& r, json shares) {
  return {{"id", as_int(r, 0)},
          {"name", as_text(r, 1)},
          {"description", as_text(r, 2)},
          {"params", params_of(r, 3)},
          {"created_by", is_null(r, 4) ? json{} : json(as_int(r, 4))},
          {"updated_at", as_text(r, 5)},
          {"shared_with", visible_organisations(ctx, std::move(shares))}};
}

constexpr char const* kViewColumns = "v.id, v.name, v.description, v.params, v.created_by, v.updated_at";

json load_view(request_context& ctx, long long id) {
  soci::rowset<soci::row> rs =
      (ctx.sql_.prepare << std::string{"SELECT "} + kViewColumns + " FROM analysis_view v WHERE v.id = :id AND " +
                               visible(ctx, records::kView, "v"),
       soci::use(id));
  for (auto const& r : rs) {
    return view_json(ctx, r, links(ctx.sql_, "analysis_view_share", "view_id", id));
  }
  throw api_error{error_kind::kNotFound, "no view " + std::to_string(id)};
}

api_response list_views(request_context& ctx) {
  std::vector<json> rows;
  std::vector<long long> ids;
  {
    soci::row r;
    soci::statement st = (ctx.sql_.prepare << std::string{"SELECT "} + kViewColumns + " FROM analysis_view v WHERE " +
                                                  visible(ctx, records::kView, "v") + " ORDER BY v.name, v.id",
                          soci::into(r));
    st.execute();
    while (st.fetch()) {
      ids.push_back(as_int(r, 0));
      rows.push_back(view_json(ctx, r, json::array()));
    }
  }
  auto shares = links_of(ctx.sql_, "analysis_view_share", "view_id", ids);
  json out = json::array();
  for (auto& v : rows) {
    v["shared_with"] = visible_organisations(ctx, std::move(shares[v["id"].get<long long>()]));
    out.push_back(std::move(v));
  }
  return reply(200, out);
}

struct view_input {
  std::string name_, description_, params_;
  std::vector<long long> shared_with_;
};

view_input read_view(request_context& ctx) {
  auto const& b = body_object(ctx);
  view_input in;
  in.name_ = text(b, "name", true, 200);
  in.description_ = text(b, "description", false, 5000);
  if (!b.contains("params") || !b["params"].is_object()) {
    invalid("params", "a JSON object");
  }
  in.params_ = b["params"].dump();
  if (in.params_.size() > kMaxParamsBytes) {
    invalid("params", "at most 16 KiB once serialised (" + std::to_string(in.params_.size()) + " bytes)");
  }
  in.shared_with_ = id_list(b, "shared_with");
  check_organisations_exist(ctx.sql_, in.shared_with_, "shared_with");
  return in;
}

api_response save_view(request_context& ctx, save_target existing) {
  auto const in = read_view(ctx);
  auto const now = store::utc_now();
  long long id = 0;
  if (existing) {
    id = *existing;
    require_row(ctx.sql_, "analysis_view", "view", id);
    ctx.sql_ << "UPDATE analysis_view SET name = :n, description = :d, params = :p, updated_at = :u WHERE id = :id",
        soci::use(in.name_), soci::use(in.description_), soci::use(in.params_), soci::use(now), soci::use(id);
  } else {
    long long const user = ctx.user_.id_.v();
    ctx.sql_ << "INSERT INTO analysis_view (name, description, params, created_by, updated_at) "
                "VALUES (:n, :d, :p, :c, :u) RETURNING id",
        soci::use(in.name_), soci::use(in.description_), soci::use(in.params_), soci::use(user), soci::use(now),
        soci::into(id);
  }
  replace_links(ctx.sql_, "analysis_view_share", "view_id", id, in.shared_with_);
  audit(ctx, existing ? "update" : "create", "analysis_view", id,
        {{"name", in.name_}, {"shared_with", in.shared_with_}});
  return reply(existing ? 200 : 201, load_view(ctx, id));
}

api_response delete_view(request_context& ctx) {
  auto const id = ctx.param_id("id");
  auto const v = load_view(ctx, id);
  ctx.sql_ << "DELETE FROM analysis_view WHERE id = :id", soci::use(id);
  audit(ctx, "delete", "analysis_view", id, {{"name", v["name"]}});
  return reply(204, nullptr);
}

api_response view_result(request_context& ctx) {
  auto const v = load_view(ctx, ctx.param_id("id"));  // 404 first: a partner learns nothing of hidden views
  json params = json::object();
  for (auto const* k : kResultKeys) {
    if (v["params"].contains(k) && !v["params"][k].is_null()) {
      params[k] = v["params"][k];
    }
  }
  // Awaited after the transaction, outside the gate of ordinary requests (the analysis may run a while).
  api_response r;
  r.after_transaction_ = [params](api_response& out) {
    auto const text = access_result(params);
    out.content_type_ = "application/json; charset=utf-8";
    out.raw_ = *text;
  };
  return r;
}

}  // namespace

std::shared_ptr<std::string const> access_result(json const& params) {
  auto const& link = analysis();
  if (!link.loaded()) {
    throw api_error{error_kind::kConflict, "no territory loaded"};
  }
  auto r = link.access_result_(params);
  if (r == nullptr) {
    throw api_error{error_kind::kInternal, "the analysis gave no result"};
  }
  return r;
}

json loaded_territory() {
  auto const& link = analysis();
  return link.loaded() && link.territory_ ? link.territory_() : json{};
}

void add_views_api(route_table& s) {
  s.route("GET", "/api/analysis/views", list_views);
  s.route("POST", "/api/analysis/views", [](request_context& ctx) { return save_view(ctx, std::nullopt); });
  s.route("GET", "/api/analysis/views/:id",
          [](request_context& ctx) { return reply(200, load_view(ctx, ctx.param_id("id"))); });
  s.route("PUT", "/api/analysis/views/:id", [](request_context& ctx) { return save_view(ctx, ctx.param_id("id")); });
  s.route("DELETE", "/api/analysis/views/:id", delete_view);
  s.route("GET", "/api/analysis/views/:id/result", view_result);
}

}  // namespace solimob::server::routes
