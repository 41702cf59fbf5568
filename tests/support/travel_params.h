#pragma once

#include <string>

#include "analysis/travel_times.h"
#include "core/time.h"
#include "profile/profile.h"

namespace solimob::test {

// One departure minute, Tuesday 2026-11-24 08:00, one thread, built-in profile `name`: the routing
// cases' query.
inline analysis::travel_time_params one_minute_params(std::string const& name) {
  analysis::travel_time_params p;
  auto const dt = parse_date_time("2026-11-24 08:00");
  p.day_ = dt->day_;
  p.departure_ = dt->time_;
  p.window_min_ = 1;
  p.threads_ = 1;
  p.profile_ = profile::find_profile(name);
  return p;
}

}  // namespace solimob::test
