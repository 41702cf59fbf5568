// The street family of scenarios: modify-streets and add-streets (README, "Street projects";
// docs/scenario.streets.schema.json). Streets are selected by OSM way id (street_graph::edge_way_) or
// by a polygon, changed in place, or added and linked to the nearest street by splitting it; the
// stops near what changed are then re-linked (network::relink_stops), and nothing else moves.
#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "scenario/detail/fields.h"

namespace solimob::scenario::detail {

namespace {

using nlohmann::json;
using street::edge_attr;
using street::kerb_tag;
using street::street_graph;

// A street end this close (along the nearest edge) to one of its nodes joins that node instead of
// splitting the edge next to it; an end this close to the street point it links to stands on it.
constexpr double kJoinNodeM = 3.0;
constexpr double kSameSpotM = 0.5;
// Speed of a new car street without car_speed_kmh: R5's default for residential streets (25 mph).
constexpr double kDefaultCarKmh = 40.2;

constexpr auto kWalk = static_cast<mode_mask>(street_mode::kWalk);
constexpr auto kBike = static_cast<mode_mask>(street_mode::kBike);
constexpr auto kCar = static_cast<mode_mask>(street_mode::kCar);

// ---- Reading --------------------------------------------------------------------------------------

// A GeoJSON position [lon, lat] (a third value, the altitude, is allowed and ignored).
latlng position(fields const& f, std::string const& field, json const& v) {
  if (!v.is_array() || v.size() < 2 || v.size() > 3 || !v[0].is_number() || !v[1].is_number()) {
    f.fail(field, "expected a position [lon, lat], got " + v.dump());
  }
  auto const lng = v[0].get<double>(), lat = v[1].get<double>();
  if (!is_valid_wgs84(lat, lng)) {
    f.fail(field, "position " + v.dump() + " is outside [-180, 180] x [-90, 90] (GeoJSON is [lon, lat])");
  }
  return {lat, lng};
}

// The coordinates of a geometry given either as its coordinates array or as a GeoJSON geometry object
// {type, coordinates} of type `type`; `field` becomes the name of the coordinates in errors.
json const& coordinates(fields const& f, std::string const& key, char const* type, std::string& field) {
  field = key;
  if (!f.has(key)) {
    f.fail(key, "missing");
  }
  auto const& j = f.json()[key];
  if (!j.is_object()) {
    return j;
  }
  auto const g = f.object(key);
  g.only({"type", "coordinates"});
  if (g.string("type") != type) {
    g.fail("type", std::string{"expected \""} + type + "\"");
  }
  if (!g.has("coordinates")) {
    g.fail("coordinates", "missing");
  }
  field = key + ".coordinates";
  return j["coordinates"];
}

// Whether segments p1-p2 and p3-p4 meet (touching or overlapping counts), in the lon/lat plane.
bool segments_meet(latlng p1, latlng p2, latlng p3, latlng p4) {
  auto const cross = [](latlng o, latlng a, latlng b) {
    return (a.lng_ - o.lng_) * (b.lat_ - o.lat_) - (a.lat_ - o.lat_) * (b.lng_ - o.lng_);
  };
  auto const on = [](latlng a, latlng b, latlng p) {
    return std::min(a.lng_, b.lng_) <= p.lng_ && p.lng_ <= std::max(a.lng_, b.lng_) &&
           std::min(a.lat_, b.lat_) <= p.lat_ && p.lat_ <= std::max(a.lat_, b.lat_);
  };
  auto const d1 = cross(p3, p4, p1), d2 = cross(p3, p4, p2), d3 = cross(p1, p2, p3), d4 = cross(p1, p2, p4);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
    return true;
  }
  return (d1 == 0 && on(p3, p4, p1)) || (d2 == 0 && on(p3, p4, p2)) || (d3 == 0 && on(p1, p2, p3)) ||
         (d4 == 0 && on(p1, p2, p4));
}

// A closed ring crosses itself when two of its sides that do not follow each other meet.
bool self_crossing(ondemand::ring const& r) {
  auto const sides = r.size() - 1;
  for (auto i = 0U; i != sides; ++i) {
    for (auto j = i + 2; j < sides; ++j) {
      if (i == 0 && j == sides - 1) {
        continue;  // the first and last sides share the ring's first position
      }
      if (segments_meet(r[i], r[i + 1], r[j], r[j + 1])) {
        return true;
      }
    }
  }
  return false;
}

ondemand::polygon parse_polygon(fields const& f) {
  std::string field;
  auto const& rings = coordinates(f, "polygon", "Polygon", field);
  if (!rings.is_array() || rings.empty()) {
    f.fail(field, "expected the coordinates of a GeoJSON Polygon (an array of linear rings)");
  }
  ondemand::polygon out;
  for (auto i = 0U; i != rings.size(); ++i) {
    auto const where = field + "[" + std::to_string(i) + "]";
    auto const& r = rings[i];
    if (!r.is_array() || r.size() < 4) {
      f.fail(where, "a linear ring needs at least 4 positions");
    }
    ondemand::ring ring;
    for (auto k = 0U; k != r.size(); ++k) {
      ring.push_back(position(f, where + "[" + std::to_string(k) + "]", r[k]));
    }
    if (ring.front() != ring.back()) {
      f.fail(where, "the ring is not closed: its last position must repeat the first");
    }
    if (self_crossing(ring)) {
      f.fail(where, "the ring crosses itself");
    }
    out.push_back(std::move(ring));
  }
  return out;
}

std::vector<latlng> parse_line(fields const& f) {
  std::string field;
  auto const& points = coordinates(f, "geometry", "LineString", field);
  if (!points.is_array()) {
    f.fail(field, "expected the coordinates of a GeoJSON LineString ([[lon, lat], ...])");
  }
  std::vector<latlng> out;
  for (auto k = 0U; k != points.size(); ++k) {
    auto const p = position(f, field + "[" + std::to_string(k) + "]", points[k]);
    if (out.empty() || out.back() != p) {
      out.push_back(p);  // a repeated position adds nothing
    }
  }
  if (out.size() < 2) {
    f.fail(field, "a street needs at least 2 distinct positions");
  }
  return out;
}

template <typename Enum, std::size_t N>
std::optional<Enum> parse_enum(fields const& f, std::string const& key,
                               std::pair<char const*, Enum> const (&values)[N]) {
  if (!f.has(key)) {
    return std::nullopt;
  }
  auto const v = f.string(key);
  std::string names;
  for (auto const& [name, value] : values) {
    if (v == name) {
      return value;
    }
    names += (names.empty() ? "" : ", ") + std::string{name};
  }
  f.fail(key, "'" + v + "' is not one of " + names);
}

constexpr std::pair<char const*, street::wheelchair_tag> kWheelchair[] = {{"yes", street::wheelchair_tag::kYes},
                                                                          {"limited", street::wheelchair_tag::kLimited},
                                                                          {"no", street::wheelchair_tag::kNo}};
constexpr std::pair<char const*, street::surface_class> kSurface[] = {
    {"paved", street::surface_class::kPaved},
    {"rough", street::surface_class::kRough},
    {"unpaved", street::surface_class::kUnpaved},
    {"impassable", street::surface_class::kImpassable}};

street_change parse_change(fields const& f) {
  street_change c;
  if (f.has("allowed_modes")) {
    auto const& v = f.json()["allowed_modes"];
    if (!v.is_array()) {
      f.fail("allowed_modes", "expected an array of modes (walk, bike, car)");
    }
    mode_mask m = 0;
    for (auto i = 0U; i != v.size(); ++i) {
      auto const s = v[i].is_string() ? v[i].get<std::string>() : v[i].dump();
      auto const bit = s == "walk" ? kWalk : s == "bike" ? kBike : s == "car" ? kCar : mode_mask{0};
      if (bit == 0) {
        f.fail("allowed_modes[" + std::to_string(i) + "]", "'" + s + "' is not a mode (walk, bike, car)");
      }
      m = static_cast<mode_mask>(m | bit);
    }
    c.allowed_modes_ = m;
  }
  c.car_speed_kmh_ = f.number_opt("car_speed_kmh", 1.0, 200.0);
  // x1000 in street::edge_factor: from 0.001 to 65.
  // Down to half the time (a moving walkway); up to 65 times as long (a street made hard to walk).
  c.walk_time_factor_ = f.number_opt("walk_time_factor", 0.5, 65.0);
  c.bike_time_factor_ = f.number_opt("bike_time_factor", 0.5, 65.0);
  if (f.has("lts")) {
    c.lts_ = static_cast<std::uint8_t>(f.integer("lts", 1, 4));
  }
  c.wheelchair_ = parse_enum(f, "wheelchair", kWheelchair);
  c.surface_ = parse_enum(f, "surface", kSurface);
  c.steps_to_ramp_ = f.boolean_or("steps_to_ramp", false);
  c.lower_kerbs_ = f.boolean_or("lower_kerbs", false);
  if (c.car_speed_kmh_ && c.allowed_modes_ && (*c.allowed_modes_ & kCar) == 0) {
    f.fail("car_speed_kmh", "the street is closed to cars (allowed_modes has no \"car\")");
  }
  return c;
}

bool changes_nothing(street_change const& c) {
  return !c.allowed_modes_ && !c.car_speed_kmh_ && !c.walk_time_factor_ && !c.bike_time_factor_ && !c.lts_ &&
         !c.wheelchair_ && !c.surface_ && !c.steps_to_ramp_ && !c.lower_kerbs_;
}

// ---- Selecting ------------------------------------------------------------------------------------

// Odd crossings over all rings: inside (GeoJSON holes do not overlap their outer ring).
bool inside(ondemand::polygon const& poly, latlng p) {
  auto in = false;
  for (auto const& r : poly) {
    for (auto i = 0U, j = static_cast<unsigned>(r.size() - 1); i != r.size(); j = i++) {
      if ((r[i].lat_ > p.lat_) != (r[j].lat_ > p.lat_) &&
          p.lng_ < (r[j].lng_ - r[i].lng_) * (p.lat_ - r[i].lat_) / (r[j].lat_ - r[i].lat_) + r[i].lng_) {
        in = !in;
      }
    }
  }
  return in;
}

// The edges of `g` on one of the (sorted) ways or with both ends inside the polygon, ascending.
std::vector<edge_idx> select_edges(street_graph const& g, std::vector<std::int64_t> const& ways,
                                   std::optional<ondemand::polygon> const& poly) {
  std::vector<std::uint8_t> in_poly;
  if (poly) {
    auto lo = latlng{90, 180}, hi = latlng{-90, -180};
    for (auto const& p : poly->front()) {
      lo = {std::min(lo.lat_, p.lat_), std::min(lo.lng_, p.lng_)};
      hi = {std::max(hi.lat_, p.lat_), std::max(hi.lng_, p.lng_)};
    }
    in_poly.resize(g.n_nodes());
    for (auto i = 0U; i != g.n_nodes(); ++i) {
      auto const p = g.node_pos_[node_idx{i}];
      in_poly[i] = p.lat_ >= lo.lat_ && p.lat_ <= hi.lat_ && p.lng_ >= lo.lng_ && p.lng_ <= hi.lng_ && inside(*poly, p);
    }
  }
  std::vector<edge_idx> out;
  for (auto const e : g.edge_from_.keys()) {
    auto const w = g.edge_way_[e];
    if ((w > 0 && std::binary_search(begin(ways), end(ways), w)) ||
        (poly && in_poly[g.edge_from_[e].v()] != 0 && in_poly[g.edge_to_[e].v()] != 0)) {
      out.push_back(e);
    }
  }
  return out;
}

std::vector<std::int64_t> sorted(std::vector<std::int64_t> v) {
  std::sort(begin(v), end(v));
  v.erase(std::unique(begin(v), end(v)), end(v));
  return v;
}

// ---- Changing -------------------------------------------------------------------------------------

std::uint16_t x1000(double factor) {
  return static_cast<std::uint16_t>(std::clamp(std::lround(factor * 1000.0), 1L, 65535L));
}
std::uint16_t kmh_x10(double kmh) {
  return static_cast<std::uint16_t>(std::clamp(std::lround(kmh * 10.0), 1L, 65535L));
}

void set_modes(edge_attr& a, mode_mask m, std::optional<std::uint8_t> lts) {
  a.flags_ = static_cast<std::uint8_t>((a.flags_ & ~(edge_attr::kNoFoot | edge_attr::kNoBicycle)) |
                                       ((m & kWalk) == 0 ? edge_attr::kNoFoot : 0) |
                                       ((m & kBike) == 0 ? edge_attr::kNoBicycle : 0));
  if ((m & kBike) != 0 && a.lts_ == 0) {
    a.lts_ = lts.value_or(1);  // lts 0 = not cycled: a street opened to bikes without traffic is LTS 1
  }
}

// Whether the change can alter where a walker goes or how long it takes (stops re-linked near it).
bool changes_walking(street_change const& c) {
  return c.allowed_modes_ || c.walk_time_factor_;
}

void change_walk_edge(street_graph& g, edge_idx e, street_change const& c) {
  auto& a = g.edge_attr_[e];
  if (c.allowed_modes_) {
    set_modes(a, *c.allowed_modes_, c.lts_);
  }
  if (c.lts_) {
    a.lts_ = *c.lts_;
  }
  if (c.wheelchair_) {
    a.wheelchair_ = *c.wheelchair_;
  }
  if (c.surface_) {
    a.surface_ = *c.surface_;
  }
  if (c.steps_to_ramp_ && a.kind_ == street::edge_kind::kSteps) {
    a.flags_ |= edge_attr::kRamp;
  }
  if (c.walk_time_factor_ || c.bike_time_factor_) {
    if (g.edge_factor_.empty()) {
      g.edge_factor_.resize(g.n_edges());
    }
    if (c.walk_time_factor_) {
      g.edge_factor_[e].walk_x1000_ = x1000(*c.walk_time_factor_);
    }
    if (c.bike_time_factor_) {
      g.edge_factor_[e].bike_x1000_ = x1000(*c.bike_time_factor_);
    }
  }
  if (c.lower_kerbs_) {
    for (auto const n : {g.edge_from_[e], g.edge_to_[e]}) {
      auto& k = g.node_attr_[n].kerb_;
      if (k != kerb_tag::kNone && k != kerb_tag::kFlush) {
        k = kerb_tag::kLowered;
      }
    }
  }
}

void change_car_edge(street::car_network& cars, edge_idx e, street_change const& c) {
  auto& speed = cars.speed_kmh_x10_[e];
  if (c.allowed_modes_ && (*c.allowed_modes_ & kCar) == 0) {
    speed = 0;  // closed: street::make_car_costs blocks it
    return;
  }
  if (c.car_speed_kmh_) {
    speed = kmh_x10(*c.car_speed_kmh_);
  } else if (speed == 0 && c.allowed_modes_) {
    speed = kmh_x10(kDefaultCarKmh);  // opened again after an earlier modification closed it
  }
}

// ---- Adding ---------------------------------------------------------------------------------------

// Splits edge e at `frac` (0..1 from edge_from_): its first piece keeps the id, the second is appended,
// so that no other edge id moves. Lengths are shared in proportion; attributes, way, factors, slope
// and car speed go to both pieces.
node_idx split(street_graph& g, street::car_network* cars, edge_idx e, double frac, std::vector<edge_idx>& touched) {
  auto const a = g.edge_from_[e], b = g.edge_to_[e];
  auto const pa = g.node_pos_[a], pb = g.node_pos_[b];
  auto const m = g.add_node({pa.lat_ + frac * (pb.lat_ - pa.lat_), pa.lng_ + frac * (pb.lng_ - pa.lng_)});
  auto const total = g.edge_length_cm_[e];
  auto const cm = static_cast<std::uint32_t>(std::lround(frac * total));
  auto const attr = g.edge_attr_[e];
  g.edge_to_[e] = m;
  g.edge_length_cm_[e] = std::max(1U, cm);
  g.add_edge(m, b, attr, g.edge_way_[e]);
  g.edge_length_cm_.back() = std::max(1U, total - std::min(total, cm));
  if (!g.edge_factor_.empty()) {
    g.edge_factor_.back() = g.edge_factor_[e];
  }
  if (!g.edge_slope_.empty()) {
    auto const slope = g.edge_slope_[e];
    g.edge_slope_.push_back(slope);
  }
  if (cars != nullptr) {
    auto const speed = cars->speed_kmh_x10_[e];
    cars->speed_kmh_x10_.push_back(speed);
  }
  touched.push_back(e);
  touched.push_back(edge_idx{static_cast<std::uint32_t>(g.n_edges() - 1)});
  return m;
}

// The node an end of a new street joins: the nearest street point within `radius_m` (a node within
// kJoinNodeM of it, else a split of its edge), invalid when there is none.
struct end_link {
  street::snap at_;
  node_idx node_{node_idx::invalid()};
};

// Returns whether it split the edge.
bool join(street_graph& g, street::car_network* cars, end_link& l, std::vector<edge_idx>& touched) {
  if (!l.at_.valid()) {
    return false;
  }
  auto const e = l.at_.edge_;
  auto const len_m = g.edge_length_cm_[e] / 100.0;
  auto const frac = static_cast<double>(l.at_.frac_);
  if (frac * len_m <= kJoinNodeM) {
    l.node_ = g.edge_from_[e];
  } else if ((1.0 - frac) * len_m <= kJoinNodeM) {
    l.node_ = g.edge_to_[e];
  } else {
    l.node_ = split(g, cars, e, frac, touched);
    return true;
  }
  return false;
}

// Adds the street along `line` to `g` (edges with `attr`, and `speed` when `cars`), its ends linked to
// the nearest streets within `radius_m`. New and split edges go to `touched`; returns the first edge of
// the new street (its edges are the last ones).
edge_idx add_street(street_graph& g, street::car_network* cars, std::vector<latlng> const& line, edge_attr attr,
                    std::uint16_t speed, double radius_m, std::vector<edge_idx>& touched) {
  end_link first, last;
  {
    street::street_index const index{g};
    first.at_ = index.nearest(line.front(), radius_m);
    last.at_ = index.nearest(line.back(), radius_m);
  }
  if (join(g, cars, first, touched) && last.at_.valid() && last.at_.edge_ == first.at_.edge_) {
    // Both ends on one edge, which the first end split: find the second end's piece again.
    street::street_index const index{g};
    last.at_ = index.nearest(line.back(), radius_m);
  }
  join(g, cars, last, touched);

  auto const add_edge = [&](node_idx x, node_idx y) {
    g.add_edge(x, y, attr);
    if (cars != nullptr) {
      cars->speed_kmh_x10_.push_back(speed);
    }
    if (!g.edge_slope_.empty()) {
      g.edge_slope_.push_back({});  // flat: no DEM sample for a new street
    }
    touched.emplace_back(static_cast<std::uint32_t>(g.n_edges() - 1));
  };
  auto const first_edge = edge_idx{static_cast<std::uint32_t>(g.n_edges())};
  // The street's own nodes: an end that stands on the street point it links to is that point.
  std::vector<node_idx> nodes;
  for (auto i = 0U; i != line.size(); ++i) {
    auto const* end = i == 0 ? &first : i + 1 == line.size() ? &last : nullptr;
    if (end != nullptr && end->node_.valid() && haversine_m(g.node_pos_[end->node_], line[i]) <= kSameSpotM) {
      nodes.push_back(end->node_);
    } else {
      nodes.push_back(g.add_node(line[i]));
    }
  }
  if (first.node_.valid() && first.node_ != nodes.front()) {
    add_edge(first.node_, nodes.front());  // a short connector, part of the new street
  }
  for (auto i = 1U; i != nodes.size(); ++i) {
    if (nodes[i] != nodes[i - 1]) {
      add_edge(nodes[i - 1], nodes[i]);
    }
  }
  if (last.node_.valid() && last.node_ != nodes.back()) {
    add_edge(nodes.back(), last.node_);
  }
  return first_edge;
}

edge_attr new_walk_attr(street_change const& c, mode_mask modes) {
  edge_attr a;
  a.surface_ = c.surface_.value_or(street::surface_class::kPaved);
  a.wheelchair_ = c.wheelchair_.value_or(street::wheelchair_tag::kUnknown);
  set_modes(a, modes, c.lts_);
  if (c.lts_ && (modes & kBike) != 0) {
    a.lts_ = *c.lts_;
  }
  return a;
}

mode_mask modes_of(add_streets const& a) {
  return a.change_.allowed_modes_.value_or(static_cast<mode_mask>(kWalk | kBike));
}

// ---- Re-linking -----------------------------------------------------------------------------------

// Stops within the link radius of a touched edge are linked again; those within the longest
// transfer get their transfers computed again (network::relink_stops).
void relink_near(network::network& n, std::vector<edge_idx> touched) {
  if (touched.empty() || n.transit_.n_stops() == 0) {
    return;
  }
  std::sort(begin(touched), end(touched));
  touched.erase(std::unique(begin(touched), end(touched)), end(touched));
  auto const& g = n.streets_;
  street_graph near;  // the touched edges alone, to find the stops near them
  for (auto const e : touched) {
    auto const a = near.add_node(g.node_pos_[g.edge_from_[e]]);
    auto const b = near.add_node(g.node_pos_[g.edge_to_[e]]);
    near.add_edge(a, b);
  }
  auto const radius_m = n.params_.link_radius_m_;
  auto const transfer_m =
      n.params_.max_transfer_m_ / street::min_walk_factor({g.edge_factor_.begin(), g.edge_factor_.end()});
  street::street_index const index{near, 250.0};
  std::vector<stop_idx> resnap, retransfer;
  for (auto s = 0U; s != n.transit_.n_stops(); ++s) {
    auto const at = index.nearest(n.transit_.stop_pos_[stop_idx{s}], std::max(radius_m, transfer_m));
    if (!at.valid()) {
      continue;
    }
    auto const d_m = at.link_cm_ / 100.0;
    if (d_m <= radius_m) {
      resnap.emplace_back(s);
    } else if (d_m <= transfer_m) {
      retransfer.emplace_back(s);
    }
  }
  network::relink_stops(n, resnap, retransfer);
}

}  // namespace

