// Members met again in another file of the run (scanner/known_members.h): a copy is reported exactly as if it
// had been extracted at its own place, with its own file's time; nothing that depends on the moment or on the
// depth is kept; memory stays bounded.
#include "scanner/known_members.h"

#include <gtest/gtest.h>

#include "scanner/item_scanner.h"
#include "tests/support/make_archive.h"
#include "tests/support/scan_text.h"
#include "tests/support/scanner_fixture.h"
#include "tests/support/temp_dir.h"

namespace datavagt {
namespace {

using testing::ArchiveFormat;
using testing::TempDir;

const std::string kLetter = "Kære borger\nDit CPR-nummer er 150643-1006. Du har diabetes og sclerose.\n";

class KnownMembersTest : public testing::ScannerFixture {
 protected:
  FileVerdict scan(const std::string& path, KnownMembers* known) {
    ItemScanner s(*rules_, ctx_, nullptr, known);
    return s.scan_file(path);
  }
  TempDir dir_;
};

TEST_F(KnownMembersTest, ACopyInAnotherFileIsReportedAsIfExtractedThere) {
  const std::string inner = testing::make_archive(ArchiveFormat::Zip, {{"brev.txt", kLetter}});
  const std::string a = dir_.write("a.zip", testing::make_archive(ArchiveFormat::Zip, {{"sag/bilag.zip", inner}}));
  const std::string b = dir_.write("b.zip", testing::make_archive(ArchiveFormat::Zip, {{"andet/kopi.zip", inner},
                                                                                      {"brev.txt", kLetter}}));
  KnownMembers known;
  const FileVerdict first = scan(a, &known);
  const FileVerdict second = scan(b, &known);
  // andet/kopi.zip is a copy of a's sag/bilag.zip (both one level down): neither it nor its letter is extracted
  // again. b's own brev.txt is one level higher than the letter in a: read.
  EXPECT_EQ(known.counts().copies, 1u);
  EXPECT_EQ(second.text_bytes, kLetter.size());
  // Reported exactly as a scanner that never saw a.zip reports b.zip.
  const FileVerdict alone = scan(b, nullptr);
  ASSERT_FALSE(alone.findings.empty());
  EXPECT_EQ(testing::verdict_lines(second), testing::verdict_lines(alone));
  EXPECT_EQ(second.findings.front().members, (std::vector<std::string>{"andet/kopi.zip", "brev.txt"}));
  EXPECT_EQ(first.findings.size() * 2, alone.findings.size());
}

TEST_F(KnownMembersTest, AMemberMetAtAnotherDepthIsExtractedAgain) {
  const std::string inner = testing::make_archive(ArchiveFormat::Zip, {{"brev.txt", kLetter}});
  KnownMembers known;
  scan(dir_.write("a.zip", testing::make_archive(ArchiveFormat::Zip, {{"bilag.zip", inner}})), &known);
  const std::string x = testing::make_archive(ArchiveFormat::Zip, {{"bilag.zip", inner}});
  const FileVerdict deeper = scan(dir_.write("b.zip", testing::make_archive(ArchiveFormat::Zip, {{"x.zip", x}})), &known);
  EXPECT_EQ(known.counts().copies, 0u);
  EXPECT_GT(deeper.text_bytes, 0u);
}

// Times: a finding whose time was "its file's" in the first file gets the copy's file's time; a member with a
// time of its own (a mail's Date) keeps it; the copy's own member time replaces the first copy's.
TEST(KnownMembers, FindingTimesFollowTheCopy) {
  KnownMembers known;
  SeenMembers::Digest d{};
  d.fill(7);
  FileVerdict first;
  first.info.mtime = 1000;
  ItemInfo at = first.info.member(Location{"/a.zip", {"m.txt"}}, 10);
  Finding own;  // the member's time is its file's: 0
  own.members = {"m.txt"};
  Finding dated;  // nested in the member, with a time of its own
  dated.members = {"m.txt", "mail.eml"};
  dated.member_time = 5000;
  first.findings = {own, dated};
  known.remember(d, at, first, ScannedMember::from(at, first, 0, 0, 0));

  FileVerdict copy;
  copy.info.mtime = 2000;
  ItemInfo there = copy.info.member(Location{"/b.zip", {"x/n.txt"}}, 10);
  ASSERT_TRUE(known.copy_if_known(d, there, copy));
  ASSERT_EQ(copy.findings.size(), 2u);
  EXPECT_EQ(copy.findings[0].member_time, 0) << "the copy's own file's time";
  EXPECT_EQ(copy.findings[0].members, (std::vector<std::string>{"x/n.txt"}));
  EXPECT_EQ(copy.findings[1].member_time, 5000);
  EXPECT_EQ(copy.findings[1].members, (std::vector<std::string>{"x/n.txt", "mail.eml"}));

  FileVerdict dated_copy;  // a copy that has a time of its own (an attachment of a mail with a Date)
  dated_copy.info.mtime = 2000;
  ItemInfo mail = dated_copy.info.member(Location{"/c.mbox", {"1", "m.txt"}}, 10);
  mail.mtime = 3000;
  ASSERT_TRUE(known.copy_if_known(d, mail, dated_copy));
  EXPECT_EQ(dated_copy.findings[0].member_time, 3000);
  EXPECT_EQ(dated_copy.findings[1].member_time, 5000);
}

TEST(KnownMembers, ResultsOfTheMomentAreNotKept) {
  KnownMembers known;
  SeenMembers::Digest d{};
  d.fill(1);
  FileVerdict v;
  ItemInfo at = v.info.member(Location{"/a.zip", {"m"}}, 10);
  v.problems.push_back(Problem{ProblemKind::Limit, "stopped after --max-seconds 120", {"m"}});
  known.remember(d, at, v, ScannedMember::from(at, v, 0, 0, 0));
  v.problems = {Problem{ProblemKind::Corrupt, "damaged member data", {"m"}}};  // the bytes' own: kept
  SeenMembers::Digest e{};
  e.fill(2);
  known.remember(e, at, v, ScannedMember::from(at, v, 0, 0, 0));
  FileVerdict out;
  EXPECT_FALSE(known.copy_if_known(d, at, out));
  EXPECT_TRUE(known.copy_if_known(e, at, out));
  EXPECT_EQ(known.counts().kept, 1u);
}

TEST(KnownMembers, MemoryIsBoundedByTwoGenerations) {
  KnownMembers known(64 * 1024);
  FileVerdict v;
  ItemInfo at = v.info.member(Location{"/a.zip", {"m"}}, 10);
  Finding f;
  f.context = std::string(900, 'x');
  f.members = {"m"};
  v.findings = {f};
  SeenMembers::Digest d{};
  for (int i = 0; i < 1000; ++i) {
    d[0] = static_cast<unsigned char>(i & 0xff);
    d[1] = static_cast<unsigned char>(i >> 8);
    known.remember(d, at, v, ScannedMember::from(at, v, 0, 0, 0));
  }
  EXPECT_EQ(known.counts().kept, 1000u);
  std::size_t still = 0;
  for (int i = 0; i < 1000; ++i) {
    d[0] = static_cast<unsigned char>(i & 0xff);
    d[1] = static_cast<unsigned char>(i >> 8);
    FileVerdict out;
    if (known.copy_if_known(d, at, out)) ++still;
  }
  EXPECT_LT(still, 200u) << "at most two generations of 64 KiB of ~1 KiB entries";
  EXPECT_GT(still, 20u) << "the most recent are still known";
  d[0] = static_cast<unsigned char>(999 & 0xff);
  d[1] = static_cast<unsigned char>(999 >> 8);
  FileVerdict out;
  EXPECT_TRUE(known.copy_if_known(d, at, out));
}

}  // namespace
}  // namespace datavagt
