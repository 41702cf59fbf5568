#pragma once

#include <filesystem>
#include <functional>
#include <ostream>
#include <string>

namespace solimob::io {

// Whole file into memory; throws io_error naming the file.
std::string read_file(std::filesystem::path const&);

// A name part unique within this machine and process run (pid, counter, clock): temporary files.
std::string unique_suffix();

// Writes `path` atomically: `write` fills a temporary file beside it, which is renamed over `path`
// only when everything was written and flushed. On any failure the temporary file is removed and
// an existing `path` is left untouched.
void write_atomically(std::filesystem::path const& path, std::function<void(std::ostream&)> const& write);

}  // namespace solimob::io
