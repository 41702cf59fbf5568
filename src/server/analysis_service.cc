#include "server/analysis_service.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <ctime>
#include <deque>
#include <fstream>
#include <future>
#include <limits>
#include <list>
#include <map>
#include <mutex>
#include <numeric>
#include <set>
#include <sstream>

#include "analysis/accessibility.h"
#include "analysis/equity.h"
#include "core/error.h"
#include "geometry/geometry.h"
#include "io/file_util.h"
#include "io/vector_io.h"
#include "jobs/diagnostic_config.h"
#include "jobs/isochrone_job.h"
#include "jobs/tables.h"
#include "jobs/territory.h"
#include "network/network.h"
#include "profile/profile.h"
#include "scenario/scenario.h"
#include "server/api_error.h"

namespace solimob::server {

using nlohmann::json;

namespace {

constexpr auto kMaxWindow = 120;

std::uint64_t fnv1a(std::uint64_t h, std::string_view s) {
  for (auto const c : s) {
    h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  }
  return h;
}

std::string hex(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

std::string now_utc() {
  auto const t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string hh_mm(seconds_t s) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%02d:%02d", s / 3600, (s / 60) % 60);
  return buf;
}

[[noreturn]] void bad(std::string const& field, std::string const& message) {
  throw api_error{error_kind::kInvalidInput, message, field};
}

int parse_int(std::string const& s, std::string const& field, int min, int max) {
  int v = 0;
  auto const [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || v < min || v > max) {
    bad(field, "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max) + ", got '" +
                   s.substr(0, 40) + "'");
  }
  return v;
}

// Minutes with one decimal, null when unreachable or not linked.
json minutes_or_null(double v) {
  return std::isnan(v) ? json{} : json(std::round(v * 10.0) / 10.0);
}

json number_or_null(double v, int decimals = 3) {
  auto const f = std::pow(10.0, decimals);
  return std::isnan(v) || std::isinf(v) ? json{} : json(std::round(v * f) / f);
}

std::string mode_name(int route_type) {
  switch (route_type) {
    case 0:
      return "tram";
    case 1:
      return "metro";
    case 2:
      return "rail";
    case 3:
      return "bus";
    default:
      return "other";
  }
}

std::string text_of(io::cell const& c) {
  if (auto const* s = std::get_if<std::string>(&c)) {
    return *s;
  }
  if (auto const* i = std::get_if<std::int64_t>(&c)) {
    return std::to_string(*i);
  }
  return {};
}

json ring_coordinates(ondemand::ring const& r) {
  json out = json::array();
  for (auto const& p : r) {
    out.push_back({p.lng_, p.lat_});
  }
  return out;
}

// One prepared travel-time engine: destinations, parameters and the search structures.
struct prepared_engine {
  std::vector<analysis::point> destinations_;
  std::unique_ptr<analysis::travel_time_engine> engine_;
};

}  // namespace

struct analysis_service::impl {
  impl(std::filesystem::path const& config, analysis_limits l, std::ostream& log)
      : limits_{l},
        cfg_{jobs::read_diagnostic_config(config)},
        in_{jobs::read_territory_inputs(cfg_, false, log)},
        net_{jobs::open_network(cfg_.network_, log)},
        jobs_{job_queue::limits{l.workers_, 16, l.cache_bytes_, std::chrono::seconds{60}}} {
    for (auto i = 0U; i != cfg_.scenarios_.size(); ++i) {
      auto const& s = cfg_.scenarios_[i];
      scenarios_.push_back(jobs::with_key(cfg_, "scenarios[" + std::to_string(i) + "].file", [&] {
        auto sc = scenario::read(s.file_);
        scenario::check(sc, net_, in_.travel_.on_demand_, s.file_);
        return sc;
      }));
      if (!s.name_.empty()) {
        scenarios_.back().name_ = s.name_;
      }
    }
    applied_.resize(scenarios_.size());
    for (auto const& z : cfg_.zones_) {
      zones_.push_back(jobs::with_key(cfg_, "zones." + z.name_, [&] {
        return jobs::read_zones(z.file_, z.id_, z.label_field_, cfg_.population_.crs_, in_.inputs_.origins_, log);
      }));
    }
    // The categories measured: the configured ones, then the jobs.
    for (auto const& c : cfg_.categories_) {
      categories_.push_back({c.code_, c.label_, c.nearest_, c.cutoffs_, jobs::category_field(c.code_)});
    }
    if (cfg_.jobs_) {
      categories_.push_back({"emplois", "Emplois", false, cfg_.jobs_->cutoffs_, "emplois"});
    }
    std::vector<std::string> files{cfg_.population_.file_, cfg_.services_.file_};
    if (cfg_.jobs_) {
      files.push_back(cfg_.jobs_->file_);
    }
    for (auto const& z : cfg_.zones_) {
      files.push_back(z.file_);
    }
    for (auto const& f : {cfg_.network_.network_, cfg_.network_.osm_, cfg_.on_demand_, cfg_.fares_, cfg_.profiles_}) {
      if (!f.empty()) {
        files.push_back(f);
      }
    }
    files.insert(end(files), begin(cfg_.network_.gtfs_), end(cfg_.network_.gtfs_));
    for (auto const& s : cfg_.scenarios_) {
      files.push_back(s.file_);
    }
    inputs_json_ = json::array();
    for (auto const& f : files) {
      inputs_json_.push_back(
          {{"file", std::filesystem::path{f}.filename().string()}, {"modified", jobs::file_date(f)}});
    }
    stamp_ = fnv1a(0xcbf29ce484222325ULL, inputs_json_.dump() + "|" + SOLIMOB_VERSION + "|" + hex(net_.fingerprint_));
    describe_ = make_description();
  }

  struct category {
    std::string code_, label_;
    bool nearest_;
    std::vector<int> cutoffs_;
    std::string field_;
  };

