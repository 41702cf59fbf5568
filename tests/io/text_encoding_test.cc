// CSV exports in the encodings form tools and Excel write, read as UTF-8. The expected bytes come
// from the code pages' tables (Windows-1252: 0x80 €, 0x92 ’, 0xE9 é, 0xFB û; ISO-8859-15: 0xA4 €).
#include <gtest/gtest.h>

#include <string>

#include "core/error.h"
#include "io/text_encoding.h"

namespace solimob::io {
namespace {

TEST(text_encoding, windows_1252_and_iso_8859_15_become_utf8) {
  EXPECT_EQ(to_utf8("Co\xFBt\x80 l\x92\xE9t\xE9", "windows-1252", "f.csv"), "Coût€ l’été");
  EXPECT_EQ(to_utf8("\xA4 \xE9", "iso-8859-15", "f.csv"), "€ é");
}

TEST(text_encoding, utf8_loses_its_byte_order_mark_and_is_checked) {
  EXPECT_EQ(to_utf8("\xEF\xBB\xBFPublic\n", "utf-8", "f.csv"), "Public\n");
  try {
    to_utf8("Public\nPersonnes \xE2gées\n", "utf-8", "export.csv");  // Latin-1 read as UTF-8
    FAIL() << "no error";
  } catch (input_error const& e) {
    EXPECT_NE(std::string{e.what()}.find("export.csv: line 2"), std::string::npos) << e.what();
  }
  try {
    to_utf8("Public\n\xC3", "utf-8", "cut.csv");  // the first byte of é, then the end
    FAIL() << "no error";
  } catch (input_error const& e) {
    EXPECT_NE(std::string{e.what()}.find("ends in the middle"), std::string::npos) << e.what();
  }
  // Windows-1252 leaves 0x81 undefined.
  EXPECT_THROW(to_utf8("a\x81", "windows-1252", "f.csv"), input_error);
  EXPECT_THROW(to_utf8("a", "ebcdic-nonsense", "f.csv"), input_error);
}

}  // namespace
}  // namespace solimob::io
