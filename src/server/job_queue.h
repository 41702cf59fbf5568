#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/error.h"

namespace solimob::server {

// What a running job sees: whether it was cancelled, and where to report its progress.
class job_control {
 public:
  bool cancelled() const { return cancel_.load(); }
  std::atomic<bool> const& cancel_flag() const { return cancel_; }  // for travel_time_params::cancel_
  void progress(double fraction) { progress_.store(fraction); }     // in [0, 1]

 private:
  friend class job_queue;
  std::atomic<bool> cancel_{false};
  std::atomic<double> progress_{0.0};
};

// Long computations of the server (accessibility layers) run as background jobs on a bounded pool of
// worker threads, apart from the request threads. A job is known by the key of what it computes
// (inputs, parameters, network fingerprint, software version: the caller's hash): submitting a key
// that is queued, running or done returns that job, so that a result is computed once and reused.
// Results are JSON text kept in an LRU cache bounded in bytes; failed and cancelled jobs are
// forgotten after a while (a new submit starts again).
class job_queue {
 public:
  struct limits {
    unsigned workers_ = 1;                          // jobs running at once
    std::size_t max_waiting_ = 16;                  // queued jobs; beyond, submit throws api_error unavailable
    std::size_t max_cached_bytes_ = 256U << 20U;    // results kept (done jobs), least recently used go first
    std::chrono::seconds forget_failed_after_{60};  // failed and cancelled jobs are then forgotten
  };

  enum class state { kQueued, kRunning, kDone, kFailed, kCancelled };

  struct status {
    std::string key_;
    std::string kind_;
    state state_{state::kQueued};
    double progress_{0.0};
    std::string error_;  // kFailed: the message (an api_error's; another error's below 500; else "internal error")
    error_kind failure_{error_kind::kInternal};  // kFailed: the kind of the error
    std::shared_ptr<std::string const> result_;  // kDone
  };

  // The work returns the result's JSON text; it may throw (the job fails with that message) and should
  // check control.cancelled() (or pass cancel_flag() to the routing) and stop by throwing
  // solimob::cancelled_error.
  using work = std::function<std::string(job_control&)>;

  explicit job_queue(limits);
  ~job_queue();  // cancels the running jobs, waits for the workers
  job_queue(job_queue const&) = delete;
  job_queue& operator=(job_queue const&) = delete;

  // The job of `key`: the existing one if queued, running or done (a done one counts as used), or
  // failed less than forget_failed_after_ ago (so that a failing input is not recomputed at every
  // request); else a new one queued (also after a cancel: the user asks again). Throws api_error kUnavailable (503)
  // when max_waiting_ jobs already wait.
  status submit(std::string const& key, std::string const& kind, work);

  // The job of `key`, nullopt when unknown (never submitted, evicted or forgotten). Reading a done
  // job counts as a use, as a submit does.
  std::optional<status> find(std::string const& key);

  // Cancels a queued or running job (it ends as kCancelled); false when unknown or already ended.
  bool cancel(std::string const& key);

  // Waits until the job of `key` has ended (done, failed, cancelled) or `timeout` has passed; returns
  // its status then (nullopt when unknown).
  std::optional<status> wait(std::string const& key, std::chrono::milliseconds timeout);

  std::size_t cached_bytes() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

std::string to_string(job_queue::state);

}  // namespace solimob::server
