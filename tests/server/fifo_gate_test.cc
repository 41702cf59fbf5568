#include "server/fifo_gate.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace solimob::server {
namespace {

using namespace std::chrono_literals;

// Waits (bounded) until `pred` holds; the gate gives no other way to observe its queue.
template <typename Pred>
bool eventually(Pred pred) {
  for (int i = 0; i != 2000 && !pred(); ++i) {
    std::this_thread::sleep_for(1ms);
  }
  return pred();
}

TEST(fifo_gate, lets_in_at_most_capacity_threads) {
  fifo_gate gate{3};
  std::atomic<int> inside{0}, most{0};
  std::vector<std::thread> threads;
  for (int t = 0; t != 8; ++t) {
    threads.emplace_back([&] {
      for (int k = 0; k != 200; ++k) {
        fifo_gate::pass const p{gate};
        auto const n = ++inside;
        for (auto m = most.load(); n > m && !most.compare_exchange_weak(m, n);) {
        }
        std::this_thread::yield();
        --inside;
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(most.load(), 3);
  EXPECT_EQ(inside.load(), 0);
}

TEST(fifo_gate, admits_waiters_in_their_order_of_arrival) {
  fifo_gate gate{1};
  gate.enter();  // the place is taken: everyone below queues
  std::vector<int> order;
  std::mutex order_mutex;
  std::vector<std::thread> threads;
  for (int t = 0; t != 5; ++t) {
    threads.emplace_back([&, t] {
      fifo_gate::pass const p{gate};
      std::lock_guard const lock{order_mutex};
      order.push_back(t);
    });
    // Thread t+1 starts only once thread t is in the queue: the arrival order is 0, 1, 2, 3, 4.
    if (!eventually([&] { return gate.waiting() == static_cast<std::size_t>(t + 1); })) {
      ADD_FAILURE() << "thread " << t << " never queued";
      break;
    }
  }
  gate.leave();
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(gate.waiting(), 0U);
}

TEST(fifo_gate, refuses_a_zero_capacity) {
  EXPECT_THROW(fifo_gate{0}, std::invalid_argument);
}

}  // namespace
}  // namespace solimob::server
