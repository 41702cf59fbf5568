#pragma once

#include <memory>
#include <string>

#include "fares/fare_state.h"

namespace solimob::network {
struct network;
}

namespace solimob::jobs {

// --fares FILE and --rider NAME of the routing commands.
struct fare_source {
  std::string fares_file_;  // r5r's fare structure (zip or folder); empty: the feeds' own fares
  std::string rider_;       // empty: no fares computed
  bool wanted() const { return !rider_.empty() || !fares_file_.empty(); }
};

// The pricer of `net`'s fares (or the file's, which replace them) for the rider: a built-in category
// (fares::builtin_rider), or a rider_categories.txt category of a Fares v2 feed; `full` when only the
// file is given. Throws input_error naming the option on an unknown rider or a bad file.
std::unique_ptr<fares::pricer> open_pricer(network::network const&, fare_source const&);

}  // namespace solimob::jobs
