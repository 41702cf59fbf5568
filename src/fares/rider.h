#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/strong.h"

namespace solimob::transit {
struct timetable;
}

namespace solimob::fares {

// A rider category and what it does to the fares a pricer computes. The built-ins (builtin_rider)
// stand for French schemes; their values are illustrative (README, "Fares").
struct rider {
  enum class kind : std::uint8_t {
    kFull,      // pays the fare
    kFree,      // every ride costs 0
    kDiscount,  // pays discount_percent_ less on every ticket
    kPass,      // holds a pass: rides on the modes it covers cost 0 (marginal cost), others the fare
  };
  std::string name_;
  kind kind_{kind::kFull};
  std::int32_t discount_percent_{0};  // kDiscount: 75 = pays a quarter
  // kPass: the GTFS route_type values (0 tram, 1 metro, 2 rail, 3 bus...) the pass covers; empty = all.
  std::vector<std::int32_t> pass_route_types_;
};

// full, rsa, css, senior (= amethyste), amethyste, pass; nullopt for any other name.
std::optional<rider> builtin_rider(std::string_view name);
std::vector<std::string> builtin_rider_names();

// A rider bound to a timetable, as the pricers use it.
class entitlement {
 public:
  entitlement(rider const&, transit::timetable const&);
  // A ride on this route costs nothing and leaves the fare state unchanged (the pass is its ticket).
  bool pass_covers(route_idx r) const { return !pass_route_.empty() && pass_route_[r.v()] != 0; }
  // Every ride costs nothing (a free entitlement): the pricers then keep the empty state, so that the
  // time/fare search has one label per stop and runs as fast as the plain one.
  bool rides_free() const { return percent_paid_ == 0; }
  // Some route rides on the pass (then one more ride may cost nothing).
  bool has_pass() const { return !pass_route_.empty(); }
  // What the rider pays for a service outside the fare rules (an on-demand ride): nothing when free
  // or on a pass for every mode, else the ticket's charge.
  std::int32_t service_charge(std::int32_t cents) const { return rides_free() || pass_all_ ? 0 : charge(cents); }
  // What the rider pays for a ticket of `cents` full fare: rounded half up, per ticket, to the cent.
  std::int32_t charge(std::int32_t cents) const;

 private:
  std::int32_t percent_paid_{100};
  std::vector<std::uint8_t> pass_route_;  // per route, 1 = covered; empty when no pass
  bool pass_all_{false};                  // a pass for every mode
};

}  // namespace solimob::fares
