#include "core/parallel.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace solimob {

unsigned thread_count(unsigned requested) {
  return requested != 0 ? requested : std::max(1U, std::thread::hardware_concurrency());
}

void parallel_for(std::size_t n, unsigned threads, std::function<void(std::size_t)> const& f) {
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto const work = [&]() {
    try {
      for (auto i = next++; i < n; i = next++) {
        f(i);
      }
    } catch (...) {
      std::lock_guard const lock{failure_mutex};
      failure = failure ? failure : std::current_exception();
      next = n;
    }
  };
  std::vector<std::thread> pool;
  for (auto t = std::min<std::size_t>(thread_count(threads), n); t != 0; --t) {
    pool.emplace_back(work);
  }
  for (auto& t : pool) {
    t.join();
  }
  if (failure) {
    std::rethrow_exception(failure);
  }
}

}  // namespace solimob
