// Travel times and fares with a pricer (travel_time_params::pricer_), on networks drawn as ASCII
// maps. Stops sit on the points and 2 km apart, beyond the 1 km walking limit: every trip rides.
#include <gtest/gtest.h>

#include <fstream>

#include "analysis/matrix.h"
#include "analysis/on_demand_legs.h"
#include "core/error.h"
#include "support/allowance_pricer.h"
#include "support/ascii_network.h"

namespace solimob::analysis {
namespace {

struct fare_case {
  explicit fare_case(std::string const& routes, std::string const& trips, std::string const& stop_times)
      : map_{"A-------------------B-------------------C"} {
    auto f = test::base_feed(map_, {{"SA", 'A'}, {"SB", 'B'}, {"SC", 'C'}});
    f["routes.txt"] = "route_id,route_short_name,route_type\n" + routes;
    f["trips.txt"] = "route_id,service_id,trip_id\n" + trips;
    f["stop_times.txt"] = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n" + stop_times;
    net_ = network::assemble(map_.graph(), {test::load_feed(f)}, {});
    p_.day_ = parse_date_time("2026-11-24 08:00")->day_;
    p_.departure_ = 8 * 3600;
    p_.window_min_ = 1;
    p_.profile_.board_slack_s_ = 0;
    p_.threads_ = 1;
  }

  // Fare per route_idx: `express` for route "0:X", else `other`.
  std::vector<std::int32_t> route_fares(std::int32_t express, std::int32_t other) const {
    std::vector<std::int32_t> v;
    for (auto const& id : net_.transit_.route_id_) {
      v.push_back(id == "0:X" ? express : other);
    }
    return v;
  }

  // The CSV row from A to C of a 50th-percentile matrix.
  std::string a_to_c() const {
    std::vector<point> const pts{map_.point('A'), map_.point('C')};
    auto const m = compute_matrix(net_, pts, pts, p_, {50});
    test::temp_dir dir;
    write_matrix_csv(dir.path_ / "m.csv", m, pts, pts);
    std::ifstream in{dir.path_ / "m.csv"};
    std::string line, out;
    while (std::getline(in, line)) {
      if (line.starts_with("A,C,") || line.starts_with("from_id")) {
        out += line + "\n";
      }
    }
    return out;
  }

