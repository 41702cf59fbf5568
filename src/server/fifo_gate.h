#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>

namespace solimob::server {

// Lets at most `capacity` threads in at once and the others in their order of arrival. The HTTP
// server keeps one thread per keep-alive connection: with fifty of them runnable on two cores, a
// request preempted half-way waited for all the others' time slices (p99 seven times the median).
// Behind the gate only a few run, and the rest sleep in a queue.
class fifo_gate {
 public:
  explicit fifo_gate(std::size_t capacity);
  fifo_gate(fifo_gate const&) = delete;
  fifo_gate& operator=(fifo_gate const&) = delete;

  void enter();
  void leave();
  std::size_t waiting();  // threads in the queue

  // RAII: enter() now, leave() at the end of the scope.
  class pass {
   public:
    explicit pass(fifo_gate& g) : g_{g} { g_.enter(); }
    ~pass() { g_.leave(); }
    pass(pass const&) = delete;
    pass& operator=(pass const&) = delete;

   private:
    fifo_gate& g_;
  };

  // The reverse, inside a pass: leave() now, enter() again (in line) at the end of the scope. For
  // long work that needs no place, e.g. an export converted after its transaction.
  class step_out {
   public:
    explicit step_out(fifo_gate& g) : g_{g} { g_.leave(); }
    ~step_out() { g_.enter(); }
    step_out(step_out const&) = delete;
    step_out& operator=(step_out const&) = delete;

   private:
    fifo_gate& g_;
  };

 private:
  struct waiter {
    std::condition_variable cv_;
    bool admitted_ = false;
  };
  std::mutex mutex_;
  std::size_t capacity_;
  std::size_t inside_ = 0;
  std::deque<waiter*> queue_;
};

}  // namespace solimob::server
