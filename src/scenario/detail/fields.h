#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/time.h"
#include "scenario/scenario.h"

// Reading one modification's JSON object: every accessor checks the type and the range and throws
// input_error naming the file, the modification and the field ("modification 3 (Ligne 15).stops[2]").
// Internal to src/scenario: only the parsers include nlohmann/json.
namespace solimob::scenario::detail {

class fields {
 public:
  fields(nlohmann::json const& object, std::string file, std::string where);

  [[noreturn]] void fail(std::string const& field, std::string const& msg) const;
  // "where.field", as errors name it.
  std::string name(std::string const& field) const;
  nlohmann::json const& json() const { return j_; }
  bool has(std::string const& key) const { return j_.contains(key) && !j_[key].is_null(); }
  // The object's keys not among `known` are refused (a misspelt field must not be ignored silently).
  void only(std::initializer_list<char const*> known) const;
  // A nested object, to read with the same checks.
  fields object(std::string const& key) const;
  std::vector<fields> objects(std::string const& key) const;  // an array of objects

  std::string string(std::string const& key) const;  // required, non-empty
  std::string string_or(std::string const& key, std::string fallback) const;
  std::vector<std::string> strings(std::string const& key) const;  // optional array of non-empty strings
  double number(std::string const& key, double min, double max) const;
  std::optional<double> number_opt(std::string const& key, double min, double max) const;
  std::int64_t integer(std::string const& key, std::int64_t min, std::int64_t max) const;
  bool boolean_or(std::string const& key, bool fallback) const;
  // "HH:MM" or "HH:MM:SS" (hours may pass 24, as in GTFS), or a number of seconds after midnight.
  seconds_t time(std::string const& key) const;
  std::optional<seconds_t> time_opt(std::string const& key) const;
  std::vector<seconds_t> times(std::string const& key) const;  // optional array of times
  // An optional array of whole seconds >= 0.
  std::vector<seconds_t> durations(std::string const& key) const;
  // ["monday", ...] or ["mon", ...]; all days when absent.
  day_mask days(std::string const& key) const;
  // Stops of a new line or reroute: {"id": "0:S1"} or {"lon": 2.4, "lat": 48.9, "name": "..."}.
  std::vector<stop_ref> stop_refs(std::string const& key) const;
  // A route / pattern / trip selection: "routes", "patterns", "trips", "start_time", "end_time".
  trip_selector selector() const;

 private:
  nlohmann::json const& at(std::string const& key) const;

  nlohmann::json const& j_;
  std::string file_, where_;
};

// One family of modifications: the parsers return nullopt for a type that is not theirs.
std::optional<modification> parse_transit(std::string const& type, fields const&);
std::optional<modification> parse_street(std::string const& type, fields const&);

// Every reference of the family's modifications checked against the network (throws input_error
// naming `file`, the modification's label and the field).
void check_transit(named_modification const&, network::network const&, std::string const& file);
void check_street(named_modification const&, network::network const&, std::string const& file);

// The family's modifications applied in file order to `n` (already checked), re-linking what changed.
void apply_transit(std::vector<named_modification const*> const&, network::network& n);
void apply_street(std::vector<named_modification const*> const&, network::network& n);

}  // namespace solimob::scenario::detail
