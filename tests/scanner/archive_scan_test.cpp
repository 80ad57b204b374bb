// Archives through the item scanner: findings carry the full member chain, nesting to any depth, bombs end
// quickly with `limit` problems, identical members are matched once and reported everywhere.
#include <gtest/gtest.h>


#include "scanner/item_scanner.h"
#include "tests/support/make_archive.h"
#include "tests/support/scan_text.h"
#include "tests/support/scanner_fixture.h"
#include "tests/support/temp_dir.h"

namespace datavagt {
namespace {

using testing::ArchiveFormat;
using testing::Compression;
using testing::TempDir;
using Members = std::vector<std::string>;

const std::string kLetter = "Kære borger\nDit CPR-nummer er 150643-1006.\n";

class ArchiveScanTest : public testing::ScannerFixture {
 protected:
  FileVerdict scan(const std::string& path) {
    ItemScanner s(*rules_, ctx_);
    auto v = s.scan_file(path);
    member_bytes_ = s.member_bytes_read();
    return v;
  }
  // The member chains of the CPR findings.
  static std::vector<Members> cpr_places(const FileVerdict& v) {
    std::vector<Members> out;
    for (const auto& f : v.findings)
      if (f.kind == FindingKind::Cpr) out.push_back(f.members);
    return out;
  }
  static bool has_limit(const FileVerdict& v, std::string_view option) {
    for (const auto& p : v.problems)
      if (p.kind == ProblemKind::Limit && p.detail.find(option) != std::string::npos) return true;
    return false;
  }
  std::uint64_t member_bytes_ = 0;  // what the last scan read from members (ItemScanner::member_bytes_read)
  TempDir dir_;
};

TEST_F(ArchiveScanTest, EveryArchiveTypeCarriesItsFindingToTheMember) {
  struct Case {
    std::string file;
    std::string bytes;
    std::string format;
    Members where;
  };
  const std::vector<testing::ArchiveMember> members = {{"sager/brev.txt", kLetter}};
  const Case cases[] = {
      {"a.zip", testing::make_archive(ArchiveFormat::Zip, members), "zip", {"sager/brev.txt"}},
      {"a.tar", testing::make_archive(ArchiveFormat::GnuTar, members), "tar", {"sager/brev.txt"}},
      {"a.tar.gz", testing::make_archive(ArchiveFormat::Pax, members, Compression::Gzip), "gzip", {"sager/brev.txt"}},
      {"a.tar.bz2", testing::make_archive(ArchiveFormat::Ustar, members, Compression::Bzip2), "bzip2",
       {"sager/brev.txt"}},
      {"a.tar.xz", testing::make_archive(ArchiveFormat::Pax, members, Compression::Xz), "xz", {"sager/brev.txt"}},
      {"a.tar.zst", testing::make_archive(ArchiveFormat::Pax, members, Compression::Zstd), "zstd",
       {"sager/brev.txt"}},
      {"brev.txt.gz", testing::compress(kLetter, Compression::Gzip), "gzip", {"brev.txt"}},
      {"brev.txt.bz2", testing::compress(kLetter, Compression::Bzip2), "bzip2", {"brev.txt"}},
      {"brev.txt.xz", testing::compress(kLetter, Compression::Xz), "xz", {"brev.txt"}},
      {"brev.txt.zst", testing::compress(kLetter, Compression::Zstd), "zstd", {"brev.txt"}},
      {"a.7z", testing::make_archive(ArchiveFormat::SevenZip, members), "7z", {"sager/brev.txt"}},
      {"a.cpio", testing::make_archive(ArchiveFormat::CpioNewc, members), "cpio", {"sager/brev.txt"}},
      {"a.iso", testing::make_archive(ArchiveFormat::Iso9660, {{"brev.txt", kLetter}}), "iso9660", {"brev.txt"}},
  };
  for (const auto& c : cases) {
    const auto v = scan(dir_.write(c.file, c.bytes));
    EXPECT_EQ(v.format, c.format) << c.file;
    EXPECT_EQ(cpr_places(v), std::vector<Members>{c.where}) << c.file;
    for (const auto& p : v.problems) ADD_FAILURE() << c.file << ": " << to_string(p.kind) << " " << p.detail;
  }
}

TEST_F(ArchiveScanTest, NestedArchivesGiveTheFullLocation) {
  const std::string c = testing::make_archive(ArchiveFormat::Zip, {{"d.txt", kLetter}});
  const std::string b = testing::make_archive(ArchiveFormat::Pax, {{"c.zip", c}}, Compression::Gzip);
  const std::string a = testing::make_archive(ArchiveFormat::Zip, {{"b.tar.gz", b}, {"readme.txt", "hej"}});
  const auto v = scan(dir_.write("a.zip", a));
  EXPECT_TRUE(v.problems.empty());
  EXPECT_EQ(cpr_places(v), (std::vector<Members>{{"b.tar.gz", "c.zip", "d.txt"}}));
  Location where;
  where.path = "a.zip";
  where.members = cpr_places(v).at(0);
  EXPECT_EQ(where.display(), "a.zip!/b.tar.gz!/c.zip!/d.txt");
}

TEST_F(ArchiveScanTest, OfficeFilesInAnArchiveAreStillDocuments) {
  const std::string docx = testing::read_file(std::string(DATAVAGT_SOURCE_DIR) + "/tests/extractors/fixtures/ooxml/brev.docx");
  const auto v = scan(dir_.write("a.zip", testing::make_archive(ArchiveFormat::Zip, {{"brev.docx", docx}})));
  ASSERT_FALSE(v.findings.empty());
  EXPECT_EQ(v.findings[0].members, Members{"brev.docx"});
  EXPECT_EQ(v.findings[0].where.part, "body");
}

TEST_F(ArchiveScanTest, IdenticalMembersAreMatchedOnceAndReportedEverywhere) {
  const std::string inner = testing::make_archive(ArchiveFormat::Zip, {{"brev.txt", kLetter}});
  const auto v = scan(dir_.write("kopier.zip", testing::make_archive(ArchiveFormat::Zip, {{"1/brev.txt", kLetter},
                                                                                         {"2/brev.txt", kLetter},
                                                                                         {"x.zip", inner},
                                                                                         {"y.zip", inner}})));
  EXPECT_EQ(cpr_places(v), (std::vector<Members>{{"1/brev.txt"}, {"2/brev.txt"}, {"x.zip", "brev.txt"},
                                                  {"y.zip", "brev.txt"}}));
  // The letter's text was fed to the matcher once: at 1/brev.txt (x.zip!/brev.txt is the same bytes too).
  EXPECT_EQ(v.text_bytes, kLetter.size());
}

TEST_F(ArchiveScanTest, DepthIsBounded) {
  std::string nested = kLetter;
  for (int i = 0; i < 5; ++i) nested = testing::make_archive(ArchiveFormat::Zip, {{"n.zip", nested}});
  limits_.max_depth = 3;
  const auto v = scan(dir_.write("dyb.zip", nested));
  EXPECT_TRUE(cpr_places(v).empty());
  EXPECT_TRUE(has_limit(v, "--max-depth"));
}

// 42.zip-style: each layer holds 16 copies of the layer below; the bottom, 64 MiB of zeros. Nominally
// 16^4 x 64 MiB = 4 TiB. The copies are matched once; the zeros are cut off by the ratio guard.
TEST_F(ArchiveScanTest, NestedBombIsBoundedByLimits) {
  std::string layer = testing::make_archive(ArchiveFormat::Zip, {{"0.bin", std::string(std::size_t{64} << 20, '\0')}});
  for (int depth = 0; depth < 4; ++depth) {
    std::vector<testing::ArchiveMember> copies;
    for (int i = 0; i < 16; ++i) copies.push_back({std::to_string(i) + ".zip", layer});
    layer = testing::make_archive(ArchiveFormat::Zip, copies);
  }
  ASSERT_LT(layer.size(), std::size_t{1} << 20);
  const auto v = scan(dir_.write("42.zip", layer));
  // Bounded work, not time: each layer and the zeros read once, the zeros only up to ratio_guard_bytes.
  EXPECT_GT(member_bytes_, limits_.ratio_guard_bytes);
  EXPECT_LT(member_bytes_, 2 * limits_.ratio_guard_bytes) << member_bytes_;
  EXPECT_TRUE(has_limit(v, "--max-ratio"));
  EXPECT_TRUE(v.findings.empty());
}

TEST_F(ArchiveScanTest, UnpackedBytesPerFileAreBounded) {
  std::vector<testing::ArchiveMember> members;
  for (int i = 0; i < 10; ++i) members.push_back({std::to_string(i) + ".txt", std::string(1000, 'a' + i)});
  limits_.max_file_unpacked_bytes = 3500;
  const auto v = scan(dir_.write("stor.tar", testing::make_archive(ArchiveFormat::Ustar, members)));
  EXPECT_TRUE(has_limit(v, "--max-unpacked-size"));
  int limits = 0;
  for (const auto& p : v.problems) limits += p.kind == ProblemKind::Limit;
  EXPECT_EQ(limits, 1);  // one problem says why the rest is missing
}

TEST_F(ArchiveScanTest, TimeBudgetStopsTheFile) {
  limits_.max_seconds_per_file = 1e-9;
  const auto v = scan(dir_.write("a.tar", testing::make_archive(ArchiveFormat::Ustar, {{"brev.txt", kLetter}})));
  EXPECT_TRUE(has_limit(v, "--max-seconds"));
  EXPECT_TRUE(v.findings.empty());
  limits_.max_seconds_per_file = 0;  // none
  EXPECT_EQ(cpr_places(scan(dir_ / "a.tar")).size(), 1u);
}

TEST_F(ArchiveScanTest, EncryptedMemberIsAProblemAtItsPlace) {
  const std::string zip = testing::with_encrypted_flag(
      testing::make_archive(ArchiveFormat::StoredZip, {{"hemmelig.txt", kLetter}}));
  const auto v = scan(dir_.write("a.zip", zip));
  ASSERT_EQ(v.problems.size(), 1u);
  EXPECT_EQ(v.problems[0].kind, ProblemKind::Encrypted);
  EXPECT_EQ(v.problems[0].members, Members{"hemmelig.txt"});
}

}  // namespace
}  // namespace datavagt
