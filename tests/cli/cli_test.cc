// The solimob binary end to end: exit codes and error messages users see.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "core/error.h"
#include "io/file_util.h"
#include "io/vector_io.h"
#include "network/network.h"
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

// A feed folder with two stops (`stop_rows`: S1 and S2, as stops.txt rows) and one weekday trip
// S1 08:00 -> S2 08:03.
void write_one_trip_gtfs(std::filesystem::path const& dir, std::string const& stop_rows) {
  std::filesystem::create_directories(dir);
  write(dir / "agency.txt", "agency_id,agency_name,agency_url,agency_timezone\nA,T,http://t,Europe/Paris\n");
  write(dir / "stops.txt", "stop_id,stop_name,stop_lat,stop_lon\n" + stop_rows);
  write(dir / "routes.txt", "route_id,route_short_name,route_type\nR,1,3\n");
  write(dir / "trips.txt", "route_id,service_id,trip_id\nR,WK,T1\n");
  write(dir / "calendar.txt",
        "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
        "WK,1,1,1,1,1,0,0,20260101,20261231\n");
  write(dir / "stop_times.txt",
        "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,S1,1\n"
        "T1,08:03:00,08:03:00,S2,2\n");
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

namespace solimob::test {
namespace {

// Every subcommand through the binary on a tiny city: an OSM XML street grid and a one-line GTFS.
TEST(cli, max_fare_without_fare_rules_is_refused) {
  temp_dir dir;
  auto const d = [&](char const* name) { return (dir.path_ / name).string(); };
  write(d("roads.osm"),
        "<?xml version='1.0' encoding='UTF-8'?>\n<osm version='0.6' generator='test'>\n"
        "<node id='1' version='1' lat='48.9' lon='2.4'/>\n<node id='2' version='1' lat='48.9' lon='2.4054'/>\n"
        "<way id='10' version='1'><nd ref='1'/><nd ref='2'/><tag k='highway' v='residential'/></way>\n</osm>\n");
  write_one_trip_gtfs(dir.path_ / "gtfs", "S1,Un,48.9,2.4\nS2,Deux,48.9,2.4054\n");
  write(d("pq.csv"), "id,lon,lat\nP,2.4,48.9\nQ,2.4054,48.9\n");
  auto const build = run("network build --osm " + d("roads.osm") + " --gtfs " + d("gtfs") + " --out " + d("r.net"));
  ASSERT_EQ(build.exit_code_, 0) << build.output_;
  auto const r = run("matrix --network " + d("r.net") + " --origins " + d("pq.csv") + " --destinations " + d("pq.csv") +
                     " --departure '2026-11-24 08:00' --window 1 --max-fare 4.80 --out " + d("m.csv"));
  EXPECT_EQ(r.exit_code_, 2);
  EXPECT_NE(r.output_.find("no fare rules to price trips with"), std::string::npos) << r.output_;
  EXPECT_FALSE(std::filesystem::exists(d("m.csv")));
}

// One 1,975 m road P - Q (0.027 degrees of longitude at 48.9 N: 0.027 x 111,320 m x cos 48.9 = 1,977 m,
// beyond the walk's longest leg of 1,000 m) and the one-trip feed S1 (at P) 08:00 -> S2 (at Q) 08:03, with one
// GTFS Fares v1 fare of 3.00 EUR and no fare_rules.txt: it applies to every ride.
// Leaving P at 07:58 (board slack 60 s), the bus arrives at 08:03: 5 minutes, 3.00 EUR.
TEST(cli, fares_and_entitlements_decide_what_is_reachable) {
  temp_dir dir;
  auto const d = [&](char const* name) { return (dir.path_ / name).string(); };
  write(d("roads.osm"),
        "<?xml version='1.0' encoding='UTF-8'?>\n<osm version='0.6' generator='test'>\n"
        "<node id='1' version='1' lat='48.9' lon='2.4'/>\n<node id='2' version='1' lat='48.9' lon='2.427'/>\n"
        "<node id='3' version='1' lat='48.902' lon='2.427'/>\n"
        "<way id='10' version='1'><nd ref='1'/><nd ref='2'/><tag k='highway' v='residential'/></way>\n"
        "<way id='11' version='1'><nd ref='2'/><nd ref='3'/><tag k='highway' v='residential'/></way>\n</osm>\n");
  write_one_trip_gtfs(dir.path_ / "gtfs", "S1,Un,48.9,2.4\nS2,Deux,48.9,2.427\n");
  write(dir.path_ / "gtfs" / "fare_attributes.txt",
        "fare_id,price,currency_type,payment_method,transfers\nF,3.00,EUR,0,0\n");
  write(d("pq.csv"), "id,lon,lat,population,jobs\nP,2.4,48.9,10,0\nQ,2.427,48.9,0,1\n");
  write(d("p.csv"), "id,lon,lat\nP,2.4,48.9\n");
  write(d("q.csv"), "id,lon,lat\nQ,2.427,48.9\n");
  ASSERT_EQ(run("network build --osm " + d("roads.osm") + " --gtfs " + d("gtfs") + " --out " + d("r.net")).exit_code_,
            0);
  auto const matrix = [&](std::string const& extra) {
    auto const r = run("matrix --network " + d("r.net") + " --origins " + d("p.csv") + " --destinations " + d("q.csv") +
                       " --departure '2026-11-24 07:58' --window 1 --walk-speed 3.6 " + extra + " --out " + d("m.csv"));
    EXPECT_EQ(r.exit_code_, 0) << r.output_;
    auto const csv = io::read_file(d("m.csv"));
    return csv.substr(csv.find('\n') + 1);
  };
  EXPECT_EQ(matrix("--rider full"), "P,Q,5,3.00\n");
  EXPECT_EQ(matrix("--rider css"), "P,Q,5,0.75\n");  // 75 % off: 0.75
  EXPECT_EQ(matrix("--rider rsa"), "P,Q,5,0.00\n");
  // At most 2.00: the bus is too dear for a full fare, and the 1,977 m walk is beyond the walk profile's
  // 1,000 m longest leg: Q is out of reach (no row). Free for an RSA beneficiary: reachable again.
  EXPECT_EQ(matrix("--rider full --max-fare 2.00"), "");
  EXPECT_EQ(matrix("--rider rsa --max-fare 2.00"), "P,Q,5,0.00\n");
  EXPECT_NE(run("matrix --network " + d("r.net") + " --origins " + d("p.csv") + " --destinations " + d("q.csv") +
                " --departure '2026-11-24 07:58' --rider nobody --out " + d("x.csv"))
                .output_.find("unknown rider category 'nobody'"),
            std::string::npos);

  // access: the job within 10 min at most 2.00 a trip: not for the full fare, yes for RSA beneficiaries.
  auto const access = run("access --network " + d("r.net") + " --origins " + d("pq.csv") +
                          " --population-field population --opportunities " + d("pq.csv") +
                          " --opportunity-field jobs --cutoffs 10 --departure '2026-11-24 07:58' --window 1"
                          " --walk-speed 3.6 --max-fare 2.00 --public rsa=population:walk:rsa --out " +
                          d("a.csv"));
  ASSERT_EQ(access.exit_code_, 0) << access.output_;
  auto const rows = io::read_file(d("a.csv"));
  auto const header = rows.substr(0, rows.find('\n'));
  auto const p_row = rows.substr(rows.find("\nP,") + 1, rows.find('\n', rows.find("\nP,") + 1) - rows.find("\nP,") - 1);
  auto const cell = [&](std::string const& col) {
    std::vector<std::string> names, values;
    std::stringstream h{header}, v{p_row};
    for (std::string x; std::getline(h, x, ',');) {
      names.push_back(x);
    }
    for (std::string x; std::getline(v, x, ',');) {
      values.push_back(x);
    }
    auto const i = std::find(names.begin(), names.end(), col) - names.begin();
    return i < static_cast<std::ptrdiff_t>(values.size()) ? values[static_cast<std::size_t>(i)] : std::string{"?"};
  };
  // isochrone from P (a side street of 222 m at Q gives the grid its height): within 10 min, Q's end
  // of the road only by the bus; at most 2.00 a full fare leaves the walk (600 m in 10 min), a free
  // rider gets the bus and a larger area.
  auto const iso = [&](std::string const& extra) {
    auto const r =
        run("isochrone --network " + d("r.net") +
            " --from 2.4,48.9 --departure '2026-11-24 07:58' --cutoffs 10 --resolution 100 --walk-speed 3.6 " + extra +
            " --out " + d("iso.geojson"));
    EXPECT_EQ(r.exit_code_, 0) << r.output_;
    auto const text = io::read_file(d("iso.geojson"));
    auto const at = text.find("\"area_km2\"");
    return at == std::string::npos ? -1.0 : std::stod(text.substr(text.find(':', at) + 1));
  };
  auto const full = iso("--rider full --max-fare 2.00"), free = iso("--rider rsa --max-fare 2.00");
  EXPECT_GT(full, 0.0);
  EXPECT_LT(full, free);
  EXPECT_EQ(std::stod(cell("jobs_step_10_p50")), 0.0) << header << "\n" << p_row;
  EXPECT_EQ(std::stod(cell("rsa_jobs_step_10_p50")), 1.0) << header << "\n" << p_row;
}

TEST(cli, a_bad_on_demand_file_is_named_with_its_service_and_field) {
  temp_dir dir;
  write(dir.path_ / "o.csv", "id,lon,lat\na,2.4,48.9\n");
  write(dir.path_ / "net", "not a network");
  write(dir.path_ / "od.json", R"({"services": [{"id": "tad", "kind": "taxi"}]})");
  auto const r =
      run("matrix --network " + (dir.path_ / "net").string() + " --origins " + (dir.path_ / "o.csv").string() +
          " --destinations " + (dir.path_ / "o.csv").string() + " --departure '2026-11-24 08:00' --modes --on-demand " +
          (dir.path_ / "od.json").string() + " --out " + (dir.path_ / "out.csv").string());
  EXPECT_EQ(r.exit_code_, 2);
  EXPECT_NE(r.output_.find("od.json field 'kind': service 'tad': expected on_demand or paratransit"), std::string::npos)
      << r.output_;
  auto const iso = run("isochrone --network " + (dir.path_ / "net").string() +
                       " --from 2.4,48.9 --departure "
                       "'2026-11-24 08:00' --on-demand " +
                       (dir.path_ / "od.json").string() + " --out " + (dir.path_ / "iso.geojson").string());
  EXPECT_EQ(iso.exit_code_, 2);
  EXPECT_NE(iso.output_.find("od.json field 'kind'"), std::string::npos) << iso.output_;
}

TEST(cli, max_lts_lets_the_bike_ride_the_busy_road) {
  // P and Q 395 m apart on a primary road (4 lanes, 50 km/h: above LTS 2), signals at both ends so
  // that R5's intersection rule leaves the quiet residential detour P-R-S-Q (200 + 395 + 200 m) at
  // LTS 1. Bike 12 km/h = 3.33 m/s, pushed at 3.6 km/h = 1 m/s (README, Profiles):
  //   max LTS 2 (default): detour 795.6 m / 3.33 = 238.7 s -> 3 min (pushing along the road: 395 s);
  //   --max-lts 4: the road ridden, 395.2 m / 3.33 = 118.6 s -> 1 min.
  temp_dir dir;
  auto const d = [&](char const* name) { return (dir.path_ / name).string(); };
  write(d("roads.osm"),
        "<?xml version='1.0' encoding='UTF-8'?>\n<osm version='0.6' generator='test'>\n"
        "<node id='1' version='1' lat='48.9' lon='2.4'><tag k='highway' v='traffic_signals'/></node>\n"
        "<node id='2' version='1' lat='48.9' lon='2.4054'><tag k='highway' v='traffic_signals'/></node>\n"
        "<node id='3' version='1' lat='48.9018' lon='2.4'/>\n<node id='4' version='1' lat='48.9018' lon='2.4054'/>\n"
        "<way id='10' version='1'><nd ref='1'/><nd ref='2'/><tag k='highway' v='primary'/>"
        "<tag k='lanes' v='4'/><tag k='maxspeed' v='50'/></way>\n"
        "<way id='11' version='1'><nd ref='1'/><nd ref='3'/><nd ref='4'/><nd ref='2'/>"
        "<tag k='highway' v='residential'/></way>\n</osm>\n");
  write_one_trip_gtfs(dir.path_ / "gtfs", "S1,Un,48.9,2.4\nS2,Deux,48.9,2.4054\n");
  write(d("pq.csv"), "id,lon,lat\nP,2.4,48.9\nQ,2.4054,48.9\n");
  auto const build = run("network build --osm " + d("roads.osm") + " --gtfs " + d("gtfs") + " --out " + d("r.net"));
  ASSERT_EQ(build.exit_code_, 0) << build.output_;
  auto const minutes = [&](std::string const& extra) {
    auto const r =
        run("matrix --network " + d("r.net") + " --origins " + d("pq.csv") + " --destinations " + d("pq.csv") +
            " --departure '2026-11-24 08:00' --window 1 --profile bike --mode walk " + extra + " --out " + d("m.csv"));
    EXPECT_EQ(r.exit_code_, 0) << r.output_;
    std::ifstream in{d("m.csv")};
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("P,Q,", 0) == 0) {
        return line.substr(4);
      }
    }
    return std::string{"no P,Q row"};
  };
  EXPECT_EQ(minutes(""), "3");
  EXPECT_EQ(minutes("--max-lts 4"), "1");
  EXPECT_EQ(run("matrix --max-lts 5").exit_code_, 2);
}

TEST(cli, every_subcommand_end_to_end) {
  temp_dir dir;
  auto const d = [&](char const* name) { return (dir.path_ / name).string(); };
  {
    // 5 x 5 grid of streets every 0.002 degrees (~150-220 m) around 48.90 N, 2.40 E.
    std::ofstream osm{d("city.osm")};
    osm << "<?xml version='1.0' encoding='UTF-8'?>\n<osm version='0.6' generator='test'>\n";
    for (auto r = 0; r != 5; ++r) {
      for (auto c = 0; c != 5; ++c) {
        osm << "<node id='" << 1 + r * 5 + c << "' version='1' lat='" << 48.9 + 0.002 * r << "' lon='"
            << 2.4 + 0.002 * c << "'/>\n";
      }
    }
    auto way = 100;
    for (auto r = 0; r != 5; ++r) {
      osm << "<way id='" << way++ << "' version='1'>";
      for (auto c = 0; c != 5; ++c) {
        osm << "<nd ref='" << 1 + r * 5 + c << "'/>";
      }
      osm << "<tag k='highway' v='residential'/></way>\n";
    }
    for (auto c = 0; c != 5; ++c) {
      osm << "<way id='" << way++ << "' version='1'>";
      for (auto r = 0; r != 5; ++r) {
        osm << "<nd ref='" << 1 + r * 5 + c << "'/>";
      }
      osm << "<tag k='highway' v='footway'/></way>\n";
    }
    osm << "</osm>\n";
  }
  write_one_trip_gtfs(dir.path_ / "gtfs", "S1,Un,48.900,2.400\nS2,Deux,48.908,2.408\n");
  write(dir.path_ / "gtfs" / "frequencies.txt", "trip_id,start_time,end_time,headway_secs\nT1,07:00:00,10:00:00,300\n");
  write(d("pts.csv"),
        "id,lon,lat,population,jobs\nsw,2.400,48.900,100,5\nne,2.408,48.908,50,20\nmid,2.404,48.904,80,0\n");

  ASSERT_EQ(run("gtfs check " + d("gtfs")).exit_code_, 0);
  auto const build = run("network build --osm " + d("city.osm") + " --gtfs " + d("gtfs") + " --out " + d("city.net"));
  ASSERT_EQ(build.exit_code_, 0) << build.output_;

  auto const matrix =
      run("matrix --network " + d("city.net") + " --origins " + d("pts.csv") + " --destinations " + d("pts.csv") +
          " --departure '2026-11-24 08:00' --window 10 --percentiles 50 --out " + d("ttm.csv"));
  ASSERT_EQ(matrix.exit_code_, 0) << matrix.output_;
  // sw -> ne: ~1.1 km apart, beyond the 1000 m walk; bus every 5 min, 3 min ride.
  auto const ttm = io::read_file(d("ttm.csv"));
  EXPECT_NE(ttm.find("sw,ne,"), std::string::npos) << ttm;
  // --frequency-draws on every routing command; a negative count is refused before any work.
  for (auto const draws : {"0", "3"}) {
    auto const m =
        run("matrix --network " + d("city.net") + " --origins " + d("pts.csv") + " --destinations " + d("pts.csv") +
            " --departure '2026-11-24 08:00' --window 10 --frequency-draws " + draws + " --out " + d("ttm_k.csv"));
    ASSERT_EQ(m.exit_code_, 0) << m.output_;
    EXPECT_NE(io::read_file(d("ttm_k.csv")).find("sw,ne,"), std::string::npos);
    // The bus has no exact_times (= 0): 3 draws are run; 0 runs it once from start_time.
    EXPECT_NE(m.output_.find(std::string{draws == std::string{"0"} ? "1" : "3"} + " frequency draw(s) per minute"),
              std::string::npos)
        << m.output_;
  }
  EXPECT_EQ(run("matrix --network " + d("city.net") + " --origins " + d("pts.csv") + " --destinations " + d("pts.csv") +
                " --departure '2026-11-24 08:00' --frequency-draws -1 --out " + d("ttm_bad.csv"))
                .exit_code_,
            2);
  EXPECT_FALSE(std::filesystem::exists(d("ttm_bad.csv")));

  auto const access = run("access --network " + d("city.net") + " --origins " + d("pts.csv") +
                          " --population-field population --opportunities " + d("pts.csv") +
                          " --opportunity-field jobs --cutoffs 10,20 --nearest 1 --fca 2sfca"
                          " --departure '2026-11-24 08:00' --window 10 --frequency-draws 3 --out " +
                          d("access.xlsx"));
  ASSERT_EQ(access.exit_code_, 0) << access.output_;
  auto const access_gpkg = run("access --network " + d("city.net") + " --origins " + d("pts.csv") +
                               " --population-field population --opportunities " + d("pts.csv") +
                               " --opportunity-field jobs --cutoffs 10 --nearest 1 --departure '2026-11-24 08:00'"
                               " --out " +
                               d("access.gpkg"));
  ASSERT_EQ(access_gpkg.exit_code_, 0) << access_gpkg.output_;

  auto const equity =
      run("equity --input " + d("access.gpkg") +
          " --indicator jobs_step_10_p50 --indicator jobs_nearest1_min_p50 --population-field population"
          " --threshold 5 --white-zones " +
          d("white.geojson") + " --out " + d("equity.csv"));
  ASSERT_EQ(equity.exit_code_, 0) << equity.output_;
  EXPECT_NE(io::read_file(d("equity.csv")).find("jobs_nearest1_min_p50,population"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(d("white.geojson")));

  auto const iso = run("isochrone --network " + d("city.net") +
                       " --from 2.400,48.900 --departure '2026-11-24 08:00' --frequency-draws 5"
                       " --cutoffs 5,10 --resolution 50 --out " +
                       d("iso.gpkg"));
  ASSERT_EQ(iso.exit_code_, 0) << iso.output_;
  EXPECT_TRUE(std::filesystem::exists(d("iso.gpkg")));

  // Bad option values are refused before any work.
  EXPECT_EQ(run("access --network " + d("city.net") + " --origins " + d("pts.csv") +
                " --population-field population --opportunities " + d("pts.csv") +
                " --opportunity-field jobs --decay cubic --departure '2026-11-24 08:00' --out " + d("x.csv"))
                .exit_code_,
            2);
  EXPECT_EQ(run("isochrone --network " + d("city.net") + " --from 48.9 --departure '2026-11-24 08:00' --out " +
                d("x.geojson"))
                .exit_code_,
            2);
}

}  // namespace
}  // namespace solimob::test

