#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "core/error.h"
#include "osm/street_import.h"
#include "support/ascii_network.h"
#include "support/map_tags.h"

namespace solimob::osm {
namespace {

using test::map_tags;

bool walkable(std::map<std::string, std::string> tags) {
  return is_walkable(map_tags{std::move(tags)});
}

TEST(walk_profile, streets_and_paths_but_not_motorways_or_private_ways) {
  EXPECT_TRUE(walkable({{"highway", "residential"}}));
  EXPECT_TRUE(walkable({{"highway", "footway"}}));
  EXPECT_TRUE(walkable({{"highway", "steps"}}));
  EXPECT_TRUE(walkable({{"highway", "pedestrian"}, {"area", "yes"}}));
  EXPECT_FALSE(walkable({{"highway", "motorway"}}));
  EXPECT_FALSE(walkable({{"highway", "motorway_link"}}));
  EXPECT_TRUE(walkable({{"highway", "motorway"}, {"foot", "yes"}}));
  EXPECT_FALSE(walkable({{"highway", "residential"}, {"access", "private"}}));
  EXPECT_FALSE(walkable({{"highway", "service"}, {"access", "no"}}));
  EXPECT_TRUE(walkable({{"highway", "service"}, {"access", "no"}, {"foot", "permissive"}}));
  EXPECT_FALSE(walkable({{"highway", "footway"}, {"foot", "no"}}));
  EXPECT_FALSE(walkable({{"building", "yes"}}));
  EXPECT_FALSE(walkable({{"highway", "primary"}, {"area", "yes"}}));
}

// R5's TraversalPermissionLabeler gives trunk roads access=yes, so pedestrians walk them by default;
// an expressway (motorroad=yes) is closed to them.
TEST(walk_profile, trunk_roads_are_walked_unless_motorroad) {
  EXPECT_TRUE(walkable({{"highway", "trunk"}}));
  EXPECT_TRUE(walkable({{"highway", "trunk_link"}}));
  EXPECT_FALSE(walkable({{"highway", "trunk"}, {"motorroad", "yes"}}));
  EXPECT_FALSE(walkable({{"highway", "trunk_link"}, {"motorroad", "yes"}, {"foot", "yes"}}));
  EXPECT_FALSE(walkable({{"highway", "primary"}, {"motorroad", "yes"}}));
  EXPECT_FALSE(walkable({{"highway", "trunk"}, {"foot", "no"}}));
}

// R5's StreetLayer.actuallyExistsInReality: a way being built or only planned is no street, whatever
// its foot tag.
TEST(walk_profile, construction_and_proposed_ways_are_never_walked) {
  EXPECT_FALSE(walkable({{"highway", "construction"}, {"construction", "secondary"}, {"foot", "yes"}}));
  EXPECT_FALSE(walkable({{"highway", "construction"}, {"foot", "designated"}}));
  EXPECT_FALSE(walkable({{"highway", "proposed"}, {"proposed", "cycleway"}, {"foot", "yes"}}));
  EXPECT_FALSE(walkable({{"highway", "footway"}, {"construction", "yes"}}));
  EXPECT_FALSE(walkable({{"highway", "cycleway"}, {"proposed", "cycleway"}}));
  EXPECT_FALSE(walkable({{"highway", "residential"}, {"cycleway", "construction"}}));
  EXPECT_FALSE(walkable({{"highway", "abandoned"}, {"foot", "yes"}}));
  EXPECT_TRUE(walkable({{"highway", "residential"}, {"construction", "no"}}));
}

// R5's access labels: the foot label, else the access label, decides; only "yes"-like values walk.
TEST(walk_profile, access_tags_as_r5) {
  // Footways, paths, steps, platforms default to access=no + foot=yes: an access tag alone keeps foot=yes.
  EXPECT_TRUE(walkable({{"highway", "footway"}, {"access", "private"}}));
  EXPECT_TRUE(walkable({{"highway", "path"}, {"access", "no"}}));
  // Roads default to access=yes only: access decides.
  EXPECT_FALSE(walkable({{"highway", "residential"}, {"access", "destination"}}));
  EXPECT_FALSE(walkable({{"highway", "service"}, {"access", "customers"}}));
  EXPECT_TRUE(walkable({{"highway", "service"}, {"access", "Permissive"}}));
  EXPECT_TRUE(walkable({{"highway", "residential"}, {"access", "no"}, {"foot", "yes;no"}}));
  EXPECT_FALSE(walkable({{"highway", "residential"}, {"foot", "private"}}));
  // A sidewalk on either side allows walking (applied after the foot tag, as R5).
  EXPECT_TRUE(walkable({{"highway", "motorway_link"}, {"sidewalk", "right"}}));
  EXPECT_TRUE(walkable({{"highway", "primary"}, {"foot", "no"}, {"sidewalk", "both"}}));
  EXPECT_FALSE(walkable({{"highway", "primary"}, {"foot", "no"}, {"sidewalk", "no"}}));
  // Cycleways and bridleways are walked by default (USTraversalPermissionLabeler).
  EXPECT_TRUE(walkable({{"highway", "cycleway"}}));
  EXPECT_TRUE(walkable({{"highway", "bridleway"}}));
  // Platforms without a highway tag, and unknown highway values (read as highway=road).
  EXPECT_TRUE(walkable({{"railway", "platform"}}));
  EXPECT_TRUE(walkable({{"public_transport", "platform"}, {"area", "yes"}}));
  EXPECT_FALSE(walkable({{"railway", "platform"}, {"usage", "tourism"}}));
  EXPECT_TRUE(walkable({{"highway", "busway"}}));
  EXPECT_FALSE(walkable({{"highway", "services"}}));
  EXPECT_FALSE(walkable({{"highway", "raceway"}}));
  EXPECT_FALSE(walkable({{"railway", "rail"}}));
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
  <way id="14" version="1"><nd ref="5"/><nd ref="6"/><nd ref="99"/><tag k="highway" v="motorway"/><tag k="foot" v="yes"/></way>
</osm>
)";
  auto const g = import_streets(path, 0).graph_;  // 0: keep the three separate pieces
  EXPECT_EQ(g.n_edges(), 3U);                     // 1-2, 3-4, 5-6; node 99 has no location
  EXPECT_EQ(g.n_nodes(), 6U);
  EXPECT_NEAR(g.edge_length_cm_[edge_idx{0}] / 100.0, 111.2, 0.5);  // 0.001 degree of latitude
}

// Islands are counted in R5 vertices (intersections and way ends), not in OSM nodes: R5 splits ways
// only where they meet (StreetLayer.loadFromOsm), and TarjanIslandPruner removes the pieces with fewer
// than 40 such vertices. Each piece below lies on its own parallel, 0.0002 degree between nodes.
TEST(street_import, islands_under_40_r5_vertices_are_removed) {
  test::temp_dir dir;
  auto const path = dir.path_ / "islands.osm";
  std::ofstream osm{path};
  osm << "<?xml version='1.0' encoding='UTF-8'?>\n<osm version='0.6' generator='test'>\n";
  auto id = 1;
  auto way = 1000;
  auto const nodes = [&](int piece, int n) {
    std::vector<int> ids;
    for (auto i = 0; i != n; ++i) {
      osm << "<node id='" << id << "' version='1' lat='" << 48.9 + 0.01 * piece << "' lon='" << 2.4 + 0.0002 * i
          << "'/>\n";
      ids.push_back(id++);
    }
    return ids;
  };
  auto const write_way = [&](std::vector<int> const& ids, std::size_t from, std::size_t to, char const* tags) {
    osm << "<way id='" << way++ << "' version='1'>";
    for (auto i = from; i != to; ++i) {
      osm << "<nd ref='" << ids[i] << "'/>";
    }
    osm << tags << "</way>\n";
  };
  auto const footway = "<tag k='highway' v='footway'/>";
  // A chain of two-node footways: every node is a way end, so a vertex.
  auto const chain = [&](int piece, int n) {
    auto const ids = nodes(piece, n);
    for (auto i = 1; i != n; ++i) {
      write_way(ids, static_cast<std::size_t>(i - 1), static_cast<std::size_t>(i + 1), footway);
    }
  };
  chain(0, 100);  // the main network: 100 vertices, 99 edges, kept
  chain(1, 40);   // 40 vertices: kept (R5 removes fewer than 40)
  chain(2, 39);   // 39 vertices, 38 edges: removed
  // One footway of 60 nodes: 2 vertices (its ends), 59 edges: removed although it has 60 nodes.
  auto const long_way = nodes(3, 60);
  write_way(long_way, 0, 60, footway);
  // One footway of 41 nodes whose 39 inner nodes a railway also uses: 41 vertices, kept.
  auto const crossed = nodes(4, 41);
  write_way(crossed, 0, 41, footway);
  write_way(crossed, 1, 40, "<tag k='railway' v='rail'/>");
  // The same with a building instead of the railway: R5 ignores buildings, so 2 vertices, 40 edges: removed.
  auto const walled = nodes(5, 41);
  write_way(walled, 0, 41, footway);
  write_way(walled, 1, 40, "<tag k='building' v='yes'/>");
  osm << "</osm>\n";
  osm.close();

  auto const s = import_streets(path);
  EXPECT_EQ(s.islands_.islands_, 3U);
  EXPECT_EQ(s.islands_.vertices_, 39U + 2U + 2U);
  EXPECT_EQ(s.islands_.removed_.n_edges(), 38U + 59U + 40U);
  EXPECT_EQ(s.islands_.removed_.n_nodes(), 39U + 60U + 41U);
  EXPECT_EQ(s.graph_.n_edges(), 99U + 39U + 40U);
  EXPECT_EQ(s.graph_.n_nodes(), 100U + 40U + 41U);
  // Without pruning every piece stays.
  EXPECT_EQ(import_streets(path, 0).graph_.n_edges(), 99U + 39U + 38U + 59U + 40U + 40U);
}

// R5's StreetLayer.isImpassable: an emergency exit, or an access=no node without a foot or bicycle
// exception, ends the edges that reach it without joining them (each gets its own copy of the node).
TEST(street_import, impassable_nodes_cut_the_walk_graph) {
  test::temp_dir dir;
  auto const path = dir.path_ / "barriers.osm";
  std::ofstream{path} << R"(<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="test">
  <node id="1" lat="48.900" lon="2.400" version="1"/>
  <node id="2" lat="48.900" lon="2.401" version="1"><tag k="barrier" v="gate"/><tag k="access" v="no"/></node>
  <node id="3" lat="48.900" lon="2.402" version="1"/>
  <node id="4" lat="48.901" lon="2.400" version="1"/>
  <node id="5" lat="48.901" lon="2.401" version="1"><tag k="access" v="no"/><tag k="foot" v="yes"/></node>
  <node id="6" lat="48.901" lon="2.402" version="1"/>
  <node id="7" lat="48.902" lon="2.400" version="1"/>
  <node id="8" lat="48.902" lon="2.401" version="1"><tag k="entrance" v="emergency"/></node>
  <node id="9" lat="48.902" lon="2.402" version="1"/>
  <way id="10" version="1"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="footway"/></way>
  <way id="11" version="1"><nd ref="4"/><nd ref="5"/><nd ref="6"/><tag k="highway" v="footway"/></way>
  <way id="12" version="1"><nd ref="7"/><nd ref="8"/><nd ref="9"/><tag k="highway" v="footway"/></way>
</osm>
)";
  auto const g = import_streets(path, 0).graph_;
  EXPECT_EQ(g.n_edges(), 6U);
  EXPECT_EQ(g.n_nodes(), 4U + 3U + 4U);  // nodes 2 and 8 twice
  street::street_index const index{g};
  street::walk_search search{g};
  auto const reach = [&](latlng a, latlng b) {
    search.run(index.nearest(a, 1.0), 1'000'00);
    return search.dist_cm(index.nearest(b, 1.0)) != street::walk_search::kUnreached;
  };
  EXPECT_FALSE(reach({48.900, 2.400}, {48.900, 2.402}));
  EXPECT_TRUE(reach({48.901, 2.400}, {48.901, 2.402}));  // foot=yes: walkers pass
  EXPECT_FALSE(reach({48.902, 2.400}, {48.902, 2.402}));
}

