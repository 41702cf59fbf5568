#include "fares/r5r_fares.h"

#include <zip.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <unordered_map>

#include "core/error.h"
#include "io/csv_reader.h"
#include "io/feed_source.h"
#include "transit/timetable.h"

namespace solimob::fares {

namespace {

// The members of the archive by base name, `__MACOSX/` resource forks left out (macOS zips carry
// "__MACOSX/._global_settings.csv" beside the real file).
std::map<std::string, std::string> read_archive(std::filesystem::path const& p) {
  std::map<std::string, std::string> out;
  auto const names = {"global_settings.csv", "fares_per_type.csv", "fares_per_transfer.csv", "fares_per_route.csv"};
  if (std::filesystem::is_directory(p)) {
    auto const src = io::open_feed(p);
    for (auto const* n : names) {
      if (auto c = src->read(n)) {
        out.emplace(n, std::move(*c));
      }
    }
    return out;
  }
  int err = 0;
  auto* z = zip_open(p.string().c_str(), ZIP_RDONLY, &err);
  if (z == nullptr) {
    throw input_error{p.string(), 0, "", "cannot open the fare structure (not a zip archive or folder)"};
  }
  auto const n = zip_get_num_entries(z, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    std::string const name = zip_get_name(z, static_cast<zip_uint64_t>(i), 0);
    if (name.starts_with("__MACOSX/") || name.ends_with("/")) {
      continue;
    }
    auto const base = name.substr(name.find_last_of('/') + 1);
    if (std::find(names.begin(), names.end(), base) == names.end()) {
      continue;
    }
    zip_stat_t st;
    auto* f = zip_stat_index(z, static_cast<zip_uint64_t>(i), 0, &st) == 0
                  ? zip_fopen_index(z, static_cast<zip_uint64_t>(i), 0)
                  : nullptr;
    std::string content(f != nullptr ? st.size : 0, '\0');
    auto const got = f != nullptr ? zip_fread(f, content.data(), st.size) : -1;
    if (f != nullptr) {
      zip_fclose(f);
    }
    if (got < 0 || static_cast<zip_uint64_t>(got) != st.size) {
      zip_discard(z);
      throw input_error{p.string(), 0, name, "archive member is truncated or corrupt"};
    }
    out.emplace(base, std::move(content));
  }
  zip_discard(z);
  return out;
}

// Java's Math.round(fare * 100.0f), as r5r's FarePerType / FarePerRoute / FareStructure setters.
std::int32_t java_cents(double fare) {
  return static_cast<std::int32_t>(std::floor(static_cast<float>(fare) * 100.0F + 0.5F));
}

bool flag(io::csv_reader const& csv, std::size_t col) {
  auto const v = csv.field(col);
  if (v == "TRUE" || v == "true" || v == "True" || v == "1") {
    return true;
  }
  if (v == "FALSE" || v == "false" || v == "False" || v == "0") {
    return false;
  }
  throw input_error{csv.file_name(), csv.line(), csv.header()[col],
                    "expected TRUE or FALSE, got '" + std::string{v} + "'"};
}

std::int32_t cents(io::csv_reader const& csv, std::size_t col) {
  auto const v = csv.get_double(col);
  if (!std::isfinite(v) || v < 0 || v > 1e6) {
    throw input_error{csv.file_name(), csv.line(), csv.header()[col], "fare out of range"};
  }
  return java_cents(v);
}

}  // namespace

r5r_fares read_r5r_fares(std::filesystem::path const& p) {
  auto const files = read_archive(p);
  auto const member = [&](std::string const& name) -> std::pair<std::string, std::string const*> {
    auto const it = files.find(name);
    auto const shown = p.string() + "/" + name;
    if (it == files.end()) {
      throw input_error{shown, 0, "", "missing from the fare structure"};
    }
    return {shown, &it->second};
  };
  r5r_fares out;
  {
    auto const [name, content] = member("global_settings.csv");
    io::csv_reader csv{name, *content};
    auto const setting = csv.required_column("setting");
    auto const value = csv.required_column("value");
    while (csv.next()) {
      auto const s = csv.field(setting);
      auto const integer = [&](std::int32_t lo) {
        auto const v = csv.get_double(value);
        if (v != std::floor(v) || v < lo || v > 1e6) {
          throw input_error{name, csv.line(), "value", "expected a whole number >= " + std::to_string(lo)};
        }
        return static_cast<std::int32_t>(v);
      };
      if (s == "max_discounted_transfers") {
        out.max_discounted_transfers_ = integer(0);
      } else if (s == "transfer_time_allowance") {
        out.transfer_time_allowance_min_ = integer(0);
      } else if (s == "fare_cap") {
        // r5r's R side turns fare_cap <= 0 into Inf and Inf into -1 for Java: both mean no cap.
        auto const v = csv.field(value);
        if (v == "Inf" || v == "inf" || v == "-1") {
          out.fare_cap_cents_ = -1;
        } else {
          auto const c = csv.get_double(value);
          out.fare_cap_cents_ = c <= 0 ? -1 : cents(csv, value);
        }
      } else {
        throw input_error{name, csv.line(), "setting", "unknown setting '" + std::string{s} + "'"};
      }
    }
  }
  {
    auto const [name, content] = member("fares_per_type.csv");
    io::csv_reader csv{name, *content};
    auto const type = csv.required_column("type");
    auto const unlimited = csv.required_column("unlimited_transfers");
    auto const same_route = csv.required_column("allow_same_route_transfer");
    auto const use_route = csv.required_column("use_route_fare");
    auto const fare = csv.required_column("fare");
    while (csv.next()) {
      r5r_fares::fare_type t{std::string{csv.field(type)}, flag(csv, unlimited), flag(csv, same_route),
                             flag(csv, use_route), cents(csv, fare)};
      if (std::any_of(out.types_.begin(), out.types_.end(), [&](auto const& x) { return x.type_ == t.type_; })) {
        throw input_error{name, csv.line(), "type", "fare type '" + t.type_ + "' listed twice"};
      }
      out.types_.push_back(std::move(t));
    }
  }
  auto const known_type = [&](io::csv_reader const& csv, std::size_t col) {
    auto const t = std::string{csv.field(col)};
    if (std::none_of(out.types_.begin(), out.types_.end(), [&](auto const& x) { return x.type_ == t; })) {
      throw input_error{csv.file_name(), csv.line(), csv.header()[col],
                        "fare type '" + t + "' is not in fares_per_type.csv"};
    }
    return t;
  };
  {
    auto const [name, content] = member("fares_per_transfer.csv");
    io::csv_reader csv{name, *content};
    auto const first = csv.required_column("first_leg");
    auto const second = csv.required_column("second_leg");
    auto const fare = csv.required_column("fare");
    while (csv.next()) {
      out.transfers_.push_back({known_type(csv, first), known_type(csv, second), cents(csv, fare)});
    }
  }
  {
    auto const [name, content] = member("fares_per_route.csv");
    io::csv_reader csv{name, *content};
    auto const agency = csv.required_column("agency_id");
    auto const route = csv.required_column("route_id");
    auto const fare = csv.required_column("route_fare");
    auto const type = csv.required_column("fare_type");
    std::unordered_map<std::string, std::size_t> line_of;
    while (csv.next()) {
      auto const id = std::string{csv.field(route)};
      // r5r keys rows by agency_id:route_id; the timetable keeps no agency per route, so a route_id
      // must be unique here.
      if (auto const [it, fresh] = line_of.emplace(id, csv.line()); !fresh) {
        throw input_error{name, csv.line(), "route_id",
                          "route_id '" + id + "' already on line " + std::to_string(it->second)};
      }
      out.routes_.push_back({std::string{csv.field(agency)}, id, known_type(csv, type), cents(csv, fare)});
    }
  }
  return out;
}

namespace {

std::string_view unprefixed(std::string_view id) {
  auto const colon = id.find(':');
  return colon == std::string_view::npos ? id : id.substr(colon + 1);
}

constexpr std::uint32_t kNoRoute = std::numeric_limits<std::uint32_t>::max();

// Timetable route -> row of fares_per_route.csv, kNoRoute when none.
std::vector<std::uint32_t> route_rows(r5r_fares const& f, transit::timetable const& tt) {
  std::unordered_map<std::string_view, std::uint32_t> row_of;
  for (auto i = 0U; i != f.routes_.size(); ++i) {
    row_of.emplace(f.routes_[i].route_id_, i);
  }
  std::vector<std::uint32_t> out(tt.route_id_.size(), kNoRoute);
  for (auto const r : tt.route_id_.keys()) {
    if (auto const it = row_of.find(unprefixed(tt.route_id_[r])); it != row_of.end()) {
      out[r.v()] = it->second;
    }
  }
  return out;
}

// State encoding (fare_state):
//   paid_cents_       what the rider paid, fare cap applied;
//   extra_            1 + the fares_per_route row of the last ride (0: no ride yet);
//   context_          1 + its fare type;
//   allowance_until_  r5r's previousBoardTime + transfer_time_allowance: a ride boarded after it
//                     pays full. previousBoardTime is the boarding of the last ride that was priced,
//                     not of the first ride, and not of a free ride within an unlimited type (r5r
//                     leaves it unchanged on those);
//   transfers_left_   max_discounted_transfers minus the discounts used;
//   allowance_cents_  unused (0).
class r5r_pricer final : public pricer {
 public:
  r5r_pricer(r5r_fares const& f, rider const& who, transit::timetable const& tt) : ent_{who, tt} {
    auto const type_of = [&](std::string const& t) {
      return static_cast<std::uint32_t>(
          std::find_if(f.types_.begin(), f.types_.end(), [&](auto const& x) { return x.type_ == t; }) -
          f.types_.begin());
    };
    types_ = f.types_;
    for (auto const& r : f.routes_) {
      auto const t = type_of(r.fare_type_);
      row_type_.push_back(t);
      // r5r's loadFareInformation: use_route_fare FALSE replaces the route's fare by its type's.
      row_fare_.push_back(types_[t].use_route_fare_ ? r.route_fare_cents_ : types_[t].fare_cents_);
    }
    n_types_ = types_.size();
    transfer_fare_.assign(n_types_ * n_types_, -1);
    for (auto const& x : f.transfers_) {
      // As r5r's lookup array: a pair listed twice keeps its last row.
      transfer_fare_[type_of(x.first_leg_) * n_types_ + type_of(x.second_leg_)] = x.fare_cents_;
    }
    route_row_ = route_rows(f, tt);
    std::vector<std::string> missing;
    for (auto const r : tt.route_id_.keys()) {
      if (route_row_[r.v()] == kNoRoute) {
        missing.push_back(tt.route_id_[r]);
      }
    }
    if (!missing.empty()) {
      auto msg = std::to_string(missing.size()) + " timetable route(s) without a fares_per_route.csv row, e.g. '" +
                 missing.front() + "'";
      throw input_error{msg};
    }
    min_full_ = row_fare_.empty() ? 0 : *std::min_element(row_fare_.begin(), row_fare_.end());
    max_discounts_ = static_cast<std::uint16_t>(std::min(f.max_discounted_transfers_, 65535));
    allowance_s_ = f.transfer_time_allowance_min_ * 60;
    cap_ = f.fare_cap_cents_ > 0 ? ent_.charge(f.fare_cap_cents_) : -1;
  }

