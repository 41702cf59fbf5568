#include <gtest/gtest.h>

#include <fstream>
#include <tuple>

#include "core/error.h"
#include "io/file_util.h"
#include "network/network.h"
#include "support/ascii_network.h"

namespace solimob::network {
namespace {

// One trip SA 08:00 -> SC 08:05 on A---B---C.
test::feed_files one_trip_feed(test::ascii_network const& map) {
  auto f = test::base_feed(map, {{"SA", 'A'}, {"SC", 'C'}});
  f["routes.txt"] = "route_id,route_short_name,route_type\nR,1,3\n";
  f["trips.txt"] = "route_id,service_id,trip_id\nR,WK,T1\n";
  f["stop_times.txt"] =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,SA,1\n"
      "T1,08:05:00,08:05:00,SC,2\n";
  return f;
}

network small_network() {
  test::ascii_network const map{"A---B---C"};
  auto f = one_trip_feed(map);
  return assemble(map.graph(), {test::load_feed(f)}, {});
}

TEST(network_file, save_and_load_round_trip_exactly) {
  test::temp_dir dir;
  auto const n = small_network();
  EXPECT_EQ(n.transfers_.size(), 2U);  // SA <-> SC, 800 m
  save(n, dir.path_ / "a.net");
  auto const loaded = load(dir.path_ / "a.net");
  save(loaded, dir.path_ / "b.net");
  EXPECT_EQ(io::read_file(dir.path_ / "a.net"), io::read_file(dir.path_ / "b.net"));
  EXPECT_EQ(loaded.transit_.stop_id_, n.transit_.stop_id_);
  EXPECT_EQ(loaded.transit_.trip_arrival_, n.transit_.trip_arrival_);
  EXPECT_EQ(loaded.streets_.edge_length_cm_, n.streets_.edge_length_cm_);
}

TEST(network_file, feeds_in_different_time_zones_are_refused_by_name) {
  test::ascii_network const map{"A---B---C"};
  auto f = one_trip_feed(map);
  auto const paris = test::load_feed(f);
  f["agency.txt"] = "agency_id,agency_name,agency_url,agency_timezone\nB,Other,http://example.org,America/Sao_Paulo\n";
  auto const sao_paulo = test::load_feed(f);
  EXPECT_EQ(assemble(map.graph(), {paris, paris}, {}).transit_.n_stops(), 4U);  // one zone: fine
  try {
    assemble(map.graph(), {paris, sao_paulo}, {});
    FAIL();
  } catch (input_error const& e) {
    std::string const what = e.what();
    EXPECT_NE(what.find("'" + paris.source_ + "' (Europe/Paris)"), std::string::npos) << what;
    EXPECT_NE(what.find("'" + sao_paulo.source_ + "' (America/Sao_Paulo)"), std::string::npos) << what;
  }
  EXPECT_FALSE(paris.source_.empty());
}

TEST(network_file, fare_files_round_trip_with_their_feed_and_lines) {
  test::ascii_network const map{"A---B---C"};
  auto f = one_trip_feed(map);
  f["fare_attributes.txt"] = "fare_id,price,currency_type,payment_method,transfers\nF,2.00,EUR,0,1\nG,3.50,EUR,0,\n";
  f["fare_rules.txt"] = "fare_id,route_id\n\nF,R\n";  // a blank line: the row is on line 3
  auto const n = assemble(map.graph(), {test::load_feed(one_trip_feed(map)), test::load_feed(f)}, {});
  // Feed 1 only: its two fare files, and stops.txt's stop_id and zone_id since fare_rules.txt is there.
  ASSERT_EQ(n.fare_tables_.size(), 3U);
  test::temp_dir dir;
  save(n, dir.path_ / "f.net");
  auto const loaded = load(dir.path_ / "f.net").fare_tables_;
  ASSERT_EQ(loaded.size(), 3U);
  EXPECT_EQ(loaded[0].feed_, 1U);
  EXPECT_EQ(loaded[0].file_, "fare_attributes.txt");
  EXPECT_EQ(loaded[0].n_rows(), 2U);
  EXPECT_EQ(loaded[0].cell(1, 1), "3.50");
  EXPECT_EQ(loaded[0].cell(1, 4), "");
  EXPECT_EQ(loaded[1].line_, std::vector<std::uint32_t>{3});
  EXPECT_EQ(loaded[2].file_, "stops.txt");
  EXPECT_EQ(loaded[2].header_, (std::vector<std::string>{"stop_id"}));  // the feed has no zone_id
}

TEST(network_file, frequency_entries_round_trip_with_their_seeds) {
  test::ascii_network const map{"A---B---C"};
  auto f = one_trip_feed(map);
  f["frequencies.txt"] =
      "trip_id,start_time,end_time,headway_secs,exact_times\nT1,06:00:00,09:00:00,600,0\nT1,09:00:00,12:00:00,900,1\n";
  auto const n = assemble(map.graph(), {test::load_feed(f)}, {});
  test::temp_dir dir;
  save(n, dir.path_ / "f.net");
  auto const loaded = load(dir.path_ / "f.net").transit_.frequencies_;
  ASSERT_EQ(loaded.size(), 2U);
  for (auto i = 0U; i != 2; ++i) {
    auto const& a = n.transit_.frequencies_[i];
    auto const& b = loaded[i];
    EXPECT_EQ(std::tie(a.seed_, a.trip_, a.start_, a.end_, a.headway_, a.exact_times_),
              std::tie(b.seed_, b.trip_, b.start_, b.end_, b.headway_, b.exact_times_));
  }
  EXPECT_EQ(loaded[0].seed_, transit::frequency_seed("0:T1", 6 * 3600));
  EXPECT_NE(loaded[0].seed_, loaded[1].seed_);
  EXPECT_EQ(loaded[1].exact_times_, 1U);
}

TEST(network_file, other_version_and_corruption_are_clear_errors) {
  test::temp_dir dir;
  save(small_network(), dir.path_ / "a.net");
  auto bytes = io::read_file(dir.path_ / "a.net");

  auto other = bytes;
  other[8] = static_cast<char>(kFormatVersion + 1);
  std::ofstream{dir.path_ / "v.net", std::ios::binary} << other;
  try {
    load(dir.path_ / "v.net");
    FAIL();
  } catch (incompatible_file_error const& e) {
    EXPECT_NE(std::string{e.what()}.find("version"), std::string::npos);
  }

  std::ofstream{dir.path_ / "t.net", std::ios::binary} << bytes.substr(0, bytes.size() / 2);
  EXPECT_THROW(load(dir.path_ / "t.net"), input_error);
  std::ofstream{dir.path_ / "x.net", std::ios::binary} << "hello";
  EXPECT_THROW(load(dir.path_ / "x.net"), incompatible_file_error);
}

TEST(network_file, ids_out_of_range_are_refused_at_load) {
  // Files whose lengths are right but whose ids point past their columns (an edited or damaged file):
  // each is refused at load, naming what is wrong, instead of being read out of bounds later.
  test::temp_dir dir;
  auto const refused = [&](auto&& damage) {
    auto n = small_network();
    damage(n);
    save(n, dir.path_ / "d.net");
    try {
      load(dir.path_ / "d.net");
    } catch (input_error const& e) {
      return std::string{e.what()};
    }
    return std::string{};
  };
  EXPECT_NE(refused([](network& n) { n.transit_.trip_stops_.data_[1] = stop_idx{2}; }).find("stop times"),
            std::string::npos);  // two stops: SA 0, SC 1
  EXPECT_NE(refused([](network& n) { n.streets_.adjacency_.data_[0].node_ = node_idx{3}; }).find("street"),
            std::string::npos);                                                           // three nodes A, B, C
  EXPECT_NE(refused([](network& n) { n.streets_.adjacency_.offsets_.pop_back(); }), "");  // rows of 2 nodes
  EXPECT_NE(refused([](network& n) { n.transit_.sequence_trips_.data_[0] = trip_idx{1}; }).find("sequences"),
            std::string::npos);  // one trip
  EXPECT_NE(refused([](network& n) { n.transfers_[0].to_ = stop_idx{7}; }).find("transfers"), std::string::npos);
  EXPECT_EQ(refused([](network&) {}), "");  // undamaged: loads
}

TEST(network_file, failed_write_leaves_the_old_file) {
  test::temp_dir dir;
  auto const path = dir.path_ / "keep.txt";
  std::ofstream{path} << "old";
  EXPECT_THROW(io::write_atomically(path,
                                    [](std::ostream& out) {
                                      out << "half";
                                      throw std::runtime_error{"disk full"};
                                    }),
               std::runtime_error);
  EXPECT_EQ(io::read_file(path), "old");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator{dir.path_}, std::filesystem::directory_iterator{}), 1);
}

}  // namespace
}  // namespace solimob::network