  // ---- scenarios ----
  // The network and on-demand services of scenario s (0: baseline), applied once when first asked.
  struct version {
    network::network const* net_;
    std::vector<ondemand::service> const* services_;
    std::uint64_t fingerprint_;
  };
  version network_of(std::size_t s) {
    if (s == 0) {
      return {&net_, &in_.travel_.on_demand_, net_.fingerprint_};
    }
    std::lock_guard const lock{apply_mutex_};
    auto& a = applied_[s - 1];
    if (!a) {
      a = std::make_unique<scenario::applied>(
          scenario::apply(net_, in_.travel_.on_demand_, scenarios_[s - 1], cfg_.scenarios_[s - 1].file_));
    }
    return {&a->network_, &a->services_, a->network_.fingerprint_};
  }

  std::string scenario_id(std::size_t s) const { return s == 0 ? "baseline" : std::to_string(s); }

  // ---- the description ----
  json make_description() const {
    json publics = json::array();
    publics.push_back({{"name", "all"},
                       {"label", "Ensemble de la population"},
                       {"field", cfg_.population_.total_},
                       {"profile", "walk"}});
    for (auto const& p : cfg_.publics_) {
      publics.push_back({{"name", p.name_}, {"label", p.label_}, {"field", p.field_}, {"profile", p.profile_}});
    }
    json cats = json::array();
    json indicators = json::array();
    std::set<int> cutoffs;
    for (auto const& c : categories_) {
      cats.push_back({{"code", c.code_}, {"label", c.label_}, {"nearest", c.nearest_}, {"cutoffs", c.cutoffs_}});
      cutoffs.insert(begin(c.cutoffs_), end(c.cutoffs_));
    }
    indicators.push_back({{"id", "nearest"}, {"label", "Temps vers le plus proche"}, {"unit", "min"}});
    for (auto const c : cutoffs) {
      indicators.push_back({{"id", "within_" + std::to_string(c)},
                            {"label", "Nombre à moins de " + std::to_string(c) + " min"},
                            {"unit", ""}});
    }
    json scen = json::array();
    scen.push_back({{"id", "baseline"}, {"name", "Situation actuelle"}});
    for (auto i = 0U; i != scenarios_.size(); ++i) {
      scen.push_back({{"id", scenario_id(i + 1)}, {"name", scenarios_[i].name_}});
    }
    json levels = json::array();
    for (auto const& z : cfg_.zones_) {
      levels.push_back({{"name", z.name_}, {"label", z.label_}});
    }
    json profiles = json::array();
    for (auto const& p : profile::builtin_profiles()) {
      profiles.push_back(p.name_);
    }
    if (!cfg_.profiles_.empty()) {
      for (auto const& p : profile::read_profile_file(cfg_.profiles_)) {
        profiles.push_back(p.name_);
      }
    }
    auto w = 180.0, s = 90.0, e = -180.0, n = -90.0;
    for (auto const& p : in_.inputs_.origins_.positions_) {
      w = std::min(w, p.lng_);
      e = std::max(e, p.lng_);
      s = std::min(s, p.lat_);
      n = std::max(n, p.lat_);
    }
    auto const& tp = in_.travel_;
    return {{"name", cfg_.name_},
            {"synthetic", cfg_.synthetic_.empty() ? json{} : json(cfg_.synthetic_)},
            {"sources", cfg_.sources_},
            {"fingerprint", hex(net_.fingerprint_)},
            {"version", std::string{"solimob "} + SOLIMOB_VERSION},
            {"bbox", {w, s, e, n}},
            {"departure", format_date(tp.day_) + "T" + hh_mm(tp.departure_)},
            {"window", cfg_.analysis_.window_},
            {"percentile", cfg_.analysis_.percentile_},
            {"max_time", cfg_.analysis_.max_time_},
            {"white_zone_minutes", cfg_.analysis_.white_zone_minutes_},
            {"mode", cfg_.analysis_.mode_},
            {"publics", publics},
            {"categories", cats},
            {"indicators", indicators},
            {"scenarios", scen},
            {"zone_levels", levels},
            {"profiles", profiles}};
  }

  // ---- parameters ----
  analysis_params read_params(std::function<std::optional<std::string>(std::string const&)> const& get,
                              std::optional<int> default_window) const {
    analysis_params p;
    p.window_ = default_window.value_or(cfg_.analysis_.window_);
    p.percentile_ = cfg_.analysis_.percentile_;
    p.day_ = in_.travel_.day_;
    p.departure_ = in_.travel_.departure_;
    if (auto const v = get("public"); v && *v != "all" && !v->empty()) {
      auto const it =
          std::find_if(begin(cfg_.publics_), end(cfg_.publics_), [&](auto const& x) { return x.name_ == *v; });
      if (it == end(cfg_.publics_)) {
        bad("public", "unknown public '" + v->substr(0, 60) + "'");
      }
      p.public_ = static_cast<std::size_t>(it - begin(cfg_.publics_)) + 1;
    }
    if (auto const v = get("category"); v && !v->empty()) {
      auto const it = std::find_if(begin(categories_), end(categories_), [&](auto const& c) { return c.code_ == *v; });
      if (it == end(categories_)) {
        bad("category", "unknown category '" + v->substr(0, 60) + "'");
      }
      p.category_ = static_cast<std::size_t>(it - begin(categories_));
    }
    if (auto const v = get("scenario"); v && *v != "baseline" && !v->empty()) {
      auto found = false;
      for (auto i = 1U; i <= scenarios_.size(); ++i) {
        if (scenario_id(i) == *v) {
          p.scenario_ = i;
          found = true;
        }
      }
      if (!found) {
        bad("scenario", "unknown scenario '" + v->substr(0, 60) + "'");
      }
    }
    if (auto const v = get("departure"); v && !v->empty()) {
      auto const dt = parse_date_time(*v);
      if (!dt) {
        bad("departure", "expected YYYY-MM-DDTHH:MM, got '" + v->substr(0, 40) + "'");
      }
      p.day_ = dt->day_;
      p.departure_ = dt->time_;
    }
    if (auto const v = get("window"); v && !v->empty()) {
      p.window_ = parse_int(*v, "window", 1, kMaxWindow);
    }
    if (auto const v = get("percentile"); v && !v->empty()) {
      p.percentile_ = parse_int(*v, "percentile", 1, 99);
    }
    p.profile_ = p.public_ == 0 ? std::string{"walk"} : cfg_.publics_[p.public_ - 1].profile_;
    if (auto const v = get("profile"); v && !v->empty()) {
      try {
        profile::find_profile(*v, cfg_.profiles_);
      } catch (input_error const&) {
        bad("profile", "unknown profile '" + v->substr(0, 60) + "'");
      }
      p.profile_ = *v;
    }
    return p;
  }

