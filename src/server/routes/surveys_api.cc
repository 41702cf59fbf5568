// Mobility-needs surveys: the survey and the column mappings are record types
// (server/records/workspace.cc); here the import of a form tool's export (CSV or XLSX) through a
// mapping, the tabulation by public or commune under statistical secrecy, its XLSX export, the
// free-text answers (the survey's owner only) and the erasure of the answers (GDPR).
//
// Statistical secrecy: no figure is shown for a group of fewer than kSecrecyThreshold respondents;
// when a single group of a table is secret, the next smallest is suppressed too, so that no secret
// figure is the difference between the total and the others.
#include <soci/soci.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "io/vector_io.h"
#include "server/routes/document_export.h"
#include "server/routes/record_routes.h"
#include "server/routes/support.h"
#include "server/routes/text_lists.h"
#include "server/routes/uploads.h"

namespace solimob::server::routes {

namespace {

constexpr long long kSecrecyThreshold = 11;
constexpr std::size_t kMaxAnswers = 100'000;

struct mapping {
  std::string public_, commune_, barriers_, purposes_, modes_, free_text_;
  char separator_{';'};
};

mapping load_mapping(request_context& ctx, long long id) {
  mapping m;
  std::string separator;
  bool found = false;
  soci::rowset<soci::row> rs =
      (ctx.sql_.prepare << "SELECT public_column, commune_column, barriers_column, purposes_column, modes_column, "
                           "free_text_column, separator FROM survey_mapping WHERE id = :id",
       soci::use(id));
  for (auto const& r : rs) {
    found = true;
    m = {as_text(r, 0).get<std::string>(), as_text(r, 1).get<std::string>(), as_text(r, 2).get<std::string>(),
         as_text(r, 3).get<std::string>(), as_text(r, 4).get<std::string>(), as_text(r, 5).get<std::string>()};
    separator = as_text(r, 6).get<std::string>();
  }
  if (!found) {
    invalid("mapping_id", "no column mapping " + std::to_string(id));
  }
  m.separator_ = separator.empty() ? ';' : separator[0];
  return m;
}

// "Coût; Distance ;" -> "Coût;Distance": the items of a multiple-choice answer, trimmed, ';'-joined.
std::string normalised_list(std::string const& answer, char separator) {
  std::string out;
  for (auto const& item : split_list(answer, std::string{separator} + ";")) {
    out += (out.empty() ? "" : ";") + item;
  }
  return out;
}

void require_current(request_context& ctx, long long survey) {
  std::string until;
  ctx.sql_ << "SELECT retention_until FROM survey WHERE id = :id", soci::use(survey), soci::into(until);
  if (until < format_date(today())) {
    throw api_error{error_kind::kConflict, "the retention period of this survey is over (" + until +
                                               "): its answers must be erased, not used"};
  }
}

void refuse_partners(request_context const& ctx) {
  if (is_partner(ctx)) {
    throw api_error{error_kind::kForbidden, "survey answers are not shown to partner accounts"};
  }
}

// POST /api/surveys/:id/import {"mapping_id","file_name","content_base64"}: the answers of a CSV or
// XLSX export, the columns the mapping names (the others, names included, are not read).
api_response import_answers(request_context& ctx) {
  auto const survey = ctx.param_id("id");
  require_visible(ctx, records::kSurvey, survey);
  require_current(ctx, survey);
  auto const& b = body_object(ctx);
  auto const m = load_mapping(ctx, integer(b, "mapping_id", 1, INT64_MAX));
  std::vector<std::string> columns{m.public_};
  for (auto const* c : {&m.commune_, &m.barriers_, &m.purposes_, &m.modes_, &m.free_text_}) {
    if (!c->empty()) {
      columns.push_back(*c);
    }
  }
  static std::map<std::string, std::string> const kDrivers{{".csv", "CSV"}, {".xlsx", "XLSX"}};
  auto const layer = read_upload(b, "file_name", kDrivers, "a .csv or .xlsx export of a form",
                                 [&](std::filesystem::path const& path, io::untrusted_file const& untrusted) {
                                   io::read_options o;
                                   o.id_field_.clear();
                                   o.text_fields_ = columns;
                                   o.require_positions_ = false;
                                   o.untrusted_ = untrusted;
                                   return io::read_layer(path, o);
                                 });
  if (layer.ids_.size() > kMaxAnswers) {
    invalid("content_base64", "more than " + std::to_string(kMaxAnswers) + " answers");
  }
  auto const column = [&](std::string const& name) -> std::vector<std::string> const* {
    auto const at = std::find(begin(columns), end(columns), name);
    return name.empty() || at == end(columns) ? nullptr : &layer.text_[static_cast<std::size_t>(at - begin(columns))];
  };
  auto const value = [&](std::string const& name, std::size_t i, bool list) {
    auto const* c = column(name);
    return c == nullptr ? std::string{} : list ? normalised_list((*c)[i], m.separator_) : trimmed((*c)[i]);
  };
  auto imported = 0LL;
  for (auto i = std::size_t{0}; i != layer.ids_.size(); ++i) {
    auto const pub = value(m.public_, i, false);
    if (pub.empty()) {
      continue;  // an unanswered questionnaire
    }
    auto const commune = value(m.commune_, i, false);
    auto const barriers = value(m.barriers_, i, true);
    auto const purposes = value(m.purposes_, i, true);
    auto const modes = value(m.modes_, i, true);
    auto const free = value(m.free_text_, i, false);
    ctx.sql_ << "INSERT INTO survey_response (survey_id, public, commune, barriers, purposes, modes, free_text) "
                "VALUES (:s, :p, :c, :b, :pu, :m, :f)",
        soci::use(survey), soci::use(pub), soci::use(commune), soci::use(barriers), soci::use(purposes),
        soci::use(modes), soci::use(free);
    ++imported;
  }
  audit(ctx, "create", "survey_response", survey, {{"imported", imported}, {"file", text(b, "file_name")}});
  return reply(201, {{"survey_id", survey}, {"imported", imported}, {"rows", layer.ids_.size()}});
}

struct group {
  std::string name_;
  long long respondents_{0};
  std::map<std::string, long long> counts_;
  bool secret_{false};
};

struct tabulation {
  std::vector<std::string> values_;
  std::vector<group> groups_;
  long long total_{0};
};

// Respondents by public or commune, and how many of them named each barrier / purpose / mode.
tabulation tabulate(request_context& ctx, long long survey, std::string const& by, std::string const& of) {
  tabulation t;
  std::map<std::string, group> groups;
  std::set<std::string> values;
  soci::rowset<soci::row> rs =
      (ctx.sql_.prepare << "SELECT " + by + ", " + of + " FROM survey_response WHERE survey_id = :s ORDER BY id",
       soci::use(survey));
  for (auto const& r : rs) {
    auto name = as_text(r, 0).get<std::string>();
    auto& g = groups[name.empty() ? "(non renseigné)" : name];
    g.name_ = name.empty() ? "(non renseigné)" : name;
    ++g.respondents_;
    ++t.total_;
    auto const items = split_list(as_text(r, 1).get<std::string>(), ";");
    std::set<std::string> const named{begin(items), end(items)};  // one count per respondent and value
    for (auto const& v : named) {
      ++g.counts_[v];
      values.insert(v);
    }
  }
  t.values_.assign(begin(values), end(values));
  for (auto& [name, g] : groups) {
    g.secret_ = g.respondents_ < kSecrecyThreshold;
    t.groups_.push_back(std::move(g));
  }
  // Secondary suppression: a lone secret group would be the total minus the others.
  if (std::count_if(begin(t.groups_), end(t.groups_), [](group const& g) { return g.secret_; }) == 1) {
    group* smallest = nullptr;
    for (auto& g : t.groups_) {
      if (!g.secret_ && (smallest == nullptr || g.respondents_ < smallest->respondents_)) {
        smallest = &g;
      }
    }
    if (smallest != nullptr) {
      smallest->secret_ = true;
    }
  }
  return t;
}

struct asked_tabulation {
  long long survey_;
  std::string by_, of_;
  tabulation table_;
};

// The tabulation GET .../tabulation[.xlsx]?by=&of= asks for (a survey the user may read, within its
// retention period); `by` and `of` are column names checked against their lists.
asked_tabulation asked(request_context& ctx) {
  refuse_partners(ctx);
  auto const survey = ctx.param_id("id");
  require_visible(ctx, records::kSurvey, survey);
  require_current(ctx, survey);
  auto by = ctx.query("by").value_or("public");
  auto of = ctx.query("of").value_or("barriers");
  if (by != "public" && by != "commune") {
    invalid("by", "public or commune");
  }
  if (of != "barriers" && of != "purposes" && of != "modes") {
    invalid("of", "barriers, purposes or modes");
  }
  auto t = tabulate(ctx, survey, by, of);
  return {survey, std::move(by), std::move(of), std::move(t)};
}

api_response get_tabulation(request_context& ctx) {
  auto const [survey, by, of, t] = asked(ctx);
  json groups = json::array();
  for (auto const& g : t.groups_) {
    json counts = json::object();
    if (!g.secret_) {
      for (auto const& v : t.values_) {
        counts[v] = g.counts_.contains(v) ? g.counts_.at(v) : 0;
      }
    }
    groups.push_back({{"group", g.name_},
                      {"secret", g.secret_},
                      {"respondents", g.secret_ ? json{} : json(g.respondents_)},
                      {"counts", g.secret_ ? json{} : counts}});
  }
  return reply(200, {{"by", by},
                     {"of", of},
                     {"threshold", kSecrecyThreshold},
                     {"respondents", t.total_ < kSecrecyThreshold ? json{} : json(t.total_)},
                     {"values", t.values_},
                     {"groups", groups}});
}

api_response tabulation_xlsx(request_context& ctx) {
  auto const [survey, by, of, t] = asked(ctx);
  using io::column;
  // Text columns: a secret figure is written "secret (< 11)", never a number.
  io::table sheet{"Tableau", {{by, column::type::kText}, {"repondants", column::type::kText}}, {}, {}};
  for (auto const& v : t.values_) {
    sheet.columns_.push_back({v, column::type::kText});
  }
  auto const secret = "secret (< " + std::to_string(kSecrecyThreshold) + ")";
  for (auto const& g : t.groups_) {
    std::vector<io::cell> row{g.name_, g.secret_ ? secret : std::to_string(g.respondents_)};
    for (auto const& v : t.values_) {
      row.emplace_back(g.secret_ ? secret : std::to_string(g.counts_.contains(v) ? g.counts_.at(v) : 0));
    }
    sheet.rows_.push_back(std::move(row));
  }
  io::table note{"Secret statistique", {{"regle", column::type::kText}}, {}, {}};
  note.rows_.push_back({"Aucun chiffre n'est donné pour un groupe de moins de " + std::to_string(kSecrecyThreshold) +
                        " répondants ; quand un seul groupe est secret, le plus petit des autres l'est aussi."});
  return spreadsheet_export({sheet, note}, "enquete-" + std::to_string(survey) + "-" + by + "-" + of + ".xlsx");
}

// GET /api/surveys/:id/free-text: the free-text answers, to the survey's owner (its creator) only.
api_response free_text(request_context& ctx) {
  auto const survey = ctx.param_id("id");
  long long owner = 0;
  soci::indicator owner_ind = soci::i_null;
  require_visible(ctx, records::kSurvey, survey);
  ctx.sql_ << "SELECT created_by FROM survey WHERE id = :id", soci::use(survey), soci::into(owner, owner_ind);
  if (owner_ind != soci::i_ok || owner != static_cast<long long>(ctx.user_.id_.v())) {
    throw api_error{error_kind::kForbidden, "free-text answers are shown to the survey's owner only"};
  }
  require_current(ctx, survey);
  soci::rowset<soci::row> rs = (ctx.sql_.prepare << "SELECT public, free_text FROM survey_response WHERE survey_id = "
                                                    ":s AND free_text <> '' ORDER BY id",
                                soci::use(survey));
  return reply(200, rows_json(rs, {"public", "free_text"}));
}

// DELETE /api/surveys/:id/answers: every answer of the survey erased (GDPR), the survey kept.
api_response erase_answers(request_context& ctx) {
  auto const survey = ctx.param_id("id");
  require_visible(ctx, records::kSurvey, survey);
  long long n = 0;
  ctx.sql_ << "SELECT COUNT(*) FROM survey_response WHERE survey_id = :s", soci::use(survey), soci::into(n);
  ctx.sql_ << "DELETE FROM survey_response WHERE survey_id = :s", soci::use(survey);
  audit(ctx, "delete", "survey_response", survey, {{"erased", n}});
  return reply(200, {{"survey_id", survey}, {"erased", n}});
}

}  // namespace

void add_surveys_api(route_table& s) {
  s.route("POST", "/api/surveys/:id/import", import_answers);
  s.route("GET", "/api/surveys/:id/tabulation", get_tabulation);
  s.route("GET", "/api/surveys/:id/tabulation.xlsx", tabulation_xlsx);
  s.route("GET", "/api/surveys/:id/free-text", free_text);
  s.route("DELETE", "/api/surveys/:id/answers", erase_answers);
}

}  // namespace solimob::server::routes
