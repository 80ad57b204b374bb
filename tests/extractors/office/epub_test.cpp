// EPUB e-books (extractors/office/epub.cpp, epub_package.h) on the fixtures of
// tests/extractors/fixtures/epub (made by make_epub.py): chapters in reading order, metadata, resources as
// members, the package document late in the zip, DRM, no package at all, damage and limits.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "extractors/office/epub_package.h"
#include "scanner/file_source.h"
#include "tests/extractors/extract_util.h"
#include "tests/support/make_archive.h"
#include "tests/support/temp_dir.h"

namespace datavagt {
namespace {

std::string fixture(const std::string& name) {
  return testing::read_file(std::string(DATAVAGT_SOURCE_DIR) + "/tests/extractors/fixtures/epub/" + name);
}

// Sniffed as EPUB and read whole and in 7-byte reads alike.
testing::Recorded epub(std::string_view bytes, Limits limits = {}) {
  EXPECT_EQ(format_name(sniff_format(bytes.substr(0, kSniffBytes), bytes.size())), "epub");
  return testing::record_twice(FormatId::Epub, bytes, "bog.epub", limits, 7);
}

std::vector<std::string> member_names(const testing::Recorded& r) {
  std::vector<std::string> names;
  for (const auto& m : r.members) names.push_back(m.info.location.members.back());
  return names;
}

TEST(Epub, ChaptersMetadataAndResources) {
  const auto r = epub(fixture("bog.epub"));
  EXPECT_TRUE(r.problems.empty()) << r.problems.front().detail;
  EXPECT_TRUE(r.notes.empty());
  // Metadata a reader sees; not the identifier (an ISBN), the language or the dates.
  EXPECT_TRUE(r.part_has("metadata", "Sagsakter for Åse Østergård"));
  EXPECT_TRUE(r.part_has("metadata", "Jens Hansen\nHansen, Jens\nJournalnotat\n"));
  EXPECT_TRUE(r.part_has("metadata", "CPR-nummer 150643-1006"));
  EXPECT_FALSE(r.part_has("metadata", "9788702123456"));
  EXPECT_FALSE(r.part_has("metadata", "2024-05-17"));
  EXPECT_FALSE(r.part_has("metadata", "2019-03-01"));
  // Chapters by their place in the spine (the first one's name percent-encoded there), as HTML: a value split
  // over spans is whole, entities decoded, script and style skipped.
  EXPECT_TRUE(r.part_has("chapter 1", "Kapitel 1: Ansøgningen"));
  EXPECT_TRUE(r.part_has("chapter 1", "CPR-nr.: 010190-1234 er registreret."));
  EXPECT_TRUE(r.part_has("chapter 1", "Åse\u00A0Østergård"));
  EXPECT_TRUE(r.part_has("chapter 2", "behandling for diabetes"));
  EXPECT_TRUE(r.part_has("chapter 2", "Lægen & sygeplejersken"));
  EXPECT_TRUE(r.part_has("document", "Ansøgningen"));  // the navigation document, outside the reading order
  for (std::string_view hidden : {"222222", "111111", "333333", "444444", "margin", "skjult"})
    EXPECT_FALSE(r.has(hidden)) << hidden;
  // Resources are members; the style sheet, the obfuscated font and the NCX are passed over.
  EXPECT_EQ(member_names(r), (std::vector<std::string>{"OEBPS/Images/foto.png", "OEBPS/Misc/bilag.txt"}));
  EXPECT_EQ(r.members[1].bytes, "Bilag til sagen. CPR 150643-1006.\n");
  EXPECT_EQ(r.members[1].info.depth, 1u);
}

TEST(Epub, ReadFromItsFileAsFromMemory) {
  const std::string bytes = fixture("bog.epub");
  auto file = FileSource::open(std::string(DATAVAGT_SOURCE_DIR) + "/tests/extractors/fixtures/epub/bog.epub");
  ASSERT_TRUE(file);
  const auto from_file = testing::record(FormatId::Epub, **file, "bog.epub", bytes.size(), Limits{});
  const auto from_memory = testing::record(FormatId::Epub, bytes, "bog.epub", Limits{});
  EXPECT_EQ(from_file.parts, from_memory.parts);
  EXPECT_EQ(member_names(from_file), member_names(from_memory));
}

// EPUB 2, the chapters before the package document in the zip: they wait for it, and get their places in
// the reading order (del1 is chapter 1, though del2 comes first); hrefs with "..".
TEST(Epub, MembersBeforeThePackageWaitForIt) {
  const auto r = epub(fixture("epub2_rækkefølge.epub"));
  EXPECT_TRUE(r.problems.empty()) << r.problems.front().detail;
  EXPECT_TRUE(r.part_has("chapter 1", "Personnummer 150643-1006"));
  EXPECT_TRUE(r.part_has("chapter 2", "Dømt for tyveri"));
  EXPECT_TRUE(r.part_has("metadata", "Referat fra mødet\nSøren Ågesen"));
  EXPECT_FALSE(r.has("333333"));  // the NCX, also when it came before the package
  // Without room to wait, members are judged by their names: the text is all there, without chapter numbers.
  Limits tight;
  tight.max_buffered_member_bytes = 600;
  const auto judged = epub(fixture("epub2_rækkefølge.epub"), tight);
  EXPECT_TRUE(judged.part_has("document", "Dømt for tyveri"));
  EXPECT_TRUE(judged.has("Personnummer 150643-1006"));
}

TEST(Epub, DrmIsEncryptedAndTheMetadataIsStillRead) {
  const auto r = epub(fixture("drm.epub"));
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].kind, ProblemKind::Encrypted);
  EXPECT_EQ(r.problems[0].detail, "epub: 2 of its files are encrypted (DRM); not scanned");
  EXPECT_TRUE(r.part_has("metadata", "150643-1006"));
  EXPECT_EQ(r.parts.count("chapter 1"), 0u);
}