  json params_json(analysis_params const& p) const {
    return {{"public", p.public_ == 0 ? std::string{"all"} : cfg_.publics_[p.public_ - 1].name_},
            {"category", categories_[p.category_].code_},
            {"scenario", scenario_id(p.scenario_)},
            {"departure", format_date(p.day_) + "T" + hh_mm(p.departure_)},
            {"window", p.window_},
            {"percentile", p.percentile_},
            {"profile", p.profile_}};
  }

  analysis::travel_time_params travel_params(analysis_params const& p, version const& v) const {
    auto tp = in_.travel_;
    tp.profile_ = profile::find_profile(p.profile_, cfg_.profiles_);
    tp.day_ = p.day_;
    tp.departure_ = p.departure_;
    tp.window_min_ = p.window_;
    tp.on_demand_ = *v.services_;
    tp.threads_ = limits_.threads_;
    return tp;
  }

  // ---- prepared engines (isochrone grid, from-point destinations) ----
  std::shared_ptr<prepared_engine const> engine(std::string const& kind, analysis_params const& p) {
    // What the engine depends on: not the public (only its profile), the category or the percentile.
    auto const key = kind + "|" + std::to_string(p.scenario_) + "|" + p.profile_ + "|" + std::to_string(p.day_) + "|" +
                     std::to_string(p.departure_) + "|" + std::to_string(p.window_);
    std::shared_future<std::shared_ptr<prepared_engine const>> f;
    std::promise<std::shared_ptr<prepared_engine const>> mine;
    auto building = false;
    {
      std::lock_guard const lock{engines_mutex_};
      auto const it = std::find_if(begin(engines_), end(engines_), [&](auto const& e) { return e.first == key; });
      if (it != end(engines_)) {
        engines_.splice(begin(engines_), engines_, it);  // most recently used first
        f = it->second;
      } else {
        f = mine.get_future().share();
        engines_.emplace_front(key, f);
        while (engines_.size() > limits_.max_engines_) {
          engines_.pop_back();
        }
        building = true;
      }
    }
    if (building) {
      try {
        auto const v = network_of(p.scenario_);
        auto e = std::make_shared<prepared_engine>();
        auto tp = travel_params(p, v);
        if (kind == "grid") {
          // As the CLI's isochrone: a cell farther than its own size from any street is not reached.
          e->destinations_ = jobs::isochrone_grid(*v.net_, {}, limits_.grid_m_, cfg_.analysis_.max_time_);
          tp.link_radius_m_ = std::min(tp.link_radius_m_, limits_.grid_m_);
        } else {
          e->destinations_ = in_.inputs_.origin_points_;
          for (auto const i : in_.kept_) {
            e->destinations_.push_back({in_.services_.ids_[i], in_.services_.positions_[i]});
          }
        }
        e->engine_ = std::make_unique<analysis::travel_time_engine>(*v.net_, e->destinations_, tp);
        mine.set_value(std::move(e));
      } catch (...) {
        mine.set_exception(std::current_exception());
        std::lock_guard const lock{engines_mutex_};
        engines_.remove_if([&](auto const& x) { return x.first == key; });
      }
    }
    return f.get();
  }

  std::vector<std::int32_t> times_from(prepared_engine const& e, latlng from, analysis_params const& p) {
    if (!is_valid_wgs84(from.lat_, from.lng_)) {
      bad("lon", "lon and lat must be WGS84 degrees");
    }
    std::vector<analysis::point> const origin{{"0", from}};
    analysis::travel_time_summary summary;
    auto best = jobs::best_times(*e.engine_, e.destinations_.size(), origin, p.percentile_, summary);
    if (!summary.unlinked_origins_.empty()) {
      bad("lon", "the point is farther than the link radius from any street of the network");
    }
    return best;
  }

  // ---- access ----
  struct measured {
    std::vector<double> nearest_;              // minutes per cell; NaN: not linked; max_time: nothing reached
    std::vector<std::vector<double>> within_;  // per cutoff, opportunities within it
    std::vector<std::uint8_t> linked_;
  };

