// The archive extractor over each format libarchive reads: members are handed on whole, under their names;
// compressed single files as one member named after the file; bounds as `limit` problems.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/extractors/extract_util.h"
#include "tests/support/make_archive.h"
#include "tests/support/temp_dir.h"

namespace datavagt {
namespace {

using testing::ArchiveFormat;
using testing::ArchiveMember;
using testing::Compression;

const std::string kLetter = "Kære borger\nCPR 150643-1006\n";
const std::string kList = "navn;cpr\nÅse;150643-1006\n";

// Sniffs `bytes` (expecting `format`) and runs its extractor over them as the item `name`.
testing::Recorded scan(const std::string& bytes, FormatId format, const std::string& name = "arkiv",
                       Limits limits = {}) {
  EXPECT_EQ(sniff_format(std::string_view(bytes).substr(0, kSniffBytes), bytes.size()), format) << name;
  return testing::record(format, bytes, name, limits);
}

void expect_members(const testing::Recorded& r, const std::vector<ArchiveMember>& want) {
  ASSERT_EQ(r.members.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(r.members[i].info.location.members, std::vector<std::string>{want[i].name});
    EXPECT_EQ(r.members[i].bytes, want[i].bytes) << want[i].name;
    EXPECT_EQ(r.members[i].info.depth, 1u);
  }
  for (const auto& p : r.problems) ADD_FAILURE() << to_string(p.kind) << ": " << p.detail;
}

const std::vector<ArchiveMember> kMembers = {{"brev.txt", kLetter}, {"mappe/liste.csv", kList}};

TEST(Archive, Zip) {
  expect_members(scan(testing::make_archive(ArchiveFormat::Zip, kMembers), FormatId::Zip), kMembers);
  expect_members(scan(testing::make_archive(ArchiveFormat::StoredZip, kMembers), FormatId::Zip), kMembers);
}

TEST(Archive, TarInEveryDialect) {
  for (auto f : {ArchiveFormat::Ustar, ArchiveFormat::Pax, ArchiveFormat::GnuTar})
    expect_members(scan(testing::make_archive(f, kMembers), FormatId::Tar), kMembers);
}

TEST(Archive, CompressedTarballs) {
  const std::pair<Compression, FormatId> kinds[] = {{Compression::Gzip, FormatId::Gzip},
                                                    {Compression::Bzip2, FormatId::Bzip2},
                                                    {Compression::Xz, FormatId::Xz},
                                                    {Compression::Zstd, FormatId::Zstd}};
  for (const auto& [c, f] : kinds)
    expect_members(scan(testing::make_archive(ArchiveFormat::Pax, kMembers, c), f, "arkiv.tar.x"), kMembers);
}

TEST(Archive, CompressedSingleFileIsOneMemberNamedAfterTheFile) {
  const std::pair<Compression, FormatId> kinds[] = {{Compression::Gzip, FormatId::Gzip},
                                                    {Compression::Bzip2, FormatId::Bzip2},
                                                    {Compression::Xz, FormatId::Xz},
                                                    {Compression::Zstd, FormatId::Zstd}};
  for (const auto& [c, f] : kinds) {
    const auto r = scan(testing::compress(kLetter, c), f, "/share/brev.txt.gz");
    expect_members(r, {{"brev.txt", kLetter}});
  }
  // In another archive: named after the member.
  auto r = scan(testing::compress(kLetter, Compression::Xz), FormatId::Xz, "");
  ASSERT_EQ(r.members.size(), 1u);
  // A gzip header's original name wins over the file's.
  r = scan(testing::with_gzip_name(testing::compress(kLetter, Compression::Gzip), "original.txt"), FormatId::Gzip,
           "/share/x.gz");
  expect_members(r, {{"original.txt", kLetter}});
  // .tgz -> .tar
  r = scan(testing::compress(kLetter, Compression::Gzip), FormatId::Gzip, "/share/arkiv.tgz");
  expect_members(r, {{"arkiv.tar", kLetter}});
}

// Decompressed data that starts with 1024 zero bytes is an empty tar to libarchive: read again as one member.
TEST(Archive, CompressedFileStartingWithZerosIsNotAnEmptyTar) {
  const std::string image = std::string(4096, '\0') + kLetter;
  for (auto c : {Compression::Gzip, Compression::Xz}) {
    const auto r = scan(testing::compress(image, c), c == Compression::Gzip ? FormatId::Gzip : FormatId::Xz,
                        "/share/disk.img.gz");
    expect_members(r, {{"disk.img", image}});
  }
}

TEST(Archive, Cpio) {
  expect_members(scan(testing::make_archive(ArchiveFormat::CpioNewc, kMembers), FormatId::Cpio), kMembers);
  expect_members(scan(testing::make_archive(ArchiveFormat::CpioOdc, kMembers), FormatId::Cpio), kMembers);
}

TEST(Archive, SevenZipFromMemory) {
  expect_members(scan(testing::make_archive(ArchiveFormat::SevenZip, kMembers), FormatId::SevenZip), kMembers);
}

// RAR (read by libarchive; stored members here: no tool on Debian main writes RAR, so the test writes it).
TEST(Archive, Rar) {
  expect_members(scan(testing::stored_rar(kMembers), FormatId::Rar), kMembers);
}

TEST(Archive, EncryptedRarMemberIsReportedWithItsLocation) {
  const auto r = scan(testing::stored_rar({{"hemmelig.txt", kLetter}}, true), FormatId::Rar);
  EXPECT_TRUE(r.members.empty());
  ASSERT_TRUE(r.has_problem(ProblemKind::Encrypted));
  for (const auto& p : r.problems)
    if (p.kind == ProblemKind::Encrypted) {
      EXPECT_EQ(p.members, std::vector<std::string>{"hemmelig.txt"});
    }
}

TEST(Archive, Iso9660) {
  const std::string iso = testing::make_archive(ArchiveFormat::Iso9660, kMembers);
  ASSERT_GE(iso.size(), kLongSniffBytes);
  EXPECT_EQ(sniff_format(std::string_view(iso).substr(0, kSniffBytes), iso.size()), FormatId::Binary);
  EXPECT_EQ(sniff_format(std::string_view(iso).substr(0, kLongSniffBytes), iso.size()), FormatId::Iso9660);
  const auto r = testing::record(FormatId::Iso9660, iso, "cd.iso", Limits{});
  ASSERT_EQ(r.members.size(), 2u);
  for (const auto& p : r.problems) ADD_FAILURE() << to_string(p.kind) << ": " << p.detail;
  // ISO 9660 level 1 names are upper case and short; libarchive gives the Rock Ridge / Joliet names when there.
  std::string all;
  for (const auto& m : r.members) all += m.bytes;
  EXPECT_NE(all.find("150643-1006"), std::string::npos);
}

TEST(Archive, EncryptedMemberIsReportedWithItsLocation) {
  const std::string zip = testing::with_encrypted_flag(
      testing::make_archive(ArchiveFormat::StoredZip, {{"hemmelig.txt", kLetter}}));
  const auto r = scan(zip, FormatId::Zip);
  EXPECT_TRUE(r.members.empty());
  ASSERT_TRUE(r.has_problem(ProblemKind::Encrypted));
  for (const auto& p : r.problems)
    if (p.kind == ProblemKind::Encrypted) {
      EXPECT_EQ(p.members, std::vector<std::string>{"hemmelig.txt"});
    }
}

std::string fixture(const std::string& name) {
  return testing::read_file(std::string(DATAVAGT_SOURCE_DIR) + "/tests/extractors/fixtures/archive/" + name);
}

// Zip64 records and sizes in data descriptors (a zip written to a pipe): read from the local headers.
TEST(Archive, Zip64AndDataDescriptors) {
  const std::string letter = "Kaere borger\nCPR 150643-1006\n";
  expect_members(scan(fixture("zip64.zip"), FormatId::Zip), {{"brev.txt", letter}});
  expect_members(scan(fixture("data_descriptor.zip"), FormatId::Zip),
                 {{"brev.txt", letter}, {"liste.csv", "navn;cpr\nAse;150643-1006\n"}});
}

// Made with 7-Zip (password protected, see make_zips.py): never silently skipped.
TEST(Archive, RealEncryptionIsReported) {
  for (const char* name : {"zipcrypto.zip", "aes.zip", "encrypted.7z"}) {
    const std::string bytes = fixture(name);
    const auto r = testing::record(sniff_format(bytes, bytes.size()), bytes, name, Limits{});
    EXPECT_TRUE(r.members.empty()) << name;
    ASSERT_EQ(r.problems.size(), 1u) << name;
    EXPECT_EQ(r.problems[0].kind, ProblemKind::Encrypted) << name;
    EXPECT_EQ(r.problems[0].members, std::vector<std::string>{"brev.txt"}) << name;
  }
  const std::string names = fixture("encrypted_names.7z");  // the member names are encrypted too
  const auto r = scan(names, FormatId::SevenZip);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].kind, ProblemKind::Encrypted);
  EXPECT_TRUE(r.problems[0].members.empty());
}

