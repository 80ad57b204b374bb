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

}  // namespace
}  // namespace datavagt
