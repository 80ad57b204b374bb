#include <gtest/gtest.h>

#include <array>
#include <map>
#include <string>
#include <vector>

#include "core/utf8.h"
#include "scanner/file_source.h"
#include "tests/extractors/extract_util.h"
#include "tests/support/temp_dir.h"

namespace datavagt {
namespace {

using PdfOutput = testing::Recorded;

PdfOutput run_pdf(ByteSource& src, std::uint64_t size, const Limits& limits) {
  ::testing::internal::CaptureStderr();
  PdfOutput out = testing::record(FormatId::Pdf, src, "notat.pdf", size, limits);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "") << "poppler printed to stderr";
  return out;
}

std::string fixture_path(const std::string& name) {
  return std::string(DATAVAGT_SOURCE_DIR) + "/tests/extractors/fixtures/pdf/" + name;
}

// From memory (as a member of an archive would be read).
PdfOutput pdf(const std::string& name, Limits limits = {}) {
  const std::string bytes = testing::read_file(fixture_path(name));
  MemorySource src(bytes);
  return run_pdf(src, bytes.size(), limits);
}

// From disk, as the scanner reads an on-disk file: the sniffed head, then the rest (poppler opens the file).
PdfOutput pdf_file(const std::string& name, Limits limits = {}) {
  auto file = FileSource::open(fixture_path(name));
  EXPECT_TRUE(file);
  if (!file) return {};
  std::array<char, 8192> head;
  auto got = read_fully(**file, head);
  EXPECT_TRUE(got);
  PrefixedSource src(std::string_view(head.data(), *got), **file);
  EXPECT_GE(src.file_descriptor(), 0);
  return run_pdf(src, static_cast<std::uint64_t>((*file)->stat().st_size), limits);
}

TEST(Pdf, SniffedAndRegistered) {
  const std::string bytes = testing::read_file(fixture_path("notat.pdf"));
  EXPECT_EQ(sniff_format(std::string_view(bytes).substr(0, 8192), bytes.size()), FormatId::Pdf);
  ASSERT_NE(make_extractor(FormatId::Pdf), nullptr);
  EXPECT_EQ(make_extractor(FormatId::Pdf)->name(), "pdf");
}

void expect_notat(const PdfOutput& r) {
  EXPECT_TRUE(r.problems.empty()) << r.problems.front().detail;
  // Danish letters arrive as UTF-8, each page with its number.
  EXPECT_NE(r.pages.at(1).find("Søren Ærø fra Åbenrå har søgt om hjælp."), std::string::npos) << r.pages.at(1);
  EXPECT_NE(r.pages.at(2).find("Borgerens CPR-nummer er 010190-1234."), std::string::npos) << r.pages.at(2);
  EXPECT_EQ(r.pages.count(3), 0u);  // the empty page sends no text
  EXPECT_NE(r.pages.at(4).find("afslutning med æøå"), std::string::npos);
  EXPECT_EQ(r.pages.count(0), 0u);  // every chunk says its page
  EXPECT_EQ(r.text.find("010190-1234"), r.text.find("010190"));
  // Pages are joined in order, a line break between them.
  EXPECT_LT(r.text.find("hjælp."), r.text.find("Side to"));
  EXPECT_NE(r.text.find("hjælp.\n"), std::string::npos);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0], "1 of 4 pages without text, read with OCR");  // blank: nothing read
}

TEST(Pdf, PagesInOrderWithNumbersFromMemory) { expect_notat(pdf("notat.pdf")); }

// Issue 15, item 4: a PDF after up to 1 KB of junk (a byte order mark and blank lines, a download's HTTP
// header) is a PDF, read whole. Before: sniffed as text, its compressed page text lost.
TEST(Pdf, JunkBeforeTheHeaderIsAccepted) {
  for (const std::string name : {"bom_foran.pdf", "header_foran.pdf"}) {
    const std::string bytes = testing::read_file(fixture_path(name));
    EXPECT_EQ(sniff_format(std::string_view(bytes).substr(0, 8192), bytes.size()), FormatId::Pdf) << name;
    expect_notat(pdf(name));
    expect_notat(pdf_file(name));
  }
  // Not a PDF: "%PDF-" quoted inside a line, after binary bytes, or after more than 1 KB.
  for (const std::string& text : {std::string("Se filen: %PDF-1.4 er versionen\n"),
                                 std::string("\x01\x02\n%PDF-1.4\n"), std::string(1100, '\n') + "%PDF-1.4\n"}) {
    EXPECT_NE(sniff_format(text, text.size()), FormatId::Pdf) << text.substr(0, 20);
  }
}

TEST(Pdf, OnDiskFileIsOpenedByPoppler) {
  expect_notat(pdf_file("notat.pdf"));
  // A file larger than the in-memory bound is opened by poppler itself (through /proc/self/fd).
  Limits small;
  small.max_buffered_member_bytes = 1000;
  expect_notat(pdf_file("notat.pdf", small));
}

