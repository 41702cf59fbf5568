// scenario::apply on Porto Alegre (OSM + EPTC + Trensurb, built in process, or a saved network file):
// each docs/scenarios/*.json example, then a doubled Trensurb LINHA1 (AddTrips over the stops and
// times of its longest trip, every 10 min, both ways). Prints the best and median wall time of 5
// applies of each; the check against the network is included, the copy of the network too.
//   build/bench/solimob_scenario_bench [network.net]
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

void time_apply(network::network const& net, scenario::scenario const& s, std::string const& label) {
  std::vector<double> wall;
  std::size_t trips = 0;
  for (auto i = 0; i != 5; ++i) {
    auto const start = std::chrono::steady_clock::now();
    auto const out = scenario::apply(net, {}, s, label);
    wall.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    trips = out.network_.transit_.n_trips();
  }
  std::sort(begin(wall), end(wall));
  std::printf("%-28s best %.3f s  median %.3f s  (%zu trips after, %zu before)\n", label.c_str(), wall.front(), wall[2],
              trips, net.transit_.n_trips());
}

// AddTrips doubling the longest trip of `route`, every 10 min from 05:00 to 23:00, both ways.
std::string doubled(transit::timetable const& tt, std::string const& route) {
  auto best = trip_idx::invalid();
  for (auto t = trip_idx{0}; t.v() != tt.n_trips(); t = trip_idx{t.v() + 1}) {
    if (tt.route_id_[tt.trip_route_[t]] == route && (!best.valid() || tt.trip_size(t) > tt.trip_size(best))) {
      best = t;
    }
  }
  std::ostringstream m;
  m << R"({"modifications": [{"type": "add-trips", "name": "double", "bidirectional": true, "stops": [)";
  auto const b = tt.trip_stops_.begin_at(best);
  std::string hops, dwells;
  for (auto k = 0U; k != tt.trip_size(best); ++k) {
    m << (k == 0 ? "" : ", ") << R"({"id": ")" << tt.stop_id_[tt.trip_stops_[best][k]] << R"("})";
    dwells += (k == 0 ? "" : ", ") + std::to_string(tt.trip_departure_[b + k] - tt.trip_arrival_[b + k]);
    if (k != 0) {
      hops += (k == 1 ? "" : ", ") + std::to_string(tt.trip_arrival_[b + k] - tt.trip_departure_[b + k - 1]);
    }
  }
  m << "], \"hop_times\": [" << hops << "], \"dwell_times\": [" << dwells
    << R"(], "frequencies": [{"start_time": "05:00", "end_time": "23:00", "headway_secs": 600}]}]})";
  return m.str();
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path const shared{SOLIMOB_SHARED_DIR};
  auto const dir = shared / "data" / "poa";
  network::network net;
  auto const t0 = std::chrono::steady_clock::now();
  if (argc > 1) {
    net = network::load(argv[1]);
  } else {
    if (!std::filesystem::exists(dir)) {
      std::fprintf(stderr, "no %s: give a network file\n", dir.c_str());
      return 1;
    }
    gtfs::report r;
    net = network::build(dir / "poa_osm.pbf", {dir / "poa_eptc.zip", dir / "poa_trensurb.zip"}, {}, r);
  }
  std::printf("network: %zu stops, %zu trips, %zu transfers, %zu street edges (ready in %.1f s)\n",
              net.transit_.n_stops(), net.transit_.n_trips(), net.transfers_.size(), net.streets_.n_edges(),
              std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  std::vector<std::filesystem::path> examples;
  for (auto const& e : std::filesystem::directory_iterator{std::filesystem::path{SOLIMOB_DOCS_DIR} / "scenarios"}) {
    if (e.path().extension() == ".json") {
      examples.push_back(e.path());
    }
  }
  std::sort(begin(examples), end(examples));
  for (auto const& p : examples) {
    time_apply(net, scenario::read(p), p.filename().string());
  }
  time_apply(net, scenario::parse(doubled(net.transit_, "1:LINHA1"), "double.json"), "doubled 1:LINHA1");
  // The copy alone, for reference: apply copies the whole network before editing it.
  auto const c0 = std::chrono::steady_clock::now();
  network::network const copy = net;
  std::printf("copy of the network alone: %.3f s (%zu trips)\n",
              std::chrono::duration<double>(std::chrono::steady_clock::now() - c0).count(), copy.transit_.n_trips());
  return 0;
}
