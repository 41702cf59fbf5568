#include "fares/gtfs_fares.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/error.h"
#include "transit/timetable.h"

namespace solimob::fares {

namespace {

constexpr std::uint16_t kUnlimited = std::numeric_limits<std::uint16_t>::max();
constexpr std::int32_t kAnyZone = -1;

// One table's columns by name, with errors that name the feed's file, line and field.
struct table_view {
  gtfs::fare_table const& t_;

  std::string file() const { return "feed " + std::to_string(t_.feed_) + " " + t_.file_; }
  std::optional<std::size_t> column(std::string_view name) const {
    auto const it = std::find(t_.header_.begin(), t_.header_.end(), name);
    return it == t_.header_.end() ? std::nullopt : std::optional{static_cast<std::size_t>(it - t_.header_.begin())};
  }
  std::size_t required(std::string_view name) const {
    if (auto const c = column(name)) {
      return *c;
    }
    throw input_error{file(), 1, std::string{name}, "required column is missing"};
  }
  std::string const& cell(std::size_t row, std::optional<std::size_t> col) const {
    static std::string const kEmpty;
    return col ? t_.cell(row, *col) : kEmpty;
  }
  [[noreturn]] void fail(std::size_t row, std::string_view field, std::string const& msg) const {
    throw input_error{file(), t_.line_[row], std::string{field}, msg};
  }
  double number(std::size_t row, std::size_t col, std::string_view field) const {
    auto const& v = t_.cell(row, col);
    std::size_t used = 0;
    double x = 0;
    try {
      x = std::stod(v, &used);
    } catch (std::exception const&) {
      used = 0;
    }
    if (v.empty() || used != v.size() || !std::isfinite(x) || x < 0) {
      fail(row, field, "expected a non-negative number, got '" + v + "'");
    }
    return x;
  }
};

// The feed number of a timetable id ("1:R4" -> 1, R4 after the colon); 0 without a numeric prefix.
std::pair<std::uint32_t, std::string> split_id(std::string const& id) {
  auto const colon = id.find(':');
  if (colon == std::string::npos || colon == 0 ||
      !std::all_of(id.begin(), id.begin() + static_cast<std::ptrdiff_t>(colon),
                   [](char c) { return c >= '0' && c <= '9'; })) {
    return {0, id};
  }
  return {static_cast<std::uint32_t>(std::stoul(id.substr(0, colon))), id.substr(colon + 1)};
}

gtfs::fare_table const* find_table(std::span<gtfs::fare_table const> tables, std::uint32_t feed,
                                   std::string_view file) {
  auto const it =
      std::find_if(tables.begin(), tables.end(), [&](auto const& t) { return t.feed_ == feed && t.file_ == file; });
  return it == tables.end() ? nullptr : &*it;
}

struct fare {
  std::int32_t price_cents_;
  std::uint16_t transfers_;  // kUnlimited when the field is empty
  seconds_t duration_s_;     // kUnreachable when none
};

// One fare_rules.txt row (rows with contains_id merged by fare, route, origin and destination).
struct rule {
  std::uint32_t fare_;
  route_idx route_;  // invalid: any route of the feed
  std::uint32_t feed_;
  std::int32_t origin_{kAnyZone}, destination_{kAnyZone};
  std::vector<std::int32_t> contains_;  // sorted; empty: no contains_id condition
};

// State encoding: context_ = 1 + the fare of the ticket held (0: none), allowance_until_ = the last
// boarding it allows, transfers_left_ = rides it still allows (kUnlimited: any number); paid_cents_.
class v1_pricer final : public pricer {
 public:
  v1_pricer(std::span<gtfs::fare_table const> tables, rider const& who, transit::timetable const& tt)
      : ent_{who, tt}, tt_{tt} {
    // Timetable ids carry the feed prefix "k:"; fare files name the feed's own ids.
    std::map<std::pair<std::uint32_t, std::string>, route_idx> route_of;
    for (auto const r : tt.route_id_.keys()) {
      auto const id = split_id(tt.route_id_[r]);
      route_of.emplace(id, r);
      route_feed_.push_back(id.first);
    }
    std::map<std::string, std::int32_t> zone_of;  // "k:zone" -> number
    auto const zone = [&](std::uint32_t feed, std::string const& z) {
      return zone_of.emplace(std::to_string(feed) + ":" + z, static_cast<std::int32_t>(zone_of.size())).first->second;
    };
    stop_zone_.assign(tt.n_stops(), kAnyZone);
    std::unordered_map<std::string, stop_idx> stop_of;
    for (auto const s : tt.stop_id_.keys()) {
      stop_of.emplace(tt.stop_id_[s], s);
    }

    std::uint32_t max_feed = 0;
    for (auto const& t : tables) {
      max_feed = std::max(max_feed, t.feed_);
    }
    std::map<std::string, std::uint32_t> fare_index;  // "k:fare_id"
    for (auto feed = 0U; feed <= max_feed && !tables.empty(); ++feed) {
      auto const* attrs = find_table(tables, feed, "fare_attributes.txt");
      if (attrs == nullptr) {
        continue;
      }
      table_view const a{*attrs};
      auto const id = a.required("fare_id");
      auto const price = a.required("price");
      auto const transfers = a.required("transfers");
      auto const duration = a.column("transfer_duration");
      auto const first_fare = fares_.size();
      for (auto row = 0U; row != attrs->n_rows(); ++row) {
        auto const& tr = a.cell(row, transfers);
        if (tr != "" && tr != "0" && tr != "1" && tr != "2") {
          a.fail(row, "transfers", "expected 0, 1, 2 or empty, got '" + tr + "'");
        }
        auto const& dur = a.cell(row, duration);
        fare f{static_cast<std::int32_t>(std::lround(a.number(row, price, "price") * 100.0)),
               tr.empty() ? kUnlimited : static_cast<std::uint16_t>(tr[0] - '0'),
               dur.empty() ? kUnreachable : static_cast<seconds_t>(a.number(row, *duration, "transfer_duration"))};
        if (!fare_index.emplace(std::to_string(feed) + ":" + a.cell(row, id), fares_.size()).second) {
          a.fail(row, "fare_id", "fare_id '" + a.cell(row, id) + "' listed twice");
        }
        fares_.push_back(f);
      }
      if (fares_.size() >= kUnlimited) {
        throw input_error{a.file(), 0, "fare_id", "more than 65534 fares"};
      }

      std::vector<bool> has_rule(fares_.size() - first_fare, false);
      if (auto const* rules_table = find_table(tables, feed, "fare_rules.txt")) {
        if (auto const* stops = find_table(tables, feed, "stops.txt")) {
          table_view const st{*stops};
          auto const sid = st.required("stop_id");
          auto const zid = st.required("zone_id");
          for (auto row = 0U; row != stops->n_rows(); ++row) {
            auto const it = stop_of.find(std::to_string(feed) + ":" + st.cell(row, sid));
            if (it != stop_of.end() && !st.cell(row, zid).empty()) {
              stop_zone_[it->second.v()] = zone(feed, st.cell(row, zid));
            }
          }
        }
        table_view const rt{*rules_table};
        auto const fid = rt.required("fare_id");
        auto const route = rt.column("route_id");
        auto const origin = rt.column("origin_id");
        auto const destination = rt.column("destination_id");
        auto const contains = rt.column("contains_id");
        std::map<std::tuple<std::uint32_t, std::uint32_t, std::int32_t, std::int32_t>, std::vector<std::int32_t>>
            merged;
        for (auto row = 0U; row != rules_table->n_rows(); ++row) {
          auto const f = fare_index.find(std::to_string(feed) + ":" + rt.cell(row, fid));
          if (f == fare_index.end()) {
            rt.fail(row, "fare_id", "fare_id '" + rt.cell(row, fid) + "' is not in fare_attributes.txt");
          }
          has_rule[f->second - first_fare] = true;
          auto r = route_idx::invalid();
          if (auto const& rid = rt.cell(row, route); !rid.empty()) {
            auto const it = route_of.find({feed, rid});
            if (it == route_of.end()) {
              continue;  // a route without trips in the timetable: the rule can never apply
            }
            r = it->second;
          }
          auto const z = [&](std::optional<std::size_t> col) {
            auto const& v = rt.cell(row, col);
            return v.empty() ? kAnyZone : zone(feed, v);
          };
          auto const key = std::tuple{f->second, r.v(), z(origin), z(destination)};
          if (auto const& c = rt.cell(row, contains); !c.empty()) {
            merged[key].push_back(zone(feed, c));
          } else {
            rules_.push_back({f->second, r, feed, std::get<2>(key), std::get<3>(key), {}});
          }
        }
        for (auto& [key, zones] : merged) {
          std::sort(zones.begin(), zones.end());
          zones.erase(std::unique(zones.begin(), zones.end()), zones.end());
          rules_.push_back({std::get<0>(key), route_idx{std::get<1>(key)}, feed, std::get<2>(key), std::get<3>(key),
                            std::move(zones)});
        }
      }
      // A fare without rules applies to every ride of its feed.
      for (auto i = 0U; i != has_rule.size(); ++i) {
        if (!has_rule[i]) {
          rules_.push_back(
              {static_cast<std::uint32_t>(first_fare + i), route_idx::invalid(), feed, kAnyZone, kAnyZone, {}});
        }
      }
    }
    // The rules that can apply to each route, so that a ride scans only its own.
    route_rules_.resize(tt.route_id_.size());
    for (auto const r : tt.route_id_.keys()) {
      for (auto i = 0U; i != rules_.size(); ++i) {
        auto const& x = rules_[i];
        if (x.feed_ == route_feed_[r.v()] && (!x.route_.valid() || x.route_ == r)) {
          route_rules_[r.v()].push_back(i);
        }
      }
    }
  }

