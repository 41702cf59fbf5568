#include "osm/car_import.h"

#include <osmium/handler.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/flex_mem.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/visitor.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "osm/lts.h"

namespace solimob::osm {

namespace {

struct class_speed {
  char const* highway_;
  double kmh_;
};

// R5's SpeedConfig.defaultConfig, in mph there (65, 35, 55, 35, 45, 25, 35, 25, 25, 25, 5; 25 for every
// other class), converted with 1 mph = 1.609344 km/h and rounded to 0.1 km/h.
constexpr class_speed kClassSpeeds[] = {
    {"motorway", 104.6}, {"motorway_link", 56.3}, {"trunk", 88.5},        {"trunk_link", 56.3},
    {"primary", 72.4},   {"primary_link", 40.2},  {"secondary", 56.3},    {"secondary_link", 40.2},
    {"tertiary", 40.2},  {"tertiary_link", 40.2}, {"living_street", 8.0},
};
constexpr double kOtherClassKmh = 40.2;  // residential, unclassified, service

// Implicit limits written as "CC:context" (OSM wiki, Key:maxspeed, "Implicit maxspeed values"): only
// contexts whose value does not depend on the road; others ("DE:motorway" = none) fall back to the
// highway class.
struct implicit_speed {
  char const* value_;
  double kmh_;
};
constexpr implicit_speed kImplicitSpeeds[] = {
    {"FR:urban", 50},       {"FR:rural", 80},       {"FR:motorway", 130}, {"FR:zone30", 30},    {"FR:walk", 6},
    {"DE:urban", 50},       {"DE:rural", 100},      {"DE:zone30", 30},    {"DE:walk", 7},       {"BE:urban", 50},
    {"IT:urban", 50},       {"IT:rural", 90},       {"IT:motorway", 130}, {"ES:urban", 50},     {"ES:rural", 90},
    {"ES:motorway", 120},   {"CH:urban", 50},       {"CH:rural", 80},     {"CH:motorway", 120}, {"GB:nsl_single", 96.6},
    {"GB:nsl_dual", 112.7}, {"GB:motorway", 112.7},
};

double tag_speed_kmh(char const* v) {
  if (v == nullptr) {
    return std::nan("");
  }
  for (auto const& s : kImplicitSpeeds) {
    if (is(v, s.value_)) {
      return s.kmh_;
    }
  }
  auto const kmh = speed_kmh(v);
  return kmh > 0.0 ? kmh : std::nan("");  // 0 would make the way untraversable: ignored, as R5 does
}

struct osmium_tags final : tag_lookup {
  explicit osmium_tags(osmium::TagList const& t) : t_{t} {}
  char const* get(char const* key) const override { return t_[key]; }
  osmium::TagList const& t_;
};

using location_index = osmium::index::map::FlexMem<osmium::unsigned_object_id_type, osmium::Location>;

struct car_handler : osmium::handler::Handler {
  car_handler(street::car_network& c, car_speeds const& speeds) : c_{c}, speeds_{speeds} {}

  node_idx node_index(osmium::NodeRef const& r) {
    auto const [it, inserted] = ids_.try_emplace(r.ref(), node_idx{});
    if (inserted) {
      it->second = c_.graph_.add_node({r.location().lat(), r.location().lon()});
      refs_.push_back(0);
    }
    return it->second;
  }

  void way(osmium::Way const& w) {
    osmium_tags const tags{w.tags()};
    if (!is_drivable(tags)) {
      return;
    }
    auto from_tag = false;
    auto kmh = car_speed_kmh(tags, &from_tag);
    if (auto const it = speeds_.find(w.id()); it != end(speeds_)) {
      ++overridden_;
      auto const& s = it->second;
      if (s.value_ == 0.0) {
        return;  // closed to cars
      }
      if (s.value_ != 1.0) {
        kmh = s.scale_ ? kmh * s.value_ : s.value_;
      }
    }
    auto const dir = one_way_of(tags);
    street::edge_attr attr;
    attr.flags_ = dir == one_way::kNo ? 0 : street::edge_attr::kOneWay;
    auto const speed = static_cast<std::uint16_t>(std::clamp(std::lround(kmh * 10.0), 1L, 65535L));
    auto const& nodes = w.nodes();
    for (auto i = 1U; i < nodes.size(); ++i) {
      if (!nodes[i - 1].location().valid() || !nodes[i].location().valid() || nodes[i - 1].ref() == nodes[i].ref()) {
        continue;
      }
      auto const a = node_index(nodes[i - 1]);
      auto const b = node_index(nodes[i]);
      if (dir == one_way::kBackward) {
        c_.graph_.add_edge(b, a, attr, w.id());
      } else {
        c_.graph_.add_edge(a, b, attr, w.id());
      }
      c_.speed_kmh_x10_.push_back(speed);
      maxspeed_edges_ += from_tag ? 1 : 0;
      // R5 vertices: way ends and nodes met more than once. A node inside one way gets 2 (its two
      // edges); a way end gets 3, so anything but 2 is a vertex.
      refs_[a.v()] += i == 1 ? 3 : 1;
      refs_[b.v()] += i + 1 == nodes.size() ? 3 : 1;
    }
  }

