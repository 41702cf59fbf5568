// Calls for projects: what the generic handlers do not (the call, its criteria and applications are
// described in server/records/workspace.cc) — the reviewers' scores with the conflict-of-interest
// rule, the ranking (weighted totals, spread between reviewers, envelope), the selection report and
// the action a funded application becomes.
#include <soci/soci.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "server/export_runner.h"
#include "server/routes/attachments.h"
#include "server/routes/document_export.h"
#include "server/routes/record_routes.h"
#include "server/routes/support.h"
#include "store/audit.h"

namespace solimob::server::routes {

namespace {

// Scores, their comments and the ranking are the reviewers' work: partner accounts (applicants)
// never read them.
void refuse_partners(request_context const& ctx) {
  if (is_partner(ctx)) {
    throw api_error{error_kind::kForbidden, "the review of calls for projects is not shown to partner accounts"};
  }
}

struct application_row {
  long long id_{0};
  long long call_{0};
  long long organisation_{0};
  json row_;
};

application_row load_application(request_context& ctx, long long id) {
  require_visible(ctx, records::kApplication, id);
  long long call = 0;
  long long org = 0;
  ctx.sql_ << "SELECT call_id, organisation_id FROM call_application WHERE id = :id", soci::use(id), soci::into(call),
      soci::into(org);
  return {id, call, org, {}};
}

// PUT /api/applications/:id/scores {"scores": [{"criterion_id", "score", "comment"}]}: the calling
// reviewer's scores of one application, replacing theirs. A reviewer whose account belongs to the
// applicant organisation is refused (conflict of interest).
api_response save_scores(request_context& ctx) {
  auto const app = load_application(ctx, ctx.param_id("id"));
  if (ctx.user_.organisation_id_ && ctx.user_.organisation_id_->v() == app.organisation_) {
    throw api_error{error_kind::kForbidden,
                    "conflict of interest: your account belongs to the applicant organisation, you cannot score "
                    "this application",
                    "reviewer"};
  }
  auto const& b = body_object(ctx);
  if (!b.contains("scores") || !b["scores"].is_array() || b["scores"].size() > 100) {
    invalid("scores", "expected an array of at most 100 scores");
  }
  auto const reviewer = ctx.user_.id_.v();
  ctx.sql_ << "DELETE FROM call_score WHERE application_id = :a AND reviewer_id = :r", soci::use(app.id_),
      soci::use(reviewer);
  auto n = std::size_t{0};
  for (auto const& s : b["scores"]) {
    auto const at = "scores[" + std::to_string(n++) + "]";
    if (!s.is_object()) {
      invalid(at, "expected an object");
    }
    auto const criterion = integer(s, "criterion_id", 1, INT64_MAX);
    long long found = 0;
    ctx.sql_ << "SELECT COUNT(*) FROM call_criterion WHERE id = :c AND call_id = :call", soci::use(criterion),
        soci::use(app.call_), soci::into(found);
    if (found == 0) {
      invalid(at + ".criterion_id", "not a criterion of this call");
    }
    auto const score = integer(s, "score", 0, 5);
    auto comment = text(s, "comment", false, 4000);
    ctx.sql_ << "INSERT INTO call_score (application_id, criterion_id, reviewer_id, score, comment) "
                "VALUES (:a, :c, :r, :s, :t)",
        soci::use(app.id_), soci::use(criterion), soci::use(reviewer), soci::use(score), soci::use(comment);
  }
  audit(ctx, "update", "call_score", app.id_, {{"reviewer_id", reviewer}, {"scores", n}});
  return reply(200, {{"application_id", app.id_}, {"reviewer_id", reviewer}, {"scores", n}});
}

// GET /api/applications/:id/scores: every reviewer's scores and comments.
api_response list_scores(request_context& ctx) {
  refuse_partners(ctx);
  auto const app = load_application(ctx, ctx.param_id("id"));
  soci::rowset<soci::row> rs =
      (ctx.sql_.prepare << "SELECT s.reviewer_id, u.login, s.criterion_id, s.score, s.comment FROM call_score s "
                           "JOIN app_user u ON u.id = s.reviewer_id WHERE s.application_id = :a "
                           "ORDER BY u.login, s.criterion_id",
       soci::use(app.id_));
  return reply(200, rows_json(rs, {"reviewer_id", "reviewer", "criterion_id", "score", "comment"}));
}

struct criterion {
  long long id_;
  std::string label_;
  long long weight_;
};

// A weighted mean of scores (0-5) over the criteria that have one, on 100; nullopt without any.
std::optional<double> on_100(std::vector<criterion> const& criteria, std::map<long long, double> const& by_criterion) {
  double sum = 0.0;
  double weights = 0.0;
  for (auto const& c : criteria) {
    if (auto const it = by_criterion.find(c.id_); it != end(by_criterion)) {
      sum += static_cast<double>(c.weight_) * it->second;
      weights += static_cast<double>(c.weight_);
    }
  }
  if (weights == 0.0) {
    return std::nullopt;
  }
  return sum / weights * 20.0;
}

json rounded(std::optional<double> v) {
  return v ? json(std::round(*v * 10.0) / 10.0) : json{};
}

// The ranking of a call: per application the mean score of each criterion over its reviewers, the
// weighted total on 100, the spread between the reviewers' own totals (highest - lowest), the rank
// among eligible applications with a total; and the granted sum against the envelope.
json ranking(request_context& ctx, long long call) {
  auto const c = [&] {
    json found;
    soci::rowset<soci::row> rs =
        (ctx.sql_.prepare << "SELECT title, envelope FROM call_for_projects WHERE id = :id", soci::use(call));
    for (auto const& r : rs) {
      found = {{"title", as_text(r, 0)}, {"envelope", as_real(r, 1)}};
    }
    if (found.is_null()) {
      throw api_error{error_kind::kNotFound, "no call for projects " + std::to_string(call)};
    }
    return found;
  }();
  std::vector<criterion> criteria;
  {
    soci::rowset<soci::row> rs = (ctx.sql_.prepare << "SELECT id, label, weight FROM call_criterion WHERE call_id = :c "
                                                      "ORDER BY position, id",
                                  soci::use(call));
    for (auto const& r : rs) {
      criteria.push_back({as_int(r, 0), as_text(r, 1).get<std::string>(), as_int(r, 2)});
    }
  }
  // application -> criterion -> reviewer -> score
  std::map<long long, std::map<long long, std::map<long long, double>>> scores;
  {
    soci::rowset<soci::row> rs =
        (ctx.sql_.prepare << "SELECT s.application_id, s.criterion_id, s.reviewer_id, s.score FROM call_score s "
                             "JOIN call_application a ON a.id = s.application_id WHERE a.call_id = :c",
         soci::use(call));
    for (auto const& r : rs) {
      scores[as_int(r, 0)][as_int(r, 1)][as_int(r, 2)] = static_cast<double>(as_int(r, 3));
    }
  }
  json apps = json::array();
  double granted_total = 0.0;
  soci::rowset<soci::row> rs =
      (ctx.sql_.prepare << "SELECT a.id, a.organisation_id, o.name, a.project_title, a.requested, a.eligibility, "
                           "a.decision, a.granted, a.action_id FROM call_application a JOIN organisation o ON "
                           "o.id = a.organisation_id WHERE a.call_id = :c ORDER BY a.id",
       soci::use(call));
  for (auto const& r : rs) {
    auto row = row_json(r, {"id", "organisation_id", "organisation", "project_title", "requested", "eligibility",
                            "decision", "granted", "action_id"});
    row["requested"] = as_real(r, 4);
    row["granted"] = as_real(r, 7);
    granted_total += as_real(r, 7);
    auto const& by_criterion = scores[as_int(r, 0)];
    std::map<long long, double> means;
    std::map<long long, std::map<long long, double>> by_reviewer;  // reviewer -> criterion -> score
    json per_criterion = json::array();
    for (auto const& cr : criteria) {
      auto const it = by_criterion.find(cr.id_);
      if (it == end(by_criterion) || it->second.empty()) {
        per_criterion.push_back({{"criterion_id", cr.id_}, {"mean", nullptr}});
        continue;
      }
      double sum = 0.0;
      for (auto const& [reviewer, score] : it->second) {
        sum += score;
        by_reviewer[reviewer][cr.id_] = score;
      }
      means[cr.id_] = sum / static_cast<double>(it->second.size());
      per_criterion.push_back({{"criterion_id", cr.id_}, {"mean", rounded(means[cr.id_])}});
    }
    std::optional<double> lowest;
    std::optional<double> highest;
    for (auto const& [reviewer, own] : by_reviewer) {
      if (auto const t = on_100(criteria, own)) {
        lowest = std::min(lowest.value_or(*t), *t);
        highest = std::max(highest.value_or(*t), *t);
      }
    }
    auto const total = on_100(criteria, means);
    row["criteria"] = per_criterion;
    row["reviewers"] = by_reviewer.size();
    row["total"] = rounded(total);
    row["spread"] = by_reviewer.size() >= 2 ? rounded(*highest - *lowest) : json{};
    row["rank"] = nullptr;
    apps.push_back(row);
  }
  // Ranked: eligible (or not yet checked) applications with a total, best first; then the others.
  auto const ranked = [](json const& a) { return !a["total"].is_null() && a["eligibility"] != "non_eligible"; };
  std::stable_sort(begin(apps), end(apps), [&](json const& a, json const& b) {
    if (ranked(a) != ranked(b)) {
      return ranked(a);
    }
    return ranked(a) && a["total"].get<double>() > b["total"].get<double>();
  });
  auto rank = 0;
  for (auto& a : apps) {
    if (ranked(a)) {
      a["rank"] = ++rank;
    }
  }
  json crit = json::array();
  for (auto const& cr : criteria) {
    crit.push_back({{"id", cr.id_}, {"label", cr.label_}, {"weight", cr.weight_}});
  }
  auto const envelope = c["envelope"].get<double>();
  return {{"call_id", call},
          {"title", c["title"]},
          {"envelope", envelope},
          {"granted_total", granted_total},
          {"over_envelope", granted_total > envelope + 0.005},
          {"criteria", crit},
          {"applications", apps}};
}

api_response get_ranking(request_context& ctx) {
  refuse_partners(ctx);
  auto const call = ctx.param_id("id");
  require_visible(ctx, records::kCall, call);
  return reply(200, ranking(ctx, call));
}

std::string euros(double v) {
  std::ostringstream s;
  s.imbue(std::locale::classic());
  s.setf(std::ios::fixed);
  s.precision(2);
  s << v;
  auto out = s.str();
  std::replace(begin(out), end(out), '.', ',');
  return out + " €";
}

std::string number_or_dash(json const& v) {
  if (v.is_null()) {
    return "—";
  }
  std::ostringstream s;
  s.imbue(std::locale::classic());
  s << v.get<double>();
  auto out = s.str();
  std::replace(begin(out), end(out), '.', ',');
  return out;
}

std::string_view decision_label(std::string const& d) {
  return d == "retenu" ? "Retenu" : d == "refuse" ? "Refusé" : "En attente";
}

// The selection report: the call, its criteria and the ranking with the decisions. User text
// enters as text only (markdown_text): it can form no image, link or raw HTML/LaTeX.
std::string report_markdown(json const& call, json const& r) {
  auto const t = [](json const& v) { return markdown_text(v.get<std::string>()); };
  std::ostringstream md;
  md << "# Rapport de sélection — " << t(r["title"]) << "\n\n";
  if (!call["objectives"].get<std::string>().empty()) {
    md << "## Objectifs\n\n" << markdown_text(call["objectives"].get<std::string>(), false) << "\n\n";
  }
  md << "**Enveloppe :** " << euros(r["envelope"].get<double>()) << " — **Montant attribué :** "
     << euros(r["granted_total"].get<double>()) << "\n\n";
  if (r["over_envelope"].get<bool>()) {
    md << "**Attention : la somme des montants attribués dépasse l'enveloppe de "
       << euros(r["granted_total"].get<double>() - r["envelope"].get<double>()) << ".**\n\n";
  }
  md << "## Grille de critères\n\n| Critère | Pondération |\n|---|---|\n";
  for (auto const& c : r["criteria"]) {
    md << "| " << t(c["label"]) << " | " << c["weight"].get<long long>() << " |\n";
  }
  md << "\n## Classement\n\nNote sur 100 : moyenne pondérée des notes (0 à 5) des évaluateurs ; écart : différence "
        "entre la note la plus haute et la plus basse des évaluateurs.\n\n"
        "| Rang | Porteur | Projet | Note /100 | Écart | Évaluateurs | Demandé | Attribué | Décision |\n"
        "|---|---|---|---|---|---|---|---|---|\n";
  for (auto const& a : r["applications"]) {
    md << "| " << (a["rank"].is_null() ? std::string{"—"} : std::to_string(a["rank"].get<int>())) << " | "
       << t(a["organisation"]) << " | " << t(a["project_title"]) << " | " << number_or_dash(a["total"]) << " | "
       << number_or_dash(a["spread"]) << " | " << a["reviewers"].get<std::size_t>() << " | "
       << euros(a["requested"].get<double>()) << " | " << euros(a["granted"].get<double>()) << " | "
       << decision_label(a["decision"].get<std::string>())
       << (a["eligibility"] == "non_eligible" ? " (non éligible)" : "") << " |\n";
  }
  return md.str();
}

api_response export_report(request_context& ctx) {
  refuse_partners(ctx);
  auto const call = ctx.param_id("id");
  json c;
  soci::rowset<soci::row> rs =
      (ctx.sql_.prepare << "SELECT objectives FROM call_for_projects WHERE id = :id", soci::use(call));
  for (auto const& r : rs) {
    c = {{"objectives", as_text(r, 0)}};
  }
  if (c.is_null()) {
    throw api_error{error_kind::kNotFound, "no call for projects " + std::to_string(call)};
  }
  return document_export(ctx, report_markdown(c, ranking(ctx, call)), "selection-appel-" + std::to_string(call));
}

// POST /api/applications/:id/action: a selected application with a granted amount becomes an
// action of the plan (the call's objective and direction, the applicant as partner) with one budget
// line of the granted amount for the decision's year; the application keeps the action's id.
api_response application_to_action(request_context& ctx) {
  auto const id = ctx.param_id("id");
  require_row(ctx.sql_, "call_application", "application", id);
  std::string title, decision, direction, decided_on;
  long long org = 0;
  long long action = 0;
  long long objective = 0;
  double granted = 0.0;
  soci::indicator action_ind = soci::i_null;
  soci::indicator objective_ind = soci::i_null;
  soci::indicator decided_ind = soci::i_null;
  ctx.sql_ << "SELECT a.project_title, a.decision, a.granted, a.organisation_id, a.action_id, c.objective_id, "
              "c.owner_direction, c.decision_on FROM call_application a JOIN call_for_projects c ON c.id = a.call_id "
              "WHERE a.id = :id",
      soci::use(id), soci::into(title), soci::into(decision), soci::into(granted), soci::into(org),
      soci::into(action, action_ind), soci::into(objective, objective_ind), soci::into(direction),
      soci::into(decided_on, decided_ind);
  if (action_ind == soci::i_ok) {
    throw api_error{error_kind::kConflict, "the application is already the action " + std::to_string(action)};
  }
  if (decision != "retenu" || granted <= 0.0) {
    throw api_error{error_kind::kConflict, "only a selected application with a granted amount becomes an action"};
  }
  auto const year =
      decided_ind == soci::i_ok ? std::stoll(decided_on.substr(0, 4)) : static_cast<long long>(to_civil(today()).year_);
  auto const owner = direction.empty() ? std::string{"Non renseignée"} : direction;
  action = insert_action(ctx, {.title_ = title,
                               .objective_ = objective_ind == soci::i_ok ? std::optional{objective} : std::nullopt,
                               .owner_direction_ = owner,
                               .status_ = "en_cours",
                               .publics_ = "",
                               .partners_ = {org}});
  std::string const nature = "fonctionnement";
  double const zero = 0.0;
  ctx.sql_ << "INSERT INTO budget_line (action_id, year, direction, nature, planned, voted, spent) "
              "VALUES (:a, :y, :d, :n, :p, :v, :s)",
      soci::use(action), soci::use(year), soci::use(owner), soci::use(nature), soci::use(granted), soci::use(zero),
      soci::use(zero);
  ctx.sql_ << "UPDATE call_application SET action_id = :a WHERE id = :id", soci::use(action), soci::use(id);
  audit(ctx, "create", "action", action, {{"title", title}, {"from_application", id}, {"granted", granted}});
  return reply(201, {{"application_id", id}, {"action_id", action}, {"year", year}, {"planned", granted}});
}

}  // namespace

// The application an action comes from, or null (GET /api/actions/:id).
json call_origin(request_context& ctx, long long action) {
  json out;
  soci::rowset<soci::row> rs =
      (ctx.sql_.prepare << "SELECT a.id, c.id, c.title FROM call_application a JOIN call_for_projects c ON "
                           "c.id = a.call_id WHERE a.action_id = :id",
       soci::use(action));
  for (auto const& r : rs) {
    out = row_json(r, {"application_id", "call_id", "call_title"});
  }
  return out;
}

void add_calls_api(route_table& s) {
  s.route("PUT", "/api/applications/:id/scores", save_scores);
  s.route("GET", "/api/applications/:id/scores", list_scores);
  s.route("POST", "/api/applications/:id/action", application_to_action);
  add_attachment_routes(s, {&records::kApplication, "application_file", "application_id", "/api/applications/:id/files",
                            "/api/application-files/:id"});
  s.route("GET", "/api/calls/:id/ranking", get_ranking);
  s.route("GET", "/api/calls/:id/report", export_report);
}

}  // namespace solimob::server::routes
