// The solimob binary end to end: exit codes and error messages users see.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <fstream>

#include "io/file_util.h"
#include "support/ascii_network.h"

namespace solimob::test {
namespace {

struct result {
  int exit_code_;
  std::string output_;
};

result run(std::string const& args) {
  temp_dir out;
  auto const log = out.path_ / "log";
  auto const status = std::system((std::string{SOLIMOB_BINARY} + " " + args + " > " + log.string() + " 2>&1").c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, io::read_file(log)};
}

void write(std::filesystem::path const& p, std::string const& content) {
  std::ofstream{p} << content;
}

TEST(cli, help_and_unknown_options) {
  EXPECT_EQ(run("--help").exit_code_, 0);
  EXPECT_EQ(run("matrix --bogus").exit_code_, 2);
  EXPECT_EQ(run("").exit_code_, 2);
}

TEST(cli, bad_points_csv_is_a_clear_error_and_writes_nothing) {
  temp_dir dir;
  write(dir.path_ / "o.csv", "id,lon,lat\na,2.4,48.9\nb,oops,48.9\n");
  write(dir.path_ / "net", "not a network");
  auto const r = run("matrix --network " + (dir.path_ / "net").string() + " --origins " +
                     (dir.path_ / "o.csv").string() + " --destinations " + (dir.path_ / "o.csv").string() +
                     " --departure '2026-11-24 08:00' --out " + (dir.path_ / "out.csv").string());
  EXPECT_EQ(r.exit_code_, 2);
  EXPECT_NE(r.output_.find("o.csv:3 field 'lon': not a number: 'oops'"), std::string::npos) << r.output_;
  EXPECT_FALSE(std::filesystem::exists(dir.path_ / "out.csv"));
}

TEST(cli, foreign_network_file_and_bad_departure) {
  temp_dir dir;
  write(dir.path_ / "o.csv", "id,lon,lat\na,2.4,48.9\n");
  write(dir.path_ / "net", "not a network");
  auto const base = " --origins " + (dir.path_ / "o.csv").string() + " --destinations " +
                    (dir.path_ / "o.csv").string() + " --out " + (dir.path_ / "out.csv").string();
  auto const r = run("matrix --network " + (dir.path_ / "net").string() + " --departure '2026-11-24 08:00'" + base);
  EXPECT_EQ(r.exit_code_, 3);
  EXPECT_NE(r.output_.find("not a solimob network file"), std::string::npos) << r.output_;
  auto const d = run("matrix --network " + (dir.path_ / "net").string() + " --departure 'tomorrow'" + base);
  EXPECT_EQ(d.exit_code_, 2);
  EXPECT_NE(d.output_.find("--departure"), std::string::npos) << d.output_;
}

TEST(cli, gtfs_check_reports_and_sets_the_exit_code) {
  ascii_network const map{"A---B"};
  auto f = base_feed(map, {{"SA", 'A'}, {"SB", 'B'}});
  f["routes.txt"] = "route_id,route_short_name,route_type\nR,1,3\n";
  f["trips.txt"] = "route_id,service_id,trip_id\nR,WK,T1\n";
  f["stop_times.txt"] =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,SA,1\n"
      "T1,08:05:00,08:05:00,SB,2\nT1,8h10,08:10:00,SB,3\n";
  temp_dir dir;
  for (auto const& [name, content] : f) {
    write(dir.path_ / name, content);
  }
  auto const ok = run("gtfs check " + dir.path_.string() + " --date 2026-11-24");
  EXPECT_EQ(ok.exit_code_, 1);  // an unparsable time is an error, recovered
  EXPECT_NE(ok.output_.find("ERROR\tinvalid_time\tstop_times.txt\t4\tarrival_time"), std::string::npos) << ok.output_;

  auto const weekend = run("gtfs check " + dir.path_.string() + " --date 2026-11-28");
  EXPECT_NE(
      weekend.output_.find("no trip runs on 2026-11-28 (next date with service: 2026-11-30; previous: 2026-11-27)"),
      std::string::npos)
      << weekend.output_;

  std::filesystem::remove(dir.path_ / "stops.txt");
  auto const fatal = run("gtfs check " + dir.path_.string());
  EXPECT_EQ(fatal.exit_code_, 2);
  EXPECT_NE(fatal.output_.find("FATAL\tmissing_file\tstops.txt"), std::string::npos) << fatal.output_;
}

}  // namespace
}  // namespace solimob::test
