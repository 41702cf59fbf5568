#include "osm/lts.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <regex>
#include <string>

#include "core/error.h"

namespace solimob::osm {

// R5: TraversalPermissionLabeler static defaults (addPermissions) and applySpecificPermissions.
bool bicycle_allowed(tag_lookup const& t) {
  if (auto const l = label_of(t.get("bicycle")); l != label::kUnknown) {
    return l == label::kYes;
  }
  if (auto const l = label_of(t.get("access")); l != label::kUnknown) {
    return l == label::kYes;
  }
  auto const* highway = t.get("highway");
  if (highway == nullptr) {  // platforms (public_transport=platform, railway=platform): access=no
    return false;
  }
  auto const hw = lower_trimmed(highway);
  return !one_of(hw.c_str(),
                 {"motorway", "motorway_link", "pedestrian", "bridleway", "footway", "steps", "platform", "corridor"});
}

bool car_allowed(tag_lookup const& t) {
  auto const* highway = t.get("highway");
  if (highway == nullptr) {
    return false;
  }
  auto const hw = lower_trimmed(highway);
  if (!one_of(hw.c_str(), {"motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link", "secondary",
                           "secondary_link", "tertiary", "tertiary_link", "unclassified", "residential",
                           "living_street", "road", "service", "track"})) {
    return false;
  }
  for (auto const* key : {"motorcar", "motor_vehicle", "access"}) {  // the most specific known label decides
    if (auto const l = label_of(t.get(key)); l != label::kUnknown) {
      return l != label::kNo;
    }
  }
  return true;
}

double speed_kmh(char const* maxspeed) {
  // LevelOfTrafficStressLabeler.speedPattern
  static std::regex const pattern{R"(^([0-9][\.0-9]*?) ?(km/h|kmh|kph|mph|knots)?$)"};
  std::cmatch m;
  if (maxspeed == nullptr || !std::regex_match(maxspeed, m, pattern)) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  char* end = nullptr;
  auto const s = m[1].str();
  auto v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) {  // "1.2.3": Java's parseDouble fails, so does R5
    return std::numeric_limits<double>::quiet_NaN();
  }
  if (m[2] == "mph") {
    v *= 1.609;
  } else if (m[2] == "knots") {
    v *= 1.852;
  }
  return v;
}

// Unlike R5 (which logs and still casts a value outside 1..4 to a flag), a value outside 1..4 or
// unparsable is ignored and the LTS is estimated.
std::uint8_t lts_tag_of(tag_lookup const& t) {
  if (auto const* v = t.get("lts"); v != nullptr) {
    char* end = nullptr;
    auto const x = std::strtod(v, &end);
    if (end != v && *end == '\0' && x >= 1.0 && x < 5.0) {
      return static_cast<std::uint8_t>(x);
    }
  }
  return 0;
}

// R5's LevelOfTrafficStressLabeler.label, step by step (differences marked "Unlike R5").
std::uint8_t lts_of(tag_lookup const& t) {
  // 1. An lts tag wins.
  if (auto const tagged = lts_tag_of(t); tagged != 0) {
    return tagged;
  }
  // 2. No cars: LTS 1.
  if (!car_allowed(t)) {
    return 1;
  }
  // 3. Service roads stay unlabelled.
  if (is(t.get("highway"), "service")) {
    return 0;
  }
  // 4. Residential and living streets: LTS 1.
  if (one_of(t.get("highway"), {"residential", "living_street"})) {
    return 1;
  }
  // 5. Bike lanes per direction (right-hand traffic, as R5).
  auto forward_lane = false;
  auto backward_lane = false;
  if (is(t.get("cycleway"), "lane")) {
    forward_lane = backward_lane = true;
  }
  if (is(t.get("cycleway:left"), "lane") || is(t.get("cycleway"), "opposite") ||
      is(t.get("cycleway:right"), "opposite")) {
    backward_lane = true;
  }
  if (is(t.get("cycleway:left"), "opposite") || is(t.get("cycleway:right"), "lane")) {
    forward_lane = true;
  }
  // 6. maxspeed (NaN: comparisons false, as in Java) and lanes (unparsable: unknown, INT_MAX in R5).
  auto const max_speed =
      t.get("maxspeed") == nullptr ? std::numeric_limits<double>::quiet_NaN() : speed_kmh(t.get("maxspeed"));
  auto lanes = std::numeric_limits<int>::max();
  if (auto const* v = t.get("lanes"); v != nullptr) {
    int n = 0;
    auto const* const e = v + std::char_traits<char>::length(v);
    if (auto const [p, ec] = std::from_chars(v, e, n); ec == std::errc{} && p == e) {
      lanes = n;
    }
  }
  // 7. Default LTS 3; 2 when <= 3 lanes (or lanes unknown) and maxspeed <= 25 mph (40.25 km/h).
  std::uint8_t default_lts = 3;
  if (lanes <= 3 && max_speed <= 25 * 1.61) {
    default_lts = 2;
  }
  if (lanes == std::numeric_limits<int>::max() && max_speed <= 25 * 1.61) {
    default_lts = 2;
  }
  std::uint8_t forward = 0;
  std::uint8_t backward = 0;
  if (one_of(t.get("highway"), {"unclassified", "tertiary", "tertiary_link"})) {
    // 8. Small roads: <= 3 lanes and no maxspeed -> 2; a bike lane in a direction -> 2 there.
    if (lanes <= 3 && std::isnan(max_speed)) {
      default_lts = 2;
    }
    forward = forward_lane ? 2 : default_lts;
    backward = backward_lane ? 2 : default_lts;
  } else {
    // 9. Other roads (trunk, primary, secondary...): the default only where there is a bike lane.
    forward = forward_lane ? default_lts : 0;
    backward = backward_lane ? default_lts : 0;
  }
  // 10. Nothing assigned: LTS 4.
  forward = forward == 0 ? 4 : forward;
  backward = backward == 0 ? 4 : backward;
  return std::max(forward, backward);  // Unlike R5: one LTS for both directions, the worse
}

