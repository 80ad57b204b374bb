#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/utf8.h"
#include "extractors/office/ole1_object.h"
#include "tests/extractors/extract_util.h"
#include "tests/support/temp_dir.h"

namespace datavagt {
namespace {

using RtfOutput = testing::Recorded;

// Reading the file whole and one byte per read must give the same result.
RtfOutput rtf(std::string_view bytes, Limits limits = {}) {
  return testing::record_twice(FormatId::Rtf, bytes, "brev.rtf", limits, 1);
}

std::string fixture(const std::string& name) {
  return testing::read_file(std::string(DATAVAGT_SOURCE_DIR) + "/tests/extractors/fixtures/rtf/" + name);
}

// An OLE1 embedded object (MS-OLEDS 2.2.5) of `class_name` around `native`, as RTF's \objdata carries it.
std::string ole1(std::string_view class_name, std::string_view native) {
  auto u32 = [](std::uint32_t v) {
    std::string s(4, '\0');
    for (int i = 0; i < 4; ++i) s[i] = static_cast<char>(v >> (8 * i));
    return s;
  };
  auto prefixed = [&](std::string_view s) { return u32(static_cast<std::uint32_t>(s.size() + 1)) + std::string(s) + '\0'; };
  return u32(0x0501) + u32(2) + prefixed(class_name) + prefixed("") + prefixed("") +
         u32(static_cast<std::uint32_t>(native.size())) + std::string(native) + u32(0x0501) + u32(0);
}

// Packager native data holding `file`.
std::string package(std::string_view file) {
  std::string s("\x02\x00", 2);
  s += std::string("brev.txt") + '\0' + "C:\\Sager\\brev.txt" + '\0';
  s += std::string("\x00\x00\x03\x00", 4);
  const std::string temp = std::string("C:\\Temp\\brev.txt") + '\0';
  s += std::string(1, static_cast<char>(temp.size())) + std::string(3, '\0') + temp;
  const auto n = static_cast<std::uint32_t>(file.size());
  for (int i = 0; i < 4; ++i) s += static_cast<char>(n >> (8 * i));
  return s + std::string(file);
}

// Lower-case hex, broken into lines as Word writes it.
std::string hex(std::string_view bytes) {
  static const char digits[] = "0123456789abcdef";
  std::string s;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    s += digits[b >> 4];
    s += digits[b & 15];
    if (i % 64 == 63) s += "\r\n";
  }
  return s;
}

TEST(Rtf, IsSniffedAndRegistered) {
  const std::string doc = "{\\rtf1\\ansi Hej}";
  EXPECT_EQ(sniff_format(doc, doc.size()), FormatId::Rtf);
  EXPECT_EQ(make_extractor(FormatId::Rtf)->name(), "rtf");
  EXPECT_EQ(testing::extract(doc).text, "Hej");
}

TEST(Rtf, HexEscapesAreDecodedThroughTheCodePage) {
  auto r = rtf("{\\rtf1\\ansi\\ansicpg1252 S\\'f8ren \\'c6r\\'f8 \\'e5\\'C5 \\'80 \\'2d}");
  EXPECT_EQ(r.text, "Søren Ærø åÅ € -");
  EXPECT_TRUE(r.problems.empty());
  // windows-1252 without \ansicpg; raw 8-bit bytes as well.
  EXPECT_EQ(rtf("{\\rtf1\\ansi K\\'e6re \xC5se}").text, "Kære Åse");
  // windows-1250, for the document or for a font of charset 238.
  EXPECT_EQ(rtf("{\\rtf1\\ansi\\ansicpg1250 \\'a3ukasz \\'af\\'f3\\'b3\\'e6}").text, "Łukasz Żółć");
  EXPECT_EQ(rtf("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fcharset0 Arial;}{\\f1\\fcharset238 Arial CE;}}"
                "\\'e6 {\\f1 \\'b3}\\'e6 \\f1\\'b3\\plain\\'e6}")
                .text,
            "æ łæ łæ");
  // UTF-8 as a code page, with a broken sequence falling back to windows-1252.
  EXPECT_EQ(rtf("{\\rtf1\\ansi\\ansicpg65001 S\\'c3\\'b8ren \\'c3x}").text, "Søren Ãx");
}

TEST(Rtf, UnicodeEscapesSkipTheirFallback) {
  EXPECT_EQ(rtf("{\\rtf1 S\\u248?ren \\u198\\'c6r\\u248\\'f8}").text, "Søren Ærø");
  EXPECT_EQ(rtf("{\\rtf1\\uc0 S\\u248 ren}").text, "Søren");
  EXPECT_EQ(rtf("{\\rtf1\\uc2 S\\u248\\'f8\\'f8ren}").text, "Søren");
  EXPECT_EQ(rtf("{\\rtf1\\uc2 S\\u248 oeren}").text, "Søren");
  // Negative numbers are 16-bit two's complement; surrogate pairs combine.
  EXPECT_EQ(rtf("{\\rtf1 \\u-3913?x \\u-10179?\\u-8704?}").text, "\xEF\x82\xB7x 😀");
  // A lone surrogate is replaced, never passed on as invalid UTF-8.
  EXPECT_EQ(rtf("{\\rtf1 a\\u-10179?b\\u-8704?c}").text, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c");
  // A control word in the fallback counts as one character; a group ends the fallback.
  EXPECT_EQ(rtf("{\\rtf1 \\u8220\\ldblquote x}").text, "\xE2\x80\x9Cx");
  EXPECT_EQ(rtf("{\\rtf1\\uc3 {\\u248}abc}").text, "øabc");
}

TEST(Rtf, UcIsScopedToItsGroup) {
  EXPECT_EQ(rtf("{\\rtf1\\uc1 a{\\uc2 \\u248\\'f8\\'f8}\\u248\\'f8b{\\uc0 \\u230}\\u229?}").text, "aøøbæå");
}

TEST(Rtf, ControlSymbols) {
  const auto r = rtf("{\\rtf1 a\\\\b\\{c\\}d\\~e\\-f\\_g\\|\\:h}");
  EXPECT_EQ(r.text, "a\\b{c}d\xC2\xA0" "ef-gh");
}

TEST(Rtf, BreaksSeparateWordsAndFormattingDoesNot) {
  EXPECT_EQ(rtf("{\\rtf1 01019\\'2d0\\u49?234}").text, "01019-01234");
  EXPECT_EQ(rtf("{\\rtf1 {\\b 0101}{90-1234}}").text, "010190-1234");
  EXPECT_EQ(rtf("{\\rtf1 CPR {\\b\\i0 01}01\\cf2 90\\-\\_12{\\*\\bkmkstart x}34}").text, "CPR 010190-1234");
  EXPECT_EQ(rtf("{\\rtf1 0101\\par 901234}").text, "0101\n901234");
  EXPECT_EQ(rtf("{\\rtf1 0101\\line 90\\tab 12\\cell 34\\row 56\\page 78\\sect 9}").text,
            "0101\n90\t12\t34\n56\n78\n9");
  EXPECT_EQ(rtf("{\\rtf1 a\\\r\nb\\\nc}").text, "a\nb\nc");  // a backslash before a line end is \par
  EXPECT_EQ(rtf("{\\rtf1 01\r\n01\n90}").text, "010190");    // line ends in the source are not text
  EXPECT_EQ(rtf("{\\rtf1 a\\emdash b\\bullet\\lquote c\\rquote}").text, "a—b•‘c’");
}

TEST(Rtf, NonTextDestinationsAreSkipped) {
  const auto r = rtf(
      "{\\rtf1\\ansi{\\fonttbl{\\f0\\fswiss 0101901234 Arial;}}{\\colortbl;\\red0\\green0\\blue0;}"
      "{\\stylesheet{\\s1 0202901234 Heading;}}{\\listtable{\\list{\\listlevel{\\leveltext 0303901234;}}}}"
      "{\\*\\rsidtbl \\rsid0404901234}{\\*\\generator Writer 0505901234;}{\\*\\themedata 0606901234}"
      "{\\*\\datastore 0707901234}{\\*\\xmlnstbl {\\xmlns1 0808901234}}{\\*\\unknownthing 0909901234}"
      "{\\pict\\pngblip 30313031393031323334}{\\*\\pgdsctbl{\\pgdsc0{\\header 1010901234}}}"
      "{\\*\\latentstyles 1111901234}{\\*\\passwordhash 1212901234}"
      "Tekst{\\unknowngroup synlig}{\\*\\bkmkstart cpr}slut}");
  EXPECT_EQ(r.text, "Tekstsynligslut");
  EXPECT_TRUE(r.problems.empty());
}

TEST(Rtf, FieldResultsAreKeptInstructionsSkipped) {
  const auto r = rtf(
      "{\\rtf1 CPR: {\\field{\\*\\fldinst MERGEFIELD cpr 0202901234}{\\fldrslt {\\b 0101}901234}} slut}");
  EXPECT_EQ(r.text, "CPR: 0101901234 slut");
}

TEST(Rtf, HeadersFootnotesCommentsAndMetadataHaveTheirParts) {
  const auto r = rtf(
      "{\\rtf1\\ansi{\\info{\\title Sag 0101901234}{\\author S\\'f8ren}{\\*\\company Kommune}"
      "{\\doccomm Note}{\\creatim\\yr2024\\mo1\\dy2}}"
      "{\\*\\userprops {\\propname Nr}\\proptype30{\\staticval 0202901234}}"
      "{\\header \\pard Fortroligt\\par}{\\footer Side 1\\par}"
      "Tekst 0303{\\super\\chftn}{\\footnote\\pard {\\super\\chftn} Fodnote 0404901234}901234"
      "{\\*\\atnid SB}{\\*\\atnauthor \\'c5se}\\chatn{\\*\\annotation{\\*\\atnref 1}{\\*\\atndate 777}Tjek 0505901234}"
      " mere{\\*\\footnote LibreOffice-fodnote}.}");
  EXPECT_EQ(r.parts.at(""), "Tekst 0303\n901234\n mere\n.");
  EXPECT_EQ(r.parts.at("metadata"), "Sag 0101901234\nSøren\nKommune\nNote\nNr\n0202901234\n");
  EXPECT_EQ(r.parts.at("header"), "Fortroligt\n");
  EXPECT_EQ(r.parts.at("footer"), "Side 1\n");
  EXPECT_EQ(r.parts.at("footnote"), " Fodnote 0404901234\nLibreOffice-fodnote\n");
  EXPECT_EQ(r.parts.at("comment"), "SB\nÅse\nTjek 0505901234\n");
  EXPECT_FALSE(r.has("2024"));
  EXPECT_FALSE(r.has("777"));
  EXPECT_TRUE(r.problems.empty());
}

TEST(Rtf, ShapeTextIsKeptShapePropertiesAndFallbacksAreNot) {
  const auto r = rtf(
      "{\\rtf1 {\\shp{\\*\\shpinst{\\sp{\\sn name}{\\sv 0101901234}}{\\shptxt Boks 0202901234\\par}}"
      "{\\shprslt{\\*\\do\\dobxcolumn{\\dptxbxtext Boks 0202901234}}}}"
      "{\\*\\shppict{\\pict 3030}}{\\nonshppict{\\pict 3131}}slut}");
  EXPECT_EQ(r.text, "Boks 0202901234\nslut");
}

TEST(Rtf, BinaryDataIsSkipped) {
  std::string doc = "{\\rtf1 a\\bin8 ";
  doc += std::string("}{\\'zz\x00\xFF", 8);
  doc += "b{\\pict\\bin4 0101}c\\bin0 d}";
  const auto r = rtf(doc);
  EXPECT_EQ(r.text, "abcd");
  EXPECT_TRUE(r.problems.empty());
}

TEST(Rtf, EmbeddedObjectIsHandedOnUnwrapped) {
  const std::string file = "Borger: Søren, CPR 010190-1234\n";
  const std::string doc = "{\\rtf1 Bilag:{\\object\\objemb{\\*\\objclass Package}{\\*\\objdata\r\n" +
                          hex(ole1("Package", package(file))) +
                          "}{\\result{\\pict 0102}}} og {\\object{\\*\\objdata " + hex(ole1("Excel.Sheet.8", "NATIVE")) +
                          "}} og {\\object{\\*\\objdata 4142 43\r\n44}} slut}";
  const auto r = rtf(doc);
  EXPECT_EQ(r.text, "Bilag: og  og  slut");
  ASSERT_EQ(r.members.size(), 3u);
  EXPECT_EQ(r.members[0].bytes, file);  // the packaged file itself
  EXPECT_EQ(r.members[0].info.location.path, "brev.rtf");
  EXPECT_EQ(r.members[0].info.location.members, std::vector<std::string>{"object1"});
  EXPECT_EQ(r.members[0].info.depth, 1u);
  EXPECT_EQ(r.members[0].info.size, file.size());
  EXPECT_EQ(r.members[1].bytes, "NATIVE");  // native data without the OLE1 header
  EXPECT_EQ(r.members[1].info.location.members, std::vector<std::string>{"object2"});
  EXPECT_EQ(r.members[2].bytes, "ABCD");  // not OLE1: handed on as it is
  EXPECT_TRUE(r.problems.empty());
}

TEST(Rtf, EmbeddedObjectLargerThanTheLimitIsReportedNotBuffered) {
  Limits limits;
  limits.max_buffered_member_bytes = 16;
  const auto r = rtf("{\\rtf1 a{\\object{\\*\\objdata " + hex(std::string(17, 'x')) + "}}b{\\*\\objdata 41}}", limits);
  EXPECT_EQ(r.text, "ab");
  ASSERT_EQ(r.members.size(), 1u);  // the second, small one still is scanned
  EXPECT_EQ(r.members[0].bytes, "A");
  EXPECT_EQ(r.members[0].info.location.members, std::vector<std::string>{"object2"});
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].kind, ProblemKind::Limit);
  EXPECT_EQ(r.problems[0].members, std::vector<std::string>{"object1"});
}

