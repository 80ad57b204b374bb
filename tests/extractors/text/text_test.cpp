#include <gtest/gtest.h>

#include "extractors/text/binary_strings.h"
#include "tests/extractors/extract_util.h"
#include "tests/support/temp_dir.h"

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

std::string binary_fixture(const std::string& name) {
  return testing::read_file(std::string(DATAVAGT_SOURCE_DIR) + "/tests/extractors/fixtures/binary/" + name);
}

// Issue 15, item 3: the text runs of an unknown binary, 8-bit and UTF-16LE (make_binaries.py). Before: the
// UTF-16 text of notesbog.one came out as letters between NULs ("1\0 5\0 0\0 …"), no CPR number, no words.
TEST(BinaryStrings, Utf16AndEightBitRunsOfUnknownBinaries) {
  const auto one = testing::extract(binary_fixture("notesbog.one"));
  EXPECT_NE(one.text.find("Borgeren Søren Ærø fra Åbenrå har CPR 150643-1006\n"), std::string::npos) << one.text;
  EXPECT_NE(one.text.find("Misbrug af alkohol, se journal\n"), std::string::npos);
  EXPECT_EQ(one.text.find('\0'), std::string::npos);
  const auto dat = testing::extract(binary_fixture("program.dat"));
  EXPECT_NE(dat.text.find("Sagsbehandler: Jørgen Æbel\n"), std::string::npos) << dat.text;
  EXPECT_NE(dat.text.find("CPR 150643-1006\n"), std::string::npos);
}

// The runs do not depend on where the bytes are cut; short runs are dropped; a long run comes in parts.
TEST(BinaryStrings, PiecesRunsAndBounds) {
  const std::string bytes = binary_fixture("notesbog.one");
  const auto whole = [&](std::size_t piece) {
    std::string out;
    BinaryStrings s([&](std::string_view run) {
      out.append(run);
      return true;
    });
    for (std::size_t at = 0; at < bytes.size(); at += piece) s.feed(std::string_view(bytes).substr(at, piece));
    s.finish();
    return out;
  };
  const std::string expected = whole(bytes.size());
  for (std::size_t piece : {1, 2, 3, 7, 4096}) EXPECT_EQ(whole(piece), expected) << piece;
  std::string runs;
  BinaryStrings s([&](std::string_view run) {
    runs.append(run);
    return true;
  });
  s.feed(std::string("ab\x01" "abc\x01" "abcd\x01", 12));
  s.finish();
  EXPECT_EQ(runs, "abcd\n");
  std::size_t calls = 0;
  BinaryStrings big([&](std::string_view run) {
    EXPECT_LE(run.size(), BinaryStrings::kMaxRunBytes + 4);
    return ++calls < 2;  // stop after the second part: feeding says so
  });
  EXPECT_FALSE(big.feed(std::string(3 * BinaryStrings::kMaxRunBytes, 'x')));
  EXPECT_EQ(calls, 2u);
}

TEST(TextExtractor, EmptyFileGivesNoText) {
  const auto r = testing::extract("");
  EXPECT_TRUE(r.text.empty());
  EXPECT_TRUE(r.problems.empty());
}

}  // namespace
}  // namespace datavagt