  fare_state after(fare_state const& s, ride const& r) const override {
    if (ent_.rides_free() || ent_.pass_covers(r.route_)) {
      return s;
    }
    auto const row = route_row_[r.route_.v()];
    auto const type = row_type_[row];
    auto const full = row_fare_[row];
    fare_state out = s;
    out.extra_ = row + 1;
    out.context_ = static_cast<std::uint16_t>(type + 1);
    std::int32_t increment = full;
    if (s.extra_ == 0) {
      out.transfers_left_ = max_discounts_;
    } else {
      auto const prev = s.extra_ - 1;
      auto const prev_type = row_type_[prev];
      if (prev_type == type && types_[type].unlimited_transfers_) {
        return out;  // free, no discount spent, previousBoardTime kept
      }
      if (s.transfers_left_ > 0) {
        auto const tf = transfer_fare_[prev_type * n_types_ + type];
        // r5r's isTransferAllowed: within one type, allow_same_route_transfer FALSE needs another route_id.
        auto const allowed = prev_type != type || types_[type].allow_same_route_transfer_ || prev != row;
        if (tf >= 0 && allowed && r.board_time_ <= s.allowance_until_) {
          increment = tf - row_fare_[prev];  // the transfer fare, less the previous leg's full fare
          --out.transfers_left_;
        }
      }
    }
    out.paid_cents_ = s.paid_cents_ + ent_.charge(increment);
    if (cap_ >= 0) {
      out.paid_cents_ = std::min(out.paid_cents_, cap_);
    }
    // Without discounts left the expiry decides nothing (the unlimited rule ignores it): one value
    // makes such states comparable.
    out.allowance_until_ = out.transfers_left_ == 0 ? 0 : r.board_time_ + allowance_s_;
    return out;
  }

