#include "scanner/item_scanner.h"

#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <grp.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "tests/extractors/office/compound_file.h"
#include "tests/support/scan_text.h"
#include "tests/support/scanner_fixture.h"
#include "tests/support/temp_dir.h"

namespace datavagt {
namespace {

using testing::TempDir;

class ItemScannerTest : public testing::ScannerFixture {
 protected:
  FileVerdict scan(const std::string& path) {
    ItemScanner s(*rules_, ctx_);
    return s.scan_file(path);
  }
};

TEST_F(ItemScannerTest, FindsAndDescribesTheFile) {
  TempDir t;
  const std::string cpr = testing::valid_cpr("150643", '1');
  const auto p = t.write("sag.txt", "Borger " + cpr.substr(0, 6) + "-" + cpr.substr(6) + "\n");
  const auto v = scan(p);
  EXPECT_EQ(v.format, "text");
  ASSERT_EQ(v.findings.size(), 1u);
  EXPECT_TRUE(v.findings[0].members.empty());
  EXPECT_TRUE(v.problems.empty());
  EXPECT_EQ(v.info.size, 19u);
  EXPECT_EQ(v.bytes_read, 19u);
  EXPECT_GT(v.info.mtime, 0);
}

// A PST's messages are items of their own (byte items, ExtractSink::nested), one level down, within max_depth.
TEST_F(ItemScannerTest, PstMessagesAreNestedItems) {
  const std::string pst = std::string(DATAVAGT_SOURCE_DIR) + "/tests/fixtures/mail/testPST_variousBodyTypes.pst";
  FileVerdict v = scan(pst);
  EXPECT_EQ(v.format, "pst");
  EXPECT_GT(v.text_bytes, 500u);
  EXPECT_TRUE(v.problems.empty()) << v.problems.front().detail;
  limits_.max_depth = 0;
  v = scan(pst);
  ASSERT_EQ(v.problems.size(), 4u);  // one per message, none of their text scanned
  EXPECT_EQ(v.problems[0].kind, ProblemKind::Limit);
  EXPECT_EQ(v.problems[0].members, (std::vector<std::string>{"Inbox/tmp/1 original email (2017-08-30)"}));
  EXPECT_EQ(v.problems[0].detail, "nesting deeper than 0 (--max-depth)");  // as for every other member
  EXPECT_EQ(v.text_bytes, 0u);
}

// A source that fails after `good` bytes.
class FailingSource final : public ByteSource {
 public:
  FailingSource(std::string bytes, std::size_t good) : bytes_(std::move(bytes)), good_(good) {}
  Result<std::size_t> read(std::span<char> buf) override {
    if (pos_ >= good_) return Problem::make(ProblemKind::Unreadable, "archive: damaged member");
    const std::size_t n = std::min(buf.size(), good_ - pos_);
    std::copy_n(bytes_.data() + pos_, n, buf.data());
    pos_ += n;
    return n;
  }
  Result<bool> rewind() override { return false; }