  std::int32_t service_fare(std::int32_t cents) const override { return ent_.service_charge(cents); }
  bool rides_free() const override { return ent_.rides_free(); }

  fare_state after(fare_state const& s, ride const& r) const override {
    if (ent_.rides_free() || ent_.pass_covers(r.route_)) {
      return s;
    }
    auto const matching = matching_fares(r);
    if (s.context_ != 0 && s.transfers_left_ > 0 && r.board_time_ <= s.allowance_until_ &&
        std::find(matching.begin(), matching.end(), s.context_ - 1U) != matching.end()) {
      auto out = s;
      if (out.transfers_left_ != kUnlimited) {
        --out.transfers_left_;
      }
      return out;
    }
    // The cheapest ticket for this ride; among equal prices the one allowing most.
    std::optional<std::uint32_t> best;
    for (auto const f : matching) {
      auto const& x = fares_[f];
      if (!best || x.price_cents_ < fares_[*best].price_cents_ ||
          (x.price_cents_ == fares_[*best].price_cents_ &&
           (x.transfers_ > fares_[*best].transfers_ ||
            (x.transfers_ == fares_[*best].transfers_ && x.duration_s_ > fares_[*best].duration_s_)))) {
        best = f;
      }
    }
    if (!best) {
      return fare_state{s.paid_cents_, 0, 0, 0, 0, 0};  // no fare known for this ride: free, no ticket
    }
    auto const& x = fares_[*best];
    auto const until = x.duration_s_ == kUnreachable ? kUnreachable : r.board_time_ + x.duration_s_;
    return fare_state{s.paid_cents_ + ent_.charge(x.price_cents_), 0, until, x.transfers_,
                      static_cast<std::uint16_t>(*best + 1),       0};
  }

