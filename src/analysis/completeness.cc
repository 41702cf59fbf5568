#include "analysis/completeness.h"

#include <algorithm>
#include <cstdio>

#include "network/network.h"

namespace solimob::analysis {

namespace {

bool unknown_for(street::street_graph const& g, edge_idx e, profile::profile const& p) {
  auto const& a = g.edge_attr_[e];
  if (a.kind_ != street::edge_kind::kStreet) {
    return false;
  }
  if (p.wheelchair_) {
    auto const unknown_kerb = [&](node_idx n) { return g.node_attr_[n].kerb_ == street::kerb_tag::kUnknown; };
    return (a.wheelchair_ == street::wheelchair_tag::kUnknown && a.surface_ == street::surface_class::kUnknown) ||
           unknown_kerb(g.edge_from_[e]) || unknown_kerb(g.edge_to_[e]);
  }
  auto const reads_surface = p.rough_factor_ != 1.0 || p.unpaved_factor_ != 1.0;
  return reads_surface && a.surface_ == street::surface_class::kUnknown;
}

}  // namespace

accessibility_completeness measure_completeness(network::network const& net, profile::profile const& p) {
  accessibility_completeness c;
  auto const& tt = net.transit_;
  c.stops_ = tt.n_stops();
  c.stops_unknown_ = static_cast<std::size_t>(std::count(begin(tt.stop_wheelchair_), end(tt.stop_wheelchair_), 0));
  c.trips_ = tt.n_trips();
  c.trips_unknown_ = static_cast<std::size_t>(std::count(begin(tt.trip_wheelchair_), end(tt.trip_wheelchair_), 0));
  auto const& g = net.streets_;
  for (auto i = 0U; i != g.n_edges(); ++i) {
    auto const e = edge_idx{i};
    if ((g.edge_attr_[e].flags_ & street::edge_attr::kStation) != 0) {
      continue;  // pathways and entrance links are not streets (and are known by construction)
    }
    auto const m = static_cast<double>(g.edge_length_cm_[e]) / 100.0;
    c.street_m_ += m;
    if (unknown_for(g, e, p)) {
      c.street_unknown_m_ += m;
    }
  }
  return c;
}

std::string describe(accessibility_completeness const& c, profile::profile const& p) {
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "accessibility data for the %s profile: %zu stops, %.1f %% without wheelchair_boarding; %zu trips, "
                "%.1f %% without wheelchair_accessible; %.1f km of streets, %.1f %% unknown for this profile",
                p.name_.c_str(), c.stops_, c.stops_unknown_pct(), c.trips_, c.trips_unknown_pct(), c.street_m_ / 1000.0,
                c.street_unknown_pct());
  return buf;
}

}  // namespace solimob::analysis
