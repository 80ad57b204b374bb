// Members kept across runs in the findings store (scanner/stored_members.h): a copy met in a later run is
// reported exactly as if it had been extracted there, and is not extracted; another rule set, --full and a
// store that cannot be read mean it is read again; what the store keeps has no CPR number in clear.
#include "scanner/stored_members.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "reports/store/sqlite_store.h"
#include "scanner/item_scanner.h"
#include "tests/support/make_archive.h"
#include "tests/support/scanner_fixture.h"
#include "tests/support/temp_dir.h"

namespace datavagt {
namespace {

using testing::ArchiveFormat;
using testing::TempDir;

const std::string kLetter = "Kære borger\nDit CPR-nummer er 150643-1006. Du har diabetes og sclerose.\n";

// One run's view of the store: a writer, a reader, its StoredMembers and KnownMembers.
struct StoreRun {
  StoreRun(const std::string& db, const std::string& decided_by, bool full = false) {
    store::OpenOptions o;
    o.create = true;
    auto main = store::SqliteStore::open(db, o);
    EXPECT_TRUE(main) << (main ? "" : main.problem().detail);
    store::RunStart start;
    start.decided_by = decided_by;
    start.options_json = "{}";
    run = *(*main)->begin_run(start);
    auto r = store::SqliteStore::open(db, o);
    reader = std::move(*r);
    writer = std::make_unique<store::StoreWriter>(std::move(*main), run);
    archive = std::make_unique<StoredMembers>([this] { return reader.get(); }, *writer, decided_by, full);
    known.set_archive(archive.get());
  }
  void end() { ASSERT_TRUE(writer->finish()); }

  store::RunId run = 0;
  std::unique_ptr<store::Store> reader;
  std::unique_ptr<store::StoreWriter> writer;
  std::unique_ptr<StoredMembers> archive;
  KnownMembers known;
};

class StoredMembersTest : public testing::ScannerFixture {
 protected:
  FileVerdict scan(const std::string& path, KnownMembers* known) {
    ItemScanner s(*rules_, ctx_, nullptr, known);
    return s.scan_file(path);
  }
  // Run 1 of the store: a.zip scanned, its members kept.
  void first_run() {
    StoreRun first(db_, "rules-1");
    scan(a_, &first.known);
    first.end();
  }
  TempDir dir_;
  const std::string db_ = dir_ / "store.db";
  // The same attachment under a name with a CPR-like number, in two different archives.
  const std::string inner_ = testing::make_archive(ArchiveFormat::Zip, {{"brev.txt", kLetter}});
  const std::string a_ = dir_.write("a.zip", testing::make_archive(ArchiveFormat::Zip, {{"sag 150643-1006.zip", inner_}}));
  const std::string b_ = dir_.write("b.zip", testing::make_archive(ArchiveFormat::Zip, {{"kopi.zip", inner_},
                                                                                       {"note.txt", "intet her"}}));
};

TEST_F(StoredMembersTest, ACopyInALaterRunIsReportedAsIfExtractedThere) {
  first_run();
  StoreRun second(db_, "rules-1");
  const FileVerdict copy = scan(b_, &second.known);
  EXPECT_EQ(second.known.counts().copies, 1u);
  EXPECT_EQ(second.known.counts().archived, 1u);
  EXPECT_EQ(copy.text_bytes, std::string("intet her").size()) << "kopi.zip and its letter were not extracted";
  const FileVerdict alone = scan(b_, nullptr);
  ASSERT_FALSE(alone.findings.empty());
  EXPECT_EQ(testing::verdict_lines(copy), testing::verdict_lines(alone));
  EXPECT_EQ(copy.findings.front().members, (std::vector<std::string>{"kopi.zip", "brev.txt"}));
  // Met again in the same run: from memory now, not from the store.
  const FileVerdict again = scan(b_, &second.known);
  EXPECT_EQ(second.known.counts().copies, 3u);  // kopi.zip once more, and b's note.txt remembered by the scan above
  EXPECT_EQ(second.known.counts().archived, 1u);
  EXPECT_EQ(testing::verdict_lines(again), testing::verdict_lines(alone));
  second.end();
}

TEST_F(StoredMembersTest, AnotherRuleSetOrFullReadsTheMemberAgain) {
  first_run();
  {
    StoreRun other(db_, "rules-2");
    const FileVerdict v = scan(b_, &other.known);
    EXPECT_EQ(other.known.counts().copies, 0u);
    EXPECT_GT(v.text_bytes, kLetter.size());
    other.end();
  }
  StoreRun full(db_, "rules-1", /*full=*/true);
  scan(b_, &full.known);
  EXPECT_EQ(full.known.counts().copies, 0u);
  full.end();
}

TEST_F(StoredMembersTest, TheStoreKeepsNoCprNumberInClear) {
  {
    StoreRun first(db_, "rules-1");
    const FileVerdict v = scan(a_, &first.known);
    ASSERT_FALSE(v.findings.empty());
    first.end();
  }
  for (const std::string& f : {db_, db_ + "-wal"}) {
    std::ifstream in(f, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(bytes.find("150643-1006"), std::string::npos) << f;
    EXPECT_EQ(bytes.find("1506431006"), std::string::npos) << f;
  }
  // And what comes back names the member masked, as the store names everything.
  StoreRun second(db_, "rules-1");
  const store::ContentHash h = SeenMembers::digest(inner_);
  auto m = second.reader->load_member(h, 1, "rules-1");
  ASSERT_TRUE(m && *m);
  EXPECT_EQ((*m)->where, (std::vector<std::string>{"sag 150643-XXXX.zip"}));
  second.end();
}

TEST(StoredMembers, NoReaderMeansTheMemberIsRead) {
  TempDir dir;
  store::OpenOptions o;
  o.create = true;
  auto s = store::SqliteStore::open(dir / "s.db", o);
  ASSERT_TRUE(s);
  store::StoreWriter writer(std::move(*s), 1);
  StoredMembers archive([] { return nullptr; }, writer, "rules-1", false);
  SeenMembers::Digest d{};
  EXPECT_FALSE(archive.find(d, 1));
  ASSERT_TRUE(writer.finish());
}

}  // namespace
}  // namespace datavagt
