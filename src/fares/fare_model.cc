#include "fares/fare_model.h"

#include <algorithm>

#include "fares/gtfs_fares.h"

namespace solimob::fares {

namespace {

// No fare files: every ride is free, and all states are equal.
class free_pricer final : public pricer {
 public:
  fare_state after(fare_state const& s, ride const&) const override { return s; }
  bool covers(fare_state const& a, fare_state const& b) const override { return a.paid_cents_ <= b.paid_cents_; }
};

bool has(std::span<gtfs::fare_table const> tables, std::string_view file) {
  return std::any_of(tables.begin(), tables.end(), [&](auto const& t) { return t.file_ == file; });
}

}  // namespace

std::unique_ptr<pricer> make_pricer(fare_model const& model, rider const& who, transit::timetable const& tt) {
  if (model.r5r_) {
    return make_r5r_pricer(*model.r5r_, who, tt);
  }
  auto const& tables = model.feed_tables_;
  // A feed may carry both versions; v2 supersedes v1 (the spec's advice to consumers).
  if (has(tables, "fare_leg_rules.txt")) {
    return make_gtfs_v2_pricer(tables, who, tt);
  }
  if (has(tables, "fare_attributes.txt")) {
    return make_gtfs_v1_pricer(tables, who, tt);
  }
  return std::make_unique<free_pricer>();
}

std::int32_t journey_fare(pricer const& p, std::span<ride const> rides) {
  fare_state s;
  for (auto const& r : rides) {
    s = p.after(s, r);
  }
  return s.paid_cents_;
}

}  // namespace solimob::fares