std::size_t raise_lts_at_intersections(street::street_graph& g, lts_intersections const& in) {
  auto const n_edges = g.n_edges();
  // Highest label at each node, from 1 as R5's maxLts.
  std::vector<std::uint8_t> at_node(g.n_nodes(), 1);
  for (auto n = 0U; n != at_node.size(); ++n) {
    at_node[n] = std::max(at_node[n], in.other_[n]);
  }
  for (auto e = 0U; e != n_edges; ++e) {
    for (auto const n : {g.edge_from_[edge_idx{e}], g.edge_to_[edge_idx{e}]}) {
      at_node[n.v()] = std::max(at_node[n.v()], in.label_[e]);
    }
  }
  // R5 edges: our edges joined through the nodes that are no vertex (union-find over edges).
  std::vector<std::uint32_t> parent(n_edges);
  for (auto e = 0U; e != n_edges; ++e) {
    parent[e] = e;
  }
  auto const root = [&](std::uint32_t e) {
    while (parent[e] != e) {
      e = parent[e] = parent[parent[e]];
    }
    return e;
  };
  constexpr auto kNone = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> first_edge(g.n_nodes(), kNone);
  for (auto e = 0U; e != n_edges; ++e) {
    for (auto const n : {g.edge_from_[edge_idx{e}], g.edge_to_[edge_idx{e}]}) {
      if (in.vertex_[n.v()]) {
        continue;
      }
      if (first_edge[n.v()] == kNone) {
        first_edge[n.v()] = e;
      } else {
        parent[root(e)] = root(first_edge[n.v()]);
      }
    }
  }
  // The raise of each R5 edge: the highest value of its unsignalled end vertices.
  std::vector<std::uint8_t> raise(n_edges, 0);
  for (auto e = 0U; e != n_edges; ++e) {
    for (auto const n : {g.edge_from_[edge_idx{e}], g.edge_to_[edge_idx{e}]}) {
      if (in.vertex_[n.v()] && !in.signal_[n.v()]) {
        auto& r = raise[root(e)];
        r = std::max(r, at_node[n.v()]);
      }
    }
  }
  std::size_t changed = 0;
  for (auto e = 0U; e != n_edges; ++e) {
    auto& a = g.edge_attr_[edge_idx{e}];
    if (in.fixed_[e] || (a.flags_ & street::edge_attr::kNoBicycle) != 0) {
      continue;
    }
    if (auto const r = raise[root(e)]; r > a.lts_) {
      a.lts_ = r;
      ++changed;
    }
  }
  return changed;
}

lts_overrides read_lts_overrides(std::filesystem::path const& path) {
  std::ifstream in{path};
  if (!in) {
    throw input_error{path.string(), 0, "", "cannot open the LTS override file"};
  }
  lts_overrides out;
  std::string line;
  std::size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    if (line.empty()) {
      continue;
    }
    if (line_no == 1 && !line.empty() && !std::isdigit(static_cast<unsigned char>(line.front()))) {
      continue;  // header (osm_id,lts)
    }
    auto const comma = line.find(',');
    if (comma == std::string::npos) {
      throw input_error{path.string(), line_no, "lts", "missing column (expected osm_id,lts)"};
    }
    auto const id_s = line.substr(0, comma);
    auto lts_s = line.substr(comma + 1);
    if (auto const c2 = lts_s.find(','); c2 != std::string::npos) {
      lts_s = lts_s.substr(0, c2);
    }
    std::int64_t id = 0;
    if (auto const [p, ec] = std::from_chars(id_s.data(), id_s.data() + id_s.size(), id);
        ec != std::errc{} || p != id_s.data() + id_s.size() || id_s.empty() || id <= 0) {
      throw input_error{path.string(), line_no, "osm_id", "not a positive OSM way id: \"" + id_s + "\""};
    }
    int lts = 0;
    if (auto const [p, ec] = std::from_chars(lts_s.data(), lts_s.data() + lts_s.size(), lts);
        ec != std::errc{} || p != lts_s.data() + lts_s.size() || lts < 1 || lts > 4) {
      throw input_error{path.string(), line_no, "lts", "not an LTS 1..4: \"" + lts_s + "\""};
    }
    out[id] = static_cast<std::uint8_t>(lts);
  }
  return out;
}

}  // namespace solimob::osm
