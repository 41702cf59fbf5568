// The cache of aggregates (dashboard, budget annex, documents): bounded, recomputed only after a
// change, one computation at a time per key.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "server/routes/support.h"

namespace solimob::server::routes {
namespace {

TEST(aggregate_cache, keeps_at_most_max_entries_dropping_the_least_recently_used) {
  aggregate_cache c;
  int computed = 0;
  auto const get = [&](std::string const& key) {
    return *c.get(key, [&] {
      ++computed;
      return json{{"key", key}};
    });
  };
  get("kept");
  // Before: one entry per key for ever (the dashboard's key holds its horizon, 1 to 3650 days).
  for (int k = 0; k != 600; ++k) {
    get("dashboard/all/2026-12-02/" + std::to_string(k));
    get("kept");  // used all along: never the least recently used
  }
  EXPECT_EQ(c.size(), aggregate_cache::kMaxEntries);
  EXPECT_EQ(computed, 601);  // "kept" once, each horizon once
  EXPECT_EQ(get("kept"), R"({"key":"kept"})");
  EXPECT_EQ(computed, 601);
  get("dashboard/all/2026-12-02/0");  // dropped long ago: computed again
  EXPECT_EQ(computed, 602);
}

// Before: recomputed by a request every 2 s even without any change (the 1 s stalls of the
// budget annex under load).
TEST(aggregate_cache, computes_again_only_after_a_change) {
  aggregate_cache c;
  int computed = 0;
  auto const get = [&] { return *c.get("annex/all", [&] { return json{{"n", ++computed}}; }); };
  EXPECT_EQ(get(), R"({"n":1})");
  std::this_thread::sleep_for(std::chrono::milliseconds{2100});
  EXPECT_EQ(get(), R"({"n":1})");
  EXPECT_EQ(computed, 1);
  c.invalidate();
  EXPECT_EQ(get(), R"({"n":2})");
  EXPECT_EQ(get(), R"({"n":2})");
}

// A change made while an entry is computed leaves that entry out of date: the next reader
// computes again. Concurrent readers wait for the one computation instead of each running it.
TEST(aggregate_cache, a_change_during_a_computation_is_not_lost) {
  aggregate_cache c;
  std::atomic<int> computed{0};
  std::atomic<bool> release{false};
  std::atomic<bool> started{false};
  std::string first;
  std::thread slow{[&] {
    first = *c.get("k", [&] {
      started = true;
      while (!release) {
        std::this_thread::yield();
      }
      return json{{"n", ++computed}};  // computed from the data before the change
    });
  }};
  while (!started) {
    std::this_thread::yield();
  }
  std::vector<std::thread> readers;
  std::vector<std::string> seen(8);
  for (std::size_t k = 0; k != seen.size(); ++k) {
    readers.emplace_back([&, k] { seen[k] = *c.get("k", [&] { return json{{"n", ++computed}}; }); });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds{50});
  release = true;
  slow.join();
  for (auto& t : readers) {
    t.join();
  }
  EXPECT_EQ(first, R"({"n":1})");
  EXPECT_EQ(computed, 1);  // the eight readers got the one computation
  for (auto const& s : seen) {
    EXPECT_EQ(s, R"({"n":1})");
  }

  // Now a change commits while a computation runs: its result must not be served afterwards.
  release = false;
  started = false;
  c.invalidate();
  std::thread during{[&] {
    c.get("k", [&] {
      started = true;
      while (!release) {
        std::this_thread::yield();
      }
      return json{{"n", ++computed}};
    });
  }};
  while (!started) {
    std::this_thread::yield();
  }
  c.invalidate();  // the change ends while "during" computes
  release = true;
  during.join();
  EXPECT_EQ(*c.get("k", [&] { return json{{"n", ++computed}}; }), R"({"n":3})");
}

}  // namespace
}  // namespace solimob::server::routes