namespace solimob::test {
namespace {

// The README's main job: the synthetic territory generated and its diagnostic written, the report's
// path on the last line (the generated files' determinism: tests/demo).
TEST(cli, demo_writes_the_diagnostic_and_names_the_report) {
  temp_dir dir;
  auto const a = run("demo --no-pdf --dir " + (dir.path_ / "a").string());
  ASSERT_EQ(a.exit_code_, 0) << a.output_;
  EXPECT_NE(a.output_.find("SYNTHÉTIQUE"), std::string::npos);
  for (auto const* f : {"rapport.html", "indicateurs.xlsx", "diagnostic.gpkg", "territoire/territory.toml"}) {
    EXPECT_TRUE(std::filesystem::exists(dir.path_ / "a" / f)) << f;
  }
  EXPECT_NE(a.output_.find("Rapport : " + (dir.path_ / "a" / "rapport.html").string() + "\n"), std::string::npos)
      << a.output_;
  auto const html = io::read_file(dir.path_ / "a" / "rapport.html");
  EXPECT_NE(html.find("Plaine Commune"), std::string::npos);
  EXPECT_NE(html.find("Données synthétiques"), std::string::npos);
  auto const check = run("gtfs check " + (dir.path_ / "a" / "territoire" / "gtfs.zip").string());
  EXPECT_EQ(check.exit_code_, 0) << check.output_;
}

}  // namespace
}  // namespace solimob::test

