#include "jobs/fare_source.h"

#include <algorithm>
#include <optional>

#include "core/error.h"
#include "fares/fare_model.h"
#include "network/network.h"

namespace solimob::jobs {

namespace {

// Whether a Fares v2 feed of the network names `rider` in its rider_categories.txt (id or name).
bool feed_has_category(network::network const& net, std::string const& rider) {
  return std::any_of(begin(net.fare_tables_), end(net.fare_tables_), [&](gtfs::fare_table const& t) {
    if (t.file_ != "rider_categories.txt") {
      return false;
    }
    for (auto col = 0U; col != t.header_.size(); ++col) {
      if (t.header_[col] != "rider_category_id" && t.header_[col] != "rider_category_name") {
        continue;
      }
      for (auto row = 0U; row != t.n_rows(); ++row) {
        if (t.cell(row, col) == rider) {
          return true;
        }
      }
    }
    return false;
  });
}

}  // namespace

std::unique_ptr<fares::pricer> open_pricer(network::network const& net, fare_source const& src) {
  auto const name = src.rider_.empty() ? std::string{"full"} : src.rider_;
  auto who = fares::builtin_rider(name);
  if (!who && feed_has_category(net, name)) {
    who = fares::rider{name, fares::rider::kind::kFull, 0, {}};
  }
  if (!who) {
    std::string known;
    for (auto const& n : fares::builtin_rider_names()) {
      known += (known.empty() ? "" : ", ") + n;
    }
    throw input_error{"--rider", 0, "",
                      "unknown rider category '" + name + "' (built-in: " + known +
                          ", or a rider_categories.txt category of a GTFS Fares v2 feed)"};
  }
  fares::fare_model model{std::nullopt, net.fare_tables_};
  if (!src.fares_file_.empty()) {
    model.r5r_ = fares::read_r5r_fares(src.fares_file_);
  } else if (net.fare_tables_.empty()) {
    throw input_error{
        "no fare rules to price trips with: give --fares FILE (r5r's fare structure) or build the "
        "network from feeds with GTFS fare files"};
  }
  return fares::make_pricer(model, *who, net.transit_);
}

}  // namespace solimob::jobs
