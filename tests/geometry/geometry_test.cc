#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <numbers>
#include <string>
#include <thread>
#include <vector>

#include "core/error.h"
#include "core/geo.h"
#include "geometry/geometry.h"

namespace solimob::geometry {
namespace {

// Porto Alegre, where the demo data lives: far enough from the equator for the projection to matter.
constexpr latlng kCentre{-30.03, -51.22};

// The point `east_m` / `north_m` metres away from `origin`.
latlng offset(latlng origin, double east_m, double north_m) {
  local_projection const proj{origin.lat_};
  return proj.inverse(proj.x(origin) + east_m, proj.y(origin) + north_m);
}

double sum_of_areas(std::vector<std::string> const& polygons) {
  auto sum = 0.0;
  for (auto const& p : polygons) {
    sum += area_m2(p);
  }
  return sum;
}

TEST(geometry, square_cell_has_the_requested_area) {
  for (auto const size_m : {50.0, 250.0, 1000.0}) {
    auto const cell = square_cell(kCentre, size_m);
    EXPECT_TRUE(is_valid(cell));
    EXPECT_NEAR(area_m2(cell), size_m * size_m, 0.005 * size_m * size_m) << size_m;
    EXPECT_TRUE(covers(cell, point(kCentre)));
    EXPECT_FALSE(covers(cell, point(offset(kCentre, size_m * 0.51, 0.0))));
  }
  EXPECT_THROW(square_cell(kCentre, 0.0), input_error);
  EXPECT_THROW(square_cell({95.0, 0.0}, 100.0), input_error);
}

TEST(geometry, voronoi_cells_partition_the_buffered_hull) {
  // Corners of a 1 km square; the cells are its quadrants grown by the 200 m clip buffer.
  std::vector<latlng> const points{offset(kCentre, -500, -500), offset(kCentre, 500, -500), offset(kCentre, 500, 500),
                                   offset(kCentre, -500, 500)};
  auto const cells = voronoi_cells(points, 200.0, 1e6);
  ASSERT_EQ(cells.size(), points.size());
  for (auto i = std::size_t{0}; i < cells.size(); ++i) {
    EXPECT_TRUE(is_valid(cells[i])) << i;
    EXPECT_TRUE(covers(cells[i], point(points[i]))) << i;
    for (auto j = std::size_t{0}; j < points.size(); ++j) {
      if (j != i) {
        EXPECT_FALSE(covers(cells[i], point(points[j]))) << i << " " << j;
      }
    }
    // Each quadrant: (500 + 200)^2 minus the corner rounding, a quarter of (4 - pi) * 200^2.
    EXPECT_NEAR(area_m2(cells[i]), 700.0 * 700.0 - (4.0 - std::numbers::pi) * 200.0 * 200.0 / 4.0, 0.01 * 490000.0);
  }
  // Disjoint and covering the clipped hull: the union is as large as the sum of the parts.
  auto const hull_area = 1000.0 * 1000.0 + 4.0 * 1000.0 * 200.0 + std::numbers::pi * 200.0 * 200.0;
  auto const total = sum_of_areas(cells);
  EXPECT_NEAR(total, hull_area, 0.01 * hull_area);
  EXPECT_NEAR(area_m2(union_polygons(cells)), total, 1e-3 * total);
}

TEST(geometry, voronoi_cells_are_bounded_by_the_max_radius) {
  std::vector<latlng> const points{kCentre, offset(kCentre, 5000, 0)};
  auto const cells = voronoi_cells(points, 3000.0, 1000.0);
  ASSERT_EQ(cells.size(), 2U);
  for (auto const& cell : cells) {
    EXPECT_TRUE(is_valid(cell));
    EXPECT_NEAR(area_m2(cell), std::numbers::pi * 1000.0 * 1000.0, 0.02 * std::numbers::pi * 1e6);
  }
  // A lone point gets the disc (here smaller than the buffered hull).
  auto const lone = voronoi_cells(std::vector<latlng>{kCentre}, 3000.0, 1000.0);
  ASSERT_EQ(lone.size(), 1U);
  EXPECT_NEAR(area_m2(lone[0]), std::numbers::pi * 1e6, 0.02 * std::numbers::pi * 1e6);
  EXPECT_TRUE(voronoi_cells({}, 100.0, 100.0).empty());
}

TEST(geometry, union_of_overlapping_squares) {
  // Two 100 m squares overlapping by half: 100 x 150 m.
  std::vector<std::string> const squares{square_cell(kCentre, 100.0), square_cell(offset(kCentre, 50.0, 0.0), 100.0)};
  auto const u = union_polygons(squares);
  EXPECT_TRUE(is_valid(u));
  EXPECT_NEAR(area_m2(u), 15000.0, 0.005 * 15000.0);
  EXPECT_TRUE(covers(u, squares[0]));
  EXPECT_TRUE(covers(u, squares[1]));
  EXPECT_EQ(to_wkt(union_polygons({})), "POLYGON EMPTY");
  EXPECT_THROW(union_polygons(std::vector<std::string>{from_wkt("LINESTRING (0 0, 1 1)")}), input_error);
}

TEST(geometry, isochrones_are_valid_nested_and_keep_holes) {
  // 10 x 10 grid of 100 m cells; time grows with the distance from the south-west cell, and the cell at
  // (5, 5) is unreachable.
  constexpr auto kSize = 100.0;
  constexpr auto kUnreachable = std::numeric_limits<std::int32_t>::max();
  std::vector<latlng> centres;
  std::vector<std::int32_t> times;
  for (auto row = 0; row < 10; ++row) {
    for (auto col = 0; col < 10; ++col) {
      centres.push_back(offset(kCentre, col * kSize, row * kSize));
      auto const distance_m = std::hypot(col * kSize, row * kSize);
      times.push_back(row == 5 && col == 5 ? kUnreachable : static_cast<std::int32_t>(distance_m / 1.25));
    }
  }
  times[99] = -1;  // the north-east corner is unreachable too, with the other encoding
  std::vector<std::int32_t> const cutoffs{1, 300, 600, 900, 1200};
  auto const isos = isochrones(centres, times, kSize, cutoffs);
  ASSERT_EQ(isos.size(), cutoffs.size());

  auto const hole = point(centres[55]);
  auto previous_area = 0.0;
  for (auto k = std::size_t{0}; k < isos.size(); ++k) {
    EXPECT_TRUE(is_valid(isos[k])) << k << " " << to_wkt(isos[k]);
    EXPECT_EQ(to_wkt(isos[k]).rfind("MULTIPOLYGON", 0), 0U) << k;
    EXPECT_FALSE(covers(isos[k], hole)) << k;
    EXPECT_FALSE(covers(isos[k], point(centres[99]))) << k;
    if (k > 0) {
      EXPECT_TRUE(covers(isos[k], isos[k - 1])) << k;
    }
    auto const area = area_m2(isos[k]);
    EXPECT_GE(area, previous_area) << k;
    previous_area = area;
  }
  // Cutoff 1 s reaches only the first cell (0 s); every reachable cell is within 1200 s.
  EXPECT_TRUE(covers(isos[0], point(centres[0])));
  EXPECT_FALSE(covers(isos[0], point(centres[1])));
  EXPECT_TRUE(covers(isos.back(), point(centres[98])));
  EXPECT_NEAR(previous_area, 98 * kSize * kSize, 0.02 * 98 * kSize * kSize);
  // The hole has to be an interior ring, not a notch.
  EXPECT_NE(to_wkt(isos.back()).find("), ("), std::string::npos) << to_wkt(isos.back());

  // A cell is inside a cutoff when reached in strictly less time, as R5's step decay and --max-time:
  // cell 1 is reached in 100 m / 1.25 m/s = 80 s.
  EXPECT_FALSE(covers(isochrones(centres, times, kSize, std::vector<std::int32_t>{80})[0], point(centres[1])));
  EXPECT_TRUE(covers(isochrones(centres, times, kSize, std::vector<std::int32_t>{81})[0], point(centres[1])));

  EXPECT_THROW(isochrones(centres, std::vector<std::int32_t>{1, 2}, kSize, cutoffs), input_error);
  EXPECT_THROW(isochrones(centres, times, kSize, std::vector<std::int32_t>{600, 300}), input_error);
  auto const none = isochrones({}, {}, kSize, cutoffs);
  ASSERT_EQ(none.size(), cutoffs.size());
  EXPECT_EQ(to_wkt(none[0]), "MULTIPOLYGON EMPTY");
}

TEST(geometry, zone_index_locates_points_from_two_threads) {
  // Two 0.01 degree squares sharing the meridian -51.21.
  auto const west = from_wkt("POLYGON ((-51.22 -30.04, -51.21 -30.04, -51.21 -30.03, -51.22 -30.03, -51.22 -30.04))");
  auto const east = from_wkt("POLYGON ((-51.21 -30.04, -51.20 -30.04, -51.20 -30.03, -51.21 -30.03, -51.21 -30.04))");
  zone_index const zones{{west, east}};
  EXPECT_EQ(zones.size(), 2U);

  struct probe {
    latlng pos_;
    std::optional<std::size_t> zone_;
  };
  std::vector<probe> const probes{
      {{-30.035, -51.215}, 0},
      {{-30.035, -51.205}, 1},
      {{-30.035, -51.21}, 0},  // shared boundary: the first zone wins
      {{-30.04, -51.22}, 0},   // corner
      {{-30.035, -51.20}, 1},  // outer boundary of the second zone
      {{-30.05, -51.215}, std::nullopt},
      {{-30.035, -51.19}, std::nullopt},
  };
  auto const run = [&](int& mismatches) {
    for (auto round = 0; round < 500; ++round) {
      for (auto const& p : probes) {
        mismatches += zones.locate(p.pos_) != p.zone_ ? 1 : 0;
      }
    }
  };
  auto mismatches_a = 0;
  auto mismatches_b = 0;
  std::thread a{run, std::ref(mismatches_a)};
  std::thread b{run, std::ref(mismatches_b)};
  a.join();
  b.join();
  EXPECT_EQ(mismatches_a, 0);
  EXPECT_EQ(mismatches_b, 0);
  for (auto const& p : probes) {
    EXPECT_EQ(zones.locate(p.pos_), p.zone_) << p.pos_.lat_ << " " << p.pos_.lng_;
  }

  EXPECT_THROW(zone_index{{std::string{"not wkb"}}}, input_error);
  EXPECT_THROW(zone_index{{from_wkt("POINT (1 2)")}}, input_error);
}

TEST(geometry, wkt_round_trip_and_errors) {
  auto const wkb = from_wkt("POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))");
  EXPECT_EQ(to_wkt(wkb), "POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))");
  EXPECT_FALSE(is_valid(from_wkt("POLYGON ((0 0, 1 1, 1 0, 0 1, 0 0))")));  // bow tie
  EXPECT_FALSE(is_valid("garbage"));
  EXPECT_THROW(from_wkt("POLYGON ((0 0, 1 0"), input_error);
  EXPECT_THROW(to_wkt(""), input_error);
}

}  // namespace
}  // namespace solimob::geometry
