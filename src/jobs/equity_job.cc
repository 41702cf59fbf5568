#include "jobs/equity_job.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "analysis/equity.h"
#include "core/error.h"
#include "geometry/geometry.h"
#include "io/vector_io.h"
#include "jobs/tables.h"

namespace solimob::jobs {

namespace {

constexpr auto kNaN = std::numeric_limits<double>::quiet_NaN();

// Cells for origins given as points: Voronoi polygons, clipped at a distance comparable to the
// spacing of the points (median distance to the nearest neighbour, on a sample).
std::vector<std::string> cells_of(io::vector_layer const& layer) {
  auto const& pts = layer.positions_;
  auto const all_polygons =
      !layer.polygons_wkb_.empty() &&
      std::all_of(begin(layer.polygons_wkb_), end(layer.polygons_wkb_), [](auto const& w) { return !w.empty(); });
  if (all_polygons) {
    return layer.polygons_wkb_;
  }
  std::vector<double> nearest;
  auto const step = std::max<std::size_t>(1, pts.size() / 500);
  for (auto i = 0U; i < pts.size(); i += step) {
    auto best = std::numeric_limits<double>::max();
    for (auto j = 0U; j != pts.size(); ++j) {
      if (j != i) {
        best = std::min(best, haversine_m(pts[i], pts[j]));
      }
    }
    nearest.push_back(best);
  }
  std::nth_element(begin(nearest), begin(nearest) + static_cast<long>(nearest.size() / 2), end(nearest));
  auto const spacing = nearest.empty() ? 200.0 : nearest[nearest.size() / 2];
  return geometry::voronoi_cells(pts, spacing, spacing);
}

}  // namespace

bool is_time_indicator(std::string const& column) {
  return column.find("_nearest") != std::string::npos;
}

void run(equity_job const& job, std::ostream& log) {
  if (job.indicators_.empty() || job.population_fields_.empty()) {
    throw input_error{"--indicator and --population-field are required"};
  }
  io::read_options opt;
  opt.id_field_ = job.id_field_;
  if (job.layer_) {
    opt.layer_ = *job.layer_;
  } else {
    // The output of `solimob access` holds several tables: read its per-origin one.
    auto const layers = io::list_layers(job.input_);
    if (layers.size() > 1 &&
        std::any_of(begin(layers), end(layers), [](io::layer_info const& l) { return l.name_ == "origins"; })) {
      opt.layer_ = "origins";
    }
  }
  opt.numeric_fields_ = job.population_fields_;
  opt.numeric_fields_.insert(end(opt.numeric_fields_), begin(job.indicators_), end(job.indicators_));
  if (job.rank_field_) {
    opt.numeric_fields_.push_back(*job.rank_field_);
  }
  opt.crs_ = job.crs_;
  opt.keep_polygons_ = job.white_zones_.has_value();
  // The rule of tables.h, as in `access`: empty population cells count 0; an empty indicator is no value
  // (unlinked origin, nothing reachable); an empty rank leaves the row out of the concentration index.
  opt.empty_numeric_as_nan_ = true;
  opt.non_negative_fields_ = job.population_fields_;
  auto layer = io::read_layer(job.input_, opt);
  auto const n_groups = job.population_fields_.size();
  for (auto g = 0U; g != n_groups; ++g) {
    empty_count_as_zero(layer.numeric_[g], layer.source_, job.population_fields_[g], log);
  }
  for (auto ii = 0U; ii != job.indicators_.size(); ++ii) {
    note_empty_values(layer.numeric_[n_groups + ii], layer.source_, job.indicators_[ii],
                      is_time_indicator(job.indicators_[ii])
                          ? "counted in population_without_value and as beyond any threshold"
                          : "counted in population_without_value, left out of the other figures",
                      log);
  }
  if (job.rank_field_) {
    note_empty_values(layer.numeric_.back(), layer.source_, *job.rank_field_, "left out of the concentration index",
                      log);
  }
  auto const& all_pop = layer.numeric_[0];

  // The columns of the access job's "groups" table, then the equity figures.
  io::table t{"equity", group_summary_columns(), {}, {}};
  t.columns_.insert(end(t.columns_), {{"ratio_to_all", io::column::type::kReal},
                                      {"threshold", io::column::type::kReal},
                                      {"share_beyond_threshold", io::column::type::kReal},
                                      {"gini", io::column::type::kReal},
                                      {"palma", io::column::type::kReal},
                                      {"theil", io::column::type::kReal},
                                      {"concentration_index", io::column::type::kReal}});
  io::table white{"white_zones",
                  {{"indicator", io::column::type::kText},
                   {"group", io::column::type::kText},
                   {"rule", io::column::type::kText},
                   {"population", io::column::type::kReal},
                   {"cells", io::column::type::kInteger}},
                  {},
                  {}};
  auto const cells = job.white_zones_ ? cells_of(layer) : std::vector<std::string>{};

  for (auto ii = 0U; ii != job.indicators_.size(); ++ii) {
    auto const& name = job.indicators_[ii];
    auto const& values = layer.numeric_[n_groups + ii];
    auto const time = is_time_indicator(name);
    auto const all = summarise(values, all_pop);
    for (auto g = 0U; g != n_groups; ++g) {
      auto const& pop = layer.numeric_[g];
      auto const s = summarise(values, pop);
      // x, w: rows with a value; x_ranked, w_ranked, rank: those that also have a rank.
      std::vector<double> x, w, x_ranked, w_ranked, rank;
      for (auto i = 0U; i != values.size(); ++i) {
        if (std::isnan(values[i])) {
          continue;
        }
        x.push_back(values[i]);
        w.push_back(pop[i]);
        if (job.rank_field_ && !std::isnan(layer.numeric_.back()[i])) {
          x_ranked.push_back(values[i]);
          w_ranked.push_back(pop[i]);
          rank.push_back(layer.numeric_.back()[i]);
        }
      }
      auto share = kNaN;
      if (job.threshold_) {
        // Time: more than the threshold, or nothing reachable. Opportunities: fewer than the threshold.
        auto const beyond =
            time ? analysis::share_above(x, w, *job.threshold_) * (s.population_ - s.population_without_value_) +
                       s.population_without_value_
                 : analysis::share_below(x, w, *job.threshold_) * (s.population_ - s.population_without_value_);
        share = s.population_ > 0.0 ? beyond / s.population_ : kNaN;
      }
      t.rows_.push_back(
          {name, job.population_fields_[g], s.population_, s.population_without_value_, real_or_null(s.mean_),
           real_or_null(s.median_), real_or_null(s.mean_ - all.mean_),
           real_or_null(all.mean_ != 0.0 ? s.mean_ / all.mean_ : kNaN),
           job.threshold_ ? io::cell{*job.threshold_} : io::cell{}, real_or_null(share),
           real_or_null(analysis::gini(x, w)), real_or_null(analysis::palma(x, w)),
           real_or_null(analysis::theil_t(x, w)),
           job.rank_field_ ? real_or_null(analysis::concentration_index(x_ranked, w_ranked, rank)) : io::cell{}});

      if (job.white_zones_) {
        // A white zone: cells where the group lives and has no access (no opportunity / nothing
        // reachable), or is beyond the threshold when one is given.
        std::vector<std::string> chosen;
        auto population = 0.0;
        for (auto i = 0U; i != values.size(); ++i) {
          auto const v = values[i];
          auto const out = time ? (std::isnan(v) || (job.threshold_ && v > *job.threshold_))
                                : (!std::isnan(v) && (job.threshold_ ? v < *job.threshold_ : v == 0.0));
          if (pop[i] > 0.0 && out) {
            chosen.push_back(cells[i]);
            population += pop[i];
          }
        }
        auto const rule =
            time ? (job.threshold_ ? "> " + std::to_string(*job.threshold_) + " min or none" : "none reachable")
                 : (job.threshold_ ? "< " + std::to_string(*job.threshold_) : "= 0");
        white.rows_.push_back(
            {name, job.population_fields_[g], rule, population, static_cast<std::int64_t>(chosen.size())});
        white.geometry_wkb_.push_back(geometry::union_polygons(chosen));
      }
    }
  }
  io::write_tables(job.out_, {t});
  log << "wrote " << job.out_ << " (" << t.rows_.size() << " rows)\n";
  if (job.white_zones_) {
    io::write_tables(*job.white_zones_, {white});
    log << "wrote " << *job.white_zones_ << " (white zones)\n";
  }
}

}  // namespace solimob::jobs
