#include "analysis/decay.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>

#include "core/error.h"

namespace solimob::analysis {

std::optional<decay_kind> parse_decay(std::string_view s) {
  std::string name{s};
  for (auto& c : name) {
    c = c == '-' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (name == "step") {
    return decay_kind::kStep;
  }
  if (name == "exponential") {
    return decay_kind::kExponential;
  }
  if (name == "fixed_exponential") {
    return decay_kind::kFixedExponential;
  }
  if (name == "linear") {
    return decay_kind::kLinear;
  }
  if (name == "logistic") {
    return decay_kind::kLogistic;
  }
  return std::nullopt;
}

double decay_function::weight(double travel_time_s) const {
  // Written so that NaN fails the test too: an undefined travel time is an unreachable one.
  if (!(travel_time_s < std::numeric_limits<double>::infinity())) {
    return 0.0;
  }
  auto const t = std::max(travel_time_s, 0.0);
  auto const c = cutoff_min_ * 60.0;
  switch (kind_) {
    case decay_kind::kStep:
      return t < c ? 1.0 : 0.0;
    case decay_kind::kExponential:
      return t >= kExponentialHorizonS ? 0.0 : std::pow(0.5, t / c);
    case decay_kind::kFixedExponential:
      return t >= kExponentialHorizonS ? 0.0 : std::exp(-decay_value_ * t);
    case decay_kind::kLinear: {
      // Width 0 is the step function, strict at the cutoff, as R5's LinearDecayFunction.computeWeight (an
      // empty weight table: 1 below the cutoff, 0 from it on); the ramp test below would give 1 at t = c.
      if (decay_value_ == 0.0) {
        return t < c ? 1.0 : 0.0;
      }
      auto const half_width = decay_value_ * 30.0;
      if (t <= c - half_width) {
        return 1.0;
      }
      if (t >= c + half_width) {
        return 0.0;
      }
      return (c + half_width - t) / (2.0 * half_width);
    }
    case decay_kind::kLogistic: {
      auto const s = decay_value_ * 60.0 * std::numbers::sqrt3 / std::numbers::pi;
      // exp overflows to +inf far beyond the cutoff, which correctly yields 0.
      return std::min(1.0, (1.0 + std::exp(-c / s)) / (1.0 + std::exp((t - c) / s)));
    }
  }
  return 0.0;
}

decay_function make_decay(decay_kind kind, double cutoff_min, double decay_value) {
  if (kind != decay_kind::kFixedExponential && !(std::isfinite(cutoff_min) && cutoff_min > 0.0)) {
    throw input_error{"--cutoffs: a cutoff must be a number of minutes > 0"};
  }
  switch (kind) {
    case decay_kind::kStep:
    case decay_kind::kExponential:
      break;
    case decay_kind::kFixedExponential:
      if (!(decay_value > 0.0 && decay_value < 1.0)) {
        throw input_error{"--decay-value: fixed_exponential needs a decay constant per second in (0, 1)"};
      }
      break;
    case decay_kind::kLinear:
      // R5's LinearDecayFunction.prepare: widthMinutes >= 0 and < 60 (an int there, so at most 59).
      if (!(decay_value >= 0.0 && decay_value <= 59.0)) {
        throw input_error{"--decay-value: linear needs a width between 0 and 59 minutes"};
      }
      break;
    case decay_kind::kLogistic:
      if (!(decay_value > 0.0)) {
        throw input_error{"--decay-value: logistic needs a standard deviation > 0"};
      }
      if (!(decay_value < 120.0)) {
        throw input_error{"--decay-value: logistic needs a standard deviation below 120 minutes"};
      }
      break;
  }
  return decay_function{kind, cutoff_min, decay_value};
}

}  // namespace solimob::analysis
