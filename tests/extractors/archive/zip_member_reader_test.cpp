// The fast path of ZipMemberReader (central directory + libdeflate, for on-disk files) against libarchive's
// streaming read of the same bytes: the same entries, bytes and failures, for the fixtures and for damaged
// copies of them; and the OOXML extractor's output from a file equal to its output from memory.
#include "extractors/archive/zip_member_reader.h"

#include <gtest/gtest.h>

#include <dirent.h>

#include <algorithm>
#include <string>
#include <vector>

#include "extractors/le_bytes.h"
#include "scanner/file_source.h"
#include "tests/extractors/extract_util.h"
#include "tests/support/temp_dir.h"

namespace datavagt {
namespace {

std::string fixture_dir(const std::string& kind) {
  return std::string(DATAVAGT_SOURCE_DIR) + "/tests/extractors/fixtures/" + kind + "/";
}

std::vector<std::string> zip_fixtures() {
  std::vector<std::string> out;
  for (const std::string kind : {"ooxml", "odf", "archive"}) {
    DIR* d = ::opendir(fixture_dir(kind).c_str());
    if (!d) continue;
    while (dirent* e = ::readdir(d)) {
      const std::string name = e->d_name;
      for (const std::string ext : {".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".zip"})
        if (name.size() > ext.size() && name.ends_with(ext)) out.push_back(fixture_dir(kind) + name);
    }
    ::closedir(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Everything a reader says, as text: entries, their bytes (read in `chunk`-byte pieces), failures.
template <class Reader>
std::string transcript(Reader& r, std::size_t chunk) {
  std::string t;
  std::vector<char> buf(chunk);
  for (int guard = 0; guard < 10000; ++guard) {
    auto e = r.next();
    if (!e) return t + "PROBLEM " + std::string(to_string(e.problem().kind)) + " " + e.problem().detail + "\n";
    if (!*e) return t + "END\n";
    const ArchiveEntry& a = **e;
    t += "ENTRY " + a.name + " size=" + (a.size ? std::to_string(*a.size) : "?") + " dir=" +
         std::to_string(a.directory) + " enc=" + std::to_string(a.encrypted) + "\n";
    if (a.directory || a.encrypted) continue;
    for (;;) {
      auto n = r.read(buf);
      if (!n) {
        t += "READ PROBLEM " + std::string(to_string(n.problem().kind)) + " " + n.problem().detail + "\n";
        break;
      }
      if (*n == 0) break;
      t.append(buf.data(), *n);
    }
  }
  return t + "TOO MANY\n";
}

struct Compared {
  std::string fast, stream;
  bool used_fast_path = false;
};

Compared compare(const testing::TempDir& dir, const std::string& name, const std::string& bytes,
                 std::size_t chunk = 64 * 1024) {
  Compared c;
  const std::string path = dir.write(name, bytes);
  auto file = FileSource::open(path);
  EXPECT_TRUE(file.ok());
  if (!file.ok()) return c;
  ZipMemberReader fast(**file, 1 << 20, Limits{});  // the whole file read at once
  c.used_fast_path = fast.fast();
  c.fast = transcript(fast, chunk);
  auto again = FileSource::open(path);
  EXPECT_TRUE(again.ok());
  if (!again.ok()) return c;
  ZipMemberReader by_pread(**again, 512, Limits{});  // directory, headers and members each read with pread
  EXPECT_EQ(by_pread.fast(), c.used_fast_path);
  EXPECT_EQ(transcript(by_pread, chunk), c.fast) << name;
  MemorySource mem(bytes);
  ArchiveReader stream(mem, 1 << 20, ArchiveKind::Zip);
  c.stream = transcript(stream, chunk);
  return c;
}

TEST(ZipMemberReader, SameAsLibarchiveForEveryFixture) {
  testing::TempDir dir;
  const auto files = zip_fixtures();
  ASSERT_GE(files.size(), 10u);
  int fast = 0;
  for (const auto& f : files) {
    const std::string bytes = testing::read_file(f);
    const Compared c = compare(dir, "f.zip", bytes);
    EXPECT_EQ(c.fast, c.stream) << f;
    EXPECT_EQ(compare(dir, "f.zip", bytes, 7).fast, compare(dir, "g.zip", bytes, 7).stream) << f;
    fast += c.used_fast_path;
    const std::string base = f.substr(f.rfind('/') + 1);
    if (base == "brev.docx" || base == "regnskab.xlsx" || base == "moede.pptx") {
      EXPECT_TRUE(c.used_fast_path) << f;
    }
    // Left to libarchive: zip64, encryption.
    if (base == "zip64.zip" || base == "zipcrypto.zip" || base == "aes.zip") {
      EXPECT_FALSE(c.used_fast_path) << f;
    }
  }
  EXPECT_GE(fast, 5);
}

// Where each member's compressed bytes are, from the central directory (for the damage below).
std::vector<std::pair<std::size_t, std::size_t>> member_data(const std::string& zip) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (std::size_t at = zip.find(std::string("PK\x01\x02", 4)); at != std::string::npos && at + 46 <= zip.size();
       at = zip.find(std::string("PK\x01\x02", 4), at + 46)) {
    const std::size_t csize = *le::u32(zip, at + 20);
    const std::size_t local = *le::u32(zip, at + 42);
    out.emplace_back(local + 30 + *le::u16(zip, local + 26) + *le::u16(zip, local + 28), csize);
  }
  return out;
}

TEST(ZipMemberReader, DamagedMembersAreLeftToLibarchive) {
  testing::TempDir dir;
  for (const std::string name : {"brev.docx", "regnskab.xlsx", "edge.docx"}) {
    const std::string good = testing::read_file(fixture_dir("ooxml") + name);
    const auto members = member_data(good);
    ASSERT_GE(members.size(), 2u);
    for (std::size_t m = 0; m < members.size(); ++m) {
      const auto [data, size] = members[m];
      if (size < 4) continue;
      for (const std::size_t where : {std::size_t{0}, size / 2, size - 1}) {
        std::string bad = good;
        bad[data + where] = static_cast<char>(bad[data + where] ^ 0x5A);
        const Compared c = compare(dir, "bad.zip", bad);
        EXPECT_TRUE(c.used_fast_path);  // the directory is intact: damage is found member by member
        EXPECT_EQ(c.fast, c.stream) << name << " member " << m << " byte " << where;
      }
    }
  }
}

TEST(ZipMemberReader, CrcMismatchIsLibarchivesToReport) {
  testing::TempDir dir;
  std::string bad = testing::read_file(fixture_dir("ooxml") + "edge.docx");  // no data descriptors
  // The first member's CRC, changed alike in its local header and in the central directory.
  const std::uint32_t crc = *le::u32(bad, 14);
  const std::size_t central = bad.find(std::string("PK\x01\x02", 4));
  ASSERT_NE(central, std::string::npos);
  ASSERT_EQ(*le::u32(bad, central + 16), crc);
  bad[14] = static_cast<char>(bad[14] ^ 1);
  bad[central + 16] = static_cast<char>(bad[central + 16] ^ 1);
  const Compared c = compare(dir, "crc.zip", bad);
  EXPECT_TRUE(c.used_fast_path);
  EXPECT_EQ(c.fast, c.stream);
  EXPECT_NE(c.stream.find("PROBLEM"), std::string::npos);
}

TEST(ZipMemberReader, TruncatedOrExtendedZipsAreNotPlain) {
  testing::TempDir dir;
  const std::string good = testing::read_file(fixture_dir("ooxml") + "regnskab.xlsx");
  for (std::size_t cut : {good.size() - 1, good.size() - 30, good.size() / 2, std::size_t{100}, std::size_t{10}}) {
    const Compared c = compare(dir, "cut.zip", good.substr(0, cut));
    EXPECT_FALSE(c.used_fast_path) << cut;
    EXPECT_EQ(c.fast, c.stream) << cut;
  }
  const Compared junk = compare(dir, "junk.zip", good + "trailing junk");
  EXPECT_FALSE(junk.used_fast_path);
  EXPECT_EQ(junk.fast, junk.stream);
  const Compared front = compare(dir, "front.zip", "PK\x03\x04" + good);
  EXPECT_FALSE(front.used_fast_path);
  EXPECT_EQ(front.fast, front.stream);
}

TEST(ZipMemberReader, MemorySourceUsesLibarchive) {
  const std::string good = testing::read_file(fixture_dir("ooxml") + "brev.docx");
  MemorySource mem(good);
  ZipMemberReader r(mem, 1 << 20, Limits{});
  EXPECT_FALSE(r.fast());
  MemorySource again(good);
  ArchiveReader stream(again, 1 << 20, ArchiveKind::Zip);
  EXPECT_EQ(transcript(r, 4096), transcript(stream, 4096));
}

TEST(ZipMemberReader, MembersLargerThanTheBoundAreLeftToLibarchive) {
  testing::TempDir dir;
  const std::string good = testing::read_file(fixture_dir("ooxml") + "brev.docx");
  const std::string path = dir.write("small.docx", good);
  auto file = FileSource::open(path);
  ASSERT_TRUE(file.ok());
  Limits small;
  small.max_buffered_member_bytes = 16;  // every part is larger
  ZipMemberReader r(**file, 1 << 20, small);
  EXPECT_FALSE(r.fast());
}

// The OOXML extractor reads a file (fast path) and the same bytes in memory (libarchive) alike: the fixtures,
// and copies with a damaged member (the hand-over rewinds the zip extractor's replaying source).
TEST(ZipMemberReader, OoxmlFromFileEqualsFromMemory) {
  testing::TempDir dir;
  std::vector<std::pair<std::string, std::string>> cases;
  for (const auto& f : zip_fixtures())
    if (!f.ends_with(".zip")) cases.emplace_back(f, testing::read_file(f));
  const std::string brev = testing::read_file(fixture_dir("ooxml") + "brev.docx");
  for (const auto& [data, size] : member_data(brev)) {
    if (size < 2) continue;
    std::string bad = brev;
    bad[data + size / 2] = static_cast<char>(bad[data + size / 2] ^ 0x5A);
    cases.emplace_back("brev.docx damaged at " + std::to_string(data + size / 2), bad);
  }
  for (const auto& [f, bytes] : cases) {
    const std::string path = dir.write("doc.bin", bytes);
    auto file = FileSource::open(path);
    ASSERT_TRUE(file.ok());
    const auto from_file = testing::record(FormatId::Ooxml, **file, "sag.docx", bytes.size(), Limits{});
    const auto from_memory = testing::record(FormatId::Ooxml, bytes, "sag.docx", Limits{});
    EXPECT_EQ(from_file.text, from_memory.text) << f;
    EXPECT_EQ(from_file.parts, from_memory.parts) << f;
    ASSERT_EQ(from_file.problems.size(), from_memory.problems.size()) << f;
    for (std::size_t i = 0; i < from_file.problems.size(); ++i)
      EXPECT_EQ(from_file.problems[i].detail, from_memory.problems[i].detail) << f;
    ASSERT_EQ(from_file.members.size(), from_memory.members.size()) << f;
    for (std::size_t i = 0; i < from_file.members.size(); ++i)
      EXPECT_EQ(from_file.members[i].bytes, from_memory.members[i].bytes) << f;
  }
}

}  // namespace
}  // namespace datavagt
