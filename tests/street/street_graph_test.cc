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

}  // namespace
}  // namespace solimob::street
