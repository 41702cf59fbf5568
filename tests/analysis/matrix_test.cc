#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <numeric>

#include "analysis/matrix.h"
#include "core/error.h"
#include "support/ascii_network.h"

namespace solimob::analysis {
namespace {

TEST(matrix, percentiles_are_nearest_rank_in_whole_minutes) {
  std::vector<seconds_t> t{600, 119, 60, 59, kUnreachable};  // 10:00, 1:59, 1:00, 0:59, never
  std::vector<int> const p{1, 40, 50, 80, 81, 100};
  std::vector<seconds_t> out(p.size());
  percentile_times(t, p, out);
  // Ranks 1, 2, 3, 4, 5, 5 of the sorted times.
  EXPECT_EQ(out, (std::vector<seconds_t>{59, 60, 119, 600, kUnreachable, kUnreachable}));
  EXPECT_EQ(to_minutes(59), 0);
  EXPECT_EQ(to_minutes(119), 1);
  EXPECT_EQ(to_minutes(3599), 59);
  EXPECT_EQ(to_minutes(kUnreachable), kUnreachedMinutes);
}

TEST(points, bad_csv_names_file_line_and_field) {
  test::temp_dir dir;
  auto const write = [&](std::string const& content) {
    std::ofstream{dir.path_ / "p.csv"} << content;
    return dir.path_ / "p.csv";
  };
  EXPECT_EQ(read_points(write("id,lon,lat,pop\na,2.4,48.9,3\n")).size(), 1U);
  auto const message = [&](std::string const& content) {
    try {
      read_points(write(content));
    } catch (input_error const& e) {
      return std::string{e.what()};
    }
    return std::string{"no error"};
  };
  EXPECT_NE(message("id,lon\na,2.4\n").find("field 'lat': required column is missing"), std::string::npos);
  EXPECT_NE(message("id,lon,lat\na,2.4,x\n").find("p.csv:2 field 'lat': not a number"), std::string::npos);
  EXPECT_NE(message("id,lon,lat\na,2.4,48.9\na,2.5,48.9\n").find("p.csv:3 field 'id': duplicate id 'a'"),
            std::string::npos);
  EXPECT_NE(message("id,lon,lat\na,652000,6862000\n").find("p.csv:2 field 'lat': coordinate out of WGS84 range"),
            std::string::npos);
  EXPECT_NE(message("id,lon,lat\n").find("no points"), std::string::npos);
}

TEST(matrix, csv_output_omits_unreachable_pairs_and_leaves_empty_cells) {
  test::ascii_network const map{"A---B   C"};
  auto f = test::base_feed(map, {{"SA", 'A'}});
  f["routes.txt"] = "route_id,route_short_name,route_type\nR,1,3\n";
  f["trips.txt"] = "route_id,service_id,trip_id\nR,WK,T1\n";
  f["stop_times.txt"] =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,SA,1\n"
      "T1,08:05:00,08:05:00,SA,2\n";
  auto const net = network::assemble(map.graph(), {test::load_feed(f)}, {});
  std::vector<point> const pts{map.point('A'), map.point('B'), {"far", {48.0, 2.0}}};
  travel_time_params p;
  p.day_ = parse_date_time("2026-11-24 08:00")->day_;
  p.departure_ = 8 * 3600;
  p.window_min_ = 10;
  p.max_time_min_ = 6;
  auto const m = compute_matrix(net, pts, pts, p, {5, 95});
  ASSERT_EQ(m.summary_.unlinked_destinations_, std::vector<point_idx>{point_idx{2}});
  test::temp_dir dir;
  write_matrix_csv(dir.path_ / "m.csv", m, pts, pts);
  std::ifstream in{dir.path_ / "m.csv"};
  std::string all{std::istreambuf_iterator<char>{in}, {}};
  // A-B is 400 m = 6 min 40 s on foot: beyond 6 minutes. Only the self pairs remain.
  EXPECT_EQ(all, "from_id,to_id,travel_time_p5,travel_time_p95\nA,A,0,0\nB,B,0,0\n");
}

// Two 10-minute lines that both start at 06:00: L1 A -> B rides 8 min, L2 B -> C rides 5 min.
// A, B and C are 2 km apart, beyond the walking limit, so A -> C is L1, a transfer at SB, L2.
// Far away, D -> E is an unrelated line (`with_unrelated`).
struct two_lines {
  explicit two_lines(std::string const& exact_times, bool with_unrelated = false)
      : map_{"A-------------------B-------------------C   D-------------------E"} {
    auto f = test::base_feed(map_, {{"SA", 'A'}, {"SB", 'B'}, {"SC", 'C'}, {"SD", 'D'}, {"SE", 'E'}});
    f["routes.txt"] = "route_id,route_short_name,route_type\nR1,1,3\nR2,2,3\nR3,3,3\n";
    f["trips.txt"] =
        std::string{"route_id,service_id,trip_id\n"} + (with_unrelated ? "R3,WK,L3\n" : "") + "R1,WK,L1\nR2,WK,L2\n";
    f["stop_times.txt"] = std::string{"trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"} +
                          (with_unrelated ? "L3,06:00:00,06:00:00,SD,1\nL3,06:09:00,06:09:00,SE,2\n" : "") +
                          "L1,06:00:00,06:00:00,SA,1\nL1,06:08:00,06:08:00,SB,2\n"
                          "L2,06:00:00,06:00:00,SB,1\nL2,06:05:00,06:05:00,SC,2\n";
    f["frequencies.txt"] = "trip_id,start_time,end_time,headway_secs,exact_times\n" +
                           (with_unrelated ? "L3,06:00:00,10:00:00,420," + exact_times + "\n" : std::string{}) +
                           "L1,06:00:00,10:00:00,600," + exact_times + "\nL2,06:00:00,10:00:00,600," + exact_times +
                           "\n";
    net_ = network::assemble(map_.graph(), {test::load_feed(f)}, {});
    p_.day_ = parse_date_time("2026-11-24 08:00")->day_;
    p_.departure_ = 8 * 3600;
    p_.window_min_ = 10;
    p_.profile_.board_slack_s_ = 0;
    p_.threads_ = 1;
  }

