#include "server/job_queue.h"

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <exception>
#include <list>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/error.h"
#include "server/api_error.h"

namespace solimob::server {

namespace {

using steady = std::chrono::steady_clock;

bool ended(job_queue::state s) {
  return s == job_queue::state::kDone || s == job_queue::state::kFailed || s == job_queue::state::kCancelled;
}

}  // namespace

struct job_queue::impl {
  struct job {
    std::string key_;
    std::string kind_;
    state state_{state::kQueued};
    work work_;  // empty once taken by a worker or cancelled
    job_control control_;
    std::string error_;
    error_kind failure_{error_kind::kInternal};
    std::shared_ptr<std::string const> result_;
    steady::time_point ended_at_;
    std::list<std::string>::iterator lru_pos_;  // done and cached only
    bool cached_{false};
  };

  explicit impl(limits l) : limits_{l} {}

  status snapshot(job const& j) const {
    return {j.key_,   j.kind_,    j.state_, j.state_ == state::kDone ? 1.0 : j.control_.progress_.load(),
            j.error_, j.failure_, j.result_};
  }

  // Failed and cancelled jobs whose time is up are dropped here, on the next submit or find: no timer.
  void forget_expired() {
    auto const now = steady::now();
    for (auto it = jobs_.begin(); it != jobs_.end();) {
      auto const& j = *it->second;
      if ((j.state_ == state::kFailed || j.state_ == state::kCancelled) &&
          now - j.ended_at_ >= limits_.forget_failed_after_) {
        it = jobs_.erase(it);
      } else {
        ++it;
      }
    }
  }

  void touch(job& j) {
    if (j.cached_) {
      lru_.splice(lru_.begin(), lru_, j.lru_pos_);
    }
  }

  void uncache(job& j) {
    lru_.erase(j.lru_pos_);
    cached_bytes_ -= j.result_->size();
    j.cached_ = false;
  }

  // Keeps a done result, most recently used first, then evicts from the back down to the bound. A
  // result larger than the whole bound is not kept (its waiters hold the job and still get it).
  void cache(std::shared_ptr<job> const& j) {
    auto const size = j->result_->size();
    if (size > limits_.max_cached_bytes_) {
      jobs_.erase(j->key_);
      return;
    }
    lru_.push_front(j->key_);
    j->lru_pos_ = lru_.begin();
    j->cached_ = true;
    cached_bytes_ += size;
    while (cached_bytes_ > limits_.max_cached_bytes_) {
      auto const victim = jobs_.find(lru_.back());
      uncache(*victim->second);
      jobs_.erase(victim);
    }
  }

  void end(std::shared_ptr<job> const& j, state s) {
    j->state_ = s;
    j->ended_at_ = steady::now();
    if (s == state::kDone) {
      cache(j);
    }
    ended_cv_.notify_all();
  }

  void run_one(std::shared_ptr<job> const& j, work w) {
    std::string result;
    auto outcome = state::kDone;
    std::string message;
    auto failure = error_kind::kInternal;
    try {
      result = w(j->control_);
    } catch (cancelled_error const&) {
      outcome = state::kCancelled;
    } catch (api_error const& e) {
      outcome = state::kFailed;
      failure = e.kind();
      message = e.message();  // written for the client
    } catch (solimob::error const& e) {
      outcome = state::kFailed;
      failure = e.kind();
      if (info(failure).http_status_ >= 500) {  // an io_error names local paths: logged, not shown
        message = "internal error";
        std::fprintf(stderr, "error: job %s %s: %s\n", j->kind_.c_str(), j->key_.c_str(), e.what());
      } else {
        message = e.what();
      }
    } catch (std::exception const& e) {
      outcome = state::kFailed;
      message = "internal error";
      std::fprintf(stderr, "error: job %s %s: %s\n", j->kind_.c_str(), j->key_.c_str(), e.what());
    } catch (...) {
      outcome = state::kFailed;
      message = "internal error";
      std::fprintf(stderr, "error: job %s %s: unknown exception\n", j->kind_.c_str(), j->key_.c_str());
    }
    w = nullptr;  // the work's captures go before the lock is taken
    // A work that returns although it was cancelled still ends cancelled: cancel() promised that.
    if (outcome == state::kDone && j->control_.cancelled()) {
      outcome = state::kCancelled;
    }
    std::lock_guard const lock{mutex_};
    j->error_ = std::move(message);
    j->failure_ = failure;
    if (outcome == state::kDone) {
      j->result_ = std::make_shared<std::string const>(std::move(result));
    }
    end(j, outcome);
  }

  void worker_loop() {
    for (;;) {
      std::shared_ptr<job> j;
      work w;
      {
        std::unique_lock lock{mutex_};
        queued_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) {
          return;  // stopping
        }
        j = std::move(queue_.front());
        queue_.pop_front();
        j->state_ = state::kRunning;
        w = std::move(j->work_);
      }
      run_one(j, std::move(w));
    }
  }

