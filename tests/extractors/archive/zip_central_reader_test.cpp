// Zips read from their central directory where libarchive's streaming read fails (issue 15, items 1 and 2):
// the .NET packaging layout (zip64 data descriptors after local headers without zip64), and the members after
// a damaged one. Fixtures: tests/extractors/fixtures/archive/make_fidelity_zips.py.
#include "extractors/archive/zip_central_reader.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "extractors/archive/zip_member_reader.h"
#include "scanner/file_source.h"
#include "tests/extractors/extract_util.h"
#include "tests/support/temp_dir.h"

namespace datavagt {
namespace {

const std::string kLetter = "Kaere borger\nCPR 150643-1006\n";
const std::string kList = "navn;cpr\nAase;150643-1006\n";

std::string fixture(const std::string& kind, const std::string& name) {
  return testing::read_file(std::string(DATAVAGT_SOURCE_DIR) + "/tests/extractors/fixtures/" + kind + "/" + name);
}

// The extractor of the sniffed format over `bytes`, as an on-disk file (random access through its
// descriptor) and from memory (the zip read again into memory when it must be).
std::vector<testing::Recorded> both_ways(const std::string& bytes, const std::string& name) {
  const FormatId format = sniff_format(std::string_view(bytes).substr(0, kSniffBytes), bytes.size());
  testing::TempDir dir;
  std::vector<testing::Recorded> out;
  auto file = FileSource::open(dir.write(name, bytes));
  EXPECT_TRUE(file.ok());
  if (file.ok()) out.push_back(testing::record(format, **file, name, bytes.size(), Limits{}));
  out.push_back(testing::record(format, bytes, name, Limits{}));
  return out;
}

ReadAt over(const std::string& bytes) {
  return [&bytes](std::uint64_t offset, std::span<char> out) {
    if (offset > bytes.size() || bytes.size() - offset < out.size()) return false;
    std::memcpy(out.data(), bytes.data() + offset, out.size());
    return true;
  };
}

TEST(ZipCentralDirectory, ResolvesZip64SizesAndTheZip64EndRecord) {
  const std::string zip = fixture("archive", "dotnet.zip");
  EXPECT_FALSE(read_plain_zip_directory(over(zip), zip.size(), 1 << 20));  // zip64: not plain
  const auto d = read_zip_central_directory(over(zip), zip.size(), 100);
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->zip64);
  ASSERT_EQ(d->entries.size(), 2u);
  EXPECT_EQ(d->entries[0].name, "brev.txt");
  EXPECT_EQ(d->entries[0].size, kLetter.size());
  EXPECT_TRUE(d->entries[0].zip64);
  EXPECT_EQ(d->entries[1].name, "liste.csv");
  EXPECT_EQ(d->entries[1].size, kList.size());
  EXPECT_FALSE(read_zip_central_directory(over(zip), zip.size(), 1));  // more entries than allowed
  // Cut anywhere: no directory, never a read outside the bytes.
  for (std::size_t cut = 0; cut < zip.size(); ++cut) {
    const std::string part = zip.substr(0, cut);
    EXPECT_FALSE(read_zip_central_directory(over(part), part.size(), 100)) << cut;
  }
}

TEST(ZipCentralReader, DamagedMemberIsItsOwnProblem) {
  const std::string zip = fixture("archive", "damaged_middle.zip");
  auto d = read_zip_central_directory(over(zip), zip.size(), 100);
  ASSERT_TRUE(d);
  ZipCentralReader r(over(zip), zip.size(), std::move(*d), 0);
  std::vector<std::string> got;
  std::vector<bool> failed;
  char buf[7];
  for (;;) {
    auto e = r.next();
    ASSERT_TRUE(e.ok());
    if (!*e) break;
    std::string bytes;
    bool bad = false;
    for (;;) {
      auto n = r.read(buf);
      if (!n) {
        EXPECT_EQ(n.problem().kind, ProblemKind::Corrupt);
        bad = true;
        break;
      }
      if (*n == 0) break;
      bytes.append(buf, *n);
    }
    got.push_back(bytes);
    failed.push_back(bad);
  }
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0], kLetter);
  EXPECT_EQ(failed, (std::vector<bool>{false, true, false}));
  EXPECT_EQ(got[2], kList);
}

