// The findings store as users meet it: `scan --db` (incremental, resumable, no CPR in clear), `report`,
// `review`, `lookup`, `purge`, and the errors a user can run into.
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "reports/store/sqlite_store.h"
#include "tests/support/e2e.h"

namespace datavagt::e2e {
namespace {

// Valid CPR numbers (mod 11) used as planted personal data.
constexpr const char* kCprA = "150643-1006";
constexpr const char* kCprC = "010190-2005";

// The records of a JSON Lines text, sorted; the scan's own scan-start and scan-end records (which name the run and
// its time) left out.
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);)
    if (!l.empty() && l.rfind("{\"kind\":\"scan-", 0) != 0) out.push_back(l);
  std::sort(out.begin(), out.end());
  return out;
}

// A report record without the fields only the store adds: the scan's record.
std::string without_review(const std::string& line) {
  auto j = nlohmann::json::parse(line);
  j.erase("id");
  j.erase("review");
  return j.dump();
}
std::string normalised(const std::string& line) { return nlohmann::json::parse(line).dump(); }

struct Share {
  TempDir t;
  std::string key = t.write("key", "test-key");
  std::string db = t / "store.db";
  std::string root = t / "share";
  Share() {
    t.write("share/Borgerservice/brev.txt", std::string("Borgerens CPR-nr.: ") + kCprA + " og intet andet.\n");
    t.write("share/Jobcenter/notat.txt", std::string("Personnummer ") + kCprC + ", diabetes og depression.\n");
    t.write("share/Jobcenter/tom.txt", "Intet her.\n");
    t.write("share/HR/liste.csv", std::string("navn;cpr\nA;") + kCprA + "\nB;" + kCprC + "\n");
  }
  std::string scan(const std::string& extra = "") const {
    return kBin + " scan --no-progress --key-file " + q(key) + " --db " + q(db) + " " + extra + " " + q(root);
  }
  std::string report_jsonl(const std::string& extra = "") const {
    std::string out;
    run(kBin + " report --db " + q(db) + " --jsonl - " + extra, &out);
    return out;
  }
};

