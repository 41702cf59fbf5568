#pragma once

// The HTTP server's connections. httplib serves each connection on a thread of its own, from the
// first byte of a request to the end of the keep-alive wait for the next one: a client that sends a
// header line every few seconds (its read timeout is per recv call) or keeps idle connections open
// holds threads that ordinary requests need. Here every connection has total deadlines (idle wait,
// headers, body), the thread pool grows with the connections up to a maximum, and connections that
// wait for a request are closed, longest-waiting first, when one address keeps too many of them
// open or when a new connection would have to wait for a thread.
//
// Included by http_server.cc only (it brings httplib).

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include <httplib.h>

#include "server/http_server.h"

namespace solimob::server {

constexpr std::size_t kUnlimitedBytes = SIZE_MAX;

// One connection, on the stack of the thread serving it.
struct connection {
  enum class phase : std::uint8_t { kWaiting, kBusy };  // waiting: for the request (headers, body)
  int fd_ = -1;
  std::string address_;
  // Written by the serving thread under connection_registry's mutex; read there by the watchdog.
  phase phase_ = phase::kWaiting;
  std::chrono::steady_clock::time_point waiting_since_;
  std::atomic<bool> evicted_{false};  // also read by the serving thread, without the lock
  // Only the serving thread reads and writes these.
  std::chrono::steady_clock::time_point deadline_ = std::chrono::steady_clock::time_point::max();
  std::chrono::steady_clock::time_point write_deadline_ = std::chrono::steady_clock::time_point::max();
  std::size_t header_bytes_left_ = 0;  // of the request being read; kUnlimitedBytes once in the body
  bool close_after_response_ = false;  // the rest of a refused body is still in the socket
  bool timed_out_ = false;             // a read passed the deadline or the io timeout: close
};

// The open connections; closes the slow ones that must make room (see the top of this file).
class connection_registry {
 public:
  explicit connection_registry(connection_limits const&);
  ~connection_registry();
  connection_registry(connection_registry const&) = delete;
  connection_registry& operator=(connection_registry const&) = delete;

  void add(connection&);     // waiting from now
  void remove(connection&);  // before its socket is closed: an eviction never hits a reused fd
  void waiting(connection&);
  // The request is read: the handler runs, nothing may close it. False when the connection was
  // closed just before: the handler must not run (its answer could not be sent).
  bool busy(connection&);

  // Called by the thread pool: how many new connections wait for a thread (0: a thread was free).
  void set_queue_probe(std::function<std::size_t()>);
  void wake();  // a connection was queued: make room now rather than at the next tick
  // Closes every waiting connection (the server stops).
  void evict_all_waiting();

  std::size_t evictions() const;  // since the start, for tests and logs

 private:
  void watch();
  void make_room(std::unique_lock<std::mutex>&);
  void evict(connection&);

  connection_limits limits_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::unordered_set<connection*> open_;
  std::function<std::size_t()> queued_;
  std::size_t evicting_ = 0;  // evicted, not yet removed
  std::size_t evictions_ = 0;
  bool stop_ = false;
  bool woken_ = false;
  std::thread watchdog_;
};

// httplib's task queue with threads started on demand up to a maximum.
class connection_pool : public httplib::TaskQueue {
 public:
  connection_pool(connection_registry&, std::size_t threads, std::size_t max_threads);
  ~connection_pool() override;

  void enqueue(std::function<void()>) override;
  void shutdown() override;

 private:
  void work();
  connection_registry& registry_;
  std::size_t max_threads_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  std::size_t idle_ = 0;
  bool shutdown_ = false;
  std::vector<std::thread> threads_;
};

// httplib's Stream over a connection's socket, with the connection's deadline on every read.
class deadline_stream : public httplib::Stream {
 public:
  deadline_stream(connection&, std::chrono::milliseconds io_timeout, std::chrono::milliseconds write_timeout);

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, std::size_t size) override;
  ssize_t write(char const* ptr, std::size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override;

  // Waits for the first byte of the next request; false after `timeout` or when closed.
  bool wait_for_request(std::chrono::milliseconds timeout);

 private:
  bool wait(short events, std::chrono::milliseconds timeout) const;
  ssize_t read_bounded(char* ptr, std::size_t size);  // read() without the header byte budget
  connection& c_;
  std::chrono::milliseconds io_timeout_;
  std::chrono::milliseconds write_timeout_;
  std::vector<char> buffer_;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
};

// "a.b.c.d" or an IPv6 address: the peer of a socket, as httplib writes Request::remote_addr.
std::string peer_address(int fd);

}  // namespace solimob::server
