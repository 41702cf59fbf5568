#include "jobs/diagnostic_job.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <map>
#include <numeric>
#include <set>
#include <sstream>

#include "analysis/equity.h"
#include "core/error.h"
#include "geometry/geometry.h"
#include "io/file_util.h"
#include "io/vector_io.h"
#include "jobs/compare_job.h"
#include "jobs/diagnostic_config.h"
#include "jobs/tables.h"
#include "jobs/territory.h"
#include "ondemand/service.h"
#include "report/qgis_style.h"
#include "report/report.h"
#include "scenario/scenario.h"

namespace solimob::jobs {

namespace {

using clock = std::chrono::steady_clock;

// Words of the report and the tables, in French or English.
struct words {
  bool fr_;
  std::string operator()(char const* f, char const* e) const { return fr_ ? f : e; }
};

std::string fmt(double v, int decimals, words const& w) {
  return report::format_number(v, decimals, w.fr_ ? "fr" : "en");
}
std::string pct(double share, words const& w) {
  return std::isnan(share) ? "—" : fmt(100.0 * share, 1, w) + " %";
}

// One column set of the access results: the whole population's, or a public's (each bound apart).
struct column_set {
  std::string prefix_;  // "" or the access set's prefix ("seniors", "fauteuil_strict")
  std::string label_;
  std::size_t field_;  // population field (index in the inputs)
};

struct measures {
  std::vector<column_set> sets_;
  std::map<std::string, std::size_t> column_;  // column name -> index in the baseline's indicators
  std::string nearest_suffix_, step_prefix_;
};

std::string column(column_set const& s, std::string const& indicator) {
  return s.prefix_.empty() ? indicator : s.prefix_ + "_" + indicator;
}

}  // namespace

diagnostic_outputs run(diagnostic_job const& job, std::ostream& log) {
  auto const started = clock::now();
  words const w{job.lang_ == "fr"};
  if (job.lang_ != "fr" && job.lang_ != "en") {
    throw input_error{"--lang: fr or en, got '" + job.lang_ + "'"};
  }
  auto const elapsed = [&] { return std::chrono::duration<double>(clock::now() - started).count(); };
  auto const n_steps = 7;
  auto step = 0;
  auto const progress = [&](std::string const& what) {
    log << "[" << ++step << "/" << n_steps << "] " << what << " (" << fmt(elapsed(), 1, w) << " s)\n" << std::flush;
  };

  progress(w("lecture de la configuration", "reading the configuration"));
  auto const cfg = read_diagnostic_config(job.config_);
  std::filesystem::create_directories(job.out_);

  // The access job that measures every public on every network.
  auto const ti = read_territory_inputs(cfg, w.fr_, log);
  auto const& in = ti.inputs_;
  auto const& rank = ti.rank_;
  access_job aj;
  aj.network_ = cfg.network_;
  aj.params_.travel_ = ti.travel_;
  auto& tp = aj.params_.travel_;
  tp.threads_ = job.threads_;
  aj.fares_.fares_file_ = cfg.fares_;
  aj.params_.percentiles_ = {cfg.analysis_.percentile_};
  std::set<int> cutoffs;
  for (auto const& c : cfg.categories_) {
    cutoffs.insert(begin(c.cutoffs_), end(c.cutoffs_));
  }
  if (cfg.jobs_) {
    cutoffs.insert(begin(cfg.jobs_->cutoffs_), end(cfg.jobs_->cutoffs_));
  }
  aj.params_.cutoffs_min_ =
      cutoffs.empty() ? std::vector<int>{cfg.analysis_.max_time_} : std::vector<int>{begin(cutoffs), end(cutoffs)};
  aj.params_.nearest_ = {1};
  for (auto i = 0U; i != cfg.publics_.size(); ++i) {
    auto const& p = cfg.publics_[i];
    aj.publics_.push_back({p.name_, p.field_, ti.public_profiles_[i], p.rider_});
    aj.both_bounds_ = aj.both_bounds_ || p.both_bounds_;
  }

  progress(w("réseau", "network"));
  auto const net = open_network(cfg.network_, log);
  // Every scenario is read and checked before the first (long) routing run.
  std::vector<scenario::scenario> scenarios;
  for (auto i = 0U; i != cfg.scenarios_.size(); ++i) {
    auto const& s = cfg.scenarios_[i];
    scenarios.push_back(scenario::read(s.file_));
    scenario::check(scenarios.back(), net, tp.on_demand_, s.file_);
    if (!s.name_.empty()) {
      scenarios.back().name_ = s.name_;
    }
  }

  progress(w("accessibilité de la situation actuelle", "baseline accessibility"));
  std::vector<measured_version> measured;
  measured.push_back({w("situation actuelle", "baseline"), compute(aj, in, net, tp.on_demand_, log)});

  progress(w("scénarios", "scenarios"));
  for (auto i = 0U; i != scenarios.size(); ++i) {
    auto const t0 = clock::now();
    auto const applied = scenario::apply(net, tp.on_demand_, scenarios[i], cfg.scenarios_[i].file_);
    measured.push_back({scenarios[i].name_, compute(aj, in, applied.network_, applied.services_, log)});
    log << "  " << scenarios[i].name_ << ": " << fmt(std::chrono::duration<double>(clock::now() - t0).count(), 1, w)
        << " s\n";
  }

  progress(w("indicateurs, inégalités et zones", "indicators, equity and zones"));
  // Column sets: everyone, then each public (each bound apart when both are measured).
  measures m;
  m.sets_.push_back({"", w("Ensemble de la population", "Whole population"), 0});
  auto const field_index = [&](std::string const& f) {
    return static_cast<std::size_t>(std::find(begin(in.population_fields_), end(in.population_fields_), f) -
                                    begin(in.population_fields_));
  };
  for (auto const& p : cfg.publics_) {
    auto const prof = profile::find_profile(p.profile_, cfg.profiles_);
    if (aj.both_bounds_ && prof.reads_gtfs_accessibility()) {
      m.sets_.push_back(
          {p.name_ + "_strict", p.label_ + w(" (borne stricte)", " (strict bound)"), field_index(p.field_)});
      m.sets_.push_back(
          {p.name_ + "_optimistic", p.label_ + w(" (borne optimiste)", " (optimistic bound)"), field_index(p.field_)});
    } else {
      m.sets_.push_back({p.name_, p.label_, field_index(p.field_)});
    }
  }
  auto const pc = "_p" + std::to_string(cfg.analysis_.percentile_);
  struct indicator {
    std::string name_, label_, unit_;
    bool time_;
    std::size_t category_;  // index in cfg.categories_, or npos for jobs
  };
  std::vector<indicator> indicators;
  auto const npos = std::string::npos;
  for (auto k = 0U; k != cfg.categories_.size(); ++k) {
    auto const& c = cfg.categories_[k];
    auto const f = category_field(c.code_);
    if (c.nearest_) {
      indicators.push_back({f + "_nearest1_min" + pc, w("Temps vers : ", "Time to: ") + c.label_, "min", true, k});
    }
    for (auto const cut : c.cutoffs_) {
      indicators.push_back({f + "_step_" + std::to_string(cut) + pc,
                            c.label_ + w(" à moins de ", " within ") + std::to_string(cut) + " min",
                            w("équipements", "services"), false, k});
    }
  }
  if (cfg.jobs_) {
    for (auto const cut : cfg.jobs_->cutoffs_) {
      indicators.push_back({"emplois_step_" + std::to_string(cut) + pc,
                            w("Emplois à moins de ", "Jobs within ") + std::to_string(cut) + " min",
                            w("emplois", "jobs"), false, npos});
    }
  }
  // Only the indicators reported are kept (the search computes every cutoff and the nearest time for
  // every field: most combinations mean nothing here), the publics' gaps too (the report shows values).
  std::set<std::string> reported;
  for (auto const& s : m.sets_) {
    for (auto const& ind : indicators) {
      reported.insert(column(s, ind.name_));
    }
  }
  for (auto& mv : measured) {
    auto kept = keep_columns(mv.result_, [&](std::size_t c) {
      return mv.result_.is_gap_[c] == 0 && reported.contains(mv.result_.indicators_.columns_[c]);
    });
    mv.result_ = std::move(kept);
  }
  auto const& base = measured.front().result_;  // (measured is complete: no reallocation after this)
  for (auto c = 0U; c != base.indicators_.columns_.size(); ++c) {
    m.column_[base.indicators_.columns_[c]] = c;
  }
  auto const white = cfg.analysis_.white_zone_minutes_;
  auto const max_time = static_cast<double>(cfg.analysis_.max_time_);
  // The values of one set's indicator, a time that reaches nothing counting as the trip limit.
  auto const values_of = [&](access_result const& r, column_set const& s, indicator const& ind) {
    auto const it = m.column_.find(column(s, ind.name_));
    std::vector<double> x(in.origins_.ids_.size(), std::nan(""));
    if (it == m.column_.end()) {
      return x;
    }
    std::vector<std::uint8_t> unlinked(x.size(), 0);
    for (auto const o : r.indicators_.summary_.unlinked_origins_) {
      unlinked[o.v()] = 1;
    }
    for (auto o = 0U; o != x.size(); ++o) {
      auto const v = r.indicators_.at(o, it->second);
      x[o] = unlinked[o] != 0 ? std::nan("") : std::isnan(v) && ind.time_ ? max_time : v;
    }
    return x;
  };
  auto const clean = [](std::vector<double> const& x, std::vector<double> const& wt) {
    std::pair<std::vector<double>, std::vector<double>> out;
    for (auto i = 0U; i != x.size(); ++i) {
      if (!std::isnan(x[i])) {
        out.first.push_back(x[i]);
        out.second.push_back(wt[i]);
      }
    }
    return out;
  };

  // Equity per set and indicator.
  io::table equity{"inegalites",
                   {{"public", io::column::type::kText},
                    {"indicateur", io::column::type::kText},
                    {"colonne", io::column::type::kText},
                    {"unite", io::column::type::kText},
                    {"population", io::column::type::kReal},
                    {"moyenne", io::column::type::kReal},
                    {"mediane", io::column::type::kReal},
                    {"part_au_dela", io::column::type::kReal},
                    {"gini", io::column::type::kReal},
                    {"palma", io::column::type::kReal},
                    {"theil", io::column::type::kReal},
                    {"indice_concentration", io::column::type::kReal}},
                   {},
                   {}};
  struct equity_row {
    double population_, mean_, median_, beyond_, gini_;
  };
  std::map<std::pair<std::size_t, std::size_t>, equity_row> eq;  // (set, indicator)
  for (auto s = 0U; s != m.sets_.size(); ++s) {
    auto const& wt = in.origins_.numeric_[m.sets_[s].field_];
    for (auto i = 0U; i != indicators.size(); ++i) {
      auto const& ind = indicators[i];
      auto const x = values_of(base, m.sets_[s], ind);
      auto const [xs, ws] = clean(x, wt);
      auto const pop = std::accumulate(begin(ws), end(ws), 0.0);
      auto const beyond = ind.time_ ? analysis::share_above(xs, ws, std::min(white, max_time - 1e-9))
                                    : analysis::share_below(xs, ws, 1.0);
      auto const g = analysis::gini(xs, ws);
      auto ci = std::nan("");
      if (rank) {
        std::vector<double> rs, xr, wr;
        for (auto o = 0U; o != x.size(); ++o) {
          if (!std::isnan(x[o]) && !std::isnan((*rank)[o])) {
            xr.push_back(x[o]);
            wr.push_back(wt[o]);
            rs.push_back((*rank)[o]);
          }
        }
        ci = analysis::concentration_index(xr, wr, rs);
      }
      eq[{s, i}] = {pop, analysis::weighted_mean(xs, ws), analysis::weighted_median(xs, ws), beyond, g};
      equity.rows_.push_back({m.sets_[s].label_, ind.label_, column(m.sets_[s], ind.name_), ind.unit_, pop,
                              real_or_null(eq[{s, i}].mean_), real_or_null(eq[{s, i}].median_), real_or_null(beyond),
                              real_or_null(g), real_or_null(ind.time_ ? std::nan("") : analysis::palma(xs, ws)),
                              real_or_null(analysis::theil_t(xs, ws)), real_or_null(ci)});
    }
  }

  // White zones: cells whose nearest service of a category is beyond the threshold (or none reached).
  io::table white_table{"zones_blanches",
                        {{"public", io::column::type::kText},
                         {"categorie", io::column::type::kText},
                         {"population", io::column::type::kReal},
                         {"population_zone_blanche", io::column::type::kReal},
                         {"part", io::column::type::kReal}},
                        {},
                        {}};
  io::table white_layer{"zones_blanches_polygones",
                        {{"categorie", io::column::type::kText}, {"population", io::column::type::kReal}},
                        {},
                        {}};
  std::vector<std::vector<std::uint8_t>> is_white(cfg.categories_.size());
  for (auto i = 0U; i != indicators.size(); ++i) {
    auto const& ind = indicators[i];
    if (!ind.time_) {
      continue;
    }
    for (auto s = 0U; s != m.sets_.size(); ++s) {
      auto const& wt = in.origins_.numeric_[m.sets_[s].field_];
      auto const x = values_of(base, m.sets_[s], ind);
      auto in_white = 0.0, all = 0.0;
      std::vector<std::uint8_t> flag(x.size(), 0);
      for (auto o = 0U; o != x.size(); ++o) {
        if (std::isnan(x[o])) {
          continue;
        }
        all += wt[o];
        if (x[o] > white) {
          in_white += wt[o];
          flag[o] = 1;
        }
      }
      white_table.rows_.push_back({m.sets_[s].label_, cfg.categories_[ind.category_].label_, all, in_white,
                                   real_or_null(all > 0 ? in_white / all : std::nan(""))});
      if (s == 0) {
        is_white[ind.category_] = flag;
        std::vector<std::string> cells;
        auto pop = 0.0;
        for (auto o = 0U; o != x.size(); ++o) {
          if (flag[o] != 0 && !in.origins_.polygons_wkb_.empty() && !in.origins_.polygons_wkb_[o].empty()) {
            cells.push_back(in.origins_.polygons_wkb_[o]);
            pop += in.origins_.numeric_[0][o];
          }
        }
        white_layer.rows_.push_back({cfg.categories_[ind.category_].label_, pop});
        white_layer.geometry_wkb_.push_back(geometry::union_polygons(cells));
      }
    }
  }

  // Zones: per level, population sums and weighted means of every column.
  std::vector<io::table> zone_tables;
  std::vector<zone_layer> zone_layers;
  for (auto const& z : cfg.zones_) {
    zone_layers.push_back(with_key(cfg, "zones." + z.name_, [&] {
      return read_zones(z.file_, z.id_, z.label_field_, std::nullopt, in.origins_, log);
    }));
    zone_tables.push_back(zones_table(zone_layers.back(), in, base));
    zone_tables.back().name_ = "zones_" + z.name_;
  }

  // Scenarios against the baseline and each other.
  std::optional<comparison> cmp;
  if (measured.size() > 1) {
    compare_job cj;
    cj.access_ = aj;
    cj.beyond_minutes_ = white;
    cj.rank_field_ = cfg.population_.rank_;
    cj.lang_ = job.lang_;
    if (!cfg.zones_.empty()) {
      cj.access_.zones_ = cfg.zones_.front().file_;
      cj.access_.zone_id_field_ = cfg.zones_.front().id_;
      cj.access_.zone_name_field_ = cfg.zones_.front().label_field_;
    }
    cj.pairwise_ = false;
    // Scenarios are judged on the times to each service and on jobs (the counts within cutoffs stay
    // in the baseline's tables): a column per scenario and indicator in the cells layer.
    std::vector<measured_version> copies;
    for (auto const& mv : measured) {
      copies.push_back({mv.name_, keep_columns(mv.result_, [&](std::size_t c) {
                          auto const& ind = mv.result_.indicator_[c];
                          return ind.find("_nearest") != std::string::npos || ind.rfind("emplois_", 0) == 0;
                        })});
    }
    cmp = compare(cj, in, std::move(copies), rank, log);
  }

  progress(w("écriture des tables et couches", "writing tables and layers"));
  // The cells with every baseline indicator.
  io::table cells{"carreaux", {{"id", io::column::type::kText}}, {}, {}};
  for (auto const& f : in.population_fields_) {
    cells.columns_.push_back({f, io::column::type::kReal});
  }
  for (auto const& c : base.indicators_.columns_) {
    cells.columns_.push_back({c, io::column::type::kReal});
  }
  for (auto o = 0U; o != in.origins_.ids_.size(); ++o) {
    std::vector<io::cell> row{in.origins_.ids_[o]};
    for (auto f = 0U; f != in.population_fields_.size(); ++f) {
      row.emplace_back(in.origins_.numeric_[f][o]);
    }
    for (auto c = 0U; c != base.indicators_.columns_.size(); ++c) {
      row.push_back(real_or_null(base.indicators_.at(o, c)));
    }
    cells.rows_.push_back(std::move(row));
    auto const& poly = in.origins_.polygons_wkb_.empty() ? std::string{} : in.origins_.polygons_wkb_[o];
    cells.geometry_wkb_.push_back(poly.empty() ? point_wkb(in.origins_.positions_[o]) : poly);
  }
  // Definitions and units of every column, for the spreadsheet's readers.
  io::table defs{"definitions",
                 {{"colonne", io::column::type::kText},
                  {"public", io::column::type::kText},
                  {"definition", io::column::type::kText},
                  {"unite", io::column::type::kText}},
                 {},
                 {}};
  for (auto const& s : m.sets_) {
    for (auto const& ind : indicators) {
      defs.rows_.push_back(
          {column(s, ind.name_), s.label_,
           ind.label_ + (ind.time_ ? w(" (centile ", " (percentile ") + std::to_string(cfg.analysis_.percentile_) +
                                         w(" des départs ; vide : rien d'atteint en ",
                                           " of departures; empty: nothing reached within ") +
                                         std::to_string(cfg.analysis_.max_time_) + " min)"
                                   : std::string{}),
           ind.unit_});
    }
  }
  io::table provenance{
      "provenance", {{"element", io::column::type::kText}, {"valeur", io::column::type::kText}}, {}, {}};
  std::vector<std::pair<std::string, std::string>> prov;
  auto const add_prov = [&](std::string k, std::string v) {
    provenance.rows_.push_back({k, v});
    prov.emplace_back(std::move(k), std::move(v));
  };
  add_prov(w("Configuration", "Configuration"), cfg.file_.string());
  add_prov(w("Population", "Population"), cfg.population_.file_ + " (" + file_date(cfg.population_.file_) + ")");
  add_prov(w("Équipements", "Services"), cfg.services_.file_ + " (" + file_date(cfg.services_.file_) + ")");
  if (cfg.jobs_) {
    add_prov(w("Emplois", "Jobs"), cfg.jobs_->file_ + " (" + file_date(cfg.jobs_->file_) + ")");
  }
  if (!cfg.network_.network_.empty()) {
    add_prov(w("Réseau", "Network"), cfg.network_.network_ + " (" + file_date(cfg.network_.network_) + ")");
  } else {
    add_prov("OpenStreetMap", cfg.network_.osm_ + " (" + file_date(cfg.network_.osm_) + ")");
    for (auto const& g : cfg.network_.gtfs_) {
      add_prov("GTFS", g + " (" + file_date(g) + ")");
    }
  }
  for (auto const& s : cfg.sources_) {
    add_prov(w("Source", "Source"), s);
  }
  {
    std::ostringstream fp;
    fp << std::hex << net.fingerprint_;
    add_prov(w("Empreinte du réseau", "Network fingerprint"), fp.str());
  }
  add_prov(w("Départ", "Departure"),
           cfg.analysis_.departure_ + w(", fenêtre de ", ", window of ") + std::to_string(cfg.analysis_.window_) +
               w(" min, centile ", " min, percentile ") + std::to_string(cfg.analysis_.percentile_) +
               w(", durée maximale ", ", max time ") + std::to_string(cfg.analysis_.max_time_) + " min");
  add_prov(w("Mode", "Mode"), cfg.analysis_.mode_);
  add_prov(w("Zone blanche", "White zone"),
           w("plus de ", "more than ") + fmt(white, 0, w) +
               w(" min de l'équipement le plus proche", " min from the nearest service"));
  add_prov(w("Logiciel", "Software"), "solimob " SOLIMOB_VERSION);
  add_prov(w("Calcul", "Computed"), fmt(elapsed(), 0, w) + " s");

  auto const nl = network_tables(net, w.fr_);
  std::vector<io::table> sheets{defs, equity, white_table};
  for (auto const& z : zone_tables) {
    sheets.push_back(z);
  }
  if (cmp) {
    for (auto t : cmp->tables_) {
      if (t.name_ == "origins") {
        continue;  // per cell: in the GeoPackage only
      }
      t.name_ = "scenarios_" + t.name_;
      t.geometry_wkb_.clear();
      sheets.push_back(std::move(t));
    }
  }
  sheets.push_back(provenance);
  diagnostic_outputs out{job.out_ / "rapport.html", job.out_ / "rapport.pdf", job.out_ / "indicateurs.xlsx",
                         job.out_ / "diagnostic.gpkg"};
  io::write_tables(out.xlsx_.string(), sheets);
  std::vector<io::table> layers{cells, white_layer, nl.stations_, nl.lines_};
  for (auto const& z : zone_tables) {
    layers.push_back(z);
  }
  if (cmp) {
    for (auto t : cmp->tables_) {
      t.name_ = "scenarios_" + (t.name_ == "origins" ? std::string{"carreaux"} : t.name_);
      layers.push_back(std::move(t));
    }
  }
  layers.push_back(equity);
  layers.push_back(white_table);
  layers.push_back(defs);
  layers.push_back(provenance);
  // QGIS opens the layers coloured: the first time indicator in classes of 15 min, white zones in
  // red, stations by step-free status.
  std::vector<report::layer_style> styles{
      {"zones_blanches_polygones", w("zones blanches", "white zones"),
       report::single_qml("#b2182b", report::geometry_kind::kPolygon)},
      {"gares", w("accessibilité", "step-free"),
       report::categorized_qml("accessible",
                               {{0, 0, w("oui", "yes"), w("accessible", "step-free"), "#1a9850"},
                                {0, 0, w("non", "no"), w("non accessible", "not step-free"), "#d73027"},
                                {0, 0, w("inconnu", "unknown"), w("inconnu", "unknown"), "#999999"}},
                               report::geometry_kind::kPoint)},
      {"lignes", w("lignes", "lines"), report::single_qml("#2c3e7a", report::geometry_kind::kLine)}};
  auto const first_time = std::find_if(begin(indicators), end(indicators), [](auto const& x) { return x.time_; });
  if (first_time != end(indicators)) {
    std::vector<report::style_class> classes;
    static constexpr char const* kColours[] = {"#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"};
    static constexpr double kBounds[] = {0, 15, 30, 45, 60, 10000};
    for (auto k = 0U; k != 5; ++k) {
      classes.push_back({kBounds[k], kBounds[k + 1], "",
                         k == 4 ? "> 60 min" : fmt(kBounds[k], 0, w) + " - " + fmt(kBounds[k + 1], 0, w) + " min",
                         kColours[4 - k]});
    }
    styles.push_back({"carreaux", first_time->label_,
                      report::graduated_qml(first_time->name_, classes, report::geometry_kind::kPolygon)});
    for (auto const& z : zone_tables) {
      styles.push_back({z.name_, first_time->label_,
                        report::graduated_qml(first_time->name_, classes, report::geometry_kind::kPolygon)});
    }
  }
  layers.push_back(report::layer_styles_table(styles));
  io::write_tables(out.gpkg_.string(), layers);

  progress(w("rapport", "report"));
  // The report: key findings, then the territory, each service, white zones, inequalities, the
  // wheelchair bounds, scenarios, method.
  report::document doc;
  doc.lang_ = job.lang_;
  doc.title_ = w("Diagnostic de la mobilité solidaire — ", "Solidarity mobility diagnostic — ") + cfg.name_;
  doc.subtitle_ = w("Départ ", "Departure ") + cfg.analysis_.departure_ + w(", fenêtre de ", ", window of ") +
                  std::to_string(cfg.analysis_.window_) + " min";
  doc.synthetic_note_ = cfg.synthetic_;
  doc.provenance_ = prov;
  auto const cell_features = [&](std::vector<double> const& x) {
    std::vector<report::feature> f;
    for (auto o = 0U; o != x.size(); ++o) {
      auto const& poly = in.origins_.polygons_wkb_.empty() ? std::string{} : in.origins_.polygons_wkb_[o];
      f.push_back({poly.empty() ? point_wkb(in.origins_.positions_[o]) : poly, x[o], {}, in.origins_.ids_[o]});
    }
    return f;
  };
  auto const outlines = [&]() {
    report::layer l{w("Communes", "Municipalities"), report::layer_kind::kOutline, {}, {}, false, false, "", {}, false};
    if (!zone_layers.empty()) {
      auto const& z = zone_layers.front().zones_;
      for (auto i = 0U; i != z.ids_.size(); ++i) {
        l.name_ = cfg.zones_.front().label_;
        l.features_.push_back({z.polygons_wkb_[i], report::kNoValue, {}, zone_layers.front().name(i)});
      }
    }
    return l;
  };
  auto const zone_means = [&](std::size_t level, std::vector<double> const& x, std::vector<double> const& wt) {
    auto const& zl = zone_layers[level];
    std::vector<double> sum(zl.zones_.ids_.size(), 0.0), ws(sum.size(), 0.0);
    for (auto o = 0U; o != x.size(); ++o) {
      if (zl.zone_of_[o] && !std::isnan(x[o])) {
        sum[*zl.zone_of_[o]] += x[o] * wt[o];
        ws[*zl.zone_of_[o]] += wt[o];
      }
    }
    std::vector<double> out(sum.size());
    for (auto z = 0U; z != sum.size(); ++z) {
      out[z] = ws[z] > 0 ? sum[z] / ws[z] : std::nan("");
    }
    return out;
  };

  report::section summary{w("Synthèse", "Key findings"), {}, {}};
  report::findings key;
  for (auto i = 0U; i != indicators.size(); ++i) {
    auto const& ind = indicators[i];
    if (!ind.time_) {
      continue;
    }
    auto const& all = eq[{0, i}];
    std::string line = fmt(100 * all.beyond_, 1, w) + w(" % des habitants (", " % of residents (") +
                       fmt(all.beyond_ * all.population_, 0, w) +
                       w(" personnes) sont à plus de ", " people) are more than ") + fmt(white, 0, w) +
                       w(" min de : ", " min from: ") + cfg.categories_[ind.category_].label_ +
                       w(" ; temps moyen ", "; mean time ") + fmt(all.mean_, 1, w) + " min";
    // The public that is worst off for this service.
    auto worst = std::size_t{0};
    for (auto s = 1U; s != m.sets_.size(); ++s) {
      if (eq[{s, i}].beyond_ > eq[{worst, i}].beyond_) {
        worst = s;
      }
    }
    if (worst != 0) {
      line += w(" ; le plus touché : ", "; worst off: ") + m.sets_[worst].label_ + " (" +
              pct(eq[{worst, i}].beyond_, w) + ")";
    }
    key.items_.push_back(line + ".");
  }
  for (auto i = 0U; i != indicators.size(); ++i) {
    if (indicators[i].category_ == npos) {
      auto const& all = eq[{0, i}];
      key.items_.push_back(indicators[i].label_ + w(" : en moyenne ", ": on average ") + fmt(all.mean_, 0, w) +
                           w(" ; indice de Gini ", "; Gini index ") + fmt(all.gini_, 2, w) + ".");
    }
  }
  // Each scenario in one sentence: its heading and the whole population's first time indicator.
  auto const everyone_line = "- " + w("ensemble", "everyone") + " (";
  if (cmp) {
    std::string heading;
    for (auto const& f : cmp->findings_) {
      if (f.rfind("- ", 0) != 0) {
        heading = f;
      } else if (!heading.empty() && f.rfind(everyone_line, 0) == 0) {
        key.items_.push_back(heading + " " + f.substr(2));
        heading.clear();
      }
    }
  }
  summary.blocks_.push_back(key);
  summary.blocks_.push_back(report::paragraph{
      w("Les temps sont ceux du centile ", "Times are the percentile ") + std::to_string(cfg.analysis_.percentile_) +
      w(" des départs de la fenêtre (chaque minute), marche et transports en commun, avec le profil de chaque public "
        "(vitesse, marches, accessibilité en fauteuil) ; une zone blanche est un carreau à plus de ",
        " of the window's departures (every minute), walking and public transport, with each public's profile (speed, "
        "steps, wheelchair accessibility); a white zone is a cell more than ") +
      fmt(white, 0, w) + w(" min de l'équipement le plus proche.", " min from the nearest service.")});
  doc.sections_.push_back(std::move(summary));

  // The territory: population and the network with its step-free stations.
  {
    report::section s{w("Le territoire et ses publics", "The territory and its publics"), {}, {}};
    report::map_figure pop_map{w("Population par carreau", "Population per cell"),
                               w("Carte de la population par carreau ; les plus peuplés en foncé.",
                                 "Map of population per cell; the most populated darker."),
                               cfg.population_.file_,
                               {}};
    pop_map.layers_.push_back({w("Habitants", "Residents"),
                               report::layer_kind::kChoropleth,
                               cell_features(in.origins_.numeric_[0]),
                               {},
                               false,
                               false,
                               w("hab.", "people"),
                               {},
                               false});
    pop_map.layers_.push_back(outlines());
    s.blocks_.push_back(pop_map);
    report::table_block t{
        w("Les publics", "The publics"),
        {w("Public", "Public"), w("Population", "Population"), w("Profil", "Profile"), w("Tarif", "Fare")},
        {},
        w("Population : somme de la colonne du public sur les carreaux.",
          "Population: sum of the public's column over the cells.")};
    t.rows_.push_back({m.sets_[0].label_,
                       fmt(std::accumulate(begin(in.origins_.numeric_[0]), end(in.origins_.numeric_[0]), 0.0), 0, w),
                       "walk", w("plein tarif", "full fare")});
    for (auto const& p : cfg.publics_) {
      auto const& col = in.origins_.numeric_[field_index(p.field_)];
      t.rows_.push_back({p.label_, fmt(std::accumulate(begin(col), end(col), 0.0), 0, w), p.profile_,
                         p.rider_.empty() ? w("plein tarif", "full fare") : p.rider_});
    }
    s.blocks_.push_back(t);
    report::map_figure net_map{
        w("Réseau et accessibilité des gares", "Network and step-free stations"),
        w("Carte des lignes et des arrêts, colorés selon leur accessibilité en fauteuil roulant : "
          "oui, non ou inconnue.",
          "Map of lines and stops, coloured by wheelchair accessibility: yes, no or unknown."),
        w("Accessibilité : wheelchair_boarding du GTFS.", "Accessibility: GTFS wheelchair_boarding."),
        {}};
    net_map.layers_.push_back(outlines());
    report::layer lines{w("Lignes", "Lines"), report::layer_kind::kLines, {}, {}, false, false, "", {}, false};
    for (auto i = 0U; i != nl.lines_.rows_.size(); ++i) {
      // Rail only on the map (buses would hide it): GTFS route_type 0-2 and 12.
      auto const type = std::get<std::int64_t>(nl.lines_.rows_[i][2]);
      if (type <= 2 || type == 12) {
        lines.features_.push_back(
            {nl.lines_.geometry_wkb_[i], report::kNoValue, {}, std::get<std::string>(nl.lines_.rows_[i][1])});
      }
    }
    net_map.layers_.push_back(lines);
    report::layer stops{
        w("Arrêts ferrés", "Rail stops"),
        report::layer_kind::kCategories,
        {},
        {},
        false,
        false,
        "",
        {{w("oui", "yes"), "#1a9850"}, {w("non", "no"), "#d73027"}, {w("inconnu", "unknown"), "#999999"}},
        false};
    std::set<stop_idx> rail_stops;
    for (auto const t2 : net.transit_.trip_route_.keys()) {
      auto const type = net.transit_.route_type_[net.transit_.trip_route_[t2]];
      if (type <= 2 || type == 12) {
        for (auto const s2 : net.transit_.trip_stops_[t2]) {
          rail_stops.insert(s2);
        }
      }
    }
    for (auto const s2 : rail_stops) {
      stops.features_.push_back({nl.stations_.geometry_wkb_[s2.v()], report::kNoValue,
                                 std::get<std::string>(nl.stations_.rows_[s2.v()][2]),
                                 std::get<std::string>(nl.stations_.rows_[s2.v()][1])});
    }
    net_map.layers_.push_back(stops);
    s.blocks_.push_back(net_map);
    doc.sections_.push_back(std::move(s));
  }

  // One section per indicator of a service category (time) and for jobs.
  for (auto i = 0U; i != indicators.size(); ++i) {
    auto const& ind = indicators[i];
    if (!ind.time_ && ind.category_ != npos) {
      continue;  // counts within cutoffs: in the tables
    }
    report::section s{ind.label_, {}, {}};
    auto const x = values_of(base, m.sets_[0], ind);
    report::map_figure cmap{ind.label_ + w(" — par carreau", " — per cell"),
                            w("Carte par carreau de l'indicateur « ", "Map per cell of the indicator \"") + ind.label_ +
                                w(" » pour l'ensemble de la population.", "\" for the whole population."),
                            w("Centile ", "Percentile ") + std::to_string(cfg.analysis_.percentile_) +
                                w(" des départs ; rien d'atteint = ", " of departures; nothing reached = ") +
                                std::to_string(cfg.analysis_.max_time_) + " min.",
                            {}};
    cmap.layers_.push_back({ind.label_,
                            report::layer_kind::kChoropleth,
                            cell_features(x),
                            ind.time_ ? std::vector<double>{15, 30, 45, 60} : std::vector<double>{},
                            false,
                            ind.time_,
                            ind.unit_,
                            {},
                            false});
    cmap.layers_.push_back(outlines());
    s.blocks_.push_back(cmap);
    if (!zone_layers.empty()) {
      auto const zm = zone_means(0, x, in.origins_.numeric_[0]);
      report::map_figure zmap{ind.label_ + " — " + cfg.zones_.front().label_,
                              w("Carte par zone de la moyenne pondérée par la population.",
                                "Map per zone of the population-weighted mean."),
                              "",
                              {}};
      report::layer zl{ind.label_, report::layer_kind::kChoropleth, {}, {}, false, ind.time_, ind.unit_, {}, true};
      for (auto z = 0U; z != zm.size(); ++z) {
        zl.features_.push_back({zone_layers[0].zones_.polygons_wkb_[z], zm[z], {}, zone_layers[0].name(z)});
      }
      zmap.layers_.push_back(zl);
      s.blocks_.push_back(zmap);
    }
    // Bars by area: the second zone level (EPT...) when there is one, else the first.
    if (!zone_layers.empty()) {
      auto const level = zone_layers.size() > 1 ? std::size_t{1} : std::size_t{0};
      auto const zm = zone_means(level, x, in.origins_.numeric_[0]);
      report::bar_figure zb{ind.label_ + " — " + w("moyenne par ", "mean by ") + cfg.zones_[level].label_,
                            w("Diagramme en barres de la moyenne par zone.", "Bar chart of the mean by zone."),
                            "",
                            ind.unit_,
                            {},
                            {w("moyenne", "mean")},
                            {{}}};
      for (auto z = 0U; z != zm.size(); ++z) {
        zb.groups_.push_back(zone_layers[level].name(z));
        zb.values_[0].push_back(zm[z]);
      }
      s.blocks_.push_back(zb);
    }
    // The other zone levels (EPT, priority districts...) as tables.
    for (auto level = std::size_t{1}; level < zone_layers.size(); ++level) {
      auto const zm = zone_means(level, x, in.origins_.numeric_[0]);
      report::table_block zt{
          ind.label_ + " — " + cfg.zones_[level].label_,
          {cfg.zones_[level].label_, w("Population", "Population"), w("Moyenne", "Mean")},
          {},
          w("Moyenne pondérée par la population ; unité : ", "Population-weighted mean; unit: ") + ind.unit_ + "."};
      auto const& zl = zone_layers[level];
      std::vector<double> pop(zl.zones_.ids_.size(), 0.0);
      for (auto o = 0U; o != x.size(); ++o) {
        if (zl.zone_of_[o]) {
          pop[*zl.zone_of_[o]] += in.origins_.numeric_[0][o];
        }
      }
      for (auto z = 0U; z != zm.size(); ++z) {
        zt.rows_.push_back({zl.name(z), fmt(pop[z], 0, w), fmt(zm[z], ind.time_ ? 1 : 0, w)});
      }
      s.blocks_.push_back(zt);
    }
    report::table_block t{
        ind.label_ + w(" — par public", " — by public"),
        {w("Public", "Public"), w("Population", "Population"), w("Moyenne", "Mean"), w("Médiane", "Median"),
         ind.time_ ? w("Part au-delà de ", "Share beyond ") + fmt(white, 0, w) + " min"
                   : w("Part sans accès", "Share without access"),
         "Gini"},
        {},
        w("Unité : ", "Unit: ") + ind.unit_ + "."};
    report::bar_figure bars{ind.label_ + w(" — moyenne par public", " — mean by public"),
                            w("Diagramme en barres de la moyenne par public.", "Bar chart of the mean by public."),
                            "",
                            ind.unit_,
                            {},
                            {w("moyenne", "mean")},
                            {{}}};
    for (auto s2 = 0U; s2 != m.sets_.size(); ++s2) {
      auto const& e = eq[{s2, i}];
      t.rows_.push_back({m.sets_[s2].label_, fmt(e.population_, 0, w), fmt(e.mean_, 1, w), fmt(e.median_, 1, w),
                         pct(e.beyond_, w), fmt(e.gini_, 3, w)});
      bars.groups_.push_back(m.sets_[s2].label_);
      bars.values_[0].push_back(e.mean_);
    }
    s.blocks_.push_back(t);
    s.blocks_.push_back(bars);
    doc.sections_.push_back(std::move(s));
  }

  // White zones.
  {
    report::section s{w("Zones blanches", "White zones"), {}, {}};
    for (auto k = 0U; k != cfg.categories_.size(); ++k) {
      if (is_white[k].empty()) {
        continue;
      }
      report::map_figure wm{w("Zones blanches : ", "White zones: ") + cfg.categories_[k].label_,
                            w("Carte des carreaux à plus de ", "Map of the cells more than ") + fmt(white, 0, w) +
                                w(" min de : ", " min from: ") + cfg.categories_[k].label_ + ".",
                            "",
                            {}};
      std::vector<double> flag(is_white[k].begin(), is_white[k].end());
      report::layer l{w("Zone blanche", "White zone"),
                      report::layer_kind::kCategories,
                      cell_features(flag),
                      {},
                      false,
                      false,
                      "",
                      {{w("zone blanche", "white zone"), "#b2182b"}, {w("desservi", "served"), "#e0e0e0"}},
                      false};
      for (auto& f : l.features_) {
        f.category_ = f.value_ == 1.0 ? w("zone blanche", "white zone") : w("desservi", "served");
      }
      wm.layers_.push_back(std::move(l));
      wm.layers_.push_back(outlines());
      s.blocks_.push_back(wm);
    }
    report::table_block t{w("Population en zone blanche", "Population in white zones"),
                          {w("Public", "Public"), w("Catégorie", "Category"), w("Population", "Population"),
                           w("En zone blanche", "In white zones"), w("Part", "Share")},
                          {},
                          ""};
    for (auto const& r : white_table.rows_) {
      t.rows_.push_back({std::get<std::string>(r[0]), std::get<std::string>(r[1]), fmt(std::get<double>(r[2]), 0, w),
                         fmt(std::get<double>(r[3]), 0, w),
                         std::holds_alternative<double>(r[4]) ? pct(std::get<double>(r[4]), w) : "—"});
    }
    s.blocks_.push_back(t);
    doc.sections_.push_back(std::move(s));
  }

  // Inequalities: Lorenz curves per indicator across publics, and the indices.
  {
    report::section s{w("Inégalités entre publics", "Inequalities between publics"), {}, {}};
    for (auto i = 0U; i != indicators.size(); ++i) {
      auto const& ind = indicators[i];
      if (!ind.time_ && ind.category_ != npos) {
        continue;
      }
      report::lorenz_figure lf{
          w("Courbes de Lorenz : ", "Lorenz curves: ") + ind.label_,
          w("Courbes de Lorenz de l'indicateur pour chaque public ; plus la courbe s'éloigne de la "
            "diagonale, plus l'indicateur est inégalement réparti.",
            "Lorenz curves of the indicator for each public; the farther from the diagonal, the more "
            "unequal."),
          "",
          {}};
      for (auto s2 = 0U; s2 != m.sets_.size(); ++s2) {
        lf.curves_.emplace_back(m.sets_[s2].label_, analysis::lorenz(values_of(base, m.sets_[s2], ind),
                                                                     in.origins_.numeric_[m.sets_[s2].field_]));
      }
      s.blocks_.push_back(lf);
    }
    report::table_block t{
        w("Indices d'inégalité", "Inequality indices"),
        {w("Public", "Public"), w("Indicateur", "Indicator"), "Gini", "Palma", "Theil",
         w("Indice de concentration", "Concentration index")},
        {},
        rank ? w("Indice de concentration selon ", "Concentration index by ") + *cfg.population_.rank_ + "."
             : std::string{}};
    for (auto const& r : equity.rows_) {
      auto const num = [&](std::size_t c) {
        return std::holds_alternative<double>(r[c]) ? fmt(std::get<double>(r[c]), 3, w) : std::string{"—"};
      };
      t.rows_.push_back({std::get<std::string>(r[0]), std::get<std::string>(r[1]), num(8), num(9), num(10), num(11)});
    }
    s.blocks_.push_back(t);
    doc.sections_.push_back(std::move(s));
  }

  // Scenarios.
  if (cmp) {
    report::section s{w("Scénarios", "Scenarios"), {}, {}};
    report::findings shown;
    for (auto const& f : cmp->findings_) {
      if (f.rfind("- ", 0) != 0 || f.rfind(everyone_line, 0) == 0) {
        shown.items_.push_back(f);
      }
    }
    s.blocks_.push_back(shown);
    s.blocks_.push_back(report::paragraph{
        w("Pour l'ensemble de la population ; chaque public, chaque zone et chaque décile : feuilles scenarios_* "
          "du classeur indicateurs.xlsx.",
          "For the whole population; each public, zone and decile: the scenarios_* sheets of indicateurs.xlsx.")});
    for (auto v = 1U; v != measured.size(); ++v) {
      // Gains per cell of the first time indicator, and before / after by public.
      auto const first_time = std::find_if(begin(indicators), end(indicators), [](auto const& x) { return x.time_; });
      if (first_time == end(indicators)) {
        break;
      }
      auto const i = static_cast<std::size_t>(first_time - begin(indicators));
      auto const before = values_of(base, m.sets_[0], indicators[i]);
      auto const after = values_of(measured[v].result_, m.sets_[0], indicators[i]);
      std::vector<double> gain(before.size());
      for (auto o = 0U; o != gain.size(); ++o) {
        gain[o] = before[o] - after[o];
      }
      report::map_figure gm{measured[v].name_ + w(" : minutes gagnées — ", ": minutes saved — ") + indicators[i].label_,
                            w("Carte des minutes gagnées par carreau (négatif : perdues).",
                              "Map of minutes saved per cell (negative: lost)."),
                            "",
                            {}};
      gm.layers_.push_back({w("Minutes gagnées", "Minutes saved"),
                            report::layer_kind::kChoropleth,
                            cell_features(gain),
                            {-5, -1, 1, 5, 10},
                            true,
                            false,
                            "min",
                            {},
                            false});
      gm.layers_.push_back(outlines());
      s.blocks_.push_back(gm);
      report::bar_figure bf{measured[v].name_ + " — " + indicators[i].label_,
                            w("Moyenne par public avant et après le scénario.", "Mean by public before and after."),
                            "",
                            "min",
                            {},
                            {w("avant", "before"), w("après", "after")},
                            {{}, {}}};
      for (auto s2 = 0U; s2 != m.sets_.size(); ++s2) {
        auto const& wt = in.origins_.numeric_[m.sets_[s2].field_];
        auto const [xb, wb] = clean(values_of(base, m.sets_[s2], indicators[i]), wt);
        auto const [xa, wa] = clean(values_of(measured[v].result_, m.sets_[s2], indicators[i]), wt);
        bf.groups_.push_back(m.sets_[s2].label_);
        bf.values_[0].push_back(analysis::weighted_mean(xb, wb));
        bf.values_[1].push_back(analysis::weighted_mean(xa, wa));
      }
      s.blocks_.push_back(bf);
    }
    doc.sections_.push_back(std::move(s));
  }

  auto const html = report::render_html(doc);
  io::write_atomically(out.html_, [&](std::ostream& o) { o << html; });
  if (job.pdf_) {
    report::write_pdf(out.html_, out.pdf_);
  }
  log << w("diagnostic terminé en ", "diagnostic done in ") << fmt(elapsed(), 1, w) << " s\n";
  return out;
}

}  // namespace solimob::jobs
