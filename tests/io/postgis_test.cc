// PostGIS output against a real server: scripts/with-postgres starts one and sets SOLIMOB_TEST_PG
// (scripts/test does this); without it these tests say they were skipped.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>

#include "core/error.h"
#include "io/vector_io.h"

namespace solimob::io {
namespace {

std::string point_wkb(double lon, double lat) {
  std::string wkb(21, '\0');
  wkb[0] = 1;
  wkb[1] = 1;
  std::memcpy(wkb.data() + 5, &lon, 8);
  std::memcpy(wkb.data() + 13, &lat, 8);
  return wkb;
}

class postgis : public ::testing::Test {
 protected:
  void SetUp() override {
    auto const* pg = std::getenv("SOLIMOB_TEST_PG");
    if (pg == nullptr) {
      GTEST_SKIP() << "skipped: no PostgreSQL server (run through scripts/with-postgres, as scripts/test does)";
    }
    target_ = pg;
  }
  std::string target_;
};

TEST_F(postgis, tables_round_trip_and_failed_writes_roll_back) {
  table t{"access_test", {{"id", column::type::kText}, {"jobs", column::type::kReal}}, {}, {}};
  t.rows_ = {{std::string{"a"}, 12.5}, {std::string{"b"}, cell{}}};
  t.geometry_wkb_ = {point_wkb(-51.2, -30.0), point_wkb(-51.1, -30.1)};
  table summary{"access_test_groups", {{"group", column::type::kText}, {"mean", column::type::kReal}}, {}, {}};
  summary.rows_ = {{std::string{"population"}, 3.0}};
  write_tables(target_, {t, summary});

  read_options opt;
  opt.layer_ = "access_test";
  opt.numeric_fields_ = {"jobs"};
  opt.empty_numeric_as_nan_ = true;
  auto const back = read_layer(target_, opt);
  ASSERT_EQ(back.ids_, (std::vector<std::string>{"a", "b"}));
  EXPECT_DOUBLE_EQ(back.numeric_[0][0], 12.5);
  EXPECT_TRUE(std::isnan(back.numeric_[0][1]));
  EXPECT_NEAR(back.positions_[1].lng_, -51.1, 1e-9);

  // A table whose second row is malformed: nothing of this write may land, the first tables stay.
  table bad{"access_test", {{"id", column::type::kText}, {"jobs", column::type::kReal}}, {}, {}};
  bad.rows_ = {{std::string{"c"}, 1.0}, {std::string{"d"}, std::string{"not a number"}}};
  EXPECT_ANY_THROW(write_tables(target_, {bad}));
  auto const still = read_layer(target_, opt);
  EXPECT_EQ(still.ids_, (std::vector<std::string>{"a", "b"}));
}

}  // namespace
}  // namespace solimob::io