  measured measure(analysis_params const& p, std::size_t scenario, job_control& control, double progress_from,
                   double progress_to) {
    auto q = p;
    q.scenario_ = scenario;
    auto const v = network_of(scenario);
    auto const& c = categories_[p.category_];
    analysis::access_params ap;
    ap.travel_ = travel_params(q, v);
    ap.travel_.cancel_ = &control.cancel_flag();
    ap.travel_.on_progress_ = [&, progress_from, progress_to](std::size_t done, std::size_t total) {
      control.progress(progress_from + (progress_to - progress_from) * static_cast<double>(done) /
                                           static_cast<double>(std::max<std::size_t>(1, total)));
    };
    ap.percentiles_ = {p.percentile_};
    ap.cutoffs_min_ = c.cutoffs_.empty() ? std::vector<int>{cfg_.analysis_.max_time_} : c.cutoffs_;
    ap.nearest_ = {1};
    // The destinations of this category only.
    std::vector<analysis::point> dests;
    analysis::opportunity_field field{c.field_, {}};
    auto const& fields = in_.inputs_.fields_;
    auto const fi = static_cast<std::size_t>(
        std::find_if(begin(fields), end(fields), [&](auto const& f) { return f.name_ == c.field_; }) - begin(fields));
    for (auto d = 0U; d != in_.inputs_.destinations_.size(); ++d) {
      if (fields[fi].weight_[d] > 0) {
        dests.push_back(in_.inputs_.destinations_[d]);
        field.weight_.push_back(fields[fi].weight_[d]);
      }
    }
    std::vector<analysis::opportunity_field> const fs{field};
    auto const table =
        analysis::compute_accessibility(*v.net_, in_.inputs_.origin_points_, dests, fs, in_.inputs_.demand_, {{}}, ap);
    auto const col = [&](std::string const& name) {
      auto const it = std::find(begin(table.columns_), end(table.columns_), name);
      if (it == end(table.columns_)) {
        throw std::logic_error{"access column " + name + " missing"};
      }
      return static_cast<std::size_t>(it - begin(table.columns_));
    };
    auto const pc = "_p" + std::to_string(p.percentile_);
    auto const n = in_.inputs_.origin_points_.size();
    measured m;
    m.linked_.assign(n, 1);
    for (auto const o : table.summary_.unlinked_origins_) {
      m.linked_[o.v()] = 0;
    }
    auto const nc = col(c.field_ + "_nearest1_min" + pc);
    auto const max_time = static_cast<double>(cfg_.analysis_.max_time_);
    m.nearest_.resize(n);
    for (auto o = 0U; o != n; ++o) {
      auto const x = table.at(o, nc);
      m.nearest_[o] = m.linked_[o] == 0 ? std::nan("") : std::isnan(x) ? max_time : x;
    }
    for (auto const cut : ap.cutoffs_min_) {
      auto const k = col(c.field_ + "_step_" + std::to_string(cut) + pc);
      std::vector<double> x(n);
      for (auto o = 0U; o != n; ++o) {
        x[o] = m.linked_[o] == 0 ? std::nan("") : table.at(o, k);
      }
      m.within_.push_back(std::move(x));
    }
    return m;
  }

  std::vector<double> const& weights(std::size_t public_index) const {
    auto const& field = public_index == 0 ? cfg_.population_.total_ : cfg_.publics_[public_index - 1].field_;
    return in_.inputs_.origins_.numeric_[jobs::population_field_index(in_.inputs_, field)];
  }

  // Population-weighted figures of one measure; NaN (not linked) left out.
  json summary(measured const& m, category const& c, std::vector<double> const& w,
               std::vector<std::size_t> const& rows) {
    std::vector<double> xs, ws, reach;
    auto const& widest = m.within_.back();
    std::vector<double> reach_w;
    for (auto const o : rows) {
      if (!std::isnan(m.nearest_[o])) {
        xs.push_back(m.nearest_[o]);
        ws.push_back(w[o]);
        reach.push_back(widest[o]);
      }
    }
    auto population = 0.0;
    for (auto const o : rows) {
      population += w[o];
    }
    json share = json::object();
    auto const cuts = c.cutoffs_.empty() ? std::vector<int>{cfg_.analysis_.max_time_} : c.cutoffs_;
    for (auto k = 0U; k != cuts.size(); ++k) {
      if (c.nearest_) {
        share[std::to_string(cuts[k])] = number_or_null(analysis::share_below(xs, ws, cuts[k]), 4);
      } else {
        // Jobs: the share of people who reach at least one within the cutoff.
        auto reached = 0.0, all = 0.0;
        for (auto const o : rows) {
          if (!std::isnan(m.within_[k][o])) {
            all += w[o];
            reached += m.within_[k][o] > 0 ? w[o] : 0.0;
          }
        }
        share[std::to_string(cuts[k])] = number_or_null(all > 0 ? reached / all : std::nan(""), 4);
      }
    }
    auto const white = cfg_.analysis_.white_zone_minutes_;
    auto white_pop = 0.0;
    for (auto i = 0U; i != xs.size(); ++i) {
      white_pop += xs[i] > white ? ws[i] : 0.0;
    }
    auto const measured_pop = std::accumulate(begin(ws), end(ws), 0.0);
    return {{"population", number_or_null(population, 1)},
            {"mean_nearest", c.nearest_ ? number_or_null(analysis::weighted_mean(xs, ws), 2) : json{}},
            {"median_nearest", c.nearest_ ? number_or_null(analysis::weighted_median(xs, ws), 2) : json{}},
            {"share_within", share},
            {"white_zone_population", c.nearest_ ? number_or_null(white_pop, 1) : json{}},
            {"white_zone_share", c.nearest_ && measured_pop > 0 ? number_or_null(white_pop / measured_pop, 4) : json{}},
            {"gini", number_or_null(analysis::gini(reach, ws), 4)}};
  }

  json zones_json(measured const& m, category const& c, std::vector<double> const& w) {
    json out = json::object();
    for (auto l = 0U; l != zones_.size(); ++l) {
      auto const& z = zones_[l];
      auto const rows = z.origins_by_zone();
      json level = json::array();
      for (auto k = 0U; k != rows.size(); ++k) {
        auto s = summary(m, c, w, rows[k]);
        level.push_back({{"id", z.zones_.ids_[k]},
                         {"name", z.name(k)},
                         {"population", s["population"]},
                         {"mean_nearest", s["mean_nearest"]},
                         {"share_within", s["share_within"]},
                         {"white_zone_population", s["white_zone_population"]}});
      }
      out[cfg_.zones_[l].name_] = level;
    }
    return out;
  }

  json cells_json(measured const& m, category const& c) const {
    json cells = json::object();
    json nearest = json::array();
    for (auto const x : m.nearest_) {
      nearest.push_back(c.nearest_ ? minutes_or_null(x) : json{});
    }
    cells["nearest"] = nearest;
    auto const cuts = c.cutoffs_.empty() ? std::vector<int>{cfg_.analysis_.max_time_} : c.cutoffs_;
    for (auto k = 0U; k != cuts.size(); ++k) {
      json a = json::array();
      for (auto const x : m.within_[k]) {
        a.push_back(number_or_null(x, 2));
      }
      cells["within_" + std::to_string(cuts[k])] = a;
    }
    return cells;
  }