TEST(Rtf, BadObjectHexIsCorruptButTheRestIsScanned) {
  const auto r = rtf("{\\rtf1 a{\\*\\objdata 41x4}b}");
  EXPECT_EQ(r.text, "ab");
  ASSERT_EQ(r.members.size(), 1u);
  EXPECT_EQ(r.members[0].bytes, "A");
  EXPECT_TRUE(r.has_problem(ProblemKind::Corrupt));
}

// Pictures (\pict) are handed on as members for OCR: hex or \bin, with their properties and the \nonshppict
// fallback left out; a format OCR does not read is named in a note.
TEST(Rtf, PicturesAreHandedOnForOcr) {
  const std::string png = std::string("\x89PNG\r\n\x1A\n", 8) + "IHDR-and-the-rest";
  const std::string jpeg = std::string("\xFF\xD8\xFF\xE0", 4) + "JFIF";
  std::string doc = "{\\rtf1 Se{\\*\\shppict{\\pict{\\*\\picprop{\\sp{\\sn wzName}{\\sv 4142}}}\\picw100\\pich50"
                    "\\pngblip\r\n" + hex(png) + "}}{\\nonshppict{\\pict\\wmetafile8 0100090000}} her"
                    "{\\pict\\jpegblip\\bin" + std::to_string(jpeg.size()) + " " + jpeg + "}"
                    "{\\pict\\wmetafile8\\picw10 0100}{\\pict " + hex(png) + "} slut}";
  const auto r = rtf(doc);
  EXPECT_EQ(r.text, "Se her slut");
  ASSERT_EQ(r.members.size(), 3u);
  EXPECT_EQ(r.members[0].bytes, png);
  EXPECT_EQ(r.members[0].info.location.members, std::vector<std::string>{"picture1.png"});
  EXPECT_EQ(r.members[0].info.size, png.size());
  EXPECT_EQ(r.members[0].info.depth, 1u);
  EXPECT_EQ(r.members[1].bytes, jpeg);
  EXPECT_EQ(r.members[1].info.location.members, std::vector<std::string>{"picture2.jpg"});
  EXPECT_EQ(r.members[2].bytes, png);  // no format word: a PNG by its bytes
  EXPECT_EQ(r.members[2].info.location.members, std::vector<std::string>{"picture4.bin"});
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0], "picture3.wmf: picture not read (wmf; OCR reads PNG, JPEG, GIF, TIFF and BMP)");
  EXPECT_TRUE(r.problems.empty());
}

