#include "server/plan_routes.h"

#include <soci/soci.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <tuple>

#include "core/geo.h"
#include "core/time.h"
#include "io/file_util.h"
#include "io/vector_io.h"
#include "plan/budget_annex.h"
#include "server/api.h"
#include "store/database.h"

namespace solimob::server {

namespace {

using nlohmann::json;

// An api_response built by assignment: brace-initialising its json member from a json value would
// wrap the value in an array (nlohmann::json's initializer-list constructor wins).
api_response reply(int status, json body) {
  api_response r;
  r.status_ = status;
  r.body_ = std::move(body);
  return r;
}

// Aggregates (dashboard, budget annex) cost a scan of every budget line; they are cached per
// visibility (everyone / one partner organisation) and dropped by any change made through the API.
// A change committed while an aggregate is being computed can be missed by that entry: the lifetime
// bounds how stale it can be.
class aggregate_cache {
 public:
  static constexpr auto kLifetime = std::chrono::seconds{2};

  void invalidate() { ++version_; }

  template <typename Compute>
  json get(std::string const& key, Compute&& compute) {
    auto const version = version_.load();
    auto const now = std::chrono::steady_clock::now();
    std::mutex* computing = nullptr;
    {
      std::lock_guard const lock{mutex_};
      auto& e = entries_[key];
      if (e.valid_ && e.version_ == version) {
        // Up to date, or only old: then one request refreshes it while the others keep the
        // current answer (nothing changed through the API since it was computed).
        if (now - e.at_ < kLifetime || e.refreshing_) {
          return e.body_;
        }
        e.refreshing_ = true;
      }
      computing = e.computing_.get();
    }
    // One computation per key at a time (std::map nodes do not move): after a change, the requests
    // wait for it instead of all scanning the budget lines at once.
    std::lock_guard const one_at_a_time{*computing};
    {
      std::lock_guard const lock{mutex_};
      auto const& e = entries_[key];
      if (e.valid_ && e.version_ == version && e.at_ >= now) {
        return e.body_;  // computed by another request while this one waited
      }
    }
    auto body = compute();
    std::lock_guard const lock{mutex_};
    auto& e = entries_[key];
    e.body_ = body;
    e.version_ = version;
    e.at_ = std::chrono::steady_clock::now();
    e.valid_ = true;
    e.refreshing_ = false;
    return body;
  }

