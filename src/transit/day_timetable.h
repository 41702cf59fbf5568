#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/nested.h"
#include "core/strong.h"
#include "core/time.h"

namespace solimob::transit {

struct timetable;

// A stop-to-stop walking connection, in seconds at the query's walking speed.
struct footpath {
  stop_idx to_;
  seconds_t duration_;
};

// A pattern serving a stop, and the stop's position in it.
struct pattern_stop {
  pattern_idx pattern_;
  std::uint32_t pos_;
};

// What RAPTOR scans: the trips running in one time span, grouped into patterns (same stop
// sequence, no trip overtaking another), each pattern's times stored trip by trip in one block.
// Times are relative to midnight of the query day; trips of other service days are shifted by
// whole days.
struct day_timetable {
  std::size_t n_patterns() const { return pattern_stops_.size(); }
  std::size_t n_stops() const { return stop_patterns_.size(); }

  nested<pattern_idx, stop_idx> pattern_stops_;
  std::vector<std::uint8_t> pattern_flags_;  // timetable::kNoPickup | kNoDropOff, parallel to pattern_stops_.data_
  // Per pattern: number of trips, and their times laid out [trip][position].
  vector_map<pattern_idx, std::uint32_t> pattern_n_trips_;
  nested<pattern_idx, seconds_t> arrival_;
  nested<pattern_idx, seconds_t> departure_;
  // Per pattern, parallel to its trips: the timetable trip (a frequency run: its template) and its
  // route, for fare rules (transit/fare_raptor.h).
  nested<pattern_idx, trip_idx> pattern_trips_;
  nested<pattern_idx, route_idx> pattern_routes_;

  nested<stop_idx, pattern_stop> stop_patterns_;
  nested<stop_idx, footpath> footpaths_;  // walking transfers to other stops

  // Per stop: seconds added to a vehicle arrival before boarding again at the same stop, so that
  // with the board slack the change takes transfers.txt's minimum change time there (0 without one);
  // kUnreachable where transfers.txt forbids changing at the stop.
  std::vector<seconds_t> same_stop_extra_;

  // exact_times=0 frequency entries (per service day) with a drawn phase whose runs can reach the
  // span in some draw: when 0, every draw gives this same timetable.
  std::size_t n_drawn_entries_{0};
};

// Walking transfer between two stops, in centimetres (from the street network).
struct stop_transfer {
  stop_idx from_, to_;
  std::uint32_t length_cm_;  // the walk's cost: centimetres at the profile's speed (profile/edge_costs.h)
};

// Which trips a traveller may ride and at which stops he may board and alight (the wheelchair
// profiles): empty vectors allow everything. Indexed by trip_idx and stop_idx of the timetable.
struct boarding_filter {
  std::vector<std::uint8_t> trip_ok_;
  std::vector<std::uint8_t> stop_ok_;
  bool empty() const { return trip_ok_.empty() && stop_ok_.empty(); }
};

// `frequency_draw` of make_day_timetable that runs every frequency entry from its start_time.
constexpr int kStartTimeDraw = -1;

// Keeps the trips running at some time in [from, to] (seconds after midnight of `day`, possibly
// beyond 24 h): those of `day` and of every service day before or after whose times reach the span.
// Walking transfers are converted with `walk_speed_mps`. transfers.txt rules (README, Method:
// transfers) apply to them with the raptor's `board_slack`: a type-2 time makes the change take
// max(walk + board_slack, min_transfer_time), type 3 removes the transfer, and no rule creates a
// transfer where the streets have none within the limits.
// Frequency entries run their template from start + phase every headway while < end; the phase is
// 0 for exact_times=1 entries and for kStartTimeDraw, else frequency_phase(entry, frequency_draw).
// `filter` leaves out the trips it refuses and forbids boarding and alighting at the stops it refuses.
// The patterns split the timetable's stop sequences (those a stop filter makes equal are merged first)
// into FIFO runs, in the sequences' order.
day_timetable make_day_timetable(timetable const&, day_t day, seconds_t from, seconds_t to,
                                 std::span<stop_transfer const> transfers, double walk_speed_mps, seconds_t board_slack,
                                 int frequency_draw = kStartTimeDraw, boarding_filter const& filter = {});

// Phase in [0, headway) of a frequency entry (its seed) in draw `draw` >= 0: a hash of the seed
// and the draw, so the same for every run, thread count and other entry (common random numbers).
// R5 draws it from an unseeded Mersenne Twister instead (FrequencyRandomOffsets.randomize), anew
// for every draw of every minute (FastRaptorWorker.runRaptorForDepartureMinute).
seconds_t frequency_phase(std::uint64_t seed, seconds_t headway, int draw);

// Seconds needed to walk `cm` centimetres at the speed truncated to whole mm/s, rounded down (R5).
seconds_t walk_seconds(std::uint32_t cm, double walk_speed_mps);

}  // namespace solimob::transit