TEST(Archive, CorruptArchiveIsAProblemNotACrash) {
  std::string tgz = testing::make_archive(ArchiveFormat::Pax, kMembers, Compression::Gzip);
  const auto cut = scan(tgz.substr(0, tgz.size() / 2), FormatId::Gzip);
  EXPECT_TRUE(cut.has_problem(ProblemKind::Corrupt));
  std::string zip = testing::make_archive(ArchiveFormat::Zip, kMembers);
  for (std::size_t i = 40; i < zip.size(); i += 13) zip[i] = static_cast<char>(zip[i] ^ 0x5a);
  const auto garbled = scan(zip, FormatId::Zip);
  EXPECT_FALSE(garbled.problems.empty());
  // Gzip magic without gzip data.
  const auto fake = scan(std::string("\x1F\x8B\x08\x00garbage garbage garbage", 27), FormatId::Gzip);
  EXPECT_TRUE(fake.has_problem(ProblemKind::Corrupt));
  EXPECT_TRUE(fake.members.empty());
}

TEST(Archive, MemberCountIsBounded) {
  std::vector<ArchiveMember> many;
  for (int i = 0; i < 30; ++i) many.push_back({'m' + std::to_string(i) + ".txt", "x"});
  Limits limits;
  limits.max_members = 10;
  const auto r = scan(testing::make_archive(ArchiveFormat::Zip, many), FormatId::Zip, "arkiv", limits);
  EXPECT_EQ(r.members.size(), 10u);
  ASSERT_TRUE(r.has_problem(ProblemKind::Limit));
  EXPECT_NE(r.problems.back().detail.find("--max-members"), std::string::npos);
}

