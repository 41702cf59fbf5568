#include "analysis/equity.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <vector>

namespace solimob::analysis {

namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

struct entry {
  double x_;
  double w_;
};

// NaN values are refused rather than skipped: the caller decides what a missing value means (the jobs leave
// it out and count it), and a NaN would break the strict weak ordering the sorts below rely on.
void check(std::span<double const> x, std::span<double const> w) {
  if (x.size() != w.size()) {
    throw std::invalid_argument{"equity statistics: values and weights differ in length"};
  }
  for (auto const wi : w) {
    if (!(wi >= 0.0 && std::isfinite(wi))) {
      throw std::invalid_argument{"equity statistics: weights must be finite and >= 0"};
    }
  }
  if (std::any_of(begin(x), end(x), [](double v) { return std::isnan(v); })) {
    throw std::invalid_argument{"equity statistics: values must not be NaN (leave missing values out)"};
  }
}

// Entries with positive weight in ascending x; ties keep their input order, which fixes the summation order.
std::vector<entry> sorted_entries(std::span<double const> x, std::span<double const> w) {
  check(x, w);
  std::vector<entry> e;
  e.reserve(x.size());
  for (auto i = 0U; i != x.size(); ++i) {
    if (w[i] > 0.0) {
      e.push_back({x[i], w[i]});
    }
  }
  std::stable_sort(begin(e), end(e), [](entry const& a, entry const& b) { return a.x_ < b.x_; });
  return e;
}

double total_weight(std::vector<entry> const& e) {
  auto sum = 0.0;
  for (auto const& en : e) {
    sum += en.w_;
  }
  return sum;
}

bool all_equal(std::vector<entry> const& sorted) {
  return sorted.front().x_ == sorted.back().x_;
}

double share(std::span<double const> x, std::span<double const> w, auto const& selected) {
  check(x, w);
  auto in = 0.0;
  auto total = 0.0;
  for (auto i = 0U; i != x.size(); ++i) {
    total += w[i];
    if (w[i] > 0.0 && selected(x[i])) {
      in += w[i];
    }
  }
  return total > 0.0 ? in / total : kNan;
}

}  // namespace

double weighted_mean(std::span<double const> x, std::span<double const> w) {
  check(x, w);
  auto sum_wx = 0.0;
  auto sum_w = 0.0;
  for (auto i = 0U; i != x.size(); ++i) {
    if (w[i] > 0.0) {
      sum_wx += w[i] * x[i];
      sum_w += w[i];
    }
  }
  return sum_w > 0.0 ? sum_wx / sum_w : kNan;
}

double weighted_median(std::span<double const> x, std::span<double const> w) {
  auto const e = sorted_entries(x, w);
  // Summed in the same order as the cumulative weight below, so the last cumulative value equals W exactly and
  // the comparison 2 * cumulative >= W (exact doubling) cannot miss through rounding.
  auto const total = total_weight(e);
  auto cumulative = 0.0;
  for (auto const& en : e) {
    cumulative += en.w_;
    if (2.0 * cumulative >= total) {
      return en.x_;
    }
  }
  return kNan;
}

double share_below(std::span<double const> x, std::span<double const> w, double threshold) {
  return share(x, w, [&](double v) { return v < threshold; });
}

double share_above(std::span<double const> x, std::span<double const> w, double threshold) {
  return share(x, w, [&](double v) { return v > threshold; });
}

double gini(std::span<double const> x, std::span<double const> w) {
  auto const e = sorted_entries(x, w);
  if (e.empty()) {
    return kNan;
  }
  if (all_equal(e)) {
    return 0.0;
  }
  auto const total = total_weight(e);
  auto sum_wx = 0.0;
  auto numerator = 0.0;
  auto below = 0.0;
  for (auto const& en : e) {
    auto const above = total - below - en.w_;
    numerator += en.w_ * en.x_ * (below - above);
    sum_wx += en.w_ * en.x_;
    below += en.w_;
  }
  return sum_wx > 0.0 ? numerator / (total * sum_wx) : kNan;
}

double palma(std::span<double const> x, std::span<double const> w) {
  auto const e = sorted_entries(x, w);
  if (e.empty()) {
    return kNan;
  }
  auto const total = total_weight(e);
  // Sum of w x over the cumulative-weight interval [lo, hi] of the ascending order.
  auto const mass = [&](double lo, double hi) {
    auto sum = 0.0;
    auto start = 0.0;
    for (auto const& en : e) {
      auto const end = start + en.w_;
      if (start >= lo && end <= hi) {
        sum += en.w_ * en.x_;  // whole entry: use w exactly rather than a difference of cumulative sums
      } else if (end > lo && start < hi) {
        sum += (std::min(end, hi) - std::max(start, lo)) * en.x_;
      }
      start = end;
    }
    return sum;
  };
  // 9W/10 and 4W/10 rounded once each, so W = 10 gives the exact boundaries 9 and 4.
  auto const top = mass(total * 9.0 / 10.0, total);
  auto const bottom = mass(0.0, total * 4.0 / 10.0);
  if (bottom == 0.0) {
    return top > 0.0 ? std::numeric_limits<double>::infinity() : kNan;
  }
  return top / bottom;
}