TEST(Rtf, APictureLargerThanTheLimitIsReportedAndATruncatedOneHandedOn) {
  Limits limits;
  limits.max_buffered_member_bytes = 16;
  const auto big = rtf("{\\rtf1 a{\\pict\\pngblip " + hex(std::string(17, 'x')) + "}b}", limits);
  EXPECT_EQ(big.text, "ab");
  EXPECT_TRUE(big.members.empty());
  ASSERT_EQ(big.problems.size(), 1u);
  EXPECT_EQ(big.problems[0].kind, ProblemKind::Limit);
  EXPECT_EQ(big.problems[0].members, std::vector<std::string>{"picture1.png"});
  // The file ends inside the picture: what is there is handed on (the image extractor says it is cut).
  const auto cut = rtf("{\\rtf1 a{\\pict\\pngblip 89504e470d0a1a0a00");
  ASSERT_EQ(cut.members.size(), 1u);
  EXPECT_EQ(cut.members[0].bytes, std::string("\x89PNG\r\n\x1A\n\0", 9));
  EXPECT_TRUE(cut.has_problem(ProblemKind::Corrupt));  // the unclosed groups
}

TEST(Ole1Object, MalformedHeadersGiveTheBytesBack) {
  EXPECT_EQ(ole1_object_payload("short"), "short");
  const std::string linked = ole1("Package", "x").replace(4, 1, 1, '\x01');
  EXPECT_EQ(ole1_object_payload(linked), linked);
  // A Package whose native data is not Packager data (an OLE2 storage, say) is handed on whole.
  const std::string ole2("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00\x00\x00\x00\x00", 14);
  EXPECT_EQ(ole1_object_payload(ole1("Package", ole2)), ole2);
  // A declared size past the end: what is there (a truncated file's object is still worth scanning).
  std::string truncated = ole1("Word.Document.8", "0123456789");
  truncated.resize(truncated.size() - 13);
  EXPECT_EQ(ole1_object_payload(truncated), "01234");
  // A Package whose file size runs past its data: the native data, not a cut-off file.
  std::string pkg = package("file bytes");
  pkg.resize(pkg.size() - 3);
  EXPECT_EQ(ole_package_payload(pkg), pkg);
}

