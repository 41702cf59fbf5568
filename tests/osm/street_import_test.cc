#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "core/error.h"
#include "osm/street_import.h"
#include "support/ascii_network.h"

namespace solimob::osm {
namespace {

struct map_tags final : tag_lookup {
  explicit map_tags(std::map<std::string, std::string> t) : t_{std::move(t)} {}
  char const* get(char const* key) const override {
    auto const it = t_.find(key);
    return it == end(t_) ? nullptr : it->second.c_str();
  }
  std::map<std::string, std::string> t_;
};

bool walkable(std::map<std::string, std::string> tags) {
  return is_walkable(map_tags{std::move(tags)});
}

TEST(walk_profile, streets_and_paths_but_not_motorways_or_private_ways) {
  EXPECT_TRUE(walkable({{"highway", "residential"}}));
  EXPECT_TRUE(walkable({{"highway", "footway"}}));
  EXPECT_TRUE(walkable({{"highway", "steps"}}));
  EXPECT_TRUE(walkable({{"highway", "pedestrian"}, {"area", "yes"}}));
  EXPECT_FALSE(walkable({{"highway", "motorway"}}));
  EXPECT_FALSE(walkable({{"highway", "trunk_link"}}));
  EXPECT_TRUE(walkable({{"highway", "trunk"}, {"foot", "yes"}}));
  EXPECT_FALSE(walkable({{"highway", "residential"}, {"access", "private"}}));
  EXPECT_FALSE(walkable({{"highway", "service"}, {"access", "no"}}));
  EXPECT_TRUE(walkable({{"highway", "service"}, {"access", "no"}, {"foot", "permissive"}}));
  EXPECT_FALSE(walkable({{"highway", "footway"}, {"foot", "no"}}));
  EXPECT_FALSE(walkable({{"building", "yes"}}));
  EXPECT_FALSE(walkable({{"highway", "primary"}, {"area", "yes"}}));
}

TEST(street_import, reads_osm_xml_and_applies_the_profile) {
  test::temp_dir dir;
  auto const path = dir.path_ / "tiny.osm";
  std::ofstream{path} << R"(<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="test">
  <node id="1" lat="48.900" lon="2.400" version="1"/>
  <node id="2" lat="48.901" lon="2.400" version="1"/>
  <node id="3" lat="48.902" lon="2.400" version="1"/>
  <node id="4" lat="48.903" lon="2.400" version="1"/>
  <node id="5" lat="48.904" lon="2.400" version="1"/>
  <node id="6" lat="48.905" lon="2.400" version="1"/>
  <way id="10" version="1"><nd ref="1"/><nd ref="2"/><tag k="highway" v="residential"/></way>
  <way id="11" version="1"><nd ref="2"/><nd ref="3"/><tag k="highway" v="motorway"/></way>
  <way id="12" version="1"><nd ref="3"/><nd ref="4"/><tag k="highway" v="footway"/></way>
  <way id="13" version="1"><nd ref="4"/><nd ref="5"/><tag k="highway" v="residential"/><tag k="access" v="private"/></way>
  <way id="14" version="1"><nd ref="5"/><nd ref="6"/><nd ref="99"/><tag k="highway" v="trunk"/><tag k="foot" v="yes"/></way>
</osm>
)";
  auto const g = import_streets(path);
  EXPECT_EQ(g.n_edges(), 3U);  // 1-2, 3-4, 5-6; node 99 has no location
  EXPECT_EQ(g.n_nodes(), 6U);
  EXPECT_NEAR(g.edge_length_cm_[edge_idx{0}] / 100.0, 111.2, 0.5);  // 0.001 degree of latitude
}

TEST(street_import, corrupt_or_missing_files_are_clear_errors) {
  test::temp_dir dir;
  auto const bad = dir.path_ / "bad.osm.pbf";
  std::ofstream{bad} << "this is not a pbf";
  try {
    import_streets(bad);
    FAIL();
  } catch (input_error const& e) {
    EXPECT_NE(std::string{e.what()}.find("bad.osm.pbf"), std::string::npos);
  }
  EXPECT_THROW(import_streets(dir.path_ / "none.pbf"), input_error);
}

TEST(street_import, porto_alegre_extract) {
  auto const poa = test::poa_dir();
  if (poa.empty()) {
    GTEST_SKIP() << "skipped: ../shared/data/poa is absent";
  }
  auto const g = import_streets(poa / "poa_osm.pbf");
  EXPECT_GT(g.n_nodes(), 30'000U);
  EXPECT_GT(g.n_edges(), 40'000U);
}

}  // namespace
}  // namespace solimob::osm
