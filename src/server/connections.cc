#include "server/connections.h"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>

namespace solimob::server {

namespace {

using clock = std::chrono::steady_clock;
constexpr auto kTick = std::chrono::milliseconds{200};

std::string numeric_host(sockaddr_storage const& addr, socklen_t len, int& port) {
  port = addr.ss_family == AF_INET    ? ntohs(reinterpret_cast<sockaddr_in const&>(addr).sin_port)
         : addr.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6 const&>(addr).sin6_port)
                                      : 0;
  char host[NI_MAXHOST];
  if (getnameinfo(reinterpret_cast<sockaddr const*>(&addr), len, host, sizeof(host), nullptr, 0, NI_NUMERICHOST) != 0) {
    return {};
  }
  return host;
}

}  // namespace

std::string peer_address(int fd) {
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  int port = 0;
  return getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0 ? numeric_host(addr, len, port) : std::string{};
}

// ---- the registry ----

connection_registry::connection_registry(connection_limits const& l) : limits_{l} {
  watchdog_ = std::thread{[this] { watch(); }};
}

connection_registry::~connection_registry() {
  {
    std::lock_guard const lock{mutex_};
    stop_ = true;
  }
  cv_.notify_all();
  watchdog_.join();
}

void connection_registry::add(connection& c) {
  std::lock_guard const lock{mutex_};
  c.phase_ = connection::phase::kWaiting;
  c.waiting_since_ = clock::now();
  open_.insert(&c);
}

void connection_registry::remove(connection& c) {
  std::lock_guard const lock{mutex_};
  if (c.evicted_) {
    --evicting_;
  }
  open_.erase(&c);
}

void connection_registry::waiting(connection& c) {
  std::lock_guard const lock{mutex_};
  c.phase_ = connection::phase::kWaiting;
  c.waiting_since_ = clock::now();
}

bool connection_registry::busy(connection& c) {
  std::lock_guard const lock{mutex_};
  c.phase_ = connection::phase::kBusy;
  return !c.evicted_;
}

void connection_registry::set_queue_probe(std::function<std::size_t()> probe) {
  std::lock_guard const lock{mutex_};
  queued_ = std::move(probe);
}

void connection_registry::wake() {
  {
    std::lock_guard const lock{mutex_};
    woken_ = true;
  }
  cv_.notify_one();
}

void connection_registry::evict_all_waiting() {
  std::lock_guard const lock{mutex_};
  for (auto* c : open_) {
    if (c->phase_ == connection::phase::kWaiting && !c->evicted_) {
      evict(*c);
    }
  }
}

std::size_t connection_registry::evictions() const {
  std::lock_guard const lock{mutex_};
  return evictions_;
}

void connection_registry::evict(connection& c) {
  // The serving thread's poll() wakes up, its recv() returns 0 and it closes the socket after
  // remove(): the descriptor cannot have been reused for another connection meanwhile.
  ::shutdown(c.fd_, SHUT_RDWR);
  c.evicted_ = true;
  ++evicting_;
  ++evictions_;
}

void connection_registry::make_room(std::unique_lock<std::mutex>&) {
  auto const now = clock::now();
  auto const older = [](connection const* a, connection const* b) { return a->waiting_since_ < b->waiting_since_; };
  std::vector<connection*> waiting;
  std::map<std::string, std::vector<connection*>> slow;
  for (auto* c : open_) {
    if (c->phase_ == connection::phase::kWaiting && !c->evicted_) {
      waiting.push_back(c);
      if (now - c->waiting_since_ >= limits_.slow_after_) {
        slow[c->address_].push_back(c);
      }
    }
  }
  for (auto& [address, list] : slow) {
    auto const uncapped = std::find(begin(limits_.uncapped_addresses_), end(limits_.uncapped_addresses_), address) !=
                          end(limits_.uncapped_addresses_);
    if (!uncapped && list.size() > limits_.max_slow_per_address_) {
      std::sort(begin(list), end(list), older);
      for (std::size_t k = 0; k != list.size() - limits_.max_slow_per_address_; ++k) {
        evict(*list[k]);
      }
    }
  }
  // Every thread is taken and new connections wait: the longest-waiting connections make room,
  // one per queued connection.
  auto const queued = queued_ ? queued_() : 0;
  if (queued > evicting_) {
    std::sort(begin(waiting), end(waiting), older);
    auto need = queued - evicting_;
    for (auto* c : waiting) {
      if (need == 0) {
        break;
      }
      if (!c->evicted_) {
        evict(*c);
        --need;
      }
    }
  }
}

void connection_registry::watch() {
  std::unique_lock lock{mutex_};
  while (!stop_) {
    cv_.wait_for(lock, kTick, [this] { return stop_ || woken_; });
    woken_ = false;
    if (!stop_) {
      make_room(lock);
    }
  }
}

// ---- the thread pool ----

connection_pool::connection_pool(connection_registry& r, std::size_t threads, std::size_t max_threads)
    : registry_{r}, max_threads_{std::max<std::size_t>(1, max_threads)} {
  {
    std::lock_guard const lock{mutex_};
    for (std::size_t k = 0; k != std::clamp<std::size_t>(threads, 1, max_threads_); ++k) {
      threads_.emplace_back([this] { work(); });
    }
  }
  registry_.set_queue_probe([this] {
    std::lock_guard const lock{mutex_};
    auto const pending = jobs_.size();
    return pending > idle_ ? pending - idle_ : 0;
  });
}

connection_pool::~connection_pool() {
  shutdown();
}

