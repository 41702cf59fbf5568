#include <gtest/gtest.h>

#include <fstream>

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
  ASSERT_EQ(m.summary_.unlinked_destinations_, std::vector<std::size_t>{2});
  test::temp_dir dir;
  write_matrix_csv(dir.path_ / "m.csv", m, pts, pts);
  std::ifstream in{dir.path_ / "m.csv"};
  std::string all{std::istreambuf_iterator<char>{in}, {}};
  // A-B is 400 m = 6 min 40 s on foot: beyond 6 minutes. Only the self pairs remain.
  EXPECT_EQ(all, "from_id,to_id,travel_time_p5,travel_time_p95\nA,A,0,0\nB,B,0,0\n");
}

}  // namespace
}  // namespace solimob::analysis
