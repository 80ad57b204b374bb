#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "core/utf8.h"
#include "tests/extractors/extract_util.h"
#include "tests/support/temp_dir.h"

namespace datavagt {
namespace {

using OoxmlOutput = testing::Recorded;

// The extractor of the sniffed format, as a scan runs it (`expect`: what the sniffer must say); reading the
// file in one go and in 7-byte reads must agree.
OoxmlOutput ooxml(std::string_view bytes, Limits limits = {}, FormatId expect = FormatId::Ooxml) {
  const FormatId format = sniff_format(bytes.substr(0, 8192), bytes.size());
  EXPECT_EQ(format_name(format), format_name(expect));
  return testing::record_twice(format, bytes, "sag.docx", limits, 7);
}

std::string fixture(const std::string& name) {
  return testing::read_file(std::string(DATAVAGT_SOURCE_DIR) + "/tests/extractors/fixtures/ooxml/" + name);
}

TEST(Ooxml, DocxBodyTableHeaderFooterFootnoteComment) {
  const auto r = ooxml(fixture("brev.docx"));
  EXPECT_TRUE(r.problems.empty()) << r.problems.front().detail;
  EXPECT_TRUE(r.part_has("body", "Kære Åse Østergård"));
  EXPECT_TRUE(r.part_has("body", "CPR-nummer: 010190-1234 er registreret."));  // split over two runs
  EXPECT_TRUE(r.part_has("body", "Bemærk venligst."));
  EXPECT_TRUE(r.part_has("body", "Navn\nBeløb\nJørgen\n1200"));  // table cells are separate words
  EXPECT_TRUE(r.part_has("header", "Sagsbehandler Søren Ærø"));
  EXPECT_TRUE(r.part_has("footer", "Kommunen, Rådhuset"));
  EXPECT_TRUE(r.part_has("footnote", "Fodnote om bopæl"));
  EXPECT_TRUE(r.part_has("comment", "Kommentar om diagnose"));
  EXPECT_FALSE(r.has("FootnoteAnchor"));  // attribute values are not text
}

TEST(Ooxml, DocxEdgeCases) {
  const auto r = ooxml(fixture("edge.docx"));
  EXPECT_TRUE(r.problems.empty());
  EXPECT_TRUE(r.has("Borger 010190-1234\n"));  // three runs join into one word
  EXPECT_TRUE(r.has("før\nefter\nnæste"));     // tab and break separate words
  EXPECT_TRUE(r.has("slettet"));               // tracked deletions still hold data
  EXPECT_FALSE(r.has("PAGE"));                 // field codes are not text
  const auto first = r.text.find("Tekstboks");
  ASSERT_NE(first, std::string::npos);
  EXPECT_EQ(r.text.find("Tekstboks", first + 1), std::string::npos) << "text box read twice (mc:Fallback)";
}

TEST(Ooxml, PartsInOtherEncodingsGoThroughLibxml2) {
  const auto r = ooxml(fixture("encodings.docx"));
  EXPECT_TRUE(r.problems.empty());
  EXPECT_TRUE(r.part_has("body", "Brev til Åse, CPR 150643-1006"));     // UTF-16
  EXPECT_TRUE(r.part_has("header", "Sagsbehandler Søren Ærø"));          // ISO-8859-1
  EXPECT_TRUE(r.part_has("footer", "Rådhuset & Co<Kommune>"));  // UTF-8: references, CDATA
}

TEST(Ooxml, XlsxSheetsSharedStringsAndPaddedNumbers) {
  const auto r = ooxml(fixture("regnskab.xlsx"));
  EXPECT_TRUE(r.problems.empty());
  EXPECT_TRUE(r.part_has("shared strings", "Ældrepleje"));
  EXPECT_TRUE(r.part_has("shared strings", "Søren Ørsted"));
  EXPECT_TRUE(r.part_has("sheet Budget", "25000"));
  // 101901234 in a "0000000000" cell is the CPR 0101901234 that lost its leading zero.
  EXPECT_TRUE(r.part_has("sheet Borgere", "101901234"));
  EXPECT_TRUE(r.part_has("sheet Borgere", "0101901234"));
  // A 9-digit number in a General cell is padded too: a CPR column imported from CSV shows 9 digits.
  EXPECT_TRUE(r.part_has("sheet Borgere", "123456789"));
  EXPECT_TRUE(r.has("0123456789"));
}

// Excel writes styles.xml after the sheets: a 9-digit number's format is not known yet, so it is emitted
// both as written and zero-padded. The sheet names come from the workbook's relationships.
TEST(Ooxml, XlsxInExcelsMemberOrder) {
  const auto r = ooxml(fixture("excel_order.xlsx"));
  EXPECT_TRUE(r.problems.empty());
  EXPECT_TRUE(r.part_has("sheet Budget", "25000"));
  EXPECT_TRUE(r.part_has("sheet Borgere", "0101901234"));
  EXPECT_TRUE(r.part_has("sheet Borgere", "0123456789"));
  EXPECT_TRUE(r.part_has("shared strings", "Søren Ørsted"));
}

TEST(Ooxml, PptxSlidesAndNotes) {
  const auto r = ooxml(fixture("moede.pptx"));
  EXPECT_TRUE(r.problems.empty());
  EXPECT_TRUE(r.part_has("slide 1", "Møde om Åbenrå"));
  EXPECT_TRUE(r.part_has("slide 2", "Anden side: økonomi"));
  EXPECT_TRUE(r.part_has("notes 1", "Husk borger 0101901234"));
}

TEST(Ooxml, EmbeddedObjectIsNestedItem) {
  const auto r = ooxml(fixture("embedded.docx"));
  EXPECT_TRUE(r.problems.empty());
  ASSERT_EQ(r.members.size(), 1u);
  EXPECT_EQ(r.members[0].info.location.members, std::vector<std::string>{"word/embeddings/regnskab.xlsx"});
  EXPECT_EQ(r.members[0].info.depth, 1u);
  EXPECT_EQ(r.members[0].bytes, fixture("regnskab.xlsx"));
  EXPECT_TRUE(r.part_has("body", "010190-1234"));

  Limits small;
  small.max_buffered_member_bytes = 1000;
  const auto limited = ooxml(fixture("embedded.docx"), small);
  EXPECT_TRUE(limited.members.empty());
  ASSERT_TRUE(limited.has_problem(ProblemKind::Limit));
  EXPECT_EQ(limited.problems[0].members, std::vector<std::string>{"word/embeddings/regnskab.xlsx"});
  EXPECT_TRUE(limited.part_has("body", "010190-1234"));  // the rest is still read
}

// A zip whose first member is no Office or ODF part is an archive: its members are scanned as items.
// A zip whose first member is no document part is an archive: the sniffer names it so, and its members are
// items of their own.
TEST(Ooxml, PlainZipIsAnArchive) {
  const auto r = ooxml(fixture("plain.zip"), {}, FormatId::Zip);
  EXPECT_TRUE(r.text.empty());
  EXPECT_TRUE(r.problems.empty());
  ASSERT_EQ(r.members.size(), 2u);
  EXPECT_EQ(r.members[0].info.location.members, std::vector<std::string>{"noter.txt"});
  EXPECT_EQ(r.members[1].info.location.members, std::vector<std::string>{"billeder/readme.txt"});
}

TEST(Ooxml, TruncatedZipKeepsTextSoFar) {
  const std::string docx = fixture("brev.docx");
  // Cut in the first header, in the middle, and in the last member's data (a cut in the central directory
  // goes unnoticed: members are read from their local headers, and all of them are whole).
  const std::size_t central = docx.find(std::string_view("PK\x01\x02", 4));
  ASSERT_NE(central, std::string::npos);
  // Cut inside the first member's name: not known to be a document, a damaged archive.
  for (std::size_t cut : {std::size_t{30}, docx.size() / 2, central - 20}) {
    const auto r = ooxml(std::string_view(docx).substr(0, cut), {}, cut == 30 ? FormatId::Zip : FormatId::Ooxml);
    EXPECT_TRUE(r.has_problem(ProblemKind::Corrupt)) << cut;
    EXPECT_FALSE(r.has_problem(ProblemKind::UnsupportedFormat)) << cut;
    if (cut > docx.size() / 2) {
      EXPECT_TRUE(r.part_has("body", "010190-1234")) << cut;
    }
  }
}

TEST(Ooxml, EncryptedMemberIsReported) {
  const auto r = ooxml(fixture("encrypted.docx"));
  ASSERT_TRUE(r.has_problem(ProblemKind::Encrypted));
  for (const auto& p : r.problems) {
    if (p.kind == ProblemKind::Encrypted) {
      EXPECT_EQ(p.members, std::vector<std::string>{"word/document.xml"});
    }
  }
  EXPECT_FALSE(r.has("Borger"));
  EXPECT_FALSE(r.has_problem(ProblemKind::UnsupportedFormat));
}

TEST(Ooxml, DtdEndsThePartButNotTheDocument) {
  const auto r = ooxml(fixture("doctype.docx"));
  EXPECT_TRUE(r.has_problem(ProblemKind::Corrupt));
  EXPECT_FALSE(r.has("haha"));  // no entity is expanded
  EXPECT_TRUE(r.part_has("header", "Sidehoved"));
}

TEST(Ooxml, UnpackedBytesAreBounded) {
  Limits limits;
  limits.max_unpacked_bytes = 4000;
  const auto r = ooxml(fixture("brev.docx"), limits);
  EXPECT_TRUE(r.has_problem(ProblemKind::Limit));
}

TEST(Ooxml, BombInAPartNotReadIsBounded) {
  const std::string bomb = fixture("bomb.docx");
  EXPECT_TRUE(ooxml(bomb).problems.empty());
  Limits limits;
  limits.max_unpacked_bytes = 1 << 20;
  const auto r = ooxml(bomb, limits);
  EXPECT_TRUE(r.has_problem(ProblemKind::Limit));
  EXPECT_TRUE(r.has("010190-1234"));  // read before the bomb
}

TEST(Ooxml, TextBudget) {
  Limits limits;
  limits.max_text_bytes = 20;
  const auto r = ooxml(fixture("brev.docx"), limits);
  EXPECT_LE(r.text.size(), 20u);
  EXPECT_TRUE(r.has_problem(ProblemKind::Truncated));
}

TEST(Ooxml, GarbageAfterZipSignatureDoesNotCrash) {
  std::string bytes = fixture("brev.docx");
  for (std::size_t i = 200; i < bytes.size(); i += 97) bytes[i] = static_cast<char>(bytes[i] ^ 0x5a);
  const auto r = ooxml(bytes);
  EXPECT_FALSE(r.problems.empty());
}

}  // namespace
}  // namespace datavagt