void connection_pool::enqueue(std::function<void()> fn) {
  bool full = false;
  {
    std::lock_guard const lock{mutex_};
    jobs_.push_back(std::move(fn));
    if (jobs_.size() > idle_) {
      if (threads_.size() < max_threads_) {
        threads_.emplace_back([this] { work(); });
      } else {
        full = true;
      }
    }
  }
  cv_.notify_one();
  if (full) {
    registry_.wake();
  }
}

void connection_pool::shutdown() {
  registry_.set_queue_probe({});
  std::vector<std::thread> threads;
  {
    std::lock_guard const lock{mutex_};
    if (shutdown_) {
      return;
    }
    shutdown_ = true;
    threads.swap(threads_);
  }
  cv_.notify_all();
  registry_.evict_all_waiting();  // idle keep-alive connections would hold the stop for their timeout
  for (auto& t : threads) {
    t.join();
  }
}

void connection_pool::work() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock{mutex_};
      ++idle_;
      cv_.wait(lock, [this] { return shutdown_ || !jobs_.empty(); });
      --idle_;
      if (jobs_.empty()) {
        return;  // shut down, nothing left
      }
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job();
  }
}

// ---- the stream ----

deadline_stream::deadline_stream(connection& c, std::chrono::milliseconds io_timeout,
                                 std::chrono::milliseconds write_timeout)
    : c_{c}, io_timeout_{io_timeout}, write_timeout_{write_timeout}, buffer_(4096) {}

bool deadline_stream::wait(short events, std::chrono::milliseconds timeout) const {
  pollfd p{c_.fd_, events, 0};
  auto const until = clock::now() + timeout;
  for (;;) {
    auto const left = std::chrono::duration_cast<std::chrono::milliseconds>(until - clock::now()).count();
    auto const rc = ::poll(&p, 1, static_cast<int>(std::max<long long>(0, left)));
    if (rc >= 0 || errno != EINTR) {
      return rc > 0;  // readable/writable, or closed (POLLHUP, POLLERR): the next call says which
    }
  }
}

bool deadline_stream::is_readable() const {
  return begin_ != end_ || wait(POLLIN, io_timeout_);
}

bool deadline_stream::is_writable() const {
  return wait(POLLOUT, io_timeout_);
}

bool deadline_stream::wait_for_request(std::chrono::milliseconds timeout) {
  return begin_ != end_ || wait(POLLIN, timeout);
}

ssize_t deadline_stream::read(char* ptr, std::size_t size) {
  // httplib bounds each header line, not their number: the request line and headers together get
  // header_bytes_left_ (a body has its own limit, read_body).
  if (c_.header_bytes_left_ == 0) {
    c_.timed_out_ = true;
    return -1;
  }
  size = std::min(size, c_.header_bytes_left_);
  auto const n = read_bounded(ptr, size);
  if (n > 0 && c_.header_bytes_left_ != kUnlimitedBytes) {
    c_.header_bytes_left_ -= static_cast<std::size_t>(n);
  }
  return n;
}

ssize_t deadline_stream::read_bounded(char* ptr, std::size_t size) {
  if (begin_ != end_) {
    auto const n = std::min(size, end_ - begin_);
    std::memcpy(ptr, buffer_.data() + begin_, n);
    begin_ += n;
    return static_cast<ssize_t>(n);
  }
  auto const now = clock::now();
  if (now >= c_.deadline_) {
    c_.timed_out_ = true;
    return -1;
  }
  auto const left = std::chrono::ceil<std::chrono::milliseconds>(c_.deadline_ - now);
  if (!wait(POLLIN, std::min(io_timeout_, left))) {
    c_.timed_out_ = true;
    return -1;
  }
  // httplib reads request lines byte by byte: fill the buffer with what the kernel has.
  auto* const into = size >= buffer_.size() ? ptr : buffer_.data();
  auto const want = size >= buffer_.size() ? size : buffer_.size();
  ssize_t n = 0;
  do {
    n = ::recv(c_.fd_, into, want, 0);
  } while (n < 0 && errno == EINTR);
  if (n <= 0 || into == ptr) {
    return n;
  }
  auto const out = std::min(size, static_cast<std::size_t>(n));
  std::memcpy(ptr, buffer_.data(), out);
  begin_ = out;
  end_ = static_cast<std::size_t>(n);
  return static_cast<ssize_t>(out);
}

ssize_t deadline_stream::write(char const* ptr, std::size_t size) {
  // The whole answer within write_timeout_ of its first byte: a client reading a few bytes now and
  // then would otherwise hold its thread for as long as it likes.
  auto const now = clock::now();
  if (c_.write_deadline_ == clock::time_point::max()) {
    c_.write_deadline_ = now + write_timeout_;
  }
  auto const left = std::chrono::ceil<std::chrono::milliseconds>(c_.write_deadline_ - now);
  if (left.count() <= 0 || !wait(POLLOUT, std::min(io_timeout_, left))) {
    c_.timed_out_ = true;
    return -1;
  }
  ssize_t n = 0;
  do {
    n = ::send(c_.fd_, ptr, size, MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  return n;
}

void deadline_stream::get_remote_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  port = 0;
  ip = getpeername(c_.fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0 ? numeric_host(addr, len, port)
                                                                          : std::string{};
}

void deadline_stream::get_local_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  port = 0;
  ip = getsockname(c_.fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0 ? numeric_host(addr, len, port)
                                                                          : std::string{};
}

socket_t deadline_stream::socket() const {
  return c_.fd_;
}

}  // namespace solimob::server