  std::int32_t service_fare(std::int32_t cents) const override { return ent_.service_charge(cents); }
  bool rides_free() const override { return ent_.rides_free(); }
  // As r5r: an expiry after the last boarding the search allows is as good as any later one.
  fare_state tighten(fare_state const& s, seconds_t horizon) const override {
    auto out = s;
    out.allowance_until_ = std::min(out.allowance_until_, horizon);
    return out;
  }

  // after() reads the route and the boarding time only.
  bool priced_at_boarding() const override { return true; }

  // The cheapest next ride: free after an unlimited type or on a pass; else the cheapest full fare,
  // or, with a discount left, the cheapest transfer step from the last ride (ignoring its expiry and
  // the same-route rule: a lower bound is enough); at most what the cap leaves.
  std::int32_t next_ride_min_cents(fare_state const& s) const override {
    if (ent_.rides_free() || ent_.has_pass()) {
      return 0;
    }
    auto cheapest = min_full_;
    if (s.extra_ != 0) {
      auto const prev = s.extra_ - 1;
      auto const prev_type = row_type_[prev];
      if (types_[prev_type].unlimited_transfers_) {
        return 0;
      }
      for (auto t = 0U; s.transfers_left_ > 0 && t != n_types_; ++t) {
        if (auto const tf = transfer_fare_[prev_type * n_types_ + t]; tf >= 0) {
          cheapest = std::min(cheapest, tf - row_fare_[prev]);
        }
      }
    }
    auto const charged = cheapest <= 0 ? 0 : ent_.charge(cheapest);
    return cap_ >= 0 ? std::clamp(cap_ - s.paid_cents_, 0, charged) : charged;
  }

