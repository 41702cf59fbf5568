#include "analysis/accessibility.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "analysis/fca.h"
#include "analysis/percentile.h"
#include "core/error.h"

namespace solimob::analysis {

namespace {

constexpr auto kNaN = std::numeric_limits<double>::quiet_NaN();

std::string decay_name(decay_kind k) {
  switch (k) {
    case decay_kind::kStep:
      return "step";
    case decay_kind::kExponential:
      return "exponential";
    case decay_kind::kFixedExponential:
      return "fixed_exponential";
    case decay_kind::kLinear:
      return "linear";
    case decay_kind::kLogistic:
      return "logistic";
  }
  return "?";
}

// Cutoffs that give distinct columns: fixed_exponential ignores them.
std::vector<int> cumulative_cutoffs(access_params const& p) {
  return p.decay_ == decay_kind::kFixedExponential ? std::vector<int>{0} : p.cutoffs_min_;
}

// A destination reachable from the current origin, with its time at every percentile.
struct reachable {
  point_idx dest_;
  std::size_t first_time_;  // index into the per-origin times buffer
};

}  // namespace

std::vector<std::string> indicator_columns(std::vector<opportunity_field> const& fields, access_params const& p) {
  std::vector<std::string> cols;
  auto const fixed = p.decay_ == decay_kind::kFixedExponential;
  for (auto const& f : fields) {
    for (auto const c : cumulative_cutoffs(p)) {
      for (auto const pc : p.percentiles_) {
        cols.push_back(f.name_ + "_" + decay_name(p.decay_) + (fixed ? "" : "_" + std::to_string(c)) + "_p" +
                       std::to_string(pc));
      }
    }
    for (auto const n : p.nearest_) {
      for (auto const pc : p.percentiles_) {
        cols.push_back(f.name_ + "_nearest" + std::to_string(n) + "_min_p" + std::to_string(pc));
      }
    }
    if (p.gravity_beta_) {
      for (auto const pc : p.percentiles_) {
        cols.push_back(f.name_ + "_gravity_p" + std::to_string(pc));
      }
    }
    for (auto const m : p.fca_) {
      for (auto const c : p.cutoffs_min_) {
        for (auto const pc : p.percentiles_) {
          cols.push_back(f.name_ + (m == fca_method::kTwoStep ? "_2sfca_" : "_e2sfca_") + std::to_string(c) + "_p" +
                         std::to_string(pc));
        }
      }
    }
  }
  return cols;
}

indicator_table compute_accessibility(network::network const& net, std::span<point const> origins,
                                      std::span<point const> destinations, std::vector<opportunity_field> const& fields,
                                      std::span<double const> demand, std::vector<std::vector<double>> const& supply,
                                      access_params const& p) {
  for (auto const& f : fields) {
    if (f.weight_.size() != destinations.size()) {
      throw input_error{"opportunity field '" + f.name_ + "' has " + std::to_string(f.weight_.size()) + " values for " +
                        std::to_string(destinations.size()) + " destinations"};
    }
  }
  if (!p.fca_.empty() && demand.size() != origins.size()) {
    throw input_error{"floating catchment areas need a demand (population) value for every origin"};
  }
  std::vector<decay_function> decays;
  for (auto const c : cumulative_cutoffs(p)) {
    decays.push_back(make_decay(p.decay_, c, p.decay_value_));
  }

  indicator_table out;
  out.columns_ = indicator_columns(fields, p);
  auto const n_cols = out.columns_.size();
  out.values_.assign(origins.size() * n_cols, kNaN);

  auto const np = p.percentiles_.size();
  auto const max_catchment_s = p.fca_.empty() ? 0 : *std::max_element(begin(p.cutoffs_min_), end(p.cutoffs_min_)) * 60;
  // Pairs inside the largest catchment, per percentile and origin: the second FCA step needs every
  // origin's demand first, so these (and only these) are kept until all origins are done.
  std::vector<std::vector<std::vector<od_time>>> fca_pairs(p.fca_.empty() ? 0 : np,
                                                           std::vector<std::vector<od_time>>(origins.size()));
  std::vector<std::uint8_t> linked(origins.size(), 0);

  travel_time_engine const engine{net, destinations, p.travel_};
  out.summary_ = engine.run(origins, [&](origin_times const& ot) {
    std::vector<seconds_t> scratch(ot.n_samples()), times;
    std::vector<reachable> reach;
    for (auto d = 0U; d != destinations.size(); ++d) {
      auto const t = ot.at(d);
      if (std::all_of(begin(t), end(t), [](seconds_t x) { return x == kUnreachable; })) {
        continue;
      }
      std::copy(begin(t), end(t), begin(scratch));
      reach.push_back({point_idx{d}, times.size()});
      times.resize(times.size() + np);
      percentile_times(scratch, p.percentiles_, std::span{times}.subspan(times.size() - np));
    }
    auto* row = &out.values_[ot.origin_.v() * n_cols];
    auto col = 0U;
    std::vector<std::pair<seconds_t, double>> sorted;
    for (auto fi = 0U; fi != fields.size(); ++fi) {
      auto const& w = fields[fi].weight_;
      for (auto const& decay : decays) {
        for (auto pi = 0U; pi != np; ++pi) {
          auto sum = 0.0;
          for (auto const& r : reach) {
            auto const t = times[r.first_time_ + pi];
            if (t != kUnreachable && w[r.dest_.v()] != 0.0) {
              sum += w[r.dest_.v()] * decay.weight(t);
            }
          }
          row[col++] = sum;
        }
      }
      for (auto const n : p.nearest_) {
        for (auto pi = 0U; pi != np; ++pi) {
          sorted.clear();
          for (auto const& r : reach) {
            auto const t = times[r.first_time_ + pi];
            if (t != kUnreachable && w[r.dest_.v()] > 0.0) {
              sorted.emplace_back(t, w[r.dest_.v()]);
            }
          }
          std::sort(begin(sorted), end(sorted));
          auto cumulated = 0.0;
          auto value = kNaN;
          for (auto const& [t, weight] : sorted) {
            cumulated += weight;
            if (cumulated >= n) {
              value = to_minutes(t);
              break;
            }
          }
          row[col++] = value;
        }
      }
      if (p.gravity_beta_) {
        for (auto pi = 0U; pi != np; ++pi) {
          auto sum = 0.0;
          for (auto const& r : reach) {
            auto const t = times[r.first_time_ + pi];
            if (t != kUnreachable && w[r.dest_.v()] != 0.0) {
              sum += w[r.dest_.v()] * std::pow(std::max(1.0, t / 60.0), -*p.gravity_beta_);
            }
          }
          row[col++] = sum;
        }
      }
      col += static_cast<unsigned>(p.fca_.size() * p.cutoffs_min_.size() * np);  // filled after all origins
    }
    for (auto pi = 0U; pi < fca_pairs.size(); ++pi) {
      auto& pairs = fca_pairs[pi][ot.origin_.v()];
      for (auto const& r : reach) {
        auto const t = times[r.first_time_ + pi];
        if (t != kUnreachable && t <= max_catchment_s) {
          pairs.push_back({ot.origin_, r.dest_, static_cast<double>(t)});
        }
      }
    }
  });
  for (auto const o : out.summary_.unlinked_origins_) {
    std::fill_n(&out.values_[o.v() * n_cols], n_cols, kNaN);
  }
  if (p.fca_.empty()) {
    return out;
  }

  // Second step of the floating catchment areas, in origin order: deterministic sums.
  std::vector<bool> unlinked(origins.size(), false);
  for (auto const o : out.summary_.unlinked_origins_) {
    unlinked[o.v()] = true;
  }
  for (auto pi = 0U; pi != np; ++pi) {
    std::vector<od_time> all;
    for (auto const& v : fca_pairs[pi]) {
      all.insert(end(all), begin(v), end(v));
    }
    for (auto fi = 0U; fi != fields.size(); ++fi) {
      auto const& s = supply.size() > fi && !supply[fi].empty() ? supply[fi] : fields[fi].weight_;
      auto const first_fca_col =
          std::find(begin(out.columns_), end(out.columns_),
                    fields[fi].name_ + (p.fca_[0] == fca_method::kTwoStep ? "_2sfca_" : "_e2sfca_") +
                        std::to_string(p.cutoffs_min_[0]) + "_p" + std::to_string(p.percentiles_[0])) -
          begin(out.columns_);
      for (auto mi = 0U; mi != p.fca_.size(); ++mi) {
        for (auto ci = 0U; ci != p.cutoffs_min_.size(); ++ci) {
          auto const catchment_s = p.cutoffs_min_[ci] * 60.0;
          auto const values = p.fca_[mi] == fca_method::kTwoStep
                                  ? two_step_fca(all, demand, s, catchment_s)
                                  : enhanced_two_step_fca(all, demand, s, luo_qi_bands(catchment_s));
          auto const col = static_cast<std::size_t>(first_fca_col) + (mi * p.cutoffs_min_.size() + ci) * np + pi;
          for (auto o = 0U; o != origins.size(); ++o) {
            out.values_[o * n_cols + col] = unlinked[o] ? kNaN : values[o];
          }
        }
      }
    }
  }
  return out;
}

}  // namespace solimob::analysis
