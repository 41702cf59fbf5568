#include "fares/rider.h"

#include <algorithm>

#include "transit/timetable.h"

namespace solimob::fares {

std::optional<rider> builtin_rider(std::string_view name) {
  using k = rider::kind;
  if (name == "full") {
    return rider{"full", k::kFull, 0, {}};
  }
  if (name == "rsa") {
    return rider{"rsa", k::kFree, 0, {}};
  }
  if (name == "css") {
    return rider{"css", k::kDiscount, 75, {}};
  }
  if (name == "senior" || name == "amethyste") {
    return rider{std::string{name}, k::kPass, 0, {}};
  }
  if (name == "pass") {
    return rider{"pass", k::kPass, 0, {}};
  }
  return std::nullopt;
}

std::vector<std::string> builtin_rider_names() {
  return {"full", "rsa", "css", "senior", "amethyste", "pass"};
}

entitlement::entitlement(rider const& who, transit::timetable const& tt) {
  switch (who.kind_) {
    case rider::kind::kFull:
      break;
    case rider::kind::kFree:
      percent_paid_ = 0;
      break;
    case rider::kind::kDiscount:
      percent_paid_ = 100 - std::clamp(who.discount_percent_, 0, 100);
      break;
    case rider::kind::kPass:
      pass_all_ = who.pass_route_types_.empty();
      pass_route_.resize(tt.route_type_.size());
      for (auto const r : tt.route_type_.keys()) {
        auto const& types = who.pass_route_types_;
        pass_route_[r.v()] = types.empty() || std::find(types.begin(), types.end(), tt.route_type_[r]) != types.end();
      }
      break;
  }
}

std::int32_t entitlement::charge(std::int32_t cents) const {
  if (percent_paid_ == 100) {
    return cents;
  }
  // Half up on the exact product: 75 % off 4.80 is 1.20, off 4.85 is 1.2125 -> 1.21.
  auto const scaled = static_cast<std::int64_t>(cents) * percent_paid_;
  return static_cast<std::int32_t>((scaled + 50) / 100);
}

}  // namespace solimob::fares
