#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "jobs/access_job.h"
#include "network/network.h"

namespace solimob::test {

// An access job on `net`, saved as n.net in `dir`, from the origins dir/o.csv (counted in
// `population_fields`, the first the whole population) to the opportunities dir/d.csv.
inline jobs::access_job access_job_on(network::network const& net, std::filesystem::path const& dir,
                                      std::vector<std::string> population_fields) {
  network::save(net, dir / "n.net");
  jobs::access_job job;
  job.network_.network_ = (dir / "n.net").string();
  job.origins_ = (dir / "o.csv").string();
  job.population_fields_ = std::move(population_fields);
  job.opportunities_ = (dir / "d.csv").string();
  return job;
}

}  // namespace solimob::test
