#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <stdexcept>
#include <vector>

#include "analysis/equity.h"

namespace solimob::analysis {
namespace {

using v = std::vector<double>;
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

enum class outcome { kReturned, kInvalidArgument, kOtherException, kHung };

// Runs f in a forked child and kills it after 10 s, so that a function that loops forever fails the test
// instead of hanging the suite.
outcome run_with_timeout(std::function<void()> const& f) {
  auto const pid = ::fork();
  if (pid == 0) {
    try {
      f();
    } catch (std::invalid_argument const&) {
      ::_exit(3);
    } catch (...) {
      ::_exit(4);
    }
    ::_exit(0);
  }
  auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds{10};
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return outcome::kHung;
    }
    ::usleep(10'000);
  }
  if (!WIFEXITED(status)) {
    return outcome::kOtherException;  // crashed
  }
  switch (WEXITSTATUS(status)) {
    case 0:
      return outcome::kReturned;
    case 3:
      return outcome::kInvalidArgument;
    default:
      return outcome::kOtherException;
  }
}

TEST(equity, weighted_mean) {
  EXPECT_DOUBLE_EQ(weighted_mean(v{1, 2, 3, 4}, v{1, 1, 1, 1}), 2.5);
  EXPECT_DOUBLE_EQ(weighted_mean(v{1, 2, 3, 4}, v{1, 0, 0, 3}), 3.25);  // (1 + 12) / 4
  EXPECT_TRUE(std::isnan(weighted_mean(v{}, v{})));
  EXPECT_TRUE(std::isnan(weighted_mean(v{1, 2}, v{0, 0})));
}

TEST(equity, lower_weighted_median) {
  EXPECT_EQ(weighted_median(v{4, 1, 3, 2}, v{1, 1, 1, 1}), 2);                    // cumulative 1, 2 >= 4/2 at x = 2
  EXPECT_EQ(weighted_median(v{1, 2, 3, 4}, v{1, 1, 1, 3}), 3);                    // cumulative 1, 2, 3 >= 6/2
  EXPECT_EQ(weighted_median(v{1, 2, 3, 4}, v{3, 1, 1, 1}), 1);                    // 3 >= 6/2 already
  EXPECT_EQ(weighted_median(v{100, 1, 2}, v{0, 1, 1}), 1);                        // the zero-weight 100 is ignored
  EXPECT_EQ(weighted_median(v{0.5, 0.7, 0.9, 1.1}, v{0.1, 0.1, 0.1, 0.1}), 0.7);  // no rounding miss
  EXPECT_EQ(weighted_median(v{600, kInf, kInf}, v{1, 1, 1}), kInf);               // median time unreachable
  EXPECT_TRUE(std::isnan(weighted_median(v{}, v{})));
}

TEST(equity, shares_below_and_above) {
  v const minutes{10, 20, 30, 40};
  EXPECT_EQ(share_below(minutes, v{1, 1, 1, 1}, 30), 0.5);   // 10, 20
  EXPECT_EQ(share_above(minutes, v{1, 1, 1, 1}, 30), 0.25);  // 40 only: the threshold itself is neither
  EXPECT_EQ(share_above(minutes, v{1, 2, 3, 4}, 25), 0.7);   // (3 + 4) / 10
  EXPECT_EQ(share_above(v{10, kInf}, v{3, 1}, 30), 0.25);    // unreachable counts as "more than 30 min"
  EXPECT_TRUE(std::isnan(share_below(v{1}, v{0}, 5)));
}

TEST(equity, gini_by_hand) {
  // {1,2,3,4}: sum over ordered pairs |x_i - x_j| = 2 (3*1 + 2*2 + 1*3) = 20; 20 / (2 * 4^2 * 2.5) = 0.25.
  EXPECT_DOUBLE_EQ(gini(v{1, 2, 3, 4}, v{1, 1, 1, 1}), 0.25);
  EXPECT_DOUBLE_EQ(gini(v{4, 1, 3, 2}, v{1, 1, 1, 1}), 0.25);  // order does not matter
  // Weight 2 equals duplicating the entry: {1,2,2,3} has ordered-pair sum 2 (1 + 1 + 2 + 0 + 1 + 1) = 12,
  // mean 2: 12 / (2 * 16 * 2) = 0.1875.
  EXPECT_DOUBLE_EQ(gini(v{1, 2, 2, 3}, v{1, 1, 1, 1}), 0.1875);
  EXPECT_DOUBLE_EQ(gini(v{1, 2, 3}, v{1, 2, 1}), 0.1875);
  EXPECT_DOUBLE_EQ(gini(v{1, 2, 3, 99}, v{1, 2, 1, 0}), 0.1875);  // zero weight ignored
  // One entry holds everything: {0,0,0,1}: 2 * 3 * 1 / (2 * 16 * 0.25) = 0.75 = (n - 1) / n.
  EXPECT_DOUBLE_EQ(gini(v{0, 0, 0, 1}, v{1, 1, 1, 1}), 0.75);
  EXPECT_EQ(gini(v{5, 5, 5}, v{0.1, 0.2, 0.3}), 0.0);
  EXPECT_EQ(gini(v{0, 0}, v{1, 1}), 0.0);  // all equal, even at zero
  EXPECT_TRUE(std::isnan(gini(v{}, v{})));
}

TEST(equity, palma_by_hand) {
  // 1..10, equal weights: top 10% = {10}, bottom 40% = {1,2,3,4}: 10 / 10 = 1.
  EXPECT_DOUBLE_EQ(palma(v{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, v(10, 1.0)), 1.0);
  // 1..5, W = 5: top 10% = half of entry 5 -> 0.5 * 5 = 2.5; bottom 40% = weight 2 -> 1 + 2 = 3; 2.5 / 3.
  EXPECT_DOUBLE_EQ(palma(v{5, 4, 3, 2, 1}, v(5, 1.0)), 2.5 / 3.0);
  // {1,2}, W = 2: top = 0.2 of x = 2 -> 0.4; bottom = 0.8 of x = 1 -> 0.8; 0.5.
  EXPECT_DOUBLE_EQ(palma(v{1, 2}, v{1, 1}), 0.5);
  // Weight 2 on x = 5 equals {1,2,3,4,5,5}, W = 6: top 0.6 * 5 = 3; bottom 1 + 2 + 0.4 * 3 = 4.2; 3 / 4.2.
  EXPECT_NEAR(palma(v{1, 2, 3, 4, 5}, v{1, 1, 1, 1, 2}), 3.0 / 4.2, 1e-14);
  EXPECT_NEAR(palma(v{1, 2, 3, 4, 5, 5}, v(6, 1.0)), 3.0 / 4.2, 1e-14);
  EXPECT_DOUBLE_EQ(palma(v{3, 3, 3}, v{1, 1, 1}), 0.25);  // equality: 10% / 40%
  EXPECT_EQ(palma(v{0, 0, 0, 0, 1}, v(5, 1.0)), kInf);    // bottom 40% hold nothing
  EXPECT_TRUE(std::isnan(palma(v{0, 0}, v{1, 1})));
  EXPECT_TRUE(std::isnan(palma(v{}, v{})));
}

TEST(equity, theil_by_hand) {
  EXPECT_EQ(theil_t(v{1, 1, 1, 1}, v{1, 1, 1, 1}), 0.0);
  EXPECT_EQ(theil_t(v{0.1, 0.1, 0.1}, v{1, 1, 1}), 0.0);  // exactly, although the mean rounds to 0.1000...02
  // {1,3}, mu = 2: (1/2) [0.5 ln 0.5 + 1.5 ln 1.5] = (1/2) (-0.346574 + 0.608198) = 0.130812.
  EXPECT_NEAR(theil_t(v{1, 3}, v{1, 1}), 0.13081203594113697, 1e-15);
  // Weight 2 equals duplicating: {1,1,3}, mu = 5/3: (1/3) [2 * 0.6 ln 0.6 + 1.8 ln 1.8] = 0.148342.
  EXPECT_NEAR(theil_t(v{1, 3}, v{2, 1}), 0.14834174943487508, 1e-15);
  EXPECT_NEAR(theil_t(v{1, 1, 3}, v{1, 1, 1}), 0.14834174943487508, 1e-15);
  // {0,0,0,1}, mu = 1/4, 0 ln 0 = 0: (1/4) (4 ln 4) = ln 4, the maximum for 4 equal weights.
  EXPECT_NEAR(theil_t(v{0, 0, 0, 1}, v{1, 1, 1, 1}), std::log(4.0), 1e-15);
  EXPECT_TRUE(std::isnan(theil_t(v{0, 0}, v{1, 1})));
  EXPECT_TRUE(std::isnan(theil_t(v{-1, 3}, v{1, 1})));
  EXPECT_TRUE(std::isnan(theil_t(v{}, v{})));
}

TEST(equity, concentration_index_by_hand) {
  v const x{1, 2, 3, 4};
  v const w{1, 1, 1, 1};
  // Ranked by x itself: r = 1/8, 3/8, 5/8, 7/8, mean 1/2, mu = 2.5;
  // cov = (1/4) [(-1.5)(-3/8) + (-0.5)(-1/8) + (0.5)(1/8) + (1.5)(3/8)] = (1/4) (10/8) = 0.3125;
  // CI = 2 * 0.3125 / 2.5 = 0.25 = Gini.
  EXPECT_DOUBLE_EQ(concentration_index(x, w, x), 0.25);
  // Access falling with income is pro-poor: the mirror image, -0.25.
  EXPECT_DOUBLE_EQ(concentration_index(x, w, v{40, 30, 20, 10}), -0.25);
  // Ties share the mean rank: rank_by {1,1,2,2} -> r = 1/4, 1/4, 3/4, 3/4;
  // cov = (1/4) [(-1.5)(-1/4) + (-0.5)(-1/4) + (0.5)(1/4) + (1.5)(1/4)] = 1/4; CI = 2 * 0.25 / 2.5 = 0.2.
  EXPECT_DOUBLE_EQ(concentration_index(x, w, v{1, 1, 2, 2}), 0.2);
  EXPECT_EQ(concentration_index(x, w, v{7, 7, 7, 7}), 0.0);  // one rank for all: no gradient
  // Weighted: {1,2,3} with weights {1,2,1} ranked by x: r = 1/8, 1/2, 7/8, as {1,2,2,3} with the 2s tied;
  // cov = (1/4) [(-1)(-3/8) + 0 + (1)(3/8)] = 3/16, mu = 2: CI = 3/16 = the Gini of {1,2,2,3}.
  EXPECT_DOUBLE_EQ(concentration_index(v{1, 2, 3}, v{1, 2, 1}, v{1, 2, 3}), 0.1875);
  EXPECT_DOUBLE_EQ(concentration_index(v{3, 1, 2}, v{1, 1, 2}, v{3, 1, 2}), 0.1875);
  EXPECT_EQ(concentration_index(v{2, 2}, v{1, 1}, v{1, 2}), 0.0);
  EXPECT_TRUE(std::isnan(concentration_index(v{0, 0}, v{1, 1}, v{1, 2})));
  EXPECT_TRUE(std::isnan(concentration_index(v{}, v{}, v{})));
}

TEST(equity, sorted_formulas_match_brute_force_and_duplication) {
  // Integer weights let each entry be duplicated w times, so every weighted index can be checked against the
  // unweighted definition: Gini as the O(n^2) double sum, CI ranked by x as the Gini itself.
  std::mt19937 rng{7};
  std::uniform_int_distribution<int> value{0, 20};  // small range: plenty of ties
  std::uniform_int_distribution<int> weight{0, 3};
  for (auto round = 0; round != 50; ++round) {
    auto const n = 1U + rng() % 12;
    v x(n), w(n), expanded;
    for (auto i = 0U; i != n; ++i) {
      x[i] = value(rng);
      w[i] = weight(rng);
      expanded.insert(end(expanded), static_cast<std::size_t>(w[i]), x[i]);
    }
    if (expanded.empty()) {
      continue;
    }
    v const ones(expanded.size(), 1.0);
    auto pair_sum = 0.0;
    auto total_weight = 0.0;
    auto sum_wx = 0.0;
    for (auto i = 0U; i != n; ++i) {
      total_weight += w[i];
      sum_wx += w[i] * x[i];
      for (auto j = 0U; j != n; ++j) {
        pair_sum += w[i] * w[j] * std::abs(x[i] - x[j]);
      }
    }
    auto const g = gini(x, w);
    if (sum_wx == 0) {
      EXPECT_EQ(g, 0.0);  // all zero: all equal
      continue;
    }
    EXPECT_NEAR(g, pair_sum / (2 * total_weight * total_weight * (sum_wx / total_weight)), 1e-12);
    EXPECT_NEAR(g, gini(expanded, ones), 1e-12);
    EXPECT_NEAR(concentration_index(x, w, x), g, 1e-12);
    auto const p = palma(x, w);
    if (std::isinf(p)) {
      EXPECT_EQ(palma(expanded, ones), p);  // zero bottom-40% share in both
    } else {
      EXPECT_NEAR(p, palma(expanded, ones), 1e-9);
    }
    EXPECT_NEAR(theil_t(x, w), theil_t(expanded, ones), 1e-12);
    EXPECT_EQ(weighted_median(x, w), weighted_median(expanded, ones));
  }
}

// `solimob equity --rank-field` with an empty rank cell looped forever: NaN == NaN is false, so the run of tied
// ranks starting at the NaN never grew and the loop never advanced (and sorting with NaN is undefined).
TEST(equity, concentration_index_returns_on_nan_ranks) {
  EXPECT_EQ(run_with_timeout([] {
              concentration_index(v{1, 2, 3}, v{1, 1, 1}, v{1, kNaN, 3});
            }),
            outcome::kInvalidArgument);
  EXPECT_EQ(run_with_timeout([] {
              concentration_index(v{1, 2, 3}, v{1, 1, 1}, v{kNaN, kNaN, kNaN});
            }),
            outcome::kInvalidArgument);
  // A NaN rank of a zero-weight entry is refused too: the row is the caller's to leave out.
  EXPECT_EQ(run_with_timeout([] { concentration_index(v{1, 2}, v{1, 0}, v{1, kNaN}); }), outcome::kInvalidArgument);
}

TEST(equity, nan_values_are_refused_and_infinities_ordered) {
  // A NaN value would make every sort undefined: each function refuses it (the jobs leave such rows out).
  for (auto const& f :
       std::vector<std::function<void()>>{[] {
                                            weighted_mean(v{1, kNaN}, v{1, 1});
                                          },
                                          [] {
                                            weighted_median(v{1, kNaN, 2}, v{1, 1, 1});
                                          },
                                          [] { share_below(v{kNaN}, v{1}, 3); }, [] { share_above(v{kNaN}, v{1}, 3); },
                                          [] {
                                            gini(v{3, kNaN, 1}, v{1, 1, 1});
                                          },
                                          [] {
                                            palma(v{3, kNaN, 1}, v{1, 1, 1});
                                          },
                                          [] {
                                            theil_t(v{3, kNaN, 1}, v{1, 1, 1});
                                          },
                                          [] {
                                            concentration_index(v{3, kNaN}, v{1, 1}, v{1, 2});
                                          }}) {
    EXPECT_EQ(run_with_timeout(f), outcome::kInvalidArgument);
  }
  // Infinite ranks are ordered like any others. {-inf, 0, +inf} ranks x = {1, 2, 3} as {1, 2, 3} does:
  // r = 1/6, 1/2, 5/6; mu = 2; cov = (1/3) [(-1)(-1/3) + 0 + (1)(1/3)] = 2/9; CI = 2 (2/9) / 2 = 2/9.
  EXPECT_NEAR(concentration_index(v{1, 2, 3}, v{1, 1, 1}, v{-kInf, 0, kInf}), 2.0 / 9.0, 1e-15);
  // {0, +inf, +inf}: the two infinities tie, r = 1/6, 2/3, 2/3 (mean 1/2);
  // cov = (1/3) [(-1)(1/6 - 1/2) + 0 + (1)(2/3 - 1/2)] = (1/3)(1/3 + 1/6) = 1/6; CI = 2 (1/6) / 2 = 1/6.
  EXPECT_NEAR(concentration_index(v{1, 2, 3}, v{1, 1, 1}, v{0, kInf, kInf}), 1.0 / 6.0, 1e-15);
  // An infinite value returns (NaN: the indices are undefined for it) rather than hanging.
  EXPECT_EQ(run_with_timeout([] { concentration_index(v{1, kInf}, v{1, 1}, v{1, 2}); }), outcome::kReturned);
  EXPECT_TRUE(std::isnan(concentration_index(v{1, kInf}, v{1, 1}, v{1, 2})));
  EXPECT_TRUE(std::isnan(gini(v{1, kInf}, v{1, 1})));
}

TEST(equity, rejects_mismatched_lengths_and_negative_weights) {
  EXPECT_THROW(weighted_mean(v{1, 2}, v{1}), std::invalid_argument);
  EXPECT_THROW(gini(v{1, 2}, v{1, -1}), std::invalid_argument);
  EXPECT_THROW(palma(v{1}, v{std::numeric_limits<double>::quiet_NaN()}), std::invalid_argument);
  EXPECT_THROW(concentration_index(v{1, 2}, v{1, 1}, v{1}), std::invalid_argument);
}

}  // namespace
}  // namespace solimob::analysis