std::optional<modification> parse_street(std::string const& type, fields const& f) {
  if (type == "modify-streets") {
    f.only({"type", "name", "description", "osm_ways", "polygon", "allowed_modes", "car_speed_kmh", "walk_time_factor",
            "bike_time_factor", "lts", "wheelchair", "surface", "steps_to_ramp", "lower_kerbs"});
    modify_streets m;
    if (f.has("osm_ways")) {
      auto const& v = f.json()["osm_ways"];
      if (!v.is_array()) {
        f.fail("osm_ways", "expected an array of OSM way ids");
      }
      for (auto i = 0U; i != v.size(); ++i) {
        if (!v[i].is_number_integer() || v[i].get<std::int64_t>() <= 0) {
          f.fail("osm_ways[" + std::to_string(i) + "]",
                 "expected an OSM way id (a positive integer), got " + v[i].dump());
        }
        m.osm_ways_.push_back(v[i].get<std::int64_t>());
      }
    }
    if (f.has("polygon")) {
      m.polygon_ = parse_polygon(f);
    }
    if (m.osm_ways_.empty() && !m.polygon_) {
      f.fail("osm_ways", "no street selected: give osm_ways, a polygon or both");
    }
    m.change_ = parse_change(f);
    if (changes_nothing(m.change_)) {
      f.fail("",
             "changes nothing: give at least one of allowed_modes, car_speed_kmh, walk_time_factor, "
             "bike_time_factor, lts, wheelchair, surface, steps_to_ramp, lower_kerbs");
    }
    return m;
  }
  if (type == "add-streets") {
    f.only({"type", "name", "description", "geometry", "allowed_modes", "car_speed_kmh", "walk_time_factor",
            "bike_time_factor", "lts", "wheelchair", "surface", "steps_to_ramp", "lower_kerbs"});
    add_streets a;
    a.geometry_ = parse_line(f);
    a.change_ = parse_change(f);
    if (a.change_.allowed_modes_ && *a.change_.allowed_modes_ == 0) {
      f.fail("allowed_modes", "a new street needs at least one mode");
    }
    if (a.change_.steps_to_ramp_ || a.change_.lower_kerbs_) {
      f.fail(a.change_.steps_to_ramp_ ? "steps_to_ramp" : "lower_kerbs", "a new street has no steps nor kerbs");
    }
    return a;
  }
  return std::nullopt;
}

