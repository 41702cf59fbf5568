#pragma once

// A TCP listener on 127.0.0.1 (any free port) that counts the connections it accepts and closes them:
// tests use it to prove that no request reaches a local address (GDAL, pandoc, Chromium).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <stdexcept>
#include <thread>

namespace solimob::test {

class tcp_listener {
 public:
  tcp_listener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(a);
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0 || ::listen(fd_, 16) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
      throw std::runtime_error{"tcp_listener: cannot listen"};
    }
    port_ = ntohs(a.sin_port);
    thread_ = std::thread{[this] {
      while (!stop_) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, 50) > 0) {
          auto const c = ::accept(fd_, nullptr, nullptr);
          if (c >= 0) {
            ++connections_;
            ::close(c);
          }
        }
      }
    }};
  }
  ~tcp_listener() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }
  tcp_listener(tcp_listener const&) = delete;
  tcp_listener& operator=(tcp_listener const&) = delete;

  int port() const { return port_; }
  int connections() const { return connections_; }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::thread thread_;
};

}  // namespace solimob::test
