#include "profile/profile.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "io/file_util.h"

namespace solimob::profile {

namespace {
constexpr std::uintmax_t kMaxProfileFileBytes = 1'000'000;
}  // namespace

bool profile::costs_are_lengths() const {
  return mode_ == street_mode::kFoot && stairs_ && escalators_ && !wheelchair_ &&
         unknown_street_ == unknown_policy::kAllow && rough_factor_ == 1.0 && unpaved_factor_ == 1.0 &&
         slope_ == slope_model::kNone;
}

std::vector<profile> const& builtin_profiles() {
  // Values and sources: README, Profiles.
  static auto const profiles = [] {
    std::vector<profile> v;
    v.push_back(profile{});  // walk: r5r's defaults (walk_speed 3.6 km/h, max_walk_time as 1000 m legs)

    profile elderly;
    elderly.name_ = "elderly";
    elderly.speed_kmh_ = 3.0;  // MUTCD 2009 4E.06: 0.91 / 1.07 m/s for slower walkers, x 3.6 km/h
    elderly.max_leg_m_ = 500.0;
    elderly.min_change_s_ = 120;
    elderly.rough_factor_ = 1.2;
    elderly.unpaved_factor_ = 1.5;
    elderly.slope_ = slope_model::kTobler;
    v.push_back(elderly);

    profile reduced = elderly;
    reduced.name_ = "reduced_mobility";
    reduced.stairs_ = false;
    v.push_back(reduced);

    profile chair;
    chair.name_ = "wheelchair";
    chair.speed_kmh_ = 2.88;  // 0.8 m/s: MOTIS (kWheelchairSpeed) and AccessMap's manual wheelchair
    chair.max_leg_m_ = 500.0;
    chair.min_change_s_ = 180;
    chair.stairs_ = false;
    chair.escalators_ = false;
    chair.wheelchair_ = true;
    chair.unknown_street_ = unknown_policy::kPenalise;
    chair.unknown_penalty_s_ = 30;
    chair.rough_factor_ = 1.5;
    chair.slope_ = slope_model::kWheelchair;
    // Arrêté du 15 janvier 2007: 5 % at most, 8 % over 2 m and 12 % over 0.5 m tolerated; a 10 m DEM
    // slice steeper than 6 % cannot hold to these (README, Profiles).
    chair.max_uphill_pct_ = 6.0;
    chair.max_downhill_pct_ = 6.0;
    v.push_back(chair);

    profile bike;
    bike.name_ = "bike";
    bike.mode_ = street_mode::kBike;
    bike.speed_kmh_ = 12.0;  // r5r bike_speed
    bike.max_leg_m_ = 5000.0;
    bike.max_lts_ = 2;  // r5r max_lts
    v.push_back(bike);
    return v;
  }();
  return profiles;
}

namespace {

template <typename Enum>
Enum enum_field(nlohmann::json const& j, std::string const& where, std::string const& key,
                std::initializer_list<std::pair<char const*, Enum>> values) {
  auto const s = j.get<std::string>();
  for (auto const& [name, v] : values) {
    if (s == name) {
      return v;
    }
  }
  std::string names;
  for (auto const& [name, v] : values) {
    names += (names.empty() ? "" : ", ") + std::string{name};
  }
  throw input_error{where, 0, key, "'" + s + "' is not one of " + names};
}

void apply(profile& p, nlohmann::json const& j, std::string const& where) {
  for (auto const& [key, value] : j.items()) {
    auto const number = [&](double min, double max) {
      if (!value.is_number()) {
        throw input_error{where, 0, key, "expected a number"};
      }
      auto const v = value.get<double>();
      if (!(v >= min && v <= max)) {
        throw input_error{where, 0, key,
                          "expected a value between " + std::to_string(min) + " and " + std::to_string(max)};
      }
      return v;
    };
    auto const integer = [&](int min, int max) {
      auto const v = number(min, max);
      if (v != std::floor(v)) {
        throw input_error{where, 0, key, "expected a whole number"};
      }
      return static_cast<int>(v);
    };
    auto const boolean = [&]() {
      if (!value.is_boolean()) {
        throw input_error{where, 0, key, "expected true or false"};
      }
      return value.get<bool>();
    };
    auto const text = [&]() {
      if (!value.is_string()) {
        throw input_error{where, 0, key, "expected a text"};
      }
      return value;
    };
    if (key == "name" || key == "base" || key == "description") {
      continue;
    } else if (key == "mode") {
      p.mode_ =
          enum_field<street_mode>(text(), where, key, {{"foot", street_mode::kFoot}, {"bike", street_mode::kBike}});
    } else if (key == "speed_kmh") {
      p.speed_kmh_ = number(0.5, 40.0);
    } else if (key == "walk_speed_kmh") {
      p.walk_speed_kmh_ = number(0.5, 20.0);
    } else if (key == "max_leg_m") {
      p.max_leg_m_ = number(0.0, 100000.0);
    } else if (key == "min_change_s") {
      p.min_change_s_ = integer(0, 3600);
    } else if (key == "board_slack_s") {
      p.board_slack_s_ = integer(0, 3600);
    } else if (key == "stairs") {
      p.stairs_ = boolean();
    } else if (key == "escalators") {
      p.escalators_ = boolean();
    } else if (key == "wheelchair") {
      p.wheelchair_ = boolean();
    } else if (key == "unknown_street") {
      p.unknown_street_ = enum_field<unknown_policy>(text(), where, key,
                                                     {{"allow", unknown_policy::kAllow},
                                                      {"penalise", unknown_policy::kPenalise},
                                                      {"forbid", unknown_policy::kForbid}});
    } else if (key == "unknown_penalty_s") {
      p.unknown_penalty_s_ = integer(0, 3600);
    } else if (key == "rough_factor") {
      p.rough_factor_ = number(1.0, 10.0);
    } else if (key == "unpaved_factor") {
      p.unpaved_factor_ = number(1.0, 10.0);
    } else if (key == "slope") {
      p.slope_ = enum_field<slope_model>(
          text(), where, key,
          {{"none", slope_model::kNone}, {"tobler", slope_model::kTobler}, {"wheelchair", slope_model::kWheelchair}});
    } else if (key == "max_uphill_pct") {
      p.max_uphill_pct_ = number(0.0, 100.0);
    } else if (key == "max_downhill_pct") {
      p.max_downhill_pct_ = number(0.0, 100.0);
    } else if (key == "max_lts") {
      p.max_lts_ = integer(1, 4);
    } else {
      throw input_error{where, 0, key, "unknown profile field (README, Profiles, lists them)"};
    }
  }
}

std::string known_names(std::vector<profile> const& v) {
  std::string s;
  for (auto const& p : v) {
    s += (s.empty() ? "" : ", ") + p.name_;
  }
  return s;
}

}  // namespace

std::vector<profile> read_profile_file(std::filesystem::path const& path) {
  auto profiles = builtin_profiles();
  nlohmann::json doc;
  try {
    // Profile files are small: the size is checked before reading, so a huge one costs nothing; a
    // device or a pipe has no size and is refused.
    if (!std::filesystem::is_regular_file(path)) {
      throw input_error{path.string(), 0, "", "not a regular file"};
    }
    if (std::filesystem::file_size(path) > kMaxProfileFileBytes) {
      throw input_error{path.string(), 0, "", "profile file larger than 1 MB"};
    }
    doc = nlohmann::json::parse(io::read_file(path));
  } catch (nlohmann::json::parse_error const& e) {
    throw input_error{path.string(), 0, "", std::string{"not valid JSON: "} + e.what()};
  }
  if (!doc.is_object() || !doc.contains("profiles") || !doc["profiles"].is_array()) {
    throw input_error{path.string(), 0, "profiles", "expected {\"profiles\": [ {...}, ... ]}"};
  }
  for (auto const& [key, value] : doc.items()) {
    if (key != "profiles") {
      throw input_error{path.string(), 0, key, "unknown field: the file holds only \"profiles\""};
    }
  }
  auto i = 0;
  for (auto const& j : doc["profiles"]) {
    auto const where = path.string() + ": profiles[" + std::to_string(i++) + "]";
    if (!j.is_object() || !j.contains("name") || !j["name"].is_string() || j["name"].get<std::string>().empty()) {
      throw input_error{where, 0, "name", "each profile needs a name"};
    }
    auto const name = j["name"].get<std::string>();
    auto const find = [&](std::string const& n) {
      return std::find_if(begin(profiles), end(profiles), [&](profile const& p) { return p.name_ == n; });
    };
    auto it = find(name);
    profile p;
    if (j.contains("base")) {
      if (!j["base"].is_string() || find(j["base"].get<std::string>()) == end(profiles)) {
        throw input_error{where, 0, "base", "unknown base profile; known: " + known_names(profiles)};
      }
      p = *find(j["base"].get<std::string>());
    } else if (it != end(profiles)) {
      p = *it;  // overrides a profile defined before
    }
    p.name_ = name;
    apply(p, j, where);
    it = find(name);
    if (it != end(profiles)) {
      *it = p;
    } else {
      profiles.push_back(p);
    }
  }
  return profiles;
}

profile find_profile(std::string_view name, std::filesystem::path const& file) {
  auto const profiles = file.empty() ? builtin_profiles() : read_profile_file(file);
  auto const it = std::find_if(begin(profiles), end(profiles), [&](profile const& p) { return p.name_ == name; });
  if (it == end(profiles)) {
    throw input_error{"--profile", 0, "",
                      "unknown profile '" + std::string{name} + "'; known: " + known_names(profiles)};
  }
  return *it;
}

}  // namespace solimob::profile