// OSM node n lies at grid point (row n / 10, column n % 10), 0.001 degree apart from (48.900, 2.400);
// `node_tags` adds tags to some nodes, `ways` holds the <way> elements.
std::filesystem::path grid_osm(test::temp_dir const& dir, std::vector<int> const& nodes,
                               std::map<int, std::string> const& node_tags, std::string const& ways) {
  auto const path = dir.path_ / "grid.osm";
  std::ofstream osm{path};
  osm << "<?xml version='1.0' encoding='UTF-8'?>\n<osm version='0.6' generator='test'>\n";
  for (auto const n : nodes) {
    osm << "<node id='" << n << "' version='1' lat='" << 48.9 + 0.001 * (n / 10) << "' lon='" << 2.4 + 0.001 * (n % 10)
        << "'>";
    if (auto const it = node_tags.find(n); it != end(node_tags)) {
      osm << it->second;
    }
    osm << "</node>\n";
  }
  osm << ways << "</osm>\n";
  return path;
}

// LTS of the edge between grid nodes a and b (see grid_osm).
int lts_between(street::street_graph const& g, int a, int b) {
  auto const near = [](latlng p, int n) {
    return std::abs(p.lat_ - (48.9 + 0.001 * (n / 10))) < 1e-7 && std::abs(p.lng_ - (2.4 + 0.001 * (n % 10))) < 1e-7;
  };
  for (auto e = 0U; e != g.n_edges(); ++e) {
    auto const from = g.node_pos_[g.edge_from_[edge_idx{e}]], to = g.node_pos_[g.edge_to_[edge_idx{e}]];
    if ((near(from, a) && near(to, b)) || (near(from, b) && near(to, a))) {
      return g.edge_attr_[edge_idx{e}].lts_;
    }
  }
  ADD_FAILURE() << "no edge " << a << "-" << b;
  return -1;
}

