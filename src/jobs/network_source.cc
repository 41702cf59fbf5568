#include "jobs/network_source.h"

#include <chrono>

#include "core/error.h"
#include "gtfs/report.h"
#include "scenario/scenario.h"

namespace solimob::jobs {

network::network open_network(network_source const& src, std::ostream& log) {
  if (src.network_.empty() == src.osm_.empty() || (src.network_.empty() && src.gtfs_.empty())) {
    throw input_error{"give either --network FILE or --osm FILE with --gtfs FEED"};
  }
  auto const start = std::chrono::steady_clock::now();
  if (!src.network_.empty()) {
    auto n = network::load(src.network_);
    log << "network loaded from " << src.network_ << " in "
        << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() << " s\n";
    return n;
  }
  gtfs::report r;
  auto n = network::build(src.osm_, {begin(src.gtfs_), end(src.gtfs_)}, {}, r);
  log << "network built in " << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()
      << " s; GTFS: " << r.count(gtfs::severity::kError) << " errors, " << r.count(gtfs::severity::kWarning)
      << " warnings (see 'solimob gtfs check'); " << n.islands_.islands_ << " street islands removed ("
      << n.islands_.removed_.n_edges() << " edges, " << n.stops_off_islands_
      << " stops linked to the kept streets instead)\n";
  return n;
}

void apply_scenario(std::string const& file, network::network& net, std::vector<ondemand::service>& services,
                    std::ostream& log) {
  auto const start = std::chrono::steady_clock::now();
  auto const s = scenario::read(file);
  auto applied = scenario::apply(net, services, s, file);
  net = std::move(applied.network_);
  services = std::move(applied.services_);
  log << "scenario " << s.name_ << ": " << s.modifications_.size() << " modifications applied in "
      << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() << " s\n";
}

}  // namespace solimob::jobs
