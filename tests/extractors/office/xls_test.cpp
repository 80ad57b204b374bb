#include <gtest/gtest.h>

#include <string>

#include "tests/extractors/office/compound_file.h"
#include "tests/extractors/office/ole2_util.h"

namespace datavagt {
namespace {

using testing::ole2;
using testing::ole2_fixture;

std::string record(std::uint16_t type, std::string_view data) {
  std::string r;
  r += static_cast<char>(type & 0xFF);
  r += static_cast<char>(type >> 8);
  r += static_cast<char>(data.size() & 0xFF);
  r += static_cast<char>(data.size() >> 8);
  r += data;
  return r;
}

std::string u16(std::uint16_t v) { return std::string{static_cast<char>(v & 0xFF), static_cast<char>(v >> 8)}; }
std::string u32(std::uint32_t v) { return u16(v & 0xFFFF) + u16(static_cast<std::uint16_t>(v >> 16)); }

const std::string kBof = record(0x0809, u16(0x0600) + u16(0x0005) + std::string(12, '\0'));
const std::string kEof = record(0x000A, "");

// regnskab.xls: LibreOffice's Excel 97 export of ../ooxml/regnskab.fods (make_fixtures.sh).
TEST(Xls, SheetNamesSharedStringsAndPaddedNumbers) {
  const auto r = ole2(ole2_fixture("regnskab.xls"), "regnskab.xls");
  EXPECT_TRUE(r.problems.empty()) << r.problems.front().detail;
  EXPECT_TRUE(r.part_has("sheet Budget", "Ældrepleje"));
  EXPECT_TRUE(r.part_has("sheet Budget", "25000"));
  EXPECT_TRUE(r.part_has("sheet Borgere", "Søren Ørsted"));
  // 101901234 in a "0000000000" cell is the CPR 0101901234 that lost its leading zero.
  EXPECT_TRUE(r.part_has("sheet Borgere", "101901234"));
  EXPECT_TRUE(r.part_has("sheet Borgere", "0101901234"));
  // A 9-digit number in a General cell is padded too (a CPR column imported from CSV).
  EXPECT_TRUE(r.part_has("sheet Borgere", "0123456789"));
  EXPECT_FALSE(r.has("DejaVu"));  // header and footer codes are not text
  EXPECT_EQ(r.parts.count("shared strings"), 0u);  // every string is used by a cell
}

// A shared string split over an SST and a CONTINUE record, switching from 8-bit to UTF-16 at the split, with
// rich-text runs and phonetic data; strings no cell uses come last as `shared strings`; number cells as RK,
// MULRK and NUMBER; a 9-digit number in a currency cell is not padded.
TEST(Xls, ContinuedSharedStringsAndNumberRecords) {
  // String 0: "Borger 0101" (8-bit) + "90-1234 ø€" (UTF-16, in the CONTINUE), 1 rich run, 4 bytes phonetic.
  std::string s0 = u16(21) + std::string(1, 0x0C) + u16(1) + u32(4) + "Borger 0101";
  std::string cont = std::string(1, 0x01);
  for (char16_t c : std::u16string(u"90-1234 ø€")) cont += u16(static_cast<std::uint16_t>(c));
  cont += u32(0) + "PHON";  // the rich run, then the phonetic data
  std::string s1 = u16(6) + std::string(1, 0x00) + "Ubrugt";
  std::string sst = record(0x00FC, u32(2) + u32(2) + s0) + record(0x003C, cont + s1);
  const std::string xf0 = record(0x00E0, u16(0) + u16(0) + std::string(16, '\0'));   // General
  const std::string xf1 = record(0x00E0, u16(0) + u16(7) + std::string(16, '\0'));   // currency (built-in 7)
  const std::string sheet_name = "Ark æ";
  auto globals_with = [&](std::uint32_t sheet_at) {
    const std::string boundsheet = u32(sheet_at) + std::string(2, '\0') + std::string(1, 5) + std::string(1, 0) + "Ark \xE6";
    return kBof + xf0 + xf1 + record(0x0085, boundsheet) + sst + kEof;
  };
  const std::string globals = globals_with(static_cast<std::uint32_t>(globals_with(0).size()));
  const std::string rk_int = u32((101901234u << 2) | 2);  // integer RK
  const std::string sheet = kBof + record(0x00FD, u16(0) + u16(0) + u16(0) + u32(0)) +
                            record(0x027E, u16(1) + u16(0) + u16(0) + rk_int) +
                            record(0x00BD, u16(2) + u16(0) + u16(1) + rk_int + u16(0) + u32((42u << 2) | 2) + u16(1)) +
                            kEof;
  const auto r = ole2(testing::compound_file({{"Workbook", globals + sheet}}), "ark.xls");
  EXPECT_TRUE(r.problems.empty()) << r.problems.front().detail;
  EXPECT_TRUE(r.part_has("sheet " + sheet_name, "Borger 010190-1234 ø€\n")) << r.text;
  EXPECT_FALSE(r.has("PHON"));
  EXPECT_TRUE(r.part_has("sheet " + sheet_name, "101901234\n0101901234"));  // RK in a General cell
  EXPECT_TRUE(r.part_has("sheet " + sheet_name, "42"));
  EXPECT_EQ(r.text.find("0101901234"), r.text.rfind("0101901234"));  // the MULRK's currency cell: not padded
  EXPECT_TRUE(r.part_has("shared strings", "Ubrugt"));
}

TEST(Xls, FilePassIsEncrypted) {
  const std::string stream = kBof + record(0x002F, u16(1) + std::string(52, 'x')) + kEof;
  const auto r = ole2(testing::compound_file({{"Workbook", stream}}), "laast.xls");
  EXPECT_TRUE(r.text.empty());
  ASSERT_TRUE(r.has_problem(ProblemKind::Encrypted));
  EXPECT_NE(r.problems.front().detail.find("password"), std::string::npos);
}

TEST(Xls, TruncatedStreamKeepsWhatWasRead) {
  auto tree = testing::compound_tree(ole2_fixture("regnskab.xls"));
  ASSERT_TRUE(tree.count("Workbook"));
  const std::string whole = tree["Workbook"];
  for (std::size_t n = 0; n < whole.size(); n += 13) {  // every cut: no crash, valid UTF-8
    tree["Workbook"] = whole.substr(0, n);
    (void)ole2(testing::compound_file(tree), "regnskab.xls");
  }
  tree["Workbook"] = whole.substr(0, whole.size() - 3);
  const auto r = ole2(testing::compound_file(tree), "regnskab.xls");
  EXPECT_TRUE(r.has_problem(ProblemKind::Corrupt));
  EXPECT_TRUE(r.part_has("sheet Budget", "Ældrepleje"));
}

}  // namespace
}  // namespace datavagt
