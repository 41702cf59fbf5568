#include "jobs/isochrone_job.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <mutex>

#include "analysis/completeness.h"
#include "analysis/percentile.h"
#include "core/error.h"
#include "geometry/geometry.h"
#include "io/vector_io.h"

namespace solimob::jobs {

std::vector<analysis::point> isochrone_grid(network::network const& net, std::span<latlng const> from,
                                            double resolution_m, int max_cutoff_min) {
  auto const reach_m = max_cutoff_min * 1000.0;
  auto const centre_lat = !from.empty()                    ? from.front().lat_
                          : net.streets_.node_pos_.empty() ? 0.0
                                                           : net.streets_.node_pos_.front().lat_;
  local_projection const proj{centre_lat};
  auto min_x = std::numeric_limits<double>::max(), min_y = min_x;
  auto max_x = std::numeric_limits<double>::lowest(), max_y = max_x;
  for (auto const& p : net.streets_.node_pos_) {
    min_x = std::min(min_x, proj.x(p));
    max_x = std::max(max_x, proj.x(p));
    min_y = std::min(min_y, proj.y(p));
    max_y = std::max(max_y, proj.y(p));
  }
  auto f_min_x = std::numeric_limits<double>::max(), f_min_y = f_min_x;
  auto f_max_x = std::numeric_limits<double>::lowest(), f_max_y = f_max_x;
  for (auto const& p : from) {
    f_min_x = std::min(f_min_x, proj.x(p) - reach_m);
    f_max_x = std::max(f_max_x, proj.x(p) + reach_m);
    f_min_y = std::min(f_min_y, proj.y(p) - reach_m);
    f_max_y = std::max(f_max_y, proj.y(p) + reach_m);
  }
  if (!from.empty()) {
    min_x = std::max(min_x, f_min_x);
    max_x = std::min(max_x, f_max_x);
    min_y = std::max(min_y, f_min_y);
    max_y = std::min(max_y, f_max_y);
  }
  std::vector<analysis::point> cells;
  for (auto y = min_y + resolution_m / 2; y < max_y; y += resolution_m) {
    for (auto x = min_x + resolution_m / 2; x < max_x; x += resolution_m) {
      cells.push_back({std::to_string(cells.size()), proj.inverse(x, y)});
    }
  }
  return cells;
}

std::vector<std::int32_t> best_times(analysis::travel_time_engine const& engine, std::size_t n_destinations,
                                     std::span<analysis::point const> origins, int percentile,
                                     analysis::travel_time_summary& summary) {
  std::vector<std::int32_t> best(n_destinations, std::numeric_limits<std::int32_t>::max());
  std::mutex best_mutex;
  std::vector<int> const pct{percentile};
  summary = engine.run(origins, [&](analysis::origin_times const& ot) {
    std::vector<seconds_t> scratch(ot.n_samples()), value(1);
    std::vector<std::pair<std::size_t, std::int32_t>> reached;
    for (auto c = 0U; c != n_destinations; ++c) {
      auto const t = ot.at(c);
      std::copy(begin(t), end(t), begin(scratch));
      analysis::percentile_times(scratch, pct, value);
      if (value[0] != kUnreachable) {
        reached.emplace_back(c, value[0]);
      }
    }
    // The best of the starting points: a minimum, so the order of origins does not matter.
    std::lock_guard const lock{best_mutex};
    for (auto const& [c, t] : reached) {
      best[c] = std::min(best[c], t);
    }
  });
  return best;
}

std::vector<std::string> isochrone_polygons(std::span<analysis::point const> cells, std::span<std::int32_t const> best,
                                            double resolution_m, std::vector<int> const& cutoffs_min) {
  std::vector<latlng> centres;
  centres.reserve(cells.size());
  for (auto const& c : cells) {
    centres.push_back(c.pos_);
  }
  std::vector<std::int32_t> cutoffs_s;
  for (auto const c : cutoffs_min) {
    cutoffs_s.push_back(c * 60);
  }
  return geometry::isochrones(centres, best, resolution_m, cutoffs_s);
}

void run(isochrone_job const& job, std::ostream& log) {
  if (job.from_.empty()) {
    throw input_error{"--from: give at least one starting point as lon,lat"};
  }
  for (auto const& p : job.from_) {
    if (!is_valid_wgs84(p.lat_, p.lng_)) {
      throw input_error{"--from: " + std::to_string(p.lng_) + "," + std::to_string(p.lat_) +
                        " is not a WGS84 lon,lat coordinate"};
    }
  }
  if (job.cutoffs_min_.empty() || !std::is_sorted(begin(job.cutoffs_min_), end(job.cutoffs_min_))) {
    throw input_error{"--cutoffs: give increasing minutes, e.g. 15,30,45,60"};
  }
  auto net = open_network(job.network_, log);
  auto params = job.params_;
  if (!job.scenario_.empty()) {
    apply_scenario(job.scenario_, net, params.on_demand_, log);
  }
  if (job.params_.profile_.reads_accessibility_data()) {
    log << analysis::describe(analysis::measure_completeness(net, job.params_.profile_), job.params_.profile_) << "\n";
  }
  params.max_time_min_ = job.cutoffs_min_.back();
  params.link_radius_m_ = std::min(params.link_radius_m_, job.resolution_m_);
  std::unique_ptr<fares::pricer> pricer;
  if (job.fares_.wanted() || params.max_fare_cents_) {
    pricer = open_pricer(net, job.fares_);
    params.pricer_ = pricer.get();
  }
  auto const cells = isochrone_grid(net, job.from_, job.resolution_m_, job.cutoffs_min_.back());
  if (cells.empty()) {
    throw input_error{"--from: the starting points are outside the street network"};
  }

  std::vector<analysis::point> origins;
  for (auto const& p : job.from_) {
    origins.push_back({std::to_string(origins.size()), p});
  }
  auto const start = std::chrono::steady_clock::now();
  analysis::travel_time_engine const engine{net, cells, params};
  analysis::travel_time_summary summary;
  auto const best = best_times(engine, cells.size(), origins, job.percentile_, summary);
  if (summary.unlinked_origins_.size() == origins.size()) {
    throw input_error{"--from: no starting point is within " + std::to_string(static_cast<int>(params.link_radius_m_)) +
                      " m of a walkable street"};
  }
  auto const polygons = isochrone_polygons(cells, best, job.resolution_m_, job.cutoffs_min_);
  auto const max_s = job.cutoffs_min_.back() * 60;
  log << "isochrones: " << cells.size() << " cells of " << job.resolution_m_ << " m, "
      << std::count_if(begin(best), end(best), [&](std::int32_t t) { return t < max_s; }) << " reached, in "
      << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() << " s\n";

  io::table t{"isochrones",
              {{"cutoff_min", io::column::type::kInteger},
               {"percentile", io::column::type::kInteger},
               {"area_km2", io::column::type::kReal}},
              {},
              {}};
  for (auto i = 0U; i != polygons.size(); ++i) {
    t.rows_.push_back(
        {std::int64_t{job.cutoffs_min_[i]}, std::int64_t{job.percentile_}, geometry::area_m2(polygons[i]) / 1e6});
    t.geometry_wkb_.push_back(polygons[i]);
  }
  io::write_tables(job.out_, {t});
  log << "wrote " << job.out_ << "\n";
}

}  // namespace solimob::jobs
