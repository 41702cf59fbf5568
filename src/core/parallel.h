#pragma once

#include <cstddef>
#include <functional>

namespace solimob {

// Threads to use when `requested` are asked for; 0 means one per core.
unsigned thread_count(unsigned requested);

// Calls f(i) for every i in [0, n) on at most `threads` threads (0: one per core). After a call
// throws, no new item starts and the first exception is rethrown here.
void parallel_for(std::size_t n, unsigned threads, std::function<void(std::size_t)> const& f);

}  // namespace solimob