  void relation(osmium::Relation const& r) {
    auto const* type = r.tags()["type"];
    restrictions_ += is(type, "restriction") ? 1 : 0;
  }

  street::car_network& c_;
  car_speeds const& speeds_;
  std::unordered_map<osmium::object_id_type, node_idx> ids_;
  std::vector<std::uint32_t> refs_;  // per node: edge ends there, a way end counting 3
  std::size_t maxspeed_edges_{0}, restrictions_{0}, overridden_{0};
};

// Strongly connected pieces (Kosaraju, iterative): the component of every node, numbered from 0.
std::vector<std::uint32_t> strong_components(street::car_network const& c) {
  auto const& g = c.graph_;
  auto const n = static_cast<std::uint32_t>(g.n_nodes());
  auto const one_way = [&](edge_idx e) { return (g.edge_attr_[e].flags_ & street::edge_attr::kOneWay) != 0; };
  // May a car go from `at` to the neighbour through edge e (forward), or come from it (backward)?
  auto const allowed = [&](node_idx at, edge_idx e, bool forward) {
    auto const along = g.edge_from_[e] == at;
    return forward ? (along || !one_way(e)) : (!along || !one_way(e));
  };
  std::vector<std::uint32_t> order;
  order.reserve(n);
  std::vector<bool> seen(n, false);
  std::vector<std::pair<node_idx, std::uint32_t>> stack;  // node, next neighbour to look at
  for (auto s = 0U; s != n; ++s) {
    if (seen[s]) {
      continue;
    }
    seen[s] = true;
    stack.emplace_back(node_idx{s}, 0U);
    while (!stack.empty()) {
      auto& [at, i] = stack.back();
      auto const nb = g.adjacency_[at];
      if (i == nb.size()) {
        order.push_back(at.v());
        stack.pop_back();
        continue;
      }
      auto const& x = nb[i++];
      if (!seen[x.node_.v()] && allowed(at, x.edge_, true)) {
        seen[x.node_.v()] = true;
        stack.emplace_back(x.node_, 0U);
      }
    }
  }
  constexpr auto kNone = UINT32_MAX;
  std::vector<std::uint32_t> comp(n, kNone);
  std::vector<node_idx> todo;
  auto n_comp = 0U;
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    if (comp[*it] != kNone) {
      continue;
    }
    comp[*it] = n_comp;
    todo.push_back(node_idx{*it});
    while (!todo.empty()) {
      auto const at = todo.back();
      todo.pop_back();
      for (auto const& x : g.adjacency_[at]) {
        if (comp[x.node_.v()] == kNone && allowed(at, x.edge_, false)) {
          comp[x.node_.v()] = n_comp;
          todo.push_back(x.node_);
        }
      }
    }
    ++n_comp;
  }
  return comp;
}

// Keeps the nodes of the strong pieces with at least `min_vertices` R5 vertices (the piece with the
// most is always kept) and the edges between kept nodes; returns how many nodes were removed.
std::size_t prune_car_islands(street::car_network& c, std::vector<bool> const& is_vertex, std::size_t min_vertices) {
  auto const& g = c.graph_;
  if (g.n_nodes() == 0) {
    return 0;
  }
  auto const comp = strong_components(c);
  std::vector<std::size_t> vertices(g.n_nodes(), 0);
  for (auto i = 0U; i != g.n_nodes(); ++i) {
    vertices[comp[i]] += is_vertex[i] ? 1 : 0;
  }
  auto const largest = static_cast<std::uint32_t>(std::max_element(begin(vertices), end(vertices)) - begin(vertices));
  street::car_network kept;
  std::vector<node_idx> new_id(g.n_nodes(), node_idx::invalid());
  for (auto i = 0U; i != g.n_nodes(); ++i) {
    if (comp[i] == largest || vertices[comp[i]] >= min_vertices) {
      new_id[i] = kept.graph_.add_node(g.node_pos_[node_idx{i}]);
    }
  }
  for (auto const e : g.edge_from_.keys()) {
    auto const a = new_id[g.edge_from_[e].v()], b = new_id[g.edge_to_[e].v()];
    if (a.valid() && b.valid()) {
      kept.graph_.add_edge(a, b, g.edge_attr_[e], g.edge_way_[e]);
      kept.speed_kmh_x10_.push_back(c.speed_kmh_x10_[e]);
    }
  }
  auto const removed = g.n_nodes() - kept.graph_.n_nodes();
  kept.graph_.finalize();
  c = std::move(kept);
  return removed;
}

}  // namespace

bool is_drivable(tag_lookup const& t) {
  auto const* highway = t.get("highway");
  if (highway == nullptr) {
    return false;
  }
  auto const hw = lower_trimmed(highway);
  if (!one_of(hw.c_str(), {"motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link", "secondary",
                           "secondary_link", "tertiary", "tertiary_link", "unclassified", "residential",
                           "living_street", "service"})) {
    return false;
  }
  for (auto const* key : {"motorcar", "motor_vehicle", "access"}) {  // the most specific present decides
    if (auto const* v = t.get(key); v != nullptr) {
      auto const value = lower_trimmed(std::string{v}.substr(0, std::string{v}.find(';')));
      return !one_of(value.c_str(), {"no", "private", "agricultural", "forestry", "delivery", "emergency"});
    }
  }
  return true;
}

