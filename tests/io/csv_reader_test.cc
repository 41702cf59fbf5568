#include <gtest/gtest.h>

#include "core/error.h"
#include "io/csv_reader.h"

namespace solimob::io {
namespace {

TEST(csv_reader, quotes_crlf_bom_and_trimmed_header) {
  csv_reader csv{"f.csv", "\xEF\xBB\xBFid, name\r\n1,\"a, \"\"b\"\"\"\r\n\r\n2,\"multi\nline\"\r\n3\r\n"};
  ASSERT_TRUE(csv.column("name"));
  ASSERT_TRUE(csv.next());
  EXPECT_EQ(csv.field(1), "a, \"b\"");
  EXPECT_EQ(csv.line(), 2U);
  ASSERT_TRUE(csv.next());
  EXPECT_EQ(csv.field(1), "multi\nline");
  EXPECT_EQ(csv.line(), 4U);
  ASSERT_TRUE(csv.next());
  EXPECT_EQ(csv.line(), 6U);
  EXPECT_EQ(csv.field(1), "");  // short row
  EXPECT_FALSE(csv.next());
}

TEST(csv_reader, errors_name_file_line_and_field) {
  csv_reader csv{"pts.csv", "id,lon\n1,abc\n"};
  ASSERT_TRUE(csv.next());
  try {
    csv.get_double(1);
    FAIL();
  } catch (input_error const& e) {
    EXPECT_STREQ(e.what(), "pts.csv:2 field 'lon': not a number: 'abc'");
  }
  EXPECT_THROW(csv.required_column("lat"), input_error);
  EXPECT_THROW((csv_reader{"empty.csv", ""}), input_error);
  EXPECT_THROW((csv_reader{"q.csv", "a\n\"open"}.next()), input_error);
}

}  // namespace
}  // namespace solimob::io