namespace solimob::test {
namespace {

// The web application's database from the command line: accounts, JSON backup round trip, XLSX for people.
TEST(cli, user_add_and_database_backups) {
  temp_dir dir;
  auto const db = "sqlite:" + (dir.path_ / "app.db").string();
  write(dir.path_ / "weak", "short\n");
  auto const weak = run("user add --db " + db + " --login marie --role agent < " + (dir.path_ / "weak").string());
  EXPECT_EQ(weak.exit_code_, 2) << weak.output_;
  write(dir.path_ / "pw", "a long enough password\n");
  auto const ok = run("user add --db " + db + " --login marie --role agent < " + (dir.path_ / "pw").string());
  ASSERT_EQ(ok.exit_code_, 0) << ok.output_;

  ASSERT_EQ(run("db export --db " + db + " --file " + (dir.path_ / "a.json").string()).exit_code_, 0);
  auto const db2 = "sqlite:" + (dir.path_ / "copy.db").string();
  ASSERT_EQ(run("db import --db " + db2 + " --file " + (dir.path_ / "a.json").string()).exit_code_, 0);
  ASSERT_EQ(run("db export --db " + db2 + " --file " + (dir.path_ / "b.json").string()).exit_code_, 0);
  EXPECT_EQ(io::read_file(dir.path_ / "a.json"), io::read_file(dir.path_ / "b.json"));

  auto const xlsx = run("db export --db " + db + " --file " + (dir.path_ / "people.xlsx").string());
  ASSERT_EQ(xlsx.exit_code_, 0) << xlsx.output_;
  auto const sheets = io::list_layers(dir.path_ / "people.xlsx");
  auto const has = [&](char const* name) {
    return std::any_of(begin(sheets), end(sheets), [&](io::layer_info const& l) { return l.name_ == name; });
  };
  EXPECT_TRUE(has("app_user"));
  EXPECT_TRUE(has("audit_log"));  // (GDAL writes no sheet for an empty table)
  EXPECT_FALSE(has("session"));
  io::read_options users;
  users.layer_ = "app_user";
  users.require_positions_ = false;
  users.text_fields_ = {"login"};
  EXPECT_EQ(io::read_layer(dir.path_ / "people.xlsx", users).text_[0], std::vector<std::string>{"marie"});
  users.text_fields_ = {"password_hash"};  // never written for people
  EXPECT_THROW(io::read_layer(dir.path_ / "people.xlsx", users), input_error);
}

}  // namespace
}  // namespace solimob::test

