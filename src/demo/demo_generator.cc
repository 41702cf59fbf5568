#include "demo/demo_generator.h"

#include <zip.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <ctime>
#include <limits>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <osmium/builder/attr.hpp>
#include <osmium/io/header.hpp>
#include <osmium/io/pbf_output.hpp>
#include <osmium/io/writer.hpp>
#include <osmium/memory/buffer.hpp>
#include <osmium/osm/box.hpp>
#include <osmium/osm/location.hpp>

#include "core/error.h"
#include "core/geo.h"
#include "demo/demo_layers.h"
#include "demo/detail/text.h"
#include "io/csv_reader.h"
#include "io/file_util.h"

namespace solimob::demo {

namespace {

namespace fs = std::filesystem;
using detail::coord;
using detail::csv_field;
using detail::fixed;
using detail::rng;

// Each output draws from its own generator so that changing one (say, more footways) does not
// reshuffle the others.
constexpr std::uint32_t kStreetSeed = 93'000'001;
constexpr std::uint32_t kBusSeed = 93'000'004;

// ---------------------------------------------------------------------------------------------
// Embedded reference data

struct commune {
  std::string code_;
  std::string name_;
  std::string ept_;
  long long population_{0};
  latlng pos_;
};

struct station {
  std::string name_;
  latlng pos_;
};

struct line {
  std::string name_;  // route_short_name: "RER B", "13", "T1"
  std::string mode_;
  int route_type_{0};
  int headway_min_{0};
  double speed_kmh_{0.0};
  std::vector<station> stations_;
};

std::string read_data_file(fs::path const& p) {
  // read_file throws io_error, but a missing embedded file is a broken installation, i.e. bad input.
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) {
    throw input_error{p.string(), 0, "", "demo data file is missing (expected in the repository's demo/ folder)"};
  }
  return io::read_file(p);
}

latlng read_position(io::csv_reader const& csv, std::size_t lon_col, std::size_t lat_col) {
  auto const lon = csv.get_double(lon_col);
  auto const lat = csv.get_double(lat_col);
  if (!is_valid_wgs84(lat, lon)) {
    throw input_error{csv.file_name(), csv.line(), "lon", "coordinate out of WGS84 range"};
  }
  return {lat, lon};
}

std::vector<commune> read_communes(fs::path const& p) {
  auto const content = read_data_file(p);
  io::csv_reader csv{p.string(), content};
  auto const code = csv.required_column("code_insee");
  auto const name = csv.required_column("nom");
  auto const ept = csv.required_column("ept_nom");
  auto const pop = csv.required_column("population");
  auto const lon = csv.required_column("lon");
  auto const lat = csv.required_column("lat");
  std::vector<commune> out;
  std::set<std::string, std::less<>> seen;
  while (csv.next()) {
    commune c{std::string{csv.field(code)}, std::string{csv.field(name)}, std::string{csv.field(ept)}, csv.get_int(pop),
              read_position(csv, lon, lat)};
    if (c.code_.empty() || c.name_.empty() || c.ept_.empty()) {
      throw input_error{p.string(), csv.line(), "", "code_insee, nom and ept_nom must not be empty"};
    }
    if (c.population_ <= 0) {
      throw input_error{p.string(), csv.line(), "population", "population must be positive"};
    }
    if (!seen.insert(c.code_).second) {
      throw input_error{p.string(), csv.line(), "code_insee", "duplicate commune '" + c.code_ + "'"};
    }
    out.push_back(std::move(c));
  }
  if (out.empty()) {
    throw input_error{p.string(), 0, "", "no commune"};
  }
  return out;
}

// Rows of one line are contiguous and numbered 1..n by stop_order; line attributes repeat on every row.
std::vector<line> read_lines(fs::path const& p) {
  auto const content = read_data_file(p);
  io::csv_reader csv{p.string(), content};
  auto const name = csv.required_column("line");
  auto const mode = csv.required_column("mode");
  auto const route_type = csv.required_column("route_type");
  auto const headway = csv.required_column("headway_min");
  auto const speed = csv.required_column("speed_kmh");
  auto const order = csv.required_column("stop_order");
  auto const st = csv.required_column("station");
  auto const lon = csv.required_column("lon");
  auto const lat = csv.required_column("lat");
  std::vector<line> out;
  std::set<std::string, std::less<>> seen;
  while (csv.next()) {
    auto const line_name = std::string{csv.field(name)};
    if (line_name.empty() || csv.field(st).empty()) {
      throw input_error{p.string(), csv.line(), "", "line and station must not be empty"};
    }
    if (out.empty() || out.back().name_ != line_name) {
      if (!seen.insert(line_name).second) {
        throw input_error{p.string(), csv.line(), "line", "rows of line '" + line_name + "' are not contiguous"};
      }
      line l{line_name,
             std::string{csv.field(mode)},
             static_cast<int>(csv.get_int(route_type)),
             static_cast<int>(csv.get_int(headway)),
             csv.get_double(speed),
             {}};
      if (l.headway_min_ <= 0 || l.headway_min_ > 120) {
        throw input_error{p.string(), csv.line(), "headway_min", "headway must be within 1..120 minutes"};
      }
      if (l.speed_kmh_ <= 1.0 || l.speed_kmh_ > 200.0) {
        throw input_error{p.string(), csv.line(), "speed_kmh", "speed must be within 1..200 km/h"};
      }
      if (l.route_type_ < 0 || l.route_type_ > 12) {
        throw input_error{p.string(), csv.line(), "route_type", "not a basic GTFS route_type (0..12)"};
      }
      out.push_back(std::move(l));
    }
    auto& l = out.back();
    if (csv.get_int(order) != static_cast<long long>(l.stations_.size()) + 1) {
      throw input_error{p.string(), csv.line(), "stop_order",
                        "expected " + std::to_string(l.stations_.size() + 1) + " (stations are listed in line order)"};
    }
    l.stations_.push_back({std::string{csv.field(st)}, read_position(csv, lon, lat)});
  }
  for (auto const& l : out) {
    if (l.stations_.size() < 2) {
      throw input_error{p.string(), 0, "", "line '" + l.name_ + "' has fewer than two stations"};
    }
  }
  if (out.empty()) {
    throw input_error{p.string(), 0, "", "no line"};
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Text helpers

std::string two_digits(long long v) {
  return (v < 10 ? "0" : "") + std::to_string(v);
}

// GTFS service time: hours go past 24 for trips running after midnight.
std::string gtfs_time(long long secs) {
  return two_digits(secs / 3600) + ":" + two_digits(secs / 60 % 60) + ":" + two_digits(secs % 60);
}

// ASCII identifier from a French station name: "Hôtel de Ville de La Courneuve" -> HOTEL_DE_VILLE_DE_LA_COURNEUVE.
// Two-byte UTF-8 Latin-1 letters are folded to their base letter; anything else non-alphanumeric
// (spaces, dashes, apostrophes, the en dash of "Saint-Denis – Pleyel") becomes a single '_'.
std::string slug(std::string_view s) {
  // Base letters of U+00C0..U+00FF; '_' where there is none (×, ÷, ...).
  constexpr std::string_view kFold = "AAAAAAACEEEEIIII_NOOOOO_OUUUUY__AAAAAAACEEEEIIII_NOOOOO_OUUUUY_Y";
  static_assert(kFold.size() == 0x40);
  std::string out;
  auto sep = false;
  auto put = [&](char c) {
    if (sep && !out.empty()) {
      out += '_';
    }
    sep = false;
    out += c;
  };
  for (auto i = 0U; i < s.size(); ++i) {
    auto const c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (std::isalnum(c) != 0) {
        put(static_cast<char>(std::toupper(c)));
      } else {
        sep = true;
      }
      continue;
    }
    if ((c & 0xE0) == 0xC0 && i + 1 < s.size()) {
      auto const cp = ((c & 0x1FU) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3FU);
      ++i;
      if (cp >= 0xC0 && cp <= 0xFF && kFold[cp - 0xC0] != '_') {
        put(kFold[cp - 0xC0]);
        continue;
      }
      if (cp == 0x152 || cp == 0x153) {  // Œ œ
        put('O');
        put('E');
        continue;
      }
      sep = true;
      continue;
    }
    // Longer sequences (punctuation such as the en dash): skip the continuation bytes.
    while (i + 1 < s.size() && (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80) {
      ++i;
    }
    sep = true;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// streets.osm.pbf

// Bounding box of the département (IGN 2018 polygon: lon 2.288..2.603, lat 48.807..49.012), rounded out.
constexpr double kMinLon = 2.28;
constexpr double kMaxLon = 2.61;
constexpr double kMinLat = 48.80;
constexpr double kMaxLat = 49.02;
constexpr double kSpacingM = 300.0;
constexpr double kJitterM = 35.0;  // node perturbation, small enough that streets never cross
constexpr int kPrimaryEvery = 5;
constexpr double kDamagedCellShare = 0.05;  // cells losing some of their non-primary edges
constexpr int kFootways = 40;

// An A1-like motorway: from Porte de la Chapelle along the Stade de France, then north-east past
// Le Bourget towards Roissy. Rough shape only; walking must not use it.
constexpr double kMotorway[][2] = {{2.3600, 48.8990}, {2.3590, 48.9300}, {2.3900, 48.9500},
                                   {2.4600, 48.9620}, {2.5200, 48.9900}, {2.5500, 49.0150}};

struct street_grid {
  int rows_{0};
  int cols_{0};
  std::vector<latlng> pos_;                    // row-major
  std::vector<bool> has_right_;                // edge (r, c) - (r, c + 1)
  std::vector<bool> has_up_;                   // edge (r, c) - (r + 1, c)
  std::vector<std::pair<int, int>> footways_;  // node indices of diagonal footways
  std::size_t n_edges_{0};
};

street_grid make_grid() {
  rng r{kStreetSeed};
  local_projection const proj{(kMinLat + kMaxLat) / 2.0};
  auto const x0 = proj.x({kMinLat, kMinLon});
  auto const y0 = proj.y({kMinLat, kMinLon});
  auto const x1 = proj.x({kMaxLat, kMaxLon});
  auto const y1 = proj.y({kMaxLat, kMaxLon});
  street_grid g;
  g.cols_ = static_cast<int>((x1 - x0) / kSpacingM) + 1;
  g.rows_ = static_cast<int>((y1 - y0) / kSpacingM) + 1;
  auto const n = static_cast<std::size_t>(g.rows_) * static_cast<std::size_t>(g.cols_);
  g.pos_.reserve(n);
  for (auto row = 0; row != g.rows_; ++row) {
    for (auto col = 0; col != g.cols_; ++col) {
      auto const dx = r.uniform(-kJitterM, kJitterM);
      auto const dy = r.uniform(-kJitterM, kJitterM);
      g.pos_.push_back(proj.inverse(x0 + col * kSpacingM + dx, y0 + row * kSpacingM + dy));
    }
  }
  auto const idx = [&](int row, int col) { return static_cast<std::size_t>(row) * g.cols_ + col; };
  g.has_right_.assign(n, false);
  g.has_up_.assign(n, false);
  for (auto row = 0; row != g.rows_; ++row) {
    for (auto col = 0; col != g.cols_; ++col) {
      g.has_right_[idx(row, col)] = col + 1 < g.cols_;
      g.has_up_[idx(row, col)] = row + 1 < g.rows_;
    }
  }
  // Not a perfect grid: some blocks merge into larger ones (parks, rail yards, big estates). Primary
  // streets are kept so the arterial network stays continuous.
  for (auto row = 0; row + 1 < g.rows_; ++row) {
    for (auto col = 0; col + 1 < g.cols_; ++col) {
      if (!r.chance(kDamagedCellShare)) {
        continue;
      }
      auto const bottom_primary = row % kPrimaryEvery == 0;
      auto const top_primary = (row + 1) % kPrimaryEvery == 0;
      auto const left_primary = col % kPrimaryEvery == 0;
      auto const right_primary = (col + 1) % kPrimaryEvery == 0;
      auto const drop_bottom = r.chance(0.5);
      auto const drop_top = r.chance(0.5);
      auto const drop_left = r.chance(0.5);
      auto const drop_right = r.chance(0.5);
      if (drop_bottom && !bottom_primary) {
        g.has_right_[idx(row, col)] = false;
      }
      if (drop_top && !top_primary) {
        g.has_right_[idx(row + 1, col)] = false;
      }
      if (drop_left && !left_primary) {
        g.has_up_[idx(row, col)] = false;
      }
      if (drop_right && !right_primary) {
        g.has_up_[idx(row, col + 1)] = false;
      }
    }
  }
  // Removing edges can cut off a few nodes: reconnect every piece to the main network, so that no
  // population point or service is stranded on an island (a white zone made by the generator).
  for (;;) {
    std::vector<bool> seen(n, false);
    std::vector<std::size_t> queue{0};
    seen[0] = true;
    while (!queue.empty()) {
      auto const v = queue.back();
      queue.pop_back();
      auto const row = static_cast<int>(v / static_cast<std::size_t>(g.cols_));
      auto const col = static_cast<int>(v % static_cast<std::size_t>(g.cols_));
      auto const visit = [&](bool linked, int rr, int cc) {
        if (linked && !seen[idx(rr, cc)]) {
          seen[idx(rr, cc)] = true;
          queue.push_back(idx(rr, cc));
        }
      };
      visit(g.has_right_[v], row, col + 1);
      visit(g.has_up_[v], row + 1, col);
      visit(col > 0 && g.has_right_[idx(row, col - 1)], row, col - 1);
      visit(row > 0 && g.has_up_[idx(row - 1, col)], row - 1, col);
    }
    auto restored = false;
    for (auto row = 0; row != g.rows_; ++row) {
      for (auto col = 0; col != g.cols_; ++col) {
        auto const v = idx(row, col);
        if (col + 1 < g.cols_ && !g.has_right_[v] && seen[v] != seen[idx(row, col + 1)]) {
          g.has_right_[v] = true;
          restored = true;
        }
        if (row + 1 < g.rows_ && !g.has_up_[v] && seen[v] != seen[idx(row + 1, col)]) {
          g.has_up_[v] = true;
          restored = true;
        }
      }
    }
    if (!restored) {
      break;
    }
  }
  // Diagonal footways across some blocks: shortcuts that only walking may use.
  for (auto i = 0; i != kFootways; ++i) {
    auto const row = static_cast<int>(r.index(static_cast<std::size_t>(g.rows_ - 1)));
    auto const col = static_cast<int>(r.index(static_cast<std::size_t>(g.cols_ - 1)));
    g.footways_.emplace_back(static_cast<int>(idx(row, col)), static_cast<int>(idx(row + 1, col + 1)));
  }
  g.n_edges_ = static_cast<std::size_t>(std::count(begin(g.has_right_), end(g.has_right_), true) +
                                        std::count(begin(g.has_up_), end(g.has_up_), true)) +
               g.footways_.size();
  return g;
}

// Motorway vertices every ~kSpacingM along kMotorway.
std::vector<latlng> motorway_polyline() {
  std::vector<latlng> out;
  auto const n = std::size(kMotorway);
  for (auto i = 0U; i + 1 < n; ++i) {
    latlng const a{kMotorway[i][1], kMotorway[i][0]};
    latlng const b{kMotorway[i + 1][1], kMotorway[i + 1][0]};
    auto const steps = std::max(1, static_cast<int>(std::lround(haversine_m(a, b) / kSpacingM)));
    for (auto s = 0; s != steps; ++s) {
      auto const t = static_cast<double>(s) / steps;
      out.push_back({a.lat_ + t * (b.lat_ - a.lat_), a.lng_ + t * (b.lng_ - a.lng_)});
    }
  }
  out.push_back({kMotorway[n - 1][1], kMotorway[n - 1][0]});
  return out;
}

void write_streets(street_grid const& g, fs::path const& out) {
  using namespace osmium::builder::attr;  // NOLINT: the attr DSL is designed for this
  auto const motorway = motorway_polyline();
  auto const n_grid = g.pos_.size();
  auto const node_id = [](std::size_t i) { return static_cast<osmium::object_id_type>(i + 1); };

  // Only nodes some way uses are written; ids keep their grid numbering, so they still increase.
  std::vector<bool> used(n_grid, false);
  for (auto i = 0U; i != n_grid; ++i) {
    if (g.has_right_[i]) {
      used[i] = used[i + 1] = true;
    }
    if (g.has_up_[i]) {
      used[i] = used[i + static_cast<std::size_t>(g.cols_)] = true;
    }
  }
  for (auto const& [a, b] : g.footways_) {
    used[static_cast<std::size_t>(a)] = used[static_cast<std::size_t>(b)] = true;
  }

  osmium::memory::Buffer buffer{1024 * 1024, osmium::memory::Buffer::auto_grow::yes};
  auto const add_node = [&](osmium::object_id_type id, latlng p) {
    osmium::builder::add_node(buffer, _id(id), _version(1), _location(osmium::Location{p.lng_, p.lat_}),
                              _tag("source", "synthetic"));
  };
  for (auto i = 0U; i != n_grid; ++i) {
    if (used[i]) {
      add_node(node_id(i), g.pos_[i]);
    }
  }
  for (auto i = 0U; i != motorway.size(); ++i) {
    add_node(node_id(n_grid + i), motorway[i]);
  }

  osmium::object_id_type way_id = 0;
  auto const add_way = [&](std::vector<osmium::object_id_type> const& nodes, char const* highway,
                           std::string const& name) {
    if (nodes.size() < 2) {
      return;
    }
    osmium::builder::add_way(buffer, _id(++way_id), _version(1), _nodes(nodes), _tag("highway", highway),
                             _tag(std::string{"name"}, name), _tag("source", "synthetic"));
  };
  // One way per maximal run of consecutive kept edges along each grid line.
  auto const add_line = [&](int n_steps, auto const& node_at, auto const& has_edge, char const* highway,
                            std::string const& name) {
    std::vector<osmium::object_id_type> run;
    for (auto k = 0; k != n_steps; ++k) {
      if (run.empty()) {
        run.push_back(node_id(node_at(k)));
      }
      if (k + 1 < n_steps && has_edge(k)) {
        run.push_back(node_id(node_at(k + 1)));
      } else {
        add_way(run, highway, name);
        run.clear();
      }
    }
  };
  auto const cols = static_cast<std::size_t>(g.cols_);
  for (auto row = 0; row != g.rows_; ++row) {
    auto const base = static_cast<std::size_t>(row) * cols;
    auto const primary = row % kPrimaryEvery == 0;
    add_line(
        g.cols_, [&](int k) { return base + static_cast<std::size_t>(k); },
        [&](int k) { return g.has_right_[base + static_cast<std::size_t>(k)]; }, primary ? "primary" : "residential",
        (primary ? "Avenue synthétique E" : "Rue synthétique E") + std::to_string(row));
  }
  for (auto col = 0; col != g.cols_; ++col) {
    auto const c = static_cast<std::size_t>(col);
    auto const primary = col % kPrimaryEvery == 0;
    add_line(
        g.rows_, [&](int k) { return static_cast<std::size_t>(k) * cols + c; },
        [&](int k) { return g.has_up_[static_cast<std::size_t>(k) * cols + c]; }, primary ? "primary" : "residential",
        (primary ? "Avenue synthétique N" : "Rue synthétique N") + std::to_string(col));
  }
  for (auto i = 0U; i != g.footways_.size(); ++i) {
    auto const [a, b] = g.footways_[i];
    add_way({node_id(static_cast<std::size_t>(a)), node_id(static_cast<std::size_t>(b))}, "footway",
            "Allée synthétique " + std::to_string(i + 1));
  }
  {
    std::vector<osmium::object_id_type> nodes;
    for (auto i = 0U; i != motorway.size(); ++i) {
      nodes.push_back(node_id(n_grid + i));
    }
    osmium::builder::add_way(buffer, _id(++way_id), _version(1), _nodes(nodes), _tag("highway", "motorway"),
                             _tag("ref", "A1"), _tag("name", "Autoroute synthétique A1"), _tag("oneway", "no"),
                             _tag("source", "synthetic"));
  }

  osmium::io::Header header;
  header.set("generator", "solimob demo (synthetic)");
  header.set("sorting", "Type_then_ID");
  header.add_box(osmium::Box{kMinLon, kMinLat, kMaxLon, kMaxLat});

  // Written beside the target and renamed, so an interrupted run never leaves a truncated PBF.
  auto tmp = out;
  tmp += ".tmp";
  try {
    // No metadata: version/timestamp would only add noise (and the clock) to a synthetic file.
    osmium::io::Writer writer{osmium::io::File{tmp.string(), "pbf,add_metadata=false"}, header,
                              osmium::io::overwrite::allow};
    writer(std::move(buffer));
    writer.close();
    fs::rename(tmp, out);
  } catch (std::exception const& e) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw io_error{out.string() + ": cannot write OpenStreetMap file: " + e.what()};
  }
}

// ---------------------------------------------------------------------------------------------
// gtfs.zip

constexpr long long kFirstDeparture = 5 * 3600 + 30 * 60;  // 05:30:00
constexpr long long kLastDeparture = 24 * 3600 + 30 * 60;  // 24:30:00 (00:30 the next morning)
constexpr long long kDwellS = 30;
// The line written with blank times at every other intermediate stop (GTFS interpolation path).
constexpr std::string_view kInterpolatedLine = "RER E";
// The line described by frequencies.txt instead of individual trips.
constexpr std::string_view kFrequencyLine = "T1";

struct service {
  char const* id_;
  char const* code_;  // short form in trip ids
  bool weekend_;
  // Weekend headways are 1.5 times the weekday ones, rounded up to the minute.
  int headway_min(int weekday_min) const { return weekend_ ? (weekday_min * 3 + 1) / 2 : weekday_min; }
  int headway_min(line const& l) const { return headway_min(l.headway_min_); }
};
constexpr service kServices[] = {{"WEEKDAY", "WD", false}, {"WEEKEND", "WE", true}};

// "RER B" -> "B", "T1" -> "T1": the prefix of the line's route and stop ids.
std::string line_code(std::string_view name) {
  if (name.starts_with("RER ")) {
    name.remove_prefix(4);
  }
  std::string out;
  for (auto const c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

struct stop_time_row {
  long long arrival_;
  long long departure_;
  bool timepoint_;
};

// Offsets from the first departure: run time at the line's commercial speed plus a dwell at each
// intermediate stop, so arrival and departure differ there.
std::vector<stop_time_row> run_times(line const& l, std::vector<std::size_t> const& order) {
  auto const speed_ms = l.speed_kmh_ / 3.6;
  std::vector<stop_time_row> out;
  long long t = 0;
  for (auto i = 0U; i != order.size(); ++i) {
    if (i != 0) {
      t += std::lround(haversine_m(l.stations_[order[i - 1]].pos_, l.stations_[order[i]].pos_) / speed_ms);
    }
    auto const intermediate = i != 0 && i + 1 != order.size();
    out.push_back({t, intermediate ? t + kDwellS : t, true});
    if (intermediate) {
      t += kDwellS;
    }
  }
  if (l.name_ == kInterpolatedLine) {
    for (auto i = 1U; i + 1 < out.size(); i += 2) {
      out[i].timepoint_ = false;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Synthetic bus network (SYNTHETIC: no real bus line is reproduced)
//
// Trunk lines run straight along the primary streets (every kPrimaryEvery-th grid row and column)
// where they cross the populated part of the territory; a few L-shaped lines, partly along residential
// streets link rail stations directly. Stops sit exactly on street-grid nodes, so they link to the
// street network at zero distance; a stop is shared by every bus line passing the node.

constexpr double kOriginRadiusM = 1200.0;  // population scatter around a commune centroid
// Running speed between stops; with a 20 s dwell every ~375 m the commercial speed is ~15 km/h.
constexpr double kBusSpeedKmh = 19.0;
constexpr long long kBusDwellS = 20;
constexpr std::size_t kBusMinHeadwayMin = 8;
constexpr std::size_t kBusMaxHeadwayMin = 15;
// Grid nodes farther than this beyond a commune's population scatter get no trunk line.
constexpr double kServedMarginM = 800.0;
constexpr int kMaxServedGapNodes = 8;  // a trunk line bridges at most this many unserved nodes (2.4 km)
constexpr int kMinBusNodes = 13;       // shorter runs (< ~3.6 km) get no line
constexpr int kMaxTrunkNodes = 75;     // longer runs (> ~22 km) are split at a primary crossing
constexpr std::size_t kFirstBusNumber = 101;
// L-shaped residential lines between two rail stations (skipped when a station is not in lines.csv).
constexpr std::pair<std::string_view, std::string_view> kBusLinks[] = {
    {"Saint-Denis - Université", "Le Bourget"},
    {"Rosny-Bois-Perrier", "Aulnay-sous-Bois"},
    {"Bobigny Pablo Picasso", "Sevran-Livry"},
    {"Le Raincy-Villemomble-Montfermeil", "Vert-Galant"},
};

struct bus_line {
  std::string number_;              // route_short_name: "101"
  std::vector<std::size_t> path_;   // consecutive grid nodes, each pair joined by a street edge
  std::vector<std::size_t> stops_;  // positions in path_ served by a stop, increasing, first and last included
  int headway_min_{0};              // weekday
  long long offset_s_{0};           // first departure after kFirstDeparture
};

// Stops every ~400 m: at grid indices k with k % kPrimaryEvery in {0, 1, 3, 4} (300 / 600 / 300 /
// 300 m gaps), so that every primary crossing on a line's path is a stop, shared with the line on the
// crossing street.
bool stop_index(int k) {
  return k % kPrimaryEvery != 2;
}

std::vector<bus_line> make_bus_lines(street_grid const& g, std::vector<commune> const& communes,
                                     std::vector<line> const& lines) {
  auto const rows = g.rows_;
  auto const cols = g.cols_;
  auto const idx = [&](int row, int col) {
    return static_cast<std::size_t>(row) * static_cast<std::size_t>(cols) + static_cast<std::size_t>(col);
  };
  local_projection const proj{(kMinLat + kMaxLat) / 2.0};

  // Nodes near the population: within the commune's scatter radius plus a margin.
  std::vector<bool> served(g.pos_.size(), false);
  for (auto const& c : communes) {
    auto const radius =
        kOriginRadiusM * std::clamp(std::sqrt(static_cast<double>(c.population_) / 60000.0), 0.5, 1.0) + kServedMarginM;
    auto const cx = proj.x(c.pos_);
    auto const cy = proj.y(c.pos_);
    for (auto i = 0U; i != g.pos_.size(); ++i) {
      auto const dx = proj.x(g.pos_[i]) - cx;
      auto const dy = proj.y(g.pos_[i]) - cy;
      if (dx * dx + dy * dy <= radius * radius) {
        served[i] = true;
      }
    }
  }

  std::vector<bus_line> out;
  // A straight or L-shaped path; `along` gives the grid index along the street (column along a
  // row, row along a column) deciding where the stops are.
  auto const add = [&](std::vector<std::size_t> path, std::vector<int> const& along) {
    bus_line b;
    auto const ucols = static_cast<std::size_t>(cols);
    for (auto k = 0U; k != path.size(); ++k) {
      // The turn of an L: its neighbours differ in both row and column.
      auto const corner = k != 0 && k + 1 != path.size() && path[k - 1] / ucols != path[k + 1] / ucols &&
                          path[k - 1] % ucols != path[k + 1] % ucols;
      if (k == 0 || k + 1 == path.size() || corner || stop_index(along[k])) {
        b.stops_.push_back(k);
      }
    }
    b.path_ = std::move(path);
    out.push_back(std::move(b));
  };

  // Trunk lines: maximal served runs along each primary row, then each primary column.
  auto const trunk = [&](int n_steps, auto const& node_at) {
    auto first = -1;
    auto last = -1;
    auto const flush = [&] {
      if (first < 0 || last - first + 1 < kMinBusNodes) {
        return;
      }
      auto const n = last - first + 1;
      auto const pieces = (n + kMaxTrunkNodes - 1) / kMaxTrunkNodes;
      // Pieces meet at a primary crossing (a shared stop), so they connect.
      auto begin_k = first;
      for (auto p = 1; p <= pieces; ++p) {
        auto end_k = last;
        if (p != pieces) {
          end_k = first + n * p / pieces;
          end_k -= end_k % kPrimaryEvery;
        }
        std::vector<std::size_t> path;
        std::vector<int> along;
        for (auto k = begin_k; k <= end_k; ++k) {
          path.push_back(node_at(k));
          along.push_back(k);
        }
        add(std::move(path), along);
        begin_k = end_k;
      }
    };
    for (auto k = 0; k != n_steps; ++k) {
      if (!served[node_at(k)]) {
        if (last >= 0 && k - last > kMaxServedGapNodes) {
          flush();
          first = last = -1;
        }
        continue;
      }
      if (first < 0) {
        first = k;
      }
      last = k;
    }
    flush();
  };
  for (auto row = 0; row < rows; row += kPrimaryEvery) {
    trunk(cols, [&](int k) { return idx(row, k); });
  }
  for (auto col = 0; col < cols; col += kPrimaryEvery) {
    trunk(rows, [&](int k) { return idx(k, col); });
  }

  // L-shaped links: along the row of the first station, then the column of the second. The row and
  // column are shifted by up to two blocks when a removed street edge interrupts them.
  auto const nearest = [&](latlng p) {
    auto best = std::size_t{0};
    auto best_d = std::numeric_limits<double>::max();
    for (auto i = 0U; i != g.pos_.size(); ++i) {
      auto const dx = proj.x(g.pos_[i]) - proj.x(p);
      auto const dy = proj.y(g.pos_[i]) - proj.y(p);
      if (dx * dx + dy * dy < best_d) {
        best_d = dx * dx + dy * dy;
        best = i;
      }
    }
    return std::pair{static_cast<int>(best / static_cast<std::size_t>(cols)),
                     static_cast<int>(best % static_cast<std::size_t>(cols))};
  };
  auto const find_station = [&](std::string_view name) -> latlng const* {
    for (auto const& l : lines) {
      for (auto const& s : l.stations_) {
        if (s.name_ == name) {
          return &s.pos_;
        }
      }
    }
    return nullptr;
  };
  auto const l_path = [&](int row, int col_from, int col_to, int row_to, std::vector<std::size_t>& path,
                          std::vector<int>& along) {
    path.clear();
    along.clear();
    for (auto c = col_from;; c += col_to > col_from ? 1 : -1) {
      if (c != col_from) {
        auto const left = std::min(c, c + (col_to > col_from ? -1 : 1));
        if (!g.has_right_[idx(row, left)]) {
          return false;
        }
      }
      path.push_back(idx(row, c));
      along.push_back(c);
      if (c == col_to) {
        break;
      }
    }
    for (auto r = row; r != row_to;) {
      auto const next = r + (row_to > row ? 1 : -1);
      if (!g.has_up_[idx(std::min(r, next), col_to)]) {
        return false;
      }
      r = next;
      path.push_back(idx(r, col_to));
      along.push_back(r);
    }
    return path.size() >= 2;
  };
  constexpr int kShifts[] = {0, 1, -1, 2, -2};
  for (auto const& [from, to] : kBusLinks) {
    auto const* a = find_station(from);
    auto const* b = find_station(to);
    if (a == nullptr || b == nullptr) {
      continue;
    }
    auto const [ra, ca] = nearest(*a);
    auto const [rb, cb] = nearest(*b);
    std::vector<std::size_t> path;
    std::vector<int> along;
    auto found = false;
    for (auto const dr : kShifts) {
      for (auto const dc : kShifts) {
        auto const row = ra + dr;
        auto const col = cb + dc;
        if (row < 0 || row >= rows || col < 0 || col >= cols) {
          continue;
        }
        if (l_path(row, ca, col, rb, path, along)) {
          found = true;
          break;
        }
      }
      if (found) {
        break;
      }
    }
    if (found) {
      add(std::move(path), along);
    }
  }

  rng r{kBusSeed};
  for (auto i = 0U; i != out.size(); ++i) {
    auto& b = out[i];
    b.number_ = std::to_string(kFirstBusNumber + i);
    b.headway_min_ = static_cast<int>(kBusMinHeadwayMin + r.index(kBusMaxHeadwayMin - kBusMinHeadwayMin + 1));
    b.offset_s_ = 60LL * static_cast<long long>(r.index(static_cast<std::size_t>(b.headway_min_)));
  }
  return out;
}

// "Avenue synthétique E10 / Rue synthétique N25": the two OSM street names crossing at the stop's node.
std::string bus_stop_name(street_grid const& g, std::size_t node) {
  auto const row = static_cast<int>(node / static_cast<std::size_t>(g.cols_));
  auto const col = static_cast<int>(node % static_cast<std::size_t>(g.cols_));
  return std::string{row % kPrimaryEvery == 0 ? "Avenue" : "Rue"} + " synthétique E" + std::to_string(row) + " / " +
         (col % kPrimaryEvery == 0 ? "Avenue" : "Rue") + " synthétique N" + std::to_string(col);
}

// SYNTHETIC step-free status (stops.txt wheelchair_boarding), a rule, not IDFM's survey: trams and
// metro 14 are step-free (1); metro stations opened since 2012 (the extensions of lines 11, 12 and 14)
// too; other metro stations are not (2), every fourth of them unknown (0); RER stations are step-free
// except every third intermediate one (2). Bus stops are all step-free (written in add_bus_line).
int station_wheelchair(line const& l, std::string_view name, std::size_t index) {
  static std::set<std::string_view> const kRecentMetro = {
      "Serge Gainsbourg", "Romainville - Carnot", "Montreuil - Hôpital",
      "La Dhuys",         "Coteaux Beauclair",    "Rosny-Bois-Perrier",
      "Front Populaire",  "Aimé Césaire",         "Mairie d'Aubervilliers"};
  if (l.mode_ == "TRAM" || l.name_ == "14") {
    return 1;
  }
  if (l.mode_ == "METRO") {
    return kRecentMetro.contains(name) ? 1 : (index % 4 == 3 ? 0 : 2);
  }
  auto const intermediate = index != 0 && index + 1 != l.stations_.size();
  return intermediate && index % 3 == 1 ? 2 : 1;
}

// Trips (trips.txt wheelchair_accessible), SYNTHETIC: metro trains other than line 14's unknown (0,
// a gap at the platform edge), every other vehicle accessible (1).
int trip_wheelchair(line const& l) {
  return l.mode_ == "METRO" && l.name_ != "14" ? 0 : 1;
}

struct gtfs_writer {
  std::string agency_ =
      "agency_id,agency_name,agency_url,agency_timezone,agency_lang\n"
      "DEMO,Synthetic IDFM-like operator (demo),https://example.org/solimob-demo,Europe/Paris,fr\n";
  std::string stops_ = "stop_id,stop_name,stop_lat,stop_lon,location_type,wheelchair_boarding\n";
  std::string routes_ = "route_id,agency_id,route_short_name,route_long_name,route_type\n";
  std::string calendar_ =
      "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
      "WEEKDAY,1,1,1,1,1,0,0,20260101,20261231\n"
      "WEEKEND,0,0,0,0,0,1,1,20260101,20261231\n";
  // Christmas Day: no weekday service, the weekend timetable runs instead (as on French public holidays).
  std::string calendar_dates_ =
      "service_id,date,exception_type\n"
      "WEEKDAY,20261225,2\n"
      "WEEKEND,20261225,1\n";
  std::string trips_ = "route_id,service_id,trip_id,trip_headsign,direction_id,wheelchair_accessible\n";
  std::string stop_times_ = "trip_id,arrival_time,departure_time,stop_id,stop_sequence,timepoint\n";
  std::string frequencies_ = "trip_id,start_time,end_time,headway_secs,exact_times\n";
  // ILLUSTRATIVE flat fare (GTFS Fares v1, no rules: every ride): 2.50 EUR, free transfers for 90
  // minutes; riders' reductions come from the fare categories (README, Fares).
  std::string fare_attributes_ =
      "fare_id,price,currency_type,payment_method,transfers,transfer_duration\n"
      "FLAT_DEMO,2.50,EUR,0,,5400\n";
  std::string feed_info_ =
      "feed_publisher_name,feed_publisher_url,feed_lang,feed_start_date,feed_end_date,feed_version\n"
      "solimob demo - SYNTHETIC timetables on real IDFM station positions (ODbL),https://example.org/solimob-demo,"
      "fr,20260101,20261231,synthetic-1\n";

  void add_trip(line const& l, std::string const& route_id, std::vector<std::string> const& stop_ids,
                std::vector<std::size_t> const& order, std::vector<stop_time_row> const& times, char const* service,
                std::string const& trip_id, int direction, long long start) {
    trips_ += route_id + "," + service + "," + trip_id + "," + csv_field(l.stations_[order.back()].name_) + "," +
              std::to_string(direction) + "," + std::to_string(trip_wheelchair(l)) + "\n";
    for (auto i = 0U; i != order.size(); ++i) {
      auto const& t = times[i];
      auto const arr = t.timepoint_ ? gtfs_time(start + t.arrival_) : std::string{};
      auto const dep = t.timepoint_ ? gtfs_time(start + t.departure_) : std::string{};
      stop_times_ += trip_id + "," + arr + "," + dep + "," + stop_ids[order[i]] + "," + std::to_string(i + 1) + "," +
                     (t.timepoint_ ? "1" : "0") + "\n";
    }
  }

  void add_line(line const& l) {
    auto const code = line_code(l.name_);
    if (code.empty()) {
      throw input_error{"lines.csv", 0, "line", "line name '" + l.name_ + "' gives an empty identifier"};
    }
    auto const route_id = code;
    routes_ += route_id + ",DEMO," + csv_field(l.name_) + "," +
               csv_field(l.stations_.front().name_ + " - " + l.stations_.back().name_) + "," +
               std::to_string(l.route_type_) + "\n";
    std::vector<std::string> stop_ids;
    std::set<std::string, std::less<>> seen;
    for (auto const& s : l.stations_) {
      auto id = code + "_" + slug(s.name_);
      if (!seen.insert(id).second) {
        throw input_error{"lines.csv", 0, "station", "line '" + l.name_ + "' lists station id " + id + " twice"};
      }
      stops_ += id + "," + csv_field(s.name_) + "," + coord(s.pos_.lat_) + "," + coord(s.pos_.lng_) + ",0," +
                std::to_string(station_wheelchair(l, s.name_, stop_ids.size())) + "\n";
      stop_ids.push_back(std::move(id));
    }
    for (auto direction = 0; direction != 2; ++direction) {
      std::vector<std::size_t> order(l.stations_.size());
      for (auto i = 0U; i != order.size(); ++i) {
        order[i] = direction == 0 ? i : order.size() - 1 - i;
      }
      auto const times = run_times(l, order);
      for (auto const& svc : kServices) {
        auto const headway_s = 60LL * svc.headway_min(l);
        auto const prefix = code + "_" + svc.code_ + "_" + std::to_string(direction) + "_";
        if (l.name_ == kFrequencyLine) {
          // One template trip; the departure window ends at the last departure (end_time is exclusive).
          auto const trip_id = prefix + "FREQ";
          add_trip(l, route_id, stop_ids, order, times, svc.id_, trip_id, direction, kFirstDeparture);
          frequencies_ += trip_id + "," + gtfs_time(kFirstDeparture) + "," + gtfs_time(kLastDeparture) + "," +
                          std::to_string(headway_s) + ",0\n";
          continue;
        }
        for (auto start = kFirstDeparture; start <= kLastDeparture; start += headway_s) {
          auto const hhmm = gtfs_time(start);
          add_trip(l, route_id, stop_ids, order, times, svc.id_, prefix + hhmm.substr(0, 2) + hhmm.substr(3, 2),
                   direction, start);
        }
      }
    }
  }

  // Bus stops are shared between lines: one stops.txt row per grid node, in order of first use.
  std::map<std::size_t, std::string> bus_stops_;

  void add_bus_line(street_grid const& g, bus_line const& b) {
    auto const route_id = "BUS" + b.number_;
    routes_ += route_id + ",DEMO," + b.number_ + "," + csv_field("Bus " + b.number_ + " (synthétique)") + ",3\n";
    for (auto const k : b.stops_) {
      auto const node = b.path_[k];
      if (bus_stops_.contains(node)) {
        continue;
      }
      auto const row = node / static_cast<std::size_t>(g.cols_);
      auto const col = node % static_cast<std::size_t>(g.cols_);
      auto id = "BUS_E" + std::to_string(row) + "_N" + std::to_string(col);
      auto const& p = g.pos_[node];
      stops_ += id + "," + csv_field(bus_stop_name(g, node) + " (synthétique)") + "," + coord(p.lat_) + "," +
                coord(p.lng_) + ",0,1\n";
      bus_stops_.emplace(node, std::move(id));
    }
    // Distance along the path (street edges) from the first node.
    std::vector<double> along(b.path_.size(), 0.0);
    for (auto k = 1U; k != b.path_.size(); ++k) {
      along[k] = along[k - 1] + haversine_m(g.pos_[b.path_[k - 1]], g.pos_[b.path_[k]]);
    }
    auto const speed_ms = kBusSpeedKmh / 3.6;
    for (auto direction = 0; direction != 2; ++direction) {
      std::vector<std::size_t> order = b.stops_;
      if (direction == 1) {
        std::reverse(begin(order), end(order));
      }
      std::vector<stop_time_row> times;
      long long t = 0;
      for (auto i = 0U; i != order.size(); ++i) {
        if (i != 0) {
          t += std::lround(std::abs(along[order[i]] - along[order[i - 1]]) / speed_ms);
        }
        auto const intermediate = i != 0 && i + 1 != order.size();
        times.push_back({t, intermediate ? t + kBusDwellS : t, true});
        if (intermediate) {
          t += kBusDwellS;
        }
      }
      auto const headsign = csv_field(bus_stop_name(g, b.path_[order.back()]) + " (synthétique)");
      for (auto const& svc : kServices) {
        auto const headway_s = 60LL * svc.headway_min(b.headway_min_);
        auto const prefix = route_id + "_" + svc.code_ + "_" + std::to_string(direction) + "_";
        for (auto start = kFirstDeparture + b.offset_s_; start <= kLastDeparture; start += headway_s) {
          auto const hhmm = gtfs_time(start);
          auto const trip_id = prefix + hhmm.substr(0, 2) + hhmm.substr(3, 2);
          trips_ +=
              route_id + "," + svc.id_ + "," + trip_id + "," + headsign + "," + std::to_string(direction) + ",1\n";
          for (auto i = 0U; i != order.size(); ++i) {
            stop_times_ += trip_id + "," + gtfs_time(start + times[i].arrival_) + "," +
                           gtfs_time(start + times[i].departure_) + "," + bus_stops_.at(b.path_[order[i]]) + "," +
                           std::to_string(i + 1) + ",1\n";
          }
        }
      }
    }
  }
};

// Buffers must outlive zip_close: libzip reads them only when it writes the archive.
void write_zip(fs::path const& out, std::vector<std::pair<std::string, std::string>> const& files) {
  auto tmp = out;
  tmp += ".tmp";
  int err = 0;
  zip_t* z = zip_open(tmp.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (z == nullptr) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, err);
    std::string const msg = zip_error_strerror(&ze);
    zip_error_fini(&ze);
    throw io_error{out.string() + ": cannot create zip archive: " + msg};
  }
  auto fail = [&](std::string const& what) {
    std::string const msg = what + ": " + zip_strerror(z);
    zip_discard(z);
    std::error_code ec;
    fs::remove(tmp, ec);
    throw io_error{out.string() + ": " + msg};
  };
  // A fixed modification time keeps the archive byte-identical from one run to the next.
  constexpr std::time_t kMtime = 1767225600;  // 2026-01-01T00:00:00Z
  for (auto const& [name, content] : files) {
    auto* src = zip_source_buffer(z, content.data(), content.size(), 0);
    if (src == nullptr) {
      fail("cannot add " + name);
    }
    auto const idx = zip_file_add(z, name.c_str(), src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (idx < 0) {
      zip_source_free(src);
      fail("cannot add " + name);
    }
    if (zip_file_set_mtime(z, static_cast<zip_uint64_t>(idx), kMtime, 0) < 0) {
      fail("cannot set the date of " + name);
    }
  }
  if (zip_close(z) < 0) {
    fail("cannot write archive");
  }
  std::error_code ec;
  fs::rename(tmp, out, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw io_error{out.string() + ": cannot rename the temporary archive"};
  }
}

void write_gtfs(std::vector<line> const& lines, std::vector<bus_line> const& buses, street_grid const& g,
                fs::path const& out) {
  auto const has = [&](std::string_view name) {
    return std::any_of(begin(lines), end(lines), [&](auto const& l) { return l.name_ == name; });
  };
  // The demo exists partly to exercise these loader paths; losing them silently would hide regressions.
  for (auto const name : {kInterpolatedLine, kFrequencyLine}) {
    if (!has(name)) {
      throw input_error{"lines.csv", 0, "line", "the demo needs line '" + std::string{name} + "'"};
    }
  }
  gtfs_writer w;
  std::set<std::string, std::less<>> codes;
  for (auto const& l : lines) {
    if (!codes.insert(line_code(l.name_)).second) {
      throw input_error{"lines.csv", 0, "line", "two lines share the identifier " + line_code(l.name_)};
    }
    w.add_line(l);
  }
  for (auto const& b : buses) {
    w.add_bus_line(g, b);
  }
  write_zip(out, {{"agency.txt", w.agency_},
                  {"stops.txt", w.stops_},
                  {"routes.txt", w.routes_},
                  {"calendar.txt", w.calendar_},
                  {"calendar_dates.txt", w.calendar_dates_},
                  {"trips.txt", w.trips_},
                  {"stop_times.txt", w.stop_times_},
                  {"frequencies.txt", w.frequencies_},
                  {"fare_attributes.txt", w.fare_attributes_},
                  {"feed_info.txt", w.feed_info_}});
}

}  // namespace

demo_files generate(fs::path const& data_dir, fs::path const& dir) {
  auto const communes = read_communes(data_dir / "communes-93.csv");
  auto const lines = read_lines(data_dir / "lines.csv");
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    throw io_error{dir.string() + ": cannot create directory: " + ec.message()};
  }
  demo_files f{dir / "streets.osm.pbf", dir / "gtfs.zip"};
  auto const grid = make_grid();
  write_streets(grid, f.osm_);
  auto const buses = make_bus_lines(grid, communes, lines);
  write_gtfs(lines, buses, grid, f.gtfs_);

  layer_inputs in;
  for (auto const& c : communes) {
    in.communes_.push_back({c.code_, c.name_, c.ept_, c.population_, c.pos_});
  }
  for (auto const& l : lines) {
    for (auto const& st : l.stations_) {
      in.stations_.push_back({line_code(l.name_) + "_" + slug(st.name_), st.name_, l.name_, st.pos_});
    }
  }
  for (auto const& b : buses) {
    layer_bus lb;
    lb.route_id_ = "BUS" + b.number_;
    auto const hhmm = gtfs_time(kFirstDeparture + b.offset_s_);
    for (auto d = 0; d != 2; ++d) {
      lb.first_trip_[d] = lb.route_id_ + "_WD_" + std::to_string(d) + "_" + hhmm.substr(0, 2) + hhmm.substr(3, 2);
    }
    lb.headway_min_ = static_cast<int>(b.headway_min_);
    in.buses_.push_back(std::move(lb));
  }
  write_layers(data_dir, in, dir);
  return f;
}

}  // namespace solimob::demo
