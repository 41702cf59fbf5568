#include <gtest/gtest.h>

#include "street/street_graph.h"
#include "support/ascii_network.h"

namespace solimob::street {
namespace {

TEST(street_graph, snapping_finds_the_split_point_on_the_nearest_edge) {
  test::ascii_network const map{
      "A-----B\n"
      "      |\n"
      "      |\n"
      "      C"};
  street_index const index{map.graph()};
  // 50 m north of the middle of A-B.
  auto const p = local_projection{48.9};
  auto const mid = map.pos('A');
  auto const q = p.inverse(p.x(mid) + 300.0, p.y(mid) + 50.0);
  auto const s = index.nearest(q, 200.0);
  ASSERT_TRUE(s.valid());
  EXPECT_NEAR(s.link_cm_ / 100.0, 50.0, 0.5);
  EXPECT_NEAR(s.to_from_cm(map.graph()) / 100.0, 350.0, 1.0);
  EXPECT_NEAR(s.to_to_cm(map.graph()) / 100.0, 350.0, 1.0);
  EXPECT_FALSE(index.nearest(q, 40.0).valid());
}

TEST(street_graph, bounded_search_distances) {
  test::ascii_network const map{
      "A---B---C\n"
      "    |    \n"
      "    D    "};
  street_index const index{map.graph()};
  walk_search search{map.graph()};
  auto const from = index.nearest(map.pos('A'), 10.0);
  search.run(from, 1'000'00);
  EXPECT_NEAR(search.dist_cm(index.nearest(map.pos('C'), 10.0)) / 100.0, 800.0, 1.0);
  EXPECT_NEAR(search.dist_cm(index.nearest(map.pos('D'), 10.0)) / 100.0, 600.0, 1.0);
  search.run(from, 700'00);
  EXPECT_EQ(search.dist_cm(index.nearest(map.pos('C'), 10.0)), walk_search::kUnreached);
}

TEST(street_graph, islands_below_the_threshold_are_removed_and_the_rest_renumbered) {
  // Three pieces: A-B-C-D (4 vertices), E-F (2), G-H-I (3); every drawn node is a vertex.
  test::ascii_network const map{
      "A---B---C---D\n"
      "             \n"
      "E---F   G---H\n"
      "        |    \n"
      "        I    "};
  auto g = map.graph();
  auto const all = std::vector<bool>(g.n_nodes(), true);
  auto const islands = prune_islands(g, all, 3);
  EXPECT_EQ(islands.islands_, 1U);  // E-F only: G-H-I has 3 vertices, not fewer
  EXPECT_EQ(islands.vertices_, 2U);
  EXPECT_EQ(islands.removed_.n_edges(), 1U);
  EXPECT_EQ(g.n_nodes(), 7U);
  EXPECT_EQ(g.n_edges(), 5U);
  // The kept graph is finalized and searchable: A to D is 1200 m.
  street_index const index{g};
  walk_search search{g};
  search.run(index.nearest(map.pos('A'), 1.0), 2'000'00);
  EXPECT_NEAR(search.dist_cm(index.nearest(map.pos('D'), 1.0)) / 100.0, 1200.0, 1.0);
  // E now links to the nearest kept street, A-B-C-D 200 m north of it.
  EXPECT_NEAR(index.nearest(map.pos('E'), 500.0).link_cm_ / 100.0, 200.0, 0.5);
}

TEST(street_graph, the_largest_piece_is_kept_even_below_the_threshold) {
  // R5 would remove both pieces of a network smaller than 40 vertices; we keep the larger one.
  test::ascii_network const map{"A---B---C   D---E"};
  auto g = map.graph();
  auto const islands = prune_islands(g, std::vector<bool>(g.n_nodes(), true));
  EXPECT_EQ(islands.islands_, 1U);
  EXPECT_EQ(g.n_edges(), 2U);
  EXPECT_EQ(islands.removed_.n_nodes(), 2U);
  // Vertices decide, not nodes: with B not a vertex, A-B-C has 2 vertices like D-E, and the tie goes to
  // the piece holding the lowest node (A).
  auto h = map.graph();
  auto not_b = std::vector<bool>(h.n_nodes(), true);
  not_b[1] = false;
  EXPECT_EQ(prune_islands(h, not_b, 3).vertices_, 2U);
  EXPECT_EQ(h.n_edges(), 2U);
}

}  // namespace
}  // namespace solimob::street