namespace solimob::test {
namespace {

// The binary under `timeout`: a command that hangs fails the test (exit 124) instead of the suite.
result run_bounded(std::string const& args, int seconds = 120) {
  temp_dir out;
  auto const log = out.path_ / "log";
  auto const status = std::system(("timeout " + std::to_string(seconds) + " " + std::string{SOLIMOB_BINARY} + " " +
                                   args + " > " + log.string() + " 2>&1")
                                      .c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, io::read_file(log)};
}

// An empty --rank-field cell made `solimob equity` loop forever (run under timeout: the old binary exits 124).
TEST(cli, equity_with_an_empty_rank_cell_returns) {
  temp_dir dir;
  write(dir.path_ / "acc.csv",
        "id,lon,lat,population,income,jobs\na,2.400,48.9,100,1000,5\nb,2.401,48.9,100,,10\n"
        "c,2.402,48.9,100,3000,20\n");
  auto const r = run_bounded("equity --input " + (dir.path_ / "acc.csv").string() +
                                 " --indicator jobs --population-field population --rank-field income --out " +
                                 (dir.path_ / "eq.csv").string(),
                             20);
  ASSERT_EQ(r.exit_code_, 0) << r.output_;
  EXPECT_NE(r.output_.find("acc.csv: 1 empty cell(s) in 'income': no value, left out of the concentration index"),
            std::string::npos)
      << r.output_;
  // a and c only: r = 1/4, 3/4, mu = 12.5, cov = (1/2)[(-7.5)(-1/4) + (7.5)(1/4)] = 1.875, CI = 3.75 / 12.5 = 0.3.
  EXPECT_NE(io::read_file(dir.path_ / "eq.csv").find(",0.3\n"), std::string::npos)
      << io::read_file(dir.path_ / "eq.csv");
}

std::vector<std::string> split_line(std::string const& line) {
  std::vector<std::string> cells;
  std::string cell;
  for (auto const c : line) {
    if (c == ',') {
      cells.push_back(cell);
      cell.clear();
    } else {
      cell += c;
    }
  }
  cells.push_back(cell);
  return cells;
}

std::string join_line(std::vector<std::string> const& cells) {
  std::string line;
  for (auto i = 0U; i != cells.size(); ++i) {
    line += (i == 0 ? "" : ",") + cells[i];
  }
  return line;
}

// `access` and `equity` on copies of Porto Alegre's hexagons with blanked cells (written to a temp folder):
// an empty population must give exactly what a 0 gives, in both commands; an empty rank exactly what deleting
// the row gives to the concentration index; and each is reported with the file and the field.
TEST(cli, poa_access_and_equity_on_blanked_cells) {
  auto const poa = poa_dir();
  if (poa.empty()) {
    GTEST_SKIP() << "skipped: ../shared/data/poa is absent";
  }
  temp_dir dir;
  auto const d = [&](char const* f) { return (dir.path_ / f).string(); };
  std::vector<std::vector<std::string>> rows;
  {
    std::istringstream in{io::read_file(poa / "poa_hexgrid.csv")};
    for (std::string line; std::getline(in, line);) {
      rows.push_back(split_line(line));
    }
  }
  ASSERT_EQ(rows[0], (std::vector<std::string>{"id", "lon", "lat", "population", "schools", "jobs", "healthcare"}));
  constexpr auto kPop = 3U, kJobs = 5U;
  auto native_empty_jobs = 0U;
  for (auto i = 1U; i != rows.size(); ++i) {
    native_empty_jobs += rows[i][kJobs].empty() ? 1 : 0;
  }
  // The first three populated hexagons with a jobs value lose their population, the next three their jobs.
  std::vector<std::size_t> pop_rows, jobs_rows;
  for (auto i = 1U; i != rows.size() && jobs_rows.size() != 3; ++i) {
    if (rows[i][kPop] != "0" && !rows[i][kJobs].empty()) {
      (pop_rows.size() != 3 ? pop_rows : jobs_rows).push_back(i);
    }
  }
  auto const save = [&](char const* name, std::string const& pop_cell, bool drop_unranked) {
    std::ofstream out{dir.path_ / name};
    for (auto i = 0U; i != rows.size(); ++i) {
      auto r = rows[i];
      if (std::find(begin(pop_rows), end(pop_rows), i) != end(pop_rows)) {
        r[kPop] = pop_cell;
      }
      if (std::find(begin(jobs_rows), end(jobs_rows), i) != end(jobs_rows)) {
        r[kJobs] = "";
      }
      if (!(drop_unranked && i != 0 && r[kJobs].empty())) {
        out << join_line(r) << '\n';
      }
    }
  };
  save("blank.csv", "", false);
  save("zero.csv", "0", false);
  save("dropped.csv", "", true);

  auto const equity = [&](char const* in, char const* out) {
    auto const r = run_bounded("equity --input " + d(in) +
                               " --indicator schools --indicator healthcare --population-field population"
                               " --rank-field jobs --threshold 1 --out " +
                               d(out));
    EXPECT_EQ(r.exit_code_, 0) << r.output_;
    return r.output_;
  };
  auto const blank_log = equity("blank.csv", "eq_blank.csv");
  equity("zero.csv", "eq_zero.csv");
  equity("dropped.csv", "eq_dropped.csv");
  EXPECT_NE(blank_log.find(d("blank.csv") + ": 3 empty cell(s) in 'population' read as 0"), std::string::npos)
      << blank_log;
  EXPECT_NE(blank_log.find(d("blank.csv") + ": " + std::to_string(native_empty_jobs + 3) +
                           " empty cell(s) in 'jobs': no value, left out of the concentration index"),
            std::string::npos)
      << blank_log;
  // Empty population = 0: the same table to the last digit.
  EXPECT_EQ(io::read_file(d("eq_blank.csv")), io::read_file(d("eq_zero.csv")));
  // Empty rank = row left out of the concentration index (and of nothing else).
  auto const ci = [&](char const* f) {
    std::istringstream in{io::read_file(d(f))};
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) {
      out.push_back(split_line(line).back());
    }
    return out;
  };
  ASSERT_EQ(ci("eq_blank.csv").size(), 3U);  // header, schools, healthcare
  EXPECT_EQ(ci("eq_blank.csv"), ci("eq_dropped.csv"));
  EXPECT_FALSE(ci("eq_blank.csv")[1].empty());

