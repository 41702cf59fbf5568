#include "jobs/territory.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <sstream>

#include "core/error.h"
#include "core/time.h"
#include "geometry/geometry.h"
#include "jobs/tables.h"
#include "ondemand/service.h"

namespace solimob::jobs {

std::string category_field(std::string const& code) {
  return "c_" + column_slug(code);
}

std::size_t population_field_index(access_inputs const& in, std::string const& field) {
  return static_cast<std::size_t>(std::find(begin(in.population_fields_), end(in.population_fields_), field) -
                                  begin(in.population_fields_));
}

territory_inputs read_territory_inputs(diagnostic_config const& cfg, bool fr, std::ostream& log) {
  auto const w = [fr](char const* f, char const* e) { return std::string{fr ? f : e}; };
  territory_inputs ti;
  auto& tp = ti.travel_;
  auto const dt = parse_date_time(cfg.analysis_.departure_);
  tp.day_ = dt->day_;
  tp.departure_ = dt->time_;
  tp.window_min_ = cfg.analysis_.window_;
  tp.max_time_min_ = cfg.analysis_.max_time_;
  if (cfg.analysis_.frequency_draws_) {
    tp.frequency_draws_ = *cfg.analysis_.frequency_draws_;
  }
  tp.progress_ = false;
  tp.mode_ = cfg.analysis_.mode_ == "walk"  ? analysis::mode::kWalk
             : cfg.analysis_.mode_ == "car" ? analysis::mode::kCar
                                            : analysis::mode::kTransit;
  tp.profile_ = profile::find_profile("walk", cfg.profiles_);
  if (cfg.analysis_.max_fare_) {
    tp.max_fare_cents_ = static_cast<std::int32_t>(std::lround(*cfg.analysis_.max_fare_ * 100.0));
  }
  if (!cfg.on_demand_.empty()) {
    tp.on_demand_ = with_key(cfg, "network.on_demand", [&] { return ondemand::read_services(cfg.on_demand_); });
  }
  for (auto i = 0U; i != cfg.publics_.size(); ++i) {
    auto const& p = cfg.publics_[i];
    ti.public_profiles_.push_back(with_key(cfg, "publics[" + std::to_string(i) + "].profile",
                                           [&] { return profile::find_profile(p.profile_, cfg.profiles_); }));
  }

  // Inputs: the population grid, the services of the categories and the jobs, as one set of
  // opportunities (one field per category, one for jobs) so that each network is routed once.
  auto& in = ti.inputs_;
  in.population_fields_ = {cfg.population_.total_};
  for (auto const& p : cfg.publics_) {
    if (std::find(begin(in.population_fields_), end(in.population_fields_), p.field_) == end(in.population_fields_)) {
      in.population_fields_.push_back(p.field_);
    }
  }
  {
    io::read_options o;
    o.id_field_ = cfg.population_.id_;
    o.numeric_fields_ = in.population_fields_;
    if (cfg.population_.rank_) {
      o.numeric_fields_.push_back(*cfg.population_.rank_);
    }
    o.crs_ = cfg.population_.crs_;
    o.layer_ = cfg.population_.layer_;
    o.keep_polygons_ = true;
    o.empty_numeric_as_nan_ = true;
    o.non_negative_fields_ = in.population_fields_;
    in.origins_ = with_key(cfg, "population", [&] { return io::read_layer(cfg.population_.file_, o); });
    for (auto f = 0U; f != in.population_fields_.size(); ++f) {
      empty_count_as_zero(in.origins_.numeric_[f], in.origins_.source_, in.population_fields_[f], log);
    }
  }
  if (cfg.population_.rank_) {
    ti.rank_ = in.origins_.numeric_.back();
  }
  for (auto o = 0U; o != in.origins_.ids_.size(); ++o) {
    in.origin_points_.push_back({in.origins_.ids_[o], in.origins_.positions_[o]});
  }
  in.demand_ = in.origins_.numeric_[0];
  auto& services = ti.services_;
  {
    io::read_options o;
    o.id_field_ = cfg.services_.id_;
    o.text_fields_ = {cfg.services_.category_};
    if (cfg.services_.name_) {
      o.text_fields_.push_back(*cfg.services_.name_);
    }
    o.crs_ = cfg.population_.crs_;
    o.layer_ = cfg.services_.layer_;
    services = with_key(cfg, "services", [&] { return io::read_layer(cfg.services_.file_, o); });
  }
  auto& kept = ti.kept_;
  for (auto i = 0U; i != services.ids_.size(); ++i) {
    auto const& code = services.text_[0][i];
    if (std::any_of(begin(cfg.categories_), end(cfg.categories_), [&](auto const& c) { return c.code_ == code; })) {
      kept.push_back(i);
    }
  }
  for (auto const i : kept) {
    in.destinations_.push_back({services.ids_[i], services.positions_[i]});
  }
  for (auto k = 0U; k != cfg.categories_.size(); ++k) {
    analysis::opportunity_field f{category_field(cfg.categories_[k].code_), {}};
    auto count = 0;
    for (auto const i : kept) {
      auto const is = services.text_[0][i] == cfg.categories_[k].code_;
      f.weight_.push_back(is ? 1.0 : 0.0);
      count += is ? 1 : 0;
    }
    if (count == 0) {
      throw input_error{cfg.file_.string(), 0, "categories[" + std::to_string(k) + "].code",
                        "no service of category '" + cfg.categories_[k].code_ + "' in " + cfg.services_.file_ +
                            " (column " + cfg.services_.category_ + ")"};
    }
    in.fields_.push_back(std::move(f));
    in.supply_.emplace_back();
  }
  auto& jobs_layer = ti.jobs_;
  if (cfg.jobs_) {
    io::read_options o;
    o.id_field_ = cfg.jobs_->id_;
    o.numeric_fields_ = {cfg.jobs_->field_};
    o.non_negative_fields_ = o.numeric_fields_;
    o.allow_empty_numeric_ = true;
    o.crs_ = cfg.population_.crs_;
    o.layer_ = cfg.jobs_->layer_;
    jobs_layer = with_key(cfg, "jobs", [&] { return io::read_layer(cfg.jobs_->file_, o); });
    for (auto& f : in.fields_) {
      f.weight_.resize(kept.size() + jobs_layer.ids_.size(), 0.0);
    }
    analysis::opportunity_field f{"emplois", std::vector<double>(kept.size(), 0.0)};
    for (auto i = 0U; i != jobs_layer.ids_.size(); ++i) {
      in.destinations_.push_back({jobs_layer.ids_[i], jobs_layer.positions_[i]});
      f.weight_.push_back(jobs_layer.numeric_[0][i]);
    }
    in.fields_.push_back(std::move(f));
    in.supply_.emplace_back();
  }
  log << "  " << in.origins_.ids_.size() << w(" carreaux, ", " cells, ") << kept.size()
      << w(" équipements, ", " services, ") << jobs_layer.ids_.size() << w(" zones d'emploi", " employment zones")
      << "\n";

  return ti;
}

std::string file_date(std::string const& path) {
  std::error_code ec;
  auto const t = std::filesystem::last_write_time(path, ec);
  if (ec) {
    return "?";
  }
  auto const sys = std::chrono::time_point_cast<std::chrono::seconds>(t - decltype(t)::clock::now() +
                                                                      std::chrono::system_clock::now());
  auto const tt = std::chrono::system_clock::to_time_t(sys);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
  return buf;
}

network_layers network_tables(network::network const& n, bool fr) {
  auto const w = [fr](char const* f, char const* e) { return std::string{fr ? f : e}; };
  network_layers out{{"gares",
                      {{"stop_id", io::column::type::kText},
                       {"nom", io::column::type::kText},
                       {"accessible", io::column::type::kText}},
                      {},
                      {}},
                     {"lignes",
                      {{"route_id", io::column::type::kText},
                       {"nom", io::column::type::kText},
                       {"route_type", io::column::type::kInteger}},
                      {},
                      {}}};
  auto const& tt = n.transit_;
  for (auto const s : tt.stop_pos_.keys()) {
    auto const wb = tt.stop_wheelchair_[s];
    out.stations_.rows_.push_back({tt.stop_id_[s], tt.stop_name_[s],
                                   wb == 1   ? w("oui", "yes")
                                   : wb == 2 ? w("non", "no")
                                             : w("inconnu", "unknown")});
    out.stations_.geometry_wkb_.push_back(geometry::point(tt.stop_pos_[s]));
  }
  std::vector<trip_idx> longest(tt.route_id_.size(), trip_idx::invalid());
  for (auto const t : tt.trip_route_.keys()) {
    auto& l = longest[tt.trip_route_[t].v()];
    if (!l.valid() || tt.trip_size(t) > tt.trip_size(l)) {
      l = t;
    }
  }
  for (auto r = 0U; r != longest.size(); ++r) {
    if (!longest[r].valid() || tt.trip_size(longest[r]) < 2) {
      continue;
    }
    std::ostringstream wkt;
    wkt.precision(9);
    wkt << "LINESTRING(";
    auto first = true;
    for (auto const s : tt.trip_stops_[longest[r]]) {
      wkt << (first ? "" : ",") << tt.stop_pos_[s].lng_ << " " << tt.stop_pos_[s].lat_;
      first = false;
    }
    wkt << ")";
    route_idx const ri{r};
    out.lines_.rows_.push_back({tt.route_id_[ri], tt.route_name_[ri], static_cast<std::int64_t>(tt.route_type_[ri])});
    out.lines_.geometry_wkb_.push_back(geometry::from_wkt(wkt.str()));
  }
  return out;
}

}  // namespace solimob::jobs
