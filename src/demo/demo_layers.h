#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/geo.h"

// The diagnostic inputs of the demo territory: a Filosofi-like 200 m population grid, QPV-like
// districts, communes and EPT, BPE-like services, employment zones, on-demand services, scenarios and
// the territory.toml that ties them together (docs/diagnostic_config.md). Everything but the commune
// polygons, codes, names, EPT, populations and the station positions is SYNTHETIC (demo/README.md).
namespace solimob::demo {

struct layer_commune {
  std::string code_;
  std::string name_;
  std::string ept_;
  long long population_{0};
  latlng pos_;
};

struct layer_stop {
  std::string id_;    // GTFS stop_id
  std::string name_;  // station name
  std::string line_;  // route_short_name ("RER B", "14", "T4")
  latlng pos_;
};

struct layer_bus {
  std::string route_id_;               // "BUS101"
  std::string first_trip_[2];          // first weekday trip of each direction
  int headway_min_{0};                 // weekday headway
  std::vector<std::string> stop_ids_;  // in line order
};

struct layer_inputs {
  std::vector<layer_commune> communes_;
  std::vector<layer_stop> stations_;  // rail, metro and tram stops
  std::vector<layer_bus> buses_;
};

// Writes population.gpkg, qpv.geojson, communes.geojson, ept.geojson, equipements.csv, emplois.csv,
// on_demand.json, scenarios/*.json and territory.toml into `dir`, deterministically (same bytes on
// every run). `data_dir` holds communes-93-ign-2018.geojson and departement-93-ign-2018.geojson.
void write_layers(std::filesystem::path const& data_dir, layer_inputs const& in, std::filesystem::path const& dir);

}  // namespace solimob::demo
