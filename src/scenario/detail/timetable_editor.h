#pragma once

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "network/network.h"
#include "scenario/scenario.h"

// The saved timetable decoded into a list of trips that the transit modifications edit, then encoded
// back (README, "Scenarios": how apply works). Stops, routes and services keep their indexes (new ones
// are appended); trips keep their order, removed ones leave, new ones come last; a trip no
// modification touches keeps its stop times, and a frequency entry kept keeps its seed.
namespace solimob::scenario::detail {

class timetable_editor {
 public:
  explicit timetable_editor(network::network&);
  void apply(named_modification const&);
  // Encodes the trips back, groups the stop sequences and links the new stops (network::relink_stops).
  void finish();

 private:
  struct trip {
    std::string id_;  // scoped: "0:T1", or "s3:..." for a trip modification 3 created
    route_idx route_;
    service_idx service_;
    std::uint8_t wheelchair_{0};
    std::vector<stop_idx> stops_;
    std::vector<seconds_t> arrival_, departure_;
    std::vector<std::uint8_t> flags_;
    bool alive_{true};
  };
  struct frequency {
    transit::timetable::frequency_entry entry_;  // entry_.trip_ unused until finish()
    std::size_t trip_;                           // in trips_
    bool alive_{true};
  };

  void edit(std::size_t index, add_trips const&);
  void edit(std::size_t index, remove_trips const&);
  void edit(std::size_t index, adjust_frequency const&);
  void edit(std::size_t index, adjust_speed const&);
  void edit(std::size_t index, adjust_dwell_time const&);
  void edit(std::size_t index, remove_stops const&);
  void edit(std::size_t index, reroute const&);
  void edit(std::size_t index, make_accessible const&);
  template <typename Other>
  void edit(std::size_t, Other const&) {}

  // The live trips `s` selects, in order. A trip run by frequency entries is selected by its
  // template; the time window then applies to its entries' start times.
  std::vector<std::size_t> selected(trip_selector const&) const;
  bool in_window(std::size_t trip, trip_selector const&) const;
  bool is_template(std::size_t trip) const;
  void kill(std::size_t trip);
  // An existing stop, or a new one appended with id `new_id` (and `default_name` when it has none).
  stop_idx stop_of(stop_ref const&, std::string const& new_id, std::string const& default_name,
                   std::uint8_t wheelchair);
  service_idx service_for(day_mask);
  std::size_t add_trip(trip);
  // Adds the runs of `f` of trip `t` (its times starting at 0): a template and its frequency entry,
  // or one trip per first departure.
  void add_runs(trip t, frequency_entry const& f);
  void open_station(stop_idx);

  network::network& n_;
  transit::timetable& tt_;
  std::vector<trip> trips_;
  std::vector<frequency> frequencies_;
  std::unordered_map<std::string, stop_idx> stop_ids_;
  std::unordered_map<std::string, std::size_t> trip_ids_;
  std::map<day_mask, service_idx> services_;  // new services, one per weekday set
  std::vector<stop_idx> new_stops_;
};

}  // namespace solimob::scenario::detail