TEST(Rtf, UnbalancedBracesAreCorruptAndTextIsKept) {
  auto r = rtf("{\\rtf1 S\\'f8ren 010190-1234 {\\b fed");
  EXPECT_EQ(r.text, "Søren 010190-1234 fed");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].kind, ProblemKind::Corrupt);

  r = rtf("{\\rtf1 a}}b}");
  EXPECT_EQ(r.text, "ab");
  ASSERT_EQ(r.problems.size(), 1u);  // reported once
  EXPECT_EQ(r.problems[0].kind, ProblemKind::Corrupt);
}

TEST(Rtf, TruncatedEscapesAreCorrupt) {
  for (std::string_view doc : {"{\\rtf1 a}\\'4", "{\\rtf1 a}\\'", "{\\rtf1 a\\bin10 xx}"}) {
    const auto r = rtf(doc);
    EXPECT_EQ(r.text, "a") << doc;
    EXPECT_TRUE(r.has_problem(ProblemKind::Corrupt)) << doc;
  }
  const auto r = rtf("{\\rtf1 a\\'zzb\\'4}c}");
  EXPECT_EQ(r.text, "azzbc");
  EXPECT_TRUE(r.has_problem(ProblemKind::Corrupt));
  EXPECT_EQ(rtf("{\\rtf1 a\\par").text, "a\n");  // a control word at the very end still counts
}

