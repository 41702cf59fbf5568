#include <gtest/gtest.h>

#include "core/time.h"

namespace solimob {
namespace {

TEST(time, gtfs_times_past_midnight_are_valid) {
  EXPECT_EQ(parse_gtfs_time("14:05:00"), 14 * 3600 + 5 * 60);
  EXPECT_EQ(parse_gtfs_time("25:10:30"), 25 * 3600 + 10 * 60 + 30);
  EXPECT_EQ(parse_gtfs_time(" 7:00:00"), 7 * 3600);
  EXPECT_FALSE(parse_gtfs_time("7h00"));
  EXPECT_FALSE(parse_gtfs_time("07:60:00"));
  EXPECT_FALSE(parse_gtfs_time(""));
}

TEST(time, gtfs_dates_and_weekdays) {
  auto const d = parse_gtfs_date("20190513");
  ASSERT_TRUE(d);
  EXPECT_EQ(weekday(*d), 0);  // a Monday
  EXPECT_EQ(format_date(*d), "2019-05-13");
  EXPECT_FALSE(parse_gtfs_date("20190231"));
  EXPECT_FALSE(parse_gtfs_date("2019-05-13"));
  EXPECT_EQ(*parse_gtfs_date("20240301") - *parse_gtfs_date("20240228"), 2);  // leap year
}

TEST(time, departure_option) {
  auto const dt = parse_date_time("2019-05-13 14:00");
  ASSERT_TRUE(dt);
  EXPECT_EQ(dt->time_, 14 * 3600);
  EXPECT_EQ(format_date(dt->day_), "2019-05-13");
  EXPECT_FALSE(parse_date_time("2019-05-13 25:00"));
  EXPECT_FALSE(parse_date_time("13/05/2019 14:00"));
}

}  // namespace
}  // namespace solimob