  limits limits_;
  mutable std::mutex mutex_;
  std::condition_variable queued_cv_;  // workers: a job was queued, or stopping
  std::condition_variable ended_cv_;   // wait(): some job ended
  std::unordered_map<std::string, std::shared_ptr<job>> jobs_;
  std::deque<std::shared_ptr<job>> queue_;  // FIFO of the queued jobs
  std::list<std::string> lru_;              // keys of cached done jobs, most recently used first
  std::size_t cached_bytes_{0};
  bool stopping_{false};
  std::vector<std::thread> workers_;
};

job_queue::job_queue(limits l) : impl_{std::make_unique<impl>(l)} {
  if (l.workers_ == 0) {
    throw std::invalid_argument{"job_queue: at least one worker"};
  }
  impl_->workers_.reserve(l.workers_);
  for (auto i = 0U; i != l.workers_; ++i) {
    impl_->workers_.emplace_back([this] { impl_->worker_loop(); });
  }
}

job_queue::~job_queue() {
  std::vector<work> dropped;  // destroyed after the lock is released
  {
    std::lock_guard const lock{impl_->mutex_};
    impl_->stopping_ = true;
    for (auto const& j : impl_->queue_) {
      j->control_.cancel_ = true;
      dropped.push_back(std::move(j->work_));
      impl_->end(j, state::kCancelled);
    }
    impl_->queue_.clear();
    for (auto const& [key, j] : impl_->jobs_) {
      if (j->state_ == state::kRunning) {
        j->control_.cancel_ = true;
      }
    }
  }
  impl_->queued_cv_.notify_all();
  for (auto& t : impl_->workers_) {
    t.join();
  }
}

job_queue::status job_queue::submit(std::string const& key, std::string const& kind, work w) {
  std::lock_guard const lock{impl_->mutex_};
  impl_->forget_expired();
  if (auto const it = impl_->jobs_.find(key); it != impl_->jobs_.end()) {
    // A cancelled job is asked again: the user changed their mind, so it starts afresh.
    if (it->second->state_ != state::kCancelled) {
      impl_->touch(*it->second);
      return impl_->snapshot(*it->second);
    }
    impl_->jobs_.erase(it);
  }
  if (impl_->queue_.size() >= impl_->limits_.max_waiting_) {
    throw api_error{error_kind::kUnavailable,
                    std::to_string(impl_->queue_.size()) + " analysis jobs already wait: retry later"};
  }
  auto j = std::make_shared<impl::job>();
  j->key_ = key;
  j->kind_ = kind;
  j->work_ = std::move(w);
  impl_->jobs_.emplace(key, j);
  impl_->queue_.push_back(j);
  impl_->queued_cv_.notify_one();
  return impl_->snapshot(*j);
}

std::optional<job_queue::status> job_queue::find(std::string const& key) {
  std::lock_guard const lock{impl_->mutex_};
  impl_->forget_expired();
  auto const it = impl_->jobs_.find(key);
  if (it == impl_->jobs_.end()) {
    return std::nullopt;
  }
  impl_->touch(*it->second);  // reading a result is a use, as a submit is
  return impl_->snapshot(*it->second);
}

bool job_queue::cancel(std::string const& key) {
  work dropped;  // destroyed after the lock is released
  std::lock_guard const lock{impl_->mutex_};
  auto const it = impl_->jobs_.find(key);
  if (it == impl_->jobs_.end() || ended(it->second->state_)) {
    return false;
  }
  auto const j = it->second;
  j->control_.cancel_ = true;
  if (j->state_ == state::kQueued) {
    auto& q = impl_->queue_;
    q.erase(std::find(q.begin(), q.end(), j));
    dropped = std::move(j->work_);
    impl_->end(j, state::kCancelled);
  }
  // A running job ends when its work sees cancelled() and throws cancelled_error.
  return true;
}

std::optional<job_queue::status> job_queue::wait(std::string const& key, std::chrono::milliseconds timeout) {
  std::unique_lock lock{impl_->mutex_};
  auto const it = impl_->jobs_.find(key);
  if (it == impl_->jobs_.end()) {
    return std::nullopt;
  }
  // The job itself is held: it may leave jobs_ meanwhile (a result too large to cache, an eviction).
  auto const j = it->second;
  impl_->ended_cv_.wait_for(lock, timeout, [&] { return ended(j->state_); });
  return impl_->snapshot(*j);
}

std::size_t job_queue::cached_bytes() const {
  std::lock_guard const lock{impl_->mutex_};
  return impl_->cached_bytes_;
}

std::string to_string(job_queue::state s) {
  switch (s) {
    case job_queue::state::kQueued:
      return "queued";
    case job_queue::state::kRunning:
      return "running";
    case job_queue::state::kDone:
      return "done";
    case job_queue::state::kFailed:
      return "failed";
    case job_queue::state::kCancelled:
      return "cancelled";
  }
  return "unknown";
}

}  // namespace solimob::server
