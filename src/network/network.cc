#include "network/network.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>

#include "core/error.h"
#include "core/parallel.h"
#include "gtfs/feed.h"
#include "io/binary_io.h"
#include "io/file_util.h"
#include "network/stations.h"
#include "osm/car_import.h"
#include "osm/street_import.h"
#include "profile/edge_costs.h"
#include "street/attached_points.h"
#include "street/elevation.h"

namespace solimob::network {

namespace {

constexpr char kMagic[8] = {'S', 'O', 'L', 'I', 'M', 'O', 'B', 'N'};

std::uint64_t fnv1a(std::uint64_t h, std::string_view bytes) {
  for (auto const c : bytes) {
    h ^= static_cast<std::uint8_t>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::uint64_t fingerprint(std::filesystem::path const& osm, std::vector<std::filesystem::path> const& gtfs,
                          build_params const& p) {
  auto h = 0xcbf29ce484222325ULL;
  auto const add_path = [&](std::filesystem::path const& f) {
    if (std::filesystem::is_directory(f)) {
      std::vector<std::filesystem::path> files;
      for (auto const& e : std::filesystem::directory_iterator{f}) {
        files.push_back(e.path());
      }
      std::sort(begin(files), end(files));
      for (auto const& x : files) {
        h = fnv1a(h, x.filename().string());
        h = fnv1a(h, io::read_file(x));
      }
    } else {
      h = fnv1a(h, io::read_file(f));
    }
  };
  add_path(osm);
  for (auto const& g : gtfs) {
    add_path(g);
  }
  if (p.elevation_) {
    add_path(*p.elevation_);
  }
  if (p.lts_file_) {
    add_path(*p.lts_file_);
  }
  if (p.car_speeds_) {
    add_path(*p.car_speeds_);
  }
  auto const params = std::to_string(p.link_radius_m_) + "/" + std::to_string(p.max_transfer_m_);
  return fnv1a(h, params);
}

// Saved transfers are the plain walk's: lengths, or its costs where pathways time or orient edges.
std::optional<street::edge_costs> transfer_costs(street::street_graph const& streets) {
  auto const walk = profile::find_profile("walk");
  return profile::needs_costs(streets, walk)
             ? std::optional{profile::make_edge_costs(streets, walk, profile::accessibility_bound::kOptimistic)}
             : std::nullopt;
}

std::uint32_t transfer_limit_cm(build_params const& p) {
  return static_cast<std::uint32_t>(std::lround(p.max_transfer_m_ * 100.0));
}

}  // namespace

std::vector<transit::stop_transfer> compute_transfers(street::street_graph const& streets,
                                                      std::span<street::snap const> stop_snaps,
                                                      street::edge_costs const* costs, std::uint32_t limit_cm,
                                                      unsigned threads, std::span<stop_idx const> sources) {
  auto const n_stops = static_cast<std::uint32_t>(stop_snaps.size());
  auto const n_sources = sources.empty() ? n_stops : static_cast<std::uint32_t>(sources.size());
  street::attached_points const stops{streets, {begin(stop_snaps), end(stop_snaps)}};
  std::vector<std::vector<transit::stop_transfer>> per_stop(n_sources);
  std::atomic<std::uint32_t> next{0};
  auto const work = [&]() {
    street::walk_search search{streets, costs};
    street::reach_scratch scratch{n_stops};
    for (auto i = next++; i < n_sources; i = next++) {
      auto const s = sources.empty() ? i : sources[i].v();
      auto const& src = stop_snaps[s];
      if (!src.valid()) {
        continue;
      }
      search.run(src, limit_cm);
      auto& out = per_stop[i];
      stops.for_each_reached(search, src, scratch, [&](std::uint32_t t, std::uint32_t cm) {
        if (t != s) {
          out.push_back({stop_idx{s}, stop_idx{t}, cm});
        }
      });
      std::sort(begin(out), end(out), [](auto const& a, auto const& b) { return a.to_ < b.to_; });
    }
  };
  std::vector<std::thread> pool;
  for (auto i = 0U; i != thread_count(threads); ++i) {
    pool.emplace_back(work);
  }
  for (auto& t : pool) {
    t.join();
  }
  std::vector<transit::stop_transfer> all;
  for (auto const& v : per_stop) {
    all.insert(end(all), begin(v), end(v));
  }
  return all;
}

std::size_t network::n_unlinked_stops() const {
  return static_cast<std::size_t>(
      std::count_if(begin(stop_snap_), end(stop_snap_), [](street::snap const& s) { return !s.valid(); }));
}

network assemble(street::street_graph streets, std::vector<gtfs::feed> const& feeds, build_params const& p,
                 street::island_pruning islands) {
  // Stop times count seconds from the service day in the feed's own zone: feeds of two zones
  // would put trips hours apart on one clock, so they are refused rather than mixed.
  for (auto const& f : feeds) {
    if (f.timezone_ != feeds.front().timezone_) {
      auto const name = [](gtfs::feed const& x) {
        return "'" + x.source_ + "' (" + (x.timezone_.empty() ? std::string{"no agency_timezone"} : x.timezone_) + ")";
      };
      throw input_error{"GTFS feeds in different time zones: " + name(feeds.front()) + " and " + name(f) +
                        "; solimob reads all stop times on one clock: give feeds of one time zone"};
    }
  }
  network n;
  n.params_ = p;
  n.streets_ = std::move(streets);
  n.islands_ = std::move(islands);
  std::vector<vector_map<gtfs::feed_stop_idx, stop_idx>> stop_of;
  for (auto i = 0U; i != feeds.size(); ++i) {
    stop_of.push_back(n.transit_.add_feed(feeds[i], std::to_string(i) + ":"));
    for (auto t : feeds[i].fare_tables_) {
      t.feed_ = i;
      n.fare_tables_.push_back(std::move(t));
    }
  }
  // Platforms of stations with pathways stand on their own node, reached through the entrances;
  // every other stop links to the nearest street.
  auto const platform_node = add_station_pathways(n.streets_, feeds, p.link_radius_m_);
  street::street_index index{n.streets_};
  n.stop_snap_.resize(n.transit_.n_stops());
  for (auto fi = 0U; fi != feeds.size(); ++fi) {
    for (auto const i : feeds[fi].stops_.keys()) {
      auto const s = stop_of[fi][i];
      if (!s.valid()) {
        continue;  // not a routable stop
      }
      auto const on_pathways = !platform_node.empty() && platform_node[fi][i].valid();
      n.stop_snap_[s] = on_pathways ? street::snap_at_node(n.streets_, platform_node[fi][i])
                                    : index.nearest(n.transit_.stop_pos_[s], p.link_radius_m_);
    }
  }
  n.stops_off_islands_ = street::count_island_links(n.islands_, n.transit_.stop_pos_, n.stop_snap_, p.link_radius_m_);
  auto const costs = transfer_costs(n.streets_);
  n.transfers_ =
      compute_transfers(n.streets_, n.stop_snap_, costs ? &*costs : nullptr, transfer_limit_cm(p), p.threads_);
  return n;
}

void relink_stops(network& n, std::vector<stop_idx> const& resnap, std::vector<stop_idx> const& retransfer) {
  auto const n_stops = n.transit_.n_stops();
  n.stop_snap_.resize(n_stops);
  // The walk's costs, when a scenario closed streets to walkers or slowed them: stops link only to what
  // the walk may use, as travel times re-link them (analysis/travel_times.cc), and transfers cost them.
  auto const costs = transfer_costs(n.streets_);
  if (!resnap.empty()) {
    street::street_index const index{n.streets_};
    for (auto const s : resnap) {
      auto const& old = n.stop_snap_[s];
      if (old.valid() && (n.streets_.edge_attr_[old.edge_].flags_ & street::edge_attr::kStation) != 0) {
        continue;  // a platform reached through its station's entrances
      }
      n.stop_snap_[s] = index.nearest(n.transit_.stop_pos_[s], n.params_.link_radius_m_, costs ? &*costs : nullptr);
    }
  }
  // Sources: the changed stops and every stop close enough to walk a transfer to one of them.
  std::vector<std::uint8_t> is_source(n_stops, 0);
  std::vector<latlng> changed;
  for (auto const* list : {&resnap, &retransfer}) {
    for (auto const s : *list) {
      is_source[s.v()] = 1;
      changed.push_back(n.transit_.stop_pos_[s]);
    }
  }
  if (changed.empty()) {
    return;
  }
  local_projection const proj{changed.front().lat_};
  std::vector<std::pair<double, double>> xy;
  for (auto const& c : changed) {
    xy.emplace_back(proj.x(c), proj.y(c));
  }
  std::sort(begin(xy), end(xy));
  // A transfer costs at most max_transfer_m of walking; on edges a scenario made faster it goes farther.
  auto const r = n.params_.max_transfer_m_ /
                 street::min_walk_factor({n.streets_.edge_factor_.begin(), n.streets_.edge_factor_.end()});
  for (auto s = 0U; s != n_stops; ++s) {
    if (is_source[s] != 0) {
      continue;
    }
    auto const p = n.transit_.stop_pos_[stop_idx{s}];
    auto const x = proj.x(p);
    auto const y = proj.y(p);
    for (auto it = std::lower_bound(begin(xy), end(xy), std::pair{x - r, -1e300}); it != end(xy) && it->first <= x + r;
         ++it) {
      if (std::hypot(it->first - x, it->second - y) <= r) {
        is_source[s] = 1;
        break;
      }
    }
  }
  std::vector<stop_idx> sources;
  for (auto s = 0U; s != n_stops; ++s) {
    if (is_source[s] != 0) {
      sources.emplace_back(s);
    }
  }
  auto fresh = compute_transfers(n.streets_, n.stop_snap_, costs ? &*costs : nullptr, transfer_limit_cm(n.params_),
                                 n.params_.threads_, sources);
  std::erase_if(n.transfers_, [&](transit::stop_transfer const& t) { return is_source[t.from_.v()] != 0; });
  n.transfers_.insert(end(n.transfers_), begin(fresh), end(fresh));
  std::sort(begin(n.transfers_), end(n.transfers_), [](auto const& a, auto const& b) {
    return std::pair{a.from_, a.to_} < std::pair{b.from_, b.to_};
  });
}

network build(std::filesystem::path const& osm, std::vector<std::filesystem::path> const& gtfs_paths,
              build_params const& p, gtfs::report& r) {
  // Streets and feeds are independent: read them side by side.
  osm::imported_streets streets;
  osm::imported_cars cars;
  std::exception_ptr street_error;
  std::thread reader{[&]() {
    try {
      streets = osm::import_streets(osm, street::kMinIslandVertices,
                                    p.lts_file_ ? osm::read_lts_overrides(*p.lts_file_) : osm::lts_overrides{});
      cars = osm::import_cars(osm, p.car_speeds_ ? osm::read_car_speeds(*p.car_speeds_) : osm::car_speeds{});
    } catch (...) {
      street_error = std::current_exception();
    }
  }};
  std::vector<gtfs::feed> feeds;
  try {
    for (auto const& g : gtfs_paths) {
      feeds.push_back(gtfs::load(g, r));
    }
  } catch (...) {
    reader.join();
    throw;
  }
  reader.join();
  if (street_error) {
    std::rethrow_exception(street_error);
  }
  auto const overridden = streets.lts_overridden_ways_, not_found = streets.lts_overrides_not_found_,
             raised = streets.lts_raised_edges_;
  auto n = assemble(std::move(streets.graph_), feeds, p, std::move(streets.islands_));
  n.lts_overridden_ways_ = overridden;
  n.lts_overrides_not_found_ = not_found;
  n.lts_raised_edges_ = raised;
  n.cars_ = std::move(cars.cars_);
  n.car_figures_ = {cars.maxspeed_edges_, cars.restrictions_, cars.overridden_ways_, cars.overrides_not_found_,
                    cars.island_nodes_removed_};
  // After assembly: island pruning renumbers edges and does not carry slopes.
  if (p.elevation_) {
    n.slopes_ = street::add_slopes(n.streets_, *p.elevation_, p.elevation_crs_);
  }
  n.fingerprint_ = fingerprint(osm, gtfs_paths, p);
  return n;
}

namespace {

// The fare tables as flat columns: one entry per table, their headers and cells end to end.
struct fare_columns {
  std::vector<std::string> file_;
  std::vector<std::uint32_t> feed_, n_header_, n_rows_;
  std::vector<std::string> header_;
  std::vector<std::uint32_t> line_;
  std::vector<std::string> cells_;
};

fare_columns flatten(std::vector<gtfs::fare_table> const& tables) {
  fare_columns c;
  for (auto const& t : tables) {
    c.file_.push_back(t.file_);
    c.feed_.push_back(t.feed_);
    c.n_header_.push_back(static_cast<std::uint32_t>(t.header_.size()));
    c.n_rows_.push_back(static_cast<std::uint32_t>(t.n_rows()));
    c.header_.insert(c.header_.end(), t.header_.begin(), t.header_.end());
    c.line_.insert(c.line_.end(), t.line_.begin(), t.line_.end());
    c.cells_.insert(c.cells_.end(), t.cells_.begin(), t.cells_.end());
  }
  return c;
}

// False when the counts do not add up (a corrupt file).
bool unflatten(fare_columns const& c, std::vector<gtfs::fare_table>& out) {
  auto const n = c.file_.size();
  if (c.feed_.size() != n || c.n_header_.size() != n || c.n_rows_.size() != n) {
    return false;
  }
  std::size_t h = 0;
  std::size_t l = 0;
  std::size_t cell = 0;
  for (auto i = 0U; i != n; ++i) {
    gtfs::fare_table t;
    t.file_ = c.file_[i];
    t.feed_ = c.feed_[i];
    auto const n_cells = std::size_t{c.n_header_[i]} * c.n_rows_[i];
    if (h + c.n_header_[i] > c.header_.size() || l + c.n_rows_[i] > c.line_.size() ||
        cell + n_cells > c.cells_.size()) {
      return false;
    }
    t.header_.assign(c.header_.begin() + static_cast<std::ptrdiff_t>(h),
                     c.header_.begin() + static_cast<std::ptrdiff_t>(h + c.n_header_[i]));
    t.line_.assign(c.line_.begin() + static_cast<std::ptrdiff_t>(l),
                   c.line_.begin() + static_cast<std::ptrdiff_t>(l + c.n_rows_[i]));
    t.cells_.assign(c.cells_.begin() + static_cast<std::ptrdiff_t>(cell),
                    c.cells_.begin() + static_cast<std::ptrdiff_t>(cell + n_cells));
    h += c.n_header_[i];
    l += c.n_rows_[i];
    cell += n_cells;
    out.push_back(std::move(t));
  }
  return h == c.header_.size() && l == c.line_.size() && cell == c.cells_.size();
}

// The columns of the file, in order: one list for both directions, so save and load cannot drift.
// `Io` is a binary_writer (network const) or a binary_reader (network).
template <typename Io, typename Network>
void columns(Io& io, Network& n) {
  auto& s = n.streets_;
  io.vec(s.node_pos_);
  io.vec(s.edge_from_);
  io.vec(s.edge_to_);
  io.vec(s.edge_length_cm_);
  io.rows(s.adjacency_);
  io.vec(s.node_attr_);
  io.vec(s.edge_attr_);
  io.vec(s.edge_slope_);

  auto& c = n.cars_.graph_;
  io.vec(c.node_pos_);
  io.vec(c.edge_from_);
  io.vec(c.edge_to_);
  io.vec(c.edge_length_cm_);
  io.rows(c.adjacency_);
  io.vec(c.node_attr_);
  io.vec(c.edge_attr_);
  io.vec(n.cars_.speed_kmh_x10_);

  auto& t = n.transit_;
  io.vec(t.stop_pos_);
  io.strings(t.stop_id_);
  io.strings(t.stop_name_);
  io.vec(t.stop_wheelchair_);
  io.strings(t.route_id_);
  io.strings(t.route_name_);
  io.vec(t.route_type_);
  io.vec(t.service_first_day_);
  io.rows(t.service_days_);
  io.vec(t.trip_route_);
  io.vec(t.trip_service_);
  io.vec(t.trip_wheelchair_);
  io.rows(t.trip_stops_);
  io.vec(t.trip_arrival_);
  io.vec(t.trip_departure_);
  io.vec(t.trip_stop_flags_);
  io.rows(t.sequence_stops_);
  io.vec(t.sequence_flags_);
  io.rows(t.sequence_trips_);
  io.vec(t.min_transfers_);
  io.vec(t.frequencies_);
  // Format 7 (scenario transit modifications): trip ids, kept apart from the street columns.
  io.strings(t.trip_id_);

  io.vec(n.stop_snap_);
  io.vec(n.transfers_);

  fare_columns fc;
  if constexpr (std::is_const_v<Network>) {
    fc = flatten(n.fare_tables_);
  }
  io.strings(fc.file_);
  io.vec(fc.feed_);
  io.vec(fc.n_header_);
  io.vec(fc.n_rows_);
  io.strings(fc.header_);
  io.vec(fc.line_);
  io.strings(fc.cells_);
  if constexpr (!std::is_const_v<Network>) {
    if (!unflatten(fc, n.fare_tables_)) {
      throw input_error{"corrupt network file (fare tables)"};
    }
  }

  // Format 7, street scenarios (src/scenario/street_modifications.cc): the OSM way of every walk and
  // car edge, and the walk graph's time factors (empty unless a scenario was applied).
  io.vec(s.edge_way_);
  io.vec(c.edge_way_);
  io.vec(s.edge_factor_);
}

// Every id and row count the routing code indexes with, checked once at load: a corrupt or edited
// file is refused instead of read out of bounds. Returns what is wrong, empty when consistent.
std::string inconsistency(network const& n) {
  auto const& s = n.streets_;
  auto const nodes = s.n_nodes(), edges = s.n_edges();
  auto const below = [](auto const& ids, std::size_t limit) {
    return std::all_of(begin(ids), end(ids), [&](auto const& id) { return id.v() < limit; });
  };
  if (s.edge_to_.size() != edges || s.edge_length_cm_.size() != edges || s.edge_attr_.size() != edges ||
      s.node_attr_.size() != nodes || (!s.edge_slope_.empty() && s.edge_slope_.size() != edges) ||
      s.edge_way_.size() != edges || (!s.edge_factor_.empty() && s.edge_factor_.size() != edges) ||
      s.adjacency_.size() != nodes || !below(s.edge_from_, nodes) || !below(s.edge_to_, nodes) ||
      !std::all_of(begin(s.adjacency_.data_), end(s.adjacency_.data_),
                   [&](auto const& x) { return x.node_.v() < nodes && x.edge_.v() < edges; })) {
    return "street columns";
  }
  auto const& c = n.cars_.graph_;
  auto const car_nodes = c.n_nodes(), car_edges = c.n_edges();
  if (c.edge_to_.size() != car_edges || c.edge_length_cm_.size() != car_edges || c.edge_attr_.size() != car_edges ||
      n.cars_.speed_kmh_x10_.size() != car_edges || c.edge_way_.size() != car_edges ||
      c.node_attr_.size() != car_nodes || c.adjacency_.size() != car_nodes || !below(c.edge_from_, car_nodes) ||
      !below(c.edge_to_, car_nodes) ||
      !std::all_of(begin(c.adjacency_.data_), end(c.adjacency_.data_),
                   [&](auto const& x) { return x.node_.v() < car_nodes && x.edge_.v() < car_edges; })) {
    return "car network columns";
  }
  auto const& t = n.transit_;
  auto const stops = t.n_stops(), trips = t.n_trips();
  if (t.stop_id_.size() != stops || t.stop_name_.size() != stops || t.stop_wheelchair_.size() != stops ||
      t.route_name_.size() != t.route_id_.size() || t.route_type_.size() != t.route_id_.size() ||
      t.service_days_.size() != t.service_first_day_.size() || t.trip_service_.size() != trips ||
      t.trip_wheelchair_.size() != trips || t.trip_stops_.size() != trips ||
      (!t.trip_id_.empty() && t.trip_id_.size() != trips) || !below(t.trip_route_, t.route_id_.size()) ||
      !below(t.trip_service_, t.service_first_day_.size())) {
    return "trip columns";
  }
  auto const stop_times = t.trip_stops_.data_.size();
  if (t.trip_arrival_.size() != stop_times || t.trip_departure_.size() != stop_times ||
      t.trip_stop_flags_.size() != stop_times || !below(t.trip_stops_.data_, stops) ||
      std::any_of(begin(t.trip_stops_.offsets_) + 1, end(t.trip_stops_.offsets_),
                  [&, prev = std::uint32_t{0}](std::uint32_t o) mutable { return std::exchange(prev, o) == o; })) {
    return "stop times";  // every trip has at least one stop time
  }
  if (t.sequence_trips_.size() != t.sequence_stops_.size() ||
      t.sequence_flags_.size() != t.sequence_stops_.data_.size() || !below(t.sequence_stops_.data_, stops) ||
      !below(t.sequence_trips_.data_, trips)) {
    return "stop sequences";
  }
  if (!std::all_of(begin(t.min_transfers_), end(t.min_transfers_),
                   [&](auto const& m) { return m.from_.v() < stops && m.to_.v() < stops; }) ||
      !std::all_of(begin(t.frequencies_), end(t.frequencies_), [&](auto const& f) { return f.trip_.v() < trips; })) {
    return "transfer rules or frequencies";
  }
  if (n.stop_snap_.size() != stops ||
      !std::all_of(begin(n.stop_snap_), end(n.stop_snap_),
                   [&](street::snap const& x) { return !x.valid() || x.edge_.v() < edges; }) ||
      !std::all_of(begin(n.transfers_), end(n.transfers_),
                   [&](auto const& x) { return x.from_.v() < stops && x.to_.v() < stops; })) {
    return "stop links or transfers";
  }
  return {};
}

}  // namespace

void save(network const& n, std::filesystem::path const& path) {
  io::write_atomically(path, [&](std::ostream& out) {
    io::binary_writer w{out};
    out.write(kMagic, sizeof(kMagic));
    w.pod(kFormatVersion);
    w.pod(n.fingerprint_);
    w.pod(n.params_.link_radius_m_);
    w.pod(n.params_.max_transfer_m_);
    columns(w, n);
  });
}

network load(std::filesystem::path const& path) {
  auto const bytes = io::read_file(path);
  io::binary_reader r{bytes, path.string()};
  if (bytes.size() < sizeof(kMagic) || std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0) {
    throw incompatible_file_error{path.string() + ": not a solimob network file"};
  }
  r.skip(sizeof(kMagic));
  auto const version = r.pod<std::uint32_t>();
  if (version != kFormatVersion) {
    throw incompatible_file_error{path.string() + ": network format version " + std::to_string(version) +
                                  ", this solimob reads version " + std::to_string(kFormatVersion) +
                                  ": rebuild it with 'solimob network build'"};
  }
  network n;
  n.fingerprint_ = r.pod<std::uint64_t>();
  n.params_.link_radius_m_ = r.pod<double>();
  n.params_.max_transfer_m_ = r.pod<double>();
  columns(r, n);
  r.expect_end();
  if (auto const what = inconsistency(n); !what.empty()) {
    throw input_error{path.string() + ": corrupt network file (" + what +
                      " out of range): rebuild it with 'solimob network build'"};
  }
  return n;
}

}  // namespace solimob::network
