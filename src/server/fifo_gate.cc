#include "server/fifo_gate.h"

#include <stdexcept>

namespace solimob::server {

fifo_gate::fifo_gate(std::size_t capacity) : capacity_{capacity} {
  if (capacity == 0) {
    throw std::invalid_argument{"fifo_gate: capacity must be at least 1"};
  }
}

void fifo_gate::enter() {
  std::unique_lock lock{mutex_};
  if (inside_ < capacity_ && queue_.empty()) {
    ++inside_;
    return;
  }
  waiter w;
  queue_.push_back(&w);
  w.cv_.wait(lock, [&] { return w.admitted_; });
}

void fifo_gate::leave() {
  std::lock_guard const lock{mutex_};
  if (queue_.empty()) {
    --inside_;
    return;
  }
  // The place is handed over to the first in line: `inside_` does not change.
  auto* const next = queue_.front();
  queue_.pop_front();
  next->admitted_ = true;
  next->cv_.notify_one();
}

std::size_t fifo_gate::waiting() {
  std::lock_guard const lock{mutex_};
  return queue_.size();
}

}  // namespace solimob::server
