#include <gtest/gtest.h>

#include <string>

using namespace std::string_literals;

#include "tests/extractors/office/compound_file.h"
#include "tests/extractors/office/ole2_util.h"

namespace datavagt {
namespace {

using testing::ole2;
using testing::ole2_fixture;

TEST(Ole2, Registered) {
  ASSERT_NE(make_extractor(FormatId::Ole2), nullptr);
  EXPECT_EQ(make_extractor(FormatId::Ole2)->name(), "ole2");
}

// A password-protected DOCX/XLSX/PPTX is an OLE2 file holding EncryptionInfo and EncryptedPackage.
TEST(Ole2, PasswordProtectedOfficeFileIsEncrypted) {
  const auto r = ole2(testing::compound_file({{"EncryptionInfo", std::string(200, 'i')},
                                              {"EncryptedPackage", std::string(5000, 'p')}}),
                      "laast.docx");
  EXPECT_TRUE(r.text.empty());
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].kind, ProblemKind::Encrypted);
  EXPECT_NE(r.problems[0].detail.find("password-protected Office file"), std::string::npos);
}

TEST(Ole2, OtherCompoundFilesAreNamedUnsupported) {
  auto r = ole2(testing::compound_file({{"VisioDocument", std::string(600, 'v')}}), "tegning.vsd");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].kind, ProblemKind::UnsupportedFormat);
  EXPECT_NE(r.problems[0].detail.find("Visio"), std::string::npos);
}

TEST(Ole2, GarbageAndTruncatedFilesAreCorrupt) {
  std::string garbage = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + std::string(3000, '\x5A');
  auto r = ole2(garbage);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].kind, ProblemKind::Corrupt);
  const std::string doc = ole2_fixture("brev.doc");
  for (std::size_t n = 512; n < doc.size(); n += 509) {  // every cut: a problem, never a crash
    r = ole2(std::string_view(doc).substr(0, n));
    EXPECT_FALSE(r.problems.empty()) << n;
  }
}

// Embedded objects: an OLE1 Package (a file), an OOXML Package stream, and a workbook stored as the
// object's own storage (handed on as a compound file of its own, which the xls extractor then reads).
TEST(Ole2, EmbeddedObjectsAreNestedItems) {
  auto tree = testing::compound_tree(ole2_fixture("brev.doc"));
  const std::string xlsx = testing::read_file(std::string(DATAVAGT_SOURCE_DIR) +
                                              "/tests/extractors/fixtures/ooxml/regnskab.xlsx");
  tree["ObjectPool/_1/Package"] = xlsx;
  for (const auto& [path, bytes] : testing::compound_tree(ole2_fixture("regnskab.xls")))
    tree["ObjectPool/_2/" + path] = bytes;
  // OLE1 Packager data: signature, label, path, type + length, temporary path, size, the file.
  const std::string file = "bilag 150643-1006";
  std::string native = std::string("\x02\x00", 2) + "bilag.txt" + '\0' + "C:\\bilag.txt" + '\0' +
                       std::string("\x00\x00\x03\x00\x0D\x00\x00\x00", 8) + "C:\\t\\bilag.txt" + '\0';
  const auto n = static_cast<std::uint32_t>(file.size());
  native += std::string{static_cast<char>(n), 0, 0, 0} + file;
  const auto total = static_cast<std::uint32_t>(native.size());
  tree["ObjectPool/_3/\x01Ole10Native"] = std::string{static_cast<char>(total), 0, 0, 0} + native;
  const auto r = ole2(testing::compound_file(tree), "sag.doc");
  EXPECT_TRUE(r.problems.empty()) << r.problems.front().detail;
  ASSERT_EQ(r.members.size(), 3u);
  EXPECT_EQ(r.members[0].info.location.members, std::vector<std::string>{"ObjectPool/_1"});
  EXPECT_EQ(r.members[0].bytes, xlsx);
  EXPECT_EQ(r.members[0].info.depth, 1u);
  EXPECT_EQ(r.members[1].info.location.members, std::vector<std::string>{"ObjectPool/_2"});
  const auto inner = ole2(r.members[1].bytes, "_2");
  EXPECT_TRUE(inner.part_has("sheet Borgere", "0101901234"));
  EXPECT_EQ(r.members[2].bytes, file);
}

}  // namespace
}  // namespace datavagt

namespace datavagt {
namespace {

std::string le16(std::uint16_t v) { return std::string{static_cast<char>(v & 0xFF), static_cast<char>(v >> 8)}; }
std::string le32(std::uint32_t v) { return le16(v & 0xFFFF) + le16(static_cast<std::uint16_t>(v >> 16)); }

// A property set stream with one section: code page 1252, a VT_LPSTR author, a VT_LPWSTR subject, and a
// property whose offset points outside the set.
std::string summary_information() {
  std::string author = le16(0x1E) + le16(0) + le32(12) + "J\xF8rgen Ry\0\0\0"s;   // cp1252 ø
  std::string subject = le16(0x1F) + le16(0) + le32(16);  // 16 UTF-16 characters, the NUL included
  for (char16_t c : std::u16string(u"Sag 150643-1006\0", 16)) subject += le16(c);
  const std::string codepage = le16(0x02) + le16(0) + le16(1252) + le16(0);
  const std::uint32_t header = 8 + 4 * 8;
  std::string body = codepage + author + subject;
  std::string set = le32(header + static_cast<std::uint32_t>(body.size())) + le32(4) +
                    le32(1) + le32(header) + le32(4) + le32(header + 8) +
                    le32(3) + le32(header + 8 + static_cast<std::uint32_t>(author.size())) + le32(5) + le32(999999) + body;
  std::string stream = le16(0xFFFE) + le16(0) + le32(0) + std::string(16, '\0') + le32(1) + std::string(16, 'F') +
                       le32(48) + set;
  return stream;
}

TEST(Ole2, DocumentPropertiesAreText) {
  auto tree = testing::compound_tree(testing::ole2_fixture("regnskab.xls"));
  tree["\x05SummaryInformation"] = summary_information();
  const auto r = testing::ole2(testing::compound_file(tree), "regnskab.xls");
  EXPECT_TRUE(r.problems.empty());
  EXPECT_TRUE(r.part_has("properties", "Jørgen Ry\n"));
  EXPECT_TRUE(r.part_has("properties", "Sag 150643-1006\n"));
  EXPECT_TRUE(r.part_has("sheet Borgere", "0101901234"));
}

}  // namespace
}  // namespace datavagt

namespace datavagt {
namespace {

// Excel keeps embedded objects in MBD* storages at the top; other storages (macros) are not objects.
TEST(Ole2, WorkbookEmbeddedObjectsAreNestedItems) {
  auto tree = testing::compound_tree(testing::ole2_fixture("regnskab.xls"));
  const std::string docx = testing::read_file(std::string(DATAVAGT_SOURCE_DIR) +
                                              "/tests/extractors/fixtures/ooxml/brev.docx");
  tree["MBD0001A2B3/Package"] = docx;
  tree["_VBA_PROJECT_CUR/VBA/dir"] = "not an object";
  const auto r = testing::ole2(testing::compound_file(tree), "regnskab.xls");
  EXPECT_TRUE(r.problems.empty());
  ASSERT_EQ(r.members.size(), 1u);
  EXPECT_EQ(r.members[0].info.location.members, std::vector<std::string>{"MBD0001A2B3"});
  EXPECT_EQ(r.members[0].bytes, docx);
  EXPECT_TRUE(r.part_has("sheet Borgere", "0101901234"));
}

}  // namespace
}  // namespace datavagt
