// Fares: r5r's rule-based structure, GTFS Fares v1, entitlements and the covers() relation.
// Every expected fare is derived by hand from the rules in the comment beside it.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/error.h"
#include "fares/fare_model.h"
#include "gtfs/feed.h"
#include "support/ascii_network.h"
#include "support/temp_dir.h"
#include "transit/timetable.h"

namespace solimob::fares {
namespace {

constexpr seconds_t kH = 3600;
constexpr seconds_t kMin = 60;

// r5r's POA rules in small: BUS 4.80 (two discounts would be allowed per transfer row), RAIL 4.50
// with unlimited rail-to-rail transfers, BUS+BUS 7.20, RAIL+BUS and BUS+RAIL 8.37, 60 minutes.
std::map<std::string, std::string> poa_like(std::string const& max_discounted = "1",
                                            std::string const& fare_cap = "Inf") {
  return {{"global_settings.csv", "setting,value\nmax_discounted_transfers," + max_discounted +
                                      "\ntransfer_time_allowance,60\nfare_cap," + fare_cap + "\n"},
          {"fares_per_type.csv",
           "type,unlimited_transfers,allow_same_route_transfer,use_route_fare,fare\n"
           "BUS,FALSE,FALSE,FALSE,4.8\nRAIL,TRUE,FALSE,FALSE,4.5\n"},
          {"fares_per_transfer.csv", "first_leg,second_leg,fare\nBUS,BUS,7.2\nRAIL,BUS,8.37\nBUS,RAIL,8.37\n"},
          {"fares_per_route.csv",
           "agency_id,agency_name,route_id,route_short_name,route_long_name,mode,route_fare,fare_type\n"
           "E,EPTC,B1,B1,,BUS,4.8,BUS\nE,EPTC,B2,B2,,BUS,4.8,BUS\nE,EPTC,B3,B3,,BUS,4.8,BUS\n"
           "T,TRENSURB,R1,R1,,RAIL,4.8,RAIL\nT,TRENSURB,R2,R2,,RAIL,4.8,RAIL\n"}};
}

r5r_fares read_structure(std::map<std::string, std::string> const& files) {
  test::temp_dir dir;
  for (auto const& [name, content] : files) {
    std::ofstream{dir.path_ / name} << content;
  }
  return read_r5r_fares(dir.path_);
}

// Routes 0:B1 0:B2 0:B3 (bus, feed 0) and 1:R1 1:R2 (rail, feed 1): r5r's pricer needs no trips.
transit::timetable five_routes() {
  transit::timetable tt;
  for (auto const& [id, type] :
       std::vector<std::pair<std::string, int>>{{"0:B1", 3}, {"0:B2", 3}, {"0:B3", 3}, {"1:R1", 2}, {"1:R2", 2}}) {
    tt.route_id_.push_back(id);
    tt.route_name_.push_back(id);
    tt.route_type_.push_back(type);
  }
  return tt;
}

constexpr route_idx kB1{0}, kB2{1}, kB3{2}, kR1{3}, kR2{4};

ride on(route_idx r, seconds_t board) {
  return ride{trip_idx{0}, r, stop_idx{0}, stop_idx{1}, board, board + 10 * kMin};
}

std::int32_t fare_of(pricer const& p, std::vector<ride> const& rides) {
  return journey_fare(p, rides);
}

struct r5r_rules : ::testing::Test {
  transit::timetable tt_ = five_routes();
  fare_model model_{read_structure(poa_like()), {}};
  std::unique_ptr<pricer> full_ = make_pricer(model_, *builtin_rider("full"), tt_);
};

TEST_F(r5r_rules, reads_the_structure) {
  auto const& f = *model_.r5r_;
  EXPECT_EQ(f.max_discounted_transfers_, 1);
  EXPECT_EQ(f.transfer_time_allowance_min_, 60);
  EXPECT_EQ(f.fare_cap_cents_, -1);  // Inf: no cap
  ASSERT_EQ(f.types_.size(), 2U);
  EXPECT_EQ(f.types_[1].fare_cents_, 450);
  EXPECT_TRUE(f.types_[1].unlimited_transfers_);
  EXPECT_EQ(f.transfers_[1].fare_cents_, 837);  // 8.37 * 100 as Java's Math.round on a float
  EXPECT_TRUE(unmatched_routes(f, tt_).empty());
}

TEST_F(r5r_rules, one_bus_pays_the_bus_fare) {
  EXPECT_EQ(fare_of(*full_, {on(kB1, 8 * kH)}), 480);  // fares_per_type BUS 4.8
}

TEST_F(r5r_rules, bus_bus_inside_the_allowance_pays_the_transfer_fare) {
  // 4.80 for the first bus, then BUS,BUS 7.20 less the first leg's 4.80 = 2.40: 7.20.
  EXPECT_EQ(fare_of(*full_, {on(kB1, 8 * kH), on(kB2, 8 * kH + 40 * kMin)}), 720);
  // r5r refuses only when board - previous board > 60 min: exactly 60 min is inside.
  EXPECT_EQ(fare_of(*full_, {on(kB1, 8 * kH), on(kB2, 9 * kH)}), 720);
}

TEST_F(r5r_rules, bus_bus_after_the_allowance_pays_twice) {
  EXPECT_EQ(fare_of(*full_, {on(kB1, 8 * kH), on(kB2, 9 * kH + 1)}), 960);  // 4.80 + 4.80
}

TEST_F(r5r_rules, rail_then_bus_pays_the_rail_bus_fare) {
  // RAIL's own fare 4.50 (use_route_fare FALSE: the route's 4.8 is not used), then RAIL,BUS 8.37 less
  // 4.50 = 3.87: 8.37. The other way round, 4.80 + (8.37 - 4.80) = 8.37 too.
  EXPECT_EQ(fare_of(*full_, {on(kR1, 8 * kH), on(kB1, 8 * kH + 30 * kMin)}), 837);
  EXPECT_EQ(fare_of(*full_, {on(kB1, 8 * kH), on(kR1, 8 * kH + 30 * kMin)}), 837);
}

TEST_F(r5r_rules, rail_to_rail_is_free_and_keeps_the_first_boarding) {
  // RAIL has unlimited_transfers: R1 then R2 is 4.50. The free ride leaves r5r's previousBoardTime at
  // the R1 boarding (8:00), so a bus at 9:10 is 70 min after it: full 4.80, 9.30 in all; at 8:50 it
  // is inside: 8.37.
  EXPECT_EQ(fare_of(*full_, {on(kR1, 8 * kH), on(kR2, 8 * kH + 30 * kMin)}), 450);
  EXPECT_EQ(fare_of(*full_, {on(kR1, 8 * kH), on(kR2, 8 * kH + 30 * kMin), on(kB1, 9 * kH + 10 * kMin)}), 930);
  EXPECT_EQ(fare_of(*full_, {on(kR1, 8 * kH), on(kR2, 8 * kH + 30 * kMin), on(kB1, 8 * kH + 50 * kMin)}), 837);
}

TEST_F(r5r_rules, same_route_transfer_is_not_discounted) {
  // BUS has allow_same_route_transfer FALSE: B1 then B1 pays 4.80 twice.
  EXPECT_EQ(fare_of(*full_, {on(kB1, 8 * kH), on(kB1, 8 * kH + 20 * kMin)}), 960);
}

TEST_F(r5r_rules, only_max_discounted_transfers_are_discounted) {
  // max_discounted_transfers 1: 4.80 + 2.40, then the third bus pays its full 4.80: 12.00.
  EXPECT_EQ(fare_of(*full_, {on(kB1, 8 * kH), on(kB2, 8 * kH + 20 * kMin), on(kB3, 8 * kH + 40 * kMin)}), 1200);
}

TEST(r5r_fares, the_allowance_counts_from_the_previous_boarding) {
  // With two discounts: B1 8:00, B2 8:50 (50 min after B1: 2.40), B3 9:40 (50 min after B2, 100
  // after B1: 2.40 since r5r counts from the previous priced boarding): 4.80 + 2.40 + 2.40 = 9.60.
  auto const tt = five_routes();
  auto const p = make_pricer(fare_model{read_structure(poa_like("2")), {}}, *builtin_rider("full"), tt);
  EXPECT_EQ(fare_of(*p, {on(kB1, 8 * kH), on(kB2, 8 * kH + 50 * kMin), on(kB3, 9 * kH + 40 * kMin)}), 960);
}

TEST(r5r_fares, the_fare_cap_bounds_the_total) {
  // fare_cap 6.00: two full buses (9.60) cost 6.00; one bus 4.80 stays.
  auto const tt = five_routes();
  auto const p = make_pricer(fare_model{read_structure(poa_like("1", "6")), {}}, *builtin_rider("full"), tt);
  EXPECT_EQ(fare_of(*p, {on(kB1, 8 * kH), on(kB2, 10 * kH)}), 600);
  EXPECT_EQ(fare_of(*p, {on(kB1, 8 * kH)}), 480);
}

TEST(r5r_fares, bad_files_name_file_line_and_field) {
  auto files = poa_like();
  files["fares_per_type.csv"] =
      "type,unlimited_transfers,allow_same_route_transfer,use_route_fare,fare\nBUS,MAYBE,FALSE,FALSE,4.8\n";
  try {
    read_structure(files);
    FAIL() << "accepted a bad boolean";
  } catch (input_error const& e) {
    std::string const what = e.what();
    EXPECT_NE(what.find("fares_per_type.csv"), std::string::npos) << what;
    EXPECT_NE(what.find("unlimited_transfers"), std::string::npos) << what;
    EXPECT_NE(what.find('2'), std::string::npos) << what;  // line 2
  }
  files = poa_like();
  files["fares_per_route.csv"] += "E,EPTC,B4,B4,,BUS,4.8,FERRY\n";
  EXPECT_THROW(read_structure(files), input_error);  // FERRY is not a fare type
}

TEST(r5r_fares, a_route_without_a_row_is_reported_and_refused) {
  auto tt = five_routes();
  tt.route_id_.push_back("0:X9");
  tt.route_name_.push_back("X9");
  tt.route_type_.push_back(3);
  auto const f = read_structure(poa_like());
  auto const missing = unmatched_routes(f, tt);
  ASSERT_EQ(missing.size(), 1U);
  EXPECT_EQ(tt.route_id_[missing[0]], "0:X9");
  EXPECT_THROW(make_pricer(fare_model{f, {}}, *builtin_rider("full"), tt), input_error);
}

TEST_F(r5r_rules, entitlements) {
  std::vector<ride> const bus_bus{on(kB1, 8 * kH), on(kB2, 8 * kH + 40 * kMin)};
  std::vector<ride> const rail_bus{on(kR1, 8 * kH), on(kB1, 8 * kH + 30 * kMin)};
  // rsa: free.
  EXPECT_EQ(fare_of(*make_pricer(model_, *builtin_rider("rsa"), tt_), bus_bus), 0);
  // css: -75 % on each ticket: 4.80 / 4 = 1.20, then 2.40 / 4 = 0.60: 1.80.
  auto const css = make_pricer(model_, *builtin_rider("css"), tt_);
  EXPECT_EQ(fare_of(*css, bus_bus), 180);
  EXPECT_EQ(fare_of(*css, {on(kB1, 8 * kH)}), 120);
  // A pass on everything: 0; a pass on buses only (route_type 3): the rail pays its 4.50 and the bus
  // rides on the pass.
  EXPECT_EQ(fare_of(*make_pricer(model_, *builtin_rider("pass"), tt_), rail_bus), 0);
  rider bus_pass{"bus_pass", rider::kind::kPass, 0, {3}};
  EXPECT_EQ(fare_of(*make_pricer(model_, bus_pass, tt_), rail_bus), 450);
  EXPECT_FALSE(builtin_rider("nobody"));
}

// covers(a, b) checked against its meaning: for every continuation of up to two rides, the fare from
// `a` is at most the fare from `b`. States are the ends of every sequence of up to two rides.
void check_covers_on(pricer const& p, std::vector<ride> const& menu) {
  std::vector<fare_state> states{fare_state{}};
  std::vector<std::vector<ride>> continuations{{}};
  for (auto const& x : menu) {
    continuations.push_back({x});
    for (auto const& y : menu) {
      if (y.board_time_ >= x.board_time_) {
        continuations.push_back({x, y});
      }
    }
  }
  for (auto const& c : continuations) {
    fare_state s;
    for (auto const& r : c) {
      s = p.after(s, r);
    }
    states.push_back(s);
  }
  auto const cost = [&](fare_state s, std::vector<ride> const& c) {
    for (auto const& r : c) {
      s = p.after(s, r);
    }
    return s.paid_cents_;
  };
  std::size_t covered_pairs = 0;
  for (auto const& a : states) {
    EXPECT_TRUE(p.covers(a, a));
    for (auto const& b : states) {
      if (!p.covers(a, b)) {
        continue;
      }
      ++covered_pairs;
      EXPECT_LE(a.paid_cents_, b.paid_cents_);
      for (auto const& c : continuations) {
        // Every continuation, earlier boardings too: covers() may not lean on the order of times.
        EXPECT_LE(cost(a, c), cost(b, c));
      }
    }
  }
  EXPECT_GT(covered_pairs, states.size());  // more than the reflexive pairs
}

// covers() is r5r's own dominance (R5RTransferAllowance.atLeastAsGoodForAllFutureRedemptions): same
// fare type of the last ride, paid no more, allowance value, expiry and discounts left no smaller.
TEST_F(r5r_rules, covers_is_r5r_dominance) {
  auto const b1_at8 = full_->after({}, on(kB1, 8 * kH));                   // paid 480, 1 discount until 9:00
  auto const b2_at8 = full_->after({}, on(kB2, 8 * kH));                   // the same on another bus route
  auto const b1_at830 = full_->after({}, on(kB1, 8 * kH + 30 * kMin));     // until 9:30
  auto const r1_at8 = full_->after({}, on(kR1, 8 * kH));                   // RAIL: another fare type
  auto const bus_bus = full_->after(b1_at8, on(kB2, 8 * kH + 10 * kMin));  // 720, no discount left
  auto dearer = b1_at8;
  dearer.paid_cents_ += 1;
  EXPECT_TRUE(full_->covers(b1_at8, b1_at8));
  EXPECT_TRUE(full_->covers(b1_at8, dearer));
  EXPECT_FALSE(full_->covers(dearer, b1_at8));
  EXPECT_TRUE(full_->covers(b1_at830, b1_at8));   // later expiry
  EXPECT_FALSE(full_->covers(b1_at8, b1_at830));  // earlier expiry
  EXPECT_TRUE(full_->covers(b2_at8, b1_at8));     // the last route is not compared, as in r5r
  EXPECT_FALSE(full_->covers(r1_at8, b1_at8));    // the fare type is
  EXPECT_FALSE(full_->covers(b1_at8, r1_at8));
  // No discount left: 720 + any continuation; a bus state that paid no more covers it, whatever its
  // expiry, and it covers nothing with a discount left.
  EXPECT_TRUE(full_->covers(b1_at8, bus_bus));
  EXPECT_FALSE(full_->covers(bus_bus, b1_at8));
  // Where r5r's dominance is not exact (README, Fares): b2_at8 covers b1_at8, yet a next ride on B2 at
  // 8:20 costs 960 from b2_at8 (same route: no discount, 480 + 480) and 720 from b1_at8 (7.20).
  EXPECT_EQ(full_->after(b2_at8, on(kB2, 8 * kH + 20 * kMin)).paid_cents_, 960);
  EXPECT_EQ(full_->after(b1_at8, on(kB2, 8 * kH + 20 * kMin)).paid_cents_, 720);
  // A free entitlement keeps the empty state: one label per stop in the search.
  auto const rsa = make_pricer(model_, *builtin_rider("rsa"), tt_);
  EXPECT_EQ(rsa->after({}, on(kB1, 8 * kH)), fare_state{});
}

// next_ride_min_cents is a lower bound of every next ride, and exact where derived by hand: 450 from the
// empty state (the cheapest full fare, the rail's 4.50), 240 after a bus
// with a discount left (7.20 - 4.80), 0 after a rail ride (rail to rail is free), 450 once the discount
// is spent. Rides price at boarding (the alighting stop and time change nothing).
TEST_F(r5r_rules, next_ride_lower_bound) {
  EXPECT_TRUE(full_->priced_at_boarding());
  auto const bus = full_->after({}, on(kB1, 8 * kH));
  auto const rail = full_->after({}, on(kR1, 8 * kH));
  auto const spent = full_->after(bus, on(kB2, 8 * kH + 10 * kMin));
  EXPECT_EQ(full_->next_ride_min_cents({}), 450);
  EXPECT_EQ(full_->next_ride_min_cents(bus), 240);
  EXPECT_EQ(full_->next_ride_min_cents(rail), 0);
  EXPECT_EQ(full_->next_ride_min_cents(spent), 450);
  for (auto const& s : {fare_state{}, bus, rail, spent}) {
    for (auto const r : {kB1, kB2, kR1}) {
      for (auto const t : {8 * kH + 5 * kMin, 10 * kH}) {
        EXPECT_GE(full_->after(s, on(r, t)).paid_cents_ - s.paid_cents_, full_->next_ride_min_cents(s));
      }
    }
  }
}

// tighten(s, horizon) caps the expiry at the search's horizon, as r5r's tightenExpiration: every ride
// boarded by the horizon costs the same from both states, and two states that differ only beyond the
// horizon become equal (one label instead of two).
TEST_F(r5r_rules, tighten_caps_the_expiry_at_the_horizon) {
  auto const at8 = full_->after({}, on(kB1, 8 * kH));                // expiry 9:00
  auto const at810 = full_->after({}, on(kB1, 8 * kH + 10 * kMin));  // expiry 9:10
  auto const horizon = 8 * kH + 40 * kMin;
  auto const t8 = full_->tighten(at8, horizon), t810 = full_->tighten(at810, horizon);
  EXPECT_EQ(t8.allowance_until_, horizon);
  EXPECT_EQ(t8, t810);
  for (auto const t : {8 * kH + 20 * kMin, horizon}) {
    EXPECT_EQ(full_->after(t8, on(kB2, t)).paid_cents_, full_->after(at8, on(kB2, t)).paid_cents_);  // 720
  }
  EXPECT_EQ(full_->after(t8, on(kB2, horizon)).paid_cents_, 720);
}

// GTFS Fares v1 on a line A - B - C, zones Z1 (A, B) and Z2 (C): routes R1 (A-B-C) and R2 (C-B-A).
test::feed_files v1_feed(std::string const& attributes, std::string const& rules) {
  test::ascii_network const map{"A---B---C"};
  auto f = test::base_feed(map, {{"SA", 'A'}, {"SB", 'B'}, {"SC", 'C'}});
  f["stops.txt"] =
      "stop_id,stop_name,stop_lat,stop_lon,zone_id\n"
      "SA,A," +
      std::to_string(map.pos('A').lat_) + "," + std::to_string(map.pos('A').lng_) +
      ",Z1\n"
      "SB,B," +
      std::to_string(map.pos('B').lat_) + "," + std::to_string(map.pos('B').lng_) +
      ",Z1\n"
      "SC,C," +
      std::to_string(map.pos('C').lat_) + "," + std::to_string(map.pos('C').lng_) + ",Z2\n";
  f["routes.txt"] = "route_id,route_short_name,route_type\nR1,1,3\nR2,2,3\n";
  f["trips.txt"] = "route_id,service_id,trip_id\nR1,WK,T1\nR2,WK,T2\n";
  f["stop_times.txt"] =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
      "T1,08:00:00,08:00:00,SA,1\nT1,08:05:00,08:05:00,SB,2\nT1,08:10:00,08:10:00,SC,3\n"
      "T2,08:00:00,08:00:00,SC,1\nT2,08:05:00,08:05:00,SB,2\nT2,08:10:00,08:10:00,SA,3\n";
  f["fare_attributes.txt"] = attributes;
  f["fare_rules.txt"] = rules;
  return f;
}

struct v1_setup {
  explicit v1_setup(test::feed_files const& files) {
    auto const feed = test::load_feed(files);
    tt_.add_feed(feed, "0:");
    for (auto t : feed.fare_tables_) {
      t.feed_ = 0;
      model_.feed_tables_.push_back(std::move(t));
    }
  }
  stop_idx stop(std::string const& id) const {
    return stop_idx{static_cast<std::uint32_t>(std::find(tt_.stop_id_.begin(), tt_.stop_id_.end(), "0:" + id) -
                                               tt_.stop_id_.begin())};
  }
  ride on(std::string const& route, std::string const& from, std::string const& to, seconds_t board) const {
    auto const r = route_idx{static_cast<std::uint32_t>(
        std::find(tt_.route_id_.begin(), tt_.route_id_.end(), "0:" + route) - tt_.route_id_.begin())};
    auto const t = trip_idx{static_cast<std::uint32_t>(std::find(tt_.trip_route_.begin(), tt_.trip_route_.end(), r) -
                                                       tt_.trip_route_.begin())};
    return ride{t, r, stop(from), stop(to), board, board + 5 * kMin};
  }
  transit::timetable tt_;
  fare_model model_;
};

std::string const kAttributes = "fare_id,price,currency_type,payment_method,transfers,transfer_duration\n";

TEST(gtfs_v1, a_fare_with_one_transfer_inside_its_duration) {
  // F: 2.00, one transfer within 3600 s, on both routes.
  v1_setup const s{v1_feed(kAttributes + "F,2.00,EUR,0,1,3600\n", "fare_id,route_id\nF,R1\nF,R2\n")};
  auto const p = make_pricer(s.model_, *builtin_rider("full"), s.tt_);
  EXPECT_EQ(fare_of(*p, {s.on("R1", "SA", "SB", 8 * kH)}), 200);
  // R1 then R2 at 8:30: 30 min after the ticket's boarding, one transfer allowed: 2.00.
  EXPECT_EQ(fare_of(*p, {s.on("R1", "SA", "SB", 8 * kH), s.on("R2", "SB", "SA", 8 * kH + 30 * kMin)}), 200);
  // At 9:00:01, 3601 s after: a new ticket, 4.00.
  EXPECT_EQ(fare_of(*p, {s.on("R1", "SA", "SB", 8 * kH), s.on("R2", "SB", "SA", 9 * kH + 1)}), 400);
  // A third ride inside the hour: the one transfer is spent, a new ticket: 4.00.
  EXPECT_EQ(fare_of(*p, {s.on("R1", "SA", "SB", 8 * kH), s.on("R2", "SB", "SA", 8 * kH + 10 * kMin),
                         s.on("R1", "SA", "SB", 8 * kH + 20 * kMin)}),
            400);
  // css pays a quarter of each ticket: 0.50.
  EXPECT_EQ(fare_of(*make_pricer(s.model_, *builtin_rider("css"), s.tt_), {s.on("R1", "SA", "SB", 8 * kH)}), 50);
}

TEST(gtfs_v1, no_transfers_pays_each_ride) {
  // transfers 0: every ride buys its ticket, 2.00 + 2.00.
  v1_setup const s{v1_feed(kAttributes + "F,2.00,EUR,0,0,\n", "fare_id,route_id\nF,R1\nF,R2\n")};
  auto const p = make_pricer(s.model_, *builtin_rider("full"), s.tt_);
  EXPECT_EQ(fare_of(*p, {s.on("R1", "SA", "SB", 8 * kH), s.on("R2", "SB", "SA", 8 * kH + 10 * kMin)}), 400);
}

TEST(gtfs_v1, zones_choose_the_fare) {
  // LOCAL 1.50 inside Z1, ZONE2 3.00 from Z1 to Z2; ALL 5.00 for any ride containing Z1 and Z2.
  v1_setup const s{v1_feed(kAttributes + "LOCAL,1.50,EUR,0,0,\nZONE2,3.00,EUR,0,0,\n",
                           "fare_id,origin_id,destination_id\nLOCAL,Z1,Z1\nZONE2,Z1,Z2\n")};
  auto const p = make_pricer(s.model_, *builtin_rider("full"), s.tt_);
  EXPECT_EQ(fare_of(*p, {s.on("R1", "SA", "SB", 8 * kH)}), 150);
  EXPECT_EQ(fare_of(*p, {s.on("R1", "SA", "SC", 8 * kH)}), 300);
  // C to A starts in Z2: no rule matches, the ride has no known fare and costs nothing.
  EXPECT_EQ(fare_of(*p, {s.on("R2", "SC", "SA", 8 * kH)}), 0);

  // contains_id: the ride from B to C passes zones {Z1, Z2}, equal to WIDE's contains set: 5.00; the
  // ride from A to B passes {Z1} only: no fare.
  v1_setup const c{v1_feed(kAttributes + "WIDE,5.00,EUR,0,0,\n", "fare_id,contains_id\nWIDE,Z1\nWIDE,Z2\n")};
  auto const q = make_pricer(c.model_, *builtin_rider("full"), c.tt_);
  EXPECT_EQ(fare_of(*q, {c.on("R1", "SB", "SC", 8 * kH)}), 500);
  EXPECT_EQ(fare_of(*q, {c.on("R1", "SA", "SB", 8 * kH)}), 0);
}

TEST(gtfs_v1, covers_is_sound_and_bad_rows_are_named) {
  v1_setup const s{
      v1_feed(kAttributes + "F,2.00,EUR,0,1,1800\nG,2.50,EUR,0,,\n", "fare_id,route_id\nF,R1\nG,R1\nG,R2\n")};
  auto const p = make_pricer(s.model_, *builtin_rider("full"), s.tt_);
  std::vector<ride> menu;
  for (auto const t : {8 * kH, 8 * kH + 20 * kMin, 8 * kH + 40 * kMin}) {
    menu.push_back(s.on("R1", "SA", "SC", t));
    menu.push_back(s.on("R2", "SC", "SA", t));
  }
  check_covers_on(*p, menu);

  v1_setup const bad{v1_feed(kAttributes + "F,two,EUR,0,1,\n", "fare_id,route_id\nF,R1\n")};
  try {
    make_pricer(bad.model_, *builtin_rider("full"), bad.tt_);
    FAIL() << "accepted a bad price";
  } catch (input_error const& e) {
    std::string const what = e.what();
    EXPECT_NE(what.find("fare_attributes.txt"), std::string::npos) << what;
    EXPECT_NE(what.find("price"), std::string::npos) << what;
  }
}

// GTFS Fares v2 on the same line: R1 and R2 in network N1; area AC holds stop SC.
test::feed_files v2_feed(std::string const& transfer_rules, std::string const& extra_leg_rules = "") {
  auto f = v1_feed("", "");
  f.erase("fare_attributes.txt");
  f.erase("fare_rules.txt");
  f["networks.txt"] = "network_id,network_name\nN1,City\n";
  f["route_networks.txt"] = "network_id,route_id\nN1,R1\nN1,R2\n";
  f["areas.txt"] = "area_id,area_name\nAC,C\n";
  f["stop_areas.txt"] = "area_id,stop_id\nAC,SC\n";
  f["rider_categories.txt"] =
      "rider_category_id,rider_category_name,is_default_fare_category\nADULT,Adult,1\ncss,Solidarity,0\n";
  f["fare_products.txt"] =
      "fare_product_id,fare_product_name,rider_category_id,amount,currency\n"
      "SINGLE,Single,ADULT,2.00,EUR\nSINGLE,Single,css,0.80,EUR\nTRANSFER,Transfer,,0.50,EUR\n"
      "AB,Through,,3.00,EUR\nZONE,To C,,3.00,EUR\nCHEAP,To C,,1.00,EUR\nDAY,Day,ADULT,5.00,EUR\n";
  f["fare_leg_rules.txt"] =
      "leg_group_id,network_id,from_area_id,to_area_id,fare_product_id,rule_priority\n"
      "G1,N1,,,SINGLE,\n" +
      extra_leg_rules;
  f["fare_transfer_rules.txt"] = transfer_rules;
  return f;
}

std::string const kTransferHeader =
    "from_leg_group_id,to_leg_group_id,transfer_count,duration_limit,duration_limit_type,fare_transfer_type,"
    "fare_product_id\n";

TEST(gtfs_v2, a_transfer_inside_and_outside_its_duration_limit) {
  // G1 -> G1 within 3600 s between departures (duration_limit_type 1), once (transfer_count 1),
  // fare_transfer_type 0 (A + AB): SINGLE 2.00 then TRANSFER 0.50.
  v1_setup const s{v2_feed(kTransferHeader + "G1,G1,1,3600,1,0,TRANSFER\n")};
  auto const p = make_pricer(s.model_, *builtin_rider("full"), s.tt_);  // ADULT, the default category
  EXPECT_EQ(fare_of(*p, {s.on("R1", "SA", "SB", 8 * kH)}), 200);
  EXPECT_EQ(fare_of(*p, {s.on("R1", "SA", "SB", 8 * kH), s.on("R2", "SB", "SA", 8 * kH + 30 * kMin)}), 250);
  // 3601 s after the first departure: outside, a new SINGLE: 4.00.
  EXPECT_EQ(fare_of(*p, {s.on("R1", "SA", "SB", 8 * kH), s.on("R2", "SB", "SA", 9 * kH + 1)}), 400);
  // A second transfer in the chain exceeds transfer_count 1: 2.00 + 0.50 + 2.00.
  EXPECT_EQ(fare_of(*p, {s.on("R1", "SA", "SB", 8 * kH), s.on("R2", "SB", "SA", 8 * kH + 10 * kMin),
                         s.on("R1", "SA", "SB", 8 * kH + 20 * kMin)}),
            450);
  // fare_transfer_type 2 (AB): the through product 3.00 replaces both legs' 2.00 + 2.00.
  v1_setup const ab{v2_feed(kTransferHeader + "G1,G1,,3600,1,2,AB\n")};
  EXPECT_EQ(fare_of(*make_pricer(ab.model_, *builtin_rider("full"), ab.tt_),
                    {ab.on("R1", "SA", "SB", 8 * kH), ab.on("R2", "SB", "SA", 8 * kH + 30 * kMin)}),
            300);
}

TEST(gtfs_v2, areas_and_rule_priority_choose_the_leg_rule) {
  // To C: G2 (ZONE 3.00, priority 1) and G3 (CHEAP 1.00, priority 0) both name area AC and win over
  // G1, which leaves to_area_id empty; the higher priority keeps G2 only: 3.00. To B no rule names an
  // area: G1, 2.00.
  v1_setup const s{v2_feed(kTransferHeader, "G2,N1,,AC,ZONE,1\nG3,N1,,AC,CHEAP,0\n")};
  auto const p = make_pricer(s.model_, *builtin_rider("full"), s.tt_);
  EXPECT_EQ(fare_of(*p, {s.on("R1", "SA", "SC", 8 * kH)}), 300);
  EXPECT_EQ(fare_of(*p, {s.on("R1", "SA", "SB", 8 * kH)}), 200);
}

TEST(gtfs_v2, the_feeds_rider_category_replaces_the_builtin_entitlement) {
  v1_setup const s{v2_feed(kTransferHeader)};
  // css is a category of the feed: its SINGLE costs 0.80 (not 2.00 less 75 % = 0.50).
  EXPECT_EQ(fare_of(*make_pricer(s.model_, *builtin_rider("css"), s.tt_), {s.on("R1", "SA", "SB", 8 * kH)}), 80);
  // rsa is not: the default ADULT price, made free by the entitlement.
  EXPECT_EQ(fare_of(*make_pricer(s.model_, *builtin_rider("rsa"), s.tt_), {s.on("R1", "SA", "SB", 8 * kH)}), 0);
  // A product without a css row: the default category's price (DAY, ADULT 5.00), or the row without a
  // category (ZONE 3.00), both unreduced since css has the feed's own prices.
  v1_setup const day{v2_feed(kTransferHeader, "G4,N1,,AC,DAY,0\n")};
  EXPECT_EQ(fare_of(*make_pricer(day.model_, *builtin_rider("css"), day.tt_), {day.on("R1", "SA", "SC", 8 * kH)}), 500);
  v1_setup const zone{v2_feed(kTransferHeader, "G2,N1,,AC,ZONE,0\n")};
  EXPECT_EQ(fare_of(*make_pricer(zone.model_, *builtin_rider("css"), zone.tt_), {zone.on("R1", "SA", "SC", 8 * kH)}),
            300);
}

TEST(gtfs_v2, timeframes_are_refused_by_name) {
  auto f = v2_feed(kTransferHeader);
  f["fare_leg_rules.txt"] = "leg_group_id,network_id,from_timeframe_group_id,fare_product_id\nG1,N1,PEAK,SINGLE\n";
  v1_setup const s{f};
  try {
    make_pricer(s.model_, *builtin_rider("full"), s.tt_);
    FAIL() << "accepted a timeframe";
  } catch (input_error const& e) {
    std::string const what = e.what();
    EXPECT_NE(what.find("fare_leg_rules.txt"), std::string::npos) << what;
    EXPECT_NE(what.find("from_timeframe_group_id"), std::string::npos) << what;
  }
}

TEST(gtfs_v2, covers_is_sound) {
  v1_setup const s{v2_feed(kTransferHeader + "G1,G1,1,1800,1,0,TRANSFER\n", "G2,N1,,AC,ZONE,1\n")};
  std::vector<ride> menu;
  for (auto const t : {8 * kH, 8 * kH + 20 * kMin, 8 * kH + 40 * kMin}) {
    menu.push_back(s.on("R1", "SA", "SC", t));
    menu.push_back(s.on("R2", "SC", "SA", t));
  }
  check_covers_on(*make_pricer(s.model_, *builtin_rider("full"), s.tt_), menu);
}

}  // namespace
}  // namespace solimob::fares