TEST(Epub, WithoutAPackageDocumentsAreReadByTheirNames) {
  const auto r = epub(fixture("uden_pakke.epub"));
  EXPECT_TRUE(r.problems.empty());
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].find("without a package document"), std::string::npos);
  EXPECT_TRUE(r.part_has("document", "010190-1234"));
  EXPECT_FALSE(r.has("555555"));  // a style sheet, by its name
}

TEST(Epub, LimitsAndTheTextBudget) {
  Limits limits;
  limits.max_text_bytes = 50;
  auto r = epub(fixture("bog.epub"), limits);
  EXPECT_LE(r.text.size(), 50u);
  EXPECT_TRUE(r.has_problem(ProblemKind::Truncated));
  limits = {};
  limits.max_members = 4;
  r = epub(fixture("bog.epub"), limits);
  ASSERT_TRUE(r.has_problem(ProblemKind::Limit));
  EXPECT_NE(r.problems.back().detail.find("--max-members"), std::string::npos);
  limits = {};
  limits.max_unpacked_bytes = 3000;
  r = epub(fixture("bog.epub"), limits);
  ASSERT_TRUE(r.has_problem(ProblemKind::Limit));
  EXPECT_NE(r.problems.back().detail.find("--max-archive-size"), std::string::npos);
}

// Damage: a package document that is not XML, a chapter that is not markup, and the book cut anywhere.
TEST(Epub, DamageIsCorruptWithTheRestRead) {
  const std::string bytes = fixture("bog.epub");
  // Cut before the central directory (a cut in it goes unnoticed: members are read from their local headers).
  const std::size_t central = bytes.find(std::string_view("PK\x01\x02", 4));
  for (std::size_t cut = 40; cut < central; cut += 97) {
    const auto r = testing::record(FormatId::Epub, std::string_view(bytes).substr(0, cut), "bog.epub", Limits{});
    EXPECT_TRUE(r.has_problem(ProblemKind::Corrupt)) << cut;
  }
  const std::string container =
      "<container xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\"><rootfiles>"
      "<rootfile full-path=\"c.opf\" media-type=\"application/oebps-package+xml\"/></rootfiles></container>";
  const std::string zip = testing::make_archive(
      testing::ArchiveFormat::StoredZip,
      {{"mimetype", "application/epub+zip"}, {"META-INF/container.xml", container}, {"c.opf", "<package><manifest"},
       {"a.xhtml", "<html><body>CPR 010190-1234</body></html>"}, {"b.xhtml", std::string("\x01\x02\x03 noise", 9)}});
  const auto r = epub(zip);
  EXPECT_TRUE(r.has_problem(ProblemKind::Corrupt));
  EXPECT_TRUE(r.part_has("document", "010190-1234"));
  EXPECT_FALSE(r.has("noise"));
}