  std::string access(analysis_params const& p, job_control& control) {
    auto const& c = categories_[p.category_];
    auto const& w = weights(p.public_);
    auto const two = p.scenario_ != 0;
    auto const m = measure(p, p.scenario_, control, 0.0, two ? 0.5 : 1.0);
    std::vector<std::size_t> all(m.nearest_.size());
    std::iota(begin(all), end(all), std::size_t{0});
    json r;
    r["params"] = params_json(p);
    json prov_params = r["params"];
    prov_params["max_time"] = cfg_.analysis_.max_time_;
    prov_params["white_zone_minutes"] = cfg_.analysis_.white_zone_minutes_;
    prov_params["mode"] = cfg_.analysis_.mode_;
    r["provenance"] = {{"inputs", inputs_json_},
                       {"parameters", prov_params},
                       {"fingerprint", hex(network_of(p.scenario_).fingerprint_)},
                       {"version", std::string{"solimob "} + SOLIMOB_VERSION},
                       {"computed_at", now_utc()}};
    json indicators = json::array();
    if (c.nearest_) {
      indicators.push_back({{"id", "nearest"}, {"label", "Temps vers le plus proche : " + c.label_}, {"unit", "min"}});
    }
    auto const cuts = c.cutoffs_.empty() ? std::vector<int>{cfg_.analysis_.max_time_} : c.cutoffs_;
    for (auto const cut : cuts) {
      indicators.push_back({{"id", "within_" + std::to_string(cut)},
                            {"label", c.label_ + " à moins de " + std::to_string(cut) + " min"},
                            {"unit", c.code_ == "emplois" ? "emplois" : "équipements"}});
    }
    r["indicators"] = indicators;
    r["cells"] = cells_json(m, c);
    json wj = json::array();
    for (auto const x : w) {
      wj.push_back(number_or_null(x, 2));
    }
    r["weights"] = wj;
    r["summary"] = summary(m, c, w, all);
    // 5-minute bands of the nearest time; the last band holds what is beyond the trip limit.
    json dist = json::array();
    if (c.nearest_) {
      auto const max_time = cfg_.analysis_.max_time_;
      std::vector<double> band(static_cast<std::size_t>((max_time + 4) / 5) + 1, 0.0);
      for (auto o = 0U; o != m.nearest_.size(); ++o) {
        if (!std::isnan(m.nearest_[o])) {
          auto const b = m.nearest_[o] >= max_time
                             ? band.size() - 1
                             : std::min(band.size() - 2, static_cast<std::size_t>(m.nearest_[o] / 5));
          band[b] += w[o];
        }
      }
      for (auto b = 0U; b != band.size(); ++b) {
        auto const last = b + 1 == band.size();
        dist.push_back({{"from", last ? max_time : static_cast<int>(5 * b)},
                        {"to", last ? json{} : json(std::min(max_time, static_cast<int>(5 * b + 5)))},
                        {"population", std::round(band[b] * 10.0) / 10.0}});
      }
    }
    r["distribution"] = dist;
    json lz = json::array();
    for (auto const& [x, y] : analysis::lorenz(m.within_.back(), w)) {
      lz.push_back({std::round(x * 1e4) / 1e4, std::round(y * 1e4) / 1e4});
    }
    r["lorenz"] = lz;
    r["zones"] = zones_json(m, c, w);
    r["white_zones"] = white_zones(m, c, w);
    r["baseline"] = nullptr;
    r["difference"] = nullptr;
    if (two) {
      auto const b = measure(p, 0, control, 0.5, 1.0);
      r["baseline"] = {{"cells", cells_json(b, c)}, {"summary", summary(b, c, w, all)}, {"zones", zones_json(b, c, w)}};
      r["difference"] = difference(m, b, c, w);
    }
    control.progress(1.0);
    return r.dump(-1, ' ', false, json::error_handler_t::replace);
  }

  json white_zones(measured const& m, category const& c, std::vector<double> const& w) const {
    json fc = {{"type", "FeatureCollection"}, {"features", json::array()}};
    if (!c.nearest_) {
      return fc;
    }
    std::vector<std::string> cells;
    auto pop = 0.0;
    auto const& polys = in_.inputs_.origins_.polygons_wkb_;
    for (auto o = 0U; o != m.nearest_.size(); ++o) {
      if (!std::isnan(m.nearest_[o]) && m.nearest_[o] > cfg_.analysis_.white_zone_minutes_ && w[o] > 0) {
        cells.push_back(o < polys.size() && !polys[o].empty()
                            ? polys[o]
                            : geometry::square_cell(in_.inputs_.origins_.positions_[o], limits_.grid_m_));
        pop += w[o];
      }
    }
    if (!cells.empty()) {
      fc["features"].push_back({{"type", "Feature"},
                                {"properties",
                                 {{"minutes", cfg_.analysis_.white_zone_minutes_},
                                  {"cells", cells.size()},
                                  {"population", std::round(pop)}}},
                                {"geometry", json::parse(io::wkb_to_geojson(geometry::union_polygons(cells)))}});
    }
    return fc;
  }