// Item 1: a zip as .NET's packaging writes it. Before: `corrupt: damaged member data`, liste.csv lost.
TEST(ZipCentralReader, DotNetPackagingZipIsRead) {
  for (const auto& r : both_ways(fixture("archive", "dotnet.zip"), "pakke.zip")) {
    ASSERT_EQ(r.members.size(), 2u);
    EXPECT_EQ(r.members[0].info.location.members, std::vector<std::string>{"brev.txt"});
    EXPECT_EQ(r.members[0].bytes, kLetter);
    EXPECT_EQ(r.members[1].info.location.members, std::vector<std::string>{"liste.csv"});
    EXPECT_EQ(r.members[1].bytes, kList);
    for (const auto& p : r.problems) ADD_FAILURE() << to_string(p.kind) << ": " << p.detail;
  }
}

TEST(ZipCentralReader, DotNetPackagingDocxIsRead) {
  for (const auto& r : both_ways(fixture("ooxml", "dotnet.docx"), "sag.docx")) {
    EXPECT_TRUE(r.part_has("body", "Borgerens CPR 150643-1006")) << r.text;
    for (const auto& p : r.problems) ADD_FAILURE() << to_string(p.kind) << ": " << p.detail;
  }
}

// Item 2: one damaged member, reported at that member; the members after it are read. Before: the zip ended
// at the damage, liste.csv (and the document's body) never scanned, with no record.
TEST(ZipCentralReader, MembersAfterADamagedOneAreRead) {
  for (const auto& r : both_ways(fixture("archive", "damaged_middle.zip"), "arkiv.zip")) {
    ASSERT_EQ(r.members.size(), 3u);
    EXPECT_EQ(r.members[0].bytes, kLetter);
    EXPECT_EQ(r.members[2].info.location.members, std::vector<std::string>{"liste.csv"});
    EXPECT_EQ(r.members[2].bytes, kList);
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].kind, ProblemKind::Corrupt);
    EXPECT_EQ(r.problems[0].members, std::vector<std::string>{"skadet.txt"});
  }
  for (const auto& r : both_ways(fixture("ooxml", "damaged_middle.docx"), "sag.docx")) {
    EXPECT_TRUE(r.part_has("body", "Borgerens CPR 150643-1006")) << r.text;
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].kind, ProblemKind::Corrupt);
    EXPECT_EQ(r.problems[0].members, std::vector<std::string>{"word/footnotes.xml"});
  }
}

// A zip whose source cannot start over (and is not a file): the damage ends it, as before, and says so.
TEST(ZipCentralReader, WithoutRandomAccessTheDamageEndsTheZip) {
  class OnceSource final : public ByteSource {
   public:
    explicit OnceSource(std::string_view b) : mem_(b) {}
    Result<std::size_t> read(std::span<char> buf) override { return mem_.read(buf); }
    Result<bool> rewind() override { return Problem::make(ProblemKind::Internal, "once"); }

   private:
    MemorySource mem_;
  };
  const std::string zip = fixture("archive", "damaged_middle.zip");
  OnceSource src(zip);
  ZipMemberReader r(src, 1 << 16, Limits{});
  std::size_t entries = 0;
  char buf[4096];
  bool failed = false;
  for (;;) {
    auto e = r.next();
    if (!e || !*e) break;
    ++entries;
    for (;;) {
      auto n = r.read(buf);
      if (!n) {
        failed = true;
        EXPECT_FALSE(r.goes_on_after_failure());
        break;
      }
      if (*n == 0) break;
    }
    if (failed) break;
  }
  EXPECT_TRUE(failed);
  EXPECT_EQ(entries, 2u);
}

}  // namespace
}  // namespace datavagt
