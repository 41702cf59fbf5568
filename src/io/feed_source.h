#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace solimob::io {

// Files of a GTFS feed: a zip archive or a folder. Members are read whole into memory.
class feed_source {
 public:
  virtual ~feed_source() = default;
  // Content of `name`, or nullopt when the feed has no such file.
  virtual std::optional<std::string> read(std::string const& name) const = 0;
  // The feed's path as given, for messages.
  virtual std::string const& path() const = 0;
};

// Opens a zip file or a folder; throws input_error when it is neither.
std::unique_ptr<feed_source> open_feed(std::filesystem::path const&);

}  // namespace solimob::io