TEST(Rtf, DeepNestingIsBoundedAndSkipped) {
  std::string doc = "{\\rtf1 start ";
  for (int i = 0; i < 100000; ++i) doc += "{x";
  for (int i = 0; i < 100000; ++i) doc += "}";
  doc += " slut}";
  const auto r = rtf(doc);
  EXPECT_TRUE(r.has("start "));
  EXPECT_TRUE(r.has(" slut"));
  EXPECT_LT(r.text.size(), 1000u);  // the groups past the limit are skipped
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].kind, ProblemKind::Corrupt);
  // Inside a skipped destination, depth costs nothing and is no flaw.
  std::string pict = "{\\rtf1 a{\\pict ";
  for (int i = 0; i < 100000; ++i) pict += "{";
  for (int i = 0; i < 100000; ++i) pict += "}";
  EXPECT_TRUE(rtf(pict + "}b}").problems.empty());
}

TEST(Rtf, StopsAtTheTextLimitAndSaysSo) {
  Limits limits;
  limits.max_text_bytes = 100;
  std::string doc = "{\\rtf1 ";
  for (int i = 0; i < 1000; ++i) doc += "S\\'f8ren\\par ";
  const auto r = rtf(doc + "}", limits);
  EXPECT_LE(r.text.size(), 100u);
  EXPECT_GE(r.text.size(), 95u);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].kind, ProblemKind::Truncated);
}

