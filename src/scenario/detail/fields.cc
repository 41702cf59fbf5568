#include "scenario/detail/fields.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace solimob::scenario::detail {

namespace {

std::optional<seconds_t> parse_clock(std::string const& s) {
  // H:MM, HH:MM or HH:MM:SS; hours up to 47 (GTFS times pass midnight).
  int h = 0, m = 0, sec = 0;
  char tail = 0;
  auto const n = std::sscanf(s.c_str(), "%d:%d:%d%c", &h, &m, &sec, &tail);
  if (n < 2 || n > 3 || h < 0 || h > 47 || m < 0 || m > 59 || sec < 0 || sec > 59) {
    return std::nullopt;
  }
  auto const colons = std::count(begin(s), end(s), ':');
  if (colons != n - 1 || s.size() < 4) {
    return std::nullopt;
  }
  return h * 3600 + m * 60 + sec;
}

}  // namespace

fields::fields(nlohmann::json const& object, std::string file, std::string where)
    : j_{object}, file_{std::move(file)}, where_{std::move(where)} {
  if (!j_.is_object()) {
    throw input_error{file_, 0, where_, "expected an object"};
  }
}

void fields::fail(std::string const& field, std::string const& msg) const {
  throw input_error{file_, 0, name(field), msg};
}

std::string fields::name(std::string const& field) const {
  return field.empty() ? where_ : where_ + "." + field;
}

void fields::only(std::initializer_list<char const*> known) const {
  for (auto const& [key, value] : j_.items()) {
    if (std::none_of(known.begin(), known.end(), [&](char const* k) { return key == k; })) {
      std::string names;
      for (auto const* k : known) {
        names += (names.empty() ? "" : ", ") + std::string{k};
      }
      fail(key, "unknown field (expected one of " + names + ")");
    }
  }
}

nlohmann::json const& fields::at(std::string const& key) const {
  if (!has(key)) {
    fail(key, "missing");
  }
  return j_[key];
}

fields fields::object(std::string const& key) const {
  auto const& v = at(key);
  if (!v.is_object()) {
    fail(key, "expected an object");
  }
  return fields{v, file_, name(key)};
}

std::vector<fields> fields::objects(std::string const& key) const {
  std::vector<fields> out;
  if (!has(key)) {
    return out;
  }
  auto const& v = j_[key];
  if (!v.is_array()) {
    fail(key, "expected an array of objects");
  }
  for (auto i = 0U; i != v.size(); ++i) {
    auto const where = name(key) + "[" + std::to_string(i) + "]";
    if (!v[i].is_object()) {
      throw input_error{file_, 0, where, "expected an object"};
    }
    out.emplace_back(v[i], file_, where);
  }
  return out;
}

std::string fields::string(std::string const& key) const {
  auto const& v = at(key);
  if (!v.is_string() || v.get<std::string>().empty()) {
    fail(key, "expected a non-empty string");
  }
  return v.get<std::string>();
}

std::string fields::string_or(std::string const& key, std::string fallback) const {
  return has(key) ? string(key) : std::move(fallback);
}

std::vector<std::string> fields::strings(std::string const& key) const {
  std::vector<std::string> out;
  if (!has(key)) {
    return out;
  }
  auto const& v = j_[key];
  if (!v.is_array()) {
    fail(key, "expected an array of strings");
  }
  for (auto i = 0U; i != v.size(); ++i) {
    if (!v[i].is_string() || v[i].get<std::string>().empty()) {
      fail(key + "[" + std::to_string(i) + "]", "expected a non-empty string");
    }
    out.push_back(v[i].get<std::string>());
  }
  return out;
}

double fields::number(std::string const& key, double min, double max) const {
  auto const& v = at(key);
  if (!v.is_number()) {
    fail(key, "expected a number");
  }
  auto const d = v.get<double>();
  if (!(d >= min && d <= max)) {
    fail(key, std::to_string(d) + " is outside [" + std::to_string(min) + ", " + std::to_string(max) + "]");
  }
  return d;
}

std::optional<double> fields::number_opt(std::string const& key, double min, double max) const {
  return has(key) ? std::optional{number(key, min, max)} : std::nullopt;
}