 private:
  struct entry {
    bool valid_{false};
    bool refreshing_{false};
    std::uint64_t version_{0};
    std::chrono::steady_clock::time_point at_;
    json body_;
    std::unique_ptr<std::mutex> computing_{std::make_unique<std::mutex>()};
  };
  std::atomic<std::uint64_t> version_{0};
  std::mutex mutex_;
  std::map<std::string, entry> entries_;
};

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

std::string text(json const& b, std::string const& field, bool required = true, std::size_t max_len = 2000) {
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
std::pair<std::string, soci::indicator> date(json const& b, std::string const& field, bool required = false) {
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

void check_organisations_exist(soci::session& sql, std::vector<long long> const& ids, std::string const& field) {
  for (auto const id : ids) {
    long long n = 0;
    sql << "SELECT COUNT(*) FROM organisation WHERE id = :id", soci::use(id), soci::into(n);
    if (n == 0) {
      invalid(field, "unknown organisation " + std::to_string(id));
    }
  }
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

// ---- organisations and objectives ----

api_response list_organisations(request_context& ctx) {
  json out = json::array();
  std::string sql = "SELECT id, name, type, territory FROM organisation";
  if (is_partner(ctx)) {
    sql += " WHERE id = " + std::to_string(partner_org(ctx));
  }
  soci::rowset<soci::row> rs = ctx.sql_.prepare << sql + " ORDER BY name, id";
  for (auto const& r : rs) {
    out.push_back(
        {{"id", as_int(r, 0)}, {"name", as_text(r, 1)}, {"type", as_text(r, 2)}, {"territory", as_text(r, 3)}});
  }
  return reply(200, out);
}

api_response create_organisation(request_context& ctx) {
  auto const& b = body_object(ctx);
  auto name = text(b, "name", true, 200);
  auto type = one_of(
      b, "type", {"autorite_organisatrice", "caf", "france_travail", "ccas", "commune", "ept", "association", "autre"});
  auto territory = text(b, "territory", false, 200);
  long long id = 0;
  ctx.sql_ << "INSERT INTO organisation (name, type, territory) VALUES (:n, :t, :te) RETURNING id", soci::use(name),
      soci::use(type), soci::use(territory), soci::into(id);
  audit(ctx, "create", "organisation", id, {{"name", name}});
  return reply(201, {{"id", id}, {"name", name}, {"type", type}, {"territory", territory}});
}

api_response list_objectives(request_context& ctx) {
  json out = json::array();
  soci::rowset<soci::row> rs = ctx.sql_.prepare
                               << "SELECT id, code, title, description FROM objective ORDER BY code, id";
  for (auto const& r : rs) {
    out.push_back(
        {{"id", as_int(r, 0)}, {"code", as_text(r, 1)}, {"title", as_text(r, 2)}, {"description", as_text(r, 3)}});
  }
  return reply(200, out);
}

api_response create_objective(request_context& ctx) {
  auto const& b = body_object(ctx);
  auto code = text(b, "code", true, 20);
  auto title = text(b, "title", true, 300);
  auto description = text(b, "description", false);
  long long id = 0;
  ctx.sql_ << "INSERT INTO objective (code, title, description) VALUES (:c, :t, :d) RETURNING id", soci::use(code),
      soci::use(title), soci::use(description), soci::into(id);
  audit(ctx, "create", "objective", id, {{"code", code}});
  return reply(201, {{"id", id}, {"code", code}, {"title", title}, {"description", description}});
}

// ---- actions and budget lines ----

constexpr char const* kActionColumns =
    "a.id, a.title, a.objective_id, a.owner_direction, a.status, a.publics, a.territory, a.start_date, a.end_date";

json action_json(soci::session& sql, soci::row const& r) {
  auto const id = as_int(r, 0);
  return {{"id", id},
          {"title", as_text(r, 1)},
          {"objective_id", is_null(r, 2) ? json{} : json(as_int(r, 2))},
          {"owner_direction", as_text(r, 3)},
          {"status", as_text(r, 4)},
          {"publics", as_text(r, 5)},
          {"territory", as_text(r, 6)},
          {"start_date", as_text(r, 7)},
          {"end_date", as_text(r, 8)},
          {"partner_ids", links(sql, "action_partner", "action_id", id)}};
}

json load_action(request_context& ctx, long long id) {
  soci::rowset<soci::row> rs = (ctx.sql_.prepare << std::string{"SELECT "} + kActionColumns +
                                                        " FROM action a WHERE a.id = :id AND " + action_visible(ctx),
                                soci::use(id));
  for (auto const& r : rs) {
    return action_json(ctx.sql_, r);
  }
  throw api_error{api_code::kNotFound, "no action " + std::to_string(id)};
}

api_response list_actions(request_context& ctx) {
  auto const limit = query_int(ctx, "limit", 50, 1, 500);
  auto const offset = query_int(ctx, "offset", 0, 0, INT32_MAX);
  std::string where = " WHERE " + action_visible(ctx);
  auto status = ctx.query("status").value_or("");
  auto q = ctx.query("q").value_or("");
  std::transform(begin(q), end(q), begin(q), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto const pattern = "%" + q + "%";
  if (!status.empty()) {
    where += " AND a.status = :status";
  }
  if (!q.empty()) {
    where += " AND LOWER(a.title) LIKE :pattern";
  }
  auto const bind = [&](auto& statement) {
    if (!status.empty()) {
      statement, soci::use(status, "status");
    }
    if (!q.empty()) {
      statement, soci::use(pattern, "pattern");
    }
  };
  long long total = 0;
  {
    auto count = (ctx.sql_.prepare << "SELECT COUNT(*) FROM action a" + where, soci::into(total));
    bind(count);
    soci::statement st{count};
    st.execute(true);
  }
  json items = json::array();
  {
    soci::row r;
    auto select =
        (ctx.sql_.prepare << std::string{"SELECT "} + kActionColumns + " FROM action a" + where +
                                 " ORDER BY a.id LIMIT " + std::to_string(limit) + " OFFSET " + std::to_string(offset),
         soci::into(r));
    bind(select);
    soci::statement st{select};
    st.execute();
    std::vector<json> rows;
    std::vector<long long> ids;
    while (st.fetch()) {
      rows.push_back({{"id", as_int(r, 0)},
                      {"title", as_text(r, 1)},
                      {"objective_id", is_null(r, 2) ? json{} : json(as_int(r, 2))},
                      {"owner_direction", as_text(r, 3)},
                      {"status", as_text(r, 4)},
                      {"publics", as_text(r, 5)},
                      {"territory", as_text(r, 6)},
                      {"start_date", as_text(r, 7)},
                      {"end_date", as_text(r, 8)}});
    }
    // One query for the partners of the whole page, not one per action.
    std::map<long long, json> partners;
    std::string in;
    for (auto& j : rows) {
      auto const id = j["id"].get<long long>();
      partners[id] = json::array();
      in += (in.empty() ? "" : ",") + std::to_string(id);
    }
    if (!in.empty()) {
      soci::rowset<soci::row> rs = ctx.sql_.prepare << "SELECT action_id, organisation_id FROM action_partner WHERE "
                                                       "action_id IN (" +
                                                           in + ") ORDER BY action_id, organisation_id";
      for (auto const& r : rs) {
        partners[as_int(r, 0)].push_back(as_int(r, 1));
      }
    }
    for (auto& j : rows) {
      j["partner_ids"] = partners[j["id"].get<long long>()];
      items.push_back(std::move(j));
    }
  }
  return reply(200, {{"items", items}, {"total", total}});
}

struct action_input {
  std::string title_, owner_direction_, status_, publics_, territory_;
  long long objective_id_{0};
  soci::indicator objective_ind_{soci::i_null};
  std::pair<std::string, soci::indicator> start_, end_;
  std::vector<long long> partners_;
};

action_input read_action(request_context& ctx) {
  auto const& b = body_object(ctx);
  action_input in;
  in.title_ = text(b, "title", true, 300);
  in.owner_direction_ = text(b, "owner_direction", true, 200);
  in.status_ = one_of(b, "status", {"proposee", "en_cours", "realisee", "abandonnee"});
  in.publics_ = text(b, "publics", false, 500);
  in.territory_ = text(b, "territory", false, 500);
  if (b.contains("objective_id") && !b["objective_id"].is_null()) {
    in.objective_id_ = integer(b, "objective_id", 1, INT64_MAX);
    in.objective_ind_ = soci::i_ok;
    long long n = 0;
    ctx.sql_ << "SELECT COUNT(*) FROM objective WHERE id = :id", soci::use(in.objective_id_), soci::into(n);
    if (n == 0) {
      invalid("objective_id", "unknown objective");
    }
  }
  in.start_ = date(b, "start_date");
  in.end_ = date(b, "end_date");
  if (in.start_.second == soci::i_ok && in.end_.second == soci::i_ok && in.end_.first < in.start_.first) {
    invalid("end_date", "the end comes before the start");
  }
  in.partners_ = id_list(b, "partner_ids");
  check_organisations_exist(ctx.sql_, in.partners_, "partner_ids");
  return in;
}

api_response create_action(request_context& ctx) {
  auto in = read_action(ctx);
  auto const now = store::utc_now();
  long long id = 0;
  ctx.sql_ << "INSERT INTO action (objective_id, title, owner_direction, status, publics, territory, start_date, "
              "end_date, updated_at) VALUES (:o, :t, :d, :s, :p, :te, :sd, :ed, :u) RETURNING id",
      soci::use(in.objective_id_, in.objective_ind_), soci::use(in.title_), soci::use(in.owner_direction_),
      soci::use(in.status_), soci::use(in.publics_), soci::use(in.territory_),
      soci::use(in.start_.first, in.start_.second), soci::use(in.end_.first, in.end_.second), soci::use(now),
      soci::into(id);
  replace_links(ctx.sql_, "action_partner", "action_id", id, in.partners_);
  audit(ctx, "create", "action", id, {{"title", in.title_}});
  return reply(201, load_action(ctx, id));
}

api_response get_action(request_context& ctx) {
  auto const id = ctx.param_id("id");
  auto a = load_action(ctx, id);
  json lines = json::array();
  soci::rowset<soci::row> rs =
      (ctx.sql_.prepare << "SELECT id, year, direction, nature, planned, voted, spent FROM budget_line "
                           "WHERE action_id = :id ORDER BY year, id",
       soci::use(id));
  for (auto const& r : rs) {
    lines.push_back({{"id", as_int(r, 0)},
                     {"year", as_int(r, 1)},
                     {"direction", as_text(r, 2)},
                     {"nature", as_text(r, 3)},
                     {"planned", as_real(r, 4)},
                     {"voted", as_real(r, 5)},
                     {"spent", as_real(r, 6)}});
  }
  a["budget_lines"] = lines;
  return reply(200, a);
}

api_response update_action(request_context& ctx) {
  auto const id = ctx.param_id("id");
  load_action(ctx, id);  // 404 when absent
  auto in = read_action(ctx);
  auto const now = store::utc_now();
  ctx.sql_ << "UPDATE action SET objective_id = :o, title = :t, owner_direction = :d, status = :s, publics = :p, "
              "territory = :te, start_date = :sd, end_date = :ed, updated_at = :u WHERE id = :id",
      soci::use(in.objective_id_, in.objective_ind_), soci::use(in.title_), soci::use(in.owner_direction_),
      soci::use(in.status_), soci::use(in.publics_), soci::use(in.territory_),
      soci::use(in.start_.first, in.start_.second), soci::use(in.end_.first, in.end_.second), soci::use(now),
      soci::use(id);
  replace_links(ctx.sql_, "action_partner", "action_id", id, in.partners_);
  audit(ctx, "update", "action", id, {{"title", in.title_}, {"status", in.status_}});
  return reply(200, load_action(ctx, id));
}

api_response delete_action(request_context& ctx) {
  auto const id = ctx.param_id("id");
  load_action(ctx, id);
  ctx.sql_ << "DELETE FROM action WHERE id = :id", soci::use(id);
  audit(ctx, "delete", "action", id);
  return reply(204, nullptr);
}

struct line_input {
  long long year_;
  std::string direction_, nature_;
  double planned_, voted_, spent_;
};

line_input read_line(request_context& ctx) {
  auto const& b = body_object(ctx);
  return {integer(b, "year", 2000, 2100),
          text(b, "direction", true, 200),
          one_of(b, "nature", {"investissement", "fonctionnement"}),
          amount(b, "planned"),
          amount(b, "voted"),
          amount(b, "spent")};
}

json line_json(long long id, line_input const& l) {
  return {{"id", id},
          {"year", l.year_},
          {"direction", l.direction_},
          {"nature", l.nature_},
          {"planned", l.planned_},
          {"voted", l.voted_},
          {"spent", l.spent_}};
}

api_response create_line(request_context& ctx) {
  auto const action = ctx.param_id("id");
  load_action(ctx, action);
  auto const l = read_line(ctx);
  long long id = 0;
  ctx.sql_ << "INSERT INTO budget_line (action_id, year, direction, nature, planned, voted, spent) "
              "VALUES (:a, :y, :d, :n, :p, :v, :s) RETURNING id",
      soci::use(action), soci::use(l.year_), soci::use(l.direction_), soci::use(l.nature_), soci::use(l.planned_),
      soci::use(l.voted_), soci::use(l.spent_), soci::into(id);
  audit(ctx, "create", "budget_line", id, line_json(id, l));
  return reply(201, line_json(id, l));
}

long long line_action(request_context& ctx, long long line) {
  long long action = 0;
  soci::indicator ind = soci::i_null;
  ctx.sql_ << "SELECT action_id FROM budget_line WHERE id = :id", soci::use(line), soci::into(action, ind);
  if (!ctx.sql_.got_data()) {
    throw api_error{api_code::kNotFound, "no budget line " + std::to_string(line)};
  }
  load_action(ctx, action);
  return action;
}

api_response update_line(request_context& ctx) {
  auto const id = ctx.param_id("id");
  line_action(ctx, id);
  auto const l = read_line(ctx);
  ctx.sql_ << "UPDATE budget_line SET year = :y, direction = :d, nature = :n, planned = :p, voted = :v, spent = :s "
              "WHERE id = :id",
      soci::use(l.year_), soci::use(l.direction_), soci::use(l.nature_), soci::use(l.planned_), soci::use(l.voted_),
      soci::use(l.spent_), soci::use(id);
  audit(ctx, "update", "budget_line", id, line_json(id, l));
  return reply(200, line_json(id, l));
}

api_response delete_line(request_context& ctx) {
  auto const id = ctx.param_id("id");
  line_action(ctx, id);
  ctx.sql_ << "DELETE FROM budget_line WHERE id = :id", soci::use(id);
  audit(ctx, "delete", "budget_line", id);
  return reply(204, nullptr);
}

// ---- the budget annex ----

std::vector<plan::budget_row> budget_rows(request_context& ctx) {
  std::vector<plan::budget_row> rows;
  soci::rowset<soci::row> rs =
      ctx.sql_.prepare << "SELECT b.direction, COALESCE(o.code || ' ' || o.title, ''), a.title, b.year, b.nature, "
                          "b.planned, b.voted, b.spent FROM budget_line b JOIN action a ON a.id = b.action_id "
                          "LEFT JOIN objective o ON o.id = a.objective_id WHERE " +
                              action_visible(ctx) + " ORDER BY b.id";
  for (auto const& r : rs) {
    rows.push_back({as_text(r, 0).get<std::string>(), as_text(r, 1).get<std::string>(),
                    as_text(r, 2).get<std::string>(), static_cast<int>(as_int(r, 3)), as_text(r, 4).get<std::string>(),
                    as_real(r, 5), as_real(r, 6), as_real(r, 7)});
  }
  return rows;
}

json budget_annex_body(request_context& ctx) {
  auto const rows = budget_rows(ctx);
  std::map<std::tuple<std::string, long long, std::string>, std::array<double, 3>> by_direction;
  std::map<std::pair<std::string, long long>, std::array<double, 3>> by_objective;
  std::array<double, 3> total{};
  for (auto const& r : rows) {
    for (auto* a : {&by_direction[{r.direction_, r.year_, r.nature_}],
                    &by_objective[{r.objective_.empty() ? "(sans objectif)" : r.objective_, r.year_}], &total}) {
      (*a)[0] += r.planned_;
      (*a)[1] += r.voted_;
      (*a)[2] += r.spent_;
    }
  }
  json d = json::array(), o = json::array();
  for (auto const& [k, a] : by_direction) {
    d.push_back({{"direction", std::get<0>(k)},
                 {"year", std::get<1>(k)},
                 {"nature", std::get<2>(k)},
                 {"planned", a[0]},
                 {"voted", a[1]},
                 {"spent", a[2]}});
  }
  for (auto const& [k, a] : by_objective) {
    o.push_back({{"objective", k.first}, {"year", k.second}, {"planned", a[0]}, {"voted", a[1]}, {"spent", a[2]}});
  }
  return {{"by_direction", d},
          {"by_objective", o},
          {"total", {{"planned", total[0]}, {"voted", total[1]}, {"spent", total[2]}}}};
}

api_response budget_annex_json(request_context& ctx) {
  return reply(200, cache().get("annex/" + visibility_key(ctx), [&] { return budget_annex_body(ctx); }));
}

api_response budget_annex_xlsx(request_context& ctx) {
  auto const tables = plan::budget_annex(budget_rows(ctx));
  auto const dir = std::filesystem::temp_directory_path() / ("solimob-annex-" + io::unique_suffix());
  std::filesystem::create_directories(dir);
  api_response r;
  try {
    auto const path = dir / "annexe.xlsx";
    io::write_tables(path.string(), tables);
    r.raw_ = io::read_file(path);
  } catch (...) {
    std::filesystem::remove_all(dir);
    throw;
  }
  std::filesystem::remove_all(dir);
  r.content_type_ = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  r.headers_.emplace_back("Content-Disposition", "attachment; filename=\"annexe-budgetaire-mobilite-solidaire.xlsx\"");
  return r;
}

// ---- cooperation documents ----

constexpr char const* kDocumentColumns =
    "d.id, d.type, d.title, d.status, d.commitments, d.signed_on, d.effective_on, d.ends_on";

json document_json(soci::session& sql, soci::row const& r) {
  auto const id = as_int(r, 0);
  return {{"id", id},
          {"type", as_text(r, 1)},
          {"title", as_text(r, 2)},
          {"status", as_text(r, 3)},
          {"commitments", as_text(r, 4)},
          {"signed_on", as_text(r, 5)},
          {"effective_on", as_text(r, 6)},
          {"ends_on", as_text(r, 7)},
          {"party_ids", links(sql, "document_party", "document_id", id)}};
}

api_response list_documents(request_context& ctx) {
  json out = json::array();
  soci::rowset<soci::row> rs = ctx.sql_.prepare << std::string{"SELECT "} + kDocumentColumns +
                                                       " FROM cooperation_document d WHERE " + document_visible(ctx) +
                                                       " ORDER BY d.id";
  for (auto const& r : rs) {
    out.push_back({{"id", as_int(r, 0)},
                   {"type", as_text(r, 1)},
                   {"title", as_text(r, 2)},
                   {"status", as_text(r, 3)},
                   {"commitments", as_text(r, 4)},
                   {"signed_on", as_text(r, 5)},
                   {"effective_on", as_text(r, 6)},
                   {"ends_on", as_text(r, 7)}});
  }
  for (auto& d : out) {
    d["party_ids"] = links(ctx.sql_, "document_party", "document_id", d["id"].get<long long>());
  }
  return reply(200, out);
}

// The lifecycle: draft -> negotiation -> signed -> in force -> expired or renewed; a renewed or
// expired document may go back into negotiation (its next version).
bool allowed_transition(std::string const& from, std::string const& to) {
  static std::multimap<std::string, std::string> const kNext{
      {"brouillon", "negociation"}, {"negociation", "brouillon"}, {"negociation", "signe"},
      {"signe", "en_vigueur"},      {"en_vigueur", "expire"},     {"en_vigueur", "renouvele"},
      {"expire", "negociation"},    {"renouvele", "negociation"}};
  if (from == to) {
    return true;
  }
  auto const [b, e] = kNext.equal_range(from);
  return std::any_of(b, e, [&](auto const& kv) { return kv.second == to; });
}

api_response save_document(request_context& ctx, std::optional<long long> existing) {
  auto const& b = body_object(ctx);
  auto type = one_of(b, "type", {"charte", "protocole", "convention", "autre"});
  auto title = text(b, "title", true, 300);
  auto status = one_of(b, "status", {"brouillon", "negociation", "signe", "en_vigueur", "expire", "renouvele"});
  auto commitments = text(b, "commitments", false, 20000);
  auto signed_on = date(b, "signed_on");
  auto effective_on = date(b, "effective_on");
  auto ends_on = date(b, "ends_on");
  auto parties = id_list(b, "party_ids");
  check_organisations_exist(ctx.sql_, parties, "party_ids");
  if ((status == "signe" || status == "en_vigueur") && signed_on.second == soci::i_null) {
    invalid("signed_on", "a signed document needs its signature date");
  }
  long long id = 0;
  if (existing) {
    id = *existing;
    std::string old_status;
    soci::rowset<soci::row> rs =
        (ctx.sql_.prepare << "SELECT d.status FROM cooperation_document d WHERE d.id = :id AND " +
                                 document_visible(ctx),
         soci::use(id));
    auto found = false;
    for (auto const& r : rs) {
      old_status = as_text(r, 0).get<std::string>();
      found = true;
    }
    if (!found) {
      throw api_error{api_code::kNotFound, "no document " + std::to_string(id)};
    }
    if (!allowed_transition(old_status, status)) {
      invalid("status", "a document cannot go from '" + old_status + "' to '" + status + "'");
    }
    ctx.sql_ << "UPDATE cooperation_document SET type = :t, title = :ti, status = :s, commitments = :c, "
                "signed_on = :so, effective_on = :eo, ends_on = :en WHERE id = :id",
        soci::use(type), soci::use(title), soci::use(status), soci::use(commitments),
        soci::use(signed_on.first, signed_on.second), soci::use(effective_on.first, effective_on.second),
        soci::use(ends_on.first, ends_on.second), soci::use(id);
  } else {
    if (status != "brouillon" && status != "negociation" && status != "signe" && status != "en_vigueur") {
      invalid("status", "a new document starts as brouillon, negociation, signe or en_vigueur");
    }
    ctx.sql_ << "INSERT INTO cooperation_document (type, title, status, commitments, signed_on, effective_on, ends_on) "
                "VALUES (:t, :ti, :s, :c, :so, :eo, :en) RETURNING id",
        soci::use(type), soci::use(title), soci::use(status), soci::use(commitments),
        soci::use(signed_on.first, signed_on.second), soci::use(effective_on.first, effective_on.second),
        soci::use(ends_on.first, ends_on.second), soci::into(id);
  }
  replace_links(ctx.sql_, "document_party", "document_id", id, parties);
  audit(ctx, existing ? "update" : "create", "cooperation_document", id, {{"title", title}, {"status", status}});
  soci::rowset<soci::row> rs =
      (ctx.sql_.prepare << std::string{"SELECT "} + kDocumentColumns + " FROM cooperation_document d WHERE d.id = :id",
       soci::use(id));
  for (auto const& r : rs) {
    return reply(existing ? 200 : 201, document_json(ctx.sql_, r));
  }
  throw api_error{api_code::kInternal, "document vanished"};
}

day_t today() {
  return static_cast<day_t>(
      std::chrono::duration_cast<std::chrono::hours>(std::chrono::system_clock::now().time_since_epoch()).count() / 24);
}

json expiring_documents(request_context& ctx, long long days) {
  auto const from = format_date(today());
  auto const to = format_date(today() + static_cast<day_t>(days));
  json out = json::array();
  soci::rowset<soci::row> rs =
      (ctx.sql_.prepare << "SELECT d.id, d.title, d.type, d.ends_on FROM cooperation_document d WHERE d.ends_on >= :f "
                           "AND d.ends_on <= :t AND d.status IN ('signe', 'en_vigueur') AND " +
                               document_visible(ctx) + " ORDER BY d.ends_on, d.id",
       soci::use(from), soci::use(to));
  for (auto const& r : rs) {
    auto const ends = as_text(r, 3).get<std::string>();
    out.push_back({{"id", as_int(r, 0)},
                   {"title", as_text(r, 1)},
                   {"type", as_text(r, 2)},
                   {"ends_on", ends},
                   {"days_left", parse_date_time(ends + " 00:00")->day_ - today()}});
  }
  return out;
}

// ---- meetings ----

api_response list_meetings(request_context& ctx) {
  json out = json::array();
  soci::rowset<soci::row> rs = ctx.sql_.prepare
                               << "SELECT m.id, m.type, m.title, m.held_on, m.place FROM meeting m WHERE " +
                                      meeting_visible(ctx) + " ORDER BY m.held_on, m.id";
  for (auto const& r : rs) {
    out.push_back({{"id", as_int(r, 0)},
                   {"type", as_text(r, 1)},
                   {"title", as_text(r, 2)},
                   {"held_on", as_text(r, 3)},
                   {"place", as_text(r, 4)}});
  }
  return reply(200, out);
}

api_response create_meeting(request_context& ctx) {
  auto const& b = body_object(ctx);
  auto type = one_of(b, "type", {"cotech", "copil", "rencontre_annuelle", "executif_partenaire"});
  auto title = text(b, "title", true, 300);
  auto held_on = date(b, "held_on", true);
  auto place = text(b, "place", false, 300);
  auto participants = id_list(b, "participant_ids");
  check_organisations_exist(ctx.sql_, participants, "participant_ids");
  long long id = 0;
  ctx.sql_ << "INSERT INTO meeting (type, title, held_on, place) VALUES (:t, :ti, :h, :p) RETURNING id",
      soci::use(type), soci::use(title), soci::use(held_on.first), soci::use(place), soci::into(id);
  replace_links(ctx.sql_, "meeting_participant", "meeting_id", id, participants);
  audit(ctx, "create", "meeting", id, {{"title", title}});
  return reply(201, {{"id", id}, {"type", type}, {"title", title}, {"held_on", held_on.first}, {"place", place}});
}

json load_meeting(request_context& ctx, long long id) {
  soci::rowset<soci::row> rs =
      (ctx.sql_.prepare
           << "SELECT m.id, m.type, m.title, m.held_on, m.place, m.minutes FROM meeting m WHERE m.id = :id "
              "AND " +
                  meeting_visible(ctx),
       soci::use(id));
  json m;
  for (auto const& r : rs) {
    m = {{"id", as_int(r, 0)},       {"type", as_text(r, 1)},  {"title", as_text(r, 2)},
         {"held_on", as_text(r, 3)}, {"place", as_text(r, 4)}, {"minutes", as_text(r, 5)}};
  }
  if (m.is_null()) {
    throw api_error{api_code::kNotFound, "no meeting " + std::to_string(id)};
  }
  m["participant_ids"] = links(ctx.sql_, "meeting_participant", "meeting_id", id);
  json items = json::array(), decisions = json::array(), follow = json::array();
  soci::rowset<soci::row> ai =
      (ctx.sql_.prepare
           << "SELECT id, position, title, problem_statement, priority, stakes, action_id FROM agenda_item "
              "WHERE meeting_id = :id ORDER BY position, id",
       soci::use(id));
  for (auto const& r : ai) {
    items.push_back({{"id", as_int(r, 0)},
                     {"position", as_int(r, 1)},
                     {"title", as_text(r, 2)},
                     {"problem_statement", as_text(r, 3)},
                     {"priority", as_int(r, 4)},
                     {"stakes", as_text(r, 5)},
                     {"action_id", is_null(r, 6) ? json{} : json(as_int(r, 6))}});
  }
  soci::rowset<soci::row> de =
      (ctx.sql_.prepare << "SELECT id, text FROM decision WHERE meeting_id = :id ORDER BY id", soci::use(id));
  for (auto const& r : de) {
    decisions.push_back({{"id", as_int(r, 0)}, {"text", as_text(r, 1)}});
  }
  soci::rowset<soci::row> fu =
      (ctx.sql_.prepare
           << "SELECT id, text, owner, due_on, status FROM follow_up WHERE meeting_id = :id ORDER BY due_on, id",
       soci::use(id));
  for (auto const& r : fu) {
    follow.push_back({{"id", as_int(r, 0)},
                      {"text", as_text(r, 1)},
                      {"owner", as_text(r, 2)},
                      {"due_on", as_text(r, 3)},
                      {"status", as_text(r, 4)}});
  }
  m["agenda_items"] = items;
  m["decisions"] = decisions;
  m["follow_ups"] = follow;
  return m;
}

api_response add_agenda_item(request_context& ctx) {
  auto const meeting = ctx.param_id("id");
  load_meeting(ctx, meeting);
  auto const& b = body_object(ctx);
  auto title = text(b, "title", true, 300);
  auto problem = text(b, "problem_statement", false, 20000);
  auto stakes = text(b, "stakes", false, 20000);
  auto const priority = b.contains("priority") ? integer(b, "priority", 1, 3) : 2;
  long long position = 0;
  soci::indicator ind = soci::i_null;
  ctx.sql_ << "SELECT MAX(position) FROM agenda_item WHERE meeting_id = :m", soci::use(meeting),
      soci::into(position, ind);
  position = ind == soci::i_null ? 1 : position + 1;
  long long id = 0;
  ctx.sql_ << "INSERT INTO agenda_item (meeting_id, position, title, problem_statement, priority, stakes) "
              "VALUES (:m, :p, :t, :ps, :pr, :s) RETURNING id",
      soci::use(meeting), soci::use(position), soci::use(title), soci::use(problem), soci::use(priority),
      soci::use(stakes), soci::into(id);
  audit(ctx, "create", "agenda_item", id, {{"meeting_id", meeting}});
  return reply(201, {{"id", id}, {"position", position}, {"title", title}, {"priority", priority}});
}

api_response add_decision(request_context& ctx) {
  auto const meeting = ctx.param_id("id");
  load_meeting(ctx, meeting);
  auto t = text(body_object(ctx), "text", true, 20000);
  long long id = 0;
  ctx.sql_ << "INSERT INTO decision (meeting_id, text) VALUES (:m, :t) RETURNING id", soci::use(meeting), soci::use(t),
      soci::into(id);
  audit(ctx, "create", "decision", id, {{"meeting_id", meeting}});
  return reply(201, {{"id", id}, {"text", t}});
}

api_response add_follow_up(request_context& ctx) {
  auto const meeting = ctx.param_id("id");
  load_meeting(ctx, meeting);
  auto const& b = body_object(ctx);
  auto t = text(b, "text", true, 2000);
  auto owner = text(b, "owner", true, 200);
  auto due = date(b, "due_on", true);
  auto status = one_of(b, "status", {"a_faire", "en_cours", "fait"});
  long long id = 0;
  ctx.sql_
      << "INSERT INTO follow_up (meeting_id, text, owner, due_on, status) VALUES (:m, :t, :o, :d, :s) RETURNING id",
      soci::use(meeting), soci::use(t), soci::use(owner), soci::use(due.first), soci::use(status), soci::into(id);
  audit(ctx, "create", "follow_up", id, {{"meeting_id", meeting}});
  return reply(201, {{"id", id}, {"text", t}, {"owner", owner}, {"due_on", due.first}, {"status", status}});
}

// The meeting file (agenda with problem statements and stakes, decisions, follow-up) as Markdown,
// the source of the ODT / DOCX exports.
std::string meeting_markdown(json const& m) {
  std::ostringstream md;
  md << "# " << m["title"].get<std::string>() << "\n\n";
  md << "**Date :** " << m["held_on"].get<std::string>();
  if (!m["place"].get<std::string>().empty()) {
    md << " — **Lieu :** " << m["place"].get<std::string>();
  }
  md << "\n\n## Ordre du jour\n\n";
  for (auto const& i : m["agenda_items"]) {
    md << i["position"].get<long long>() << ". **" << i["title"].get<std::string>() << "** (priorité "
       << i["priority"].get<long long>() << ")\n";
    if (!i["problem_statement"].get<std::string>().empty()) {
      md << "   - Problématique : " << i["problem_statement"].get<std::string>() << "\n";
    }
    if (!i["stakes"].get<std::string>().empty()) {
      md << "   - Synthèse des enjeux : " << i["stakes"].get<std::string>() << "\n";
    }
  }
  if (!m["minutes"].get<std::string>().empty()) {
    md << "\n## Compte rendu\n\n" << m["minutes"].get<std::string>() << "\n";
  }
  md << "\n## Relevé de décisions\n\n";
  for (auto const& d : m["decisions"]) {
    md << "- " << d["text"].get<std::string>() << "\n";
  }
  md << "\n## Suivi\n\n| Action | Responsable | Échéance | État |\n|---|---|---|---|\n";
  for (auto const& f : m["follow_ups"]) {
    md << "| " << f["text"].get<std::string>() << " | " << f["owner"].get<std::string>() << " | "
       << f["due_on"].get<std::string>() << " | " << f["status"].get<std::string>() << " |\n";
  }
  return md.str();
}

api_response export_meeting(request_context& ctx) {
  auto const m = load_meeting(ctx, ctx.param_id("id"));
  auto const format = ctx.query("format").value_or("md");
  api_response r;
  if (format == "md") {
    r.content_type_ = "text/markdown; charset=utf-8";
    r.raw_ = meeting_markdown(m);
    return r;
  }
  if (format != "docx" && format != "odt" && format != "pdf") {
    invalid("format", "md, docx, odt or pdf");
  }
  // pandoc turns the Markdown into a word-processing file; a temporary folder keeps requests apart.
  auto const dir = std::filesystem::temp_directory_path() / ("solimob-meeting-" + io::unique_suffix());
  std::filesystem::create_directories(dir);
  try {
    auto const in = dir / "reunion.md";
    auto const out = dir / ("reunion." + format);
    io::write_atomically(in, [&](std::ostream& o) { o << meeting_markdown(m); });
    // Paths are ours (a fresh temporary folder), never user text: safe to quote in a command line.
    auto const run = [](std::string const& cmd, std::filesystem::path const& produced, char const* tool) {
      if (std::system((cmd + " >/dev/null 2>&1").c_str()) != 0 || !std::filesystem::exists(produced)) {
        throw api_error{api_code::kInternal, std::string{tool} + " could not produce the file (is it installed?)"};
      }
    };
    if (format == "pdf") {
      // PDF without a LaTeX installation: pandoc writes HTML, headless Chromium prints it.
      auto const html = dir / "reunion.html";
      run("pandoc --standalone --from markdown --to html --metadata title='Dossier de séance' -o '" + html.string() +
              "' '" + in.string() + "'",
          html, "pandoc");
      auto const* chromium = std::getenv("SOLIMOB_CHROMIUM");
      run(std::string{chromium != nullptr ? chromium : "/usr/bin/chromium"} +
              " --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking "
              "--disable-component-update --disable-sync --user-data-dir='" +
              (dir / "profile").string() + "' --no-pdf-header-footer --print-to-pdf='" + out.string() + "' 'file://" +
              html.string() + "'",
          out, "chromium");
    } else {
      run("pandoc --from markdown --to " + format + " -o '" + out.string() + "' '" + in.string() + "'", out, "pandoc");
    }
    r.raw_ = io::read_file(out);
  } catch (...) {
    std::filesystem::remove_all(dir);
    throw;
  }
  std::filesystem::remove_all(dir);
  r.content_type_ = format == "docx"  ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                    : format == "odt" ? "application/vnd.oasis.opendocument.text"
                                      : "application/pdf";
  r.headers_.emplace_back("Content-Disposition", "attachment; filename=\"reunion-" +
                                                     std::to_string(m["id"].get<long long>()) + "." + format + "\"");
  return r;
}

// ---- development sectors ----

void check_polygon(json const& g, std::string const& field) {
  if (!g.is_object() || !g.contains("type") || !g.contains("coordinates") ||
      (g["type"] != "Polygon" && g["type"] != "MultiPolygon")) {
    invalid(field, "expected a GeoJSON Polygon or MultiPolygon geometry");
  }
  // Every position must be lon/lat: a projected file (Lambert-93) is refused, not guessed.
  std::function<void(json const&)> walk = [&](json const& c) {
    if (c.is_array() && c.size() >= 2 && c[0].is_number() && c[1].is_number()) {
      auto const lon = c[0].get<double>(), lat = c[1].get<double>();
      if (!is_valid_wgs84(lat, lon)) {
        invalid(field, "coordinates must be WGS84 longitude/latitude (got " + std::to_string(lon) + ", " +
                           std::to_string(lat) + ")");
      }
      return;
    }
    if (!c.is_array()) {
      invalid(field, "malformed coordinates");
    }
    for (auto const& x : c) {
      walk(x);
    }
  };
  walk(g["coordinates"]);
}

api_response list_sectors(request_context& ctx) {
  json features = json::array();
  soci::rowset<soci::row> rs = ctx.sql_.prepare << "SELECT id, name, description, geometry FROM sector ORDER BY id";
  for (auto const& r : rs) {
    features.push_back({{"type", "Feature"},
                        {"id", as_int(r, 0)},
                        {"properties", {{"id", as_int(r, 0)}, {"name", as_text(r, 1)}, {"description", as_text(r, 2)}}},
                        {"geometry", json::parse(as_text(r, 3).get<std::string>())}});
  }
  return reply(200, {{"type", "FeatureCollection"}, {"features", features}});
}

api_response import_sectors(request_context& ctx) {
  auto const& b = body_object(ctx);
  std::vector<json> features;
  if (b.value("type", "") == "FeatureCollection" && b.contains("features") && b["features"].is_array()) {
    features.assign(b["features"].begin(), b["features"].end());
  } else if (b.value("type", "") == "Feature") {
    features.push_back(b);
  } else {
    invalid("type", "expected a GeoJSON Feature or FeatureCollection");
  }
  if (features.empty()) {
    invalid("features", "no sector in the file");
  }
  auto n = 0;
  for (auto i = 0U; i != features.size(); ++i) {
    auto const& f = features[i];
    auto const field = "features[" + std::to_string(i) + "]";
    if (!f.is_object() || !f.contains("geometry")) {
      invalid(field, "not a GeoJSON Feature");
    }
    check_polygon(f["geometry"], field + ".geometry");
    json const props = f.contains("properties") && f["properties"].is_object() ? f["properties"] : json::object();
    auto name = props.contains("name") && props["name"].is_string() ? props["name"].get<std::string>()
                : props.contains("nom") && props["nom"].is_string() ? props["nom"].get<std::string>()
                                                                    : "Secteur " + std::to_string(i + 1);
    auto description = props.contains("description") && props["description"].is_string()
                           ? props["description"].get<std::string>()
                           : std::string{};
    auto geometry = f["geometry"].dump();
    long long id = 0;
    ctx.sql_ << "INSERT INTO sector (name, description, geometry) VALUES (:n, :d, :g) RETURNING id", soci::use(name),
        soci::use(description), soci::use(geometry), soci::into(id);
    audit(ctx, "create", "sector", id, {{"name", name}});
    ++n;
  }
  return reply(201, {{"created", n}});
}

api_response delete_sector(request_context& ctx) {
  auto const id = ctx.param_id("id");
  long long n = 0;
  ctx.sql_ << "SELECT COUNT(*) FROM sector WHERE id = :id", soci::use(id), soci::into(n);
  if (n == 0) {
    throw api_error{api_code::kNotFound, "no sector " + std::to_string(id)};
  }
  ctx.sql_ << "DELETE FROM sector WHERE id = :id", soci::use(id);
  audit(ctx, "delete", "sector", id);
  return reply(204, nullptr);
}

// ---- the plan's texts, indicators, evaluations, contacts ----

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

json section_json(soci::row const& r) {
  return {{"id", as_int(r, 0)},
          {"kind", as_text(r, 1)},
          {"title", as_text(r, 2)},
          {"body", as_text(r, 3)},
          {"position", as_int(r, 4)}};
}

api_response list_sections(request_context& ctx) {
  json out = json::array();
  soci::rowset<soci::row> rs = ctx.sql_.prepare << "SELECT id, kind, title, body, position FROM plan_section ORDER BY "
                                                   "CASE kind WHEN 'diagnostic' THEN 1 WHEN 'doctrine' THEN 2 "
                                                   "WHEN 'objectifs' THEN 3 ELSE 4 END, position, id";
  for (auto const& r : rs) {
    out.push_back(section_json(r));
  }
  return reply(200, out);
}

api_response save_section(request_context& ctx, std::optional<long long> existing) {
  auto const& b = body_object(ctx);
  auto kind = one_of(b, "kind", {"diagnostic", "doctrine", "objectifs", "preconisations"});
  auto title = text(b, "title", true, 300);
  auto body = text(b, "body", false, 200000);
  long long id = 0;
  if (existing) {
    id = *existing;
    long long n = 0;
    ctx.sql_ << "SELECT COUNT(*) FROM plan_section WHERE id = :id", soci::use(id), soci::into(n);
    if (n == 0) {
      throw api_error{api_code::kNotFound, "no plan section " + std::to_string(id)};
    }
    ctx.sql_ << "UPDATE plan_section SET kind = :k, title = :t, body = :b WHERE id = :id", soci::use(kind),
        soci::use(title), soci::use(body), soci::use(id);
  } else {
    long long position = 0;
    soci::indicator ind = soci::i_null;
    ctx.sql_ << "SELECT MAX(position) FROM plan_section WHERE kind = :k", soci::use(kind), soci::into(position, ind);
    position = ind == soci::i_null ? 1 : position + 1;
    ctx.sql_ << "INSERT INTO plan_section (kind, title, body, position) VALUES (:k, :t, :b, :p) RETURNING id",
        soci::use(kind), soci::use(title), soci::use(body), soci::use(position), soci::into(id);
  }
  audit(ctx, existing ? "update" : "create", "plan_section", id, {{"title", title}});
  soci::rowset<soci::row> rs =
      (ctx.sql_.prepare << "SELECT id, kind, title, body, position FROM plan_section WHERE id = :id", soci::use(id));
  for (auto const& r : rs) {
    return reply(existing ? 200 : 201, section_json(r));
  }
  throw api_error{api_code::kInternal, "plan section vanished"};
}

api_response list_indicators(request_context& ctx) {
  std::map<long long, json> values;
  soci::rowset<soci::row> vs = ctx.sql_.prepare << "SELECT indicator_id, id, measured_on, value FROM indicator_value "
                                                   "ORDER BY indicator_id, measured_on, id";
  for (auto const& r : vs) {
    auto& v = values[as_int(r, 0)];
    if (v.is_null()) {
      v = json::array();
    }
    v.push_back({{"id", as_int(r, 1)}, {"measured_on", as_text(r, 2)}, {"value", as_real(r, 3)}});
  }
  json out = json::array();
  soci::rowset<soci::row> rs = ctx.sql_.prepare << "SELECT id, objective_id, name, definition, unit, baseline, target "
                                                   "FROM indicator ORDER BY id";
  for (auto const& r : rs) {
    auto const id = as_int(r, 0);
    out.push_back({{"id", id},
                   {"objective_id", is_null(r, 1) ? json{} : json(as_int(r, 1))},
                   {"name", as_text(r, 2)},
                   {"definition", as_text(r, 3)},
                   {"unit", as_text(r, 4)},
                   {"baseline", real_or_null(r, 5)},
                   {"target", real_or_null(r, 6)},
                   {"values", values.contains(id) ? values[id] : json::array()}});
  }
  return reply(200, out);
}

api_response create_indicator(request_context& ctx) {
  auto const& b = body_object(ctx);
  auto name = text(b, "name", true, 300);
  auto definition = text(b, "definition", false, 5000);
  auto unit = text(b, "unit", false, 50);
  auto baseline = optional_real(b, "baseline");
  auto target = optional_real(b, "target");
  long long objective = 0;
  auto objective_ind = soci::i_null;
  if (b.contains("objective_id") && !b["objective_id"].is_null()) {
    objective = integer(b, "objective_id", 1, INT64_MAX);
    objective_ind = soci::i_ok;
    long long n = 0;
    ctx.sql_ << "SELECT COUNT(*) FROM objective WHERE id = :id", soci::use(objective), soci::into(n);
    if (n == 0) {
      invalid("objective_id", "unknown objective");
    }
  }
  long long id = 0;
  ctx.sql_ << "INSERT INTO indicator (objective_id, name, definition, unit, baseline, target) "
              "VALUES (:o, :n, :d, :u, :b, :t) RETURNING id",
      soci::use(objective, objective_ind), soci::use(name), soci::use(definition), soci::use(unit),
      soci::use(baseline.first, baseline.second), soci::use(target.first, target.second), soci::into(id);
  audit(ctx, "create", "indicator", id, {{"name", name}});
  return reply(201, {{"id", id},
                     {"objective_id", objective_ind == soci::i_ok ? json(objective) : json{}},
                     {"name", name},
                     {"definition", definition},
                     {"unit", unit},
                     {"baseline", baseline.second == soci::i_ok ? json(baseline.first) : json{}},
                     {"target", target.second == soci::i_ok ? json(target.first) : json{}},
                     {"values", json::array()}});
}

api_response add_indicator_value(request_context& ctx) {
  auto const indicator = ctx.param_id("id");
  long long n = 0;
  ctx.sql_ << "SELECT COUNT(*) FROM indicator WHERE id = :id", soci::use(indicator), soci::into(n);
  if (n == 0) {
    throw api_error{api_code::kNotFound, "no indicator " + std::to_string(indicator)};
  }
  auto const& b = body_object(ctx);
  auto measured_on = date(b, "measured_on", true);
  auto const value = optional_real(b, "value");
  if (value.second == soci::i_null) {
    invalid("value", "required");
  }
  long long id = 0;
  ctx.sql_ << "INSERT INTO indicator_value (indicator_id, measured_on, value) VALUES (:i, :m, :v) RETURNING id",
      soci::use(indicator), soci::use(measured_on.first), soci::use(value.first), soci::into(id);
  audit(ctx, "create", "indicator_value", id, {{"indicator_id", indicator}, {"value", value.first}});
  return reply(201, {{"id", id}, {"measured_on", measured_on.first}, {"value", value.first}});
}

json evaluation_json(soci::row const& r) {
  auto const beneficiaries = as_int(r, 6);
  auto const cost = as_real(r, 7);
  return {{"id", as_int(r, 0)},
          {"action_id", is_null(r, 1) ? json{} : json(as_int(r, 1))},
          {"title", as_text(r, 2)},
          {"description", as_text(r, 3)},
          {"period_start", as_text(r, 4)},
          {"period_end", as_text(r, 5)},
          {"beneficiaries", beneficiaries},
          {"cost", cost},
          {"cost_per_beneficiary", beneficiaries > 0 ? json(cost / static_cast<double>(beneficiaries)) : json{}},
          {"indicator_label", as_text(r, 8)},
          {"value_before", real_or_null(r, 9)},
          {"value_after", real_or_null(r, 10)}};
}

constexpr char const* kEvaluationColumns =
    "id, action_id, title, description, period_start, period_end, beneficiaries, cost, indicator_label, value_before, "
    "value_after";

api_response list_evaluations(request_context& ctx) {
  json out = json::array();
  soci::rowset<soci::row> rs = ctx.sql_.prepare
                               << std::string{"SELECT "} + kEvaluationColumns + " FROM evaluation ORDER BY id";
  for (auto const& r : rs) {
    out.push_back(evaluation_json(r));
  }
  return reply(200, out);
}

api_response create_evaluation(request_context& ctx) {
  auto const& b = body_object(ctx);
  auto title = text(b, "title", true, 300);
  auto description = text(b, "description", false, 20000);
  auto start = date(b, "period_start");
  auto end_date = date(b, "period_end");
  if (start.second == soci::i_ok && end_date.second == soci::i_ok && end_date.first < start.first) {
    invalid("period_end", "the end comes before the start");
  }
  auto const beneficiaries = b.contains("beneficiaries") ? integer(b, "beneficiaries", 0, 100000000) : 0;
  auto const cost = amount(b, "cost");
  auto label = text(b, "indicator_label", false, 300);
  auto before = optional_real(b, "value_before");
  auto after = optional_real(b, "value_after");
  long long action = 0;
  auto action_ind = soci::i_null;
  if (b.contains("action_id") && !b["action_id"].is_null()) {
    action = integer(b, "action_id", 1, INT64_MAX);
    action_ind = soci::i_ok;
    load_action(ctx, action);
  }
  long long id = 0;
  ctx.sql_ << "INSERT INTO evaluation (action_id, title, description, period_start, period_end, beneficiaries, cost, "
              "indicator_label, value_before, value_after) VALUES (:a, :t, :d, :ps, :pe, :b, :c, :l, :vb, :va) "
              "RETURNING id",
      soci::use(action, action_ind), soci::use(title), soci::use(description), soci::use(start.first, start.second),
      soci::use(end_date.first, end_date.second), soci::use(beneficiaries), soci::use(cost), soci::use(label),
      soci::use(before.first, before.second), soci::use(after.first, after.second), soci::into(id);
  audit(ctx, "create", "evaluation", id, {{"title", title}});
  soci::rowset<soci::row> rs =
      (ctx.sql_.prepare << std::string{"SELECT "} + kEvaluationColumns + " FROM evaluation WHERE id = :id",
       soci::use(id));
  for (auto const& r : rs) {
    return reply(201, evaluation_json(r));
  }
  throw api_error{api_code::kInternal, "evaluation vanished"};
}

void check_organisation_visible(request_context& ctx, long long org) {
  long long n = 0;
  ctx.sql_ << "SELECT COUNT(*) FROM organisation WHERE id = :id", soci::use(org), soci::into(n);
  if (n == 0 || (is_partner(ctx) && org != partner_org(ctx))) {
    throw api_error{api_code::kNotFound, "no organisation " + std::to_string(org)};
  }
}

api_response list_contacts(request_context& ctx) {
  auto const org = ctx.param_id("id");
  check_organisation_visible(ctx, org);
  json out = json::array();
  soci::rowset<soci::row> rs =
      (ctx.sql_.prepare << "SELECT id, name, role, email, phone, purpose FROM contact WHERE organisation_id = :o "
                           "ORDER BY name, id",
       soci::use(org));
  for (auto const& r : rs) {
    out.push_back({{"id", as_int(r, 0)},
                   {"name", as_text(r, 1)},
                   {"role", as_text(r, 2)},
                   {"email", as_text(r, 3)},
                   {"phone", as_text(r, 4)},
                   {"purpose", as_text(r, 5)}});
  }
  return reply(200, out);
}

api_response create_contact(request_context& ctx) {
  auto const org = ctx.param_id("id");
  check_organisation_visible(ctx, org);
  auto const& b = body_object(ctx);
  auto name = text(b, "name", true, 200);
  auto role_text = text(b, "role", false, 200);
  auto email = text(b, "email", false, 200);
  auto phone = text(b, "phone", false, 50);
  auto purpose = text(b, "purpose", true, 500);
  if (!email.empty() && (email.find('@') == std::string::npos || email.find(' ') != std::string::npos)) {
    invalid("email", "not an e-mail address");
  }
  long long id = 0;
  ctx.sql_ << "INSERT INTO contact (organisation_id, name, role, email, phone, purpose) "
              "VALUES (:o, :n, :r, :e, :p, :pu) RETURNING id",
      soci::use(org), soci::use(name), soci::use(role_text), soci::use(email), soci::use(phone), soci::use(purpose),
      soci::into(id);
  audit(ctx, "create", "contact", id, {{"organisation_id", org}});
  return reply(
      201, {{"id", id}, {"name", name}, {"role", role_text}, {"email", email}, {"phone", phone}, {"purpose", purpose}});
}

// ---- projects of the development sectors ----

api_response list_sector_projects(request_context& ctx) {
  auto const sector = ctx.param_id("id");
  json out = json::array();
  soci::rowset<soci::row> rs =
      (ctx.sql_.prepare << "SELECT id, title, direction, partner_id, horizon, status FROM sector_project "
                           "WHERE sector_id = :s ORDER BY id",
       soci::use(sector));
  for (auto const& r : rs) {
    out.push_back({{"id", as_int(r, 0)},
                   {"title", as_text(r, 1)},
                   {"direction", as_text(r, 2)},
                   {"partner_id", is_null(r, 3) ? json{} : json(as_int(r, 3))},
                   {"horizon", as_text(r, 4)},
                   {"status", as_text(r, 5)}});
  }
  return reply(200, out);
}

api_response create_sector_project(request_context& ctx) {
  auto const sector = ctx.param_id("id");
  long long n = 0;
  ctx.sql_ << "SELECT COUNT(*) FROM sector WHERE id = :id", soci::use(sector), soci::into(n);
  if (n == 0) {
    throw api_error{api_code::kNotFound, "no sector " + std::to_string(sector)};
  }
  auto const& b = body_object(ctx);
  auto title = text(b, "title", true, 300);
  auto direction = text(b, "direction", false, 200);
  auto horizon = text(b, "horizon", false, 50);
  auto status = one_of(b, "status", {"idee", "etude", "programme", "en_cours", "livre"});
  long long partner = 0;
  auto partner_ind = soci::i_null;
  if (b.contains("partner_id") && !b["partner_id"].is_null()) {
    partner = integer(b, "partner_id", 1, INT64_MAX);
    partner_ind = soci::i_ok;
    check_organisations_exist(ctx.sql_, {partner}, "partner_id");
  }
  long long id = 0;
  ctx.sql_ << "INSERT INTO sector_project (sector_id, title, direction, partner_id, horizon, status) "
              "VALUES (:s, :t, :d, :p, :h, :st) RETURNING id",
      soci::use(sector), soci::use(title), soci::use(direction), soci::use(partner, partner_ind), soci::use(horizon),
      soci::use(status), soci::into(id);
  audit(ctx, "create", "sector_project", id, {{"sector_id", sector}, {"title", title}});
  return reply(201, {{"id", id},
                     {"title", title},
                     {"direction", direction},
                     {"partner_id", partner_ind == soci::i_ok ? json(partner) : json{}},
                     {"horizon", horizon},
                     {"status", status}});
}

// ---- files attached to cooperation documents ----

constexpr std::size_t kMaxFileBytes = 700 * 1024;  // base64 of it fits the 1 MiB request limit

void check_document_visible(request_context& ctx, long long id) {
  soci::rowset<soci::row> rs =
      (ctx.sql_.prepare << "SELECT d.id FROM cooperation_document d WHERE d.id = :id AND " + document_visible(ctx),
       soci::use(id));
  if (rs.begin() == rs.end()) {
    throw api_error{api_code::kNotFound, "no document " + std::to_string(id)};
  }
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

api_response list_document_files(request_context& ctx) {
  auto const doc = ctx.param_id("id");
  check_document_visible(ctx, doc);
  json out = json::array();
  soci::rowset<soci::row> rs =
      (ctx.sql_.prepare << "SELECT id, name, content_type, size, uploaded_at FROM document_file WHERE document_id = :d "
                           "ORDER BY id",
       soci::use(doc));
  for (auto const& r : rs) {
    out.push_back({{"id", as_int(r, 0)},
                   {"name", as_text(r, 1)},
                   {"content_type", as_text(r, 2)},
                   {"size", as_int(r, 3)},
                   {"uploaded_at", as_text(r, 4)}});
  }
  return reply(200, out);
}

api_response attach_document_file(request_context& ctx) {
  auto const doc = ctx.param_id("id");
  check_document_visible(ctx, doc);
  auto const& b = body_object(ctx);
  auto name = text(b, "name", true, 200);
  if (name.find_first_of("/\\") != std::string::npos || name.starts_with(".")) {
    invalid("name", "a file name, without folders");
  }
  auto content_type = text(b, "content_type", true, 100);
  auto content = text(b, "content_base64", true, 2 * 1024 * 1024);
  auto const size = static_cast<long long>(decode_base64(content, "content_base64").size());
  if (static_cast<std::size_t>(size) > kMaxFileBytes) {
    invalid("content_base64", "file too large (at most 700 KiB)");
  }
  auto const now = store::utc_now();
  long long id = 0;
  ctx.sql_ << "INSERT INTO document_file (document_id, name, content_type, size, content_base64, uploaded_at) "
              "VALUES (:d, :n, :t, :s, :c, :u) RETURNING id",
      soci::use(doc), soci::use(name), soci::use(content_type), soci::use(size), soci::use(content), soci::use(now),
      soci::into(id);
  audit(ctx, "create", "document_file", id, {{"document_id", doc}, {"name", name}, {"size", size}});
  return reply(201, {{"id", id}, {"name", name}, {"content_type", content_type}, {"size", size}, {"uploaded_at", now}});
}

api_response download_document_file(request_context& ctx) {
  auto const id = ctx.param_id("id");
  long long doc = 0;
  std::string name, content_type, content;
  ctx.sql_ << "SELECT document_id, name, content_type, content_base64 FROM document_file WHERE id = :id", soci::use(id),
      soci::into(doc), soci::into(name), soci::into(content_type), soci::into(content);
  if (!ctx.sql_.got_data()) {
    throw api_error{api_code::kNotFound, "no file " + std::to_string(id)};
  }
  check_document_visible(ctx, doc);
  api_response r;
  r.raw_ = decode_base64(content, "content_base64");
  // Served as a download, never rendered: an uploaded HTML file cannot run in the application's origin.
  r.content_type_ = "application/octet-stream";
  std::string safe;
  for (auto const c : name) {
    safe += (c == '"' || c < 0x20) ? '_' : c;
  }
  r.headers_.emplace_back("Content-Disposition", "attachment; filename=\"" + safe + "\"");
  return r;
}

// ---- the home dashboard ----

json budget_execution(request_context& ctx) {
  json execution = json::array();
  soci::rowset<soci::row> rs = ctx.sql_.prepare << "SELECT b.year, SUM(b.planned), SUM(b.voted), SUM(b.spent) FROM "
                                                   "budget_line b JOIN action a ON a.id = b.action_id WHERE " +
                                                       action_visible(ctx) + " GROUP BY b.year ORDER BY b.year";
  for (auto const& r : rs) {
    execution.push_back(
        {{"year", as_int(r, 0)}, {"planned", as_real(r, 1)}, {"voted", as_real(r, 2)}, {"spent", as_real(r, 3)}});
  }
  return execution;
}

api_response dashboard(request_context& ctx) {
  auto const execution = cache().get("execution/" + visibility_key(ctx), [&] { return budget_execution(ctx); });
  auto const now = format_date(today());
  json overdue = json::array(), upcoming = json::array();
  soci::rowset<soci::row> fu =
      (ctx.sql_.prepare << "SELECT f.id, m.id, m.title, f.text, f.owner, f.due_on FROM follow_up f JOIN meeting m ON "
                           "m.id = f.meeting_id WHERE f.status <> 'fait' AND f.due_on < :now AND " +
                               meeting_visible(ctx) + " ORDER BY f.due_on, f.id",
       soci::use(now));
  for (auto const& r : fu) {
    overdue.push_back({{"id", as_int(r, 0)},
                       {"meeting_id", as_int(r, 1)},
                       {"meeting_title", as_text(r, 2)},
                       {"text", as_text(r, 3)},
                       {"owner", as_text(r, 4)},
                       {"due_on", as_text(r, 5)}});
  }
  soci::rowset<soci::row> me =
      (ctx.sql_.prepare << "SELECT m.id, m.title, m.type, m.held_on FROM meeting m WHERE m.held_on >= :now AND " +
                               meeting_visible(ctx) + " ORDER BY m.held_on, m.id LIMIT 10",
       soci::use(now));
  for (auto const& r : me) {
    upcoming.push_back(
        {{"id", as_int(r, 0)}, {"title", as_text(r, 1)}, {"type", as_text(r, 2)}, {"held_on", as_text(r, 3)}});
  }
  auto const days = query_int(ctx, "days", 90, 1, 3650);
  return {200,
          {{"expiring_documents", expiring_documents(ctx, days)},
           {"budget_execution", execution},
           {"overdue_follow_ups", overdue},
           {"upcoming_meetings", upcoming}}};
}

}  // namespace

void add_plan_routes(http_server& server) {
  // Every change drops the cached aggregates.
  struct routes {
    http_server& s_;
    void route(std::string const& method, std::string const& pattern, handler h) {
      if (method == "GET") {
        s_.route(method, pattern, std::move(h));
        return;
      }
      s_.route(method, pattern, [h = std::move(h)](request_context& ctx) {
        cache().invalidate();
        return h(ctx);
      });
    }
  } s{server};
  s.route("GET", "/api/organisations", list_organisations);
  s.route("POST", "/api/organisations", create_organisation);
  s.route("GET", "/api/objectives", list_objectives);
  s.route("POST", "/api/objectives", create_objective);
  s.route("GET", "/api/actions", list_actions);
  s.route("POST", "/api/actions", create_action);
  s.route("GET", "/api/actions/:id", get_action);
  s.route("PUT", "/api/actions/:id", update_action);
  s.route("DELETE", "/api/actions/:id", delete_action);
  s.route("POST", "/api/actions/:id/budget-lines", create_line);
  s.route("PUT", "/api/budget-lines/:id", update_line);
  s.route("DELETE", "/api/budget-lines/:id", delete_line);
  s.route("GET", "/api/budget-annex", budget_annex_json);
  s.route("GET", "/api/budget-annex.xlsx", budget_annex_xlsx);
  s.route("GET", "/api/documents", list_documents);
  s.route("POST", "/api/documents", [](request_context& ctx) { return save_document(ctx, std::nullopt); });
  s.route("PUT", "/api/documents/:id", [](request_context& ctx) { return save_document(ctx, ctx.param_id("id")); });
  s.route("GET", "/api/documents/expiring", [](request_context& ctx) {
    return reply(200, expiring_documents(ctx, query_int(ctx, "days", 90, 1, 3650)));
  });
  s.route("GET", "/api/meetings", list_meetings);
  s.route("POST", "/api/meetings", create_meeting);
  s.route("GET", "/api/meetings/:id",
          [](request_context& ctx) { return reply(200, load_meeting(ctx, ctx.param_id("id"))); });
  s.route("POST", "/api/meetings/:id/agenda-items", add_agenda_item);
  s.route("POST", "/api/meetings/:id/decisions", add_decision);
  s.route("POST", "/api/meetings/:id/follow-ups", add_follow_up);
  s.route("GET", "/api/meetings/:id/export", export_meeting);
  s.route("GET", "/api/sectors", list_sectors);
  s.route("POST", "/api/sectors", import_sectors);
  s.route("DELETE", "/api/sectors/:id", delete_sector);
  s.route("GET", "/api/sectors/:id/projects", list_sector_projects);
  s.route("POST", "/api/sectors/:id/projects", create_sector_project);
  s.route("GET", "/api/documents/:id/files", list_document_files);
  s.route("POST", "/api/documents/:id/files", attach_document_file);
  s.route("GET", "/api/document-files/:id", download_document_file);
  s.route("GET", "/api/dashboard", dashboard);
  s.route("GET", "/api/plan-sections", list_sections);
  s.route("POST", "/api/plan-sections", [](request_context& ctx) { return save_section(ctx, std::nullopt); });
  s.route("PUT", "/api/plan-sections/:id", [](request_context& ctx) { return save_section(ctx, ctx.param_id("id")); });
  s.route("GET", "/api/indicators", list_indicators);
  s.route("POST", "/api/indicators", create_indicator);
  s.route("POST", "/api/indicators/:id/values", add_indicator_value);
  s.route("GET", "/api/evaluations", list_evaluations);
  s.route("POST", "/api/evaluations", create_evaluation);
  s.route("GET", "/api/organisations/:id/contacts", list_contacts);
  s.route("POST", "/api/organisations/:id/contacts", create_contact);
}

}  // namespace solimob::server