double theil_t(std::span<double const> x, std::span<double const> w) {
  auto const e = sorted_entries(x, w);
  if (e.empty()) {
    return kNan;
  }
  if (e.front().x_ < 0.0) {
    return kNan;
  }
  if (all_equal(e)) {
    return e.front().x_ > 0.0 ? 0.0 : kNan;
  }
  auto const mu = weighted_mean(x, w);
  if (!(mu > 0.0)) {
    return kNan;
  }
  auto sum = 0.0;
  auto const total = total_weight(e);
  for (auto const& en : e) {
    if (en.x_ > 0.0) {
      auto const r = en.x_ / mu;
      sum += en.w_ * r * std::log(r);
    }
  }
  return sum / total;
}

double concentration_index(std::span<double const> x, std::span<double const> w, std::span<double const> rank_by) {
  check(x, w);
  if (rank_by.size() != x.size()) {
    throw std::invalid_argument{"concentration index: values and ranking variable differ in length"};
  }
  // A NaN rank compares false with everything: the sort below would be undefined and the tie runs would
  // never advance. The caller leaves rows without a rank out (equity_job counts them).
  if (std::any_of(begin(rank_by), end(rank_by), [](double v) { return std::isnan(v); })) {
    throw std::invalid_argument{"concentration index: the ranking variable must not be NaN (leave such rows out)"};
  }
  std::vector<std::size_t> order;
  order.reserve(x.size());
  for (auto i = std::size_t{0}; i != x.size(); ++i) {
    if (w[i] > 0.0) {
      order.push_back(i);
    }
  }
  if (order.empty()) {
    return kNan;
  }
  std::stable_sort(begin(order), end(order), [&](std::size_t a, std::size_t b) { return rank_by[a] < rank_by[b]; });

  auto total = 0.0;
  auto sum_wx = 0.0;
  auto x_min = x[order.front()];
  auto x_max = x_min;
  for (auto const i : order) {
    total += w[i];
    sum_wx += w[i] * x[i];
    x_min = std::min(x_min, x[i]);
    x_max = std::max(x_max, x[i]);
  }
  if (x_min == x_max) {
    return x_min > 0.0 ? 0.0 : kNan;
  }
  auto const mu = sum_wx / total;
  if (!(mu > 0.0)) {
    return kNan;
  }

  // Fractional rank per entry; a run of tied rank_by values gets the rank of the run's midpoint.
  std::vector<double> rank(x.size(), 0.0);
  auto below = 0.0;
  // A run always holds its first entry, so the loop advances whatever the values compare to.
  for (auto first = 0U; first != order.size();) {
    auto last = first + 1;
    auto run_weight = w[order[first]];
    while (last != order.size() && rank_by[order[last]] == rank_by[order[first]]) {
      run_weight += w[order[last]];
      ++last;
    }
    auto const r = (below + run_weight / 2.0) / total;
    for (auto k = first; k != last; ++k) {
      rank[order[k]] = r;
    }
    below += run_weight;
    first = last;
  }

  // The weighted mean rank is 1/2 in exact arithmetic; computing it keeps the covariance centred anyway.
  auto mean_rank = 0.0;
  for (auto const i : order) {
    mean_rank += w[i] * rank[i];
  }
  mean_rank /= total;
  auto cov = 0.0;
  for (auto const i : order) {
    cov += w[i] * (x[i] - mu) * (rank[i] - mean_rank);
  }
  cov /= total;
  return 2.0 * cov / mu;
}

std::vector<std::pair<double, double>> lorenz(std::span<double const> x, std::span<double const> w) {
  std::vector<std::size_t> order;
  for (auto i = 0U; i != x.size(); ++i) {
    if (!std::isnan(x[i]) && w[i] > 0) {
      order.push_back(i);
    }
  }
  std::stable_sort(begin(order), end(order), [&](auto a, auto b) { return x[a] < x[b]; });
  auto total_w = 0.0, total_x = 0.0;
  for (auto const i : order) {
    total_w += w[i];
    total_x += w[i] * x[i];
  }
  std::vector<std::pair<double, double>> out{{0.0, 0.0}};
  if (total_w <= 0 || total_x <= 0) {
    return out;
  }
  auto cw = 0.0, cx = 0.0;
  // At most ~200 points: enough for a smooth curve, small in SVG.
  auto const step = std::max<std::size_t>(1, order.size() / 200);
  for (auto k = 0U; k != order.size(); ++k) {
    cw += w[order[k]];
    cx += w[order[k]] * x[order[k]];
    if (k % step == 0 || k + 1 == order.size()) {
      out.emplace_back(cw / total_w, cx / total_x);
    }
  }
  return out;
}

}  // namespace solimob::analysis