  json difference(measured const& s, measured const& b, category const& c, std::vector<double> const& w) {
    std::vector<double> d(s.nearest_.size(), std::nan(""));
    if (c.nearest_) {
      for (auto o = 0U; o != d.size(); ++o) {
        d[o] = s.nearest_[o] - b.nearest_[o];
      }
    } else {
      // Jobs: the change of the widest count (positive = more).
      for (auto o = 0U; o != d.size(); ++o) {
        d[o] = s.within_.back()[o] - b.within_.back()[o];
      }
    }
    // A gainer: at least one minute faster (or, for jobs, at least one more job within reach).
    auto const gains = [&](double x) { return c.nearest_ ? x <= -1.0 : x >= 1.0; };
    auto const figures = [&](std::vector<std::size_t> const& rows) {
      auto gainers = 0.0, pop = 0.0, sum = 0.0;
      for (auto const o : rows) {
        if (!std::isnan(d[o])) {
          pop += w[o];
          sum += w[o] * d[o];
          gainers += gains(d[o]) ? w[o] : 0.0;
        }
      }
      return std::tuple{gainers, pop, pop > 0 ? sum / pop : std::nan("")};
    };
    std::vector<std::size_t> all(d.size());
    std::iota(begin(all), end(all), std::size_t{0});
    auto const [gainers, pop, mean] = figures(all);
    json cells = json::array();
    for (auto const x : d) {
      cells.push_back(minutes_or_null(x));
    }
    json zones = json::object();
    for (auto l = 0U; l != zones_.size(); ++l) {
      auto const& z = zones_[l];
      auto const rows = z.origins_by_zone();
      json level = json::array();
      for (auto k = 0U; k != rows.size(); ++k) {
        auto const [zg, zp, zm] = figures(rows[k]);
        level.push_back(
            {{"id", z.zones_.ids_[k]}, {"gainers", std::round(zg)}, {"mean_change_min", number_or_null(zm, 2)}});
      }
      zones[cfg_.zones_[l].name_] = level;
    }
    return {{"cells", {{c.nearest_ ? "nearest" : "within_" + std::to_string(c.cutoffs_.back()), cells}}},
            {"gainers", std::round(gainers)},
            {"gainers_share", number_or_null(pop > 0 ? gainers / pop : std::nan(""), 4)},
            {"mean_change_min", number_or_null(mean, 2)},
            {"zones", zones}};
  }

  std::string job_key(analysis_params const& p) const {
    auto const sf = p.scenario_ == 0 ? 0 : scenarios_[p.scenario_ - 1].fingerprint_;
    return hex(fnv1a(stamp_ ^ sf, "access|" + params_json(p).dump()));
  }

  // ---- layers ----
  std::string make_layer(std::string const& name, std::size_t scenario, std::string const& category) {
    json fc = {{"type", "FeatureCollection"}, {"features", json::array()}};
    auto& features = fc["features"];
    auto const& origins = in_.inputs_.origins_;
    if (name == "population") {
      for (auto o = 0U; o != origins.ids_.size(); ++o) {
        json props = {{"i", o}, {"id", origins.ids_[o]}, {"all", number_or_null(weights(0)[o], 1)}};
        for (auto k = 0U; k != cfg_.publics_.size(); ++k) {
          props[cfg_.publics_[k].name_] = number_or_null(weights(k + 1)[o], 1);
        }
        auto const has_polygon = o < origins.polygons_wkb_.size() && !origins.polygons_wkb_[o].empty();
        features.push_back(
            {{"type", "Feature"},
             {"properties", props},
             {"geometry", has_polygon
                              ? json::parse(io::wkb_to_geojson(origins.polygons_wkb_[o]))
                              : json{{"type", "Point"},
                                     {"coordinates", {origins.positions_[o].lng_, origins.positions_[o].lat_}}}}});
      }
    } else if (name == "services") {
      for (auto const i : in_.kept_) {
        auto const& code = in_.services_.text_[0][i];
        if (!category.empty() && code != category) {
          continue;
        }
        auto const c =
            std::find_if(begin(categories_), end(categories_), [&](auto const& x) { return x.code_ == code; });
        auto const& pos = in_.services_.positions_[i];
        features.push_back({{"type", "Feature"},
                            {"properties",
                             {{"id", in_.services_.ids_[i]},
                              {"category", code},
                              {"category_label", c == end(categories_) ? code : c->label_},
                              {"name", in_.services_.text_.size() > 1 ? in_.services_.text_[1][i] : std::string{}}}},
                            {"geometry", {{"type", "Point"}, {"coordinates", {pos.lng_, pos.lat_}}}}});
      }
    } else if (name == "network") {
      auto const v = network_of(scenario);
      auto const t = jobs::network_tables(*v.net_, false);
      for (auto r = 0U; r != t.lines_.rows_.size(); ++r) {
        auto const& row = t.lines_.rows_[r];
        auto const type = static_cast<int>(std::get<std::int64_t>(row[2]));
        features.push_back({{"type", "Feature"},
                            {"properties",
                             {{"kind", "line"},
                              {"route", text_of(row[0])},
                              {"name", text_of(row[1])},
                              {"mode", mode_name(type)},
                              {"color", nullptr}}},
                            {"geometry", json::parse(io::wkb_to_geojson(t.lines_.geometry_wkb_[r]))}});
      }
      for (auto r = 0U; r != t.stations_.rows_.size(); ++r) {
        auto const& row = t.stations_.rows_[r];
        features.push_back(
            {{"type", "Feature"},
             {"properties",
              {{"kind", "stop"}, {"id", text_of(row[0])}, {"name", text_of(row[1])}, {"step_free", text_of(row[2])}}},
             {"geometry", json::parse(io::wkb_to_geojson(t.stations_.geometry_wkb_[r]))}});
      }
    } else if (name == "on-demand") {
      auto const v = network_of(scenario);
      for (auto const& s : *v.services_) {
        json polys = json::array();
        for (auto const& poly : s.zone_) {
          json rings = json::array();
          for (auto const& ring : poly) {
            rings.push_back(ring_coordinates(ring));
          }
          polys.push_back(rings);
        }
        features.push_back({{"type", "Feature"},
                            {"properties",
                             {{"id", s.id_},
                              {"name", s.name_},
                              {"kind", s.kind_ == ondemand::service_kind::kParatransit ? "paratransit" : "zone"}}},
                            {"geometry", {{"type", "MultiPolygon"}, {"coordinates", polys}}}});
      }
    } else if (name.starts_with("zones/")) {
      auto const level = name.substr(6);
      auto const l =
          std::find_if(begin(cfg_.zones_), end(cfg_.zones_), [&](auto const& z) { return z.name_ == level; });
      if (l == end(cfg_.zones_)) {
        throw api_error{error_kind::kNotFound, "no zone level '" + level.substr(0, 60) + "'"};
      }
      auto const& z = zones_[static_cast<std::size_t>(l - begin(cfg_.zones_))];
      for (auto k = 0U; k != z.zones_.ids_.size(); ++k) {
        features.push_back({{"type", "Feature"},
                            {"properties", {{"id", z.zones_.ids_[k]}, {"name", z.name(k)}}},
                            {"geometry", json::parse(io::wkb_to_geojson(z.zones_.polygons_wkb_[k]))}});
      }
    } else {
      throw api_error{error_kind::kNotFound, "no layer '" + name.substr(0, 60) + "'"};
    }
    return fc.dump(-1, ' ', false, json::error_handler_t::replace);
  }