void check_street(named_modification const& m, network::network const& n, std::string const& file) {
  auto const fail = [&](std::string const& field, std::string const& msg) {
    throw input_error{file, 0, m.label() + "." + field, msg};
  };
  if (auto const* mod = std::get_if<modify_streets>(&m.change_)) {
    if (!mod->osm_ways_.empty()) {
      auto const ways = sorted(mod->osm_ways_);
      std::vector<std::uint8_t> found(ways.size(), 0);
      for (auto const* g : {&n.streets_, &n.cars_.graph_}) {
        for (auto const w : g->edge_way_) {
          if (auto const it = std::lower_bound(begin(ways), end(ways), w); it != end(ways) && *it == w) {
            found[static_cast<std::size_t>(it - begin(ways))] = 1;
          }
        }
      }
      for (auto i = 0U; i != mod->osm_ways_.size(); ++i) {
        auto const w = mod->osm_ways_[i];
        if (found[static_cast<std::size_t>(std::lower_bound(begin(ways), end(ways), w) - begin(ways))] == 0) {
          fail("osm_ways[" + std::to_string(i) + "]", "no OSM way " + std::to_string(w) + " in the network");
        }
      }
    }
    if (mod->polygon_ && select_edges(n.streets_, {}, mod->polygon_).empty() &&
        select_edges(n.cars_.graph_, {}, mod->polygon_).empty()) {
      fail("polygon", "selects no street (an edge is selected when both its ends are inside)");
    }
  } else if (auto const* add = std::get_if<add_streets>(&m.change_)) {
    auto const modes = modes_of(*add);
    auto const radius_m = n.params_.link_radius_m_;
    auto const last = std::to_string(add->geometry_.size() - 1);
    auto const check_ends = [&](street_graph const& g, char const* what) {
      street::street_index const index{g};
      for (auto const& [field, p] : {std::pair{std::string{"geometry[0]"}, add->geometry_.front()},
                                     std::pair{"geometry[" + last + "]", add->geometry_.back()}}) {
        if (!index.nearest(p, radius_m).valid()) {
          fail(field, std::string{"no "} + what + " within the link radius (" + std::to_string(std::lround(radius_m)) +
                          " m) of this end");
        }
      }
    };
    if ((modes & (kWalk | kBike)) != 0) {
      check_ends(n.streets_, "walkable street");
    }
    if ((modes & kCar) != 0) {
      if (n.cars_.empty()) {
        fail("allowed_modes", "the network has no car streets to link a car street to");
      }
      check_ends(n.cars_.graph_, "car street");
    }
  }
}