  // As r5r's McRAPTOR (R5RTransferAllowance.atLeastAsGoodForAllFutureRedemptions): the same fare type
  // of the last priced ride, paid no more, and an allowance at least as good: value (the last ride's
  // full fare), expiry and discounts left all no smaller. Like r5r's, this ignores two effects of its
  // own rules, so the search can miss a cheaper journey there (README, Fares): a transfer to the same
  // route is not discounted when allow_same_route_transfer is FALSE, and a discount is spent on the
  // first eligible ride even when a later one would save more. Exact dominance (same last route,
  // same expiry) made a POA sample about 40 times slower than the plain search.
  bool covers(fare_state const& a, fare_state const& b) const override {
    if (a.context_ != b.context_ || a.paid_cents_ > b.paid_cents_) {
      return false;
    }
    if (b.transfers_left_ == 0) {
      return true;  // b's allowance can discount nothing more
    }
    auto const value = [&](fare_state const& s) { return s.extra_ == 0 ? 0 : row_fare_[s.extra_ - 1]; };
    return value(a) >= value(b) && a.allowance_until_ >= b.allowance_until_ && a.transfers_left_ >= b.transfers_left_;
  }

 private:
  entitlement ent_;
  std::vector<r5r_fares::fare_type> types_;
  std::size_t n_types_{0};
  std::vector<std::uint32_t> row_type_;
  std::vector<std::int32_t> row_fare_;       // full fare of each fares_per_route row
  std::vector<std::int32_t> transfer_fare_;  // [first type * n + second type], -1: no discount
  std::vector<std::uint32_t> route_row_;     // per timetable route
  std::uint16_t max_discounts_{0};
  std::int32_t min_full_{0};  // the cheapest full fare of any route
  seconds_t allowance_s_{0};
  std::int32_t cap_{-1};
};

}  // namespace

std::vector<route_idx> unmatched_routes(r5r_fares const& f, transit::timetable const& tt) {
  auto const rows = route_rows(f, tt);
  std::vector<route_idx> out;
  for (auto const r : tt.route_id_.keys()) {
    if (rows[r.v()] == kNoRoute) {
      out.push_back(r);
    }
  }
  return out;
}

std::unique_ptr<pricer> make_r5r_pricer(r5r_fares const& f, rider const& who, transit::timetable const& tt) {
  return std::make_unique<r5r_pricer>(f, who, tt);
}

}  // namespace solimob::fares
