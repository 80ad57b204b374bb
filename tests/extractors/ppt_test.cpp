#include <gtest/gtest.h>

#include <string>

#include "tests/extractors/compound_file.h"
#include "tests/extractors/ole2_util.h"

namespace datavagt {
namespace {

using testing::ole2;
using testing::ole2_fixture;

// moede.ppt: LibreOffice's PowerPoint 97 export of moede.fodp (make_fixtures.sh).
TEST(Ppt, SlidesAndNotesWithTheirNumbers) {
  const auto r = ole2(ole2_fixture("moede.ppt"), "moede.ppt");
  EXPECT_TRUE(r.problems.empty()) << r.problems.front().detail;
  EXPECT_TRUE(r.part_has("slide 1", "Møde om Åbenrå"));  // TextBytesAtom (8-bit)
  // TextCharsAtom (UTF-16): characters outside Latin-1.
  EXPECT_TRUE(r.part_has("slide 2", "Anden side: økonomi – 5 € til Łukasz 150643-1006"));
  EXPECT_TRUE(r.part_has("notes 1", "Husk borger 0101901234"));
  EXPECT_FALSE(r.has("___PPT"));  // names of binary tags are not text
}

TEST(Ppt, EncryptedPresentation) {
  auto tree = testing::compound_tree(ole2_fixture("moede.ppt"));
  ASSERT_TRUE(tree.count("PowerPoint Document"));
  tree["EncryptedSummary"] = std::string(64, 'x');
  const auto r = ole2(testing::compound_file(tree), "laast.ppt");
  EXPECT_EQ(r.parts.count("slide 1"), 0u);
  EXPECT_TRUE(r.has_problem(ProblemKind::Encrypted));
}

TEST(Ppt, TruncatedStreamKeepsWhatWasRead) {
  auto tree = testing::compound_tree(ole2_fixture("moede.ppt"));
  const std::string whole = tree["PowerPoint Document"];
  for (std::size_t n = 0; n < whole.size(); n += 97) {  // every cut: no crash, valid UTF-8
    tree["PowerPoint Document"] = whole.substr(0, n);
    (void)ole2(testing::compound_file(tree), "moede.ppt");
  }
  tree["PowerPoint Document"] = whole.substr(0, whole.size() - 5);
  const auto r = ole2(testing::compound_file(tree), "moede.ppt");
  EXPECT_TRUE(r.has_problem(ProblemKind::Corrupt));
}

}  // namespace
}  // namespace datavagt
