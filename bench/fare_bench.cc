// The time/fare search on the r5r paper workload (bench/poa_matrix.sh's parameters: Porto Alegre,
// 1,227 x 1,227 hexagons, 2019-05-13 14:00, window 120, max trip 120 min, max walk 1000 m at
// 3.6 km/h, 8 transfers), in process: the travel_time_engine without a pricer, then with a flat
// fare of 4.80 and a second ride boarded within 60 min at 2.40 (tests/support/allowance_pricer.h),
// then with that pricer and --max-fare 4.80, 7.20 and 9.60. Prints wall times, the ratios and how many samples
// differ from the plain search's times (none without a bound: the fastest trip is on every front).
//   build/bench/solimob_fare_bench [threads [origins]]
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "analysis/travel_times.h"
#include "network/network.h"
#include "support/allowance_pricer.h"

namespace {

using namespace solimob;

struct result {
  double wall_s_;
  std::vector<std::uint64_t> checksum_;  // per origin: the sum of reachable times, mixed with their count
  std::size_t reachable_{0};
};

result run(network::network const& net, std::vector<analysis::point> const& origins,
           std::vector<analysis::point> const& dests, analysis::travel_time_params const& p) {
  result r;
  r.checksum_.assign(origins.size(), 0);
  std::vector<std::size_t> reached(origins.size(), 0);
  auto const start = std::chrono::steady_clock::now();
  analysis::travel_time_engine const engine{net, dests, p};
  engine.run(origins, [&](analysis::origin_times const& t) {
    std::uint64_t sum = 0;
    std::size_t n = 0;
    for (auto const v : t.times_) {
      if (v != kUnreachable) {
        sum = sum * 31 + static_cast<std::uint64_t>(v);
        ++n;
      }
    }
    r.checksum_[t.origin_.v()] = sum ^ (n << 40);
    reached[t.origin_.v()] = n;
  });
  r.wall_s_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (auto const n : reached) {
    r.reachable_ += n;
  }
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  auto const dir = std::filesystem::path{SOLIMOB_SHARED_DIR} / "data" / "poa";
  if (!std::filesystem::exists(dir)) {
    std::fprintf(stderr, "%s is absent\n", dir.c_str());
    return 1;
  }
  auto const threads = argc > 1 ? static_cast<unsigned>(std::stoi(argv[1])) : 2U;
  gtfs::report report;
  auto const net = network::build(dir / "poa_osm.pbf", {dir / "poa_eptc.zip", dir / "poa_trensurb.zip"}, {}, report);
  auto const hexagons = analysis::read_points(dir / "poa_hexgrid.csv");
  auto origins = hexagons;
  if (argc > 2) {
    origins.resize(std::min(origins.size(), static_cast<std::size_t>(std::stoul(argv[2]))));
  }

  analysis::travel_time_params p;
  auto const dt = parse_date_time("2019-05-13 14:00");
  p.day_ = dt->day_;
  p.departure_ = dt->time_;
  p.window_min_ = 120;
  p.max_time_min_ = 120;
  p.max_transfers_ = 8;
  p.profile_.max_leg_m_ = 1000.0;
  p.profile_.speed_kmh_ = 3.6;
  p.threads_ = threads;

  auto const plain = run(net, origins, hexagons, p);
  test::allowance_pricer const pricer{{480}, 240, 3600};
  p.pricer_ = &pricer;
  auto const fares = run(net, origins, hexagons, p);
  std::vector<std::pair<std::int32_t, result>> bounded;
  for (auto const cents : {480, 720, 960}) {
    p.max_fare_cents_ = cents;
    bounded.emplace_back(cents, run(net, origins, hexagons, p));
  }

  std::size_t differ = 0;
  for (auto o = 0U; o != origins.size(); ++o) {
    differ += plain.checksum_[o] != fares.checksum_[o] ? 1 : 0;
  }
  std::printf("%zu origins x %zu destinations, window 120, %u threads\n", origins.size(), hexagons.size(), threads);
  std::printf("plain search:              %7.2f s  %zu reachable samples\n", plain.wall_s_, plain.reachable_);
  std::printf("flat fare 4.80 / 2.40:     %7.2f s  %zu reachable samples  %.2fx  origins differing: %zu\n",
              fares.wall_s_, fares.reachable_, fares.wall_s_ / plain.wall_s_, differ);
  for (auto const& [cents, b] : bounded) {
    std::printf("the same, --max-fare %d.%02d: %7.2f s  %zu reachable samples  %.2fx\n", cents / 100, cents % 100,
                b.wall_s_, b.reachable_, b.wall_s_ / plain.wall_s_);
  }
  return differ == 0 ? 0 : 2;
}
