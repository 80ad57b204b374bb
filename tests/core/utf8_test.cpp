#include "core/utf8.h"

#include <gtest/gtest.h>

namespace datavagt {
namespace {

TEST(Utf8, ValidPrefix) {
  EXPECT_EQ(utf8::valid_prefix("abc"), 3u);
  EXPECT_EQ(utf8::valid_prefix("søren æøå ÆØÅ é"), std::string("søren æøå ÆØÅ é").size());
  EXPECT_EQ(utf8::valid_prefix("ab\xF8" "c"), 2u);          // latin-1 ø
  EXPECT_EQ(utf8::valid_prefix("ab\xC3"), 2u);              // cut sequence
  EXPECT_EQ(utf8::valid_prefix("\xC0\xAF"), 0u);            // overlong
  EXPECT_EQ(utf8::valid_prefix("\xED\xA0\x80"), 0u);        // surrogate
  EXPECT_EQ(utf8::valid_prefix("\xF4\x90\x80\x80"), 0u);    // above U+10FFFF
  const std::string long_ascii(1000, 'a');
  EXPECT_EQ(utf8::valid_prefix(long_ascii + "\xFF"), 1000u);
}

TEST(Utf8, IncompleteSequence) {
  EXPECT_TRUE(utf8::is_incomplete_sequence("\xC3"));
  EXPECT_TRUE(utf8::is_incomplete_sequence("\xE2\x82"));
  EXPECT_FALSE(utf8::is_incomplete_sequence("\xE2\x82\xAC"));
  EXPECT_FALSE(utf8::is_incomplete_sequence("\xF8"));
  EXPECT_FALSE(utf8::is_incomplete_sequence("a"));
}

TEST(Utf8, Lossy) {
  std::string out;
  utf8::append_lossy(out, "S\xF8ren");
  EXPECT_EQ(out, "S\xEF\xBF\xBDren");
}

TEST(Utf8, TrimPartial) {
  const std::string s = "øabcø";
  EXPECT_EQ(utf8::trim_partial(std::string_view(s).substr(1, s.size() - 2)), "abc");
  EXPECT_EQ(utf8::trim_partial(s), s);
}

}  // namespace
}  // namespace datavagt
