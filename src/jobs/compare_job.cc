#include "jobs/compare_job.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "analysis/equity.h"
#include "core/error.h"
#include "jobs/tables.h"
#include "scenario/scenario.h"

namespace solimob::jobs {

namespace {

// One measured network: the baseline or a scenario.
struct version {
  std::string name_;  // "baseline" or the scenario's name
  std::string slug_;  // in column names
  access_result r_;
  std::vector<std::uint8_t> unlinked_;  // per origin
};

bool is_time(std::string const& indicator) {
  return indicator.find("_nearest") != std::string::npos;
}

// The values of column c compared: a time that reaches nothing counts as the trip limit (it becomes
// a finite gain when the scenario reaches something). An origin unlinked in both versions is left out
// (NaN); one that a street project unlinks (or links) reaches nothing in the version where it is
// unlinked: the trip limit for a time, 0 for a count, so that the people it cuts off are counted.
std::vector<double> values(version const& v, version const& other, std::size_t c, double max_time_min) {
  auto const& ind = v.r_.indicators_;
  std::vector<double> x(ind.n_rows());
  auto const time = is_time(v.r_.indicator_[c]);
  for (auto o = 0U; o != x.size(); ++o) {
    auto const val = ind.at(o, c);
    x[o] = v.unlinked_[o] != 0 && other.unlinked_[o] != 0 ? std::nan("")
           : v.unlinked_[o] != 0                          ? (time ? max_time_min : 0.0)
           : std::isnan(val) && time                      ? max_time_min
                                                          : val;
  }
  return x;
}

// Weighted figures over the rows with a value.
struct figures {
  double population_{0}, mean_{0}, share_beyond_{0}, gini_{0};
};

figures measure(std::vector<double> const& x, std::vector<double> const& w, bool time, compare_job const& job,
                double max_time_min) {
  std::vector<double> xs, ws;
  for (auto o = 0U; o != x.size(); ++o) {
    if (!std::isnan(x[o])) {
      xs.push_back(x[o]);
      ws.push_back(w[o]);
    }
  }
  figures f;
  f.population_ = std::accumulate(begin(ws), end(ws), 0.0);
  f.mean_ = analysis::weighted_mean(xs, ws);
  // A time beyond the threshold, or nothing reached (the trip limit), counts beyond.
  f.share_beyond_ = time ? analysis::share_above(xs, ws, std::min(job.beyond_minutes_, max_time_min - 1e-9))
                         : analysis::share_below(xs, ws, job.beyond_opportunities_);
  f.gini_ = analysis::gini(xs, ws);
  return f;
}

// French or English number: thousands grouped, decimals after a comma (fr) or a point (en).
std::string number(double v, int decimals, bool fr) {
  if (std::isnan(v)) {
    return fr ? "n.d." : "n/a";
  }
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.*f", decimals, std::fabs(v));
  std::string s{buf};
  auto const dot = s.find('.');
  auto integer = s.substr(0, dot);
  auto const frac = dot == std::string::npos ? std::string{} : s.substr(dot + 1);
  std::string grouped;
  for (auto i = 0U; i != integer.size(); ++i) {
    if (i != 0 && (integer.size() - i) % 3 == 0) {
      grouped += fr ? "\u202f" : ",";
    }
    grouped += integer[i];
  }
  return (v < 0 && std::lround(std::fabs(v) * std::pow(10, decimals)) != 0 ? "-" : "") + grouped +
         (frac.empty() ? "" : (fr ? "," : ".") + frac);
}

std::string signed_number(double v, int decimals, bool fr) {
  return (v > 0 ? "+" : "") + number(v, decimals, fr);
}

// A table with columns given as "name" (real), "name:t" (text) or "name:i" (integer).
io::table make_table(std::string name, std::initializer_list<char const*> columns) {
  io::table t{std::move(name), {}, {}, {}};
  for (std::string c : columns) {
    auto type = io::column::type::kReal;
    if (c.ends_with(":t") || c.ends_with(":i")) {
      type = c.back() == 't' ? io::column::type::kText : io::column::type::kInteger;
      c.resize(c.size() - 2);
    }
    t.columns_.push_back({c, type});
  }
  return t;
}

}  // namespace

comparison compare(compare_job const& job, access_inputs const& in, std::vector<measured_version> measured,
                   std::optional<std::vector<double>> const& rank, std::ostream& log) {
  auto const fr = job.lang_ == "fr";
  auto const& aj = job.access_;
  auto const n_origins = in.origin_points_.size();
  std::vector<version> versions;
  for (auto i = 0U; i != measured.size(); ++i) {
    std::vector<std::uint8_t> unlinked(n_origins, 0);
    for (auto const o : measured[i].result_.indicators_.summary_.unlinked_origins_) {
      unlinked[o.v()] = 1;
    }
    auto name = i == 0 ? std::string{"base"} : column_slug(measured[i].name_);
    for (auto const& v : versions) {
      if (v.slug_ == name) {
        name += "_" + std::to_string(i);
      }
    }
    versions.push_back(
        {std::move(measured[i].name_), std::move(name), std::move(measured[i].result_), std::move(unlinked)});
  }
  auto const& base = versions.front().r_;
  auto const n_cols = base.indicators_.columns_.size();
  auto const max_time = static_cast<double>(aj.params_.travel_.max_time_min_);
  std::vector<std::size_t> compared;  // the columns compared: every set's values, not the gaps
  for (auto c = 0U; c != n_cols; ++c) {
    if (base.is_gap_[c] == 0) {
      compared.push_back(c);
    }
  }
  // Pairs compared: each scenario with the baseline, then each scenario with every earlier one.
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  for (auto s = 1U; s != versions.size(); ++s) {
    pairs.emplace_back(0, s);
  }
  for (auto a = 1U; job.pairwise_ && a != versions.size(); ++a) {
    for (auto b = a + 1; b != versions.size(); ++b) {
      pairs.emplace_back(a, b);
    }
  }
  auto const public_name = [&](std::size_t c) {
    return base.set_[c].empty() ? std::string{fr ? "ensemble" : "everyone"} : base.set_[c];
  };
  auto const weight = [&](std::size_t c) -> std::vector<double> const& {
    return in.origins_.numeric_[base.weight_field_[c]];
  };

  // Per origin: the baseline's value, then for each scenario its value and the change.
  io::table origins{"origins", {{"id", io::column::type::kText}}, {}, {}};
  for (auto const& f : in.population_fields_) {
    origins.columns_.push_back({f, io::column::type::kReal});
  }
  for (auto const c : compared) {
    auto const& name = base.indicators_.columns_[c];
    origins.columns_.push_back({name, io::column::type::kReal});
    for (auto s = 1U; s != versions.size(); ++s) {
      origins.columns_.push_back({versions[s].slug_ + "_" + name, io::column::type::kReal});
      origins.columns_.push_back({versions[s].slug_ + "_change_" + name, io::column::type::kReal});
    }
  }
  {
    std::vector<std::vector<double>> cols;
    for (auto const c : compared) {
      cols.push_back(values(versions[0], versions[0], c, max_time));
      for (auto s = 1U; s != versions.size(); ++s) {
        auto const before = values(versions[0], versions[s], c, max_time);
        auto after = values(versions[s], versions[0], c, max_time);
        std::vector<double> change(after.size());
        std::transform(begin(after), end(after), begin(before), begin(change), std::minus<>{});
        cols.push_back(std::move(after));
        cols.push_back(std::move(change));
      }
    }
    for (auto o = 0U; o != n_origins; ++o) {
      std::vector<io::cell> row{in.origins_.ids_[o]};
      for (auto f = 0U; f != in.population_fields_.size(); ++f) {
        row.emplace_back(in.origins_.numeric_[f][o]);
      }
      for (auto const& col : cols) {
        row.push_back(real_or_null(col[o]));
      }
      origins.rows_.push_back(std::move(row));
      auto const& poly = in.origins_.polygons_wkb_.empty() ? std::string{} : in.origins_.polygons_wkb_[o];
      origins.geometry_wkb_.push_back(poly.empty() ? point_wkb(in.origins_.positions_[o]) : poly);
    }
  }

  // Per pair, public and indicator: weighted figures before and after.
  auto summary =
      make_table("summary", {"scenario:t", "compared_to:t", "public:t", "indicator:t", "better_when:t", "population",
                             "mean_before", "mean_after", "mean_change", "share_beyond_before", "share_beyond_after",
                             "gini_before", "gini_after", "gain_threshold", "population_gaining", "population_losing"});
  auto deciles = make_table("deciles", {"scenario:t", "compared_to:t", "public:t", "indicator:t", "ranked_by:t",
                                        "decile:i", "population", "mean_before", "mean_after", "mean_change"});
  std::optional<zone_layer> zones;
  if (aj.zones_) {
    zones = read_zones(*aj.zones_, aj.zone_id_field_, aj.zone_name_field_, aj.crs_, in.origins_, log);
  }
  auto zone_table =
      make_table("zones", {"zone_id:t", "zone_name:t", "scenario:t", "compared_to:t", "public:t", "indicator:t",
                           "population", "mean_before", "mean_after", "mean_change", "share_beyond_before",
                           "share_beyond_after", "gini_before", "gini_after", "gain_rank:i"});
  std::vector<std::string> findings;
  for (auto const& [a, b] : pairs) {
    auto const& va = versions[a];
    auto const& vb = versions[b];
    auto cut = 0.0, joined = 0.0;  // people a street project unlinks from, or links to, the streets
    for (auto o = 0U; o != n_origins; ++o) {
      cut += vb.unlinked_[o] != 0 && va.unlinked_[o] == 0 ? in.origins_.numeric_[0][o] : 0.0;
      joined += va.unlinked_[o] != 0 && vb.unlinked_[o] == 0 ? in.origins_.numeric_[0][o] : 0.0;
    }
    findings.push_back(fr ? "Scénario « " + vb.name_ + " » comparé à " +
                                (a == 0 ? std::string{"la situation actuelle"} : "« " + va.name_ + " »") + " :"
                          : "Scenario \"" + vb.name_ + "\" compared with " +
                                (a == 0 ? std::string{"the baseline"} : "\"" + va.name_ + "\"") + ":");
    if (cut > 0 || joined > 0) {
      findings.push_back(fr ? "- " + number(cut, 0, fr) +
                                  " habitants ne sont plus reliés aux rues (comptés sans accès), " +
                                  number(joined, 0, fr) + " le deviennent."
                            : "- " + number(cut, 0, fr) +
                                  " residents are no longer linked to the streets (counted with "
                                  "no access), " +
                                  number(joined, 0, fr) + " become linked.");
    }
    for (auto const c : compared) {
      auto const& ind = base.indicator_[c];
      auto const time = is_time(ind);
      auto const before = values(va, vb, c, max_time);
      auto const after = values(vb, va, c, max_time);
      auto const& w = weight(c);
      auto const fb = measure(before, w, time, job, max_time);
      auto const fa = measure(after, w, time, job, max_time);
      auto const threshold = time ? job.gain_minutes_ : job.gain_opportunities_;
      auto gaining = 0.0, losing = 0.0;
      for (auto o = 0U; o != n_origins; ++o) {
        if (std::isnan(before[o]) || std::isnan(after[o])) {
          continue;
        }
        auto const gain = time ? before[o] - after[o] : after[o] - before[o];
        gaining += gain > threshold ? w[o] : 0.0;
        losing += gain < -threshold ? w[o] : 0.0;
      }
      summary.rows_.push_back({vb.name_, va.name_, public_name(c), ind, std::string{time ? "lower" : "higher"},
                               fb.population_, real_or_null(fb.mean_), real_or_null(fa.mean_),
                               real_or_null(fa.mean_ - fb.mean_), real_or_null(fb.share_beyond_),
                               real_or_null(fa.share_beyond_), real_or_null(fb.gini_), real_or_null(fa.gini_),
                               threshold, gaining, losing});

      // Deciles of the population by the rank field, else by the value before.
      auto const& key = rank ? *rank : before;
      std::vector<std::size_t> order;
      for (auto o = 0U; o != n_origins; ++o) {
        if (!std::isnan(before[o]) && !std::isnan(after[o]) && !std::isnan(key[o]) && w[o] > 0) {
          order.push_back(o);
        }
      }
      // Least served first: the lowest counts, the longest times (ties by origin order).
      std::stable_sort(begin(order), end(order),
                       [&](std::size_t x, std::size_t y) { return rank || !time ? key[x] < key[y] : key[x] > key[y]; });
      auto const total =
          std::accumulate(begin(order), end(order), 0.0, [&](double s, std::size_t o) { return s + w[o]; });
      std::array<double, 10> pop{}, sb{}, sa{};
      auto cumulated = 0.0;
      for (auto const o : order) {
        // The decile of the origin's middle person.
        auto const d = std::min<std::size_t>(9, static_cast<std::size_t>((cumulated + w[o] / 2) / total * 10));
        cumulated += w[o];
        pop[d] += w[o];
        sb[d] += w[o] * before[o];
        sa[d] += w[o] * after[o];
      }
      for (auto d = 0U; d != 10; ++d) {
        auto const mb = pop[d] > 0 ? sb[d] / pop[d] : std::nan("");
        auto const ma = pop[d] > 0 ? sa[d] / pop[d] : std::nan("");
        deciles.rows_.push_back({vb.name_, va.name_, public_name(c), ind,
                                 rank ? job.rank_field_.value_or("rank") : std::string{"value before"},
                                 static_cast<std::int64_t>(d + 1), pop[d], real_or_null(mb), real_or_null(ma),
                                 real_or_null(ma - mb)});
      }

      // Zones: weighted means before and after, ranked by gain.
      struct zone_change {
        std::size_t zone_;
        figures before_, after_;
      };
      std::vector<zone_change> zc;
      if (zones) {
        auto const n_zones = zones->zones_.ids_.size();
        // Per zone its origins' values before and after, and their weights.
        std::vector<std::vector<double>> zb(n_zones), za(n_zones), zw(n_zones);
        for (auto o = 0U; o != n_origins; ++o) {
          auto const z = zones->zone_of_[o];
          if (!z || std::isnan(before[o]) || std::isnan(after[o])) {
            continue;
          }
          zb[*z].push_back(before[o]);
          za[*z].push_back(after[o]);
          zw[*z].push_back(w[o]);
        }
        for (auto z = 0U; z != n_zones; ++z) {
          zc.push_back({z, measure(zb[z], zw[z], time, job, max_time), measure(za[z], zw[z], time, job, max_time)});
        }
        auto const gain_of = [&](zone_change const& x) {
          auto const g = time ? x.before_.mean_ - x.after_.mean_ : x.after_.mean_ - x.before_.mean_;
          return std::isnan(g) ? -1e300 : g;
        };
        std::stable_sort(begin(zc), end(zc), [&](auto const& x, auto const& y) { return gain_of(x) > gain_of(y); });
        for (auto r = 0U; r != zc.size(); ++r) {
          auto const& x = zc[r];
          zone_table.rows_.push_back(
              {zones->zones_.ids_[x.zone_],
               zones->zones_.text_.empty() ? io::cell{} : io::cell{zones->zones_.text_[0][x.zone_]}, vb.name_, va.name_,
               public_name(c), ind, x.before_.population_, real_or_null(x.before_.mean_), real_or_null(x.after_.mean_),
               real_or_null(x.after_.mean_ - x.before_.mean_), real_or_null(x.before_.share_beyond_),
               real_or_null(x.after_.share_beyond_), real_or_null(x.before_.gini_), real_or_null(x.after_.gini_),
               static_cast<std::int64_t>(r + 1)});
          zone_table.geometry_wkb_.push_back(zones->zones_.polygons_wkb_[x.zone_]);
        }
      }

      // The finding, in plain words with its figures.
      auto const change = fa.mean_ - fb.mean_;
      auto const decimals = time || std::fabs(change) < 10 ? 1 : 0;
      auto const pct = fb.mean_ != 0 ? 100.0 * change / fb.mean_ : std::nan("");
      std::string line = "- " + public_name(c) + " (" + number(fb.population_, 0, fr) +
                         (fr ? " hab.), " : " people), ") + ind + (fr ? " : moyenne " : ": mean ") +
                         number(fb.mean_, decimals, fr) + " → " + number(fa.mean_, decimals, fr) + " (" +
                         signed_number(change, decimals, fr) + (time ? " min" : "") +
                         (std::isnan(pct) || time ? "" : ", " + signed_number(pct, 1, fr) + " %") + ")";
      auto const unit = time ? std::string{" min"} : std::string{fr ? " opportunités" : " opportunities"};
      line += fr ? " ; " + number(gaining, 0, fr) + " personnes gagnent plus de " +
                       number(threshold, threshold == std::floor(threshold) ? 0 : 1, fr) + unit + ", " +
                       number(losing, 0, fr) + " en perdent plus de " +
                       number(threshold, threshold == std::floor(threshold) ? 0 : 1, fr)
                 : "; " + number(gaining, 0, fr) + " people gain more than " +
                       number(threshold, threshold == std::floor(threshold) ? 0 : 1, fr) + unit + ", " +
                       number(losing, 0, fr) + " lose more than " +
                       number(threshold, threshold == std::floor(threshold) ? 0 : 1, fr);
      line += (fr ? " ; part au-delà du seuil " : "; share beyond the threshold ") +
              number(100 * fb.share_beyond_, 1, fr) + " % → " + number(100 * fa.share_beyond_, 1, fr) + " %";
      std::vector<std::string> best;
      for (auto r = 0U; r != zc.size() && best.size() != job.top_zones_; ++r) {
        auto const delta = zc[r].after_.mean_ - zc[r].before_.mean_;
        if (!((time ? -delta : delta) > 0)) {
          break;
        }
        best.push_back(zones->name(zc[r].zone_) + " (" + signed_number(delta, decimals, fr) + ")");
      }
      if (!best.empty()) {
        std::string list;
        for (auto const& b2 : best) {
          list += (list.empty() ? "" : ", ") + b2;
        }
        line += (fr ? " ; zones qui gagnent le plus : " : "; zones gaining most: ") + list;
      } else if (zones) {
        line += fr ? " ; aucune zone ne gagne" : "; no zone gains";
      }
      findings.push_back(line + ".");
    }
  }
  io::table text{"findings", {{"text", io::column::type::kText}}, {}, {}};
  for (auto const& f : findings) {
    text.rows_.push_back({f});
  }
  comparison out;
  out.tables_ = {std::move(origins), std::move(summary), std::move(deciles)};
  if (zones) {
    out.tables_.push_back(std::move(zone_table));
  }
  out.tables_.push_back(std::move(text));
  out.findings_ = std::move(findings);
  return out;
}

access_result keep_columns(access_result const& r, std::function<bool(std::size_t)> const& keep) {
  access_result out;
  out.indicators_.summary_ = r.indicators_.summary_;
  out.run_info_ = r.run_info_;
  std::vector<std::size_t> kept;
  for (auto c = 0U; c != r.indicators_.columns_.size(); ++c) {
    if (keep(c)) {
      kept.push_back(c);
      out.indicators_.columns_.push_back(r.indicators_.columns_[c]);
      out.weight_field_.push_back(r.weight_field_[c]);
      out.is_gap_.push_back(r.is_gap_[c]);
      out.set_.push_back(r.set_[c]);
      out.indicator_.push_back(r.indicator_[c]);
    }
  }
  out.indicators_.values_.reserve(r.indicators_.n_rows() * kept.size());
  for (auto o = 0U; o != r.indicators_.n_rows(); ++o) {
    for (auto const c : kept) {
      out.indicators_.values_.push_back(r.indicators_.at(o, c));
    }
  }
  return out;
}

void run(compare_job const& job, std::ostream& log) {
  if (job.scenarios_.empty()) {
    throw input_error{"--scenario: give at least one scenario file to compare with the baseline"};
  }
  if (job.lang_ != "fr" && job.lang_ != "en") {
    throw input_error{"--lang: fr or en, got '" + job.lang_ + "'"};
  }
  auto const& aj = job.access_;
  auto const in = read_inputs(aj, log);
  auto const base_net = open_network(aj.network_, log);
  auto const& base_services = aj.params_.travel_.on_demand_;
  // Every scenario is read and checked before the first (long) routing run.
  std::vector<scenario::scenario> scenarios;
  for (auto const& file : job.scenarios_) {
    scenarios.push_back(scenario::read(file));
    scenario::check(scenarios.back(), base_net, base_services, file);
  }
  std::optional<std::vector<double>> rank;
  if (job.rank_field_) {
    io::read_options ropt;
    ropt.id_field_ = aj.origins_id_field_;
    ropt.numeric_fields_ = {*job.rank_field_};
    ropt.crs_ = aj.crs_;
    ropt.empty_numeric_as_nan_ = true;
    rank = io::read_layer(aj.origins_, ropt).numeric_[0];
  }
  std::vector<measured_version> measured;
  {
    auto const start = std::chrono::steady_clock::now();
    measured.push_back({"baseline", compute(aj, in, base_net, base_services, log)});
    log << "baseline measured in " << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()
        << " s\n";
  }
  for (auto i = 0U; i != scenarios.size(); ++i) {
    auto const start = std::chrono::steady_clock::now();
    auto const applied = scenario::apply(base_net, base_services, scenarios[i], job.scenarios_[i]);
    auto const applied_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    measured.push_back({scenarios[i].name_, compute(aj, in, applied.network_, applied.services_, log)});
    log << "scenario " << scenarios[i].name_ << ": applied in " << applied_s << " s, measured in "
        << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() - applied_s << " s\n";
  }
  auto const result = compare(job, in, std::move(measured), rank, log);
  for (auto const& f : result.findings_) {
    log << f << "\n";
  }
  io::write_tables(aj.out_, result.tables_);
  log << "wrote " << aj.out_ << "\n";
}

}  // namespace solimob::jobs