  analysis_limits limits_;
  jobs::diagnostic_config cfg_;
  jobs::territory_inputs in_;
  network::network net_;
  std::vector<scenario::scenario> scenarios_;
  std::mutex apply_mutex_;
  std::vector<std::unique_ptr<scenario::applied>> applied_;
  std::vector<jobs::zone_layer> zones_;
  std::vector<category> categories_;
  json inputs_json_;
  std::uint64_t stamp_{0};
  json describe_;

  std::mutex engines_mutex_;
  std::list<std::pair<std::string, std::shared_future<std::shared_ptr<prepared_engine const>>>> engines_;

  std::mutex layers_mutex_;
  std::map<std::string, std::shared_ptr<std::string const>> layers_;  // finite: names x scenarios x categories

  mutable std::mutex params_mutex_;
  std::map<std::string, json> job_params_;  // of the jobs submitted, the oldest dropped past kMaxJobParams
  std::deque<std::string> job_order_;
  static constexpr std::size_t kMaxJobParams = 4096;

  job_queue jobs_;  // last: destroyed first, while the territory its works read still exists
};

analysis_service::analysis_service(std::filesystem::path const& config, analysis_limits l, std::ostream& log)
    : impl_{std::make_unique<impl>(config, l, log)} {}

analysis_service::~analysis_service() = default;

nlohmann::json const& analysis_service::describe() const {
  return impl_->describe_;
}

analysis_params analysis_service::read_params(std::function<std::optional<std::string>(std::string const&)> const& get,
                                              std::optional<int> default_window) const {
  return impl_->read_params(get, default_window);
}

nlohmann::json analysis_service::params_json(analysis_params const& p) const {
  return impl_->params_json(p);
}

std::shared_ptr<std::string const> analysis_service::layer(std::string const& name, std::size_t scenario,
                                                           std::string const& category) {
  auto& m = *impl_;
  // Only the network and on-demand layers change with the scenario; only services with the category.
  auto const per_scenario = name == "network" || name == "on-demand";
  auto const key =
      name + "|" + (per_scenario ? std::to_string(scenario) : "") + "|" + (name == "services" ? category : "");
  if (name == "services" && !category.empty() &&
      std::none_of(begin(m.categories_), end(m.categories_), [&](auto const& c) { return c.code_ == category; })) {
    bad("category", "unknown category '" + category.substr(0, 60) + "'");
  }
  {
    std::lock_guard const lock{m.layers_mutex_};
    if (auto const it = m.layers_.find(key); it != end(m.layers_)) {
      return it->second;
    }
  }
  auto text = std::make_shared<std::string const>(m.make_layer(name, per_scenario ? scenario : 0, category));
  std::lock_guard const lock{m.layers_mutex_};
  return m.layers_.emplace(key, std::move(text)).first->second;
}

nlohmann::json analysis_service::isochrone(latlng from, analysis_params const& p, std::vector<int> const& cutoffs) {
  auto& m = *impl_;
  if (cutoffs.empty() || cutoffs.size() > 6 || !std::is_sorted(begin(cutoffs), end(cutoffs)) ||
      std::adjacent_find(begin(cutoffs), end(cutoffs)) != end(cutoffs) || cutoffs.front() < 1 ||
      cutoffs.back() > m.cfg_.analysis_.max_time_) {
    bad("cutoffs", "expected 1 to 6 increasing minutes from 1 to " + std::to_string(m.cfg_.analysis_.max_time_));
  }
  auto const e = m.engine("grid", p);
  auto const best = m.times_from(*e, from, p);
  auto const polygons = jobs::isochrone_polygons(e->destinations_, best, m.limits_.grid_m_, cutoffs);
  json fc = {{"type", "FeatureCollection"}, {"features", json::array()}};
  for (auto i = 0U; i != polygons.size(); ++i) {
    fc["features"].push_back(
        {{"type", "Feature"},
         {"properties",
          {{"cutoff_min", cutoffs[i]}, {"area_km2", number_or_null(geometry::area_m2(polygons[i]) / 1e6)}}},
         {"geometry", json::parse(io::wkb_to_geojson(polygons[i]))}});
  }
  return fc;
}

nlohmann::json analysis_service::from_point(latlng from, analysis_params const& p) {
  auto& m = *impl_;
  auto const e = m.engine("points", p);
  auto const best = m.times_from(*e, from, p);
  auto const n = m.in_.inputs_.origin_points_.size();
  auto const limit = m.cfg_.analysis_.max_time_ * 60;
  auto const minutes = [&](std::size_t d) {
    return best[d] >= limit ? json{} : json(std::round(best[d] / 6.0) / 10.0);
  };
  json cells = json::array();
  for (auto d = 0U; d != n; ++d) {
    cells.push_back(minutes(d));
  }
  std::vector<std::pair<std::int32_t, std::size_t>> reached;
  for (auto k = 0U; k != m.in_.kept_.size(); ++k) {
    if (best[n + k] < limit) {
      reached.emplace_back(best[n + k], k);
    }
  }
  std::sort(begin(reached), end(reached));
  json services = json::array();
  auto const& sv = m.in_.services_;
  for (auto const& [t, k] : reached) {
    auto const i = m.in_.kept_[k];
    services.push_back({{"id", sv.ids_[i]},
                        {"category", sv.text_[0][i]},
                        {"name", sv.text_.size() > 1 ? sv.text_[1][i] : std::string{}},
                        {"minutes", minutes(n + k)}});
  }
  return {{"minutes", cells}, {"services", services}};
}

job_queue::status analysis_service::submit_access(analysis_params const& p) {
  auto& m = *impl_;
  auto const key = m.job_key(p);
  {
    std::lock_guard const lock{m.params_mutex_};
    if (m.job_params_.emplace(key, m.params_json(p)).second) {
      m.job_order_.push_back(key);
      if (m.job_order_.size() > impl::kMaxJobParams) {
        m.job_params_.erase(m.job_order_.front());
        m.job_order_.pop_front();
      }
    }
  }
  return m.jobs_.submit(key, "access", [&m, p](job_control& c) { return m.access(p, c); });
}

job_queue& analysis_service::jobs() {
  return impl_->jobs_;
}

nlohmann::json analysis_service::job_params(std::string const& id) const {
  std::lock_guard const lock{impl_->params_mutex_};
  auto const it = impl_->job_params_.find(id);
  return it == end(impl_->job_params_) ? json{} : it->second;
}

std::shared_ptr<std::string const> analysis_service::access_result(analysis_params const& p) {
  auto const s = submit_access(p);
  auto const done = impl_->jobs_.wait(s.key_, std::chrono::minutes{10});
  if (!done || done->state_ == job_queue::state::kQueued || done->state_ == job_queue::state::kRunning) {
    throw api_error{error_kind::kTimeout, "the analysis took longer than 10 minutes"};
  }
  if (done->state_ == job_queue::state::kDone) {
    return done->result_;
  }
  if (done->state_ == job_queue::state::kCancelled) {
    throw api_error{error_kind::kConflict, "the analysis was cancelled"};
  }
  throw api_error{done->failure_, done->error_};
}

std::string analysis_service::export_result(std::string const& result_json, std::string const& format,
                                            std::string& content_type) {
  auto& m = *impl_;
  if (format != "gpkg" && format != "geojson" && format != "xlsx") {
    bad("format", "expected gpkg, geojson or xlsx");
  }
  auto const r = json::parse(result_json);
  auto const& origins = m.in_.inputs_.origins_;
  // The cells with the public's count and every value (the baseline's and the difference beside).
  io::table cells{"cellules", {{"id", io::column::type::kText}, {"population", io::column::type::kReal}}, {}, {}};
  std::vector<std::pair<std::string, json const*>> columns;
  for (auto const& [k, v] : r["cells"].items()) {
    columns.emplace_back(k, &v);
  }
  if (r["baseline"].is_object()) {
    for (auto const& [k, v] : r["baseline"]["cells"].items()) {
      columns.emplace_back("base_" + k, &v);
    }
    for (auto const& [k, v] : r["difference"]["cells"].items()) {
      columns.emplace_back("diff_" + k, &v);
    }
  }
  for (auto const& [k, v] : columns) {
    cells.columns_.push_back({k, io::column::type::kReal});
  }
  auto const& w = r["weights"];
  for (auto o = 0U; o != origins.ids_.size(); ++o) {
    std::vector<io::cell> row{origins.ids_[o], w[o].is_number() ? io::cell{w[o].get<double>()} : io::cell{}};
    for (auto const& [k, v] : columns) {
      auto const& x = (*v)[o];
      row.push_back(x.is_number() ? io::cell{x.get<double>()} : io::cell{});
    }
    cells.rows_.push_back(std::move(row));
    cells.geometry_wkb_.push_back(o < origins.polygons_wkb_.size() && !origins.polygons_wkb_[o].empty()
                                      ? origins.polygons_wkb_[o]
                                      : geometry::point(origins.positions_[o]));
  }
  std::vector<io::table> tables{cells};
  if (format != "geojson") {
    for (auto l = 0U; l != m.zones_.size(); ++l) {
      auto const& z = m.zones_[l];
      auto const& level = r["zones"][m.cfg_.zones_[l].name_];
      io::table t{"zones_" + jobs::column_slug(m.cfg_.zones_[l].name_),
                  {{"id", io::column::type::kText},
                   {"nom", io::column::type::kText},
                   {"population", io::column::type::kReal},
                   {"mean_nearest", io::column::type::kReal},
                   {"white_zone_population", io::column::type::kReal}},
                  {},
                  {}};
      std::vector<std::string> cut_keys;
      if (!level.empty()) {
        for (auto const& [k, v] : level[0]["share_within"].items()) {
          cut_keys.push_back(k);
          t.columns_.push_back({"share_within_" + k, io::column::type::kReal});
        }
      }
      auto const num = [](json const& x) { return x.is_number() ? io::cell{x.get<double>()} : io::cell{}; };
      for (auto k = 0U; k != level.size(); ++k) {
        auto const& e = level[k];
        std::vector<io::cell> row{e["id"].get<std::string>(), e["name"].get<std::string>(), num(e["population"]),
                                  num(e["mean_nearest"]), num(e["white_zone_population"])};
        for (auto const& ck : cut_keys) {
          row.push_back(num(e["share_within"][ck]));
        }
        t.rows_.push_back(std::move(row));
        t.geometry_wkb_.push_back(z.zones_.polygons_wkb_[k]);
      }
      tables.push_back(std::move(t));
    }
  }
  if (format == "xlsx") {
    for (auto& t : tables) {
      t.geometry_wkb_.clear();  // spreadsheets: the values only
    }
  }
  content_type = format == "gpkg"      ? "application/geopackage+sqlite3"
                 : format == "geojson" ? "application/geo+json"
                                       : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  // GDAL writes files: a private temporary folder, removed whatever happens.
  auto const dir = std::filesystem::temp_directory_path() / ("solimob-analysis-" + io::unique_suffix());
  std::filesystem::create_directories(dir);
  struct remove_dir {
    ~remove_dir() {
      std::error_code ec;
      std::filesystem::remove_all(d_, ec);
    }
    std::filesystem::path d_;
  } const cleanup{dir};
  auto const file = dir / ("analyse." + format);
  io::write_tables(file.string(), tables);
  std::ifstream in{file, std::ios::binary};
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace solimob::server
