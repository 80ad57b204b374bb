#include <gtest/gtest.h>

#include "tests/extractors/extract_util.h"

namespace datavagt {
namespace {

TEST(TextExtractor, StopsAtTheTextLimitAndSaysSo) {
  Limits limits;
  limits.max_text_bytes = 100;
  std::string text;
  for (int i = 0; i < 100; ++i) text += "Søren ";
  const auto r = testing::extract(text, limits);
  EXPECT_LE(r.text.size(), 100u);
  EXPECT_GE(r.text.size(), 95u);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].kind, ProblemKind::Truncated);
}

TEST(TextExtractor, UnknownBinaryIsScannedAsRawBytes) {
  std::string bin("\x00\x01\x02\xFF\x00\x00", 6);
  bin += "CPR 010190-1234";
  bin += std::string("\x00\x00\x13", 3);
  const auto r = testing::extract(bin);
  EXPECT_NE(r.text.find("010190-1234"), std::string::npos);
}

TEST(TextExtractor, EmptyFileGivesNoText) {
  const auto r = testing::extract("");
  EXPECT_TRUE(r.text.empty());
  EXPECT_TRUE(r.problems.empty());
}

}  // namespace
}  // namespace datavagt
