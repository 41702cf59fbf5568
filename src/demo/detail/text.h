#pragma once

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

// Shared by the demo's generators (demo_generator.cc, demo_layers.cc): the random source and the text
// helpers that keep the generated files byte-identical on every platform.
namespace solimob::demo::detail {

// Uniform doubles from std::mt19937's raw output, which the standard fixes (its distributions are
// not: the territory would differ between libstdc++ and libc++).
class rng {
 public:
  explicit rng(std::uint32_t seed) : gen_{seed} {}
  double uniform() { return static_cast<double>(gen_()) / 4294967296.0; }  // [0, 1)
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  bool chance(double p) { return uniform() < p; }
  std::size_t index(std::size_t n) { return std::min(n - 1, static_cast<std::size_t>(uniform() * n)); }

 private:
  std::mt19937 gen_;
};

// to_chars: locale-independent and exact, unlike printf under a French LC_NUMERIC.
inline std::string fixed(double v, int decimals) {
  char buf[64];
  auto const r = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::fixed, decimals);
  return std::string{buf, r.ptr};
}

inline std::string coord(double v) {
  return fixed(v, 6);
}  // ~0.1 m

// A CSV cell, quoted when it holds a comma, a quote or a line break.
inline std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    return std::string{s};
  }
  std::string out = "\"";
  for (auto const c : s) {
    if (c == '"') {
      out += '"';
    }
    out += c;
  }
  return out += '"';
}

}  // namespace solimob::demo::detail