one_way one_way_of(tag_lookup const& t) {
  if (auto const* v = t.get("oneway"); v != nullptr) {
    auto const value = lower_trimmed(v);
    if (one_of(value.c_str(), {"yes", "1", "true"})) {
      return one_way::kForward;
    }
    if (one_of(value.c_str(), {"-1", "reverse"})) {
      return one_way::kBackward;
    }
    if (one_of(value.c_str(), {"no", "0", "false"})) {
      return one_way::kNo;
    }
  }
  return one_of(t.get("junction"), {"roundabout", "circular"}) ||
                 one_of(t.get("highway"), {"motorway", "motorway_link"})
             ? one_way::kForward
             : one_way::kNo;
}

double car_speed_kmh(tag_lookup const& t, bool* from_tag) {
  for (auto const* key : {"maxspeed:motorcar", "maxspeed"}) {
    if (auto const kmh = tag_speed_kmh(t.get(key)); !std::isnan(kmh)) {
      if (from_tag != nullptr) {
        *from_tag = true;
      }
      return kmh;
    }
  }
  if (from_tag != nullptr) {
    *from_tag = false;
  }
  auto const* highway = t.get("highway");
  for (auto const& s : kClassSpeeds) {
    if (highway != nullptr && lower_trimmed(highway) == s.highway_) {
      return s.kmh_;
    }
  }
  return kOtherClassKmh;
}

car_speeds read_car_speeds(std::filesystem::path const& path) {
  std::ifstream in{path};
  if (!in) {
    throw input_error{path.string(), 0, "", "cannot open the car speed file"};
  }
  car_speeds out;
  std::string line;
  std::size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    if (line.empty() || (line_no == 1 && !std::isdigit(static_cast<unsigned char>(line.front())))) {
      continue;  // header (osm_id,max_speed,speed_type)
    }
    std::vector<std::string> f;
    for (std::size_t pos = 0;;) {
      auto const comma = line.find(',', pos);
      f.push_back(lower_trimmed(line.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos)));
      if (comma == std::string::npos) {
        break;
      }
      pos = comma + 1;
    }
    if (f.size() != 3) {
      throw input_error{path.string(), line_no, "",
                        "expected 3 columns osm_id,max_speed,speed_type, got " + std::to_string(f.size())};
    }
    std::int64_t id = 0;
    if (auto const [p, ec] = std::from_chars(f[0].data(), f[0].data() + f[0].size(), id);
        ec != std::errc{} || p != f[0].data() + f[0].size() || id <= 0) {
      throw input_error{path.string(), line_no, "osm_id", "not a positive OSM way id: \"" + f[0] + "\""};
    }
    char* end = nullptr;
    auto const value = std::strtod(f[1].c_str(), &end);
    if (f[1].empty() || end != f[1].c_str() + f[1].size() || !std::isfinite(value) || value < 0.0) {
      throw input_error{path.string(), line_no, "max_speed", "not a speed or factor >= 0: \"" + f[1] + "\""};
    }
    if (f[2] != "km/h" && f[2] != "scale") {
      throw input_error{path.string(), line_no, "speed_type", "expected km/h or scale, got \"" + f[2] + "\""};
    }
    out[id] = car_speed{value, f[2] == "scale"};
  }
  return out;
}

imported_cars import_cars(std::filesystem::path const& path, car_speeds const& speeds,
                          std::size_t min_island_vertices) {
  if (!std::filesystem::exists(path)) {
    throw input_error{path.string(), 0, "", "no such file"};
  }
  imported_cars out;
  std::vector<bool> vertices;
  try {
    osmium::io::Reader reader{path.string(), osmium::osm_entity_bits::node | osmium::osm_entity_bits::way |
                                                 osmium::osm_entity_bits::relation};
    location_index index;
    osmium::handler::NodeLocationsForWays<location_index> locations{index};
    locations.ignore_errors();
    car_handler cars{out.cars_, speeds};
    osmium::apply(reader, locations, cars);
    reader.close();
    out.maxspeed_edges_ = cars.maxspeed_edges_;
    out.restrictions_ = cars.restrictions_;
    out.overridden_ways_ = cars.overridden_;
    out.overrides_not_found_ = speeds.size() - cars.overridden_;
    vertices.resize(cars.refs_.size());
    std::transform(begin(cars.refs_), end(cars.refs_), begin(vertices), [](std::uint32_t r) { return r != 2; });
  } catch (std::exception const& e) {
    throw input_error{path.string(), 0, "", std::string{"cannot read OpenStreetMap data: "} + e.what()};
  }
  out.cars_.graph_.finalize();
  out.island_nodes_removed_ = prune_car_islands(out.cars_, vertices, min_island_vertices);
  return out;
}

}  // namespace solimob::osm