std::string way(int id, std::vector<int> const& nodes, std::string const& tags) {
  auto w = "<way id='" + std::to_string(id) + "' version='1'>";
  for (auto const n : nodes) {
    w += "<nd ref='" + std::to_string(n) + "'/>";
  }
  return w + tags + "</way>\n";
}

auto const kPrimary = "<tag k='highway' v='primary'/>";          // no lanes, maxspeed nor bike lane: LTS 4
auto const kResidential = "<tag k='highway' v='residential'/>";  // LTS 1
auto const kSignals = "<tag k='highway' v='traffic_signals'/>";

// R5's LevelOfTrafficStressLabeler.applyIntersectionCosts: a vertex without a traffic signal takes the
// highest label of the edges meeting there (at least 1); each R5 edge (one way between two vertices,
// however many OSM nodes) becomes the higher value of its two ends, from the labels before any raise.
//
//   1 -- 2 -- 3 -- 4      primary 1-2-3-4 (LTS 4); 3 has traffic signals
//        |    |    |
//       12   13   14      residential 2-12-22, residential 3-13, service 4-14
//        |
//       22 -- 23          residential 22-23
TEST(street_import, unsignalled_intersections_raise_the_stress_of_the_streets_there) {
  test::temp_dir dir;
  auto const path = grid_osm(dir, {1, 2, 3, 4, 12, 13, 14, 22, 23}, {{3, kSignals}},
                             way(100, {1, 2, 3, 4}, kPrimary) + way(101, {2, 12, 22}, kResidential) +
                                 way(102, {3, 13}, kResidential) + way(103, {4, 14}, "<tag k='highway' v='service'/>") +
                                 way(104, {22, 23}, kResidential));
  auto const s = import_streets(path, 0);
  auto const& g = s.graph_;
  EXPECT_EQ(lts_between(g, 1, 2), 4);
  EXPECT_EQ(lts_between(g, 3, 4), 4);
  // Vertex 2: max(primary 4, residential 1) = 4, on the whole R5 edge 2..22 (12 is no vertex).
  EXPECT_EQ(lts_between(g, 2, 12), 4);
  EXPECT_EQ(lts_between(g, 12, 22), 4);
  // Vertex 22: max(1, 1) from the labels before the raise: the stress goes no further.
  EXPECT_EQ(lts_between(g, 22, 23), 1);
  // Vertex 3 has a signal (no raise); vertex 13 holds only this street (1).
  EXPECT_EQ(lts_between(g, 3, 13), 1);
  // Service roads are unlabelled (0) but take their ends' value: vertex 4, max(4, 1) = 4.
  EXPECT_EQ(lts_between(g, 4, 14), 4);
  EXPECT_EQ(s.lts_raised_edges_, 3U);  // 2-12, 12-22, 4-14
}

