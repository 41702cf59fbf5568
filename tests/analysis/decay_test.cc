#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <string>

#include "analysis/decay.h"
#include "core/error.h"
#include "core/time.h"

namespace solimob::analysis {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(decay, parses_r5r_names) {
  EXPECT_EQ(parse_decay("step"), decay_kind::kStep);
  EXPECT_EQ(parse_decay("exponential"), decay_kind::kExponential);
  EXPECT_EQ(parse_decay("fixed_exponential"), decay_kind::kFixedExponential);
  EXPECT_EQ(parse_decay("fixed-exponential"), decay_kind::kFixedExponential);  // R5's JSON spelling
  EXPECT_EQ(parse_decay("linear"), decay_kind::kLinear);
  EXPECT_EQ(parse_decay("LOGISTIC"), decay_kind::kLogistic);  // r5r upper-cases its argument
  EXPECT_EQ(parse_decay("gaussian"), std::nullopt);
  EXPECT_EQ(parse_decay(""), std::nullopt);
}

TEST(decay, step_is_strict_in_seconds) {
  auto const f = make_decay(decay_kind::kStep, 30, 0);  // 1800 s
  EXPECT_EQ(f.weight(0), 1.0);
  EXPECT_EQ(f.weight(1799), 1.0);
  EXPECT_EQ(f.weight(1799.999), 1.0);
  EXPECT_EQ(f.weight(1800), 0.0);  // R5: travelTimeSeconds < cutoffSeconds
  EXPECT_EQ(f.weight(5000), 0.0);
}

TEST(decay, exponential_cutoff_is_half_life) {
  auto const f = make_decay(decay_kind::kExponential, 10, 0);  // half-life 600 s
  EXPECT_EQ(f.weight(0), 1.0);
  EXPECT_DOUBLE_EQ(f.weight(600), 0.5);
  EXPECT_DOUBLE_EQ(f.weight(1200), 0.25);
  EXPECT_DOUBLE_EQ(f.weight(300), 0.7071067811865476);        // 0.5^0.5 = 1/sqrt(2)
  EXPECT_NEAR(f.weight(7199), 0.0002444228302865781, 1e-15);  // 0.5^(7199/600)
  EXPECT_EQ(f.weight(7200), 0.0);                             // R5's two-hour horizon
}

TEST(decay, fixed_exponential_ignores_cutoff) {
  auto const f = make_decay(decay_kind::kFixedExponential, 30, 0.001);  // L = 0.001 per second
  auto const g = make_decay(decay_kind::kFixedExponential, 90, 0.001);
  EXPECT_EQ(f.weight(0), 1.0);
  EXPECT_DOUBLE_EQ(f.weight(1000), 0.36787944117144233);     // e^-1
  EXPECT_NEAR(f.weight(std::log(2.0) / 0.001), 0.5, 1e-15);  // half-life ln2 / L = 693.1 s
  for (auto const t : {10.0, 600.0, 3000.0}) {
    EXPECT_EQ(f.weight(t), g.weight(t));
  }
  EXPECT_EQ(f.weight(7200), 0.0);
}

TEST(decay, linear_ramps_over_width_centred_on_cutoff) {
  // Cutoff 1800 s, width 10 min = 600 s: 1 up to 1500 s, 0 from 2100 s, weight = (2100 - t) / 600 between.
  auto const f = make_decay(decay_kind::kLinear, 30, 10);
  EXPECT_EQ(f.weight(0), 1.0);
  EXPECT_EQ(f.weight(1500), 1.0);
  EXPECT_DOUBLE_EQ(f.weight(1650), 0.75);
  EXPECT_DOUBLE_EQ(f.weight(1800), 0.5);
  EXPECT_DOUBLE_EQ(f.weight(1950), 0.25);
  EXPECT_EQ(f.weight(2100), 0.0);
  EXPECT_EQ(f.weight(2101), 0.0);
}

TEST(decay, linear_of_width_zero_is_the_step_function_as_r5) {
  // R5's LinearDecayFunction with widthMinutes = 0: halfWidthSeconds = 0 and an empty weight table, so
  // computeWeight gives 1 for t - c < 0 and 0 from t = c on: the step function, strict at the cutoff.
  auto const f = make_decay(decay_kind::kLinear, 30, 0);
  EXPECT_EQ(f.weight(0), 1.0);
  EXPECT_EQ(f.weight(1799), 1.0);
  EXPECT_EQ(f.weight(1799.5), 1.0);
  EXPECT_EQ(f.weight(1800), 0.0);  // a ramp of width 0 read as "1 up to c" would give 1 here
  EXPECT_EQ(f.weight(1801), 0.0);
  auto const step = make_decay(decay_kind::kStep, 30, 0);
  for (auto t = 0.0; t <= 7200.0; t += 0.5) {
    EXPECT_EQ(f.weight(t), step.weight(t)) << t;
  }
  // A narrow ramp stays a ramp: width 0.5 min = 30 s, halfway at the cutoff.
  EXPECT_DOUBLE_EQ(make_decay(decay_kind::kLinear, 30, 0.5).weight(1800), 0.5);
}

TEST(decay, logistic_follows_r5) {
  // Cutoff c = 1800 s, sd = 10 min = 600 s, scale s = 600 sqrt(3) / pi = 330.7973 s.
  // R5 rescales by g(0) = 1 + e^(-c/s) = 1 + e^(-5.4414) = 1.0043334 so that weight(0) = 1:
  //   weight(c)            = 1.0043334 / 2 = 0.5021667
  //   weight(c + s ln 3)   = 1.0043334 / (1 + 3) = 0.2510834
  //   weight(2400)         = 1.0043334 / (1 + e^(600/s)) = 1.0043334 / 7.1337 = 0.1407870
  auto const f = make_decay(decay_kind::kLogistic, 30, 10);
  auto const s = 600.0 * std::sqrt(3.0) / std::numbers::pi;
  EXPECT_DOUBLE_EQ(f.weight(0), 1.0);
  EXPECT_NEAR(f.weight(1800), 0.5021667102549916, 1e-12);
  EXPECT_NEAR(f.weight(1800 + s * std::log(3.0)), 0.2510833551274958, 1e-12);
  EXPECT_NEAR(f.weight(2400), 0.14078702185514413, 1e-12);
  EXPECT_LT(f.weight(7200), 1e-7);
  // Symmetric around the cutoff before rescaling: w(c - a) + w(c + a) = g(0).
  EXPECT_NEAR(f.weight(1200) + f.weight(2400), 1.0 + std::exp(-1800 / s), 1e-12);
}

TEST(decay, unreachable_weighs_zero_and_weights_stay_in_unit_interval) {
  for (auto const kind : {decay_kind::kStep, decay_kind::kExponential, decay_kind::kFixedExponential,
                          decay_kind::kLinear, decay_kind::kLogistic}) {
    auto const f = make_decay(kind, 30, kind == decay_kind::kFixedExponential ? 0.002 : 5);
    EXPECT_EQ(f.weight(kInf), 0.0);
    EXPECT_EQ(f.weight(std::numeric_limits<double>::quiet_NaN()), 0.0);
    EXPECT_EQ(f.weight(static_cast<double>(kUnreachable)), 0.0);
    EXPECT_EQ(f.weight(-5), f.weight(0));  // a negative time counts as 0
    auto previous = 1.0;
    for (auto t = 0; t <= 7200; t += 30) {  // monotonically non-increasing, within [0, 1]
      auto const w = f.weight(t);
      EXPECT_GE(w, 0.0);
      EXPECT_LE(w, previous);
      previous = w;
    }
  }
}

TEST(decay, bad_parameters_name_the_option) {
  auto const message = [](decay_kind kind, double cutoff, double value) {
    try {
      make_decay(kind, cutoff, value);
    } catch (input_error const& e) {
      return std::string{e.what()};
    }
    return std::string{"no error"};
  };
  EXPECT_EQ(message(decay_kind::kLogistic, 30, 0), "--decay-value: logistic needs a standard deviation > 0");
  EXPECT_EQ(message(decay_kind::kLogistic, 30, 120),
            "--decay-value: logistic needs a standard deviation below 120 minutes");
  EXPECT_EQ(message(decay_kind::kLinear, 30, -1), "--decay-value: linear needs a width between 0 and 59 minutes");
  EXPECT_EQ(message(decay_kind::kLinear, 30, 60), "--decay-value: linear needs a width between 0 and 59 minutes");
  EXPECT_EQ(message(decay_kind::kLinear, 30, std::numeric_limits<double>::quiet_NaN()),
            "--decay-value: linear needs a width between 0 and 59 minutes");
  EXPECT_EQ(message(decay_kind::kLinear, 30, 0), "no error");  // R5 accepts widthMinutes = 0
  EXPECT_EQ(message(decay_kind::kFixedExponential, 30, 1),
            "--decay-value: fixed_exponential needs a decay constant per second in (0, 1)");
  EXPECT_EQ(message(decay_kind::kFixedExponential, 30, 0),
            "--decay-value: fixed_exponential needs a decay constant per second in (0, 1)");
  EXPECT_EQ(message(decay_kind::kStep, 0, 0), "--cutoffs: a cutoff must be a number of minutes > 0");
  EXPECT_EQ(message(decay_kind::kExponential, -1, 0), "--cutoffs: a cutoff must be a number of minutes > 0");
  EXPECT_EQ(message(decay_kind::kFixedExponential, 0, 0.01), "no error");  // the cutoff is not used
  EXPECT_EQ(message(decay_kind::kStep, 30, -7), "no error");               // decay_value is not used
  EXPECT_EQ(message(decay_kind::kLinear, 30, 59), "no error");
}

}  // namespace
}  // namespace solimob::analysis
