#include "core/masking.h"

#include <gtest/gtest.h>

namespace datavagt {
namespace {

TEST(Masking, Cpr) { EXPECT_EQ(mask_cpr("0101901234"), "010190-XXXX"); }

TEST(Masking, SnippetMasksEveryCprShape) {
  EXPECT_EQ(mask_snippet("a 010190-1234 b"), "a 010190-XXXX b");
  EXPECT_EQ(mask_snippet("a 0101901234 b"), "a 010190XXXX b");
  EXPECT_EQ(mask_snippet("a 010190 - 1234 b"), "a 010190 - XXXX b");
  EXPECT_EQ(mask_snippet("a 010190/1234 b"), "a 010190/XXXX b");
  EXPECT_EQ(mask_snippet("a 123456789012 b"), "a 123456XXXXXX b");
}

TEST(Masking, SnippetMasksNumbersCutAtTheEdges) {
  EXPECT_EQ(mask_snippet("90-1234 og mere"), "XX-XXXX og mere");
  EXPECT_EQ(mask_snippet("mere 0101"), "mere XXXX");
}

TEST(Masking, SnippetKeepsOtherNumbersAndWords) {
  EXPECT_EQ(mask_snippet("x beløb 1.250,00 kr. den 12.03.2021 y"), "x beløb 1.250,00 kr. den 12.03.2021 y");
}

TEST(Masking, SnippetFlattensWhitespace) { EXPECT_EQ(mask_snippet("a\n\n\tb\r\nc"), "a b c"); }

}  // namespace
}  // namespace datavagt