// An lts tag (R5's BIKE_LTS_EXPLICIT) feeds the rule but is never raised; an r5r override (SetLtsOsm,
// applied to the built network, after the rule) wins and does not feed it.
//
//   1 -- 2 -- 3           primary 1-2-3 (LTS 4)
//        |    |
//       12   13           residential 2-12 with lts=1; residential 3-13 overridden to 2
//
//  31 -- 32 -- 33         residential 31-32 overridden to 4; residential 32-33
//  41 -- 42 -- 43         tertiary 41-42 with lts=4; residential 42-43
TEST(street_import, lts_tags_and_overrides_are_not_raised) {
  test::temp_dir dir;
  auto const path = grid_osm(
      dir, {1, 2, 3, 12, 13, 31, 32, 33, 41, 42, 43}, {},
      way(100, {1, 2, 3}, kPrimary) + way(101, {2, 12}, "<tag k='highway' v='residential'/><tag k='lts' v='1'/>") +
          way(102, {3, 13}, kResidential) + way(103, {31, 32}, kResidential) + way(104, {32, 33}, kResidential) +
          way(105, {41, 42}, "<tag k='highway' v='tertiary'/><tag k='lts' v='4'/>") + way(106, {42, 43}, kResidential));
  auto const s = import_streets(path, 0, {{102, 2}, {103, 4}});
  auto const& g = s.graph_;
  EXPECT_EQ(lts_between(g, 2, 12), 1);   // vertex 2 is 4, but the tag is explicit
  EXPECT_EQ(lts_between(g, 3, 13), 2);   // vertex 3 is 4, the override wins
  EXPECT_EQ(lts_between(g, 31, 32), 4);  // the override
  EXPECT_EQ(lts_between(g, 32, 33), 1);  // vertex 32: max of the labels (1, 1), not of the override
  EXPECT_EQ(lts_between(g, 41, 42), 4);
  EXPECT_EQ(lts_between(g, 42, 43), 4);  // vertex 42: max(tag 4, 1)
  EXPECT_EQ(s.lts_raised_edges_, 1U);    // 42-43
}

