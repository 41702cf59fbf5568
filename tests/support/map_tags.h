#pragma once

#include <map>
#include <string>

#include "osm/tags.h"

namespace solimob::test {

// OSM tags held in a map, for the tag rules' tests.
struct map_tags final : osm::tag_lookup {
  explicit map_tags(std::map<std::string, std::string> t) : t_{std::move(t)} {}
  char const* get(char const* key) const override {
    auto const it = t_.find(key);
    return it == end(t_) ? nullptr : it->second.c_str();
  }
  std::map<std::string, std::string> t_;
};

}  // namespace solimob::test
