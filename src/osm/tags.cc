#include "osm/tags.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <numbers>
#include <string_view>

#include "osm/lts.h"

namespace solimob::osm {

using street::surface_class;
using street::wheelchair_tag;

bool is(char const* v, char const* expected) {
  return v != nullptr && std::strcmp(v, expected) == 0;
}

bool one_of(char const* v, std::initializer_list<char const*> options) {
  return v != nullptr && std::any_of(begin(options), end(options), [&](char const* o) { return is(v, o); });
}

std::string lower_trimmed(std::string v) {
  std::transform(begin(v), end(v), begin(v), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto const first = v.find_first_not_of(" \t");
  return first == std::string::npos ? "" : v.substr(first, v.find_last_not_of(" \t") - first + 1);
}

label label_of(char const* tag) {
  if (tag == nullptr) {
    return label::kUnknown;
  }
  auto const v = lower_trimmed(std::string{tag}.substr(0, std::string{tag}.find(';')));
  auto const in = [&](std::initializer_list<char const*> options) {
    return std::any_of(begin(options), end(options), [&](char const* o) { return v == o; });
  };
  if (in({"yes", "1", "true", "official", "unknown", "public", "permissive", "designated", "lane", "track",
          "shared_lane", "share_busway", "crossing"})) {
    return label::kYes;
  }
  if (in({"no", "0", "false", "license", "restricted", "prohibited", "emergency", "use_sidepath", "dismount"})) {
    return label::kNo;
  }
  if (in({"destination", "customers", "delivery", "forestry", "agricultural", "residents", "resident", "customer",
          "private"})) {
    return label::kNoThruTraffic;
  }
  return v == "limited" ? label::kLimited : label::kUnknown;
}

wheelchair_tag wheelchair_of(char const* value) {
  if (value == nullptr) {
    return wheelchair_tag::kUnknown;
  }
  auto const v = lower_trimmed(value);
  if (v == "yes" || v == "designated") {
    return wheelchair_tag::kYes;
  }
  if (v == "limited") {
    return wheelchair_tag::kLimited;
  }
  return v == "no" ? wheelchair_tag::kNo : wheelchair_tag::kUnknown;
}

namespace {

struct tag_class {
  std::string_view value_;
  surface_class class_;
};

// surface=* classes (the README's table; sorted by value for binary search). A value with a ":" suffix
// (concrete:plates, paving_stones:lanes) takes the class of its prefix when not listed itself.
//   paved:      acrylic, asphalt, brick(s), chipseal, concrete, metal, metal_grid, paved, paving_stones, tartan, wood
//   rough:      cobblestone, compacted, fine_gravel, grass_paver, sett, unhewn_cobblestone
//   unpaved:    dirt, earth, grass, gravel, ground, pebblestone, sand, unpaved, woodchips
//   impassable: mud, rock
constexpr auto kSurfaceTable = std::to_array<tag_class>({
    {"acrylic", surface_class::kPaved},       {"asphalt", surface_class::kPaved},
    {"brick", surface_class::kPaved},         {"bricks", surface_class::kPaved},
    {"chipseal", surface_class::kPaved},      {"cobblestone", surface_class::kRough},
    {"compacted", surface_class::kRough},     {"concrete", surface_class::kPaved},
    {"dirt", surface_class::kUnpaved},        {"earth", surface_class::kUnpaved},
    {"fine_gravel", surface_class::kRough},   {"grass", surface_class::kUnpaved},
    {"grass_paver", surface_class::kRough},   {"gravel", surface_class::kUnpaved},
    {"ground", surface_class::kUnpaved},      {"metal", surface_class::kPaved},
    {"metal_grid", surface_class::kPaved},    {"mud", surface_class::kImpassable},
    {"paved", surface_class::kPaved},         {"paving_stones", surface_class::kPaved},
    {"pebblestone", surface_class::kUnpaved}, {"rock", surface_class::kImpassable},
    {"sand", surface_class::kUnpaved},        {"sett", surface_class::kRough},
    {"tartan", surface_class::kPaved},        {"unhewn_cobblestone", surface_class::kRough},
    {"unpaved", surface_class::kUnpaved},     {"wood", surface_class::kPaved},
    {"woodchips", surface_class::kUnpaved},
});

// smoothness=* classes (sorted):
//   paved: excellent, good; rough: intermediate, bad; unpaved: very_bad;
//   impassable: horrible, very_horrible, impassable
constexpr auto kSmoothnessTable = std::to_array<tag_class>({
    {"bad", surface_class::kRough},
    {"excellent", surface_class::kPaved},
    {"good", surface_class::kPaved},
    {"horrible", surface_class::kImpassable},
    {"impassable", surface_class::kImpassable},
    {"intermediate", surface_class::kRough},
    {"very_bad", surface_class::kUnpaved},
    {"very_horrible", surface_class::kImpassable},
});

template <std::size_t N>
constexpr bool sorted(std::array<tag_class, N> const& t) {
  for (auto i = 1U; i < N; ++i) {
    if (!(t[i - 1].value_ < t[i].value_)) {
      return false;
    }
  }
  return true;
}
static_assert(sorted(kSurfaceTable) && sorted(kSmoothnessTable), "binary search needs sorted tables");

template <std::size_t N>
surface_class find(std::array<tag_class, N> const& t, std::string_view v) {
  auto const it =
      std::lower_bound(begin(t), end(t), v, [](tag_class const& a, std::string_view b) { return a.value_ < b; });
  return it != end(t) && it->value_ == v ? it->class_ : surface_class::kUnknown;
}

}  // namespace

surface_class surface_of(char const* surface, char const* smoothness) {
  auto s = surface_class::kUnknown;
  if (surface != nullptr) {
    auto const v = lower_trimmed(surface);
    s = find(kSurfaceTable, v);
    if (s == surface_class::kUnknown && v.find(':') != std::string::npos) {
      s = find(kSurfaceTable, std::string_view{v}.substr(0, v.find(':')));
    }
  }
  auto const m = smoothness == nullptr ? surface_class::kUnknown : find(kSmoothnessTable, lower_trimmed(smoothness));
  return std::max(s, m);  // the enum is ordered from unknown to impassable: the worse wins
}

std::int8_t incline_pct_of(char const* value) {
  if (value == nullptr) {
    return street::edge_attr::kNoIncline;
  }
  auto const v = lower_trimmed(value);
  char const* begin = v.c_str();
  char* end = nullptr;
  auto x = std::strtod(begin, &end);
  if (end == begin || !std::isfinite(x)) {
    return street::edge_attr::kNoIncline;
  }
  std::string_view rest{end};
  while (!rest.empty() && rest.front() == ' ') {
    rest.remove_prefix(1);
  }
  if (rest == "°" || rest == "deg") {
    if (std::abs(x) >= 90.0) {
      x = x < 0 ? -100.0 : 100.0;
    } else {
      x = std::tan(x * std::numbers::pi / 180.0) * 100.0;
    }
  } else if (!rest.empty() && rest != "%") {
    return street::edge_attr::kNoIncline;
  }
  return static_cast<std::int8_t>(std::lround(std::clamp(x, -100.0, 100.0)));
}

street::edge_attr way_attr(tag_lookup const& t) {
  street::edge_attr a;
  auto const* highway = t.get("highway");
  if (is(highway, "steps")) {
    a.kind_ = street::edge_kind::kSteps;
    if (label_of(t.get("ramp:wheelchair")) == label::kYes || label_of(t.get("ramp")) == label::kYes) {
      a.flags_ |= street::edge_attr::kRamp;
    }
  }
  if (is(t.get("footway"), "crossing") || is(t.get("cycleway"), "crossing") || is(highway, "crossing")) {
    a.flags_ |= street::edge_attr::kCrossing;
  }
  a.wheelchair_ = wheelchair_of(t.get("wheelchair"));
  a.surface_ = surface_of(t.get("surface"), t.get("smoothness"));
  a.incline_pct_ = incline_pct_of(t.get("incline"));
  if (!bicycle_allowed(t)) {
    a.flags_ |= street::edge_attr::kNoBicycle;
  } else {
    a.lts_ = lts_of(t);
  }
  return a;
}

std::optional<street::node_attr> node_attr_of(tag_lookup const& t) {
  using street::barrier_class;
  using street::kerb_tag;
  street::node_attr a;
  auto const* highway = t.get("highway");
  auto const* barrier = t.get("barrier");
  if (auto const* kerb = t.get("kerb"); kerb != nullptr) {
    auto const v = lower_trimmed(kerb);
    a.kerb_ = v == "raised"                 ? kerb_tag::kRaised
              : v == "rolled"               ? kerb_tag::kRolled
              : v == "lowered"              ? kerb_tag::kLowered
              : (v == "flush" || v == "no") ? kerb_tag::kFlush
                                            : kerb_tag::kUnknown;  // yes, or a value we do not know
  } else if (is(highway, "crossing") || is(barrier, "kerb")) {
    a.kerb_ = kerb_tag::kUnknown;
  }
  a.wheelchair_ = wheelchair_of(t.get("wheelchair"));
  if (is(highway, "elevator")) {
    a.flags_ |= street::node_attr::kElevator;
  }
  if (barrier != nullptr) {
    auto const v = lower_trimmed(barrier);
    // Passable by everyone: openable gates, posts and blocks one walks or rolls around (block: a concrete
    // block against cars, leaving room at its side), checkpoints, kerbs (their height is in kerb_).
    // Not by wheelchair: barriers one climbs or squeezes through. Other values (fence, wall...): kNone.
    if (one_of(v.c_str(), {"gate", "lift_gate", "swing_gate", "sliding_gate", "bollard", "block", "entrance",
                           "border_control", "toll_booth", "kerb", "chain", "rope", "height_restrictor"})) {
      a.barrier_ = barrier_class::kPassable;
    } else if (one_of(v.c_str(), {"kissing_gate", "stile", "turnstile", "full-height_turnstile", "cycle_barrier",
                                  "motorcycle_barrier", "step"})) {
      a.barrier_ = barrier_class::kNoWheelchair;
    }
  }
  if (a.kerb_ == kerb_tag::kNone && a.wheelchair_ == wheelchair_tag::kUnknown && a.barrier_ == barrier_class::kNone &&
      a.flags_ == 0) {
    return std::nullopt;
  }
  return a;
}

}  // namespace solimob::osm
