#include <gtest/gtest.h>

#include <random>
#include <stdexcept>
#include <vector>

#include "analysis/fca.h"

namespace solimob::analysis {
namespace {

// Two origins (demand 100 and 50) and two destinations (supply 10 and 5), catchment 1800 s:
//   origin 0 -> dest 0:  600 s      origin 0 -> dest 1: 2400 s (outside)
//   origin 1 -> dest 0: 1200 s      origin 1 -> dest 1:  900 s
std::vector<od_time> const kPairs{{0, 0, 600}, {0, 1, 2400}, {1, 0, 1200}, {1, 1, 900}};
std::vector<double> const kDemand{100, 50};
std::vector<double> const kSupply{10, 5};

TEST(fca, two_step_worked_example) {
  // Step 1: dest 0 serves both origins, R_0 = 10 / (100 + 50) = 1/15; dest 1 only origin 1, R_1 = 5 / 50 = 1/10.
  // Step 2: A_0 = R_0 = 1/15 = 0.0667; A_1 = R_0 + R_1 = 1/15 + 1/10 = 1/6 = 0.1667.
  auto const a = two_step_fca(kPairs, kDemand, kSupply, 1800);
  ASSERT_EQ(a.size(), 2U);
  EXPECT_DOUBLE_EQ(a[0], 1.0 / 15.0);
  EXPECT_DOUBLE_EQ(a[1], 1.0 / 6.0);
  // Every unit of supply in reach of some demand is shared out: sum_i P_i A_i = 100/15 + 50/6 = 15 = S_0 + S_1.
  EXPECT_DOUBLE_EQ(kDemand[0] * a[0] + kDemand[1] * a[1], 15.0);
}

TEST(fca, two_step_catchment_is_inclusive_and_empty_denominators_give_zero) {
  // Origin 0 exactly at the catchment (counts), origin 1 just beyond; dest 1 has no demand in reach, so R_1 = 0;
  // origin 2 has no pair at all. R_0 = 8 / 20 = 0.4: A_0 = 0.4, A_1 = 0 + R_1 = 0, A_2 = 0.
  std::vector<od_time> const pairs{{0, 0, 1800}, {1, 0, 1800.5}, {1, 1, 100}};
  std::vector<double> const demand{20, 0, 7};
  std::vector<double> const supply{8, 3};
  auto const a = two_step_fca(pairs, demand, supply, 1800);
  EXPECT_EQ(a, (std::vector<double>{0.4, 0.0, 0.0}));
}

TEST(fca, luo_qi_bands_and_band_weight) {
  auto const bands = luo_qi_bands(1800);
  ASSERT_EQ(bands.size(), 3U);
  EXPECT_EQ(bands[0].upper_s_, 600);
  EXPECT_EQ(bands[1].upper_s_, 1200);
  EXPECT_EQ(bands[2].upper_s_, 1800);
  // As PySAL's step_fn({600: 1, 1200: 0.68, 1800: 0.22}): upper bounds inclusive, 0 beyond the last.
  EXPECT_EQ(band_weight(bands, 0), 1.0);
  EXPECT_EQ(band_weight(bands, 600), 1.0);
  EXPECT_EQ(band_weight(bands, 600.5), 0.68);
  EXPECT_EQ(band_weight(bands, 1200), 0.68);
  EXPECT_EQ(band_weight(bands, 1800), 0.22);
  EXPECT_EQ(band_weight(bands, 1800.5), 0.0);
  EXPECT_EQ(band_weight({}, 0), 0.0);
}

TEST(fca, enhanced_two_step_worked_example) {
  // Luo & Qi bands on 1800 s: weights 1 (<= 600 s), 0.68 (<= 1200 s), 0.22 (<= 1800 s).
  // W(0->0, 600) = 1, W(0->1, 2400) = 0, W(1->0, 1200) = 0.68, W(1->1, 900) = 0.68.
  // R_0 = 10 / (100 * 1 + 50 * 0.68) = 10 / 134 = 0.074627;  R_1 = 5 / (50 * 0.68) = 5 / 34 = 0.147059.
  // A_0 = 1 * R_0 = 0.074627;  A_1 = 0.68 R_0 + 0.68 R_1 = 6.8/134 + 3.4/34 = 0.050746 + 0.1 = 0.150746.
  auto const a = enhanced_two_step_fca(kPairs, kDemand, kSupply, luo_qi_bands(1800));
  ASSERT_EQ(a.size(), 2U);
  EXPECT_NEAR(a[0], 0.07462686567164178, 1e-15);
  EXPECT_NEAR(a[1], 0.15074626865671642, 1e-15);
}

TEST(fca, single_band_enhanced_equals_two_step) {
  std::vector<weight_band> const one{{1800, 1.0}};
  EXPECT_EQ(enhanced_two_step_fca(kPairs, kDemand, kSupply, one), two_step_fca(kPairs, kDemand, kSupply, 1800));
}

TEST(fca, matches_dense_brute_force_on_random_instances) {
  std::mt19937 rng{42};
  std::uniform_real_distribution<double> time{0, 3000};
  std::uniform_real_distribution<double> amount{0, 100};
  std::bernoulli_distribution reachable{0.6};
  auto const bands = luo_qi_bands(2400);
  for (auto round = 0; round != 20; ++round) {
    auto const n_origins = 1U + rng() % 7;
    auto const n_dests = 1U + rng() % 5;
    std::vector<double> demand(n_origins), supply(n_dests);
    for (auto& d : demand) {
      d = amount(rng);
    }
    for (auto& s : supply) {
      s = amount(rng);
    }
    std::vector<od_time> pairs;
    std::vector<std::vector<double>> w(n_origins, std::vector<double>(n_dests, 0.0));  // dense W(t_ij)
    for (auto i = 0U; i != n_origins; ++i) {
      for (auto j = 0U; j != n_dests; ++j) {
        if (reachable(rng)) {
          pairs.push_back({i, j, time(rng)});
          w[i][j] = band_weight(bands, pairs.back().time_s_);
        }
      }
    }
    std::vector<double> expected(n_origins, 0.0);
    for (auto j = 0U; j != n_dests; ++j) {
      auto denominator = 0.0;
      for (auto k = 0U; k != n_origins; ++k) {
        denominator += demand[k] * w[k][j];
      }
      auto const r = denominator > 0 ? supply[j] / denominator : 0.0;
      for (auto i = 0U; i != n_origins; ++i) {
        expected[i] += r * w[i][j];
      }
    }
    auto const a = enhanced_two_step_fca(pairs, demand, supply, bands);
    ASSERT_EQ(a.size(), n_origins);
    for (auto i = 0U; i != n_origins; ++i) {
      EXPECT_NEAR(a[i], expected[i], 1e-12 * (1 + expected[i]));
    }
    EXPECT_EQ(a, enhanced_two_step_fca(pairs, demand, supply, bands));  // bit-identical on a rerun
  }
}

TEST(fca, rejects_bad_indices_and_bands) {
  std::vector<od_time> const bad_dest{{0, 2, 10}};
  EXPECT_THROW(two_step_fca(bad_dest, kDemand, kSupply, 1800), std::out_of_range);
  std::vector<od_time> const bad_origin{{2, 0, 10}};
  EXPECT_THROW(two_step_fca(bad_origin, kDemand, kSupply, 1800), std::out_of_range);
  std::vector<weight_band> const unsorted{{1200, 1}, {600, 0.5}};
  EXPECT_THROW(enhanced_two_step_fca(kPairs, kDemand, kSupply, unsorted), std::invalid_argument);
  std::vector<weight_band> const negative{{600, 1}, {1200, -0.5}};
  EXPECT_THROW(enhanced_two_step_fca(kPairs, kDemand, kSupply, negative), std::invalid_argument);
}

}  // namespace
}  // namespace solimob::analysis