  test::ascii_network map_;
  network::network net_;
  travel_time_params p_;
};

//   A-------------------B-------------------C
//   X (express, 4.80): SA 08:02 -> SC 08:12, through SB
//   Y (slow, 1.00):    SA 08:05 -> SC 08:30, through SB
fare_case express_and_slow() {
  return fare_case{"X,X,3\nY,Y,3\n", "X,WK,TX\nY,WK,TY\n",
                   "TX,08:02:00,08:02:00,SA,1\nTX,08:07:00,08:07:00,SB,2\nTX,08:12:00,08:12:00,SC,3\n"
                   "TY,08:05:00,08:05:00,SA,1\nTY,08:17:00,08:17:00,SB,2\nTY,08:30:00,08:30:00,SC,3\n"};
}

TEST(fare_matrix, max_fare_finds_the_slower_cheaper_trip) {
  auto c = express_and_slow();
  test::allowance_pricer const pricer{c.route_fares(480, 100), 0, 0};
  c.p_.pricer_ = &pricer;
  // No bound: the express, 12 min from 08:00, 4.80.
  EXPECT_EQ(c.a_to_c(), "from_id,to_id,travel_time_p50,fare_p50\nA,C,12,4.80\n");
  // At most 2.00: the express is too dear; Y arrives 08:30, 30 min, 1.00.
  c.p_.max_fare_cents_ = 200;
  EXPECT_EQ(c.a_to_c(), "from_id,to_id,travel_time_p50,fare_p50\nA,C,30,1.00\n");
  // At most 0.50: no trip; the pair is left out.
  c.p_.max_fare_cents_ = 50;
  EXPECT_EQ(c.a_to_c(), "from_id,to_id,travel_time_p50,fare_p50\n");
}

TEST(fare_matrix, without_pricer_the_columns_and_times_are_unchanged) {
  auto const c = express_and_slow();
  EXPECT_EQ(c.a_to_c(), "from_id,to_id,travel_time_p50\nA,C,12\n");
  auto d = express_and_slow();
  d.p_.max_fare_cents_ = 200;
  EXPECT_THROW(d.a_to_c(), input_error);  // a bound without fare rules is a mistake
}

// L1: SA 08:02 -> SB 08:10; L2: SB 08:20 -> SC 08:28. One fare 4.80 for every route; a second ride
// boarded within the window after a full fare's boarding costs 2.40.
fare_case transfer_at_b() {
  return fare_case{"R1,1,3\nR2,2,3\n", "R1,WK,L1\nR2,WK,L2\n",
                   "L1,08:02:00,08:02:00,SA,1\nL1,08:10:00,08:10:00,SB,2\n"
                   "L2,08:20:00,08:20:00,SB,1\nL2,08:28:00,08:28:00,SC,2\n"};
}

// Without --max-fare (these two tests and max_fare_finds_the_slower_cheaper_trip's first line) the
// fares come from the priced range RAPTOR: the fare of the fastest trip it finds.
TEST(fare_matrix, a_transfer_inside_the_allowance_pays_the_transfer_fare) {
  auto c = transfer_at_b();
  // Window 30 min: L2 boards at 08:20 < 08:02 + 30 min: 4.80 + 2.40 = 7.20, 28 min.
  test::allowance_pricer const pricer{{480}, 240, 30 * 60};
  c.p_.pricer_ = &pricer;
  EXPECT_EQ(c.a_to_c(), "from_id,to_id,travel_time_p50,fare_p50\nA,C,28,7.20\n");
  // At most 7.00: no other trip, so none.
  c.p_.max_fare_cents_ = 700;
  EXPECT_EQ(c.a_to_c(), "from_id,to_id,travel_time_p50,fare_p50\n");
}

TEST(fare_matrix, a_transfer_outside_the_allowance_pays_two_fares) {
  auto c = transfer_at_b();
  // Window 15 min: L2 boards at 08:20, not before 08:02 + 15 min = 08:17: 4.80 + 4.80 = 9.60.
  test::allowance_pricer const pricer{{480}, 240, 15 * 60};
  c.p_.pricer_ = &pricer;
  EXPECT_EQ(c.a_to_c(), "from_id,to_id,travel_time_p50,fare_p50\nA,C,28,9.60\n");
}

TEST(fare_matrix, walking_only_is_free_and_fares_follow_the_percentile_sample) {
  auto c = express_and_slow();
  test::allowance_pricer const pricer{c.route_fares(480, 100), 0, 0};
  c.p_.pricer_ = &pricer;
  c.p_.window_min_ = 4;  // departures 08:00 .. 08:03
  std::vector<point> const pts{c.map_.point('A'), c.map_.point('C')};
  std::vector<std::int32_t> fares_a_to_a, fares_a_to_c;
  std::vector<seconds_t> times_a_to_c;
  travel_time_engine const engine{c.net_, pts, c.p_};
  engine.run({pts.data(), 1}, [&](origin_times const& ot) {
    fares_a_to_a.assign(begin(ot.fares_at(0)), end(ot.fares_at(0)));
    fares_a_to_c.assign(begin(ot.fares_at(1)), end(ot.fares_at(1)));
    times_a_to_c.assign(begin(ot.at(1)), end(ot.at(1)));
  });
  // A to A: walking 0 s, free. A to C: 08:00 and 08:01 catch X (08:02, slack 0 boards a departure
  // strictly after arrival): 12 and 11 min, 4.80; 08:02 and 08:03 miss it and take Y to 08:30.
  EXPECT_EQ(fares_a_to_a, (std::vector<std::int32_t>{0, 0, 0, 0}));
  EXPECT_EQ(times_a_to_c, (std::vector<seconds_t>{720, 660, 1680, 1620}));
  EXPECT_EQ(fares_a_to_c, (std::vector<std::int32_t>{480, 480, 100, 100}));
}

// X (express, 4.80): SA 08:02 -> SB 08:07 -> SC 08:12; Y (1.00): SA 08:03 -> SC 08:12 without
// stopping at SB, so another pattern. Both reach SC at 08:12: a tie of arrivals at the stop goes
// to the label that paid less, so the fastest trip found, 12 min, costs 1.00.
TEST(fare_matrix, without_a_bound_a_tie_of_arrivals_goes_to_the_cheaper_trip) {
  auto c = fare_case{"X,X,3\nY,Y,3\n", "X,WK,TX\nY,WK,TY\n",
                     "TX,08:02:00,08:02:00,SA,1\nTX,08:07:00,08:07:00,SB,2\nTX,08:12:00,08:12:00,SC,3\n"
                     "TY,08:03:00,08:03:00,SA,1\nTY,08:12:00,08:12:00,SC,2\n"};
  test::allowance_pricer const pricer{c.route_fares(480, 100), 0, 0};
  c.p_.pricer_ = &pricer;
  EXPECT_EQ(c.a_to_c(), "from_id,to_id,travel_time_p50,fare_p50\nA,C,12,1.00\n");
}

// As above but Y also stops at SB (08:08): X and Y now share a pattern, and Y does not overtake X.
// RAPTOR boards a pattern's first catchable trip, X (08:02), and never meets Y: the fare of the
// fastest trip found is X's 4.80. The time/fare search of --max-fare boards the first trip of each
// route and keeps the least fare at 12 min: 1.00 (a bound of 9.99 excludes neither).
TEST(fare_matrix, without_a_bound_the_fare_is_the_trip_raptor_found_not_the_least_among_ties) {
  auto c = fare_case{"X,X,3\nY,Y,3\n", "X,WK,TX\nY,WK,TY\n",
                     "TX,08:02:00,08:02:00,SA,1\nTX,08:07:00,08:07:00,SB,2\nTX,08:12:00,08:12:00,SC,3\n"
                     "TY,08:03:00,08:03:00,SA,1\nTY,08:08:00,08:08:00,SB,2\nTY,08:12:00,08:12:00,SC,3\n"};
  test::allowance_pricer const pricer{c.route_fares(480, 100), 0, 0};
  c.p_.pricer_ = &pricer;
  EXPECT_EQ(c.a_to_c(), "from_id,to_id,travel_time_p50,fare_p50\nA,C,12,4.80\n");
  c.p_.max_fare_cents_ = 999;
  EXPECT_EQ(c.a_to_c(), "from_id,to_id,travel_time_p50,fare_p50\nA,C,12,1.00\n");
}

// --modes with fares and no bound: the priced search reports modes as the plain one (A to C rides
// L1 then L2: transit; A to A: walk); with --max-fare it is still refused.
TEST(fare_matrix, modes_combine_with_fares_without_a_bound) {
  auto c = transfer_at_b();
  test::allowance_pricer const pricer{{480}, 240, 30 * 60};
  c.p_.pricer_ = &pricer;
  c.p_.modes_ = true;
  std::vector<point> const pts{c.map_.point('A'), c.map_.point('C')};
  std::vector<std::uint8_t> modes_a_to_a, modes_a_to_c;
  std::vector<std::int32_t> fares_a_to_c;
  travel_time_engine const engine{c.net_, pts, c.p_};
  engine.run({pts.data(), 1}, [&](origin_times const& ot) {
    modes_a_to_a.assign(begin(ot.modes_at(0)), end(ot.modes_at(0)));
    modes_a_to_c.assign(begin(ot.modes_at(1)), end(ot.modes_at(1)));
    fares_a_to_c.assign(begin(ot.fares_at(1)), end(ot.fares_at(1)));
  });
  EXPECT_EQ(modes_a_to_a, (std::vector<std::uint8_t>{trip_mode::kWalk}));
  EXPECT_EQ(modes_a_to_c, (std::vector<std::uint8_t>{trip_mode::kTransit}));
  EXPECT_EQ(fares_a_to_c, (std::vector<std::int32_t>{720}));  // 4.80 + 2.40, as in the test above
  c.p_.max_fare_cents_ = 1000;
  EXPECT_THROW((travel_time_engine{c.net_, pts, c.p_}), input_error);
}

}  // namespace
}  // namespace solimob::analysis
