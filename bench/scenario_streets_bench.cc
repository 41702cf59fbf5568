// Street projects applied to Porto Alegre (OSM + EPTC + Trensurb): the time of scenario::apply (the copy
// of the network, check, apply, re-linking) for a modify-streets closing the way of the first stop linked to an OSM
// street to walkers, then for that plus a 150 m footbridge from that stop eastwards. Prints the median of `runs`
// applies of each, and the network's edge counts. Target: < 1 s each.
//   build/bench/solimob_scenario_streets_bench [runs]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "network/network.h"
#include "scenario/scenario.h"

namespace {

using namespace solimob;

double median_s(network::network const& n, scenario::scenario const& s, int runs, std::size_t& edges) {
  std::vector<double> t;
  for (auto i = 0; i != runs; ++i) {
    auto const start = std::chrono::steady_clock::now();
    auto const out = scenario::apply(n, {}, s, "bench.json");
    t.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    edges = out.network_.streets_.n_edges();
  }
  std::sort(begin(t), end(t));
  return t[t.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  auto const runs = argc > 1 ? std::stoi(argv[1]) : 5;
  auto const dir = std::filesystem::path{SOLIMOB_SHARED_DIR} / "data" / "poa";
  if (!std::filesystem::exists(dir / "poa_osm.pbf")) {
    std::printf("skipped: %s is absent\n", dir.c_str());
    return 0;
  }
  gtfs::report r;
  auto const n = network::build(dir / "poa_osm.pbf", {dir / "poa_eptc.zip", dir / "poa_trensurb.zip"}, {}, r);
  // The first stop linked to an OSM street.
  auto s = stop_idx{0};
  while (s.v() != n.transit_.n_stops() &&
         (!n.stop_snap_[s].valid() || n.streets_.edge_way_[n.stop_snap_[s].edge_] <= 0)) {
    s = stop_idx{s.v() + 1};
  }
  if (s.v() == n.transit_.n_stops()) {
    std::printf("no stop linked to an OSM street\n");
    return 1;
  }
  auto const stop = n.transit_.stop_pos_[s];
  auto const way = n.streets_.edge_way_[n.stop_snap_[s].edge_];
  std::ostringstream close, both;
  close.precision(10);
  close << R"({"modifications": [{"type": "modify-streets", "osm_ways": [)" << way
        << R"(], "allowed_modes": ["bike", "car"]}]})";
  both.precision(10);
  // 0.0015 degree of longitude at 30 S: 144 m.
  both << R"({"modifications": [{"type": "modify-streets", "osm_ways": [)" << way
       << R"(], "allowed_modes": ["bike", "car"]}, {"type": "add-streets", "geometry": [[)" << stop.lng_ << ", "
       << stop.lat_ << "], [" << stop.lng_ + 0.0015 << ", " << stop.lat_ << "]]}]}";
  std::size_t edges = 0;
  auto const t_close = median_s(n, scenario::parse(close.str(), "close.json"), runs, edges);
  std::printf("POA: %zu walk edges, %zu car edges, %zu stops\n", n.streets_.n_edges(), n.cars_.graph_.n_edges(),
              n.transit_.n_stops());
  std::printf("modify-streets (way %lld closed to walkers): median %.3f s over %d runs\n", static_cast<long long>(way),
              t_close, runs);
  auto const t_both = median_s(n, scenario::parse(both.str(), "both.json"), runs, edges);
  std::printf("modify-streets + add-streets footbridge: median %.3f s over %d runs (%zu walk edges after)\n", t_both,
              runs, edges);
  auto const start = std::chrono::steady_clock::now();
  network::network copy{n};
  std::printf("of which the copy of the network alone: %.3f s\n",
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return copy.streets_.n_edges() == n.streets_.n_edges() ? 0 : 1;
}
