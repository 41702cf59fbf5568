#include "jobs/diagnostic_config.h"

#include <algorithm>
#include <set>

#include <toml++/toml.h>

#include "core/error.h"

namespace solimob::jobs {

namespace {

// One TOML table being read: accessors check types and ranges and name the key in errors.
class section {
 public:
  section(toml::table const& t, std::string where, std::filesystem::path const& file)
      : t_{t}, where_{std::move(where)}, file_{file} {}

  [[noreturn]] void fail(std::string const& key, std::string const& msg, toml::node const* at = nullptr) const {
    auto const line = at != nullptr ? at->source().begin.line : t_.source().begin.line;
    throw input_error{file_.string(), line, name(key), msg};
  }
  std::string name(std::string const& key) const { return where_.empty() ? key : where_ + "." + key; }

  void only(std::initializer_list<char const*> keys) const {
    for (auto const& [k, v] : t_) {
      if (std::none_of(keys.begin(), keys.end(), [&](char const* x) { return k.str() == x; })) {
        std::string list;
        for (auto const* x : keys) {
          list += (list.empty() ? "" : ", ") + std::string{x};
        }
        fail(std::string{k.str()}, "unknown key (expected one of " + list + ")", &v);
      }
    }
  }
  bool has(char const* key) const { return t_.contains(key); }

  std::string text(char const* key) const {
    auto const* n = t_.get(key);
    if (n == nullptr) {
      fail(key, "missing");
    }
    auto const* s = n->as_string();
    if (s == nullptr || s->get().empty()) {
      fail(key, "expected a non-empty string", n);
    }
    return s->get();
  }
  std::string text_or(char const* key, std::string fallback) const { return has(key) ? text(key) : fallback; }
  std::optional<std::string> text_opt(char const* key) const {
    return has(key) ? std::optional{text(key)} : std::nullopt;
  }
  // A file that must exist, relative to the configuration's folder.
  std::string path(char const* key) const {
    auto const p = resolve(text(key));
    if (!std::filesystem::exists(p)) {
      fail(key, "file not found: " + p.string(), t_.get(key));
    }
    return p.string();
  }
  std::string path_or_empty(char const* key) const { return has(key) ? path(key) : std::string{}; }
  std::filesystem::path resolve(std::string const& p) const {
    std::filesystem::path const x{p};
    return x.is_absolute() ? x : file_.parent_path() / x;
  }
  double number(char const* key, double min, double max) const {
    auto const* n = t_.get(key);
    if (n == nullptr) {
      fail(key, "missing");
    }
    auto const v = n->value<double>();
    if (!v || !(*v >= min && *v <= max)) {
      fail(key, "expected a number in [" + std::to_string(min) + ", " + std::to_string(max) + "]", n);
    }
    return *v;
  }
  int integer(char const* key, int min, int max, int fallback) const {
    auto const* n = t_.get(key);
    if (n == nullptr) {
      return fallback;
    }
    auto const* i = n->as_integer();
    if (i == nullptr || i->get() < min || i->get() > max) {
      fail(key, "expected a whole number in [" + std::to_string(min) + ", " + std::to_string(max) + "]", n);
    }
    return static_cast<int>(i->get());
  }
  bool boolean(char const* key, bool fallback) const {
    auto const* n = t_.get(key);
    if (n == nullptr) {
      return fallback;
    }
    if (!n->is_boolean()) {
      fail(key, "expected true or false", n);
    }
    return n->as_boolean()->get();
  }
  std::vector<int> integers(char const* key, int min, int max) const {
    std::vector<int> out;
    auto const* n = t_.get(key);
    if (n == nullptr) {
      return out;
    }
    auto const* a = n->as_array();
    if (a == nullptr) {
      fail(key, "expected an array of whole numbers", n);
    }
    for (auto const& e : *a) {
      auto const* i = e.as_integer();
      if (i == nullptr || i->get() < min || i->get() > max) {
        fail(key, "expected whole numbers in [" + std::to_string(min) + ", " + std::to_string(max) + "]", &e);
      }
      out.push_back(static_cast<int>(i->get()));
    }
    return out;
  }
  std::vector<std::string> texts(char const* key) const {
    std::vector<std::string> out;
    auto const* n = t_.get(key);
    if (n == nullptr) {
      return out;
    }
    auto const* a = n->as_array();
    if (a == nullptr) {
      fail(key, "expected an array of strings", n);
    }
    for (auto const& e : *a) {
      auto const* s = e.as_string();
      if (s == nullptr) {
        fail(key, "expected an array of strings", &e);
      }
      out.push_back(s->get());
    }
    return out;
  }
  section table(char const* key, bool required) const {
    auto const* n = t_.get(key);
    if (n == nullptr) {
      if (required) {
        fail(key, "missing table [" + name(key) + "]");
      }
      static toml::table const kEmpty;
      return {kEmpty, name(key), file_};
    }
    if (!n->is_table()) {
      fail(key, "expected a table", n);
    }
    return {*n->as_table(), name(key), file_};
  }
  std::vector<section> tables(char const* key) const {
    std::vector<section> out;
    auto const* n = t_.get(key);
    if (n == nullptr) {
      return out;
    }
    auto const* a = n->as_array();
    if (a == nullptr) {
      fail(key, "expected an array of tables ([[" + name(key) + "]])", n);
    }
    for (auto i = 0U; i != a->size(); ++i) {
      auto const* t = (*a)[i].as_table();
      if (t == nullptr) {
        fail(key, "expected tables", &(*a)[i]);
      }
      out.emplace_back(*t, name(key) + "[" + std::to_string(i) + "]", file_);
    }
    return out;
  }
  bool empty() const { return t_.empty(); }

