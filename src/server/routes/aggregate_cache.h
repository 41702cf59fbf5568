#pragma once

// The cache of aggregates (dashboard, budget annex, documents) shared by the routes.

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "server/api.h"

namespace solimob::server::routes {

using nlohmann::json;

// Aggregates (dashboard, budget annex, documents) cost a scan of every budget line; they are cached
// as JSON text per key (kind, visibility, and for the dashboard the day and horizon) and dropped
// after any change made through the API has ended (http_server::after_change), never on a timer: a
// periodic expiry made one request rescan the budget lines under load. Changes made to the database
// by other means (SQL by hand, another process) show after the next change through the API or a
// restart. At most kMaxEntries keys are kept, the least recently used go.
class aggregate_cache {
 public:
  using text = std::shared_ptr<std::string const>;
  static constexpr std::size_t kMaxEntries = 64;

  void invalidate() { ++version_; }

  // The cached text of `key`, or compute() serialised. Under the lock only a pointer is copied:
  // many concurrent readers of one large answer must not queue behind each other's copies.
  template <typename Compute>
  text get(std::string const& key, Compute&& compute) {
    // Read before the caller's transaction reads anything (see after_change): a change committed
    // after this point makes the entry computed below out of date.
    auto const version = version_.load();
    std::shared_ptr<std::mutex> computing;
    {
      std::lock_guard const lock{mutex_};
      auto& e = entry_of(key);
      if (e.body_ != nullptr && e.version_ == version) {
        return e.body_;
      }
      computing = e.computing_;
    }
    // One computation per key at a time: after a change, the requests wait for it instead of all
    // scanning the budget lines at once.
    std::lock_guard const one_at_a_time{*computing};
    {
      std::lock_guard const lock{mutex_};
      auto const& e = entry_of(key);
      if (e.body_ != nullptr && e.version_ >= version) {
        return e.body_;  // computed by another request while this one waited
      }
    }
    auto body =
        std::make_shared<std::string const>(json(compute()).dump(-1, ' ', false, json::error_handler_t::replace));
    std::lock_guard const lock{mutex_};
    auto& e = entry_of(key);
    if (e.body_ == nullptr || e.version_ <= version) {
      e.body_ = body;
      e.version_ = version;
    }
    return body;
  }

  std::size_t size() {
    std::lock_guard const lock{mutex_};
    return entries_.size();
  }

 private:
  struct entry {
    std::uint64_t version_{0};
    std::uint64_t used_{0};  // tick of the last use, for the LRU eviction
    text body_;              // null until computed
    std::shared_ptr<std::mutex> computing_{std::make_shared<std::mutex>()};
  };
  // Under mutex_. A new key past kMaxEntries drops the least recently used one (a thread still
  // computing it keeps its mutex through the shared_ptr and stores into a new entry).
  entry& entry_of(std::string const& key) {
    auto it = entries_.find(key);
    if (it == end(entries_)) {
      if (entries_.size() >= kMaxEntries) {
        auto oldest = begin(entries_);
        for (auto j = begin(entries_); j != end(entries_); ++j) {
          if (j->second.used_ < oldest->second.used_) {
            oldest = j;
          }
        }
        entries_.erase(oldest);
      }
      it = entries_.emplace(key, entry{}).first;
    }
    it->second.used_ = ++tick_;
    return it->second;
  }

  std::atomic<std::uint64_t> version_{0};
  std::mutex mutex_;
  std::uint64_t tick_ = 0;
  std::map<std::string, entry> entries_;
};

// A 200 answer whose body is JSON text already serialised (from the aggregate cache).
api_response reply_json_text(aggregate_cache::text const&);

// A 200 answer whose body is JSON text already serialised (from the aggregate cache).
api_response reply_json_text(aggregate_cache::text const&);

aggregate_cache& cache();

}  // namespace solimob::server::routes
