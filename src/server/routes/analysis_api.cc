// The territory's analyses (docs/API.md, "Analyses"): layers, isochrones, travel times from a point,
// accessibility jobs and their exports, over server/analysis_service.h.
#include "server/routes/analysis_api.h"

#include <charconv>
#include <string>
#include <vector>

#include "server/analysis_service.h"
#include "server/routes/analysis_link.h"
#include "server/routes/support.h"

namespace solimob::server::routes {

namespace {

// Partners see the analyses shared with their organisation only (the saved views' routes).
void forbid_partner(request_context const& ctx) {
  if (is_partner(ctx)) {
    throw api_error{error_kind::kForbidden, "partner accounts see the analyses shared with their organisation"};
  }
}

double coordinate(request_context const& ctx, std::string const& name, double limit) {
  auto const v = ctx.query(name);
  if (!v) {
    throw api_error{error_kind::kInvalidInput, "required", name};
  }
  double x = 0.0;
  auto const [end, ec] = std::from_chars(v->data(), v->data() + v->size(), x);
  if (ec != std::errc{} || end != v->data() + v->size() || !(x >= -limit && x <= limit)) {
    throw api_error{error_kind::kInvalidInput,
                    "expected WGS84 degrees from " + std::to_string(-limit) + " to " + std::to_string(limit), name};
  }
  return x;
}

std::vector<int> cutoffs(request_context const& ctx) {
  auto const v = ctx.query("cutoffs").value_or("15,30,45,60");
  std::vector<int> out;
  std::size_t start = 0;
  while (start <= v.size() && out.size() <= 6) {
    auto const comma = v.find(',', start);
    auto const part = v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    int x = 0;
    auto const [end, ec] = std::from_chars(part.data(), part.data() + part.size(), x);
    if (ec != std::errc{} || end != part.data() + part.size()) {
      throw api_error{error_kind::kInvalidInput, "expected minutes separated by commas, e.g. 15,30,45", "cutoffs"};
    }
    out.push_back(x);
    if (comma == std::string::npos) {
      break;
    }
    start = comma + 1;
  }
  return out;
}

analysis_params query_params(analysis_service& a, request_context const& ctx, std::optional<int> default_window = {}) {
  return a.read_params([&](std::string const& name) { return ctx.query(name); }, default_window);
}

// Keys of a JSON object as the parameters (strings or numbers); other types are refused by name.
analysis_params body_params(analysis_service& a, json const& b, std::string const& prefix) {
  if (!b.is_object()) {
    throw api_error{error_kind::kInvalidInput, "expected an object", prefix.empty() ? "body" : prefix};
  }
  return a.read_params([&](std::string const& name) -> std::optional<std::string> {
    if (!b.contains(name) || b[name].is_null()) {
      return std::nullopt;
    }
    auto const& v = b[name];
    if (v.is_string()) {
      return v.get<std::string>();
    }
    if (v.is_number_integer()) {
      return std::to_string(v.get<long long>());
    }
    throw api_error{error_kind::kInvalidInput, "expected a string", prefix + name};
  });
}

api_response json_text(std::string text) {
  api_response r;
  r.content_type_ = "application/json; charset=utf-8";
  r.raw_ = std::move(text);
  return r;
}

// A job's answer; the result is spliced in as the text it is cached as (never parsed again).
api_response job_answer(analysis_service& a, job_queue::status const& s, int status) {
  json head = {{"id", s.key_},
               {"kind", s.kind_},
               {"status", to_string(s.state_)},
               {"progress", s.progress_},
               {"params", a.job_params(s.key_)}};
  if (s.state_ == job_queue::state::kFailed) {
    head["error"] = s.error_;
  }
  auto text = head.dump(-1, ' ', false, json::error_handler_t::replace);
  if (s.state_ == job_queue::state::kDone && s.result_ != nullptr) {
    text.pop_back();
    text += ",\"result\":";
    text += *s.result_;
    text += "}";
  }
  auto r = json_text(std::move(text));
  r.status_ = status;
  return r;
}

}  // namespace

void add_analysis_api(http_server& s, analysis_service* a) {
  auto& link = analysis();
  if (a != nullptr) {
    link.access_result_ = [a](json const& params) { return a->access_result(body_params(*a, params, "params.")); };
    link.territory_ = [a] { return a->describe(); };
  } else {
    link = analysis_link{};
  }
  auto const need = [a]() -> analysis_service& {
    if (a == nullptr) {
      throw api_error{error_kind::kConflict, "no territory loaded (start solimob serve with --territory CONFIG)"};
    }
    return *a;
  };

  s.route("GET", "/api/analysis/territory", [need](request_context& ctx) {
    forbid_partner(ctx);
    return reply(200, need().describe());
  });
  s.route("GET", "/api/analysis/layers/:name", [need](request_context& ctx) {
    forbid_partner(ctx);
    auto& an = need();
    auto const p = query_params(an, ctx);
    return json_text(*an.layer(ctx.param("name"), p.scenario_, ctx.query("category").value_or("")));
  });
  s.route("GET", "/api/analysis/layers/zones/:level", [need](request_context& ctx) {
    forbid_partner(ctx);
    return json_text(*need().layer("zones/" + ctx.param("level"), 0, ""));
  });
  s.route("GET", "/api/analysis/isochrone", [need](request_context& ctx) {
    forbid_partner(ctx);
    auto& an = need();
    latlng const from{coordinate(ctx, "lat", 90.0), coordinate(ctx, "lon", 180.0)};
    auto const p = query_params(an, ctx, 10);
    return reply(200, an.isochrone(from, p, cutoffs(ctx)));
  });
  s.route("GET", "/api/analysis/from-point", [need](request_context& ctx) {
    forbid_partner(ctx);
    auto& an = need();
    latlng const from{coordinate(ctx, "lat", 90.0), coordinate(ctx, "lon", 180.0)};
    auto const p = query_params(an, ctx, 10);
    return reply(200, an.from_point(from, p));
  });
  s.route(
      "POST", "/api/analysis/jobs",
      [need](request_context& ctx) {
        forbid_partner(ctx);
        auto& an = need();
        auto const& b = body_object(ctx);
        if (b.value("kind", "access") != "access") {
          throw api_error{error_kind::kInvalidInput, "the only kind of job is 'access'", "kind"};
        }
        auto const st = an.submit_access(body_params(an, b, ""));
        return job_answer(an, st, st.state_ == job_queue::state::kDone ? 200 : 202);
      },
      access::kAnyUser);
  s.route("GET", "/api/analysis/jobs/:id", [need](request_context& ctx) {
    forbid_partner(ctx);
    auto& an = need();
    auto const st = an.jobs().find(ctx.param("id"));
    if (!st) {
      throw api_error{error_kind::kNotFound, "no job " + ctx.param("id").substr(0, 40)};
    }
    return job_answer(an, *st, 200);
  });
  s.route(
      "DELETE", "/api/analysis/jobs/:id",
      [need](request_context& ctx) {
        forbid_partner(ctx);
        auto& an = need();
        auto const& id = ctx.param("id");
        if (!an.jobs().find(id)) {
          throw api_error{error_kind::kNotFound, "no job " + id.substr(0, 40)};
        }
        an.jobs().cancel(id);
        auto const st = an.jobs().find(id);
        return reply(200, {{"status", st ? to_string(st->state_) : "cancelled"}});
      },
      access::kAnyUser);
  s.route("GET", "/api/analysis/jobs/:id/export", [need](request_context& ctx) {
    forbid_partner(ctx);
    auto& an = need();
    auto const st = an.jobs().find(ctx.param("id"));
    if (!st || st->state_ != job_queue::state::kDone) {
      throw api_error{error_kind::kNotFound, "no finished job " + ctx.param("id").substr(0, 40)};
    }
    auto const format = ctx.query("format").value_or("gpkg");
    if (format != "gpkg" && format != "geojson" && format != "xlsx") {
      throw api_error{error_kind::kInvalidInput, "expected gpkg, geojson or xlsx", "format"};
    }
    api_response r;
    r.headers_.emplace_back("Content-Disposition", "attachment; filename=\"analyse." + format + "\"");
    // Writing the file takes a while: after the transaction, outside the gate of ordinary requests.
    r.after_transaction_ = [&an, result = st->result_, format](api_response& out) {
      out.raw_ = an.export_result(*result, format, out.content_type_);
    };
    return r;
  });
}

}  // namespace solimob::server::routes