 private:
  toml::table const& t_;
  std::string where_;
  std::filesystem::path const& file_;
};

bool is_column_name(std::string const& s) {
  return !s.empty() && std::all_of(begin(s), end(s),
                                   [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

}  // namespace

diagnostic_config read_diagnostic_config(std::filesystem::path const& path) {
  if (!std::filesystem::is_regular_file(path)) {
    throw io_error{path.string() + ": configuration file not found"};
  }
  toml::table doc;
  try {
    doc = toml::parse_file(path.string());
  } catch (toml::parse_error const& e) {
    throw input_error{path.string(), e.source().begin.line, "",
                      std::string{"not valid TOML: "} + std::string{e.description()}};
  }
  diagnostic_config c;
  c.file_ = std::filesystem::absolute(path);
  section const top{doc, "", c.file_};
  top.only({"territory", "network", "population", "publics", "services", "categories", "jobs", "zones", "analysis",
            "scenarios"});

  auto const t = top.table("territory", true);
  t.only({"name", "synthetic", "sources"});
  c.name_ = t.text("name");
  c.synthetic_ = t.text_or("synthetic", "");
  c.sources_ = t.texts("sources");

  auto const n = top.table("network", true);
  n.only({"file", "osm", "gtfs", "on_demand", "fares", "profiles"});
  if (n.has("file") == n.has("osm")) {
    n.fail("file", "give either file (a built network) or osm with gtfs");
  }
  if (n.has("file")) {
    c.network_.network_ = n.path("file");
  } else {
    c.network_.osm_ = n.path("osm");
    for (auto const& g : n.texts("gtfs")) {
      auto const p = n.resolve(g);
      if (!std::filesystem::exists(p)) {
        n.fail("gtfs", "file not found: " + p.string());
      }
      c.network_.gtfs_.push_back(p.string());
    }
    if (c.network_.gtfs_.empty()) {
      n.fail("gtfs", "give at least one GTFS feed with osm");
    }
  }
  c.on_demand_ = n.path_or_empty("on_demand");
  c.fares_ = n.path_or_empty("fares");
  c.profiles_ = n.path_or_empty("profiles");

  auto const p = top.table("population", true);
  p.only({"file", "layer", "id", "total", "crs", "rank"});
  c.population_ = {p.path("file"),  p.text_or("layer", ""), p.text("id"),
                   p.text("total"), p.text_opt("crs"),      p.text_opt("rank")};

  std::set<std::string> names;
  for (auto const& s : top.tables("publics")) {
    s.only({"name", "label", "field", "profile", "rider", "both_bounds"});
    diagnostic_config::public_def d{s.text("name"),    s.text_or("label", ""), s.text("field"),
                                    s.text("profile"), s.text_or("rider", ""), s.boolean("both_bounds", false)};
    if (!is_column_name(d.name_)) {
      s.fail("name", "'" + d.name_ + "': lower-case letters, digits and _ (it prefixes column names)");
    }
    if (!names.insert(d.name_).second) {
      s.fail("name", "public '" + d.name_ + "' is defined twice");
    }
    if (d.label_.empty()) {
      d.label_ = d.name_;
    }
    c.publics_.push_back(std::move(d));
  }

  auto const sv = top.table("services", true);
  sv.only({"file", "layer", "id", "category", "name"});
  c.services_ = {sv.path("file"), sv.text_or("layer", ""), sv.text("id"), sv.text("category"), sv.text_opt("name")};
  std::set<std::string> codes;
  for (auto const& s : top.tables("categories")) {
    s.only({"code", "label", "nearest", "cutoffs"});
    diagnostic_config::category k{s.text("code"), s.text_or("label", ""), s.boolean("nearest", true),
                                  s.integers("cutoffs", 1, 240)};
    if (!codes.insert(k.code_).second) {
      s.fail("code", "category '" + k.code_ + "' is listed twice");
    }
    if (k.label_.empty()) {
      k.label_ = k.code_;
    }
    if (!k.nearest_ && k.cutoffs_.empty()) {
      s.fail("nearest", "a category needs nearest = true or cutoffs");
    }
    c.categories_.push_back(std::move(k));
  }
  if (c.categories_.empty()) {
    top.fail("categories", "list at least one service category ([[categories]] with a code)");
  }

  if (top.has("jobs")) {
    auto const j = top.table("jobs", true);
    j.only({"file", "layer", "id", "field", "cutoffs"});
    c.jobs_ = diagnostic_config::jobs_def{j.path("file"), j.text_or("layer", ""), j.text("id"), j.text("field"),
                                          j.integers("cutoffs", 1, 240)};
    if (c.jobs_->cutoffs_.empty()) {
      j.fail("cutoffs", "give the cutoffs (minutes) within which jobs are counted, e.g. [45, 60]");
    }
  }

  for (auto const& z : top.tables("zones")) {
    z.only({"name", "label", "file", "id", "label_field"});
    c.zones_.push_back(
        {z.text("name"), z.text_or("label", ""), z.path("file"), z.text("id"), z.text_opt("label_field")});
    if (!is_column_name(c.zones_.back().name_)) {
      z.fail("name", "lower-case letters, digits and _ (it names a layer)");
    }
    if (c.zones_.back().label_.empty()) {
      c.zones_.back().label_ = c.zones_.back().name_;
    }
  }

  auto const a = top.table("analysis", true);
  a.only(
      {"departure", "window", "percentile", "max_time", "max_fare", "white_zone_minutes", "mode", "frequency_draws"});
  c.analysis_.departure_ = a.text("departure");
  if (!parse_date_time(c.analysis_.departure_)) {
    a.fail("departure", "expected \"YYYY-MM-DD HH:MM\", got '" + c.analysis_.departure_ + "'");
  }
  c.analysis_.window_ = a.integer("window", 1, 240, 30);
  c.analysis_.percentile_ = a.integer("percentile", 1, 100, 50);
  c.analysis_.max_time_ = a.integer("max_time", 1, 240, 90);
  if (a.has("max_fare")) {
    c.analysis_.max_fare_ = a.number("max_fare", 0.0, 1000.0);
  }
  c.analysis_.white_zone_minutes_ = a.has("white_zone_minutes") ? a.number("white_zone_minutes", 1, 240) : 45.0;
  if (c.analysis_.white_zone_minutes_ > c.analysis_.max_time_) {
    a.fail("white_zone_minutes", "must not exceed max_time");
  }
  if (a.has("frequency_draws")) {
    c.analysis_.frequency_draws_ = a.integer("frequency_draws", 0, 1000, 0);
  }
  c.analysis_.mode_ = a.text_or("mode", "transit");
  if (c.analysis_.mode_ != "transit" && c.analysis_.mode_ != "walk" && c.analysis_.mode_ != "car") {
    a.fail("mode", "transit, walk or car, got '" + c.analysis_.mode_ + "'");
  }

  for (auto const& s : top.tables("scenarios")) {
    s.only({"name", "file"});
    c.scenarios_.push_back({s.text_or("name", ""), s.path("file")});
  }
  return c;
}

}  // namespace solimob::jobs
