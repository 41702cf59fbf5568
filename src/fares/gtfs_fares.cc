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
      auto const& id = tt.route_id_[r];
      auto const colon = id.find(':');
      route_of.emplace(std::pair{static_cast<std::uint32_t>(std::stoul(id.substr(0, colon))), id.substr(colon + 1)}, r);
      route_feed_.push_back(static_cast<std::uint32_t>(std::stoul(id.substr(0, colon))));
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
  }

  fare_state after(fare_state const& s, ride const& r) const override {
    if (ent_.pass_covers(r.route_)) {
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
    auto const feed = route_feed_[r.route_.v()];
    for (auto const& x : rules_) {
      if (x.feed_ != feed || (x.route_.valid() && x.route_ != r.route_) ||
          (x.origin_ != kAnyZone && x.origin_ != stop_zone_[r.board_.v()]) ||
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
  std::vector<std::uint32_t> route_feed_;  // per timetable route
  std::vector<std::int32_t> stop_zone_;    // per timetable stop, kAnyZone when none
};

}  // namespace

std::unique_ptr<pricer> make_gtfs_v1_pricer(std::span<gtfs::fare_table const> tables, rider const& who,
                                            transit::timetable const& tt) {
  return std::make_unique<v1_pricer>(tables, who, tt);
}

}  // namespace solimob::fares