  // Per sample (draw x minute): the transfer wait at SB, from the times to B and to C of the
  // same sample minus the 5-minute ride of L2 (the points sit on the stops: no walking).
  std::vector<seconds_t> transfer_waits(std::size_t* n_draws = nullptr) const {
    std::vector<point> const origin{map_.point('A')}, dests{map_.point('B'), map_.point('C')};
    std::vector<seconds_t> waits;
    travel_time_engine const engine{net_, dests, p_};
    engine.run(origin, [&](origin_times const& ot) {
      for (auto i = 0U; i != ot.n_samples(); ++i) {
        waits.push_back(ot.at(1)[i] - ot.at(0)[i] - 300);
      }
    });
    if (n_draws != nullptr) {
      *n_draws = engine.n_draws();
    }
    return waits;
  }

  test::ascii_network map_;
  network::network net_;
  travel_time_params p_;
};

double mean(std::vector<seconds_t> const& v) {
  return std::accumulate(begin(v), end(v), 0.0) / static_cast<double>(v.size());
}

TEST(frequency_draws, mean_transfer_wait_between_two_10_minute_lines_is_half_a_headway) {
  two_lines c{"0"};
  c.p_.frequency_draws_ = 100;
  std::size_t n_draws = 0;
  auto const waits = c.transfer_waits(&n_draws);
  ASSERT_EQ(n_draws, 100U);
  ASSERT_EQ(waits.size(), 10U * 100U);
  // Within a draw the phases are fixed, so the wait is the same at every minute; across draws it is
  // (phase(L2) - phase(L1) - 8 min) mod 10 min, uniform on [0, 600) s: mean 300 s, standard deviation
  // 600 / sqrt(12) = 173 s, so the mean of 100 draws has a standard error of 17.3 s. 60 s is 3.5
  // standard errors (the hash is deterministic: this checks that it spreads like a uniform draw).
  for (auto k = 0U; k != 100; ++k) {
    for (auto m = 1U; m != 10; ++m) {
      ASSERT_EQ(waits[k * 10 + m], waits[k * 10]) << "draw " << k;
    }
  }
  EXPECT_NEAR(mean(waits), 300.0, 60.0);
  // An exact tie of the phases (1 in 600 per draw) waits 0 s boarding at arrival + slack, 600 s
  // with R5's rule (a departure strictly after it).
  EXPECT_GE(*std::min_element(begin(waits), end(waits)), 0);
  EXPECT_LE(*std::max_element(begin(waits), end(waits)), 600);
  // 100 uniform draws all above 60 s (or all below 540 s): probability 0.9^100 < 1e-4.
  EXPECT_LT(*std::min_element(begin(waits), end(waits)), 60);
  EXPECT_GT(*std::max_element(begin(waits), end(waits)), 540);
}

TEST(frequency_draws, zero_draws_and_exact_times_run_from_start_time) {
  // Both lines leave at 06:00 + 10 min x n: L1 reaches SB at :08, L2 leaves at :10, a 2-minute wait
  // at every minute (the phase-locked reading of --frequency-draws 0 and of exact_times=1).
  two_lines zero{"0"};
  zero.p_.frequency_draws_ = 0;
  std::size_t n_draws = 0;
  EXPECT_EQ(zero.transfer_waits(&n_draws), std::vector<seconds_t>(10, 120));
  EXPECT_EQ(n_draws, 1U);
  two_lines exact{"1"};
  exact.p_.frequency_draws_ = 50;
  EXPECT_EQ(exact.transfer_waits(&n_draws), std::vector<seconds_t>(10, 120));
  EXPECT_EQ(n_draws, 1U);  // nothing to draw: one run
}

TEST(frequency_draws, default_is_r5s_200_draws_over_the_window) {
  travel_time_params p;
  p.window_min_ = 60;
  EXPECT_EQ(frequency_draws(p), 4);  // ceil(200 / 60): 240 samples
  p.window_min_ = 120;
  EXPECT_EQ(frequency_draws(p), 2);
  p.window_min_ = 1;
  EXPECT_EQ(frequency_draws(p), 200);
  p.window_min_ = 7;
  EXPECT_EQ(frequency_draws(p), 29);  // 7 x 29 = 203 >= 200 > 7 x 28
  p.frequency_draws_ = 0;
  EXPECT_EQ(frequency_draws(p), 0);
}

TEST(frequency_draws, an_unrelated_line_changes_no_time) {
  two_lines base{"0"}, more{"0", true};
  base.p_.frequency_draws_ = more.p_.frequency_draws_ = 30;
  EXPECT_EQ(base.transfer_waits(), more.transfer_waits());
}

TEST(frequency_draws, same_matrix_with_1_and_2_threads) {
  two_lines c{"0", true};
  c.p_.frequency_draws_ = 7;
  std::vector<point> const pts{c.map_.point('A'), c.map_.point('B'), c.map_.point('C'), c.map_.point('D'),
                               c.map_.point('E')};
  std::vector<int> const pct{5, 50, 95};
  auto const one = compute_matrix(c.net_, pts, pts, c.p_, pct);
  c.p_.threads_ = 2;
  auto const two = compute_matrix(c.net_, pts, pts, c.p_, pct);
  EXPECT_EQ(one.dest_, two.dest_);
  EXPECT_EQ(one.minutes_, two.minutes_);
  EXPECT_GT(one.n_pairs(), 5U);  // transit pairs, not only the self pairs
}

TEST(frequency_draws, one_run_without_frequencies_equals_k_identical_draws) {
  // Nearest rank over K copies of n values: index ceil(p K n / 100) - 1 of the sorted copies, which
  // holds value number floor((ceil(K x) - 1) / K) with x = p n / 100. With c = ceil(x),
  // K (c - 1) < K x <= K c, so ceil(K x) - 1 is in [K (c - 1), K c - 1]: value number c - 1, the
  // nearest rank over the n values themselves.
  std::vector<seconds_t> const once{420, 60, kUnreachable, 300, 301, 60, 1200};
  std::vector<int> const p{1, 5, 14, 15, 50, 51, 85, 86, 99, 100};
  std::vector<seconds_t> a(once), out_once(p.size());
  percentile_times(a, p, out_once);
  for (auto const k : {2, 3, 4, 7, 200}) {
    std::vector<seconds_t> copies;
    for (auto i = 0; i != k; ++i) {
      copies.insert(end(copies), begin(once), end(once));
    }
    std::vector<seconds_t> out(p.size());
    percentile_times(copies, p, out);
    EXPECT_EQ(out, out_once) << k << " copies";
  }
  // And the engine runs a timetable without exact_times=0 entries once, whatever K.
  test::ascii_network const map{"A---B"};
  auto f = test::base_feed(map, {{"SA", 'A'}, {"SB", 'B'}});
  f["routes.txt"] = "route_id,route_short_name,route_type\nR,1,3\n";
  f["trips.txt"] = "route_id,service_id,trip_id\nR,WK,T1\n";
  f["stop_times.txt"] =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:03:00,08:03:00,SA,1\n"
      "T1,08:05:00,08:05:00,SB,2\n";
  auto const net = network::assemble(map.graph(), {test::load_feed(f)}, {});
  std::vector<point> const pts{map.point('A'), map.point('B')};
  travel_time_params tp;
  tp.day_ = parse_date_time("2026-11-24 08:00")->day_;
  tp.departure_ = 8 * 3600;
  tp.window_min_ = 5;
  tp.frequency_draws_ = 9;
  EXPECT_EQ(travel_time_engine(net, pts, tp).n_draws(), 1U);
  auto const k9 = compute_matrix(net, pts, pts, tp, {5, 50, 95});
  tp.frequency_draws_ = 0;
  auto const k0 = compute_matrix(net, pts, pts, tp, {5, 50, 95});
  EXPECT_EQ(k9.minutes_, k0.minutes_);
}

}  // namespace
}  // namespace solimob::analysis