  // access: the network once, then the blanked and the zeroed origins; 2SFCA uses the population as demand.
  auto const build = run_bounded("network build --osm " + (poa / "poa_osm.pbf").string() + " --gtfs " +
                                 (poa / "poa_eptc.zip").string() + " --gtfs " + (poa / "poa_trensurb.zip").string() +
                                 " --out " + d("poa.net"));
  ASSERT_EQ(build.exit_code_, 0) << build.output_;
  auto const access = [&](char const* in, char const* out) {
    auto const r = run_bounded("access --network " + d("poa.net") + " --origins " + d(in) +
                               " --population-field population --opportunities " + d(in) +
                               " --opportunity-field jobs --cutoffs 30 --fca 2sfca --departure '2019-05-13 14:00'"
                               " --window 1 --out " +
                               d(out));
    EXPECT_EQ(r.exit_code_, 0) << r.output_;
    return r.output_;
  };
  auto const access_log = access("blank.csv", "acc_blank.csv");
  access("zero.csv", "acc_zero.csv");
  EXPECT_NE(access_log.find(d("blank.csv") + ": 3 empty cell(s) in 'population' read as 0"), std::string::npos)
      << access_log;
  EXPECT_NE(access_log.find(d("blank.csv") + ": " + std::to_string(native_empty_jobs + 3) +
                            " empty cell(s) in 'jobs' read as 0"),
            std::string::npos)
      << access_log;
  EXPECT_EQ(io::read_file(d("acc_blank.csv")), io::read_file(d("acc_zero.csv")));
  EXPECT_EQ(io::read_file(d("acc_blank_groups.csv")), io::read_file(d("acc_zero_groups.csv")));
  // And equity reads access's output (empty indicator cells for the 7 hexagons farther than 500 m from
  // the streets kept after island pruning, see tests/jobs/access_test.cc) without a note on population:
  // access wrote the 0.
  auto const chained = run_bounded("equity --input " + d("acc_blank.csv") +
                                   " --indicator jobs_step_30_p50 --indicator jobs_2sfca_30_p50"
                                   " --population-field population --out " +
                                   d("eq_chained.csv"));
  ASSERT_EQ(chained.exit_code_, 0) << chained.output_;
  EXPECT_EQ(chained.output_.find("in 'population'"), std::string::npos) << chained.output_;
  EXPECT_NE(chained.output_.find("7 empty cell(s) in 'jobs_step_30_p50': no value"), std::string::npos)
      << chained.output_;
}

// Porto Alegre with r5r's fare structure (fares_poa.zip: a bus 4.80, bus+bus within 60 min 7.20): jobs within
// 60 min for at most one bus fare (4.80) against no fare bound, by zone (four quadrants of the hexagons'
// bounding box). A bound can only remove trips, so no zone gains; one fare forbids every transfer to a
// second bus, so the whole territory loses; an RSA beneficiary rides free, so the bound removes nothing and
// the rsa_ columns equal the unconstrained ones.
TEST(cli, poa_jobs_within_one_fare_by_zone) {
  auto const poa = poa_dir();
  if (poa.empty()) {
    GTEST_SKIP() << "skipped: ../shared/data/poa is absent";
  }
  temp_dir dir;
  auto const d = [&](char const* f) { return (dir.path_ / f).string(); };
  auto min_lon = 180.0, max_lon = -180.0, min_lat = 90.0, max_lat = -90.0;
  {
    std::istringstream in{io::read_file(poa / "poa_hexgrid.csv")};
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      auto const c = split_line(line);
      min_lon = std::min(min_lon, std::stod(c[1]));
      max_lon = std::max(max_lon, std::stod(c[1]));
      min_lat = std::min(min_lat, std::stod(c[2]));
      max_lat = std::max(max_lat, std::stod(c[2]));
    }
  }
  auto const mid_lon = (min_lon + max_lon) / 2, mid_lat = (min_lat + max_lat) / 2;
  auto const box = [](std::string const& id, double x0, double y0, double x1, double y1) {
    auto const pt = [](double x, double y) { return "[" + std::to_string(x) + "," + std::to_string(y) + "]"; };
    return R"({"type":"Feature","properties":{"id":")" + id + R"("},"geometry":{"type":"Polygon","coordinates":[[)" +
           pt(x0, y0) + "," + pt(x1, y0) + "," + pt(x1, y1) + "," + pt(x0, y1) + "," + pt(x0, y0) + "]]}}";
  };
  constexpr auto kPad = 0.01;
  write(d("quadrants.geojson"), R"({"type":"FeatureCollection","features":[)" +
                                    box("sw", min_lon - kPad, min_lat - kPad, mid_lon, mid_lat) + "," +
                                    box("se", mid_lon, min_lat - kPad, max_lon + kPad, mid_lat) + "," +
                                    box("nw", min_lon - kPad, mid_lat, mid_lon, max_lat + kPad) + "," +
                                    box("ne", mid_lon, mid_lat, max_lon + kPad, max_lat + kPad) + "]}");
  ASSERT_EQ(run_bounded("network build --osm " + (poa / "poa_osm.pbf").string() + " --gtfs " +
                        (poa / "poa_eptc.zip").string() + " --gtfs " + (poa / "poa_trensurb.zip").string() + " --out " +
                        d("poa.net"))
                .exit_code_,
            0);
  auto const access = [&](std::string const& extra, char const* out) {
    auto const r =
        run_bounded("access --network " + d("poa.net") + " --origins " + (poa / "poa_hexgrid.csv").string() +
                        " --population-field population --opportunities " + (poa / "poa_hexgrid.csv").string() +
                        " --opportunity-field jobs --cutoffs 60 --departure '2019-05-13 14:00' --window 10"
                        " --zones " +
                        d("quadrants.geojson") + " " + extra + " --out " + d(out),
                    600);
    EXPECT_EQ(r.exit_code_, 0) << r.output_;
    // zone id -> column -> value
    std::map<std::string, std::map<std::string, double>> zones;
    std::istringstream in{io::read_file(dir.path_ / (std::filesystem::path{out}.stem().string() + "_zones.csv"))};
    std::string line;
    std::getline(in, line);
    auto const header = split_line(line);
    while (std::getline(in, line)) {
      auto const cells = split_line(line);
      for (auto c = 2U; c < cells.size() && c < header.size(); ++c) {
        zones[cells[0]][header[c]] = cells[c].empty() ? -1.0 : std::stod(cells[c]);
      }
    }
    return zones;
  };
  auto const free = access("", "free.csv");
  auto const bounded = access("--fares " + (poa / "fares" / "fares_poa.zip").string() +
                                  " --rider full --max-fare 4.80 --public rsa=population:walk:rsa",
                              "bounded.csv");
  ASSERT_EQ(free.size(), 4U);
  ASSERT_EQ(bounded.size(), 4U);
  auto free_total = 0.0, bounded_total = 0.0;
  for (auto const& [zone, cols] : free) {
    auto const all = cols.at("jobs_step_60_p50");
    auto const one_fare = bounded.at(zone).at("jobs_step_60_p50");
    auto const rsa = bounded.at(zone).at("rsa_jobs_step_60_p50");
    std::cout << "zone " << zone << ": population " << cols.at("population") << ", jobs within 60 min " << all
              << ", within 60 min and one fare (4.80) " << one_fare << ", RSA (free) " << rsa << "\n";
    EXPECT_LE(one_fare, all + 1e-9) << zone;
    EXPECT_NEAR(rsa, all, 1e-9) << zone;
    free_total += all * cols.at("population");
    bounded_total += one_fare * cols.at("population");
  }
  EXPECT_LT(bounded_total, free_total);
}