TEST(Archive, UnpackedBytesPerArchiveAreBounded) {
  Limits limits;
  limits.max_unpacked_bytes = 100;
  const auto r = scan(testing::make_archive(ArchiveFormat::Ustar, {{"a.txt", std::string(80, 'a')},
                                                                   {"b.txt", std::string(80, 'b')},
                                                                   {"c.txt", std::string(80, 'c')}}),
                      FormatId::Tar, "arkiv", limits);
  ASSERT_TRUE(r.has_problem(ProblemKind::Limit));
  EXPECT_LE(r.members.size(), 2u);
  EXPECT_NE(r.problems.back().detail.find("--max-archive-size"), std::string::npos);
}

// One member of zeros, deflated more than 1000:1: cut off by the ratio guard, the next member still read.
TEST(Archive, FlatBombIsCutOffByTheRatioGuard) {
  const std::string zip = testing::make_archive(
      ArchiveFormat::Zip, {{"nuller.bin", std::string(std::size_t{64} << 20, '\0')}, {"brev.txt", kLetter}});
  ASSERT_LT(zip.size(), std::size_t{128} << 10);
  Limits limits;
  const auto r = scan(zip, FormatId::Zip, "bombe.zip", limits);
  ASSERT_TRUE(r.has_problem(ProblemKind::Limit));
  const auto& p = r.problems.front();
  EXPECT_EQ(p.members, std::vector<std::string>{"nuller.bin"});
  EXPECT_NE(p.detail.find("--max-ratio"), std::string::npos);
  ASSERT_EQ(r.members.size(), 2u);
  EXPECT_LT(r.members[0].bytes.size(), std::size_t{64} << 20);
  EXPECT_EQ(r.members[1].bytes, kLetter);
}

TEST(Archive, CompressedStreamBombIsCutOff) {
  const std::string gz = testing::compress(std::string(std::size_t{64} << 20, '\0'), Compression::Gzip);
  const auto r = scan(gz, FormatId::Gzip, "nuller.gz");
  ASSERT_TRUE(r.has_problem(ProblemKind::Limit));
  EXPECT_NE(r.problems.front().detail.find("--max-ratio"), std::string::npos);
}

// Many central-directory entries pointing at one local header and its kernel: read from the local headers,
// the zip has one member, so it ends at once.
TEST(Archive, OverlappingEntriesAreReadOnce) {
  const std::string zip = testing::with_overlapping_entries(
      testing::make_archive(ArchiveFormat::Zip, {{"kernel", std::string(std::size_t{8} << 20, '\0')}}), 20000);
  const auto r = scan(zip, FormatId::Zip, "overlap.zip");
  EXPECT_EQ(r.members.size(), 1u);
}

}  // namespace
}  // namespace datavagt
