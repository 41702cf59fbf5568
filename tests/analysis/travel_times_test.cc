#include "analysis/travel_times.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "support/ascii_network.h"

namespace solimob::analysis {
namespace {

// Five street corners 100 m apart, on foot: every origin reaches every destination, and each
// origin is one quick search.
struct five_corners {
  test::ascii_network map_{"A-B-C-D-E"};
  network::network net_;
  std::vector<point> pts_;

  five_corners() {
    auto f = test::base_feed(map_, {{"SA", 'A'}});
    f["routes.txt"] = "route_id,route_short_name,route_type\nR,1,3\n";
    f["trips.txt"] = "route_id,service_id,trip_id\nR,WK,T1\n";
    f["stop_times.txt"] =
        "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,SA,1\n"
        "T1,08:05:00,08:05:00,SA,2\n";
    net_ = network::assemble(map_.graph(), {test::load_feed(f)}, {});
    for (auto const c : {'A', 'B', 'C', 'D', 'E'}) {
      pts_.push_back(map_.point(c));
    }
  }

  static travel_time_params params(unsigned threads) {
    travel_time_params p;
    p.day_ = parse_date_time("2026-11-24 08:00")->day_;
    p.departure_ = 8 * 3600;
    p.window_min_ = 1;
    p.mode_ = mode::kWalk;
    p.threads_ = threads;
    return p;
  }

  // Origins consumed by a run, or -1 when it threw cancelled_error (then `consumed_` tells).
  int run(travel_time_params const& p) {
    std::atomic<int> n{0};
    try {
      compute_travel_times(net_, pts_, pts_, p, [&](origin_times const&) { ++n; });
    } catch (cancelled_error const&) {
      consumed_ = n;
      return -1;
    }
    consumed_ = n;
    return n;
  }
  int consumed_{0};
};

TEST(travel_times, cancel_flag_set_before_the_run_starts_no_origin) {
  five_corners f;
  std::atomic<bool> cancel{true};
  auto p = five_corners::params(2);
  p.cancel_ = &cancel;
  EXPECT_EQ(f.run(p), -1);
  EXPECT_EQ(f.consumed_, 0);
  // The same flag left false: a complete run.
  cancel = false;
  EXPECT_EQ(f.run(p), 5);
}

TEST(travel_times, cancel_from_progress_stops_taking_origins) {
  five_corners f;
  std::atomic<bool> cancel{false};
  for (auto const progress_on_stderr : {false, true}) {
    cancel = false;
    auto p = five_corners::params(1);
    p.cancel_ = &cancel;
    p.progress_ = progress_on_stderr;  // with it, the run must not wait for origins that never come
    p.on_progress_ = [&](std::size_t done, std::size_t) {
      if (done == 1) {
        cancel = true;
      }
    };
    testing::internal::CaptureStderr();
    auto const n = f.run(p);
    testing::internal::GetCapturedStderr();
    EXPECT_EQ(n, -1);
    // One thread: the first origin is consumed, its progress call sets the flag, and the flag is
    // checked before the next origin is taken.
    EXPECT_EQ(f.consumed_, 1);
  }
}

TEST(travel_times, progress_is_reported_once_per_origin) {
  five_corners f;
  auto p = five_corners::params(2);
  std::mutex m;
  std::vector<std::pair<std::size_t, std::size_t>> calls;
  p.on_progress_ = [&](std::size_t done, std::size_t total) {
    std::lock_guard const lock{m};
    calls.emplace_back(done, total);
  };
  EXPECT_EQ(f.run(p), 5);
  // Two threads may report out of order, but each count 1..5 once, always out of 5 origins.
  std::sort(calls.begin(), calls.end());
  EXPECT_EQ(calls, (std::vector<std::pair<std::size_t, std::size_t>>{{1, 5}, {2, 5}, {3, 5}, {4, 5}, {5, 5}}));
}

TEST(travel_times, progress_on_stderr_ends_with_the_work) {
  five_corners f;
  auto p = five_corners::params(2);
  p.progress_ = true;
  testing::internal::CaptureStderr();
  auto const start = std::chrono::steady_clock::now();
  EXPECT_EQ(f.run(p), 5);
  auto const elapsed = std::chrono::steady_clock::now() - start;
  auto const log = testing::internal::GetCapturedStderr();
  EXPECT_NE(log.find("origins 5 / 5"), std::string::npos) << log;
  // Five 100-m searches take milliseconds; the former 500 ms polling sleep made this at least 0.5 s.
  EXPECT_LT(elapsed, std::chrono::milliseconds{450});
}

}  // namespace
}  // namespace solimob::analysis
