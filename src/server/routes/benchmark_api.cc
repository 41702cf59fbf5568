// Benchmarking ("parangonnage"): other territories' plans and measures are record types
// (server/records/workspace.cc); here their side-by-side comparison with our plan, by public, as
// JSON and as an XLSX workbook, and a measure turned into a proposed action of ours.
#include <soci/soci.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "io/vector_io.h"
#include "server/routes/document_export.h"
#include "server/routes/support.h"
#include "server/routes/text_lists.h"
#include "store/audit.h"

namespace solimob::server::routes {

namespace {

// The lower case of ASCII and of the Latin-1 capitals UTF-8 writes 0xC3 0x80-0x9E (À...Þ but ×): the
// French capitals, so that "PERSONNES ÂGÉES" and "personnes âgées" compare equal.
std::string fold_case(std::string const& s) {
  std::string out;
  for (auto i = std::size_t{0}; i != s.size(); ++i) {
    auto const c = static_cast<unsigned char>(s[i]);
    if (c == 0xC3 && i + 1 != s.size()) {
      auto const next = static_cast<unsigned char>(s[i + 1]);
      out += s[i];
      out += static_cast<char>(next >= 0x80 && next <= 0x9E && next != 0x97 ? next + 0x20 : next);
      ++i;
    } else {
      out += static_cast<char>(std::tolower(c));
    }
  }
  return out;
}

// "Personnes âgées, demandeurs d'emploi ; PMR" -> its publics, trimmed; the key of each folds case
// and inner spaces, so that "Demandeurs  d'emploi" and "demandeurs d'emploi" compare equal.
std::vector<std::pair<std::string, std::string>> publics_of(std::string const& text) {
  std::vector<std::pair<std::string, std::string>> out;  // key, label
  for (auto const& label : split_list(text, ",;")) {
    std::string key;
    for (auto const c : fold_case(label)) {
      if (c != ' ' || key.empty() || key.back() != ' ') {
        key += c;
      }
    }
    if (std::none_of(begin(out), end(out), [&](auto const& p) { return p.first == key; })) {
      out.emplace_back(key, label);
    }
  }
  return out;
}

struct measure {
  std::string title_;
  double budget_;
  std::string publics_;
};

struct plan_column {
  json plan_;  // id, territory, title, period, budget (null for ours: the sum of its lines)
  std::vector<measure> measures_;
};

// Our plan first (the actions the user may see, their planned budget), then the benchmarked plans
// asked for (all when `ids` is empty).
std::vector<plan_column> columns(request_context& ctx, std::vector<long long> const& ids) {
  std::vector<plan_column> out;
  plan_column ours{
      {{"id", nullptr}, {"territory", "Seine-Saint-Denis"}, {"title", "Plan de mobilité solidaire"}, {"period", ""}},
      {}};
  soci::rowset<soci::row> actions =
      ctx.sql_.prepare << "SELECT a.title, (SELECT COALESCE(SUM(l.planned), 0) FROM budget_line l WHERE l.action_id = "
                          "a.id), a.publics FROM action a WHERE " +
                              visible(ctx, records::kAction, "a") + " ORDER BY a.title, a.id";
  double total = 0.0;
  for (auto const& r : actions) {
    ours.measures_.push_back({as_text(r, 0).get<std::string>(), as_real(r, 1), as_text(r, 2).get<std::string>()});
    total += as_real(r, 1);
  }
  ours.plan_["budget"] = total;
  out.push_back(std::move(ours));
  soci::rowset<soci::row> plans = ctx.sql_.prepare << "SELECT id, territory, title, period, budget FROM "
                                                      "benchmark_plan ORDER BY territory, id";
  for (auto const& r : plans) {
    auto const id = as_int(r, 0);
    if (!ids.empty() && std::find(begin(ids), end(ids), id) == end(ids)) {
      continue;
    }
    plan_column c{row_json(r, {"id", "territory", "title", "period", "budget"}), {}};
    c.plan_["budget"] = as_real(r, 4);
    out.push_back(std::move(c));
  }
  for (auto& c : out) {
    if (c.plan_["id"].is_null()) {
      continue;
    }
    auto const id = c.plan_["id"].get<long long>();
    soci::rowset<soci::row> rs = (ctx.sql_.prepare << "SELECT title, budget, publics FROM benchmark_measure WHERE "
                                                      "plan_id = :p ORDER BY title, id",
                                  soci::use(id));
    for (auto const& r : rs) {
      c.measures_.push_back({as_text(r, 0).get<std::string>(), as_real(r, 1), as_text(r, 2).get<std::string>()});
    }
  }
  return out;
}

std::vector<long long> requested_plans(request_context const& ctx) {
  std::vector<long long> ids;
  auto const q = ctx.query("plans").value_or("");
  std::stringstream in{q};
  for (std::string part; std::getline(in, part, ',');) {
    if (part.empty()) {
      continue;
    }
    if (part.size() > 18 || part.find_first_not_of("0123456789") != std::string::npos) {
      invalid("plans", "expected comma-separated plan ids");
    }
    ids.push_back(std::stoll(part));
  }
  if (ids.size() > 20) {
    invalid("plans", "at most 20 plans");
  }
  return ids;
}

// {"plans": [{..., "measures", "measures_budget"}], "publics": [{"public", "per_plan": [[titles]...]}]}:
// one row per public named by any plan, the measures of each plan (ours first) aimed at it;
// measures naming no public are counted under "(non précisé)".
json comparison(std::vector<plan_column> const& cols) {
  std::vector<std::string> order;
  std::map<std::string, std::string> labels;
  std::map<std::string, std::vector<std::vector<std::string>>> rows;
  auto const add = [&](std::string const& key, std::string const& label, std::size_t col, std::string const& title) {
    if (!labels.contains(key)) {
      labels[key] = label;
      order.push_back(key);
      rows[key].resize(cols.size());
    }
    rows[key][col].push_back(title);
  };
  json plans = json::array();
  for (auto i = std::size_t{0}; i != cols.size(); ++i) {
    auto p = cols[i].plan_;
    double budget = 0.0;
    for (auto const& m : cols[i].measures_) {
      budget += m.budget_;
      auto const publics = publics_of(m.publics_);
      if (publics.empty()) {
        add("", "(non précisé)", i, m.title_);
      }
      for (auto const& [key, label] : publics) {
        add(key, label, i, m.title_);
      }
    }
    p["measures"] = cols[i].measures_.size();
    p["measures_budget"] = budget;
    plans.push_back(p);
  }
  std::sort(begin(order), end(order), [&](auto const& a, auto const& b) {
    return a.empty() != b.empty() ? b.empty() : labels[a] < labels[b];  // "(non précisé)" last
  });
  json publics = json::array();
  for (auto const& key : order) {
    publics.push_back({{"public", labels[key]}, {"per_plan", rows[key]}});
  }
  return {{"plans", plans}, {"publics", publics}};
}

api_response get_comparison(request_context& ctx) {
  return reply(200, comparison(columns(ctx, requested_plans(ctx))));
}

std::string plan_name(json const& p) {
  return p["territory"].get<std::string>() + " — " + p["title"].get<std::string>();
}

api_response comparison_xlsx(request_context& ctx) {
  auto const c = comparison(columns(ctx, requested_plans(ctx)));
  using io::column;
  io::table summary{"Synthese",
                    {{"territoire", column::type::kText},
                     {"plan", column::type::kText},
                     {"periode", column::type::kText},
                     {"mesures", column::type::kInteger},
                     {"budget_plan_eur", column::type::kReal},
                     {"budget_mesures_eur", column::type::kReal}},
                    {},
                    {}};
  for (auto const& p : c["plans"]) {
    summary.rows_.push_back({p["territory"].get<std::string>(), p["title"].get<std::string>(),
                             p["period"].get<std::string>(), static_cast<std::int64_t>(p["measures"].get<long long>()),
                             p["budget"].get<double>(), p["measures_budget"].get<double>()});
  }
  io::table by_public{"Par public", {{"public", column::type::kText}}, {}, {}};
  for (auto const& p : c["plans"]) {
    by_public.columns_.push_back({plan_name(p), column::type::kText});
  }
  for (auto const& row : c["publics"]) {
    std::vector<io::cell> cells{row["public"].get<std::string>()};
    for (auto const& titles : row["per_plan"]) {
      std::string joined;
      for (auto const& t : titles) {
        joined += (joined.empty() ? "" : " ; ") + t.get<std::string>();
      }
      cells.emplace_back(joined);
    }
    by_public.rows_.push_back(std::move(cells));
  }
  return spreadsheet_export({summary, by_public}, "parangonnage-mobilite-solidaire.xlsx");
}

// POST /api/benchmark-measures/:id/proposal: the measure becomes a proposed action of our plan
// (status "proposee", its title and publics); the measure keeps the action's id.
api_response measure_to_proposal(request_context& ctx) {
  auto const id = ctx.param_id("id");
  require_row(ctx.sql_, "benchmark_measure", "benchmarked measure", id);
  std::string title, publics, territory;
  long long existing = 0;
  soci::indicator existing_ind = soci::i_null;
  ctx.sql_ << "SELECT m.title, m.publics, p.territory, m.proposal_action_id FROM benchmark_measure m JOIN "
              "benchmark_plan p ON p.id = m.plan_id WHERE m.id = :id",
      soci::use(id), soci::into(title), soci::into(publics), soci::into(territory), soci::into(existing, existing_ind);
  if (existing_ind == soci::i_ok) {
    throw api_error{error_kind::kConflict, "the measure is already the proposed action " + std::to_string(existing)};
  }
  auto const action = insert_action(
      ctx,
      {.title_ = title, .owner_direction_ = "À définir", .status_ = "proposee", .publics_ = publics, .partners_ = {}});
  ctx.sql_ << "UPDATE benchmark_measure SET proposal_action_id = :a WHERE id = :id", soci::use(action), soci::use(id);
  audit(ctx, "create", "action", action, {{"title", title}, {"from_benchmark_measure", id}, {"territory", territory}});
  return reply(201, {{"measure_id", id}, {"action_id", action}});
}

}  // namespace

void add_benchmark_api(route_table& s) {
  s.route("GET", "/api/benchmark/comparison", get_comparison);
  s.route("GET", "/api/benchmark/comparison.xlsx", comparison_xlsx);
  s.route("POST", "/api/benchmark-measures/:id/proposal", measure_to_proposal);
}

}  // namespace solimob::server::routes