  // Another expiry or another count of rides left can make a later ride free on one side and push
  // the next ticket's purchase, so only the paid amount may differ.
  bool covers(fare_state const& a, fare_state const& b) const override {
    return a.context_ == b.context_ && a.allowance_until_ == b.allowance_until_ &&
           a.transfers_left_ == b.transfers_left_ && a.extra_ == b.extra_ && a.paid_cents_ <= b.paid_cents_;
  }

 private:
  // The zones of the stops the ride passes, board and alight included, sorted and unique.
  std::vector<std::int32_t> ride_zones(ride const& r) const {
    std::vector<std::int32_t> out;
    auto const stops = tt_.trip_stops_[r.trip_];
    auto const from = std::find(stops.begin(), stops.end(), r.board_);
    auto const to = from == stops.end() ? stops.end() : std::find(from, stops.end(), r.alight_);
    for (auto it = from; it != stops.end(); ++it) {
      if (stop_zone_[it->v()] != kAnyZone) {
        out.push_back(stop_zone_[it->v()]);
      }
      if (it == to) {
        break;
      }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  std::vector<std::uint32_t> matching_fares(ride const& r) const {
    std::vector<std::uint32_t> out;
    std::optional<std::vector<std::int32_t>> zones;
    for (auto const i : route_rules_[r.route_.v()]) {
      auto const& x = rules_[i];
      if ((x.origin_ != kAnyZone && x.origin_ != stop_zone_[r.board_.v()]) ||
          (x.destination_ != kAnyZone && x.destination_ != stop_zone_[r.alight_.v()])) {
        continue;
      }
      if (!x.contains_.empty()) {
        if (!zones) {
          zones = ride_zones(r);
        }
        if (*zones != x.contains_) {
          continue;
        }
      }
      out.push_back(x.fare_);
    }
    return out;
  }

  entitlement ent_;
  transit::timetable const& tt_;
  std::vector<fare> fares_;
  std::vector<rule> rules_;
  std::vector<std::uint32_t> route_feed_;                // per timetable route
  std::vector<std::vector<std::uint32_t>> route_rules_;  // per timetable route: indices in rules_
  std::vector<std::int32_t> stop_zone_;                  // per timetable stop, kAnyZone when none
};

// GTFS Fares v2. Ids are interned per feed ("k:id" -> number); -1 is "empty" in a rule.
struct leg_rule {
  std::uint32_t feed_;
  std::int32_t group_{-1}, network_{-1}, from_area_{-1}, to_area_{-1};
  std::int32_t priority_{0};
  std::int32_t product_{-1};  // -1: no product, the leg is free
};

struct transfer_rule {
  std::uint32_t feed_;
  std::int32_t from_group_{-1}, to_group_{-1};
  std::int32_t transfer_count_{-1};  // -1: no limit (only with from_group_ == to_group_)
  seconds_t duration_limit_{kUnreachable};
  std::uint8_t fare_transfer_type_{0};  // 0: A + AB, 1: A + AB + B, 2: AB
  std::int32_t product_{-1};            // -1: the transfer costs nothing
};

// State encoding: context_ = 1 + leg group of the last leg (0: none, or a leg without a group),
// extra_ = (1 + product of the last leg) | (transfers in the current transfer chain << 16),
// allowance_until_ = the time of the last leg the duration limits count from (its boarding or its
// alighting, after duration_limit_type), paid_cents_. transfers_left_ and allowance_cents_ unused.
class v2_pricer final : public pricer {
 public:
  v2_pricer(std::span<gtfs::fare_table const> tables, rider const& who, transit::timetable const& tt) : ent_{who, tt} {
    std::map<std::string, std::int32_t> ids;
    auto const intern = [&](std::uint32_t feed, std::string const& kind, std::string const& id) -> std::int32_t {
      if (id.empty()) {
        return -1;
      }
      return ids.emplace(std::to_string(feed) + ":" + kind + ":" + id, static_cast<std::int32_t>(ids.size()))
          .first->second;
    };
    std::unordered_map<std::string, route_idx> route_of;
    for (auto const r : tt.route_id_.keys()) {
      route_of.emplace(tt.route_id_[r], r);
      route_feed_.push_back(split_id(tt.route_id_[r]).first);
    }
    std::unordered_map<std::string, stop_idx> stop_of;
    for (auto const s : tt.stop_id_.keys()) {
      stop_of.emplace(tt.stop_id_[s], s);
    }
    route_network_.assign(tt.route_id_.size(), -1);
    stop_areas_.resize(tt.n_stops());
    std::optional<std::uint8_t> duration_type;
    std::uint32_t max_feed = 0;
    for (auto const& t : tables) {
      max_feed = std::max(max_feed, t.feed_);
    }
    for (auto feed = 0U; feed <= max_feed; ++feed) {
      auto const* legs = find_table(tables, feed, "fare_leg_rules.txt");
      if (legs == nullptr) {
        continue;
      }
      auto const k = std::to_string(feed) + ":";
      // The rider's category: one of the feed's by id or name selects its prices; else the default
      // prices, which the built-in entitlement then changes.
      std::string category;
      if (auto const* cats = find_table(tables, feed, "rider_categories.txt")) {
        table_view const c{*cats};
        auto const id = c.required("rider_category_id");
        auto const name = c.column("rider_category_name");
        auto const dflt = c.column("is_default_fare_category");
        for (auto row = 0U; row != cats->n_rows(); ++row) {
          if (c.cell(row, id) == who.name_ || c.cell(row, name) == who.name_) {
            category = c.cell(row, id);
            feed_category_[feed] = true;
          }
          if (c.cell(row, dflt) == "1") {
            default_category_[feed] = c.cell(row, id);
          }
        }
        if (category.empty()) {
          category = default_category_[feed];
        }
      }
      // Products: the price for the rider's category, else for the default category, else for none.
      if (auto const* products = find_table(tables, feed, "fare_products.txt")) {
        table_view const p{*products};
        auto const id = p.required("fare_product_id");
        auto const amount = p.required("amount");
        auto const cat = p.column("rider_category_id");
        auto const& fallback = default_category_[feed];
        std::map<std::int32_t, std::pair<std::int32_t, int>> price;  // product -> cents, rank of its row
        for (auto row = 0U; row != products->n_rows(); ++row) {
          auto const& c = p.cell(row, cat);
          auto const rank = c.empty() ? 1 : c == category ? 3 : c == fallback ? 2 : 0;
          if (rank == 0) {
            continue;
          }
          auto const cents = static_cast<std::int32_t>(std::lround(p.number(row, amount, "amount") * 100.0));
          auto& slot = price[intern(feed, "product", p.cell(row, id))];
          if (rank > slot.second) {
            slot = {cents, rank};
          }
        }
        for (auto const& [prod, pr] : price) {
          if (product_price_.size() <= static_cast<std::size_t>(prod)) {
            product_price_.resize(prod + 1, -1);
          }
          product_price_[prod] = pr.first;
        }
      }
      // Networks: route_networks.txt, else routes.txt's network_id.
      auto const set_network = [&](gtfs::fare_table const* t, char const* net_col) {
        if (t == nullptr) {
          return;
        }
        table_view const v{*t};
        auto const route = v.required("route_id");
        auto const net = v.column(net_col);
        for (auto row = 0U; row != t->n_rows(); ++row) {
          if (auto const it = route_of.find(k + v.cell(row, route));
              it != route_of.end() && !v.cell(row, net).empty()) {
            route_network_[it->second.v()] = intern(feed, "network", v.cell(row, net));
          }
        }
      };
      set_network(find_table(tables, feed, "routes.txt"), "network_id");
      set_network(find_table(tables, feed, "route_networks.txt"), "network_id");
      // Areas of stops; an area naming a station holds its platforms.
      if (auto const* sa = find_table(tables, feed, "stop_areas.txt")) {
        std::unordered_map<std::string, std::vector<stop_idx>> children;
        if (auto const* stops = find_table(tables, feed, "stops.txt")) {
          table_view const v{*stops};
          auto const sid = v.required("stop_id");
          auto const parent = v.column("parent_station");
          for (auto row = 0U; row != stops->n_rows(); ++row) {
            if (auto const it = stop_of.find(k + v.cell(row, sid));
                it != stop_of.end() && !v.cell(row, parent).empty()) {
              children[v.cell(row, parent)].push_back(it->second);
            }
          }
        }
        table_view const v{*sa};
        auto const area = v.required("area_id");
        auto const sid = v.required("stop_id");
        for (auto row = 0U; row != sa->n_rows(); ++row) {
          auto const a = intern(feed, "area", v.cell(row, area));
          if (auto const it = stop_of.find(k + v.cell(row, sid)); it != stop_of.end()) {
            stop_areas_[it->second.v()].push_back(a);
          }
          for (auto const s : children[v.cell(row, sid)]) {
            stop_areas_[s.v()].push_back(a);
          }
        }
      }
      {
        table_view const v{*legs};
        auto const group = v.column("leg_group_id");
        auto const net = v.column("network_id");
        auto const from = v.column("from_area_id");
        auto const to = v.column("to_area_id");
        auto const from_tf = v.column("from_timeframe_group_id");
        auto const to_tf = v.column("to_timeframe_group_id");
        auto const product = v.required("fare_product_id");
        auto const priority = v.column("rule_priority");
        for (auto row = 0U; row != legs->n_rows(); ++row) {
          if (!v.cell(row, from_tf).empty() || !v.cell(row, to_tf).empty()) {
            v.fail(row, v.cell(row, from_tf).empty() ? "to_timeframe_group_id" : "from_timeframe_group_id",
                   "timeframes are not supported (the timetable keeps no service_id to match them)");
          }
          auto const prod = intern(feed, "product", v.cell(row, product));
          if (prod >= 0 && (static_cast<std::size_t>(prod) >= product_price_.size() || product_price_[prod] < 0)) {
            v.fail(row, "fare_product_id",
                   "fare_product_id '" + v.cell(row, product) + "' has no price in fare_products.txt");
          }
          auto const& pr = v.cell(row, priority);
          leg_rules_.push_back(
              {feed, intern(feed, "group", v.cell(row, group)), intern(feed, "network", v.cell(row, net)),
               intern(feed, "area", v.cell(row, from)), intern(feed, "area", v.cell(row, to)),
               pr.empty() ? 0 : static_cast<std::int32_t>(v.number(row, *priority, "rule_priority")), prod});
        }
      }
      if (auto const* tr = find_table(tables, feed, "fare_transfer_rules.txt")) {
        table_view const v{*tr};
        auto const from = v.column("from_leg_group_id");
        auto const to = v.column("to_leg_group_id");
        auto const count = v.column("transfer_count");
        auto const limit = v.column("duration_limit");
        auto const limit_type = v.column("duration_limit_type");
        auto const type = v.required("fare_transfer_type");
        auto const product = v.column("fare_product_id");
        for (auto row = 0U; row != tr->n_rows(); ++row) {
          transfer_rule x{feed, intern(feed, "group", v.cell(row, from)), intern(feed, "group", v.cell(row, to))};
          auto const& c = v.cell(row, count);
          if (c == "-1" || c.empty()) {
            x.transfer_count_ = -1;
          } else {
            x.transfer_count_ = static_cast<std::int32_t>(v.number(row, *count, "transfer_count"));
          }
          if (!c.empty() && x.from_group_ != x.to_group_) {
            v.fail(row, "transfer_count", "transfer_count is only defined when from_leg_group_id = to_leg_group_id");
          }
          if (!v.cell(row, limit).empty()) {
            x.duration_limit_ = static_cast<seconds_t>(v.number(row, *limit, "duration_limit"));
            auto const& lt = v.cell(row, limit_type);
            if (lt != "0" && lt != "1" && lt != "2" && lt != "3") {
              v.fail(row, "duration_limit_type", "expected 0, 1, 2 or 3 with a duration_limit, got '" + lt + "'");
            }
            auto const t = static_cast<std::uint8_t>(lt[0] - '0');
            if (duration_type && *duration_type != t) {
              v.fail(row, "duration_limit_type", "mixed duration_limit_type values are not supported");
            }
            duration_type = t;
          }
          auto const& ft = v.cell(row, type);
          if (ft != "0" && ft != "1" && ft != "2") {
            v.fail(row, "fare_transfer_type", "expected 0, 1 or 2, got '" + ft + "'");
          }
          x.fare_transfer_type_ = static_cast<std::uint8_t>(ft[0] - '0');
          x.product_ = intern(feed, "product", v.cell(row, product));
          if (x.product_ >= 0 &&
              (static_cast<std::size_t>(x.product_) >= product_price_.size() || product_price_[x.product_] < 0)) {
            v.fail(row, "fare_product_id",
                   "fare_product_id '" + v.cell(row, product) + "' has no price in fare_products.txt");
          }
          transfer_rules_.push_back(x);
        }
      }
    }
    // duration_limit_type 0 and 1 count from the current leg's departure, 2 and 3 from its arrival;
    // 0 and 3 up to the next leg's arrival, 1 and 2 up to its departure.
    // The leg rules of each route after the network filter, which depends on the route only:
    // those naming its network, or when none does, those leaving network_id empty.
    route_legs_.resize(tt.route_id_.size());
    for (auto const r : tt.route_id_.keys()) {
      std::vector<std::uint32_t> exact, empty;
      for (auto i = 0U; i != leg_rules_.size(); ++i) {
        auto const& x = leg_rules_[i];
        if (x.feed_ == route_feed_[r.v()] && x.network_ < 0) {
          empty.push_back(i);
        } else if (x.feed_ == route_feed_[r.v()] && x.network_ == route_network_[r.v()]) {
          exact.push_back(i);
        }
      }
      route_legs_[r.v()] = exact.empty() ? std::move(empty) : std::move(exact);
    }
    from_arrival_ = duration_type && (*duration_type == 2 || *duration_type == 3);
    to_arrival_ = duration_type && (*duration_type == 0 || *duration_type == 3);
  }

  std::int32_t service_fare(std::int32_t cents) const override { return ent_.service_charge(cents); }
  bool rides_free() const override { return ent_.rides_free() && feed_category_.empty(); }

  fare_state after(fare_state const& s, ride const& r) const override {
    // A rider category of the feed has its own prices: the built-in entitlement does not apply.
    auto const own = feed_category_.contains(route_feed_[r.route_.v()]);
    if (!own && (ent_.rides_free() || ent_.pass_covers(r.route_))) {
      return s;
    }
    auto const leg = match_leg(r);
    auto const leg_price = leg && leg->product_ >= 0 ? product_price_[leg->product_] : 0;
    fare_state out{};
    out.context_ = static_cast<std::uint16_t>(leg && leg->group_ >= 0 ? leg->group_ + 1 : 0);
    out.allowance_until_ = from_arrival_ ? r.alight_time_ : r.board_time_;
    auto const product_bits = static_cast<std::uint32_t>(leg && leg->product_ >= 0 ? leg->product_ + 1 : 0);
    // A fresh leg: its own product.
    std::int32_t best = leg_price;
    std::uint32_t chain = 0;
    if (s.extra_ != 0 || s.context_ != 0) {
      auto const prev_group = static_cast<std::int32_t>(s.context_) - 1;
      auto const prev_chain = s.extra_ >> 16U;
      auto const prev_product = static_cast<std::int32_t>(s.extra_ & 0xFFFFU) - 1;
      auto const prev_price = prev_product >= 0 ? product_price_[prev_product] : 0;
      auto const elapsed = (to_arrival_ ? r.alight_time_ : r.board_time_) - s.allowance_until_;
      auto const group = leg && leg->group_ >= 0 ? leg->group_ : -1;
      for (auto const* x : match_transfers(route_feed_[r.route_.v()], prev_group, group)) {
        if (elapsed > x->duration_limit_ ||
            (x->transfer_count_ >= 0 && prev_chain + 1 > static_cast<std::uint32_t>(x->transfer_count_))) {
          continue;
        }
        auto const ab = x->product_ >= 0 ? product_price_[x->product_] : 0;
        auto const step = x->fare_transfer_type_ == 0   ? ab
                          : x->fare_transfer_type_ == 1 ? ab + leg_price
                                                        : ab - prev_price;
        if (step < best) {  // on a tie the fresh leg, whose chain starts again
          best = step;
          chain = prev_chain + 1;
        }
      }
    }
    out.extra_ = product_bits | (std::min<std::uint32_t>(chain, 0xFFFFU) << 16U);
    out.paid_cents_ = s.paid_cents_ + (own ? best : ent_.charge(best));
    return out;
  }

  bool covers(fare_state const& a, fare_state const& b) const override {
    return a.context_ == b.context_ && a.extra_ == b.extra_ && a.allowance_until_ == b.allowance_until_ &&
           a.transfers_left_ == b.transfers_left_ && a.paid_cents_ <= b.paid_cents_;
  }

 private:
  // The spec's matching: per field, the rules naming the leg's value, or when none does, the rules
  // leaving it empty; then the highest rule_priority; then the cheapest product.
  std::optional<leg_rule> match_leg(ride const& r) const {
    std::vector<leg_rule const*> c;
    for (auto const i : route_legs_[r.route_.v()]) {
      c.push_back(&leg_rules_[i]);
    }
    auto const narrow = [&](auto const& value_of, auto const& matches) {
      std::vector<leg_rule const*> exact, empty;
      for (auto const* x : c) {
        auto const v = value_of(*x);
        if (v < 0) {
          empty.push_back(x);
        } else if (matches(v)) {
          exact.push_back(x);
        }
      }
      c = exact.empty() ? std::move(empty) : std::move(exact);
    };
    auto const in = [&](stop_idx s) {
      return [&, s](std::int32_t v) {
        auto const& a = stop_areas_[s.v()];
        return std::find(a.begin(), a.end(), v) != a.end();
      };
    };
    narrow([](leg_rule const& x) { return x.from_area_; }, in(r.board_));
    narrow([](leg_rule const& x) { return x.to_area_; }, in(r.alight_));
    if (c.empty()) {
      return std::nullopt;
    }
    auto const top = (*std::max_element(c.begin(), c.end(), [](auto* a, auto* b) {
                       return a->priority_ < b->priority_;
                     }))->priority_;
    leg_rule const* best = nullptr;
    for (auto const* x : c) {
      auto const price = [&](leg_rule const* y) { return y->product_ >= 0 ? product_price_[y->product_] : 0; };
      if (x->priority_ == top && (best == nullptr || price(x) < price(best))) {
        best = x;
      }
    }
    return *best;
  }

  std::vector<transfer_rule const*> match_transfers(std::uint32_t feed, std::int32_t from, std::int32_t to) const {
    std::vector<transfer_rule const*> c;
    for (auto const& x : transfer_rules_) {
      if (x.feed_ == feed) {
        c.push_back(&x);
      }
    }
    auto const narrow = [&](auto const& value_of, std::int32_t want) {
      std::vector<transfer_rule const*> exact, empty;
      for (auto const* x : c) {
        auto const v = value_of(*x);
        if (v < 0) {
          empty.push_back(x);
        } else if (v == want) {
          exact.push_back(x);
        }
      }
      c = exact.empty() ? std::move(empty) : std::move(exact);
    };
    narrow([](transfer_rule const& x) { return x.from_group_; }, from);
    narrow([](transfer_rule const& x) { return x.to_group_; }, to);
    return c;
  }

  entitlement ent_;
  std::map<std::uint32_t, bool> feed_category_;  // feeds with a category of the rider's name
  std::map<std::uint32_t, std::string> default_category_;
  std::vector<std::int32_t> product_price_;  // by interned product, -1: no price for the rider
  std::vector<leg_rule> leg_rules_;
  std::vector<transfer_rule> transfer_rules_;
  std::vector<std::uint32_t> route_feed_;
  std::vector<std::int32_t> route_network_;             // per timetable route, -1: none
  std::vector<std::vector<std::uint32_t>> route_legs_;  // per timetable route: indices in leg_rules_
  std::vector<std::vector<std::int32_t>> stop_areas_;   // per timetable stop
  bool from_arrival_{false}, to_arrival_{false};
};

}  // namespace

std::unique_ptr<pricer> make_gtfs_v1_pricer(std::span<gtfs::fare_table const> tables, rider const& who,
                                            transit::timetable const& tt) {
  return std::make_unique<v1_pricer>(tables, who, tt);
}

}  // namespace solimob::fares

namespace solimob::fares {

std::unique_ptr<pricer> make_gtfs_v2_pricer(std::span<gtfs::fare_table const> tables, rider const& who,
                                            transit::timetable const& tt) {
  return std::make_unique<v2_pricer>(tables, who, tt);
}

}  // namespace solimob::fares