std::int64_t fields::integer(std::string const& key, std::int64_t min, std::int64_t max) const {
  auto const& v = at(key);
  if (!v.is_number_integer()) {
    fail(key, "expected an integer");
  }
  auto const i = v.get<std::int64_t>();
  if (i < min || i > max) {
    fail(key, std::to_string(i) + " is outside [" + std::to_string(min) + ", " + std::to_string(max) + "]");
  }
  return i;
}

bool fields::boolean_or(std::string const& key, bool fallback) const {
  if (!has(key)) {
    return fallback;
  }
  if (!j_[key].is_boolean()) {
    fail(key, "expected true or false");
  }
  return j_[key].get<bool>();
}

seconds_t fields::time(std::string const& key) const {
  auto const& v = at(key);
  if (v.is_number_integer()) {
    auto const s = v.get<std::int64_t>();
    if (s < 0 || s > 2 * kSecondsPerDay) {
      fail(key, "expected seconds after midnight in [0, 172800]");
    }
    return static_cast<seconds_t>(s);
  }
  if (v.is_string()) {
    if (auto const t = parse_clock(v.get<std::string>())) {
      return *t;
    }
  }
  fail(key, "expected a time \"HH:MM\" or \"HH:MM:SS\", got " + v.dump());
}

std::optional<seconds_t> fields::time_opt(std::string const& key) const {
  return has(key) ? std::optional{time(key)} : std::nullopt;
}

std::vector<seconds_t> fields::times(std::string const& key) const {
  std::vector<seconds_t> out;
  if (!has(key)) {
    return out;
  }
  auto const& v = j_[key];
  if (!v.is_array()) {
    fail(key, "expected an array of times");
  }
  for (auto i = 0U; i != v.size(); ++i) {
    nlohmann::json const one = {{"t", v[i]}};
    out.push_back(fields{one, file_, name(key) + "[" + std::to_string(i) + "]"}.time("t"));
  }
  return out;
}

std::vector<seconds_t> fields::durations(std::string const& key) const {
  std::vector<seconds_t> out;
  if (!has(key)) {
    return out;
  }
  auto const& v = j_[key];
  if (!v.is_array()) {
    fail(key, "expected an array of seconds");
  }
  for (auto i = 0U; i != v.size(); ++i) {
    if (!v[i].is_number_integer() || v[i].get<std::int64_t>() < 0 || v[i].get<std::int64_t>() > kSecondsPerDay) {
      fail(key + "[" + std::to_string(i) + "]", "expected whole seconds in [0, 86400], got " + v[i].dump());
    }
    out.push_back(static_cast<seconds_t>(v[i].get<std::int64_t>()));
  }
  return out;
}

day_mask fields::days(std::string const& key) const {
  if (!has(key)) {
    return kAllDays;
  }
  static constexpr char const* kLong[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  day_mask m = 0;
  auto const list = strings(key);
  for (auto i = 0U; i != list.size(); ++i) {
    auto const& d = list[i];
    auto found = false;
    for (auto k = 0U; k != 7; ++k) {
      if (d == kLong[k] || d == std::string{kLong[k]}.substr(0, 3)) {
        m = static_cast<day_mask>(m | (1U << k));
        found = true;
      }
    }
    if (!found) {
      fail(key + "[" + std::to_string(i) + "]", "'" + d + "' is not a day (monday ... sunday)");
    }
  }
  if (m == 0) {
    fail(key, "no day given");
  }
  return m;
}

std::vector<stop_ref> fields::stop_refs(std::string const& key) const {
  std::vector<stop_ref> out;
  for (auto const& f : objects(key)) {
    stop_ref r;
    if (f.has("id")) {
      f.only({"id"});
      r.id_ = f.string("id");
    } else {
      f.only({"lon", "lat", "name"});
      r.pos_ = latlng{f.number("lat", -90.0, 90.0), f.number("lon", -180.0, 180.0)};
      r.name_ = f.string_or("name", "");
    }
    out.push_back(std::move(r));
  }
  return out;
}

trip_selector fields::selector() const {
  trip_selector s;
  s.routes_ = strings("routes");
  s.patterns_ = strings("patterns");
  s.trips_ = strings("trips");
  s.start_s_ = time_opt("start_time");
  s.end_s_ = time_opt("end_time");
  if (s.start_s_ && s.end_s_ && *s.end_s_ <= *s.start_s_) {
    fail("end_time", "must be after start_time");
  }
  return s;
}

}  // namespace solimob::scenario::detail
