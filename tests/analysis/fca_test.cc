#include <gtest/gtest.h>

#include <random>
#include <stdexcept>
#include <vector>

#include "analysis/fca.h"

namespace solimob::analysis {
namespace {

od_time od(std::uint32_t origin, std::uint32_t dest, double time_s) {
  return {point_idx{origin}, point_idx{dest}, time_s};
}

// Two origins (demand 100 and 50) and two destinations (supply 10 and 5), catchment 1800 s:
//   origin 0 -> dest 0:  600 s      origin 0 -> dest 1: 2400 s (outside)
//   origin 1 -> dest 0: 1200 s      origin 1 -> dest 1:  900 s
std::vector<od_time> const kPairs{od(0, 0, 600), od(0, 1, 2400), od(1, 0, 1200), od(1, 1, 900)};
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
  std::vector<od_time> const pairs{od(0, 0, 1800), od(1, 0, 1800.5), od(1, 1, 100)};
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

// Three origins, three destinations; origin 2 reaches nothing inside any catchment, destination 2 is reached by
// nobody inside any catchment (its only pairs lie beyond). Demand P = 100, 50, 30; supply S = 10, 6, 4.
//   o0 -> d0:  300 s    o0 -> d1:  900 s
//   o1 -> d0: 1500 s    o1 -> d1:  600 s    o1 -> d2: 1800.5 s
//   o2 -> d2: 2000 s
std::vector<od_time> const kSparse{od(0, 0, 300), od(0, 1, 900),    od(1, 0, 1500),
                                   od(1, 1, 600), od(1, 2, 1800.5), od(2, 2, 2000)};
std::vector<double> const kSparseDemand{100, 50, 30};
std::vector<double> const kSparseSupply{10, 6, 4};

TEST(fca, two_step_by_hand_with_unreached_opportunity_and_isolated_origin) {
  // Catchment 1800 s (t <= 1800): d0 has o0 and o1 in reach: R_0 = 10 / (100 + 50) = 1/15;
  // d1 has o0 and o1: R_1 = 6 / 150 = 1/25; d2 has nobody (1800.5 and 2000 s are beyond): R_2 = 0.
  // A_0 = R_0 + R_1 = 1/15 + 1/25 = 8/75; A_1 = R_0 + R_1 = 8/75; A_2 = 0 (nothing in reach).
  auto const a = two_step_fca(kSparse, kSparseDemand, kSparseSupply, 1800);
  ASSERT_EQ(a.size(), 3U);
  EXPECT_NEAR(a[0], 8.0 / 75.0, 1e-15);
  EXPECT_NEAR(a[1], 8.0 / 75.0, 1e-15);
  EXPECT_EQ(a[2], 0.0);
  // The supply in reach (10 + 6) is shared out, d2's 4 units are lost: 100 A_0 + 50 A_1 = 150 * 8/75 = 16.
  EXPECT_NEAR(kSparseDemand[0] * a[0] + kSparseDemand[1] * a[1], 16.0, 1e-12);

  // Catchment 900 s (inclusive at 900): d0 only o0 (o1 at 1500 is out): R_0 = 10 / 100 = 0.1;
  // d1 has o0 (900, on the bound) and o1 (600): R_1 = 6 / 150 = 0.04; R_2 = 0.
  // A_0 = 0.1 + 0.04 = 0.14; A_1 = R_1 = 0.04; A_2 = 0. Check: 100 * 0.14 + 50 * 0.04 = 16.
  auto const b = two_step_fca(kSparse, kSparseDemand, kSparseSupply, 900);
  EXPECT_NEAR(b[0], 0.14, 1e-15);
  EXPECT_NEAR(b[1], 0.04, 1e-15);
  EXPECT_EQ(b[2], 0.0);
}

TEST(fca, enhanced_two_step_by_hand_with_several_bands) {
  // Bands W = 1 up to 600 s, 0.5 up to 1200 s, 0.25 up to 1800 s, 0 beyond:
  //   W(o0,d0 300) = 1, W(o0,d1 900) = 0.5, W(o1,d0 1500) = 0.25, W(o1,d1 600) = 1 (bound inclusive),
  //   W(o1,d2 1800.5) = 0, W(o2,d2 2000) = 0.
  // Step 1: d0: 100 * 1 + 50 * 0.25 = 112.5, R_0 = 10 / 112.5 = 4/45;
  //         d1: 100 * 0.5 + 50 * 1 = 100,    R_1 = 6 / 100 = 3/50;
  //         d2: no weighted demand,          R_2 = 0.
  // Step 2: A_0 = 1 * 4/45 + 0.5 * 3/50 = 4/45 + 3/100 = 107/900 = 0.118889;
  //         A_1 = 0.25 * 4/45 + 1 * 3/50 = 1/45 + 3/50 = 37/450 = 0.082222;  A_2 = 0.
  std::vector<weight_band> const bands{{600, 1.0}, {1200, 0.5}, {1800, 0.25}};
  auto const a = enhanced_two_step_fca(kSparse, kSparseDemand, kSparseSupply, bands);
  ASSERT_EQ(a.size(), 3U);
  EXPECT_NEAR(a[0], 107.0 / 900.0, 1e-15);
  EXPECT_NEAR(a[1], 37.0 / 450.0, 1e-15);
  EXPECT_EQ(a[2], 0.0);
  // Reachable supply is shared out here too: 100 * 107/900 + 50 * 37/450 = 107/9 + 37/9 = 16.
  EXPECT_NEAR(kSparseDemand[0] * a[0] + kSparseDemand[1] * a[1], 16.0, 1e-12);

  // Luo & Qi bands on 1800 s (1 up to 600, 0.68 up to 1200, 0.22 up to 1800):
  //   W(o0,d0) = 1, W(o0,d1) = 0.68, W(o1,d0) = 0.22, W(o1,d1) = 1, the rest 0.
  //   d0: 100 + 50 * 0.22 = 111, R_0 = 10/111;  d1: 100 * 0.68 + 50 = 118, R_1 = 6/118 = 3/59;  R_2 = 0.
  //   A_0 = 10/111 + 0.68 * 3/59 = 0.090090 + 0.034576 = 0.124666;
  //   A_1 = 0.22 * 10/111 + 3/59 = 0.019820 + 0.050847 = 0.070667;  A_2 = 0.
  auto const l = enhanced_two_step_fca(kSparse, kSparseDemand, kSparseSupply, luo_qi_bands(1800));
  EXPECT_NEAR(l[0], 10.0 / 111.0 + 0.68 * 3.0 / 59.0, 1e-15);
  EXPECT_NEAR(l[1], 0.22 * 10.0 / 111.0 + 3.0 / 59.0, 1e-15);
  EXPECT_EQ(l[2], 0.0);
}

TEST(fca, no_demand_in_reach_leaves_supply_unshared) {
  // Only origin 1 (demand 0) reaches d0: the denominator is 0, R_0 = 0 (not inf/NaN) and nobody gets anything.
  std::vector<od_time> const pairs{od(1, 0, 100), od(0, 1, 100)};
  auto const a = two_step_fca(pairs, std::vector<double>{40, 0}, std::vector<double>{9, 2}, 600);
  // d1: R_1 = 2 / 40 = 0.05 for origin 0; origin 1 sums R_0 = 0.
  EXPECT_EQ(a, (std::vector<double>{0.05, 0.0}));
}

// W(t) written out here, independently of band_weight: the first band whose (inclusive) bound holds t.
double weight_of(std::vector<weight_band> const& bands, double t) {
  for (auto const& b : bands) {
    if (t <= b.upper_s_) {
      return b.weight_;
    }
  }
  return 0.0;
}

TEST(fca, matches_dense_brute_force_on_random_instances) {
  std::mt19937 rng{42};
  std::uniform_real_distribution<double> time{0, 3000};
  std::uniform_real_distribution<double> amount{0, 100};
  std::bernoulli_distribution reachable{0.6};
  std::vector<weight_band> const bands{{400, 1.0}, {1100, 0.6}, {1700, 0.3}, {2400, 0.1}};
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
          pairs.push_back(od(i, j, time(rng)));
          w[i][j] = weight_of(bands, pairs.back().time_s_);
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
  }
}

TEST(fca, rejects_bad_indices_and_bands) {
  std::vector<od_time> const bad_dest{od(0, 2, 10)};
  EXPECT_THROW(two_step_fca(bad_dest, kDemand, kSupply, 1800), std::out_of_range);
  std::vector<od_time> const bad_origin{od(2, 0, 10)};
  EXPECT_THROW(two_step_fca(bad_origin, kDemand, kSupply, 1800), std::out_of_range);
  std::vector<weight_band> const unsorted{{1200, 1}, {600, 0.5}};
  EXPECT_THROW(enhanced_two_step_fca(kPairs, kDemand, kSupply, unsorted), std::invalid_argument);
  std::vector<weight_band> const negative{{600, 1}, {1200, -0.5}};
  EXPECT_THROW(enhanced_two_step_fca(kPairs, kDemand, kSupply, negative), std::invalid_argument);
}

}  // namespace
}  // namespace solimob::analysis
