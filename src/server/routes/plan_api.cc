// The plan: actions and budget lines, the budget annex, indicators (objectives, plan sections and
// evaluations are described in server/records/workspace.cc and served by record_routes.cc).
#include <soci/soci.h>

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "plan/budget_annex.h"
#include "server/routes/document_export.h"
#include "server/routes/support.h"
#include "store/audit.h"
#include "store/database.h"

namespace solimob::server::routes {

namespace {

// invalid_input on `field` unless the loaded territory lists `value` under list[].key (no territory
// loaded: not checked, the names are checked again when an analysis runs).
void check_territory_choice(json const& territory, char const* list, char const* key, std::string const& value,
                            std::string const& field) {
  if (territory.is_null() || !territory.contains(list)) {
    return;
  }
  std::string known;
  for (auto const& e : territory[list]) {
    if (e.value(key, "") == value) {
      return;
    }
    known += (known.empty() ? "" : ", ") + e.value(key, "");
  }
  invalid(field, "unknown in the territory: '" + value + "' (known: " + known + ")");
}

// An optional string of `b` (absent or null: nullopt), at most max_len bytes.
std::optional<std::string> optional_text(json const& b, std::string const& field, std::size_t max_len) {
  if (!b.contains(field) || b[field].is_null()) {
    return std::nullopt;
  }
  if (!b[field].is_string() || b[field].get<std::string>().size() > max_len) {
    invalid(field, "a text of at most " + std::to_string(max_len) + " characters, or null");
  }
  return b[field].get<std::string>();
}

// ---- actions and budget lines ----

constexpr char const* kActionColumns =
    "a.id, a.title, a.objective_id, a.owner_direction, a.status, a.publics, a.territory, a.start_date, a.end_date, "
    "a.scenario";

// An action's own columns (kActionColumns); its partner_ids are added by the caller.
json action_json(soci::row const& r) {
  return {{"id", as_int(r, 0)},
          {"title", as_text(r, 1)},
          {"objective_id", is_null(r, 2) ? json{} : json(as_int(r, 2))},
          {"owner_direction", as_text(r, 3)},
          {"status", as_text(r, 4)},
          {"publics", as_text(r, 5)},
          {"territory", as_text(r, 6)},
          {"start_date", as_text(r, 7)},
          {"end_date", as_text(r, 8)},
          {"scenario", as_text(r, 9)}};
}

json load_action(request_context& ctx, long long id) {
  soci::rowset<soci::row> rs =
      (ctx.sql_.prepare << std::string{"SELECT "} + kActionColumns + " FROM action a WHERE a.id = :id AND " +
                               visible(ctx, records::kAction, "a"),
       soci::use(id));
  for (auto const& r : rs) {
    auto a = action_json(r);
    a["partner_ids"] = visible_organisations(ctx, links(ctx.sql_, "action_partner", "action_id", id));
    return a;
  }
  throw api_error{error_kind::kNotFound, "no action " + std::to_string(id)};
}

// Actions whose title contains `q`, case-insensitively: the condition on `a` and its :q value.
struct search_condition {
  std::string condition_, value_;
};

search_condition title_search(request_context const& ctx, std::string const& q) {
  auto const characters = std::count_if(begin(q), end(q), [](unsigned char c) { return (c & 0xC0) != 0x80; });
  if (ctx.db_.dialect() == store::dialect::kPostgresql) {
    return {"STRPOS(LOWER(a.title), LOWER(:q)) > 0", q};
  }
  if (characters < 3) {  // shorter than one trigram: the index cannot help
    return {"INSTR(LOWER(a.title), LOWER(:q)) > 0", q};
  }
  // An FTS5 phrase of the trigrams of q matches exactly the titles containing q.
  std::string phrase = "\"";
  for (auto const c : q) {
    phrase += c == '"' ? std::string{"\"\""} : std::string(1, c);
  }
  phrase += '"';
  return {"a.id IN (SELECT rowid FROM action_search WHERE action_search MATCH :q)", phrase};
}

api_response list_actions(request_context& ctx) {
  auto const limit = query_int(ctx, "limit", 50, 1, 500);
  auto const offset = query_int(ctx, "offset", 0, 0, INT32_MAX);
  std::string where = " WHERE " + visible(ctx, records::kAction, "a");
  auto status = ctx.query("status").value_or("");
  auto const q = ctx.query("q").value_or("");
  auto const search = title_search(ctx, q);
  if (!status.empty()) {
    where += " AND a.status = :status";
  }
  if (!q.empty()) {
    where += " AND " + search.condition_;
  }
  auto const bind = [&](auto& statement) {
    if (!status.empty()) {
      statement, soci::use(status, "status");
    }
    if (!q.empty()) {
      statement, soci::use(search.value_, "q");
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
      ids.push_back(as_int(r, 0));
      rows.push_back(action_json(r));
    }
    // One query for the partners of the whole page, not one per action.
    auto partners = links_of(ctx.sql_, "action_partner", "action_id", ids);
    for (auto& j : rows) {
      j["partner_ids"] = visible_organisations(ctx, std::move(partners[j["id"].get<long long>()]));
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
  std::string scenario_;  // a scenario id of the territory, when scenario_ind_ is i_ok
  soci::indicator scenario_ind_{soci::i_null};
};

action_input read_action(request_context& ctx) {
  auto const& b = body_object(ctx);
  action_input in;
  in.title_ = text(b, "title", true, 300);
  in.owner_direction_ = text(b, "owner_direction", true, 200);
  in.status_ = one_of(b, "status", records::kActionStatuses);
  in.publics_ = text(b, "publics", false, 500);
  in.territory_ = text(b, "territory", false, 500);
  std::tie(in.objective_id_, in.objective_ind_) = optional_reference(ctx.sql_, b, "objective_id", "objective");
  in.start_ = date(b, "start_date");
  in.end_ = date(b, "end_date");
  if (in.start_.second == soci::i_ok && in.end_.second == soci::i_ok && in.end_.first < in.start_.first) {
    invalid("end_date", "the end comes before the start");
  }
  in.partners_ = id_list(b, "partner_ids");
  check_organisations_exist(ctx.sql_, in.partners_, "partner_ids");
  if (auto const scenario = optional_text(b, "scenario", 200)) {
    check_territory_choice(loaded_territory(), "scenarios", "id", *scenario, "scenario");
    in.scenario_ = *scenario;
    in.scenario_ind_ = soci::i_ok;
  }
  return in;
}

api_response create_action(request_context& ctx) {
  auto in = read_action(ctx);
  auto const now = store::utc_now();
  long long id = 0;
  ctx.sql_ << "INSERT INTO action (objective_id, title, owner_direction, status, publics, territory, start_date, "
              "end_date, scenario, updated_at) VALUES (:o, :t, :d, :s, :p, :te, :sd, :ed, :sc, :u) RETURNING id",
      soci::use(in.objective_id_, in.objective_ind_), soci::use(in.title_), soci::use(in.owner_direction_),
      soci::use(in.status_), soci::use(in.publics_), soci::use(in.territory_),
      soci::use(in.start_.first, in.start_.second), soci::use(in.end_.first, in.end_.second),
      soci::use(in.scenario_, in.scenario_ind_), soci::use(now), soci::into(id);
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
  a["from_call"] = call_origin(ctx, id);
  return reply(200, a);
}

api_response update_action(request_context& ctx) {
  auto const id = ctx.param_id("id");
  load_action(ctx, id);  // 404 when absent
  auto in = read_action(ctx);
  auto const now = store::utc_now();
  ctx.sql_ << "UPDATE action SET objective_id = :o, title = :t, owner_direction = :d, status = :s, publics = :p, "
              "territory = :te, start_date = :sd, end_date = :ed, scenario = :sc, updated_at = :u WHERE id = :id",
      soci::use(in.objective_id_, in.objective_ind_), soci::use(in.title_), soci::use(in.owner_direction_),
      soci::use(in.status_), soci::use(in.publics_), soci::use(in.territory_),
      soci::use(in.start_.first, in.start_.second), soci::use(in.end_.first, in.end_.second),
      soci::use(in.scenario_, in.scenario_ind_), soci::use(now), soci::use(id);
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
          one_of(b, "nature", records::kNatures),
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
    throw api_error{error_kind::kNotFound, "no budget line " + std::to_string(line)};
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
                              visible(ctx, records::kAction, "a") + " ORDER BY b.id";
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
  return reply_json_text(cache().get("annex/" + visibility_key(ctx), [&] { return budget_annex_body(ctx); }));
}

api_response budget_annex_xlsx(request_context& ctx) {
  return spreadsheet_export(plan::budget_annex(budget_rows(ctx)), "annexe-budgetaire-mobilite-solidaire.xlsx");
}

// A JSON text column (indicator.analysis, indicator_value.provenance) as its object, or null.
json json_column(soci::row const& r, std::size_t i) {
  if (is_null(r, i)) {
    return nullptr;
  }
  auto j = json::parse(as_text(r, i).get<std::string>(), nullptr, false);
  return j.is_discarded() ? json{} : j;
}

// The definition of the analysis feeding an indicator (docs/API.md, Plan), normalised, or null.
// Names are checked against the loaded territory when there is one.
json read_analysis_definition(json const& b) {
  if (!b.contains("analysis") || b["analysis"].is_null()) {
    return nullptr;
  }
  auto const& a = b["analysis"];
  if (!a.is_object()) {
    invalid("analysis", "an object {public, category, measure, cutoff, scenario, departure} or null");
  }
  auto const name = [&](char const* key, bool required, char const* fallback = "") -> std::string {
    auto const field = std::string{"analysis."} + key;
    if (!a.contains(key) || a[key].is_null()) {
      if (required) {
        invalid(field, "required");
      }
      return fallback;
    }
    if (!a[key].is_string() || a[key].get<std::string>().empty() || a[key].get<std::string>().size() > 200) {
      invalid(field, "a non-empty text of at most 200 characters");
    }
    return a[key].get<std::string>();
  };
  json out = {{"public", name("public", true)}, {"category", name("category", true)}};
  auto const measure = a.value("measure", json{});
  if (!measure.is_string() ||
      (measure != "share_within" && measure != "mean_nearest" && measure != "white_zone_share")) {
    invalid("analysis.measure", "one of share_within, mean_nearest, white_zone_share");
  }
  out["measure"] = measure;
  if (a.contains("cutoff") && !a["cutoff"].is_null()) {
    if (!a["cutoff"].is_number_integer() || a["cutoff"].get<long long>() < 1 || a["cutoff"].get<long long>() > 120) {
      invalid("analysis.cutoff", "minutes, a whole number between 1 and 120");
    }
    out["cutoff"] = a["cutoff"];
  } else if (measure == "share_within") {
    invalid("analysis.cutoff", "required for share_within (minutes, 1-120)");
  }
  out["scenario"] = name("scenario", false, "baseline");
  if (auto const departure = name("departure", false); !departure.empty()) {
    out["departure"] = departure;
  }
  auto const territory = loaded_territory();
  check_territory_choice(territory, "publics", "name", out["public"], "analysis.public");
  check_territory_choice(territory, "categories", "code", out["category"], "analysis.category");
  check_territory_choice(territory, "scenarios", "id", out["scenario"], "analysis.scenario");
  return out;
}

api_response list_indicators(request_context& ctx) {
  std::map<long long, json> values;
  soci::rowset<soci::row> vs = ctx.sql_.prepare << "SELECT indicator_id, id, measured_on, value, provenance FROM "
                                                   "indicator_value ORDER BY indicator_id, measured_on, id";
  for (auto const& r : vs) {
    auto& v = values[as_int(r, 0)];
    if (v.is_null()) {
      v = json::array();
    }
    v.push_back({{"id", as_int(r, 1)},
                 {"measured_on", as_text(r, 2)},
                 {"value", as_real(r, 3)},
                 {"provenance", json_column(r, 4)}});
  }
  json out = json::array();
  soci::rowset<soci::row> rs = ctx.sql_.prepare << "SELECT id, objective_id, name, definition, unit, baseline, target, "
                                                   "analysis FROM indicator ORDER BY id";
  for (auto const& r : rs) {
    auto const id = as_int(r, 0);
    out.push_back({{"id", id},
                   {"objective_id", is_null(r, 1) ? json{} : json(as_int(r, 1))},
                   {"name", as_text(r, 2)},
                   {"definition", as_text(r, 3)},
                   {"unit", as_text(r, 4)},
                   {"baseline", real_or_null(r, 5)},
                   {"target", real_or_null(r, 6)},
                   {"analysis", json_column(r, 7)},
                   {"values", values.contains(id) ? values[id] : json::array()}});
  }
  return reply(200, out);
}

api_response save_indicator(request_context& ctx, save_target existing) {
  auto const& b = body_object(ctx);
  auto name = text(b, "name", true, 300);
  auto definition = text(b, "definition", false, 5000);
  auto unit = text(b, "unit", false, 50);
  auto baseline = optional_real(b, "baseline");
  auto target = optional_real(b, "target");
  auto [objective, objective_ind] = optional_reference(ctx.sql_, b, "objective_id", "objective");
  auto const analysis = read_analysis_definition(b);
  std::string analysis_text = analysis.is_null() ? "" : analysis.dump();
  auto analysis_ind = analysis.is_null() ? soci::i_null : soci::i_ok;
  long long id = 0;
  if (existing) {
    id = *existing;
    require_row(ctx.sql_, "indicator", "indicator", id);
    ctx.sql_ << "UPDATE indicator SET objective_id = :o, name = :n, definition = :d, unit = :u, baseline = :b, "
                "target = :t, analysis = :a WHERE id = :id",
        soci::use(objective, objective_ind), soci::use(name), soci::use(definition), soci::use(unit),
        soci::use(baseline.first, baseline.second), soci::use(target.first, target.second),
        soci::use(analysis_text, analysis_ind), soci::use(id);
  } else {
    ctx.sql_ << "INSERT INTO indicator (objective_id, name, definition, unit, baseline, target, analysis) "
                "VALUES (:o, :n, :d, :u, :b, :t, :a) RETURNING id",
        soci::use(objective, objective_ind), soci::use(name), soci::use(definition), soci::use(unit),
        soci::use(baseline.first, baseline.second), soci::use(target.first, target.second),
        soci::use(analysis_text, analysis_ind), soci::into(id);
  }
  audit(ctx, existing ? "update" : "create", "indicator", id, {{"name", name}, {"analysis", analysis}});
  return reply(existing ? 200 : 201, {{"id", id},
                                      {"objective_id", objective_ind == soci::i_ok ? json(objective) : json{}},
                                      {"name", name},
                                      {"definition", definition},
                                      {"unit", unit},
                                      {"baseline", baseline.second == soci::i_ok ? json(baseline.first) : json{}},
                                      {"target", target.second == soci::i_ok ? json(target.first) : json{}},
                                      {"analysis", analysis}});
}

api_response add_indicator_value(request_context& ctx) {
  auto const indicator = ctx.param_id("id");
  require_row(ctx.sql_, "indicator", "indicator", indicator);
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
  return reply(201, {{"id", id}, {"measured_on", measured_on.first}, {"value", value.first}, {"provenance", nullptr}});
}

// The measure of an indicator's analysis read from an access result's summary (docs/API.md, "A
// job's result"): shares in [0, 1] become percentages, mean_nearest stays in minutes.
double measure_of(json const& definition, json const& summary) {
  auto const measure = definition["measure"].get<std::string>();
  json v;
  if (measure == "share_within") {
    auto const cutoff = std::to_string(definition["cutoff"].get<long long>());
    auto const& shares = summary.value("share_within", json::object());
    if (!shares.is_object() || !shares.contains(cutoff)) {
      std::string known;
      for (auto const& [k, ignored] : shares.items()) {
        known += (known.empty() ? "" : ", ") + k;
      }
      invalid("analysis.cutoff", "the analysis has no share within " + cutoff + " minutes (available: " + known + ")");
    }
    v = shares[cutoff];
  } else {
    v = summary.value(measure, json{});
  }
  if (!v.is_number()) {
    throw api_error{error_kind::kConflict, "the analysis gives no value for " + measure + " (nobody reached?)"};
  }
  return measure == "mean_nearest" ? v.get<double>() : 100.0 * v.get<double>();
}

api_response recompute_indicator(request_context& ctx) {
  auto const indicator = ctx.param_id("id");
  std::string text_value;
  soci::indicator ind = soci::i_null;
  ctx.sql_ << "SELECT analysis FROM indicator WHERE id = :id", soci::use(indicator), soci::into(text_value, ind);
  if (!ctx.sql_.got_data()) {
    throw api_error{error_kind::kNotFound, "no indicator " + std::to_string(indicator)};
  }
  auto const definition = ind == soci::i_ok ? json::parse(text_value, nullptr, false) : json{};
  if (!definition.is_object()) {
    throw api_error{error_kind::kConflict, "indicator " + std::to_string(indicator) + " is not fed by an analysis"};
  }
  json params = {{"public", definition["public"]},
                 {"category", definition["category"]},
                 {"scenario", definition.value("scenario", "baseline")}};
  if (definition.contains("departure")) {
    params["departure"] = definition["departure"];
  }
  // The analysis may take a while: it is awaited after this transaction, outside the gate of ordinary
  // requests, and its value stored in a transaction of its own.
  api_response r;
  r.after_transaction_ = [params, definition, indicator, &db = ctx.db_, who = ctx.user_.id_](api_response& out) {
    auto const result = json::parse(*access_result(params), nullptr, false);
    if (!result.is_object() || !result.contains("summary")) {
      throw api_error{error_kind::kInternal, "the analysis result has no summary"};
    }
    auto const value = measure_of(definition, result["summary"]);
    auto provenance = result.value("provenance", json::object());
    if (!provenance.is_object()) {
      provenance = json::object();
    }
    for (auto const* k : {"measure", "cutoff", "public", "category", "scenario"}) {
      provenance[k] = definition.value(k, json{});
    }
    auto const measured_on = format_date(today());
    auto const provenance_text = provenance.dump();
    long long id = 0;
    db.with_transaction([&](soci::session& sql) {
      require_row(sql, "indicator", "indicator", indicator);  // deleted while the analysis ran
      sql << "INSERT INTO indicator_value (indicator_id, measured_on, value, provenance) VALUES (:i, :m, :v, :p) "
             "RETURNING id",
          soci::use(indicator), soci::use(measured_on), soci::use(value), soci::use(provenance_text), soci::into(id);
      json const details{
          {"indicator_id", indicator}, {"value", value}, {"fingerprint", provenance.value("fingerprint", json{})}};
      store::write_audit(sql, who, "recompute", "indicator_value", id,
                         details.dump(-1, ' ', false, json::error_handler_t::replace));
    });
    out.status_ = 201;
    out.body_ = {{"id", id}, {"measured_on", measured_on}, {"value", value}, {"provenance", provenance}};
  };
  return r;
}

}  // namespace

long long insert_action(request_context& ctx, new_action const& a) {
  auto const objective = a.objective_.value_or(0);
  auto objective_ind = a.objective_ ? soci::i_ok : soci::i_null;  // SOCI binds a non-const indicator
  std::string const territory;
  auto const now = store::utc_now();
  long long id = 0;
  ctx.sql_ << "INSERT INTO action (objective_id, title, owner_direction, status, publics, territory, updated_at) "
              "VALUES (:o, :t, :d, :s, :p, :te, :u) RETURNING id",
      soci::use(objective, objective_ind), soci::use(a.title_), soci::use(a.owner_direction_), soci::use(a.status_),
      soci::use(a.publics_), soci::use(territory), soci::use(now), soci::into(id);
  replace_links(ctx.sql_, "action_partner", "action_id", id, a.partners_);
  return id;
}

void add_plan_api(route_table& s) {
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
  s.route("GET", "/api/indicators", list_indicators);
  s.route("POST", "/api/indicators", [](request_context& ctx) { return save_indicator(ctx, std::nullopt); });
  s.route("PUT", "/api/indicators/:id", [](request_context& ctx) { return save_indicator(ctx, ctx.param_id("id")); });
  s.route("DELETE", "/api/indicators/:id",
          [](request_context& ctx) { return delete_row(ctx, "indicator", "indicator"); });
  s.route("POST", "/api/indicators/:id/values", add_indicator_value);
  s.route("POST", "/api/indicators/:id/recompute", recompute_indicator);
  s.route("DELETE", "/api/indicator-values/:id",
          [](request_context& ctx) { return delete_row(ctx, "indicator_value", "indicator value"); });
}

}  // namespace solimob::server::routes
