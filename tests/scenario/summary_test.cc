// The one-line descriptions of `solimob scenario check`, from the model (scenario.h) directly.
#include <gtest/gtest.h>

#include "scenario/summary.h"

namespace solimob::scenario {
namespace {

TEST(scenario_summary, names_the_type_and_what_it_touches) {
  add_trips a;
  a.stops_ = {stop_ref{"0:S1", {}, ""}, stop_ref{"", latlng{-30.0, -51.2}, "Nova"}, stop_ref{"0:S3", {}, ""}};
  a.frequencies_.resize(4);
  a.bidirectional_ = true;
  EXPECT_STREQ(type_name(a), "add-trips");
  EXPECT_EQ(describe(a), "3 stops (1 new), 4 periods, both directions");

  remove_trips r;
  r.select_.routes_ = {"0:T1", "0:T2", "0:T3", "0:T4"};
  r.select_.start_s_ = 7 * 3600;
  // Only the first three ids are listed; a window open at the end says so.
  EXPECT_EQ(describe(r), "4 routes (0:T1, 0:T2, 0:T3, ...) leaving from 07:00 to end of day");

  adjust_speed s;
  s.select_.patterns_ = {"0:T9-1"};
  s.scale_ = 1.5;
  s.hops_ = {{"0:A", "0:B"}};
  EXPECT_EQ(describe(s), "1 pattern (0:T9-1), 1 hop, speed x1.5");

  adjust_dwell_time d;
  d.select_.trips_ = {"0:T9-2"};
  d.dwell_s_ = 45;
  EXPECT_EQ(describe(d), "1 trip (0:T9-2), every stop, dwell 45 s");

  reroute rr;
  rr.select_.routes_ = {"0:T9"};
  rr.from_stop_ = "0:A";
  rr.stops_ = {stop_ref{"", latlng{-30.0, -51.0}, ""}};
  EXPECT_EQ(describe(rr), "1 route (0:T9), from 0:A to the end through 1 stop (1 new)");

  remove_on_demand_zone z{"tad"};
  EXPECT_STREQ(type_name(z), "remove-on-demand-zone");
  EXPECT_EQ(describe(z), "service 'tad'");

  add_streets st;
  st.geometry_ = {latlng{-30.0, -51.0}, latlng{-30.0, -51.001}};
  EXPECT_STREQ(type_name(st), "add-streets");
  EXPECT_EQ(describe(st), "a new street of 2 points");
}

}  // namespace
}  // namespace solimob::scenario
