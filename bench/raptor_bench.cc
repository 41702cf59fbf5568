// Single-origin queries on Porto Alegre: one rRAPTOR run per departure minute, as the matrix does.
//   build/bench/solimob_bench
#include <benchmark/benchmark.h>

#include <filesystem>

#include "analysis/travel_times.h"
#include "network/network.h"

namespace {

using namespace solimob;

struct poa_data {
  poa_data() {
    auto const dir = std::filesystem::path{SOLIMOB_SHARED_DIR} / "data" / "poa";
    gtfs::report r;
    net_ = network::build(dir / "poa_osm.pbf", {dir / "poa_eptc.zip", dir / "poa_trensurb.zip"}, {}, r);
    hexagons_ = analysis::read_points(dir / "poa_hexgrid.csv");
  }
  network::network net_;
  std::vector<analysis::point> hexagons_;
};

poa_data const& data() {
  static poa_data const d;
  return d;
}

// One origin (a central hexagon) to all 1,227 hexagons over a window of state.range(0) minutes;
// the per-destination setup (egress legs, day timetable) is done once outside the loop.
void one_origin(benchmark::State& state) {
  if (!std::filesystem::exists(std::filesystem::path{SOLIMOB_SHARED_DIR} / "data" / "poa")) {
    state.SkipWithError("../shared/data/poa is absent");
    return;
  }
  auto const& d = data();
  analysis::travel_time_params p;
  auto const dt = parse_date_time("2019-05-13 14:00");
  p.day_ = dt->day_;
  p.departure_ = dt->time_;
  p.window_min_ = static_cast<int>(state.range(0));
  p.threads_ = 1;
  std::vector<analysis::point> const origin{d.hexagons_[600]};
  analysis::travel_time_engine const engine{d.net_, d.hexagons_, p};
  for (auto _ : state) {
    std::size_t reached = 0;
    engine.run(origin, [&](analysis::origin_times const& t) {
      for (auto const v : t.times_) {
        reached += v != kUnreachable ? 1 : 0;
      }
    });
    benchmark::DoNotOptimize(reached);
  }
  state.counters["minutes"] = static_cast<double>(state.range(0));
}
BENCHMARK(one_origin)->Arg(1)->Arg(120)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
