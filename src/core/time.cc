#include "core/time.h"

#include <charconv>
#include <cstdio>

namespace solimob {

namespace {

// Parses exactly `s` as an unsigned decimal number.
std::optional<unsigned> parse_uint(std::string_view s) {
  unsigned v = 0;
  if (s.empty()) {
    return std::nullopt;
  }
  auto const [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || ptr != s.data() + s.size()) {
    return std::nullopt;
  }
  return v;
}

unsigned days_in_month(int y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool const leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

std::optional<day_t> make_day(unsigned y, unsigned m, unsigned d) {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > days_in_month(static_cast<int>(y), m)) {
    return std::nullopt;
  }
  return to_day({static_cast<int>(y), m, d});
}

}  // namespace

// Howard Hinnant's days_from_civil.
day_t to_day(civil_date c) {
  int y = c.year_ - (c.month_ <= 2 ? 1 : 0);
  int const era = (y >= 0 ? y : y - 399) / 400;
  auto const yoe = static_cast<unsigned>(y - era * 400);
  unsigned const doy = (153 * (c.month_ + (c.month_ > 2 ? -3 : 9)) + 2) / 5 + c.day_ - 1;
  unsigned const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

civil_date to_civil(day_t z) {
  z += 719468;
  int const era = (z >= 0 ? z : z - 146096) / 146097;
  auto const doe = static_cast<unsigned>(z - era * 146097);
  unsigned const yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int const y = static_cast<int>(yoe) + era * 400;
  unsigned const doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned const mp = (5 * doy + 2) / 153;
  unsigned const d = doy - (153 * mp + 2) / 5 + 1;
  unsigned const m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2 ? 1 : 0), m, d};
}

int weekday(day_t d) {
  // 1970-01-01 was a Thursday (3 when Monday = 0).
  return ((d % 7) + 7 + 3) % 7;
}

std::string format_date(day_t d) {
  auto const c = to_civil(d);
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%04d-%02u-%02u", c.year_, c.month_, c.day_);
  return buf;
}

std::optional<day_t> parse_gtfs_date(std::string_view s) {
  if (s.size() != 8) {
    return std::nullopt;
  }
  auto const y = parse_uint(s.substr(0, 4));
  auto const m = parse_uint(s.substr(4, 2));
  auto const d = parse_uint(s.substr(6, 2));
  if (!y || !m || !d) {
    return std::nullopt;
  }
  return make_day(*y, *m, *d);
}

std::optional<seconds_t> parse_gtfs_time(std::string_view s) {
  while (!s.empty() && s.front() == ' ') {
    s.remove_prefix(1);
  }
  while (!s.empty() && s.back() == ' ') {
    s.remove_suffix(1);
  }
  auto const c1 = s.find(':');
  if (c1 == std::string_view::npos) {
    return std::nullopt;
  }
  auto const c2 = s.find(':', c1 + 1);
  auto const h = parse_uint(s.substr(0, c1));
  auto const m = parse_uint(c2 == std::string_view::npos ? s.substr(c1 + 1) : s.substr(c1 + 1, c2 - c1 - 1));
  auto const sec = c2 == std::string_view::npos ? std::optional<unsigned>{0U} : parse_uint(s.substr(c2 + 1));
  if (!h || !m || !sec || *h > 240 || *m > 59 || *sec > 59 || c1 > 3) {
    return std::nullopt;
  }
  return static_cast<seconds_t>(*h * 3600 + *m * 60 + *sec);
}

std::optional<date_time> parse_date_time(std::string_view s) {
  if (s.size() < 16 || s[4] != '-' || s[7] != '-' || (s[10] != ' ' && s[10] != 'T')) {
    return std::nullopt;
  }
  auto const y = parse_uint(s.substr(0, 4));
  auto const mo = parse_uint(s.substr(5, 2));
  auto const d = parse_uint(s.substr(8, 2));
  if (!y || !mo || !d) {
    return std::nullopt;
  }
  auto const day = make_day(*y, *mo, *d);
  auto const t = parse_gtfs_time(s.substr(11));
  if (!day || !t || *t >= kSecondsPerDay) {
    return std::nullopt;
  }
  return date_time{*day, *t};
}

}  // namespace solimob
