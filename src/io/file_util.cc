#include "io/file_util.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>

#include "core/error.h"

namespace solimob::io {

std::string read_file(std::filesystem::path const& p) {
  std::ifstream in{p, std::ios::binary};
  if (!in) {
    throw io_error{p.string() + ": cannot open file for reading"};
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    throw io_error{p.string() + ": read error"};
  }
  return std::move(ss).str();
}

std::string unique_suffix() {
  static std::atomic<unsigned> counter{0};
  return std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
         std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
}

void write_atomically(std::filesystem::path const& path, std::function<void(std::ostream&)> const& write) {
  auto tmp = path;
  tmp += ".tmp-" + unique_suffix();
  try {
    {
      std::ofstream out{tmp, std::ios::binary | std::ios::trunc};
      if (!out) {
        throw io_error{path.string() + ": cannot open for writing"};
      }
      write(out);
      out.flush();
      if (!out) {
        throw io_error{path.string() + ": write error (disk full?)"};
      }
    }
    std::filesystem::rename(tmp, path);
  } catch (...) {
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    throw;
  }
}

}  // namespace solimob::io
