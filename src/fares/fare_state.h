#pragma once

#include <cstdint>

#include "core/strong.h"
#include "core/time.h"

namespace solimob::fares {

// One transit ride as fare rules see it: which trip (hence route), from which stop to which, when.
// Times are seconds after midnight of the search day (as transit::day_timetable's).
struct ride {
  trip_idx trip_;
  route_idx route_;
  stop_idx board_, alight_;
  seconds_t board_time_, alight_time_;
};

// What a traveller has paid so far, and what the tickets already bought still give for later rides
// (a transfer allowance, as r5r's TransferAllowance: a value, a number of rides, an expiry). Small and
// trivially copyable: the time/fare search (transit/fare_raptor.h) keeps one per label.
struct fare_state {
  std::int32_t paid_cents_{0};
  std::int32_t allowance_cents_{0};  // most that a later ride can be discounted
  seconds_t allowance_until_{0};     // ... when boarded before this time
  std::uint16_t transfers_left_{0};  // ... within this many more rides
  std::uint16_t context_{0};         // pricer-specific (the fare type or product of the last ticket...)
  std::uint32_t extra_{0};           // pricer-specific (areas or networks already paid...)

  bool operator==(fare_state const&) const = default;
};
static_assert(sizeof(fare_state) == 20);

// The fare rules of a network for one rider category (fares/fare_model.h builds them): the state
// after one more ride, and when one state makes every continuation at most as dear as another.
// after() must never lower paid_cents_: the search drops labels that paid more than a bound.
class pricer {
 public:
  virtual ~pricer() = default;
  // The state after riding `r` from state `s` (the first ride starts from fare_state{}).
  virtual fare_state after(fare_state const& s, ride const& r) const = 0;
  // True when, for any further rides, continuing from `a` costs at most what continuing from `b`
  // costs (paid included): a label carrying `b` that arrives no earlier can be dropped. Must be
  // reflexive and transitive; "equal states only" is always correct, only slower. A pricer may
  // instead follow a peer's documented dominance (r5r's: fares/r5r_fares.cc), which can miss a
  // cheaper journey where the peer's does.
  virtual bool covers(fare_state const& a, fare_state const& b) const = 0;
  // True when after(s, r) depends on neither r.alight_ nor r.alight_time_ (flat fares, transfer
  // allowances timed from boarding): the time/fare search then prices a ride once, when boarding,
  // and prunes the trips of a pattern as labels. False is always correct, only slower.
  virtual bool priced_at_boarding() const { return false; }
  // At least what any one more ride costs from `s` (after(s, r).paid_cents_ - s.paid_cents_ for every
  // r): under a fare bound, a label that cannot afford it stops boarding. 0 is always correct.
  virtual std::int32_t next_ride_min_cents(fare_state const&) const { return 0; }
  // What the rider pays for a ride whose fare is not in these rules (an on-demand service's own
  // fare_cents, README, On-demand services), added to what the journey paid.
  virtual std::int32_t service_fare(std::int32_t cents) const { return cents; }
  // Every ride, on-demand ones too, costs this rider nothing (a free entitlement): the travel-time
  // engine then runs the plain search and reports 0.
  virtual bool rides_free() const { return false; }
  // `s` for a search in which no ride boards after `horizon` (the latest arrival it records): a
  // pricer may forget what only later rides could use, so that more states compare equal (r5r's
  // R5RTransferAllowance.tightenExpiration). Must not change any fare of a ride boarded by then.
  virtual fare_state tighten(fare_state const& s, seconds_t /*horizon*/) const { return s; }
};

}  // namespace solimob::fares