TEST(Pdf, InMemoryPdfLargerThanTheBufferBoundIsALimit) {
  Limits small;
  small.max_buffered_member_bytes = 1000;
  const auto r = pdf("notat.pdf", small);
  EXPECT_TRUE(r.text.empty());
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].kind, ProblemKind::Limit);
  EXPECT_NE(r.problems[0].detail.find("max_buffered_member_bytes"), std::string::npos);
}

TEST(Pdf, EmptyUserPasswordIsRead) {
  const auto r = pdf("tom_adgangskode.pdf");
  EXPECT_FALSE(r.has_problem(ProblemKind::Encrypted));
  EXPECT_NE(r.pages.at(2).find("010190-1234"), std::string::npos);
  EXPECT_TRUE(pdf_file("tom_adgangskode.pdf").has("010190-1234"));
}

TEST(Pdf, UserPasswordIsEncrypted) {
  for (const auto& r : {pdf("adgangskode.pdf"), pdf_file("adgangskode.pdf")}) {
    EXPECT_TRUE(r.text.empty());
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].kind, ProblemKind::Encrypted);
  }
}

TEST(Pdf, AttachmentIsANestedItem) {
  const auto r = pdf("med_bilag.pdf");
  EXPECT_TRUE(r.problems.empty());
  EXPECT_TRUE(r.has("010190-1234"));
  ASSERT_EQ(r.members.size(), 1u);
  const auto& m = r.members[0];
  EXPECT_EQ(m.info.location.path, "notat.pdf");
  EXPECT_EQ(m.info.location.members, std::vector<std::string>{"bilag.txt"});
  EXPECT_EQ(m.info.depth, 1u);
  EXPECT_EQ(m.info.size, m.bytes.size());
  EXPECT_NE(m.bytes.find("CPR 020202-4321"), std::string::npos);
}

TEST(Pdf, AttachmentOverTheBoundIsALimit) {
  Limits small;
  small.max_buffered_member_bytes = 20;  // the attachment has 49 bytes; the PDF is read by poppler from disk
  const auto r = pdf_file("med_bilag.pdf", small);
  EXPECT_TRUE(r.has("010190-1234"));
  EXPECT_TRUE(r.members.empty());
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].kind, ProblemKind::Limit);
  EXPECT_EQ(r.problems[0].members, std::vector<std::string>{"bilag.txt"});
}

TEST(Pdf, TruncatedAndGarbageAreCorrupt) {
  for (const char* name : {"afkortet.pdf", "skrald.pdf"}) {
    for (const auto& r : {pdf(name), pdf_file(name)}) {
      ASSERT_FALSE(r.problems.empty()) << name;
      EXPECT_EQ(r.problems[0].kind, ProblemKind::Corrupt) << name;
      EXPECT_TRUE(r.problems[0].detail.starts_with("pdf: ")) << r.problems[0].detail;
    }
  }
  // Poppler's reason is kept, without offsets or anything quoted.
  const auto r = pdf("afkortet.pdf");
  EXPECT_NE(r.problems[0].detail.find("trailer"), std::string::npos) << r.problems[0].detail;
  EXPECT_EQ(r.problems[0].detail.find_first_of("0123456789"), std::string::npos) << r.problems[0].detail;
}

TEST(Pdf, MissingPagesAreCorruptAndTheRestIsRead) {
  std::string bytes = testing::read_file(fixture_path("notat.pdf"));
  const auto at = bytes.find("/Count 4");
  ASSERT_NE(at, std::string::npos);
  bytes[at + 7] = '9';  // the page tree claims 9 pages, it has 4
  MemorySource src(bytes);
  const auto r = run_pdf(src, bytes.size(), Limits{});
  EXPECT_NE(r.pages.at(2).find("010190-1234"), std::string::npos);
  ASSERT_TRUE(r.has_problem(ProblemKind::Corrupt));
  bool said = false;
  for (const auto& p : r.problems) said |= p.detail == "pdf: 5 of 9 pages unreadable";
  EXPECT_TRUE(said) << r.problems[0].detail;
}

TEST(Pdf, CutAnywhereNeverCrashes) {
  const std::string bytes = testing::read_file(fixture_path("med_bilag.pdf"));
  for (std::size_t n = 0; n < bytes.size(); n += 997) {
    MemorySource src(std::string_view(bytes).substr(0, n));
    const auto r = run_pdf(src, n, Limits{});
    EXPECT_TRUE(!r.problems.empty() || !r.text.empty()) << "cut at " << n << ": nothing said";
  }
}

TEST(Pdf, TextBudgetTruncates) {
  Limits limits;
  limits.max_text_bytes = 30;
  const auto r = pdf("notat.pdf", limits);
  EXPECT_LE(r.text.size(), 30u);
  EXPECT_TRUE(r.has("Notat om"));
  EXPECT_FALSE(r.has("010190"));
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].kind, ProblemKind::Truncated);
}

}  // namespace
}  // namespace datavagt
