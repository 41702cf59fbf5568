// Mobility-needs surveys: the survey and the column mappings are record types
// (server/records/workspace.cc); here the import of a form tool's export (CSV in its declared
// encoding, or XLSX) through a mapping, each answer's commune resolved to its INSEE code (from a
// name, a code or coordinates, against the communes given to `serve --communes`), the tabulation by
// public or commune and the public x commune cross-tabulation under statistical secrecy with their
// XLSX exports, the map of a barrier by commune, the free-text answers (the survey's owner only)
// and the erasure of the answers (GDPR).
//
// Statistical secrecy: no figure is shown for a group of fewer than kSecrecyThreshold respondents;
// and no secret figure may be the difference between a total and the figures shown: in every sum
// of a table (a row with its total, a column with its total) where a single figure is secret, the
// smallest other one is suppressed too, until no sum has a single secret figure.
#include <soci/soci.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/geo.h"
#include "io/vector_io.h"
#include "server/communes.h"
#include "server/routes/document_export.h"
#include "server/routes/record_routes.h"
#include "server/routes/support.h"
#include "server/routes/text_lists.h"
#include "server/routes/uploads.h"

namespace solimob::server::routes {

namespace {

constexpr long long kSecrecyThreshold = 11;
constexpr std::size_t kMaxAnswers = 100'000;

using communes_ptr = std::shared_ptr<commune_reference const>;

struct mapping {
  std::string public_, commune_, barriers_, purposes_, modes_, free_text_, longitude_, latitude_, encoding_,
      destinations_;
  char separator_{';'};
};

mapping load_mapping(request_context& ctx, long long id) {
  mapping m;
  std::string separator;
  bool found = false;
  soci::rowset<soci::row> rs =
      (ctx.sql_.prepare << "SELECT public_column, commune_column, barriers_column, purposes_column, modes_column, "
                           "free_text_column, separator, longitude_column, latitude_column, encoding, "
                           "destinations_column FROM survey_mapping WHERE id = :id",
       soci::use(id));
  for (auto const& r : rs) {
    found = true;
    m = {as_text(r, 0).get<std::string>(), as_text(r, 1).get<std::string>(), as_text(r, 2).get<std::string>(),
         as_text(r, 3).get<std::string>(), as_text(r, 4).get<std::string>(), as_text(r, 5).get<std::string>(),
         as_text(r, 7).get<std::string>(), as_text(r, 8).get<std::string>(), as_text(r, 9).get<std::string>(),
         as_text(r, 10).get<std::string>()};
    separator = as_text(r, 6).get<std::string>();
  }
  if (!found) {
    invalid("mapping_id", "no column mapping " + std::to_string(id));
  }
  if (m.longitude_.empty() != m.latitude_.empty()) {
    invalid("mapping_id", "the mapping names one coordinate column: it needs both longitude and latitude");
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

// A coordinate of row `row` (CSV line / sheet row: the header is row 1): NaN when empty; a decimal
// comma is accepted; invalid input naming the row and the column otherwise.
double coordinate(std::string text, std::string const& column, std::size_t row) {
  text = trimmed(text);
  if (text.empty()) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  std::replace(begin(text), end(text), ',', '.');
  double v = 0.0;
  auto const [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size()) {
    invalid("content_base64", "row " + std::to_string(row) + ", column " + column + ": '" + text + "' is not a number");
  }
  return v;
}

// The INSEE code of an answer's commune: the commune its coordinates fall in, else the one its text
// names; "" when there is no reference, no answer or no match (counted: outside for coordinates
// alone, unresolved for a text).
struct commune_resolution {
  communes_ptr communes_;
  long long resolved_{0}, unresolved_{0}, outside_{0};
  std::set<std::string> unknown_;  // the texts that matched no commune, a few shown to the importer

  std::string code(std::string const& text, std::optional<latlng> at) {
    if (communes_ == nullptr || (text.empty() && !at)) {
      return {};
    }
    auto found = at ? communes_->locate(*at) : std::nullopt;
    if (!found && !text.empty()) {
      found = communes_->find(text);  // a point outside the communes falls back on the text
    }
    if (found) {
      ++resolved_;
      return communes_->communes()[*found].code_;
    }
    if (text.empty()) {
      ++outside_;
    } else {
      ++unresolved_;
      if (unknown_.size() < 10) {
        unknown_.insert(text);
      }
    }
    return {};
  }

  json summary() const {
    if (communes_ == nullptr) {
      return nullptr;  // the server was started without --communes
    }
    return {{"resolved", resolved_}, {"unresolved", unresolved_}, {"outside", outside_}, {"unknown", unknown_}};
  }
};

// POST /api/surveys/:id/import {"mapping_id","file_name","content_base64"}: the answers of a CSV or
// XLSX export, the columns the mapping names (the others, names included, are not read);
// coordinates only serve to find the commune and are not kept.
api_response import_answers(request_context& ctx, communes_ptr const& communes) {
  auto const survey = ctx.param_id("id");
  require_visible(ctx, records::kSurvey, survey);
  require_current(ctx, survey);
  auto const& b = body_object(ctx);
  auto const m = load_mapping(ctx, integer(b, "mapping_id", 1, INT64_MAX));
  std::vector<std::string> columns{m.public_};
  for (auto const* c : {&m.commune_, &m.barriers_, &m.purposes_, &m.destinations_, &m.modes_, &m.free_text_,
                        &m.longitude_, &m.latitude_}) {
    if (!c->empty() && std::find(begin(columns), end(columns), *c) == end(columns)) {
      columns.push_back(*c);
    }
  }
  static std::map<std::string, std::string> const kDrivers{{".csv", "CSV"}, {".xlsx", "XLSX"}};
  auto const layer = read_upload(
      b, "file_name", kDrivers, "a .csv or .xlsx export of a form",
      [&](std::filesystem::path const& path, io::untrusted_file const& untrusted) {
        io::read_options o;
        o.id_field_.clear();
        o.text_fields_ = columns;
        o.require_positions_ = false;
        o.read_positions_ = false;
        o.untrusted_ = untrusted;
        return io::read_layer(path, o);
      },
      m.encoding_);
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
  commune_resolution resolution{communes};
  auto imported = 0LL;
  for (auto i = std::size_t{0}; i != layer.ids_.size(); ++i) {
    auto const pub = value(m.public_, i, false);
    if (pub.empty()) {
      continue;  // an unanswered questionnaire
    }
    std::optional<latlng> at;
    if (!m.longitude_.empty()) {
      auto const lng = coordinate(value(m.longitude_, i, false), m.longitude_, i + 2);
      auto const lat = coordinate(value(m.latitude_, i, false), m.latitude_, i + 2);
      if (std::isnan(lng) != std::isnan(lat)) {
        invalid("content_base64", "row " + std::to_string(i + 2) + ": a longitude without latitude or the reverse");
      }
      if (!std::isnan(lng)) {
        if (!is_valid_wgs84(lat, lng)) {
          invalid("content_base64", "row " + std::to_string(i + 2) + ", columns " + m.longitude_ + "/" + m.latitude_ +
                                        ": coordinates must be WGS84 longitude/latitude in degrees");
        }
        at = latlng{lat, lng};
      }
    }
    auto const commune = value(m.commune_, i, false);
    auto const code = resolution.code(commune, at);
    auto const barriers = value(m.barriers_, i, true);
    auto const purposes = value(m.purposes_, i, true);
    auto const destinations = value(m.destinations_, i, true);
    auto const modes = value(m.modes_, i, true);
    auto const free = value(m.free_text_, i, false);
    ctx.sql_ << "INSERT INTO survey_response (survey_id, public, commune, commune_code, barriers, purposes, "
                "destinations, modes, free_text) VALUES (:s, :p, :c, :cc, :b, :pu, :d, :m, :f)",
        soci::use(survey), soci::use(pub), soci::use(commune), soci::use(code), soci::use(barriers),
        soci::use(purposes), soci::use(destinations), soci::use(modes), soci::use(free);
    ++imported;
  }
  audit(ctx, "create", "survey_response", survey, {{"imported", imported}, {"file", text(b, "file_name")}});
  return reply(
      201,
      {{"survey_id", survey}, {"imported", imported}, {"rows", layer.ids_.size()}, {"communes", resolution.summary()}});
}

// A figure of a table and whether it may be shown.
struct cell {
  long long respondents_{0};  // the group's size, which decides its secrecy
  bool secret_{false};
};

// Primary secrecy (fewer than kSecrecyThreshold respondents; an empty group shows its 0), then the
// secondary suppression over `sums` (each: the figures of a row or column and its total): while a
// sum has a single secret figure, its smallest other non-empty figure is suppressed.
void apply_secrecy(std::vector<cell*> const& cells, std::vector<std::vector<cell*>> const& sums) {
  for (auto* c : cells) {
    c->secret_ = c->respondents_ > 0 && c->respondents_ < kSecrecyThreshold;
  }
  for (auto changed = true; changed;) {
    changed = false;
    for (auto const& sum : sums) {
      if (std::count_if(begin(sum), end(sum), [](cell const* c) { return c->secret_; }) != 1) {
        continue;
      }
      cell* smallest = nullptr;
      for (auto* c : sum) {
        if (!c->secret_ && c->respondents_ > 0 && (smallest == nullptr || c->respondents_ < smallest->respondents_)) {
          smallest = c;
        }
      }
      if (smallest != nullptr) {
        smallest->secret_ = changed = true;
      }
    }
  }
}

// The group an answer counts in by commune: the name of its resolved commune, else the text it gave
// (flagged when the communes are known but this one was not found), else "(non renseigné)".
std::string commune_group(communes_ptr const& communes, std::string const& code, std::string const& typed) {
  if (!code.empty()) {
    auto const* c = communes == nullptr ? nullptr : communes->by_code(code);
    return c == nullptr ? code : c->name_;
  }
  if (typed.empty()) {
    return "(non renseigné)";
  }
  return communes == nullptr ? typed : typed + " (non reconnue)";
}

struct answer {
  std::string public_, commune_, code_;
  std::set<std::string> named_;  // the barriers (purposes, destinations, modes) named, once each
};

std::vector<answer> load_answers(request_context& ctx, communes_ptr const& communes, long long survey,
                                 std::string const& of) {
  std::vector<answer> out;
  soci::rowset<soci::row> rs = (ctx.sql_.prepare << "SELECT public, commune_code, commune, " + of +
                                                        " FROM survey_response WHERE survey_id = :s ORDER BY id",
                                soci::use(survey));
  for (auto const& r : rs) {
    auto const code = as_text(r, 1).get<std::string>();
    auto const items = split_list(as_text(r, 3).get<std::string>(), ";");
    out.push_back({as_text(r, 0).get<std::string>(), commune_group(communes, code, as_text(r, 2).get<std::string>()),
                   code, std::set<std::string>{begin(items), end(items)}});
  }
  return out;
}

struct group {
  std::string name_;
  std::string code_;  // by commune: the INSEE code of a resolved commune
  cell size_;
  std::map<std::string, long long> counts_;
};

struct tabulation {
  std::vector<std::string> values_;
  std::vector<group> groups_;
  cell total_;
};

// Respondents by public or commune, and how many of them named each barrier / purpose / mode.
tabulation tabulate(std::vector<answer> const& answers, std::string const& by) {
  tabulation t;
  std::map<std::string, group> groups;
  std::set<std::string> values;
  for (auto const& a : answers) {
    auto const& name = by == "public" ? a.public_ : a.commune_;
    auto& g = groups[name];
    g.name_ = name;
    g.code_ = by == "public" ? "" : a.code_;
    ++g.size_.respondents_;
    ++t.total_.respondents_;
    for (auto const& v : a.named_) {
      ++g.counts_[v];
      values.insert(v);
    }
  }
  t.values_.assign(begin(values), end(values));
  std::vector<cell*> cells{&t.total_}, sum{&t.total_};
  for (auto& [name, g] : groups) {
    t.groups_.push_back(std::move(g));
  }
  for (auto& g : t.groups_) {
    cells.push_back(&g.size_);
    sum.push_back(&g.size_);
  }
  apply_secrecy(cells, {sum});
  return t;
}

// The public x commune table: respondents (or, with `value`, those who named it) of each public in
// each commune, with the totals of rows and columns.
struct cross_tabulation {
  std::vector<std::string> publics_, communes_;
  // [public][commune]: each row ends with its total, and a last row holds the columns' totals.
  std::vector<std::vector<cell>> cells_;
  std::vector<std::vector<long long>> figures_;
};

cross_tabulation cross_tabulate(std::vector<answer> const& answers, std::string const& value) {
  cross_tabulation x;
  std::set<std::string> publics, communes;
  for (auto const& a : answers) {
    publics.insert(a.public_);
    communes.insert(a.commune_);
  }
  x.publics_.assign(begin(publics), end(publics));
  x.communes_.assign(begin(communes), end(communes));
  auto const rows = x.publics_.size(), columns = x.communes_.size();
  x.cells_.assign(rows + 1, std::vector<cell>(columns + 1));
  x.figures_.assign(rows + 1, std::vector<long long>(columns + 1, 0));
  auto const index = [](std::vector<std::string> const& v, std::string const& s) {
    return static_cast<std::size_t>(std::lower_bound(begin(v), end(v), s) - begin(v));
  };
  for (auto const& a : answers) {
    auto const r = index(x.publics_, a.public_), c = index(x.communes_, a.commune_);
    auto const counted = value.empty() || a.named_.contains(value) ? 1 : 0;
    for (auto const& [rr, cc] : {std::pair{r, c}, {r, columns}, {rows, c}, {rows, columns}}) {
      ++x.cells_[rr][cc].respondents_;
      x.figures_[rr][cc] += counted;
    }
  }
  std::vector<cell*> all;
  std::vector<std::vector<cell*>> sums(rows + 1 + columns + 1);
  for (auto r = std::size_t{0}; r <= rows; ++r) {
    for (auto c = std::size_t{0}; c <= columns; ++c) {
      all.push_back(&x.cells_[r][c]);
      sums[r].push_back(&x.cells_[r][c]);
      sums[rows + 1 + c].push_back(&x.cells_[r][c]);
    }
  }
  apply_secrecy(all, sums);
  return x;
}

struct asked_table {
  long long survey_;
  std::string by_, of_, value_;
  std::vector<answer> answers_;
};

// The table GET .../tabulation, .../crosstab, .../map [.xlsx]?by=&of=&value= asks for (a survey
// the user may read, within its retention period); `by` and `of` are column names checked against
// their lists.
asked_table asked(request_context& ctx, communes_ptr const& communes) {
  refuse_partners(ctx);
  auto const survey = ctx.param_id("id");
  require_visible(ctx, records::kSurvey, survey);
  require_current(ctx, survey);
  auto by = ctx.query("by").value_or("public");
  auto of = ctx.query("of").value_or("barriers");
  auto value = trimmed(ctx.query("value").value_or(""));
  if (by != "public" && by != "commune") {
    invalid("by", "public or commune");
  }
  if (of != "barriers" && of != "purposes" && of != "destinations" && of != "modes") {
    invalid("of", "barriers, purposes, destinations or modes");
  }
  if (value.size() > 200) {
    invalid("value", "at most 200 bytes");
  }
  auto answers = load_answers(ctx, communes, survey, of);
  return {survey, std::move(by), std::move(of), std::move(value), std::move(answers)};
}

json figure(cell const& c, long long n) {
  return c.secret_ ? json{} : json(n);
}

std::string secret_text() {
  return "secret (< " + std::to_string(kSecrecyThreshold) + ")";
}

// A sheet of text columns: a secret figure is written "secret (< 11)", never as a number.
io::table text_sheet(std::string name, std::vector<std::string> const& columns) {
  io::table sheet{std::move(name), {}, {}, {}};
  for (auto const& c : columns) {
    sheet.columns_.push_back({c, io::column::type::kText});
  }
  return sheet;
}

io::table secrecy_note() {
  auto note = text_sheet("Secret statistique", {"regle"});
  note.rows_.push_back({"Aucun chiffre n'est donné pour un groupe de moins de " + std::to_string(kSecrecyThreshold) +
                        " répondants ; dans chaque total (ligne, colonne) où un seul chiffre serait secret, le plus "
                        "petit des autres l'est aussi, pour qu'aucun ne se déduise par différence."});
  return note;
}

api_response get_tabulation(request_context& ctx, communes_ptr const& communes) {
  auto const a = asked(ctx, communes);
  auto const t = tabulate(a.answers_, a.by_);
  json groups = json::array();
  for (auto const& g : t.groups_) {
    json counts = json::object();
    for (auto const& v : t.values_) {
      counts[v] = g.counts_.contains(v) ? g.counts_.at(v) : 0;
    }
    groups.push_back({{"group", g.name_},
                      {"secret", g.size_.secret_},
                      {"respondents", figure(g.size_, g.size_.respondents_)},
                      {"counts", g.size_.secret_ ? json{} : counts}});
  }
  return reply(200, {{"by", a.by_},
                     {"of", a.of_},
                     {"threshold", kSecrecyThreshold},
                     {"respondents", figure(t.total_, t.total_.respondents_)},
                     {"values", t.values_},
                     {"groups", groups}});
}

api_response tabulation_xlsx(request_context& ctx, communes_ptr const& communes) {
  auto const a = asked(ctx, communes);
  auto const t = tabulate(a.answers_, a.by_);
  std::vector<std::string> columns{a.by_, "repondants"};
  columns.insert(end(columns), begin(t.values_), end(t.values_));
  auto sheet = text_sheet("Tableau", columns);
  for (auto const& g : t.groups_) {
    auto const shown = [&](long long n) { return g.size_.secret_ ? secret_text() : std::to_string(n); };
    std::vector<io::cell> row{g.name_, shown(g.size_.respondents_)};
    for (auto const& v : t.values_) {
      row.emplace_back(shown(g.counts_.contains(v) ? g.counts_.at(v) : 0));
    }
    sheet.rows_.push_back(std::move(row));
  }
  return spreadsheet_export({sheet, secrecy_note()},
                            "enquete-" + std::to_string(a.survey_) + "-" + a.by_ + "-" + a.of_ + ".xlsx");
}

// GET /api/surveys/:id/crosstab?of=&value=: publics in rows, communes in columns.
api_response get_crosstab(request_context& ctx, communes_ptr const& communes) {
  auto const a = asked(ctx, communes);
  auto const x = cross_tabulate(a.answers_, a.value_);
  json rows = json::array();
  for (auto r = std::size_t{0}; r <= x.publics_.size(); ++r) {
    json figures = json::array();
    for (auto c = std::size_t{0}; c <= x.communes_.size(); ++c) {
      figures.push_back(figure(x.cells_[r][c], x.figures_[r][c]));
    }
    rows.push_back(figures);
  }
  return reply(200, {{"of", a.of_},
                     {"value", a.value_},
                     {"threshold", kSecrecyThreshold},
                     {"publics", x.publics_},
                     {"communes", x.communes_},
                     {"rows", rows}});
}

api_response crosstab_xlsx(request_context& ctx, communes_ptr const& communes) {
  auto const a = asked(ctx, communes);
  auto const x = cross_tabulate(a.answers_, a.value_);
  std::vector<std::string> columns{"public"};
  columns.insert(end(columns), begin(x.communes_), end(x.communes_));
  columns.emplace_back("Total");
  auto sheet = text_sheet("Tableau croisé", columns);
  for (auto r = std::size_t{0}; r <= x.publics_.size(); ++r) {
    std::vector<io::cell> row{r == x.publics_.size() ? std::string{"Total"} : x.publics_[r]};
    for (auto c = std::size_t{0}; c <= x.communes_.size(); ++c) {
      row.emplace_back(x.cells_[r][c].secret_ ? secret_text() : std::to_string(x.figures_[r][c]));
    }
    sheet.rows_.push_back(std::move(row));
  }
  auto what = text_sheet("Lecture", {"champ"});
  what.rows_.push_back({a.value_.empty()
                            ? std::string{"Répondants par public et par commune"}
                            : "Répondants ayant cité « " + a.value_ + " » (" + a.of_ + "), par public et par commune"});
  return spreadsheet_export({sheet, what, secrecy_note()},
                            "enquete-" + std::to_string(a.survey_) + "-croise-" + a.of_ + ".xlsx");
}

// GET /api/surveys/:id/map?of=&value=: each commune of the reference with its respondents and, with
// `value`, how many named it and their share; secret communes show no figure.
api_response get_map(request_context& ctx, communes_ptr const& communes) {
  if (communes == nullptr) {
    throw api_error{error_kind::kConflict, "no communes loaded: start the server with --communes FILE"};
  }
  auto const a = asked(ctx, communes);
  auto const t = tabulate(a.answers_, "commune");
  std::map<std::string, group const*> by_code;
  long long elsewhere = 0;
  bool elsewhere_secret = false;
  for (auto const& g : t.groups_) {
    if (g.code_.empty()) {
      elsewhere += g.size_.respondents_;
      elsewhere_secret = elsewhere_secret || g.size_.secret_;
    } else {
      by_code[g.code_] = &g;
    }
  }
  json features = json::array();
  for (auto const& c : communes->communes()) {
    auto const at = by_code.find(c.code_);
    auto const* g = at == by_code.end() ? nullptr : at->second;
    json p = {{"code", c.code_}, {"name", c.name_}, {"secret", g != nullptr && g->size_.secret_}};
    p["respondents"] = g == nullptr ? json(0) : figure(g->size_, g->size_.respondents_);
    if (!a.value_.empty()) {
      auto const n = g == nullptr || !g->counts_.contains(a.value_) ? 0 : g->counts_.at(a.value_);
      p["count"] = g == nullptr ? json{} : figure(g->size_, n);
      p["share"] = g == nullptr || g->size_.secret_
                       ? json{}
                       : json(static_cast<double>(n) / static_cast<double>(g->size_.respondents_));
    }
    features.push_back({{"type", "Feature"}, {"properties", p}, {"geometry", json::parse(c.geometry_)}});
  }
  return reply(200, {{"type", "FeatureCollection"},
                     {"of", a.of_},
                     {"value", a.value_},
                     {"threshold", kSecrecyThreshold},
                     {"values", t.values_},
                     {"respondents", figure(t.total_, t.total_.respondents_)},
                     {"not_located", elsewhere_secret ? json{} : json(elsewhere)},
                     {"features", features}});
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

void add_surveys_api(route_table& s, std::shared_ptr<commune_reference const> communes) {
  auto const with_communes = [&](auto handler) {
    return [communes, handler](request_context& ctx) { return handler(ctx, communes); };
  };
  s.route("POST", "/api/surveys/:id/import", with_communes(import_answers));
  s.route("GET", "/api/surveys/:id/tabulation", with_communes(get_tabulation));
  s.route("GET", "/api/surveys/:id/tabulation.xlsx", with_communes(tabulation_xlsx));
  s.route("GET", "/api/surveys/:id/crosstab", with_communes(get_crosstab));
  s.route("GET", "/api/surveys/:id/crosstab.xlsx", with_communes(crosstab_xlsx));
  s.route("GET", "/api/surveys/:id/map", with_communes(get_map));
  s.route("GET", "/api/surveys/:id/free-text", free_text);
  s.route("DELETE", "/api/surveys/:id/answers", erase_answers);
}

}  // namespace solimob::server::routes
