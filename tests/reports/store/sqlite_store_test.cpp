// The SQLite store: schema versions and migrations, refusing newer, corrupt and foreign files, the round trip
// of files and results, the scan lock, a full disk, purge.
#include "reports/store/sqlite_store.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "detectors/name_scan.h"
#include "reports/store/identity.h"
#include "reports/store/stored_verdict.h"
#include "reports/store/store_writer.h"
#include "tests/support/temp_dir.h"

namespace datavagt::store {
namespace {

using testing::TempDir;

std::unique_ptr<SqliteStore> open_ok(const std::string& path, OpenOptions o = {}) {
  if (!o.read_only) o.create = true;
  auto s = SqliteStore::open(path, o);
  EXPECT_TRUE(s) << (s ? "" : s.problem().detail);
  return s ? std::move(*s) : nullptr;
}

PathKey key_of(std::string_view path) {
  static const Fingerprinter keyed("test-key");
  return path_key(keyed, path);
}

ContentHash hash_of(unsigned char seed) {
  ContentHash h{};
  h.fill(seed);
  return h;
}

FileWrite a_file(std::string_view path, unsigned char content, std::vector<Finding> findings = {}) {
  FileWrite w;
  w.file.path_key = key_of(path);
  w.file.display_path = mask_cpr_numbers(path);
  w.file.root = "/share";
  w.file.size = 100 + content;
  w.file.mtime_ns = 1700000000LL * 1000000000;
  w.file.owner = "anna";
  ResultRecord r;
  r.content_hash = hash_of(content);
  r.decided_by = "rules-1";
  r.format = "text";
  for (auto& f : findings) {
    r.finding_keys.push_back(finding_key(f));
    r.findings.push_back(std::move(f));
  }
  w.new_result = std::move(r);
  return w;
}

Finding a_cpr(std::string masked, std::string fingerprint) {
  Finding f;
  f.kind = FindingKind::Cpr;
  f.severity = Severity::High;
  f.masked = std::move(masked);
  f.fingerprint = std::move(fingerprint);
  f.confidence = 0.9;
  f.context = "cpr 010190-XXXX her";
  f.where.part = "body";
  f.offset = 12;
  f.count = 2;
  return f;
}

RunStart a_run(std::string decided_by = "rules-1") {
  RunStart r;
  r.started_at = 1700000000;
  r.roots = {"/share"};
  r.options_json = "{}";
  r.decided_by = std::move(decided_by);
  r.host = "h";
  r.user = "u";
  return r;
}

TEST(SqliteStore, CreatesAPrivateFileInWalMode) {
  TempDir t;
  const std::string db = t / "s.db";
  auto s = open_ok(db);
  ASSERT_TRUE(s);
  struct stat st {};
  ASSERT_EQ(::stat(db.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_TRUE(s->begin_run(a_run()));
  ASSERT_EQ(::stat((db + "-wal").c_str(), &st), 0) << "WAL mode keeps a -wal file";
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(s->schema_version(), schema_migrations().back().version);
}

// A finding read by OCR keeps its mark (schema version 3): a rescan that takes it from the store still says
// "via":"ocr", with the confidence Tesseract had.
TEST(SqliteStore, AFindingReadByOcrKeepsItsMark) {
  TempDir t;
  auto s = open_ok(t / "s.db");
  auto run = s->begin_run(a_run());
  ASSERT_TRUE(run);
  Finding ocr = a_cpr("150643-XXXX", "cd");
  ocr.where = Position{2, "OCR", 87};
  auto ids = s->write(*run, {a_file("/share/fax.tif", 1, {a_cpr("010190-XXXX", "ab"), ocr})}, {});
  ASSERT_TRUE(ids) << ids.problem().detail;
  auto r = s->load_result((*ids)[0]);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->findings.size(), 2u);
  EXPECT_FALSE(r->findings[0].where.ocr());
  EXPECT_EQ(r->findings[1].where, (Position{2, "OCR", 87}));
}

// A reader keeps one snapshot across load_result calls (a rescan's carried-forward files); a result another
// connection commits after that snapshot began is still found, and the reader's other calls are not caught in
// its transaction.
TEST(SqliteStore, AReaderFindsResultsCommittedAfterItsSnapshotBegan) {
  TempDir t;
  auto writer = open_ok(t / "s.db");
  auto reader = open_ok(t / "s.db");
  ASSERT_TRUE(writer && reader);
  auto run = writer->begin_run(a_run());
  ASSERT_TRUE(run);
  auto first = writer->write(*run, {a_file("/share/a.txt", 1, {a_cpr("010190-XXXX", "ab")})}, {});
  ASSERT_TRUE(first);
  auto a = reader->load_result((*first)[0]);  // begins the reader's snapshot
  ASSERT_TRUE(a) << a.problem().detail;
  EXPECT_EQ(a->findings.size(), 1u);
  auto later = writer->write(*run, {a_file("/share/b.txt", 2, {a_cpr("020290-XXXX", "cd"), a_cpr("030390-XXXX", "ef")})}, {});
  ASSERT_TRUE(later) << later.problem().detail;
  auto b = reader->load_result((*later)[0]);
  ASSERT_TRUE(b) << b.problem().detail;
  ASSERT_EQ(b->findings.size(), 2u);
  EXPECT_EQ(b->findings[1].fingerprint, "ef");
  EXPECT_FALSE(reader->load_result(999999)) << "a result that does not exist is still an error";
  // The reader's snapshot ends before any other call: the index it reads is the newest, and the writer can
  // go on (a held read transaction would not stop it in WAL mode, but its checkpoints would lag).
  auto index = reader->load_index("rules-1");
  ASSERT_TRUE(index) << index.problem().detail;
  EXPECT_EQ(index->size(), 2u);
  ASSERT_TRUE(writer->end_run(*run, RunStatus::Complete, {}, ""));
}

// A sensitive finding's terms come back as written: plain ones (read without a JSON parser), Danish letters,
// and terms with quotes and backslashes (escaped in the stored JSON).
TEST(SqliteStore, TermsComeBackAsWritten) {
  TempDir t;
  auto s = open_ok(t / "s.db");
  auto run = s->begin_run(a_run());
  ASSERT_TRUE(run);
  Finding health;
  health.kind = FindingKind::Health;
  health.severity = Severity::High;
  const std::vector<std::vector<TermCount>> cases = {
      {{"diabetes", 3}, {"sclerose", 1}},
      {{"sygdom", 4294967295u}},
      {{"\"citat\" og \\skråstreg", 2}, {"ærø", 1}},
      {{"a,b]", 1}, {"[x", 2}},
  };
  for (const auto& terms : cases) {
    health.terms = terms;
    auto ids = s->write(*run, {a_file("/share/h.txt", 9, {health})}, {});
    ASSERT_TRUE(ids) << ids.problem().detail;
    auto r = s->load_result((*ids)[0]);
    ASSERT_TRUE(r) << r.problem().detail;
    ASSERT_EQ(r->findings.size(), 1u);
    ASSERT_EQ(r->findings[0].terms.size(), terms.size());
    for (std::size_t i = 0; i < terms.size(); ++i) {
      EXPECT_EQ(r->findings[0].terms[i].term, terms[i].term);
      EXPECT_EQ(r->findings[0].terms[i].count, terms[i].count);
    }
  }
}

TEST(SqliteStore, AnExistingStoreIsTightenedTo0600) {
  TempDir t;
  const std::string db = t / "s.db";
  { auto s = open_ok(db); }
  ASSERT_EQ(::chmod(db.c_str(), 0644), 0);
  auto s = open_ok(db);
  struct stat st {};
  ASSERT_EQ(::stat(db.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(SqliteStore, WritesAndReadsFilesAndResults) {
  TempDir t;
  auto s = open_ok(t / "s.db");
  auto run = s->begin_run(a_run());
  ASSERT_TRUE(run);
  Finding health;
  health.kind = FindingKind::Health;
  health.severity = Severity::Medium;
  health.confidence = 0.4;
  health.terms = {{"diabet*", 3}, {"insulin", 1}};
  health.members = {"bilag.zip", "brev.txt"};
  health.member_time = 1600000000;
  auto w = a_file("/share/a.txt", 1, {a_cpr("010190-XXXX", "ab"), health});
  w.new_result->problems.push_back(Problem{ProblemKind::Encrypted, "locked", {"x.zip"}});
  w.new_result->notes = {"bilag.pdf: 1 of 2 pages without text"};
  auto ids = s->write(*run, {w}, {});
  ASSERT_TRUE(ids) << ids.problem().detail;
  ASSERT_EQ(ids->size(), 1u);

  auto index = s->load_index("rules-1");
  ASSERT_TRUE(index);
  ASSERT_EQ(index->size(), 1u);
  EXPECT_EQ((*index)[0].path_key, key_of("/share/a.txt"));
  EXPECT_TRUE((*index)[0].result_current);
  EXPECT_TRUE((*index)[0].result_has_records);
  EXPECT_EQ((*index)[0].verdict_digest, verdict_digest(w.file)) << "the stored owner, department, flags, policy";
  FileRecord other_owner = w.file;
  other_owner.owner = "bent";
  EXPECT_NE((*index)[0].verdict_digest, verdict_digest(other_owner));
  index = s->load_index("rules-2");
  ASSERT_TRUE(index);
  EXPECT_FALSE((*index)[0].result_current) << "decided otherwise: read again";

  auto r = s->load_result((*ids)[0]);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->findings.size(), 2u);
  EXPECT_EQ(r->findings[0].masked, "010190-XXXX");
  EXPECT_EQ(r->findings[0].count, 2u);
  EXPECT_EQ(r->findings[0].where.part, "body");
  EXPECT_EQ(r->findings[1].kind, FindingKind::Health);
  EXPECT_EQ(r->findings[1].terms.size(), 2u);
  EXPECT_EQ(r->findings[1].terms[0].term, "diabet*");
  EXPECT_EQ(r->findings[1].members, (std::vector<std::string>{"bilag.zip", "brev.txt"}));
  EXPECT_EQ(r->findings[1].member_time, 1600000000);
  EXPECT_EQ(r->finding_keys[1], finding_key(health));
  ASSERT_EQ(r->problems.size(), 1u);
  EXPECT_EQ(r->problems[0].kind, ProblemKind::Encrypted);
  EXPECT_EQ(r->notes.size(), 1u);

  int known = 0;
  ASSERT_TRUE(s->load_known_contents("rules-1", [&](const KnownContent& k) {
    EXPECT_EQ(k.hash, hash_of(1));
    known++;
  }));
  EXPECT_EQ(known, 1);
  std::vector<StoredFile> files;
  FileQuery q;
  q.fingerprint = "ab";
  ASSERT_TRUE(s->for_each_file(q, [&](StoredFile&& f) { files.push_back(std::move(f)); }));
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].file.display_path, "/share/a.txt");
}

TEST(SqliteStore, GoneFilesAndHistory) {
  TempDir t;
  auto s = open_ok(t / "s.db");
  const RunId r1 = *s->begin_run(a_run());
  ASSERT_TRUE(s->write(r1, {a_file("/share/a.txt", 1, {a_cpr("010190-XXXX", "ab")}), a_file("/share/b.txt", 2)}, {}));
  ASSERT_TRUE(s->end_run(r1, RunStatus::Complete, {}, ""));
  const RunId r2 = *s->begin_run(a_run());
  auto index = s->load_index("rules-1");
  ASSERT_TRUE(index);
  // a.txt changes (no finding any more), b.txt is gone.
  FileWrite changed = a_file("/share/a.txt", 3);
  ASSERT_TRUE(s->write(r2, {changed}, {(*index)[1].id}));
  ASSERT_TRUE(s->end_run(r2, RunStatus::Complete, {}, ""));
  int present = 0;
  ASSERT_TRUE(s->for_each_file({}, [&](StoredFile&&) { present++; }));
  EXPECT_EQ(present, 1);
  auto then = s->finding_keys_at(r1);
  ASSERT_TRUE(then);
  EXPECT_EQ(then->size(), 1u) << "at the end of run 1, a.txt held its CPR";
  auto now = s->finding_keys_at(r2);
  ASSERT_TRUE(now);
  EXPECT_TRUE(now->empty());
}

TEST(SqliteStore, MigratesEveryEarlierVersion) {
  // The real history plus a synthetic next step: a store of every version opens, reaches the newest, and keeps
  // its data.
  std::vector<Migration> history = schema_migrations();
  history.push_back({history.back().version + 1, "ALTER TABLE runs ADD COLUMN note TEXT NOT NULL DEFAULT ''"});
  for (std::size_t from = 1; from < history.size(); ++from) {
    TempDir t;
    const std::string db = t / "s.db";
    const std::vector<Migration> old(history.begin(), history.begin() + static_cast<long>(from));
    {
      OpenOptions o;
      o.migrations = &old;
      auto s = open_ok(db, o);
      ASSERT_TRUE(s);
      EXPECT_EQ(s->schema_version(), old.back().version);
      const RunId run = *s->begin_run(a_run());
      if (old.back().version >= 3) {
        ASSERT_TRUE(s->write(run, {a_file("/share/a.txt", 1, {a_cpr("010190-XXXX", "ab")})}, {}));
      } else {
        // This code writes columns a store before version 3 has not (findings.ocr_confidence): the finding
        // goes in as that version's Datavagt wrote it.
        ASSERT_TRUE(s->write(run, {a_file("/share/a.txt", 1)}, {}));
        s.reset();
        sqlite3* raw = nullptr;
        ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
        EXPECT_EQ(sqlite3_exec(raw,
                               "UPDATE results SET records = 1; INSERT INTO findings(result_id, ordinal, finding_key, "
                               "kind, severity, members, masked, fingerprint, confidence, count, page, part, "
                               "text_offset, context, terms, member_time) SELECT id, 0, zeroblob(16), 'cpr', 'high', "
                               "'[]', '010190-XXXX', 'ab', 1.0, 1, 0, '', 0, '', '[]', 0 FROM results",
                               nullptr, nullptr, nullptr),
                  SQLITE_OK);
        sqlite3_close(raw);
      }
    }
    OpenOptions o;
    o.migrations = &history;
    auto s = open_ok(db, o);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->schema_version(), history.back().version) << "from version " << from;
    auto runs = s->runs();
    ASSERT_TRUE(runs);
    EXPECT_EQ(runs->size(), 1u);
    int files = 0;
    ASSERT_TRUE(s->for_each_file({}, [&](StoredFile&& f) {
      files++;
      ASSERT_TRUE(f.result);
      EXPECT_EQ(f.result->findings.size(), 1u);
    }));
    EXPECT_EQ(files, 1);
  }
}

TEST(SqliteStore, RefusesAStoreFromANewerDatavagt) {
  TempDir t;
  const std::string db = t / "s.db";
  std::vector<Migration> newer = schema_migrations();
  newer.push_back({newer.back().version + 1, "CREATE TABLE later(x INTEGER)"});
  {
    OpenOptions o;
    o.migrations = &newer;
    ASSERT_TRUE(open_ok(db, o));
  }
  OpenOptions o;
  o.create = true;
  auto s = SqliteStore::open(db, o);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.problem().kind, ProblemKind::UnsupportedFormat);
  EXPECT_NE(s.problem().detail.find("newer Datavagt"), std::string::npos) << s.problem().detail;
}

TEST(SqliteStore, RefusesGarbageAndForeignDatabases) {
  TempDir t;
  t.write("garbage.db", std::string(8192, 'x'));
  OpenOptions o;
  auto s = SqliteStore::open(t / "garbage.db", o);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.problem().kind, ProblemKind::Corrupt);
  EXPECT_NE(s.problem().detail.find("damaged"), std::string::npos) << s.problem().detail;

