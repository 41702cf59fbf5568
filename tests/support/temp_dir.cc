#include "support/temp_dir.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>

namespace solimob::test {

temp_dir::temp_dir() {
  static std::atomic<int> counter{0};
  path_ = std::filesystem::temp_directory_path() /
          ("solimob-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

temp_dir::~temp_dir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::filesystem::path temp_dir::file(std::string const& name, std::string const& content) const {
  auto const p = path_ / name;
  std::ofstream{p, std::ios::binary} << content;
  return p;
}

std::vector<std::string> temp_dir::listing() const {
  std::vector<std::string> names;
  for (auto const& e : std::filesystem::directory_iterator{path_}) {
    names.push_back(e.path().filename().string());
  }
  std::sort(begin(names), end(names));
  return names;
}

}  // namespace solimob::test
