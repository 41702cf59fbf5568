#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "gtfs/feed.h"
#include "gtfs/report.h"
#include "street/car_network.h"
#include "street/elevation.h"
#include "street/street_graph.h"
#include "transit/day_timetable.h"
#include "transit/timetable.h"

namespace solimob::network {

struct build_params {
  double link_radius_m_{500.0};    // stops farther than this from any walkable street stay unlinked
  double max_transfer_m_{1000.0};  // walking transfers between stops up to this length
  unsigned threads_{0};            // 0 = all cores
  // A DEM GeoTIFF for edge slopes (street/elevation.h), and its CRS when the file declares none.
  std::optional<std::filesystem::path> elevation_;
  std::optional<std::string> elevation_crs_;
  // Cycling stress per OSM way in r5r's format (osm_id,lts), overriding the labeler.
  std::optional<std::filesystem::path> lts_file_;
  // Car speeds per OSM way in r5r's format (osm_id,max_speed,speed_type), over maxspeed and defaults.
  std::optional<std::filesystem::path> car_speeds_;
};

// What the car import found (osm/car_import.h): known at build, not saved.
struct car_build_figures {
  std::size_t maxspeed_edges_{0};
  std::size_t restrictions_{0};  // turn restriction relations, not applied (README, "Car network")
  std::size_t overridden_ways_{0};
  std::size_t overrides_not_found_{0};
  std::size_t island_nodes_removed_{0};
};

// Streets + transit + the links between them: built once, saved, loaded for every query.
struct network {
  street::street_graph streets_;
  street::car_network cars_;  // empty when the extract has no drivable way
  transit::timetable transit_;
  vector_map<stop_idx, street::snap> stop_snap_;   // invalid snap: stop not linked to the streets
  std::vector<transit::stop_transfer> transfers_;  // sorted by (from, to)
  // The feeds' fare files as read (gtfs::fare_table::feed_ = the feed's number): fares::make_pricer.
  std::vector<gtfs::fare_table> fare_tables_;
  build_params params_;
  std::uint64_t fingerprint_{0};  // of the input files and build parameters

  // Street islands removed before linking, and how many stops would have linked to one: known when
  // the network is built, not saved in the file (a loaded network reports none).
  street::island_pruning islands_;
  std::size_t stops_off_islands_{0};
  street::slope_summary slopes_;  // of the DEM, when one was given to network build (not saved)
  // Cycling stress (not saved): ways set from --lts-file, listed ids not among the walkable ways,
  // edges raised by R5's intersection rule (before island pruning).
  std::size_t lts_overridden_ways_{0};
  std::size_t lts_overrides_not_found_{0};
  std::size_t lts_raised_edges_{0};
  car_build_figures car_figures_;

  std::size_t n_unlinked_stops() const;
};

// Links a street graph (islands already pruned, `islands` what was removed) and loaded feeds: stops
// snapped to streets, walking transfers computed. Throws input_error naming the feeds when their
// agency_timezone differ.
network assemble(street::street_graph, std::vector<gtfs::feed> const&, build_params const&,
                 street::island_pruning islands = {});

// Street transfers from every linked stop (an invalid snap: not linked), or only from `sources`
// (ascending) when not empty, to the linked stops within `limit_cm` of `costs` (lengths when null),
// sorted by (from, to).
std::vector<transit::stop_transfer> compute_transfers(street::street_graph const&,
                                                      std::span<street::snap const> stop_snaps,
                                                      street::edge_costs const* costs, std::uint32_t limit_cm,
                                                      unsigned threads, std::span<stop_idx const> sources = {});

// Re-links a network after a local change (scenario::apply) instead of rebuilding it: the stops of
// `resnap` (new stops included: stop_snap_ is resized to the timetable's stops) are snapped anew to
// the nearest street, except platforms standing on station pathways; then the transfers from every
// stop of `resnap` and `retransfer`, and from every stop within max_transfer_m of those (a transfer
// towards them starts there), are computed anew. Other transfers are kept as they are.
void relink_stops(network&, std::vector<stop_idx> const& resnap, std::vector<stop_idx> const& retransfer);

// Reads OSM + GTFS feeds (zip or folder) and assembles them. GTFS findings go to `r`.
network build(std::filesystem::path const& osm, std::vector<std::filesystem::path> const& gtfs, build_params const&,
              gtfs::report& r);

// Versioned binary format: magic, format version, fingerprint, then the columns.
// Writing is atomic; loading a file of another version throws incompatible_file_error.
void save(network const&, std::filesystem::path const&);
network load(std::filesystem::path const&);

// 3: transfers.txt rules keep same-stop and forbidden (type 3) entries; stations are not stops;
// frequencies.txt entries kept (not expanded), with their phase seeds.
// 4: street node and edge attributes (accessibility, surface, cycling stress, pathways), edge slopes,
// stop and trip wheelchair accessibility.
// 5: trips grouped into stop sequences (timetable::sequence_*) at build, not for every day timetable;
// offset arrays (street adjacency too) saved as nested rows (offsets, then data); stations with pathways linked through
// their entrances (src/network/stations.h), cycling stress raised at unsignalled intersections.
// 6: the feeds' fare files (GTFS Fares v1 and v2) kept as read, for fares::make_pricer; the car network
// (street::car_network: drivable ways, one-way edges, speeds).
// 7: trip ids (timetable::trip_id_, for scenarios' trip selections).
// 8 (street scenarios): the OSM way id of every walk and car edge (street_graph::edge_way_), the walk
// edges' scenario time factors (street_graph::edge_factor_), edge_attr::kNoFoot; saved after the fare tables.
constexpr std::uint32_t kFormatVersion = 8;

}  // namespace solimob::network