  const std::string foreign = t / "foreign.db";
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(foreign.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "CREATE TABLE invoices(id INTEGER)", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(raw);
  s = SqliteStore::open(foreign, o);
  ASSERT_FALSE(s);
  EXPECT_NE(s.problem().detail.find("not a Datavagt store"), std::string::npos) << s.problem().detail;
}

TEST(SqliteStore, ADamagedPageIsAnErrorNeverACrash) {
  TempDir t;
  const std::string db = t / "s.db";
  {
    auto s = open_ok(db);
    const RunId run = *s->begin_run(a_run());
    std::vector<FileWrite> many;
    for (int i = 0; i < 300; ++i)
      many.push_back(a_file("/share/f" + std::to_string(i) + ".txt", static_cast<unsigned char>(i),
                            {a_cpr("010190-XXXX", std::string(64, 'a'))}));
    ASSERT_TRUE(s->write(run, many, {}));
    ASSERT_TRUE(s->purge({}));  // checkpoints the WAL into the file
  }
  // Overwrite a few pages in the middle with garbage.
  const int fd = ::open(db.c_str(), O_WRONLY);
  ASSERT_GE(fd, 0);
  const std::string junk(4096 * 3, '\xA5');
  ASSERT_EQ(::pwrite(fd, junk.data(), junk.size(), 4096 * 4), static_cast<ssize_t>(junk.size()));
  ::close(fd);
  OpenOptions o;
  auto s = SqliteStore::open(db, o);
  if (!s) {
    EXPECT_EQ(s.problem().kind, ProblemKind::Corrupt) << s.problem().detail;
    return;
  }
  int failures = 0;
  auto listed = (*s)->for_each_file({}, [](StoredFile&&) {});
  if (!listed) {
    failures++;
    EXPECT_EQ(listed.problem().kind, ProblemKind::Corrupt) << listed.problem().detail;
  }
  auto loaded = (*s)->load_index("rules-1");
  if (!loaded) failures++;
  EXPECT_GT(failures, 0) << "three pages of garbage went unnoticed";
}

TEST(SqliteStore, OneScanAtATime) {
  TempDir t;
  const std::string db = t / "s.db";
  auto a = open_ok(db);
  auto b = open_ok(db);
  auto first = a->try_lock_for_scan();
  ASSERT_TRUE(first);
  EXPECT_TRUE(*first);
  auto second = b->try_lock_for_scan();
  ASSERT_TRUE(second);
  EXPECT_FALSE(*second);
  // Reading and reviewing go on meanwhile.
  EXPECT_TRUE(b->runs());
  a.reset();
  auto third = b->try_lock_for_scan();
  ASSERT_TRUE(third);
  EXPECT_TRUE(*third);
}

TEST(SqliteStore, AFullDiskFailsTheRunAndKeepsTheCommittedState) {
  TempDir t;
  const std::string db = t / "s.db";
  OpenOptions o;
  o.max_page_count = 60;  // a store of 60 pages: the disk is "full" after a few batches
  auto main = open_ok(db, o);
  const RunId run = *main->begin_run(a_run());
  WriterOptions wo;
  wo.batch_files = 20;
  StoreWriter writer(open_ok(db, o), run, wo);
  int written = 0;
  for (int i = 0; i < 2000 && !writer.failed(); ++i, ++written)
    writer.add(a_file("/share/f" + std::to_string(i) + ".txt", static_cast<unsigned char>(i % 200),
                      {a_cpr("010190-XXXX", std::string(64, 'a') + std::to_string(i))}));
  auto finished = writer.finish();
  ASSERT_FALSE(finished) << "60 pages cannot hold 2000 files";
  EXPECT_NE(finished.problem().detail.find("full"), std::string::npos) << finished.problem().detail;
  auto store = writer.release_store();
  ASSERT_TRUE(store->end_run(run, RunStatus::Failed, {}, finished.problem().detail));
  // Reopened: consistent, with whole batches and the run marked failed.
  main.reset();
  store.reset();
  auto again = open_ok(db);
  auto runs = again->runs();
  ASSERT_TRUE(runs);
  EXPECT_EQ(runs->back().status, RunStatus::Failed);
  int files = 0;
  ASSERT_TRUE(again->for_each_file({}, [&](StoredFile&& f) {
    files++;
    EXPECT_TRUE(f.result);
  }));
  EXPECT_GT(files, 0);
  EXPECT_EQ(files % 20, 0) << "only whole batches are committed";
  EXPECT_LT(files, written);
}

TEST(SqliteStore, PurgeKeepsTheCurrentStateAndForgetsOldHistory) {
  TempDir t;
  auto s = open_ok(t / "s.db");
  const RunId r1 = *s->begin_run(a_run());
  ASSERT_TRUE(s->write(r1, {a_file("/share/a.txt", 1, {a_cpr("010190-XXXX", "ab")}), a_file("/share/b.txt", 2),
                            a_file("/share/c.txt", 5, {a_cpr("020290-XXXX", "cd")})},
                       {}));
  ASSERT_TRUE(s->end_run(r1, RunStatus::Complete, {}, ""));
  auto index = s->load_index("rules-1");
  ASSERT_TRUE(index);
  const RunId r2 = *s->begin_run(a_run());
  ASSERT_TRUE(s->write(r2, {a_file("/share/a.txt", 3)}, {(*index)[1].id}));  // a changed, b gone, c unchanged
  ASSERT_TRUE(s->end_run(r2, RunStatus::Complete, {}, ""));
  PurgeRequest req;
  req.keep_runs = 1;
  req.now = 1800000000;
  auto c = s->purge(req);
  ASSERT_TRUE(c) << c.problem().detail;
  EXPECT_EQ(c->runs, 1u);
  EXPECT_EQ(c->files, 1u);    // b.txt
  EXPECT_EQ(c->results, 2u);  // a.txt's old content, b.txt's
  std::vector<StoredFile> files;
  ASSERT_TRUE(s->for_each_file({}, [&](StoredFile&& f) { files.push_back(std::move(f)); }));
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[1].file.display_path, "/share/c.txt");
  ASSERT_TRUE(files[1].result);
  EXPECT_EQ(files[1].result->findings.size(), 1u) << "c.txt was scanned in the purged run and is still current";
  // Purging again changes nothing: the newest complete run stays.
  c = s->purge(req);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->runs, 0u);
}

}  // namespace
}  // namespace datavagt::store
