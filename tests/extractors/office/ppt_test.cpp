#include <gtest/gtest.h>
#include <zlib.h>

#include <string>

#include "tests/extractors/office/compound_file.h"
#include "tests/extractors/office/ole2_util.h"

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

namespace datavagt {
namespace {

std::string ppt_record(std::uint16_t ver_inst, std::uint16_t type, std::string_view body) {
  std::string r;
  for (std::uint32_t v : {std::uint32_t{ver_inst} | std::uint32_t{type} << 16, static_cast<std::uint32_t>(body.size())})
    for (int i = 0; i < 4; ++i) r += static_cast<char>(v >> (8 * i) & 0xFF);
  return r + std::string(body);
}

// An embedded workbook (ExOleObjStg, zlib-compressed) is handed on as "object 1", a compound file the xls
// extractor reads; one stored uncompressed as "object 2"; one whose data is not zlib is corrupt.
TEST(Ppt, EmbeddedOleObjectsAreNestedItems) {
  auto tree = testing::compound_tree(ole2_fixture("moede.ppt"));
  const std::string workbook = ole2_fixture("regnskab.xls");
  std::string packed(compressBound(workbook.size()), '\0');
  uLongf packed_size = packed.size();
  ASSERT_EQ(compress(reinterpret_cast<Bytef*>(packed.data()), &packed_size,
                     reinterpret_cast<const Bytef*>(workbook.data()), workbook.size()),
            Z_OK);
  packed.resize(packed_size);
  const auto n = static_cast<std::uint32_t>(workbook.size());
  const std::string size{static_cast<char>(n & 0xFF), static_cast<char>(n >> 8 & 0xFF), static_cast<char>(n >> 16), 0};
  tree["PowerPoint Document"] += ppt_record(0x0010, 0x1011, size + packed) + ppt_record(0x0000, 0x1011, workbook) +
                                 ppt_record(0x0010, 0x1011, size + "not zlib");
  const auto r = ole2(testing::compound_file(tree), "moede.ppt");
  EXPECT_TRUE(r.part_has("slide 1", "Møde om Åbenrå"));
  ASSERT_EQ(r.members.size(), 2u);
  EXPECT_EQ(r.members[0].info.location.members, std::vector<std::string>{"object 1"});
  EXPECT_EQ(r.members[0].bytes, workbook);
  EXPECT_EQ(r.members[1].bytes, workbook);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].kind, ProblemKind::Corrupt);
  EXPECT_EQ(r.problems[0].members, std::vector<std::string>{"object 3"});
  EXPECT_TRUE(ole2(r.members[0].bytes, "object 1").part_has("sheet Borgere", "0101901234"));
}

// An embedded object's storage on its own (what ExOleObjStg or RTF's \objdata holds for an embedded XLSX):
// the file inside.
TEST(Ppt, ObjectStorageHandsOnItsPackage) {
  const std::string xlsx = testing::read_file(std::string(DATAVAGT_SOURCE_DIR) +
                                              "/tests/extractors/fixtures/ooxml/regnskab.xlsx");
  const auto r = ole2(testing::compound_file({{"Package", xlsx}, {"\x01" "CompObj", "x"}}), "object 1");
  EXPECT_TRUE(r.problems.empty());
  ASSERT_EQ(r.members.size(), 1u);
  EXPECT_EQ(r.members[0].info.location.members, std::vector<std::string>{"Package"});
  EXPECT_EQ(r.members[0].bytes, xlsx);
}

}  // namespace
}  // namespace datavagt
