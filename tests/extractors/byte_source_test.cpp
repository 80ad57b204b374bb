#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "extractors/byte_source.h"

namespace datavagt {
namespace {

std::string read_all(ByteSource& src, std::size_t piece) {
  std::string out, buf(piece, '\0');
  for (;;) {
    auto n = src.read(buf);
    EXPECT_TRUE(n.ok());
    if (!n || *n == 0) return out;
    out.append(buf, 0, *n);
  }
}

TEST(MemorySource, ReadsInPiecesAndRewinds) {
  MemorySource src("abcdefg");
  EXPECT_EQ(read_all(src, 3), "abcdefg");
  ASSERT_TRUE(src.rewind().ok());
  EXPECT_EQ(read_all(src, 100), "abcdefg");
}

// A default string_view has no data pointer (found by tnef_fuzz under UBSan: memcpy from null).
TEST(MemorySource, EmptyViewWithoutDataReadsNothing) {
  MemorySource src{std::string_view{}};
  EXPECT_EQ(read_all(src, 16), "");
}

// read_up_to: the whole item when it fits in `max` (exactly, too), else its first `max` bytes and false;
// appended to what the string held; any read size.
TEST(ReadUpTo, WholeOrTheFirstMaxBytes) {
  for (std::size_t chunk : {1u, 3u, 7u, 100u}) {
    std::string out = "x";
    MemorySource fits("abcdefg");
    auto r = read_up_to(fits, 7, out, chunk);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(*r) << chunk;
    EXPECT_EQ(out, "xabcdefg");

    out.clear();
    MemorySource longer("abcdefgh");
    r = read_up_to(longer, 7, out, chunk);
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(*r) << chunk;
    EXPECT_EQ(out, "abcdefg");
  }
  std::string none;
  MemorySource empty("");
  auto r = read_up_to(empty, 0, none, 4);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(*r);
  MemorySource one("a");
  r = read_up_to(one, 0, none, 4);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(*r);
  EXPECT_EQ(none, "");
}

}  // namespace
}  // namespace datavagt