// The scenario commands on the one-road, one-trip network of max_fare_without_fare_rules_is_refused, with
// one on-demand service "tad" given by --on-demand.
struct scenario_fixture {
  temp_dir dir_;
  std::string d(char const* name) const { return (dir_.path_ / name).string(); }
  scenario_fixture() {
    write(d("roads.osm"),
          "<?xml version='1.0' encoding='UTF-8'?>\n<osm version='0.6' generator='test'>\n"
          "<node id='1' version='1' lat='48.9' lon='2.4'/>\n<node id='2' version='1' lat='48.9' lon='2.4054'/>\n"
          "<way id='10' version='1'><nd ref='1'/><nd ref='2'/><tag k='highway' v='residential'/></way>\n</osm>\n");
    write_one_trip_gtfs(dir_.path_ / "gtfs", "S1,Un,48.9,2.4\nS2,Deux,48.9,2.4054\n");
    write(d("services.json"), R"({"services": [)" + service("tad") + "]}");
  }
  static std::string service(std::string const& id) {
    return R"({"id": ")" + id + R"(", "kind": "on_demand", "hours": [["07:00", "19:00"]], "hubs": ["S1"],
      "zone": {"type": "Polygon", "coordinates": [[[2.39, 48.89], [2.41, 48.89], [2.41, 48.91], [2.39, 48.91],
      [2.39, 48.89]]]}})";
  }
  // add-on-demand-zone "tad2", then remove-on-demand-zone `removed`.
  void write_scenario(std::string const& removed) const {
    write(d("s.json"), R"({"name": "Zonas", "modifications": [
      {"type": "add-on-demand-zone", "name": "Zona nova", "service": )" +
                           service("tad2") + R"(},
      {"type": "remove-on-demand-zone", "name": "Fim", "service_id": ")" +
                           removed + R"("}]})");
  }
  result build() const {
    return run("network build --osm " + d("roads.osm") + " --gtfs " + d("gtfs") + " --out " + d("base.net"));
  }
};