TEST(Store, AScanWritesAPrivateStoreWithoutAnyCprInClear) {
  Share s;
  // A file named by a CPR number: its name is masked in the store too.
  s.t.write(std::string("share/HR/") + kCprC + " personalesag.txt", std::string("Medarbejder, cpr ") + kCprA + "\n");
  ASSERT_EQ(run(s.scan("-q")), 1);
  struct stat st {};
  ASSERT_EQ(::stat(s.db.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  for (const char* suffix : {"", "-wal", "-shm"}) {
    const std::string file = s.db + suffix;
    if (::stat(file.c_str(), &st) != 0) continue;
    EXPECT_EQ(st.st_mode & 0777, 0600u) << file;
    const std::string bytes = read_file(file);
    for (const char* cpr : {kCprA, kCprC}) {
      std::string digits(cpr);
      digits.erase(6, 1);
      EXPECT_EQ(bytes.find(cpr), std::string::npos) << cpr << " in clear in " << file;
      EXPECT_EQ(bytes.find(digits), std::string::npos) << digits << " in clear in " << file;
      EXPECT_EQ(bytes.find(std::string(cpr).substr(7)), std::string::npos) << "the last four digits in " << file;
    }
  }
  const std::string report = s.report_jsonl();
  EXPECT_NE(report.find("010190-XXXX personalesag.txt"), std::string::npos) << report;
}

TEST(Store, ReportIsTheScansJsonlContract) {
  Share s;
  ASSERT_EQ(run(s.scan("-q --jsonl " + q(s.t / "scan.jsonl"))), 1);
  const auto scanned = lines_of(read_file(s.t / "scan.jsonl"));
  const auto reported = lines_of(s.report_jsonl());
  ASSERT_EQ(scanned.size(), reported.size());
  ASSERT_FALSE(scanned.empty());
  std::vector<std::string> a, b;
  for (const auto& l : scanned) a.push_back(normalised(l));
  for (const auto& l : reported) {
    const auto j = nlohmann::json::parse(l);
    EXPECT_EQ(j["review"]["state"], "open");
    EXPECT_EQ(j["id"].get<std::string>().size(), 16u);
    b.push_back(without_review(l));
  }
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  EXPECT_EQ(a, b);
}

TEST(Store, ARescanReadsOnlyWhatChanged) {
  Share s;
  ASSERT_EQ(run(s.scan("--jsonl " + q(s.t / "1.jsonl"))), 1);
  std::string out;
  ASSERT_EQ(run(s.scan("--jsonl " + q(s.t / "2.jsonl")), &out), 1);
  EXPECT_NE(out.find("unchanged  4 not read again"), std::string::npos) << out;
  EXPECT_NE(out.find("0 B read"), std::string::npos) << out;
  // The carried-forward findings are the same records.
  EXPECT_EQ(lines_of(read_file(s.t / "1.jsonl")), lines_of(read_file(s.t / "2.jsonl")));

  // One file changes: only it is read, and its finding goes.
  s.t.write("share/Borgerservice/brev.txt", "Nu uden personnummer.\n");
  ASSERT_EQ(run(s.scan(), &out), 1);
  EXPECT_NE(out.find("unchanged  3 not read again"), std::string::npos) << out;
  const std::string report = s.report_jsonl();
  EXPECT_EQ(report.find("Borgerservice/brev.txt"), std::string::npos) << report;

  // Another threshold decides findings otherwise: everything is read again.
  ASSERT_EQ(run(s.scan("--min-confidence 0.6"), &out), 1);
  EXPECT_EQ(out.find("unchanged "), std::string::npos) << out;
  // --full reads everything again.
  ASSERT_EQ(run(s.scan("--min-confidence 0.6 --full"), &out), 1);
  EXPECT_EQ(out.find("unchanged "), std::string::npos) << out;
  ASSERT_EQ(run(s.scan("--min-confidence 0.6"), &out), 1);
  EXPECT_NE(out.find("unchanged  4 not read again"), std::string::npos) << out;
}

TEST(Store, KnownContentIsNotExtractedAgain) {
  Share s;
  ASSERT_EQ(run(s.scan("-q")), 1);
  // A copy, and a moved file.
  std::filesystem::copy_file(s.root + "/HR/liste.csv", s.root + "/Jobcenter/kopi.csv");
  std::filesystem::rename(s.root + "/Borgerservice/brev.txt", s.root + "/Jobcenter/brev.txt");
  std::string out;
  ASSERT_EQ(run(s.scan(), &out), 1);
  EXPECT_NE(out.find("unchanged  3 not read again (findings from the store), 2 copies of known content"),
            std::string::npos)
      << out;
  const std::string report = s.report_jsonl();
  EXPECT_NE(report.find("Jobcenter/kopi.csv"), std::string::npos);
  EXPECT_NE(report.find("Jobcenter/brev.txt"), std::string::npos);
  EXPECT_EQ(report.find("Borgerservice/brev.txt"), std::string::npos) << "the old path is gone";
}

TEST(Store, GoneFilesAndRootsThatAreNotThere) {
  Share s;
  ASSERT_EQ(run(s.scan("-q")), 1);
  std::filesystem::remove(s.root + "/HR/liste.csv");
  ASSERT_EQ(run(s.scan("-q")), 1);
  EXPECT_EQ(s.report_jsonl().find("liste.csv"), std::string::npos);

  // A missing root never marks its files gone.
  std::filesystem::rename(s.root, s.t / "away");
  EXPECT_EQ(run(s.scan("-q") + " 2>/dev/null"), 2);
  EXPECT_NE(s.report_jsonl().find("brev.txt"), std::string::npos);
  // Nor does an empty one (an unmounted share).
  s.t.mkdir("share");
  std::string err;
  run(s.scan("-q") + " 2>&1", &err);
  EXPECT_NE(err.find("is empty"), std::string::npos) << err;
  EXPECT_NE(s.report_jsonl().find("brev.txt"), std::string::npos);
  // A folder that cannot be listed keeps its files too (as root, permissions do not stop us: skip then).
  std::filesystem::remove(s.root);
  std::filesystem::rename(s.t / "away", s.root);
  ASSERT_EQ(run(s.scan("-q")), 1);
  if (::geteuid() != 0) {
    ASSERT_EQ(::chmod((s.root + "/Jobcenter").c_str(), 0), 0);
    run(s.scan("-q"));
    ::chmod((s.root + "/Jobcenter").c_str(), 0755);
    EXPECT_NE(s.report_jsonl().find("notat.txt"), std::string::npos);
  }
}

TEST(Store, AnExcludedFolderLeavesTheCurrentFindingsAndComesBackUnread) {
  Share s;
  ASSERT_EQ(run(s.scan("-q")), 1);
  ASSERT_NE(s.report_jsonl().find("notat.txt"), std::string::npos);
  // Left out from now on (a snapshot or backup folder, say): its old findings are not current any more.
  ASSERT_EQ(run(s.scan("-q --exclude 'Jobcenter/'")), 1);
  const std::string now = s.report_jsonl();
  EXPECT_EQ(now.find("notat.txt"), std::string::npos) << now;
  EXPECT_NE(now.find("brev.txt"), std::string::npos);
  // Scanned again without the exclude: back, from the store (unchanged, so not read again).
  std::string out;
  ASSERT_EQ(run(s.scan("-q --jsonl -"), &out), 1);
  EXPECT_NE(out.find("\"bytes_read\":0,"), std::string::npos) << "nothing read: " << out;
  EXPECT_NE(s.report_jsonl().find("notat.txt"), std::string::npos);
  EXPECT_EQ(lines_of(s.report_jsonl()).size(), 5u) << "brev.txt 1, liste.csv 2, notat.txt 2";
}

TEST(Store, AKilledScanResumesToExactlyTheFindingsOfACleanRun) {
  TempDir t;
  const std::string key = t.write("key", "test-key");
  // Enough files that one thread takes a while; every third with a CPR, some with a category.
  for (int i = 0; i < 6000; ++i) {
    std::string text = "Sag " + std::to_string(i) + ": intet at bemærke.\n";
    if (i % 3 == 0) text = "Borgerens CPR-nr.: " + std::string(i % 2 ? kCprA : kCprC) + ", sag " + std::to_string(i) + "\n";
    if (i % 7 == 0) text += "Borgeren har diabetes og depression.\n";
    t.write("share/d" + std::to_string(i % 40) + "/f" + std::to_string(i) + ".txt", text);
  }
  const std::string common = " scan -j1 -q --no-progress --key-file " + q(key) + " ";
  // The clean run.
  ASSERT_EQ(run(kBin + common + "--db " + q(t / "clean.db") + " " + q(t / "share")), 1);

  // The killed run: SIGKILL once the store has committed something, long before the end.
  const std::string db = t / "killed.db";
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::execl(kBin.c_str(), kBin.c_str(), "scan", "-j1", "-q", "--no-progress", "--key-file", key.c_str(), "--db",
            db.c_str(), (t / "share").c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // Killed as soon as a first batch is committed (read through a store of our own, as `report` would).
  bool killed = false;
  for (int i = 0; i < 4000 && !killed; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    store::OpenOptions ro;
    ro.read_only = true;
    auto peek = store::SqliteStore::open(db, ro);
    if (!peek) continue;
    store::FileQuery q;
    q.without_results = true;
    int committed = 0;
    if ((*peek)->for_each_file(q, [&](store::StoredFile&&) { committed++; }) && committed > 0) {
      ::kill(pid, SIGKILL);
      killed = true;
    }
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(killed && WIFSIGNALED(status)) << "the scan ended before it could be killed";
  // Part of it is in the store, and the run is not complete.
  {
    auto store = store::SqliteStore::open(db, {});
    ASSERT_TRUE(store);
    int files = 0;
    ASSERT_TRUE((*store)->for_each_file({}, [&](store::StoredFile&&) { files++; }));
    EXPECT_GT(files, 0);
    EXPECT_LT(files, 6000);
  }
  std::string out;
  ASSERT_EQ(run(kBin + " scan -j1 --no-progress --key-file " + q(key) + " --db " + q(db) + " " + q(t / "share") +
                    " 2>&1",
                &out),
            1);
  EXPECT_NE(out.find("continuing run 1"), std::string::npos) << out;
  EXPECT_NE(out.find("not read again"), std::string::npos) << out;

  std::string clean, resumed;
  run(kBin + " report --db " + q(t / "clean.db") + " --jsonl -", &clean);
  run(kBin + " report --db " + q(db) + " --jsonl -", &resumed);
  EXPECT_EQ(lines_of(clean).size(), 2000u + 6000u / 7 + 1);
  EXPECT_EQ(lines_of(clean), lines_of(resumed));
  auto store = store::SqliteStore::open(db, {});
  auto runs = (*store)->runs();
  ASSERT_EQ(runs->size(), 2u);
  EXPECT_EQ((*runs)[0].status, store::RunStatus::Interrupted);
  EXPECT_EQ((*runs)[1].status, store::RunStatus::Complete);
  EXPECT_EQ((*runs)[1].start.resumes, 1);
}

TEST(Store, ReviewStatesSurviveRescansAndMovesButNotChanges) {
  Share s;
  ASSERT_EQ(run(s.scan("-q")), 1);
  const std::string review = kBin + " review --db " + q(s.db) + " ";
  ASSERT_EQ(run(review + "--path " + q(s.root + "/HR/liste.csv") + " --set accepted --reason 'HR-mappen' --by dpo"), 0);
  ASSERT_EQ(run(review + "--glob '*/Jobcenter/*' --set false-positive --reason 'testdata'"), 0);
  EXPECT_NE(run(review + "--path " + q(s.root + "/nope.txt") + " --set handled --reason x 2>/dev/null"), 0);
  EXPECT_NE(run(review + "--path " + q(s.root + "/HR/liste.csv") + " --set bogus --reason x 2>/dev/null"), 0);

  auto states = [&] {
    std::map<std::string, std::string> out;
    for (const auto& l : lines_of(s.report_jsonl())) {
      const auto j = nlohmann::json::parse(l);
      if (j.contains("review")) out[j["location"].get<std::string>() + " " + j["kind"].get<std::string>() + " " +
                                    j.value("masked", "")] = j["review"]["state"];
    }
    return out;
  };
  ASSERT_EQ(run(s.scan("-q")), 1);
  auto now = states();
  EXPECT_EQ(now[s.root + "/HR/liste.csv cpr 150643-XXXX"], "accepted");
  EXPECT_EQ(now[s.root + "/Jobcenter/notat.txt cpr 010190-XXXX"], "false-positive");
  EXPECT_EQ(now[s.root + "/Borgerservice/brev.txt cpr 150643-XXXX"], "open");
  // --state filters.
  const auto open_only = lines_of(s.report_jsonl("--state open"));
  ASSERT_EQ(open_only.size(), 1u);
  EXPECT_NE(open_only[0].find("brev.txt"), std::string::npos);

  // Moved: the decision follows the content. A copy of accepted content elsewhere is judged on its own.
  std::filesystem::rename(s.root + "/HR/liste.csv", s.root + "/HR/liste-2024.csv");
  std::filesystem::copy_file(s.root + "/Jobcenter/notat.txt", s.root + "/Borgerservice/notat-kopi.txt");
  ASSERT_EQ(run(s.scan("-q")), 1);
  now = states();
  EXPECT_EQ(now[s.root + "/HR/liste-2024.csv cpr 150643-XXXX"], "accepted");
  EXPECT_EQ(now[s.root + "/Borgerservice/notat-kopi.txt cpr 010190-XXXX"], "false-positive");

  // Changed: shown for review again.
  s.t.write("share/HR/liste-2024.csv", std::string("navn;cpr\nA;") + kCprA + "\nC;" + kCprC + "\nD;x\n");
  ASSERT_EQ(run(s.scan("-q")), 1);
  now = states();
  EXPECT_EQ(now[s.root + "/HR/liste-2024.csv cpr 150643-XXXX"], "open");

  // By id, and the listing.
  const auto one = nlohmann::json::parse(lines_of(s.report_jsonl("--state open"))[0]);
  const std::string id = one["id"];
  ASSERT_EQ(run(review + "--id " + id + " --set handled --reason 'slettet i ESDH'"), 0);
  std::string listing;
  ASSERT_EQ(run(review + "--state handled", &listing), 0);
  EXPECT_NE(listing.find(id + "  handled"), std::string::npos) << listing;
  EXPECT_NE(listing.find("slettet i ESDH"), std::string::npos) << listing;
}

TEST(Store, LookupFindsAPersonWithTheRightKeyOnly) {
  Share s;
  ASSERT_EQ(run(s.scan("-q")), 1);
  const std::string lookup = kBin + " lookup --db " + q(s.db) + " --key-file " + q(s.key);
  std::string out;
  ASSERT_EQ(run("printf '%s\\n' " + std::string(kCprA) + " | " + lookup, &out), 1);
  EXPECT_NE(out.find("150643-XXXX"), std::string::npos) << out;
  EXPECT_NE(out.find("2 locations"), std::string::npos) << out;
  EXPECT_NE(out.find(s.root + "/HR/liste.csv"), std::string::npos) << out;
  EXPECT_NE(out.find(s.root + "/Borgerservice/brev.txt"), std::string::npos) << out;
  EXPECT_EQ(out.find(kCprA), std::string::npos) << "never the number in clear";
  // From a file; one not there.
  s.t.write("numbers.txt", std::string("# til DPO\n") + "1111111118\n");
  ASSERT_EQ(run(lookup + " --input " + q(s.t / "numbers.txt"), &out), 0);
  EXPECT_NE(out.find("not found"), std::string::npos) << out;
  // A bad line is refused without being echoed.
  std::string err;
  EXPECT_EQ(run("printf 'hemmelig-ting\\n' | " + lookup + " 2>&1", &err), 2);
  EXPECT_EQ(err.find("hemmelig"), std::string::npos) << err;
  // Another key: a clear error, nothing looked up.
  const std::string other = s.t.write("other.key", "other-key");
  EXPECT_EQ(run("printf '%s\\n' " + std::string(kCprA) + " | " + kBin + " lookup --db " + q(s.db) + " --key-file " +
                    q(other) + " 2>&1",
                &err),
            2);
  EXPECT_NE(err.find("is not the key"), std::string::npos) << err;
  // The audit table: two lookups, fingerprints only.
  auto store = store::SqliteStore::open(s.db, {});
  auto audit = (*store)->lookups();
  ASSERT_TRUE(audit);
  ASSERT_EQ(audit->size(), 2u);
  EXPECT_EQ((*audit)[0].hits, 2u);
  EXPECT_EQ((*audit)[0].fingerprints.at(0).size(), 64u);
  EXPECT_FALSE((*audit)[0].who.empty());
}

TEST(Store, ScanningWithAnotherKeyIsRefused) {
  Share s;
  ASSERT_EQ(run(s.scan("-q")), 1);
  const std::string other = s.t.write("other.key", "other-key");
  std::string err;
  EXPECT_EQ(run(kBin + " scan -q --no-progress --key-file " + q(other) + " --db " + q(s.db) + " " + q(s.root) +
                    " 2>&1",
                &err),
            2);
  EXPECT_NE(err.find("another fingerprint key"), std::string::npos) << err;
}

TEST(Store, ASecondScanOnTheSameStoreSaysItIsInUse) {
  Share s;
  ASSERT_EQ(run(s.scan("-q")), 1);
  auto holder = store::SqliteStore::open(s.db, {});
  ASSERT_TRUE(holder);
  ASSERT_TRUE(*(*holder)->try_lock_for_scan());
  std::string err;
  EXPECT_EQ(run(s.scan("-q") + " 2>&1", &err), 2);
  EXPECT_NE(err.find("in use by another scan"), std::string::npos) << err;
  EXPECT_EQ(run(kBin + " purge --db " + q(s.db) + " 2>&1", &err), 2);
  EXPECT_NE(err.find("in use by a scan"), std::string::npos) << err;
  // Reports and reviews go on meanwhile.
  EXPECT_EQ(run(kBin + " report --db " + q(s.db) + " >/dev/null 2>&1"), 1);
}

TEST(Store, DamagedNewerAndMissingStoresAreClearErrors) {
  Share s;
  std::string err;
  s.t.write("bad.db", std::string(10000, 'z'));
  EXPECT_EQ(run(kBin + " scan -q --no-progress --key-file " + q(s.key) + " --db " + q(s.t / "bad.db") + " " +
                    q(s.root) + " 2>&1",
                &err),
            2);
  EXPECT_NE(err.find("damaged or not a Datavagt database"), std::string::npos) << err;
  EXPECT_EQ(run(kBin + " report --db " + q(s.t / "bad.db") + " 2>&1", &err), 2);
  EXPECT_NE(err.find("damaged"), std::string::npos) << err;
  EXPECT_EQ(run(kBin + " report --db " + q(s.t / "nope.db") + " 2>&1", &err), 2);
  EXPECT_NE(err.find("cannot open"), std::string::npos) << err;
  EXPECT_FALSE(std::filesystem::exists(s.t / "nope.db")) << "a report never creates a store";
  {
    std::vector<store::Migration> newer = store::schema_migrations();
    newer.push_back({newer.back().version + 1, "CREATE TABLE later(x INTEGER)"});
    store::OpenOptions o;
    o.create = true;
    o.migrations = &newer;
    ASSERT_TRUE(store::SqliteStore::open(s.t / "newer.db", o));
  }
  EXPECT_EQ(run(kBin + " scan -q --no-progress --key-file " + q(s.key) + " --db " + q(s.t / "newer.db") + " " +
                    q(s.root) + " 2>&1",
                &err),
            2);
  EXPECT_NE(err.find("newer Datavagt"), std::string::npos) << err;
}

TEST(Store, PurgeKeepsTheCurrentFindings) {
  Share s;
  ASSERT_EQ(run(s.scan("-q")), 1);
  s.t.write("share/Borgerservice/brev.txt", "Nu uden personnummer.\n");
  ASSERT_EQ(run(s.scan("-q")), 1);
  const auto before = lines_of(s.report_jsonl());
  std::string out;
  ASSERT_EQ(run(kBin + " purge --db " + q(s.db) + " --keep-runs 1", &out), 0);
  EXPECT_NE(out.find("purged 1 run"), std::string::npos) << out;
  EXPECT_NE(out.find("1 earlier result"), std::string::npos) << out;
  EXPECT_EQ(lines_of(s.report_jsonl()), before);
  ASSERT_EQ(run(kBin + " purge --db " + q(s.db), &out), 0);  // the default retention: nothing that old
  EXPECT_NE(out.find("purged 0 runs"), std::string::npos) << out;
}

TEST(Store, AGroupStoreIsReadableAndWritableByTheGroup) {
  Share s;
  const std::string group = ::getgrgid(::getegid()) != nullptr ? ::getgrgid(::getegid())->gr_name : "";
  ASSERT_FALSE(group.empty());
  ASSERT_EQ(run(s.scan("-q --group " + group)), 1);
  struct stat st {};
  ASSERT_EQ(::stat(s.db.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0660u);
  EXPECT_EQ(st.st_gid, ::getegid());
  ASSERT_EQ(::stat((s.db + "-wal").c_str(), &st), 0) << "the WAL is kept for the group";
  EXPECT_EQ(st.st_mode & 0777, 0660u);
  EXPECT_EQ(run(s.scan("-q --group no-such-group-here") + " 2>/dev/null"), 2);
}

}  // namespace
}  // namespace datavagt::e2e
