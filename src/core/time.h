#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace solimob {

// Seconds after midnight of the service day (may exceed 86400 for trips past midnight).
using seconds_t = std::int32_t;
constexpr seconds_t kUnreachable = std::numeric_limits<seconds_t>::max();
constexpr seconds_t kSecondsPerDay = 86400;

// Days since 1970-01-01 (proleptic Gregorian).
using day_t = std::int32_t;

struct civil_date {
  int year_{1970};
  unsigned month_{1};
  unsigned day_{1};
};

day_t to_day(civil_date);
civil_date to_civil(day_t);
int weekday(day_t);              // 0 = Monday ... 6 = Sunday
std::string format_date(day_t);  // YYYY-MM-DD

// "20190513" -> day; nullopt if malformed or impossible (20190231).
std::optional<day_t> parse_gtfs_date(std::string_view);

// "14:05:00", "25:10:00", " 7:00:00" -> seconds; nullopt if malformed.
std::optional<seconds_t> parse_gtfs_time(std::string_view);

// "2019-05-13 14:00" or "2019-05-13T14:00[:00]" -> (day, seconds); nullopt if malformed.
struct date_time {
  day_t day_;
  seconds_t time_;
};
std::optional<date_time> parse_date_time(std::string_view);

}  // namespace solimob