TEST(Rtf, LargeDocumentStreamsInPieces) {
  std::string doc = "{\\rtf1 ";
  for (int i = 0; i < 20000; ++i) doc += "Linje med tekst {\\b fed} og \\u248?\\par\n";
  const auto r = testing::record(FormatId::Rtf, doc + "}", "brev.rtf", Limits{});
  EXPECT_EQ(r.text.size(), 20000u * std::string("Linje med tekst fed og ø\n").size());
  EXPECT_TRUE(r.problems.empty());
}

TEST(RtfFixture, LibreOfficeLetter) {
  const auto r = rtf(fixture("brev_libreoffice.rtf"));
  EXPECT_TRUE(r.problems.empty());
  const std::string& body = r.parts.at("");
  EXPECT_NE(body.find("Kære Søren Ærø,"), std::string::npos) << body;
  EXPECT_NE(body.find("Dit personnummer er 010190-1234, og din ægtefælle har 050590-5678."), std::string::npos);
  EXPECT_NE(body.find("Navn\tCPR\t\nØdegård\t080890-8901\t\n"), std::string::npos) << body;
  EXPECT_NE(body.find("Tolk til Łukasz Żółć; se sagen."), std::string::npos) << body;
  EXPECT_NE(body.find("Tekstboks: 101090-1010"), std::string::npos) << body;
  EXPECT_NE(body.find("Slut på brevet: ÆØÅ æøå €."), std::string::npos) << body;
  EXPECT_EQ(body.find("Times New Roman"), std::string::npos);  // font table
  EXPECT_EQ(body.find("Footnote Characters"), std::string::npos);  // style sheet
  EXPECT_EQ(body.find("LibreOffice"), std::string::npos);  // generator
  EXPECT_EQ(body.find("cpr_0202"), std::string::npos);  // bookmark name
  EXPECT_EQ(body.find("HYPERLINK"), std::string::npos);  // field instruction

  EXPECT_EQ(r.parts.at("header"), "Jobcenter Ærøskøbing — fortroligt 040490-4567\n");  // once, not per page style
  EXPECT_EQ(r.parts.at("footer"), "Side 1 · sagsbehandler Åse\n");
  EXPECT_NE(r.parts.at("footnote").find("Fodnote: barnets CPR 060690-6789 på Østergade."), std::string::npos);
  EXPECT_NE(r.parts.at("comment").find("Åse Sagsbehandler\nKommentar: tjek 070790-7890"), std::string::npos)
      << r.parts.at("comment");
  const std::string& meta = r.parts.at("metadata");
  EXPECT_NE(meta.find("Afgørelse om boligstøtte"), std::string::npos) << meta;
  EXPECT_NE(meta.find("Sag vedr. 020290-2345"), std::string::npos);
  EXPECT_NE(meta.find("Kommentar: borgerens CPR 030390-3456"), std::string::npos);
  EXPECT_NE(meta.find("Søren Ærø"), std::string::npos);
}

TEST(RtfFixture, PackageObject) {
  const auto r = rtf(fixture("package_object.rtf"));
  EXPECT_EQ(r.text, "Bilag:\nSlut.");
  EXPECT_TRUE(r.problems.empty());
  ASSERT_EQ(r.members.size(), 2u);
  EXPECT_EQ(r.members[0].bytes, "Bilag: borgerens CPR 010190-1234 (S\xF8ren \xC6r\xF8)\n");
  EXPECT_EQ(r.members[0].info.location.members, std::vector<std::string>{"object1"});
  // The object's preview (\result{\pict\pngblip …}, 1x1 px): a picture member (too small for --ocr auto).
  EXPECT_EQ(r.members[1].info.location.members, std::vector<std::string>{"picture1.png"});
  EXPECT_EQ(r.members[1].bytes.substr(0, 4), "\x89PNG");
}

}  // namespace
}  // namespace datavagt