TEST(cli, scenario_check_reports_each_modification) {
  scenario_fixture f;
  ASSERT_EQ(f.build().exit_code_, 0);
  f.write_scenario("tad");
  auto const ok = run("scenario check --network " + f.d("base.net") + " --scenario " + f.d("s.json") + " --on-demand " +
                      f.d("services.json"));
  EXPECT_EQ(ok.exit_code_, 0) << ok.output_;
  EXPECT_NE(ok.output_.find("scenario 'Zonas'"), std::string::npos) << ok.output_;
  EXPECT_NE(ok.output_.find("0 Zona nova: add-on-demand-zone: service 'tad2' (on-demand, 1 hub (S1), 1 period): ok"),
            std::string::npos)
      << ok.output_;
  EXPECT_NE(ok.output_.find("1 Fim: remove-on-demand-zone: service 'tad': ok"), std::string::npos) << ok.output_;
  EXPECT_NE(ok.output_.find("scenario ok"), std::string::npos) << ok.output_;

  // A service that does not exist: exit 2, the modification and its field named.
  f.write_scenario("nada");
  auto const bad = run("scenario check --network " + f.d("base.net") + " --scenario " + f.d("s.json") +
                       " --on-demand " + f.d("services.json"));
  EXPECT_EQ(bad.exit_code_, 2) << bad.output_;
  EXPECT_NE(bad.output_.find("0 Zona nova: add-on-demand-zone: service 'tad2' (on-demand, 1 hub (S1), 1 period): ok"),
            std::string::npos)
      << bad.output_;
  EXPECT_NE(bad.output_.find("s.json field 'modification 1 (Fim).service_id': no on-demand service 'nada'"),
            std::string::npos)
      << bad.output_;
  EXPECT_NE(bad.output_.find("scenario has errors"), std::string::npos) << bad.output_;

  // A malformed file is refused before any modification is checked.
  write(f.d("broken.json"), R"({"modifications": [{"type": "remove-on-demand-zone"}]})");
  auto const broken = run("scenario check --network " + f.d("base.net") + " --scenario " + f.d("broken.json"));
  EXPECT_EQ(broken.exit_code_, 2) << broken.output_;
  EXPECT_NE(broken.output_.find("field 'modification 0 (remove-on-demand-zone 0).service_id': missing"),
            std::string::npos)
      << broken.output_;
}

TEST(cli, scenario_apply_writes_a_loadable_network) {
  scenario_fixture f;
  ASSERT_EQ(f.build().exit_code_, 0);
  f.write_scenario("tad");
  auto const r = run("scenario apply --network " + f.d("base.net") + " --scenario " + f.d("s.json") + " --on-demand " +
                     f.d("services.json") + " --out " + f.d("s.net"));
  ASSERT_EQ(r.exit_code_, 0) << r.output_;
  EXPECT_NE(r.output_.find("scenario 'Zonas': 2 modification(s) applied in"), std::string::npos) << r.output_;
  EXPECT_NE(r.output_.find("2 on-demand modification(s) checked"), std::string::npos) << r.output_;
  // On-demand modifications leave streets and transit as they are; the fingerprint mixes the scenario's.
  auto const base = network::load(f.d("base.net"));
  auto const applied = network::load(f.d("s.net"));
  EXPECT_EQ(applied.transit_.n_stops(), base.transit_.n_stops());
  EXPECT_EQ(applied.transit_.n_trips(), base.transit_.n_trips());
  EXPECT_EQ(applied.streets_.n_edges(), base.streets_.n_edges());
  EXPECT_NE(applied.fingerprint_, base.fingerprint_);

  // A failing check writes nothing.
  f.write_scenario("nada");
  auto const bad = run("scenario apply --network " + f.d("base.net") + " --scenario " + f.d("s.json") +
                       " --on-demand " + f.d("services.json") + " --out " + f.d("bad.net"));
  EXPECT_EQ(bad.exit_code_, 2) << bad.output_;
  EXPECT_FALSE(std::filesystem::exists(f.d("bad.net")));
}

