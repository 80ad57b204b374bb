#include <sys/stat.h>
#include <sys/time.h>

#include <gtest/gtest.h>

#include <string>

#include "tests/extractors/office/compound_file.h"
#include "tests/extractors/office/ole2_util.h"

namespace datavagt {
namespace {

using testing::ole2;
using testing::ole2_fixture;

// brev.doc: LibreOffice's Word 97 export of brev.fodt (make_fixtures.sh).
TEST(Doc, BodyTableHeaderFooterFootnoteComment) {
  const auto r = ole2(ole2_fixture("brev.doc"));
  EXPECT_TRUE(r.problems.empty()) << r.problems.front().detail;
  EXPECT_TRUE(r.part_has("body", "Kære Åse Østergård"));
  EXPECT_TRUE(r.part_has("body", "CPR-nummer: 010190-1234 er registreret."));  // split over two runs
  EXPECT_TRUE(r.part_has("body", "Bemærk venligst."));
  EXPECT_TRUE(r.part_has("body", "Navn\tCPR\t"));          // cell marks separate the cells
  EXPECT_TRUE(r.part_has("body", "Jørgen\t311299-4321\t"));  // a CPR in a table cell
  EXPECT_TRUE(r.part_has("body", "Med venlig hilsen \xF0\x9D\x94\x84 (uden for BMP)"));  // a surrogate pair
  EXPECT_TRUE(r.part_has("header", "Sagsbehandler Søren Ærø, sag 150643-1006"));
  EXPECT_TRUE(r.part_has("header", "Kommunen, Rådhuset, side 1"));  // footer, with a page number field's result
  EXPECT_TRUE(r.part_has("footnote", "Fodnote om bopæl"));
  EXPECT_TRUE(r.part_has("comment", "Kommentar om diagnose"));
  EXPECT_TRUE(r.part_has("properties", "Afgørelse om hjælp"));  // the title, from \5SummaryInformation
}

TEST(Doc, FieldCodesAreNotText) {
  const auto r = ole2(ole2_fixture("brev.doc"));
  EXPECT_TRUE(r.part_has("body", "Se vejledningen først."));  // a hyperlink field's result
  EXPECT_FALSE(r.has("skjultadresse"));                       // its code (the URL)
  EXPECT_FALSE(r.has("HYPERLINK"));
  EXPECT_FALSE(r.has("PAGE"));
}

TEST(Doc, ReadFromDisk) {
  const auto r = testing::ole2_file(testing::ole2_fixture_path("brev.doc"));
  EXPECT_TRUE(r.problems.empty());
  EXPECT_TRUE(r.part_has("header", "150643-1006"));
}

// An on-disk file larger than the buffer bound is read with pread() on the scanner's own descriptor (libgsf
// asks for the blocks it needs); only its streams are buffered.
TEST(Doc, OnDiskFileLargerThanTheBufferIsReadThroughItsDescriptor) {
  const std::string bytes = ole2_fixture("brev.doc");
  testing::TempDir t;
  const std::string path = t.write("brev.doc", bytes);
  struct timeval times[2] = {{1000000000, 0}, {1600000000, 0}};  // atime older than mtime: relatime would update it
  ASSERT_EQ(::utimes(path.c_str(), times), 0);
  Limits small;
  small.max_buffered_member_bytes = bytes.size() - 1;
  const auto r = testing::ole2_file(path, small);
  EXPECT_TRUE(r.problems.empty()) << r.problems.front().detail;
  EXPECT_TRUE(r.part_has("header", "150643-1006"));
  EXPECT_TRUE(r.part_has("body", "Jørgen\t311299-4321"));
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_atim.tv_sec, 1000000000);  // read through the scanner's O_NOATIME descriptor
}

TEST(Doc, InsideAnotherItemLargerThanTheBufferIsALimit) {
  Limits small;
  small.max_buffered_member_bytes = 4096;
  const auto r = ole2(ole2_fixture("brev.doc"), "sag.doc", small);
  EXPECT_TRUE(r.text.empty());
  EXPECT_TRUE(r.has_problem(ProblemKind::Limit));
}

TEST(Doc, EncryptedFlagIsEncrypted) {
  auto tree = testing::compound_tree(ole2_fixture("brev.doc"));
  ASSERT_TRUE(tree.count("WordDocument"));
  tree["WordDocument"][0x0B] = static_cast<char>(tree["WordDocument"][0x0B] | 0x01);  // fEncrypted (0x0100)
  const auto r = ole2(testing::compound_file(tree));
  EXPECT_EQ(r.parts.count("body"), 0u);  // the document properties (not encrypted here) are read
  ASSERT_TRUE(r.has_problem(ProblemKind::Encrypted));
  EXPECT_NE(r.problems.front().detail.find("password"), std::string::npos);
}

TEST(Doc, DamagedPieceTableIsCorruptNeverACrash) {
  auto tree = testing::compound_tree(ole2_fixture("brev.doc"));
  const std::string table = tree.count("1Table") ? "1Table" : "0Table";
  ASSERT_TRUE(tree.count(table));
  tree[table] = tree[table].substr(0, tree[table].size() / 2);  // the piece table is near its end
  auto r = ole2(testing::compound_file(tree));
  EXPECT_TRUE(r.has_problem(ProblemKind::Corrupt));
  // The WordDocument stream cut short: the pieces point past its end.
  tree = testing::compound_tree(ole2_fixture("brev.doc"));
  tree["WordDocument"] = tree["WordDocument"].substr(0, 0x700);
  r = ole2(testing::compound_file(tree));
  EXPECT_TRUE(r.has_problem(ProblemKind::Corrupt));
  // Every prefix of the FIB.
  for (std::size_t n = 0; n < 0x400; n += 7) {
    tree = testing::compound_tree(ole2_fixture("brev.doc"));
    tree["WordDocument"] = tree["WordDocument"].substr(0, n);
    r = ole2(testing::compound_file(tree));
    EXPECT_TRUE(r.has_problem(ProblemKind::Corrupt)) << n;
  }
}

}  // namespace
}  // namespace datavagt

namespace datavagt {
namespace {

TEST(Doc, TextBudgetTruncates) {
  Limits limits;
  limits.max_text_bytes = 40;
  const auto r = testing::ole2(testing::ole2_fixture("brev.doc"), "sag.doc", limits);
  EXPECT_LE(r.text.size(), 40u);
  EXPECT_TRUE(r.has_problem(ProblemKind::Truncated));
}

}  // namespace
}  // namespace datavagt
