#include "server/job_queue.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "core/error.h"
#include "server/api_error.h"

namespace solimob::server {
namespace {

using namespace std::chrono_literals;
using state = job_queue::state;

constexpr auto kLong = 10s;  // a bound for wait() that a passing test never reaches

job_queue::limits with_workers(unsigned n) {
  job_queue::limits l;
  l.workers_ = n;
  return l;
}

// A work that runs until it is cancelled (then throws cancelled_error, as the routing does) or
// released; `started_` is set once it runs, so that a test knows the worker took it.
struct blocker {
  std::promise<void> started_;
  std::atomic<bool> release_{false};
  std::atomic<bool> saw_cancel_{false};

  job_queue::work work() {
    return [this](job_control& c) -> std::string {
      c.progress(0.5);
      started_.set_value();
      while (!release_) {
        if (c.cancelled()) {
          saw_cancel_ = true;
          throw cancelled_error{};
        }
        std::this_thread::sleep_for(1ms);
      }
      return "released";
    };
  }
  bool wait_started() { return started_.get_future().wait_for(kLong) == std::future_status::ready; }
};

job_queue::work counting(std::atomic<int>& calls, std::string result) {
  return [&calls, result = std::move(result)](job_control&) {
    ++calls;
    return result;
  };
}

TEST(job_queue, same_key_is_the_same_job_and_its_work_runs_once) {
  blocker b;  // before the queue, which may still run its work when it goes
  std::atomic<int> calls{0};
  job_queue q{with_workers(1)};
  q.submit("busy", "access", b.work());
  ASSERT_TRUE(b.wait_started());
  // The only worker is busy: "k" waits, and a second submit finds it waiting.
  EXPECT_EQ(q.submit("k", "access", counting(calls, "r")).state_, state::kQueued);
  auto const again = q.submit("k", "access", counting(calls, "other"));
  EXPECT_EQ(again.state_, state::kQueued);
  EXPECT_EQ(again.key_, "k");
  EXPECT_EQ(again.kind_, "access");
  b.release_ = true;
  auto const done = q.wait("k", kLong);
  ASSERT_TRUE(done);
  ASSERT_EQ(done->state_, state::kDone);
  EXPECT_EQ(*done->result_, "r");
  EXPECT_EQ(done->progress_, 1.0);
  // Done: the result is reused, the same text object, and no work runs.
  auto const reused = q.submit("k", "access", counting(calls, "other"));
  EXPECT_EQ(reused.state_, state::kDone);
  EXPECT_EQ(reused.result_.get(), done->result_.get());
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(q.find("k")->result_.get(), done->result_.get());
  EXPECT_FALSE(q.find("never"));
  EXPECT_FALSE(q.wait("never", 1ms));
}

TEST(job_queue, evicts_the_least_recently_used_results_beyond_the_byte_bound) {
  auto l = with_workers(1);
  l.max_cached_bytes_ = 100;
  std::atomic<int> calls{0};
  std::atomic<bool> go{false};
  job_queue q{l};
  std::string const forty(40, 'x');
  auto const run = [&](std::string const& key, std::string const& result) {
    q.submit(key, "access", counting(calls, result));
    return q.wait(key, kLong);
  };
  ASSERT_EQ(run("a", forty)->state_, state::kDone);
  ASSERT_EQ(run("b", forty)->state_, state::kDone);
  EXPECT_EQ(q.cached_bytes(), 80U);
  // Using "a" again leaves "b" the least recently used: [a, b]. "c" makes 120 > 100 bytes, so the
  // back of [c, a, b] goes, "b", and 80 bytes remain.
  EXPECT_EQ(q.submit("a", "access", counting(calls, "unused")).state_, state::kDone);
  ASSERT_EQ(run("c", forty)->state_, state::kDone);
  EXPECT_EQ(q.cached_bytes(), 80U);
  EXPECT_FALSE(q.find("b"));
  EXPECT_EQ(q.find("a")->state_, state::kDone);
  EXPECT_EQ(q.find("c")->state_, state::kDone);
  EXPECT_EQ(calls, 3);
  // A 101-byte result reaches its waiter but is not kept, and evicts nothing. The waiter must be
  // waiting before the job ends (after, the job is already unknown): the work waits for a release
  // given once wait() has had ample time to take the job.
  q.submit("big", "access", [&](job_control&) {
    while (!go) {
      std::this_thread::sleep_for(1ms);
    }
    ++calls;
    return std::string(101, 'y');
  });
  auto waiter = std::async(std::launch::async, [&] { return q.wait("big", kLong); });
  std::this_thread::sleep_for(50ms);
  go = true;
  auto const big = waiter.get();
  ASSERT_TRUE(big);
  ASSERT_EQ(big->state_, state::kDone);
  EXPECT_EQ(big->result_->size(), 101U);
  EXPECT_FALSE(q.find("big"));
  EXPECT_EQ(q.cached_bytes(), 80U);
  // "b" was evicted: a new submit computes it again.
  ASSERT_EQ(run("b", forty)->state_, state::kDone);
  EXPECT_EQ(calls, 5);  // a, b, c, big, b again
}

TEST(job_queue, cancels_queued_and_running_jobs) {
  blocker b;
  std::atomic<int> calls{0}, other{0};
  job_queue q{with_workers(1)};
  q.submit("running", "access", b.work());
  ASSERT_TRUE(b.wait_started());
  EXPECT_EQ(q.find("running")->state_, state::kRunning);
  EXPECT_EQ(q.find("running")->progress_, 0.5);  // what the work reported
  q.submit("queued", "access", counting(calls, "r"));
  // Queued: cancelled at once, its work never runs.
  EXPECT_TRUE(q.cancel("queued"));
  EXPECT_EQ(q.find("queued")->state_, state::kCancelled);
  // Running: the work sees cancelled() and stops.
  EXPECT_TRUE(q.cancel("running"));
  auto const s = q.wait("running", kLong);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->state_, state::kCancelled);
  EXPECT_TRUE(b.saw_cancel_);
  // Ended or unknown: nothing to cancel.
  EXPECT_FALSE(q.cancel("running"));
  EXPECT_FALSE(q.cancel("never"));
  // The worker is free again: a new job runs, the cancelled one did not.
  q.submit("next", "access", counting(other, "n"));
  EXPECT_EQ(q.wait("next", kLong)->state_, state::kDone);
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(other, 1);
  // Asked again after its cancel, a job starts afresh and runs this time.
  EXPECT_EQ(q.submit("queued", "access", counting(calls, "r")).state_, state::kQueued);
  EXPECT_EQ(q.wait("queued", kLong)->state_, state::kDone);
  EXPECT_EQ(calls, 1);
}

TEST(job_queue, refuses_jobs_beyond_max_waiting_with_503) {
  auto l = with_workers(1);
  l.max_waiting_ = 2;
  blocker b;
  std::atomic<int> calls{0};
  job_queue q{l};
  q.submit("running", "access", b.work());
  ASSERT_TRUE(b.wait_started());
  q.submit("q1", "access", counting(calls, "1"));
  q.submit("q2", "access", counting(calls, "2"));
  try {
    q.submit("q3", "access", counting(calls, "3"));
    ADD_FAILURE() << "no api_error";
  } catch (api_error const& e) {
    EXPECT_EQ(e.kind(), error_kind::kUnavailable);
    EXPECT_EQ(info(e.kind()).http_status_, 503);
  }
  // A key already waiting is still found; once one leaves the queue there is room again.
  EXPECT_EQ(q.submit("q1", "access", counting(calls, "1")).state_, state::kQueued);
  EXPECT_TRUE(q.cancel("q2"));
  EXPECT_EQ(q.submit("q3", "access", counting(calls, "3")).state_, state::kQueued);
  b.release_ = true;
  EXPECT_EQ(q.wait("q3", kLong)->state_, state::kDone);
}

TEST(job_queue, failures_keep_the_status_and_message_of_bad_input_only) {
  job_queue q{with_workers(1)};
  auto const fail = [&](std::string const& key, auto make_error) {
    q.submit(key, "access", [make_error](job_control&) -> std::string { throw make_error(); });
    return *q.wait(key, kLong);
  };
  auto const bad_window = fail("api", [] {
    return api_error{error_kind::kInvalidInput, "expected 1 to 120 minutes", "window"};
  });
  EXPECT_EQ(bad_window.state_, state::kFailed);
  EXPECT_EQ(bad_window.failure_, error_kind::kInvalidInput);
  EXPECT_EQ(bad_window.error_, "expected 1 to 120 minutes");  // message(), without the field prefix
  // The kind is the api_error's own.
  auto const conflict = fail("conflict", [] { return api_error{error_kind::kConflict, "no territory loaded"}; });
  EXPECT_EQ(conflict.failure_, error_kind::kConflict);
  EXPECT_EQ(conflict.error_, "no territory loaded");
  auto const input = fail("input", [] { return input_error{"grid.csv:3 field 'lat': not a number"}; });
  EXPECT_EQ(input.state_, state::kFailed);
  EXPECT_EQ(input.failure_, error_kind::kInvalidInput);
  EXPECT_EQ(input.error_, "grid.csv:3 field 'lat': not a number");
  // Anything else is the server's fault: the client sees no detail, stderr has it.
  testing::internal::CaptureStderr();
  auto const internal = fail("internal", [] { return std::runtime_error{"vector::at out of range"}; });
  auto const log = testing::internal::GetCapturedStderr();
  EXPECT_EQ(internal.state_, state::kFailed);
  EXPECT_EQ(internal.failure_, error_kind::kInternal);
  EXPECT_EQ(internal.error_, "internal error");
  EXPECT_NE(log.find("vector::at out of range"), std::string::npos) << log;
  EXPECT_NE(log.find("internal"), std::string::npos) << log;
  // An I/O failure is the server's too: its message names local paths, so the client sees none.
  testing::internal::CaptureStderr();
  auto const io = fail("io", [] { return io_error{"/var/lib/solimob/cache.bin: cannot write"}; });
  auto const io_log = testing::internal::GetCapturedStderr();
  EXPECT_EQ(io.failure_, error_kind::kIoFailure);
  EXPECT_EQ(io.error_, "internal error");
  EXPECT_NE(io_log.find("/var/lib/solimob/cache.bin"), std::string::npos) << io_log;
}

TEST(job_queue, failed_jobs_are_remembered_then_forgotten_and_retried) {
  std::atomic<int> calls{0};
  auto const failing = [&](job_control&) -> std::string {
    ++calls;
    throw std::runtime_error{"down"};
  };
  testing::internal::CaptureStderr();
  {
    // Default 60 s: a second submit returns the failure without running the work again.
    job_queue q{with_workers(1)};
    q.submit("k", "access", failing);
    EXPECT_EQ(q.wait("k", kLong)->state_, state::kFailed);
    EXPECT_EQ(q.submit("k", "access", failing).state_, state::kFailed);
    EXPECT_EQ(calls, 1);
  }
  {
    auto l = with_workers(1);
    l.forget_failed_after_ = 0s;
    job_queue q{l};
    q.submit("k", "access", failing);
    EXPECT_EQ(q.wait("k", kLong)->state_, state::kFailed);
    // Forgotten at once (0 s): find no longer knows it, and a submit runs the work again.
    EXPECT_FALSE(q.find("k"));
    EXPECT_EQ(q.submit("k", "access", failing).state_, state::kQueued);
    EXPECT_EQ(q.wait("k", kLong)->state_, state::kFailed);
    EXPECT_EQ(calls, 3);
  }
  testing::internal::GetCapturedStderr();
}

TEST(job_queue, runs_at_most_workers_jobs_at_once) {
  auto const most_at_once = [](unsigned workers) {
    std::atomic<int> running{0}, most{0};
    job_queue q{with_workers(workers)};
    auto const work = [&](job_control&) {
      auto const n = ++running;
      for (auto m = most.load(); n > m && !most.compare_exchange_weak(m, n);) {
      }
      std::this_thread::sleep_for(20ms);  // long enough for the jobs to overlap if they could
      --running;
      return std::string{"r"};
    };
    for (auto const* key : {"a", "b", "c", "d"}) {
      q.submit(key, "access", work);
    }
    for (auto const* key : {"a", "b", "c", "d"}) {
      EXPECT_EQ(q.wait(key, kLong)->state_, state::kDone);
    }
    return most.load();
  };
  EXPECT_EQ(most_at_once(1), 1);
  // Two workers: two blocking jobs both start (each waits on the other's release, so they overlap).
  blocker b1, b2;
  job_queue q{with_workers(2)};
  q.submit("b1", "access", b1.work());
  q.submit("b2", "access", b2.work());
  EXPECT_TRUE(b1.wait_started());
  EXPECT_TRUE(b2.wait_started());
  b1.release_ = true;
  b2.release_ = true;
}

TEST(job_queue, destructor_cancels_the_running_job_and_returns) {
  blocker b;
  std::atomic<int> calls{0};
  {
    job_queue q{with_workers(1)};
    q.submit("running", "access", b.work());
    ASSERT_TRUE(b.wait_started());
    q.submit("queued", "access", counting(calls, "r"));
  }  // would hang here if the running work were not cancelled
  EXPECT_TRUE(b.saw_cancel_);
  EXPECT_EQ(calls, 0);
}

TEST(job_queue, state_names) {
  EXPECT_EQ(to_string(state::kQueued), "queued");
  EXPECT_EQ(to_string(state::kRunning), "running");
  EXPECT_EQ(to_string(state::kDone), "done");
  EXPECT_EQ(to_string(state::kFailed), "failed");
  EXPECT_EQ(to_string(state::kCancelled), "cancelled");
}

}  // namespace
}  // namespace solimob::server
