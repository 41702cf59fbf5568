#include "jobs/access_job.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstring>
#include <set>

#include "analysis/completeness.h"
#include "core/error.h"
#include "io/vector_io.h"
#include "jobs/tables.h"

namespace solimob::jobs {

namespace {

std::vector<std::string> with(std::vector<std::string> v, std::optional<std::string> const& extra) {
  if (extra && std::find(begin(v), end(v), *extra) == end(v)) {
    v.push_back(*extra);
  }
  return v;
}

// Counts (population, groups, demand, opportunity weights, capacity) follow the rule of tables.h: empty
// cells read as 0 and reported, negative values refused by the reader.
void empty_counts_as_zero(io::vector_layer& layer, std::vector<std::string> const& fields, std::ostream& log) {
  for (auto f = 0U; f != fields.size(); ++f) {
    empty_count_as_zero(layer.numeric_[f], layer.source_, fields[f], log);
  }
}

std::size_t index_of(std::vector<std::string> const& v, std::string const& x) {
  return static_cast<std::size_t>(std::find(begin(v), end(v), x) - begin(v));
}

io::table origins_table(io::vector_layer const& origins, std::vector<std::string> const& population_fields,
                        analysis::indicator_table const& ind) {
  io::table t{"origins", {{"id", io::column::type::kText}}, {}, {}};
  for (auto const& f : population_fields) {
    t.columns_.push_back({f, io::column::type::kReal});
  }
  for (auto const& c : ind.columns_) {
    t.columns_.push_back({c, io::column::type::kReal});
  }
  for (auto o = 0U; o != origins.ids_.size(); ++o) {
    std::vector<io::cell> row{origins.ids_[o]};
    for (auto f = 0U; f != population_fields.size(); ++f) {
      row.emplace_back(origins.numeric_[f][o]);
    }
    for (auto c = 0U; c != ind.columns_.size(); ++c) {
      row.push_back(real_or_null(ind.at(o, c)));
    }
    t.rows_.push_back(std::move(row));
    auto const& poly = origins.polygons_wkb_.empty() ? std::string{} : origins.polygons_wkb_[o];
    t.geometry_wkb_.push_back(poly.empty() ? point_wkb(origins.positions_[o]) : poly);
  }
  return t;
}

// Per indicator and population group: population-weighted mean and median, and the gap of the
// group's mean to the whole population's (the first population field).
io::table groups_table(io::vector_layer const& origins, std::vector<std::string> const& population_fields,
                       analysis::indicator_table const& ind) {
  io::table t{"groups", group_summary_columns(), {}, {}};
  std::vector<double> column(ind.n_rows());
  for (auto c = 0U; c != ind.columns_.size(); ++c) {
    for (auto o = 0U; o != ind.n_rows(); ++o) {
      column[o] = ind.at(o, c);
    }
    auto const all = summarise(column, origins.numeric_[0]);
    for (auto g = 0U; g != population_fields.size(); ++g) {
      auto const s = summarise(column, origins.numeric_[g]);
      t.rows_.push_back({ind.columns_[c], population_fields[g], s.population_, s.population_without_value_,
                         real_or_null(s.mean_), real_or_null(s.median_), real_or_null(s.mean_ - all.mean_)});
    }
  }
  return t;
}

// Every origin falls in the zone that contains its position (polygon containment with GEOS); zones
// get population sums and population-weighted means of every indicator, each weighted by the
// population it measures: `weight_field[c]` indexes population_fields (a public's columns: its own).
io::table zones_table(zone_layer const& zl, io::vector_layer const& origins,
                      std::vector<std::string> const& population_fields, analysis::indicator_table const& ind,
                      std::vector<std::size_t> const& weight_field) {
  auto const& zones = zl.zones_;
  auto const& zone_of = zl.zone_of_;
  io::table t{"zones", {{"zone_id", io::column::type::kText}, {"zone_name", io::column::type::kText}}, {}, {}};
  for (auto const& f : population_fields) {
    t.columns_.push_back({f, io::column::type::kReal});
  }
  for (auto const& c : ind.columns_) {
    t.columns_.push_back({c, io::column::type::kReal});
  }
  auto const n_cols = ind.columns_.size();
  for (auto z = 0U; z != zones.ids_.size(); ++z) {
    std::vector<io::cell> row{zones.ids_[z], zones.text_.empty() ? io::cell{} : io::cell{zones.text_[0][z]}};
    std::vector<double> sums(population_fields.size(), 0.0), weighted(n_cols, 0.0), weight(n_cols, 0.0);
    for (auto o = 0U; o != origins.ids_.size(); ++o) {
      if (zone_of[o] != z) {
        continue;
      }
      for (auto f = 0U; f != population_fields.size(); ++f) {
        sums[f] += origins.numeric_[f][o];
      }
      for (auto c = 0U; c != n_cols; ++c) {
        auto const v = ind.at(o, c);
        auto const w = origins.numeric_[weight_field[c]][o];
        if (!std::isnan(v)) {
          weighted[c] += v * w;
          weight[c] += w;
        }
      }
    }
    for (auto const s : sums) {
      row.emplace_back(s);
    }
    for (auto c = 0U; c != n_cols; ++c) {
      row.push_back(weight[c] > 0.0 ? io::cell{weighted[c] / weight[c]} : io::cell{});
    }
    t.rows_.push_back(std::move(row));
    t.geometry_wkb_.push_back(zones.polygons_wkb_[z]);
  }
  return t;
}

}  // namespace

access_job::public_profile parse_public(std::string const& spec, std::string const& profile_file) {
  auto const eq = spec.find('=');
  auto const colon = spec.find(':', eq == std::string::npos ? 0 : eq);
  auto const rider_colon = colon == std::string::npos ? colon : spec.find(':', colon + 1);
  auto const profile_end = rider_colon == std::string::npos ? spec.size() : rider_colon;
  if (eq == std::string::npos || colon == std::string::npos || eq == 0 || colon == eq + 1 || colon + 1 == profile_end ||
      rider_colon + 1 == spec.size()) {
    throw input_error{"--public", 0, "",
                      "expected NAME=FIELD:PROFILE or NAME=FIELD:PROFILE:RIDER (e.g. seniors=pop_65plus:elderly, "
                      "jobseekers=pop_jobseekers:walk:css), got '" +
                          spec + "'"};
  }
  auto const name = spec.substr(0, eq);
  if (column_slug(name) != name) {
    throw input_error{"--public", 0, "", "'" + name + "': a public's name is lower-case letters, digits and _"};
  }
  return {name, spec.substr(eq + 1, colon - eq - 1),
          profile::find_profile(spec.substr(colon + 1, profile_end - colon - 1), profile_file),
          rider_colon == std::string::npos ? std::string{} : spec.substr(rider_colon + 1)};
}

access_inputs read_inputs(access_job const& job, std::ostream& log) {
  if (job.population_fields_.empty()) {
    throw input_error{"--population-field: name at least one population column of the origins"};
  }
  if (job.opportunity_fields_.empty() && !job.category_field_) {
    throw input_error{"--opportunity-field: name at least one weight column, or filter with --category-field"};
  }
  auto const demand_field = job.demand_field_.value_or(job.population_fields_[0]);
  // A public's population column is written and grouped like the others.
  auto population_fields = job.population_fields_;
  for (auto const& pub : job.publics_) {
    if (std::find(begin(population_fields), end(population_fields), pub.field_) == end(population_fields)) {
      population_fields.push_back(pub.field_);
    }
  }

  io::read_options oopt;
  oopt.id_field_ = job.origins_id_field_;
  oopt.numeric_fields_ = with(population_fields, demand_field);
  oopt.crs_ = job.crs_;
  oopt.keep_polygons_ = true;
  oopt.empty_numeric_as_nan_ = true;
  oopt.non_negative_fields_ = oopt.numeric_fields_;
  auto origins = io::read_layer(job.origins_, oopt);
  empty_counts_as_zero(origins, oopt.numeric_fields_, log);

  io::read_options dopt;
  dopt.id_field_ = job.opportunities_id_field_;
  dopt.numeric_fields_ = with(job.opportunity_fields_, job.capacity_field_);
  if (job.category_field_) {
    dopt.text_fields_.push_back(*job.category_field_);
  }
  dopt.crs_ = job.crs_;
  dopt.empty_numeric_as_nan_ = true;
  dopt.non_negative_fields_ = dopt.numeric_fields_;
  auto opportunities = io::read_layer(job.opportunities_, dopt);
  empty_counts_as_zero(opportunities, dopt.numeric_fields_, log);

  // Category filter (BPE-style equipment codes): keep the matching features only.
  std::set<std::string> const wanted{begin(job.categories_), end(job.categories_)};
  std::vector<std::size_t> kept;
  for (auto i = 0U; i != opportunities.ids_.size(); ++i) {
    if (!job.category_field_ || wanted.empty() || wanted.contains(opportunities.text_[0][i])) {
      kept.push_back(i);
    }
  }
  if (kept.empty()) {
    throw input_error{job.opportunities_, 0, job.category_field_.value_or(""), "no opportunity matches the categories"};
  }
  std::vector<analysis::point> destinations;
  for (auto const i : kept) {
    destinations.push_back({opportunities.ids_[i], opportunities.positions_[i]});
  }
  std::vector<analysis::opportunity_field> fields;
  std::vector<std::vector<double>> supply;
  auto const capacity_col = job.capacity_field_ ? index_of(dopt.numeric_fields_, *job.capacity_field_) : 0;
  auto const add_field = [&](std::string const& name, auto&& weight_of) {
    analysis::opportunity_field f{name, {}};
    std::vector<double> s;
    for (auto const i : kept) {
      f.weight_.push_back(weight_of(i));
      if (job.capacity_field_) {
        s.push_back(opportunities.numeric_[capacity_col][i]);
      }
    }
    fields.push_back(std::move(f));
    supply.push_back(std::move(s));
  };
  if (job.opportunity_fields_.empty()) {
    // No weight column: each kept category is a field of its own, every feature counting 1.
    std::set<std::string> categories;
    for (auto const i : kept) {
      categories.insert(job.category_field_ ? opportunities.text_[0][i] : std::string{"opportunities"});
    }
    for (auto const& c : categories) {
      add_field(column_slug(c),
                [&](std::size_t i) { return !job.category_field_ || opportunities.text_[0][i] == c ? 1.0 : 0.0; });
    }
  }
  for (auto fi = 0U; fi != job.opportunity_fields_.size(); ++fi) {
    add_field(job.opportunity_fields_[fi], [&](std::size_t i) { return opportunities.numeric_[fi][i]; });
  }

  std::vector<analysis::point> origin_points;
  for (auto o = 0U; o != origins.ids_.size(); ++o) {
    origin_points.push_back({origins.ids_[o], origins.positions_[o]});
  }
  auto demand = origins.numeric_[index_of(oopt.numeric_fields_, demand_field)];
  return {std::move(origins),
          std::move(population_fields),
          std::move(origin_points),
          std::move(destinations),
          std::move(fields),
          std::move(supply),
          demand};
}

access_result compute(access_job const& job, access_inputs const& in, network::network const& net,
                      std::vector<ondemand::service> const& services, std::ostream& log) {
  auto const& population_fields = in.population_fields_;
  auto const& origin_points = in.origin_points_;
  auto const& destinations = in.destinations_;
  auto const& fields = in.fields_;
  auto const& supply = in.supply_;
  auto const& demand = in.demand_;
  auto const start = std::chrono::steady_clock::now();
  auto const main_bound = job.params_.travel_.bound_;
  if (job.both_bounds_ && job.params_.travel_.profile_.reads_gtfs_accessibility()) {
    throw input_error{"--unknown-accessibility both: the whole population's profile (" +
                      job.params_.travel_.profile_.name_ +
                      ") reads GTFS accessibility; give it one bound, or measure its public with --public"};
  }
  // One routing run per (profile, bound): publics sharing a profile, or on the whole population's,
  // reuse its indicators. The bound only counts where the profile reads GTFS accessibility.
  // Riders are checked when a rider or a fare bound is given; a public's rider replaces the job's. Only
  // a fare bound makes fares change an indicator (trips dearer than it do not count): without one,
  // every rider shares the run of its profile.
  auto const priced = job.fares_.wanted() || job.params_.travel_.max_fare_cents_.has_value() ||
                      std::any_of(begin(job.publics_), end(job.publics_),
                                  [](access_job::public_profile const& p) { return !p.rider_.empty(); });
  auto const bounded = job.params_.travel_.max_fare_cents_.has_value();
  struct run_key {
    profile::profile profile_;
    profile::accessibility_bound bound_;
    analysis::mode mode_;
    std::string rider_;  // empty: not priced
    bool operator==(run_key const&) const = default;
  };
  auto checking = true;  // while the riders are checked, key_of names each one
  auto const key_of = [&](profile::profile const& prof, profile::accessibility_bound b,
                          std::optional<analysis::mode> m = std::nullopt, std::string const& rider = {}) {
    auto const bound =
        prof.reads_gtfs_accessibility() && m != analysis::mode::kCar ? b : profile::accessibility_bound::kOptimistic;
    auto const who = !priced || (!bounded && !checking) ? std::string{}
                     : !rider.empty()                   ? rider
                     : !job.fares_.rider_.empty()       ? job.fares_.rider_
                                                        : std::string{"full"};
    return run_key{prof, bound, m.value_or(job.params_.travel_.mode_), who};
  };
  // Every rider and the fare file are checked before the first (long) routing run.
  for (auto i = std::size_t{0}; priced && i <= job.publics_.size(); ++i) {
    auto const& rider = i == job.publics_.size() ? std::string{} : job.publics_[i].rider_;
    open_pricer(net,
                {job.fares_.fares_file_, key_of(job.params_.travel_.profile_, main_bound, std::nullopt, rider).rider_});
  }
  checking = false;
  if (job.car_gap_ && job.params_.travel_.mode_ == analysis::mode::kCar) {
    throw input_error{"--car-gap compares another mode with the car: give --mode transit or walk"};
  }
  std::vector<run_key> keys;
  std::vector<analysis::indicator_table> runs;
  auto const indicators = [&](run_key const& k) -> std::size_t {
    auto const it = std::find(begin(keys), end(keys), k);
    if (it != end(keys)) {
      return static_cast<std::size_t>(it - begin(keys));
    }
    auto p = job.params_;
    p.travel_.on_demand_ = services;
    p.travel_.profile_ = k.profile_;
    p.travel_.bound_ = k.bound_;
    p.travel_.mode_ = k.mode_;
    std::unique_ptr<fares::pricer> pricer;
    if (!k.rider_.empty()) {
      pricer = open_pricer(net, {job.fares_.fares_file_, k.rider_});
      p.travel_.pricer_ = pricer.get();
    }
    keys.push_back(k);
    runs.push_back(analysis::compute_accessibility(net, origin_points, destinations, fields, demand, supply, p));
    return runs.size() - 1;
  };
  indicators(key_of(job.params_.travel_.profile_, main_bound));

  // Column sets side by side: the whole population's, then each public's (one per bound with `both`),
  // each with its gap to the whole population and weighted in the zones by its own population.
  // A set's gap is to set `gap_to_` (the whole population's, or for a car set the set it drives for).
  struct column_set {
    std::string prefix_;
    std::size_t run_, weight_field_, gap_to_{0};
    profile::profile const* profile_;
  };
  std::vector<column_set> sets{{"", 0, 0, 0, &job.params_.travel_.profile_}};
  for (auto const& pub : job.publics_) {
    auto const field = index_of(population_fields, pub.field_);
    if (job.both_bounds_ && pub.profile_.reads_gtfs_accessibility()) {
      sets.push_back({pub.name_ + "_strict",
                      indicators(key_of(pub.profile_, profile::accessibility_bound::kStrict, std::nullopt, pub.rider_)),
                      field, 0, &pub.profile_});
      sets.push_back(
          {pub.name_ + "_optimistic",
           indicators(key_of(pub.profile_, profile::accessibility_bound::kOptimistic, std::nullopt, pub.rider_)), field,
           0, &pub.profile_});
    } else {
      sets.push_back(
          {pub.name_, indicators(key_of(pub.profile_, main_bound, std::nullopt, pub.rider_)), field, 0, &pub.profile_});
    }
    log << "public " << pub.name_ << " (" << pub.field_ << ") measured with the " << pub.profile_.name_ << " profile"
        << (bounded ? ", fares of rider " + key_of(pub.profile_, main_bound, std::nullopt, pub.rider_).rider_ : "")
        << "\n";
  }
  if (job.car_gap_) {
    for (auto s = std::size_t{0}, n_sets = sets.size(); s != n_sets; ++s) {
      auto const set = sets[s];
      auto const run = indicators(key_of(*set.profile_, main_bound, analysis::mode::kCar));
      sets.push_back({set.prefix_.empty() ? "car" : set.prefix_ + "_car", run, set.weight_field_, s, set.profile_});
    }
  }
  log << "routing runs: " << runs.size() << " for " << sets.size() << " column sets\n";

  auto ind = runs[0];
  auto const n_base = ind.columns_.size();
  std::vector<std::size_t> weight_field(n_base, 0);
  if (sets.size() > 1) {
    std::vector<std::string> columns = ind.columns_;
    for (auto s = 1U; s != sets.size(); ++s) {
      for (auto const* infix : {"_", "_gap_"}) {
        for (auto c = 0U; c != n_base; ++c) {
          columns.push_back(sets[s].prefix_ + infix + ind.columns_[c]);
          weight_field.push_back(sets[s].weight_field_);
        }
      }
    }
    std::vector<double> values;
    values.reserve(ind.n_rows() * columns.size());
    for (auto o = 0U; o != ind.n_rows(); ++o) {
      for (auto c = 0U; c != n_base; ++c) {
        values.push_back(ind.at(o, c));
      }
      for (auto s = 1U; s != sets.size(); ++s) {
        auto const& pi = runs[sets[s].run_];
        auto const& base = runs[sets[sets[s].gap_to_].run_];
        for (auto c = 0U; c != n_base; ++c) {
          values.push_back(pi.at(o, c));
        }
        for (auto c = 0U; c != n_base; ++c) {
          values.push_back(pi.at(o, c) - base.at(o, c));  // NaN (unlinked origin) stays NaN
        }
      }
    }
    ind.columns_ = std::move(columns);
    ind.values_ = std::move(values);
  }
  log << "accessibility: " << origin_points.size() << " origins x " << destinations.size() << " opportunities, "
      << ind.columns_.size() << " indicators in "
      << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() << " s\n";
  if (!ind.summary_.unlinked_origins_.empty()) {
    log << "warning: " << ind.summary_.unlinked_origins_.size()
        << " origins are farther than the link radius from any walkable street: their indicators are empty\n";
  }
  if (!ind.summary_.unlinked_destinations_.empty()) {
    log << "warning: " << ind.summary_.unlinked_destinations_.size()
        << " opportunities are farther than the link radius from any walkable street and are never reached\n";
  }

  // Completeness of the accessibility data each profile reads, logged and kept with the results.
  io::table info{"run_info",
                 {{"profile", io::column::type::kText},
                  {"stops", io::column::type::kInteger},
                  {"stops_unknown_pct", io::column::type::kReal},
                  {"trips", io::column::type::kInteger},
                  {"trips_unknown_pct", io::column::type::kReal},
                  {"street_km", io::column::type::kReal},
                  {"street_unknown_pct", io::column::type::kReal}},
                 {},
                 {}};
  // One row per profile name: the figures depend on the profile's accessibility fields, which the
  // command-line overrides (speed, legs, slack, stress) never change.
  std::vector<std::string> reported;
  for (auto const& k : keys) {
    if (!k.profile_.reads_accessibility_data() ||
        std::find(begin(reported), end(reported), k.profile_.name_) != end(reported)) {
      continue;
    }
    reported.push_back(k.profile_.name_);
    auto const c = analysis::measure_completeness(net, k.profile_);
    log << analysis::describe(c, k.profile_) << "\n";
    info.rows_.push_back({k.profile_.name_, static_cast<std::int64_t>(c.stops_), c.stops_unknown_pct(),
                          static_cast<std::int64_t>(c.trips_), c.trips_unknown_pct(), c.street_m_ / 1000.0,
                          c.street_unknown_pct()});
  }
  // Each set after the first: its values, then its gaps.
  std::vector<std::uint8_t> is_gap(ind.columns_.size(), 0);
  std::vector<std::string> set_of(ind.columns_.size()), indicator_of(ind.columns_.size());
  for (auto c = std::size_t{0}; c != ind.columns_.size(); ++c) {
    indicator_of[c] = ind.columns_[c % n_base];
    if (c >= n_base) {
      is_gap[c] = ((c - n_base) / n_base) % 2 == 1 ? 1 : 0;
      set_of[c] = sets[1 + (c - n_base) / (2 * n_base)].prefix_;
    }
  }
  return {std::move(ind),    std::move(weight_field), std::move(is_gap),
          std::move(set_of), std::move(indicator_of), std::move(info)};
}

io::table zones_table(zone_layer const& zl, access_inputs const& in, access_result const& r) {
  return zones_table(zl, in.origins_, in.population_fields_, r.indicators_, r.weight_field_);
}

void run(access_job const& job, std::ostream& log) {
  auto const in = read_inputs(job, log);
  auto net = open_network(job.network_, log);
  auto services = job.params_.travel_.on_demand_;
  if (!job.scenario_.empty()) {
    apply_scenario(job.scenario_, net, services, log);
  }
  auto r = compute(job, in, net, services, log);
  std::vector<io::table> tables{origins_table(in.origins_, in.population_fields_, r.indicators_),
                                groups_table(in.origins_, in.population_fields_, r.indicators_)};
  if (job.zones_) {
    tables.push_back(zones_table(
        read_zones(*job.zones_, job.zone_id_field_, job.zone_name_field_, job.crs_, in.origins_, log), in, r));
  }
  if (!r.run_info_.rows_.empty()) {
    tables.push_back(std::move(r.run_info_));
  }
  io::write_tables(job.out_, tables);
  log << "wrote " << job.out_ << "\n";
}

}  // namespace solimob::jobs