void apply_street(std::vector<named_modification const*> const& mods, network::network& n) {
  auto& g = n.streets_;
  auto& cars = n.cars_;
  std::vector<edge_idx> touched;  // walk edges whose walk may have changed, split or new
  auto walk_changed = false, car_changed = false;
  for (auto const* m : mods) {
    if (auto const* mod = std::get_if<modify_streets>(&m->change_)) {
      auto const ways = sorted(mod->osm_ways_);
      auto const& c = mod->change_;
      for (auto const e : select_edges(g, ways, mod->polygon_)) {
        change_walk_edge(g, e, c);
        if (changes_walking(c)) {
          touched.push_back(e);
        }
      }
      if (c.allowed_modes_ || c.car_speed_kmh_) {
        for (auto const e : select_edges(cars.graph_, ways, mod->polygon_)) {
          change_car_edge(cars, e, c);
        }
      }
    } else if (auto const* add = std::get_if<add_streets>(&m->change_)) {
      auto const modes = modes_of(*add);
      auto const& c = add->change_;
      if ((modes & (kWalk | kBike)) != 0) {
        auto const first =
            add_street(g, nullptr, add->geometry_, new_walk_attr(c, modes), 0, n.params_.link_radius_m_, touched);
        if (c.walk_time_factor_ || c.bike_time_factor_) {
          if (g.edge_factor_.empty()) {
            g.edge_factor_.resize(g.n_edges());
          }
          for (auto e = first; e.v() != g.n_edges(); e = edge_idx{e.v() + 1}) {
            g.edge_factor_[e] = {x1000(c.walk_time_factor_.value_or(1.0)), x1000(c.bike_time_factor_.value_or(1.0))};
          }
        }
        walk_changed = true;
      }
      if ((modes & kCar) != 0 && !cars.empty()) {
        std::vector<edge_idx> car_touched;
        add_street(cars.graph_, &cars, add->geometry_, {}, kmh_x10(c.car_speed_kmh_.value_or(kDefaultCarKmh)),
                   n.params_.link_radius_m_, car_touched);
        car_changed = true;
      }
    }
  }
  if (walk_changed) {
    g.finalize();
  }
  if (car_changed) {
    cars.graph_.finalize();
  }
  relink_near(n, std::move(touched));
}

}  // namespace solimob::scenario::detail