TEST(EpubPackage, HrefsResolveToMemberNames) {
  EXPECT_EQ(resolve_epub_href("OEBPS/", "Text/kapitel%201.xhtml#s2"), "OEBPS/Text/kapitel 1.xhtml");
  EXPECT_EQ(resolve_epub_href("OEBPS/Text/", "../Images/./a.png"), "OEBPS/Images/a.png");
  EXPECT_EQ(resolve_epub_href("a/", "../../../../etc/passwd"), "etc/passwd");  // never above the root
  EXPECT_EQ(resolve_epub_href("a/", "/b.xhtml"), "b.xhtml");
  EXPECT_EQ(resolve_epub_href("", "http://example.dk/x.html"), "");
  EXPECT_EQ(resolve_epub_href("", "data:text/plain,hej"), "");
  EXPECT_EQ(resolve_epub_href("", "a%2"), "a%2");
  EXPECT_EQ(resolve_epub_href("", "sag:1/a.xhtml"), "");
  EXPECT_EQ(resolve_epub_href("", "x/sag:1.xhtml"), "x/sag:1.xhtml");
}

TEST(EpubPackage, ContainerPackageAndEncryption) {
  EXPECT_EQ(epub_package_path("<container><rootfiles><rootfile full-path=\"a/b.opf\" "
                              "media-type=\"application/oebps-package+xml\"/></rootfiles></container>"),
            "a/b.opf");
  EXPECT_EQ(epub_package_path("<container><rootfiles><rootfile full-path=\"x.pdf\" media-type=\"application/pdf\"/>"
                              "<rootfile full-path=\"y.opf\" media-type=\"application/oebps-package+xml\"/>"
                              "</rootfiles></container>"),
            "y.opf");
  EXPECT_EQ(epub_package_path("<container/>"), std::nullopt);
  EXPECT_EQ(epub_package_path("not xml"), std::nullopt);
  EXPECT_EQ(epub_package_path("<!DOCTYPE x [<!ENTITY e SYSTEM \"/etc/passwd\">]><container>&e;</container>"),
            std::nullopt);

  const EpubPackage p = parse_epub_package(
      "<package xmlns=\"http://www.idpf.org/2007/opf\"><metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
      "<dc:title>T</dc:title><dc:identifier>9788702123456</dc:identifier><dc:creator>C</dc:creator></metadata>"
      "<manifest><item id=\"b\" href=\"b.xhtml\" media-type=\"application/xhtml+xml\"/>"
      "<item id=\"a\" href=\"sub/a.xhtml\" media-type=\"application/xhtml+xml\"/></manifest>"
      "<spine><itemref idref=\"a\"/><itemref idref=\"missing\"/><itemref idref=\"b\"/></spine></package>",
      "OPS/p.opf");
  EXPECT_FALSE(p.malformed);
  EXPECT_EQ(p.metadata, "T\nC");
  ASSERT_EQ(p.manifest.size(), 2u);
  EXPECT_EQ(p.spine, (std::vector<std::string>{"OPS/sub/a.xhtml", "OPS/b.xhtml"}));
  EXPECT_EQ(p.chapter("OPS/b.xhtml"), 2u);
  EXPECT_EQ(p.chapter("OPS/c.xhtml"), 0u);
  ASSERT_NE(p.item("OPS/sub/a.xhtml"), nullptr);
  EXPECT_EQ(p.item("OPS/sub/a.xhtml")->media_type, "application/xhtml+xml");
  EXPECT_TRUE(parse_epub_package("<package><metadata><dc:title>T", "p.opf").malformed);
  // Not UTF-8: not read (EPUB requires UTF-8 or UTF-16; the documents are then judged by their names).
  EXPECT_TRUE(parse_epub_package("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><package/>", "p.opf").malformed);

  const auto encrypted = epub_encrypted_paths(
      "<encryption xmlns:enc=\"http://www.w3.org/2001/04/xmlenc#\">"
      "<enc:EncryptedData><enc:EncryptionMethod Algorithm=\"http://www.idpf.org/2008/embedding\"/>"
      "<enc:CipherData><enc:CipherReference URI=\"f.otf\"/></enc:CipherData></enc:EncryptedData>"
      "<enc:EncryptedData><enc:EncryptionMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#aes256-cbc\"/>"
      "<enc:CipherData><enc:CipherReference URI=\"OPS/k%201.xhtml\"/></enc:CipherData></enc:EncryptedData>"
      "</encryption>");
  EXPECT_EQ(encrypted, std::vector<std::string>{"OPS/k 1.xhtml"});
}

}  // namespace
}  // namespace datavagt
