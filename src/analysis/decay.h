#pragma once

#include <optional>
#include <string_view>

namespace solimob::analysis {

// Distance-decay functions of r5r / Conveyal R5 (com.conveyal.r5.analyst.decay), same names and parameters.
// t is the travel time in seconds, c the cutoff in seconds (cutoff_min_ * 60); every weight is in [0, 1],
// t < 0 counts as 0 and an unreachable time (+infinity, NaN or any huge value) weighs 0.
//  step               1 if t < c else 0 (strict, as R5 compares travelTimeSeconds < cutoffSeconds).
//  exponential        0.5^(t / c): the cutoff is the half-life.
//  fixed_exponential  exp(-L t) with L = decay_value_ per second in (0, 1); the cutoff is ignored.
//  linear             1 for t <= c - h, 0 for t >= c + h, linear in between, where h = decay_value_ * 60 / 2
//                     (decay_value_ = width of the ramp in minutes, 0..59). Width 0 is the step function
//                     (1 if t < c else 0), as R5's LinearDecayFunction with widthMinutes = 0.
//  logistic           (1 + e^(-c/s)) / (1 + e^((t - c)/s)), s = sd * sqrt(3) / pi, sd = decay_value_ * 60:
//                     the complementary CDF of a logistic distribution with median c and standard deviation
//                     sd, rescaled as in R5 so that weight(0) = 1 (the factor is 1 + e^(-c/s), ~1.004 for
//                     c = 30 min, sd = 10 min); weight(c) is therefore slightly above 1/2.
// R5 parity details: exponential and fixed_exponential return 0 from t >= 7200 s (R5's two-hour horizon);
// R5 evaluates linear on whole seconds at t + 0.5 s, here the ramp is continuous.
enum class decay_kind { kStep, kExponential, kFixedExponential, kLinear, kLogistic };

// Two hours: R5 zeroes the exponential weights from there on.
constexpr double kExponentialHorizonS = 7200.0;

// "step", "exponential", "fixed_exponential", "linear", "logistic" (r5r's decay_function); case-insensitive,
// '-' accepted for '_' (R5's JSON spells "fixed-exponential"). nullopt for anything else.
std::optional<decay_kind> parse_decay(std::string_view);

struct decay_function {
  decay_kind kind_;
  double cutoff_min_;   // ignored by fixed_exponential
  double decay_value_;  // logistic: sd in minutes; linear: width in minutes; fixed_exponential: L per second
  double weight(double travel_time_s) const;
};

// Checks the parameters and throws solimob::input_error naming the option (--cutoffs or --decay-value):
// cutoff finite and > 0 (except fixed_exponential); logistic sd in (0, 120) minutes; linear width in [0, 59]
// minutes; fixed_exponential L in (0, 1). decay_value is ignored by step and exponential.
decay_function make_decay(decay_kind, double cutoff_min, double decay_value);

}  // namespace solimob::analysis
