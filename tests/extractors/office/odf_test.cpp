#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "core/utf8.h"
#include "tests/extractors/extract_util.h"
#include "tests/support/make_archive.h"
#include "tests/support/temp_dir.h"

namespace datavagt {
namespace {

using OdfOutput = testing::Recorded;

// The extractor of the sniffed format, as a scan runs it (`expect`: what the sniffer must say); reading the
// file in one go and in 7-byte reads must agree.
OdfOutput odf(std::string_view bytes, Limits limits = {}, FormatId expect = FormatId::Odf) {
  const FormatId format = sniff_format(bytes.substr(0, 8192), bytes.size());
  EXPECT_EQ(format_name(format), format_name(expect));
  return testing::record_twice(format, bytes, "sag.odt", limits, 7);
}

std::string fixture(const std::string& name) {
  return testing::read_file(std::string(DATAVAGT_SOURCE_DIR) + "/tests/extractors/fixtures/odf/" + name);
}

TEST(Odf, OdtBodyTableHeaderFooterCommentMetadata) {
  const auto r = odf(fixture("brev.odt"));
  EXPECT_TRUE(r.problems.empty()) << r.problems.front().detail;
  EXPECT_TRUE(r.part_has("body", "Kære Åse Østergård"));
  EXPECT_TRUE(r.part_has("body", "CPR-nummer: 010190-1234 er registreret."));  // split over two spans
  EXPECT_TRUE(r.part_has("body", "Bemærk venligst."));           // the annotation anchored in it is passed on after it
  EXPECT_TRUE(r.part_has("body", "Navn\nBeløb\nJørgen\n1200"));  // table cells are separate words
  EXPECT_TRUE(r.part_has("header", "Sagsbehandler Søren Ærø"));
  EXPECT_TRUE(r.part_has("footer", "Kommunen, Rådhuset"));
  EXPECT_TRUE(r.part_has("comment", "Kommentar om diagnose"));
  EXPECT_TRUE(r.part_has("footnote", "Fodnote om bopæl"));
  EXPECT_TRUE(r.part_has("body", "Kære Åse Østergård\n"));  // no footnote mark ("1") glued to the word
  EXPECT_FALSE(r.part_has("body", "Kommentar om diagnose"));
  EXPECT_FALSE(r.has("Standard"));  // attribute values are not text
  EXPECT_FALSE(r.has("Kim"));       // nor the annotation's author and date
  EXPECT_TRUE(r.part_has("metadata", "Afgørelse om hjælp"));
  EXPECT_FALSE(r.has("LibreOffice"));  // meta:generator
}

TEST(Odf, EdgeCasesWithoutMimetype) {
  const auto r = odf(fixture("edge.odt"));
  EXPECT_TRUE(r.problems.empty());
  EXPECT_TRUE(r.part_has("body", "Overskrift\n"));
  EXPECT_TRUE(r.part_has("body", "Borger 010190-1234\n"));  // spans and an annotation inside the number
  EXPECT_TRUE(r.part_has("comment", "note om sagen"));
  EXPECT_TRUE(r.part_has("body", "før efter\nnæste sidst"));  // tab, line break, text:s
  EXPECT_TRUE(r.part_has("body", "punkt æøå"));
  EXPECT_FALSE(r.has("Kim"));
}

TEST(Odf, OdsSheetNamesAndPaddedNumbers) {
  const auto r = odf(fixture("regnskab.ods"));
  EXPECT_TRUE(r.problems.empty());
  EXPECT_TRUE(r.part_has("sheet Budget", "Ældrepleje"));
  EXPECT_TRUE(r.part_has("sheet Budget", "25000"));
  EXPECT_TRUE(r.part_has("sheet Borgere", "Søren Ørsted"));
  // 101901234 is the CPR 0101901234 that lost its leading zero: the office:value is also emitted padded.
  EXPECT_TRUE(r.part_has("sheet Borgere", "0101901234"));
  EXPECT_TRUE(r.part_has("sheet Borgere", "0123456789"));
  EXPECT_FALSE(r.part_has("sheet Budget", "Søren Ørsted"));
}

// A spreadsheet that shows the number with its leading zero (format "0000000000"): the ten digits appear once,
// so the CPR is counted once; the same value shown without the zero is padded.
TEST(Odf, OdsPaddedNumberShownOnceWhenTheCellShowsIt) {
  const std::string content =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
      "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
      "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:spreadsheet>"
      "<table:table table:name=\"Ark1\"><table:table-row>"
      "<table:table-cell office:value-type=\"float\" office:value=\"101901234\"><text:p>0101901234</text:p>"
      "</table:table-cell>"
      "<table:table-cell office:value-type=\"float\" office:value=\"202901234\"><text:p>202901234</text:p>"
      "</table:table-cell>"
      "</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>";
  const std::string ods = testing::make_archive(
      testing::ArchiveFormat::StoredZip,
      {{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"}, {"content.xml", content}});
  const auto r = odf(ods);
  EXPECT_TRUE(r.problems.empty());
  const std::string& all = r.text;
  const auto count = [&](std::string_view s) {
    std::size_t n = 0;
    for (auto p = all.find(s); p != std::string::npos; p = all.find(s, p + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("0101901234"), 1u) << all;
  EXPECT_EQ(count("0202901234"), 1u) << all;
}

TEST(Odf, OdpSlidesAndNotes) {
  const auto r = odf(fixture("moede.odp"));
  EXPECT_TRUE(r.problems.empty());
  EXPECT_TRUE(r.part_has("slide 1", "Møde om Åbenrå"));
  EXPECT_TRUE(r.part_has("slide 2", "Anden side: økonomi"));
  EXPECT_TRUE(r.part_has("notes 1", "Husk borger 0101901234"));
  EXPECT_FALSE(r.part_has("slide 1", "Husk borger"));
}

TEST(Odf, EmbeddedObjectAndPictureAreNestedItems) {
  const auto r = odf(fixture("embedded.odt"));
  EXPECT_TRUE(r.problems.empty());
  ASSERT_EQ(r.members.size(), 2u);
  EXPECT_EQ(r.members[0].info.location.members, std::vector<std::string>{"Object 1/content.xml"});
  EXPECT_EQ(r.members[0].info.depth, 1u);
  EXPECT_NE(r.members[0].bytes.find("020202-2222"), std::string::npos);
  EXPECT_EQ(r.members[1].info.location.members, std::vector<std::string>{"Pictures/billede.txt"});
  EXPECT_TRUE(r.part_has("body", "010190-1234"));
  EXPECT_FALSE(r.has("020202-2222"));  // the object's text is the nested item's, not the document's

  Limits small;
  small.max_buffered_member_bytes = 10;
  const auto limited = odf(fixture("embedded.odt"), small);
  EXPECT_TRUE(limited.members.empty());
  EXPECT_TRUE(limited.has_problem(ProblemKind::Limit));
  EXPECT_TRUE(limited.part_has("body", "010190-1234"));
}

TEST(Odf, EncryptedIsAProblemNotGarbage) {
  const auto r = odf(fixture("encrypted.odt"));
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].kind, ProblemKind::Encrypted);
  EXPECT_TRUE(r.text.empty());
}

TEST(Odf, TruncatedKeepsTextSoFar) {
  const std::string odt = fixture("brev.odt");
  const std::size_t central = odt.find(std::string_view("PK\x01\x02", 4));
  ASSERT_NE(central, std::string::npos);
  for (std::size_t cut : {std::size_t{30}, odt.size() / 2, central - 20}) {
    const auto r = odf(std::string_view(odt).substr(0, cut), {}, cut == 30 ? FormatId::Zip : FormatId::Odf);
    EXPECT_TRUE(r.has_problem(ProblemKind::Corrupt)) << cut;
  }
}

TEST(Odf, TextBudgetAndUnpackedLimit) {
  Limits limits;
  limits.max_text_bytes = 20;
  const auto r = odf(fixture("brev.odt"), limits);
  EXPECT_LE(r.text.size(), 20u);
  EXPECT_TRUE(r.has_problem(ProblemKind::Truncated));

  Limits unpacked;
  unpacked.max_unpacked_bytes = 4000;
  EXPECT_TRUE(odf(fixture("regnskab.ods"), unpacked).has_problem(ProblemKind::Limit));
}

TEST(Odf, GarbageDoesNotCrash) {
  std::string bytes = fixture("moede.odp");
  for (std::size_t i = 200; i < bytes.size(); i += 97) bytes[i] = static_cast<char>(bytes[i] ^ 0x5a);
  const auto r = odf(bytes);
  EXPECT_FALSE(r.problems.empty());
}

}  // namespace
}  // namespace datavagt