// R5's graph holds ways we do not walk, and labels ways closed to bicycles: their stress counts at the
// vertices they share with our streets.
//
//   1 -- 2 -- 3           motorway_link 1-2 (not walked; LTS 4); tertiary 2-3 (no lanes, no maxspeed: 3)
//  11 -- 12 -- 13         primary 11-12 with bicycle=no (walked, not cycled; R5's label 4); residential 12-13
//  21 -- 22 -- 23         footway 21-22 (no cars: 1; closed to bicycles); residential 22-23
TEST(street_import, stress_of_ways_not_cycled_counts_at_intersections) {
  test::temp_dir dir;
  auto const path = grid_osm(
      dir, {1, 2, 3, 11, 12, 13, 21, 22, 23}, {},
      way(100, {1, 2}, "<tag k='highway' v='motorway_link'/>") + way(101, {2, 3}, "<tag k='highway' v='tertiary'/>") +
          way(102, {11, 12}, "<tag k='highway' v='primary'/><tag k='bicycle' v='no'/>") +
          way(103, {12, 13}, kResidential) + way(104, {21, 22}, "<tag k='highway' v='footway'/>") +
          way(105, {22, 23}, kResidential));
  auto const s = import_streets(path, 0);
  auto const& g = s.graph_;
  EXPECT_EQ(g.n_edges(), 5U);            // all but the motorway link
  EXPECT_EQ(lts_between(g, 2, 3), 4);    // vertex 2: max(motorway link 4, tertiary 3)
  EXPECT_EQ(lts_between(g, 12, 13), 4);  // vertex 12: max(primary 4, 1)
  EXPECT_EQ(lts_between(g, 11, 12), 0);  // closed to bicycles: stays 0 (walked)
  EXPECT_EQ(lts_between(g, 21, 22), 0);
  EXPECT_EQ(lts_between(g, 22, 23), 1);  // vertex 22: max(footway 1, 1)
  EXPECT_EQ(s.lts_raised_edges_, 2U);
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
  auto const s = import_streets(poa / "poa_osm.pbf");
  EXPECT_GT(s.graph_.n_nodes(), 30'000U);
  EXPECT_GT(s.graph_.n_edges(), 40'000U);
  EXPECT_GT(s.islands_.islands_, 0U);
}

}  // namespace
}  // namespace solimob::osm
