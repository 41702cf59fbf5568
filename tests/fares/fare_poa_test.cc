// Fares on real data: r5r's fare structure for Porto Alegre (../shared/data/poa/fares/fares_poa.zip)
// against the timetable of poa_eptc.zip (feed 0: buses) and poa_trensurb.zip (feed 1: rail).
// Skipped, with a message, when ../shared/data/poa is absent.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "fares/fare_model.h"
#include "gtfs/feed.h"
#include "transit/timetable.h"

namespace solimob::fares {
namespace {

constexpr seconds_t kH = 3600;
constexpr seconds_t kMin = 60;

std::filesystem::path poa_dir() {
  auto const dir = std::filesystem::path{SOLIMOB_SHARED_DIR} / "data" / "poa";
  return std::filesystem::exists(dir / "fares" / "fares_poa.zip") ? dir : std::filesystem::path{};
}

class poa_fares : public ::testing::Test {
 protected:
  void SetUp() override {
    auto const dir = poa_dir();
    if (dir.empty()) {
      GTEST_SKIP() << "skipped: ../shared/data/poa is absent (real-data tests need ../shared beside the repository)";
    }
    gtfs::report r;
    auto const eptc = gtfs::load(dir / "poa_eptc.zip", r);
    auto const trensurb = gtfs::load(dir / "poa_trensurb.zip", r);
    tt_.add_feed(eptc, "0:");
    tt_.add_feed(trensurb, "1:");
    for (auto t : eptc.fare_tables_) {
      feed_tables_.push_back(std::move(t));  // feed 0
    }
    structure_ = read_r5r_fares(dir / "fares" / "fares_poa.zip");
  }

  // A ride on the first trip of `route`, end to end, boarding at `board`.
  ride on(std::string const& route, seconds_t board) const {
    auto const r = std::find(tt_.route_id_.begin(), tt_.route_id_.end(), route);
    EXPECT_NE(r, tt_.route_id_.end()) << route;
    route_idx const ri{static_cast<std::uint32_t>(r - tt_.route_id_.begin())};
    trip_idx const t{static_cast<std::uint32_t>(std::find(tt_.trip_route_.begin(), tt_.trip_route_.end(), ri) -
                                                tt_.trip_route_.begin())};
    auto const stops = tt_.trip_stops_[t];
    return ride{t, ri, stops.front(), stops.back(), board, board + 30 * kMin};
  }

  transit::timetable tt_;
  std::vector<gtfs::fare_table> feed_tables_;
  r5r_fares structure_;
};

TEST_F(poa_fares, every_route_has_a_fare_row) {
  // 115 EPTC routes + LINHA1 and LINHAAERO: the 117 rows of fares_per_route.csv.
  EXPECT_EQ(structure_.routes_.size(), 117U);
  EXPECT_EQ(tt_.route_id_.size(), 117U);
  auto const missing = unmatched_routes(structure_, tt_);
  EXPECT_TRUE(missing.empty()) << missing.size() << " unmatched, e.g. " << tt_.route_id_[missing.front()];
}

TEST_F(poa_fares, three_itineraries_priced_by_hand) {
  auto const p = make_pricer(fare_model{structure_, {}}, *builtin_rider("full"), tt_);
  // One bus, 149 (fares_per_route.csv: fare_type BUS). fares_per_type.csv BUS has use_route_fare
  // FALSE, so the type's fare 4.8 applies: 4.80.
  EXPECT_EQ(journey_fare(*p, std::vector{on("0:149", 8 * kH)}), 480);
  // 149 at 8:00 then 165 (also BUS) at 8:35: 35 min <= transfer_time_allowance 60, one discount
  // allowed (max_discounted_transfers 1), another route_id (allow_same_route_transfer FALSE holds);
  // fares_per_transfer.csv BUS,BUS 7.2: 4.80 + (7.20 - 4.80) = 7.20.
  EXPECT_EQ(journey_fare(*p, std::vector{on("0:149", 8 * kH), on("0:165", 8 * kH + 35 * kMin)}), 720);
  // LINHA1 (fare_type RAIL; route_fare 4.8 unused since RAIL's use_route_fare is FALSE: RAIL 4.5)
  // at 8:00, then bus 149 at 8:40: RAIL,BUS 8.37: 4.50 + (8.37 - 4.50) = 8.37.
  EXPECT_EQ(journey_fare(*p, std::vector{on("1:LINHA1", 8 * kH), on("0:149", 8 * kH + 40 * kMin)}), 837);
  // The same bus+bus 70 min apart: outside the allowance, 4.80 twice.
  EXPECT_EQ(journey_fare(*p, std::vector{on("0:149", 8 * kH), on("0:165", 9 * kH + 10 * kMin)}), 960);
}

TEST_F(poa_fares, the_feeds_own_fares_v1) {
  // poa_eptc.zip's fare_attributes.txt: tarifa 4.70 BRL, transfers 0, no fare_rules.txt: every EPTC
  // ride buys a 4.70 ticket; poa_trensurb.zip has no fare file, its rides have no known fare.
  ASSERT_EQ(feed_tables_.size(), 1U);
  auto const p = make_pricer(fare_model{std::nullopt, feed_tables_}, *builtin_rider("full"), tt_);
  EXPECT_EQ(journey_fare(*p, std::vector{on("0:149", 8 * kH), on("0:165", 8 * kH + 35 * kMin)}), 940);
  EXPECT_EQ(journey_fare(*p, std::vector{on("1:LINHA1", 8 * kH), on("0:149", 8 * kH + 40 * kMin)}), 470);
}

}  // namespace
}  // namespace solimob::fares
