#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace solimob::test {

// A fresh temporary folder, removed at destruction.
struct temp_dir {
  temp_dir();
  ~temp_dir();
  temp_dir(temp_dir const&) = delete;
  temp_dir& operator=(temp_dir const&) = delete;

  // Writes `content` (bytes) to `name` in the folder; returns its path.
  std::filesystem::path file(std::string const& name, std::string const& content) const;
  // The names of the files in the folder, sorted.
  std::vector<std::string> listing() const;

  std::filesystem::path path_;
};

}  // namespace solimob::test
