#include "transit/timetable.h"

#include <map>
#include <utility>

#include "gtfs/feed.h"

namespace solimob::transit {

vector_map<gtfs::feed_stop_idx, stop_idx> timetable::add_feed(gtfs::feed const& f, std::string const& prefix) {
  auto const route_base = static_cast<std::uint32_t>(route_id_.size());
  auto const service_base = static_cast<std::uint32_t>(service_first_day_.size());
  vector_map<gtfs::feed_stop_idx, stop_idx> stop_of(f.stops_.size());  // invalid: not a routable stop
  for (auto const i : f.stops_.keys()) {
    auto const& s = f.stops_[i];
    if (s.location_type_ != 0) {
      continue;
    }
    stop_of[i] = stop_pos_.next_key();
    stop_pos_.push_back(s.pos_);
    stop_id_.push_back(prefix + s.id_);
    stop_name_.push_back(s.name_);
    stop_wheelchair_.push_back(s.wheelchair_);
  }
  for (auto const& r : f.routes_) {
    route_id_.push_back(prefix + r.id_);
    route_name_.push_back(r.short_name_.empty() ? r.long_name_ : r.short_name_);
    route_type_.push_back(r.type_);
  }
  for (auto const& s : f.services_) {
    service_first_day_.push_back(s.first_day_);
    std::vector<std::uint8_t> days;
    for (auto const b : s.active_) {
      days.push_back(b ? 1 : 0);
    }
    service_days_.emplace_back(days);
  }
  auto const trip_base = static_cast<std::uint32_t>(n_trips());
  for (auto const& t : f.trips_) {
    trip_route_.push_back(route_idx{route_base + t.route_.v()});
    trip_service_.push_back(service_idx{service_base + t.service_.v()});
    trip_wheelchair_.push_back(t.wheelchair_);
    trip_id_.push_back(prefix + t.id_);
    std::vector<stop_idx> stops;
    for (auto const& st : t.stop_times_) {
      stops.push_back(stop_of[st.stop_]);  // the loader only lets type 0 stops into trips
      trip_arrival_.push_back(st.arrival_);
      trip_departure_.push_back(st.departure_);
      trip_stop_flags_.push_back(
          static_cast<std::uint8_t>((st.pickup_ ? 0 : kNoPickup) | (st.drop_off_ ? 0 : kNoDropOff)));
    }
    trip_stops_.emplace_back(stops);
  }
  static_assert(gtfs::min_transfer::kForbidden == min_transfer::kForbidden);
  for (auto const& x : f.transfers_) {
    min_transfers_.push_back({stop_of[x.from_], stop_of[x.to_], x.min_time_});
  }
  for (auto const& e : f.frequencies_) {
    frequencies_.push_back({frequency_seed(prefix + f.trips_[e.trip_].id_, e.start_), trip_idx{trip_base + e.trip_.v()},
                            e.start_, e.end_, e.headway_, e.exact_times_ ? 1U : 0U});
  }
  group_sequences();
  return stop_of;
}

void timetable::group_sequences() {
  // std::map orders the sequences by (stops, flags), whatever the order of the trips.
  using key = std::pair<std::vector<stop_idx>, std::vector<std::uint8_t>>;
  std::map<key, std::vector<trip_idx>> by_key;
  for (auto t = trip_idx{0}; t.v() != n_trips(); t = trip_idx{t.v() + 1}) {
    auto const stops = trip_stops_[t];
    auto const flags = trip_stop_flags_.begin() + trip_stops_.begin_at(t);
    by_key[{{stops.begin(), stops.end()}, {flags, flags + static_cast<std::ptrdiff_t>(stops.size())}}].push_back(t);
  }
  sequence_stops_ = {};
  sequence_flags_.clear();
  sequence_trips_ = {};
  for (auto const& [k, trips] : by_key) {
    sequence_stops_.emplace_back(k.first);
    sequence_flags_.insert(sequence_flags_.end(), k.second.begin(), k.second.end());
    sequence_trips_.emplace_back(trips);
  }
}

std::uint64_t frequency_seed(std::string_view scoped_trip_id, seconds_t start) {
  // FNV-1a over the id, then the start time mixed in with splitmix64's finaliser.
  auto h = 0xcbf29ce484222325ULL;
  for (auto const c : scoped_trip_id) {
    h ^= static_cast<std::uint8_t>(c);
    h *= 0x100000001b3ULL;
  }
  h ^= static_cast<std::uint64_t>(static_cast<std::uint32_t>(start)) * 0x9e3779b97f4a7c15ULL;
  h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
  h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
  return h ^ (h >> 31);
}

bool timetable::runs_on(service_idx s, day_t d) const {
  auto const first = service_first_day_[s];
  auto const days = service_days_[s];
  return d >= first && static_cast<std::size_t>(d - first) < days.size() &&
         days[static_cast<std::size_t>(d - first)] != 0;
}

}  // namespace solimob::transit
