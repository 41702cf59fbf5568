#pragma once

#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "io/file_util.h"

namespace solimob::test {

// Reads a CSV written by a job into rows of cells keyed by column name (no quoted commas).
inline std::vector<std::map<std::string, std::string>> read_csv_rows(std::filesystem::path const& p) {
  std::istringstream in{io::read_file(p)};
  std::vector<std::string> header;
  std::vector<std::map<std::string, std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> cells;
    std::stringstream ss{line};
    for (std::string c; std::getline(ss, c, ',');) {
      cells.push_back(c);
    }
    if (header.empty()) {
      header = cells;
      continue;
    }
    std::map<std::string, std::string> row;
    for (auto i = 0U; i != header.size(); ++i) {
      row[header[i]] = i < cells.size() ? cells[i] : "";
    }
    rows.push_back(row);
  }
  return rows;
}

}  // namespace solimob::test