 private:
  std::string bytes_;
  std::size_t good_;
  std::size_t pos_ = 0;
};

// The one member path decides per member where it is scanned (no tasks here: no pool).
TEST_F(ItemScannerTest, MemberRoutes) {
  limits_.dedup_member_bytes = 1000;
  ItemScanner s(*rules_, ctx_);
  FileVerdict v;
  v.info.location.path = "arkiv.zip";
  const ItemInfo zip = v.info;
  const std::string cpr = testing::valid_cpr("150643");
  const std::string letter = "Borger CPR-nr.: " + cpr.substr(0, 6) + "-" + cpr.substr(6) + ".\n";
  auto member = [&](const std::string& name, std::size_t size) { return zip.member(zip.location.child(name), size); };

  MemorySource first(letter);
  EXPECT_EQ(s.scan_member(first, member("a.txt", letter.size()), v), MemberRoute::Whole);
  ASSERT_EQ(v.findings.size(), 1u);
  MemorySource copy(letter);
  EXPECT_EQ(s.scan_member(copy, member("b/kopi.txt", letter.size()), v), MemberRoute::Copy);
  ASSERT_EQ(v.findings.size(), 2u);
  EXPECT_EQ(v.findings[1].members, std::vector<std::string>{"b/kopi.txt"});
  EXPECT_EQ(v.findings[1].fingerprint, v.findings[0].fingerprint);

  const std::string big = std::string(5000, 'x') + "\n" + letter;
  MemorySource large(big);
  EXPECT_EQ(s.scan_member(large, member("stor.txt", 0), v), MemberRoute::Streamed);
  ASSERT_EQ(v.findings.size(), 3u);
  EXPECT_EQ(v.findings[2].members, std::vector<std::string>{"stor.txt"});

  ItemInfo deep = member("dyb.txt", letter.size());
  deep.depth = limits_.max_depth + 1;
  MemorySource unread(letter);
  EXPECT_EQ(s.scan_member(unread, deep, v), MemberRoute::Refused);
  ASSERT_EQ(v.problems.size(), 1u);
  EXPECT_EQ(v.problems[0].detail, "nesting deeper than 16 (--max-depth)");

  // Unreadable within what is read whole: not scanned, its problem says why. Beyond: streamed, its
  // extractor scans what came, then meets the failure.
  FailingSource early(letter, 10);
  EXPECT_EQ(s.scan_member(early, member("skadet.txt", 0), v), MemberRoute::Refused);
  ASSERT_EQ(v.problems.size(), 2u);
  EXPECT_EQ(v.problems[1].kind, ProblemKind::Unreadable);
  EXPECT_EQ(v.problems[1].members, std::vector<std::string>{"skadet.txt"});
  limits_.read_chunk_bytes = 4096;  // the text extractor's reads: the failure comes after the letter's
  FailingSource late(big + big + big, 3 * 4096 + 100);
  EXPECT_EQ(s.scan_member(late, member("skadet_sent.txt", 0), v), MemberRoute::Streamed);
  EXPECT_EQ(v.findings.size(), 4u);
  EXPECT_EQ(v.findings[3].members, std::vector<std::string>{"skadet_sent.txt"});
  EXPECT_EQ(v.problems.size(), 3u);
}

TEST_F(ItemScannerTest, VanishedFileIsAScanError) {
  TempDir t;
  const auto p = t.write("gone.txt", "x");
  ::unlink(p.c_str());  // listed, then deleted before it was opened
  const auto v = scan(p);
  ASSERT_EQ(v.problems.size(), 1u);
  EXPECT_EQ(v.problems[0].kind, ProblemKind::Vanished);
}

TEST_F(ItemScannerTest, SymlinkSwappedInIsNotFollowed) {
  TempDir t;
  t.write("target.txt", "CPR 150643-1006");
  ASSERT_EQ(::symlink((t / "target.txt").c_str(), (t / "swapped.txt").c_str()), 0);
  const auto v = scan(t / "swapped.txt");
  EXPECT_TRUE(v.findings.empty());
  ASSERT_EQ(v.problems.size(), 1u);
}

TEST_F(ItemScannerTest, ReadingDoesNotChangeAccessTime) {
  TempDir t;
  const auto p = t.write("old.txt", "CPR 150643-1006 og mere tekst");
  // An access time older than the modification time: with relatime, a plain read would update it.
  struct timeval times[2] = {{1000000000, 0}, {1600000000, 0}};
  ASSERT_EQ(::utimes(p.c_str(), times), 0);
  scan(p);
  struct stat st;
  ASSERT_EQ(::stat(p.c_str(), &st), 0);
  EXPECT_EQ(st.st_atim.tv_sec, 1000000000);
  EXPECT_EQ(st.st_mtim.tv_sec, 1600000000);
}

TEST_F(ItemScannerTest, ReadingAPdfDoesNotChangeAccessTime) {
  TempDir t;
  const auto p = t.write("notat.pdf", testing::read_file(std::string(DATAVAGT_SOURCE_DIR) +
                                                        "/tests/extractors/fixtures/pdf/notat.pdf"));
  struct timeval times[2] = {{1000000000, 0}, {1600000000, 0}};
  ASSERT_EQ(::utimes(p.c_str(), times), 0);
  const auto v = scan(p);
  EXPECT_EQ(v.format, "pdf");
  EXPECT_FALSE(v.findings.empty());
  struct stat st;
  ASSERT_EQ(::stat(p.c_str(), &st), 0);
  EXPECT_EQ(st.st_atim.tv_sec, 1000000000);  // read through the scanner's O_NOATIME descriptor
}

TEST_F(ItemScannerTest, FormatsWithoutExtractorAreReportedNotSkipped) {
  TempDir t;
  // A compound file that is none of the Office or Outlook formats (a Thumbs.db-like store): no extractor.
  const auto p = t.write("rapport.dat", testing::compound_file({{"Catalog", std::string(64, 'x')}}));
  const auto v = scan(p);
  EXPECT_EQ(v.format, "ole2");
  ASSERT_EQ(v.problems.size(), 1u);
  EXPECT_EQ(v.problems[0].kind, ProblemKind::UnsupportedFormat);
}

TEST_F(ItemScannerTest, LegacyWordDocumentIsScannedWithoutChangingAccessTime) {
  TempDir t;
  const auto p = t.write("brev.doc", testing::read_file(std::string(DATAVAGT_SOURCE_DIR) +
                                                        "/tests/extractors/fixtures/ole2/brev.doc"));
  struct timeval times[2] = {{1000000000, 0}, {1600000000, 0}};
  ASSERT_EQ(::utimes(p.c_str(), times), 0);
  const auto v = scan(p);
  EXPECT_EQ(v.format, "ole2");
  EXPECT_TRUE(v.problems.empty());
  EXPECT_FALSE(v.findings.empty());  // 150643-1006 in the header
  struct stat st;
  ASSERT_EQ(::stat(p.c_str(), &st), 0);
  EXPECT_EQ(st.st_atim.tv_sec, 1000000000);
}

// A Word document attached to an Outlook message: the finding names the attachment and the part.
TEST_F(ItemScannerTest, WordAttachmentOfAnOutlookMessage) {
  auto tree = testing::compound_tree(testing::read_file(std::string(DATAVAGT_SOURCE_DIR) +
                                                        "/tests/fixtures/mail/testMSG_att_doc.msg"));
  tree["__attach_version1.0_#00000000/__substg1.0_37010102"] =
      testing::read_file(std::string(DATAVAGT_SOURCE_DIR) + "/tests/extractors/fixtures/ole2/brev.doc");
  TempDir t;
  const auto v = scan(t.write("besked.msg", testing::compound_file(tree)));
  EXPECT_EQ(v.format, "ole2");
  EXPECT_TRUE(v.problems.empty()) << v.problems.front().detail;
  bool in_header = false;
  for (const auto& f : v.findings) {
    EXPECT_EQ(f.members, std::vector<std::string>{"test-unicode.doc"});
    if (f.where.part == "header") in_header = true;  // 150643-1006 in the letter's header
  }
  EXPECT_TRUE(in_header);
}

TEST_F(ItemScannerTest, PdfFindingsSayTheirPage) {
  const auto v = scan(std::string(DATAVAGT_SOURCE_DIR) + "/tests/extractors/fixtures/pdf/med_bilag.pdf");
  EXPECT_EQ(v.format, "pdf");
  EXPECT_TRUE(v.problems.empty());
  ASSERT_EQ(v.findings.size(), 2u);
  for (const auto& f : v.findings) {
    if (f.members.empty()) {
      EXPECT_EQ(f.where.page, 2u);  // 010190-1234 on page 2
    } else {
      EXPECT_EQ(f.members, std::vector<std::string>{"bilag.txt"});  // 020202-4321 in the attachment
    }
  }
}

TEST_F(ItemScannerTest, PagesWithoutTextAreANote) {
  const auto v = scan(std::string(DATAVAGT_SOURCE_DIR) + "/tests/extractors/fixtures/pdf/notat.pdf");
  EXPECT_TRUE(v.problems.empty());
  EXPECT_EQ(v.notes, std::vector<std::string>{"1 of 4 pages without text, read with OCR"});
}

// Images are read with OCR (extractors/image/): one that cannot be decoded is `corrupt`, and the bytes after
// its header are never taken for text.
TEST_F(ItemScannerTest, ADamagedImageIsCorruptNotText) {
  TempDir t;
  const auto p = t.write("foto.jpg", "\xFF\xD8\xFF\xE0 jpeg data 150643-1006");
  const auto v = scan(p);
  EXPECT_EQ(v.format, "image");
  ASSERT_EQ(v.problems.size(), 1u);
  EXPECT_EQ(v.problems[0].kind, ProblemKind::Corrupt);
  EXPECT_TRUE(v.findings.empty());
}

TEST_F(ItemScannerTest, UnreadableFileIsPermissionDenied) {
  TempDir t;
  const auto p = t.write("hemmelig.txt", "x");
  ASSERT_EQ(::chmod(p.c_str(), 0000), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    if (::geteuid() == 0) {
      ::setgroups(0, nullptr);
      if (::setgid(65534) != 0 || ::setuid(65534) != 0) _exit(3);
    }
    const auto v = scan(p);
    _exit(v.problems.size() == 1 && v.problems[0].kind == ProblemKind::PermissionDenied ? 0 : 1);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace datavagt