TEST(cli, scenario_import_from_r5) {
  scenario_fixture f;
  // As R5 serialises a RemoveTrips of route R of the feed Conveyal calls "feed-a".
  write(f.d("r5.json"), R"({"id": "s1", "description": "Sem linha 1", "modifications": [
    {"type": "remove-trips", "comment": "Sem R", "activeInVariants": null, "warnings": [],
     "routes": ["feed-a:R"], "patterns": null, "trips": null}]})");
  auto const r = run("scenario import --from r5 " + f.d("r5.json") + " --out " + f.d("s.json"));
  ASSERT_EQ(r.exit_code_, 0) << r.output_;
  EXPECT_NE(r.output_.find("every id is of R5 feed 'feed-a': mapped to feed 0"), std::string::npos) << r.output_;
  EXPECT_EQ(nlohmann::json::parse(io::read_file(f.d("s.json"))), nlohmann::json::parse(R"({"name": "s1",
    "description": "Sem linha 1", "modifications": [{"type": "remove-trips", "name": "Sem R", "routes": ["0:R"]}]})"));
  auto const fed = run("scenario import --from r5 " + f.d("r5.json") + " --feed feed-a=1 --out " + f.d("s1.json"));
  ASSERT_EQ(fed.exit_code_, 0) << fed.output_;
  EXPECT_EQ(nlohmann::json::parse(io::read_file(f.d("s1.json")))["modifications"][0]["routes"][0], "1:R");

  // Refused: exit 2 naming file, modification and field; nothing written.
  write(f.d("pickup.json"), R"({"modifications": [{"type": "pickup-delay", "zonePolygons": "z"}]})");
  auto const refused = run("scenario import --from r5 " + f.d("pickup.json") + " --out " + f.d("p.json"));
  EXPECT_EQ(refused.exit_code_, 2) << refused.output_;
  EXPECT_NE(refused.output_.find("pickup.json field 'modification 0 (pickup-delay).type'"), std::string::npos)
      << refused.output_;
  EXPECT_FALSE(std::filesystem::exists(f.d("p.json")));
  EXPECT_EQ(run("scenario import --from otp " + f.d("r5.json") + " --out " + f.d("o.json")).exit_code_, 2);

  // Round trip: the imported scenario checked against the network (route 0:R is the feed's R).
  ASSERT_EQ(f.build().exit_code_, 0);
  auto const check = run("scenario check --network " + f.d("base.net") + " --scenario " + f.d("s.json"));
  if (check.output_.find("is not a modification type") != std::string::npos) {
    GTEST_SKIP() << "remove-trips is not parsed yet (the transit family lands with h/scenario-transit)";
  }
  EXPECT_EQ(check.exit_code_, 0) << check.output_;
  EXPECT_NE(check.output_.find("0 Sem R: remove-trips: 1 route (0:R): ok"), std::string::npos) << check.output_;
}

// --scenario on the routing commands, on that network: leaving P (at S1) at 07:58, T1 08:00 -> 08:03
// gives P -> Q in 5 min, against 6 min on foot (the road: 0.0054 degrees of longitude at 48.9 N,
// 0.0054 x 111,320 m x cos 48.9 = 395 m at the walk's 3.6 km/h, 395 s). A trip S1 07:59:30 -> S2
// 08:00:30 (ready 07:59 after the 60 s board slack) gives 2.5 min, 2 whole minutes; without route R,
// the walk's 6 min.
TEST(cli, routing_commands_run_on_a_scenario) {
  scenario_fixture f;
  ASSERT_EQ(f.build().exit_code_, 0);
  write(f.d("pq.csv"), "id,lon,lat\nP,2.4,48.9\nQ,2.4054,48.9\n");
  write(f.d("o.csv"), "id,lon,lat,pop\nP,2.4,48.9,10\n");
  write(f.d("q.csv"), "id,lon,lat,jobs\nQ,2.4054,48.9,7\n");
  write(f.d("fast.json"), R"({"name": "Rapide", "modifications": [{"type": "add-trips", "stops": [{"id": "0:S1"},
      {"id": "0:S2"}], "hop_times": [60], "frequencies": [{"first_departures": ["07:59:30"]}]}]})");
  write(f.d("none.json"), R"({"modifications": [{"type": "remove-trips", "routes": ["0:R"]}]})");
  write(f.d("bad.json"), R"({"modifications": [{"type": "remove-trips", "name": "Ligne 9", "routes": ["0:R9"]}]})");
  auto const matrix = [&](std::string const& extra) {
    auto const r =
        run("matrix --network " + f.d("base.net") + " --origins " + f.d("pq.csv") + " --destinations " + f.d("pq.csv") +
            " --departure '2026-11-24 07:58' --window 1 " + extra + " --out " + f.d("m.csv"));
    EXPECT_EQ(r.exit_code_, 0) << r.output_;
    return io::read_file(f.d("m.csv"));
  };
  EXPECT_NE(matrix("").find("P,Q,5\n"), std::string::npos);
  EXPECT_NE(matrix("--scenario " + f.d("fast.json")).find("P,Q,2\n"), std::string::npos);
  EXPECT_NE(matrix("--scenario " + f.d("none.json")).find("P,Q,6\n"), std::string::npos);
  auto const access = [&](std::string const& extra) {
    auto const r = run("access --network " + f.d("base.net") + " --origins " + f.d("o.csv") +
                       " --population-field pop --opportunities " + f.d("q.csv") +
                       " --opportunity-field jobs --cutoffs 4 --departure '2026-11-24 07:58' --window 1 " + extra +
                       " --out " + f.d("a.csv"));
    EXPECT_EQ(r.exit_code_, 0) << r.output_;
    return io::read_file(f.d("a.csv"));
  };
  EXPECT_NE(access("").find("P,10,0"), std::string::npos) << access("");                  // 5 min: not within 4
  EXPECT_NE(access("--scenario " + f.d("fast.json")).find("P,10,7"), std::string::npos);  // 2 min: 7 jobs
  auto const bad =
      run("matrix --network " + f.d("base.net") + " --origins " + f.d("pq.csv") + " --destinations " + f.d("pq.csv") +
          " --departure '2026-11-24 07:58' --window 1 --scenario " + f.d("bad.json") + " --out " + f.d("bad.csv"));
  EXPECT_EQ(bad.exit_code_, 2);
  EXPECT_NE(bad.output_.find("modification 0 (Ligne 9).routes[0]"), std::string::npos) << bad.output_;
  EXPECT_FALSE(std::filesystem::exists(f.d("bad.csv")));
}

}  // namespace
}  // namespace solimob::test
