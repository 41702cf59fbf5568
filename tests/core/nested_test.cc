#include <gtest/gtest.h>

#include <sstream>
#include <vector>

#include "core/error.h"
#include "core/nested.h"
#include "io/binary_io.h"

namespace solimob {
namespace {

using rows = nested<std::size_t, int>;

std::vector<int> row(rows const& n, std::size_t k) {
  return {n[k].begin(), n[k].end()};
}

TEST(nested, emplace_back_appends_rows) {
  rows n;
  n.emplace_back(std::vector<int>{1, 2});
  n.emplace_back(std::vector<int>{});
  n.emplace_back(std::vector<int>{3});
  // Rows of 2, 0 and 1 elements: offsets 0, 2, 2, 3.
  EXPECT_EQ(n.size(), 3U);
  EXPECT_EQ(n.offsets_, (std::vector<std::uint32_t>{0, 2, 2, 3}));
  EXPECT_EQ(row(n, 0), (std::vector<int>{1, 2}));
  EXPECT_TRUE(n[1].empty());
  EXPECT_EQ(row(n, 2), (std::vector<int>{3}));
  EXPECT_EQ(n.begin_at(2), 2U);
  EXPECT_EQ(n.end_at(2), 3U);
}

TEST(nested, grouped_keeps_the_emitted_order_within_a_row) {
  // Emitted (2, 10), (0, 20), (2, 30): row 0 = {20}, row 1 empty, row 2 = {10, 30}.
  auto const n = rows::grouped(3, [](auto&& emit) {
    emit(2, 10);
    emit(0, 20);
    emit(2, 30);
  });
  EXPECT_EQ(n.offsets_, (std::vector<std::uint32_t>{0, 1, 1, 3}));
  EXPECT_EQ(row(n, 0), (std::vector<int>{20}));
  EXPECT_TRUE(n[1].empty());
  EXPECT_EQ(row(n, 2), (std::vector<int>{10, 30}));
}

TEST(nested, save_and_load_round_trip) {
  rows n;
  n.emplace_back(std::vector<int>{4});
  n.emplace_back(std::vector<int>{});
  n.emplace_back(std::vector<int>{5, 6, 7});
  std::ostringstream out;
  io::binary_writer w{out};
  w.rows(n);
  auto const bytes = out.str();
  io::binary_reader r{bytes, "x.net"};
  rows loaded;
  r.rows(loaded);
  r.expect_end();
  EXPECT_EQ(loaded.offsets_, n.offsets_);
  EXPECT_EQ(loaded.data_, n.data_);
}

TEST(nested, load_refuses_offsets_outside_the_data) {
  rows n;
  n.emplace_back(std::vector<int>{1, 2});
  n.offsets_.back() = 3;  // claims 3 elements, holds 2
  std::ostringstream out;
  io::binary_writer w{out};
  w.rows(n);
  auto const bytes = out.str();
  io::binary_reader r{bytes, "x.net"};
  rows loaded;
  EXPECT_THROW(r.rows(loaded), input_error);
}

}  // namespace
}  // namespace solimob