namespace solimob::network {
namespace {

TEST(network, several_feeds_with_the_same_ids_do_not_clash) {
  test::ascii_network const map{"A---B---C"};
  auto f = test::base_feed(map, {{"S1", 'A'}, {"S2", 'C'}});
  f["routes.txt"] = "route_id,route_short_name,route_type\nR,1,3\n";
  f["trips.txt"] = "route_id,service_id,trip_id\nR,WK,T1\n";
  f["stop_times.txt"] =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,S1,1\n"
      "T1,08:05:00,08:05:00,S2,2\n";
  auto g = f;  // the same ids, another operator: the reverse direction
  g["stop_times.txt"] =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,09:00:00,09:00:00,S2,1\n"
      "T1,09:05:00,09:05:00,S1,2\n";
  auto const n = assemble(map.graph(), {test::load_feed(f), test::load_feed(g)}, {});
  EXPECT_EQ(n.transit_.stop_id_, (vector_map<stop_idx, std::string>{"0:S1", "0:S2", "1:S1", "1:S2"}));
  EXPECT_EQ(n.transit_.n_trips(), 2U);
  EXPECT_EQ(n.transit_.trip_stops_.data_[2], stop_idx{3});  // feed 1's trip starts at its own S2
  EXPECT_EQ(n.transit_.trip_service_[trip_idx{1}], service_idx{1});
}

}  // namespace
}  // namespace solimob::network
