// A scan run as a whole, from the outside: the JSONL opens with scan-start and ends with scan-end; Ctrl-C and
// SIGTERM end it with whole lines, a partial summary and exit 130/143; a killed scan leaves at most one cut
// line, which readers skip; paths named that do not exist or cannot be read exit 2 and say so on stderr; an
// empty share that looks unmounted is warned about. With --db, the store's run has the status the scan-end
// record has.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <regex>
#include <set>
#include <thread>
#include <utility>

#include "reports/store/sqlite_store.h"
#include "tests/support/e2e.h"

namespace datavagt::e2e {
namespace {

// Every line of `text` ends with a newline and parses, but perhaps the last one; counts the lines.
std::size_t whole_lines(const std::string& text, bool last_may_be_cut = false) {
  std::size_t lines = 0, at = 0;
  while (at < text.size()) {
    const auto nl = text.find('\n', at);
    if (nl == std::string::npos) {
      EXPECT_TRUE(last_may_be_cut) << "a cut last line: " << text.substr(at);
      return lines;
    }
    EXPECT_TRUE(nlohmann::json::accept(text.substr(at, nl - at))) << text.substr(at, nl - at);
    ++lines;
    at = nl + 1;
  }
  return lines;
}

// A scan in a process of its own, its stdout and stderr in files, to be signalled.
class Scan {
 public:
  Scan(const std::vector<std::string>& args, const std::string& out, const std::string& err) {
    pid_ = ::fork();
    if (pid_ == 0) {
      const int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      ::dup2(o, 1);
      ::dup2(e, 2);
      std::vector<char*> argv{const_cast<char*>(kBin.c_str())};
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(kBin.c_str(), argv.data());
      _exit(127);
    }
  }
  ~Scan() {
    if (pid_ > 0 && !reaped_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  void signal(int sig) const { ::kill(pid_, sig); }
  bool running() {
    if (reaped_) return false;
    if (::waitpid(pid_, &status_, WNOHANG) == pid_) reaped_ = true;
    return !reaped_;
  }
  // The exit code, or 1000 + the signal that killed it.
  int wait() {
    if (!reaped_) ::waitpid(pid_, &status_, 0);
    reaped_ = true;
    return WIFEXITED(status_) ? WEXITSTATUS(status_) : 1000 + WTERMSIG(status_);
  }
  // Waits (up to a minute) until `ready` holds or the scan has ended; true if `ready` held.
  template <class F>
  bool wait_until(F ready) {
    for (int i = 0; i < 3000; ++i) {
      if (ready()) return true;
      if (!running()) return ready();
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

 private:
  pid_t pid_ = -1;
  int status_ = 0;
  bool reaped_ = false;
};

std::uint64_t size_of(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
}

// The trees the tests scan, made once per test process, when first asked for (ctest runs each test in a
// process of its own: a test that needs neither does not pay for them).
class ScanRunTest : public ::testing::Test {
 protected:
  static constexpr int kFolders = 60, kFilesPerFolder = 200;

  static void SetUpTestSuite() {
    dir_ = new TempDir;
    testing::write_key(*dir_);
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  // A share big enough that a scan on one thread is still going long after its first records are written.
  static void make_big() {
    static bool made = false;
    if (std::exchange(made, true)) return;
    std::string letter;
    for (int i = 0; i < 20; ++i) letter += "Borgeren med CPR-nr. 150643-1006 skriver igen om sin sag. ";
    letter += "\n";
    for (int d = 0; d < kFolders; ++d)
      for (int f = 0; f < kFilesPerFolder; ++f)
        dir_->write("big/d" + std::to_string(d) + "/brev" + std::to_string(f) + ".txt", letter);
  }
  // One file whose text takes many seconds to match: 200 MB of CPR-shaped numbers, gzip'ed to ~600 KB.
  static void make_slow() {
    static bool made = false;
    if (std::exchange(made, true)) return;
    dir_->mkdir("slow");
    gzFile gz = ::gzopen((*dir_ / "slow/numre.txt.gz").c_str(), "wb1");
    ASSERT_NE(gz, nullptr);
    std::string block;
    for (int i = 0; i < 20000; ++i) block += "CPR 0101901234 og 0202902345 samt 1503851234 \n";
    for (std::size_t written = 0; written < (std::size_t{200} << 20); written += block.size())
      ASSERT_EQ(::gzwrite(gz, block.data(), static_cast<unsigned>(block.size())), static_cast<int>(block.size()));
    ASSERT_EQ(::gzclose(gz), Z_OK);
  }
  std::vector<std::string> scan_args(const std::string& root, const std::string& jsonl,
                                     const std::string& workers = "in-process") const {
    if (root == "big") make_big();
    if (root == "slow") make_slow();
    return {"scan", *dir_ / root, "--key-file", *dir_ / "key", "--jsonl", jsonl, "--no-progress", "-j1",
            "--max-ratio", "0", "--workers", workers};
  }

  // Ctrl-C once the scan is into the slow file, and again once it has said it is stopping: it must end with 130.
  static void ctrl_c_twice(Scan& scan, const std::string& jsonl, const std::string& err) {
    ASSERT_TRUE(scan.wait_until([&] { return size_of(jsonl) > 0; }));  // scan-start is written at once
    std::this_thread::sleep_for(std::chrono::milliseconds(300));        // into the file
    scan.signal(SIGINT);
    ASSERT_TRUE(scan.wait_until([&] { return testing::read_file(err).find("interrupted") != std::string::npos; }));
    scan.signal(SIGINT);
    EXPECT_EQ(scan.wait(), 130);
  }

  static inline TempDir* dir_ = nullptr;
  const TempDir& t_ = *dir_;
};

TEST_F(ScanRunTest, ScanStartAndScanEndFrameTheRecords) {
  TempDir out;
  t_.write("small/a.txt", "CPR-nr.: 150643-1006\n");
  t_.write("small/b.txt", "intet\n");
  std::string summary, id;
  ASSERT_EQ(run(kBin + " scan --no-progress --key-file " + q(t_ / "key") + " --jsonl " + q(out / "o.jsonl") + " " +
                    q(t_ / "small"),
                &summary),
            1);
  ASSERT_EQ(run(kBin + " key-id --key-file " + q(t_ / "key"), &id), 0);
  const std::string text = testing::read_file(out / "o.jsonl");
  EXPECT_EQ(whole_lines(text), 3u);
  const auto r = testing::parse_jsonl(text);
  EXPECT_TRUE(r.warnings.empty());
  ASSERT_TRUE(text.starts_with("{\"kind\":\"scan-start\""));
  EXPECT_TRUE(std::regex_match(r.start["run_id"].get<std::string>(),
                               std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
  EXPECT_EQ(r.start["version"], DATAVAGT_VERSION);
  EXPECT_EQ(r.start["roots"], nlohmann::json::array({t_ / "small"}));
  EXPECT_EQ(r.start["key_id"], id.substr(0, 16));
  EXPECT_EQ(r.start["key_file"], t_ / "key");
  EXPECT_EQ(r.start["options"]["min_confidence"], 0.5);
  EXPECT_EQ(r.start["options"]["max_seconds"], 120);
  EXPECT_FALSE(r.start["host"].get<std::string>().empty());
  EXPECT_EQ(text.find("datavagt test key"), std::string::npos);  // never the key
  ASSERT_EQ(r.records.size(), 1u);
  ASSERT_TRUE(r.end.is_object());
  EXPECT_EQ(r.end["run_id"], r.start["run_id"]);
  EXPECT_EQ(r.end["status"], "complete");
  EXPECT_EQ(r.end["exit_code"], 1);
  EXPECT_EQ(r.end["files"], 2);
  EXPECT_EQ(r.end["files_with_findings"], 1);
  EXPECT_EQ(r.end["occurrences_by_kind"]["cpr"], 1);
  EXPECT_NE(summary.find("files      2"), std::string::npos) << summary;  // the summary's totals
}

// Ctrl-C or SIGTERM: no new files, the ones in progress finish, whole lines, the partial summary, scan-end
// `interrupted`, exit 128 + the signal.
TEST_F(ScanRunTest, InterruptedBySigintOrSigterm) {
  for (const int sig : {SIGINT, SIGTERM}) {
    TempDir out;
    const std::string jsonl = out / "o.jsonl";
    Scan scan(scan_args("big", jsonl), out / "summary", out / "stderr");
    // Records are written in blocks: some are out once the file passes a few blocks.
    ASSERT_TRUE(scan.wait_until([&] { return size_of(jsonl) > 20000; }));
    ASSERT_TRUE(scan.running()) << "the scan ended before it could be interrupted";
    scan.signal(sig);
    EXPECT_EQ(scan.wait(), 128 + sig);
    const std::string text = testing::read_file(jsonl);
    const std::size_t lines = whole_lines(text);
    const auto r = testing::parse_jsonl(text);
    ASSERT_TRUE(r.end.is_object()) << text.substr(text.size() - std::min<std::size_t>(text.size(), 500));
    EXPECT_EQ(r.end["status"], "interrupted");
    EXPECT_EQ(r.end["signal"], sig == SIGINT ? "SIGINT" : "SIGTERM");
    EXPECT_EQ(r.end["exit_code"], 128 + sig);
    const std::uint64_t files = r.end["files"];
    EXPECT_GT(files, 0u);
    EXPECT_LT(files, static_cast<std::uint64_t>(kFolders * kFilesPerFolder));
    EXPECT_EQ(lines, files + 2);  // one finding per file, all written, between start and end
    std::set<std::string> paths;
    for (const auto& rec : r.records) paths.insert(rec["path"]);
    EXPECT_EQ(paths.size(), files);
    const std::string summary = testing::read_file(out / "summary");
    EXPECT_NE(summary.find(sig == SIGINT ? "INTERRUPTED by SIGINT" : "INTERRUPTED by SIGTERM"), std::string::npos)
        << summary;
    EXPECT_NE(summary.find("files      " + std::to_string(files)), std::string::npos) << summary;
    EXPECT_NE(testing::read_file(out / "stderr").find("interrupted"), std::string::npos);
  }
}

// A file still being read when the stop came gets the grace period, then is cut off: its record says
// `interrupted`, so a partial file never looks complete.
// The same with the file in a worker process (which is told to stop, and killed if it does not).
TEST_F(ScanRunTest, AFileInProgressIsAbandonedAfterTheGrace) {
  for (const std::string workers : {"in-process", "processes"}) {
    SCOPED_TRACE(workers);
    TempDir out;
    const std::string jsonl = out / "o.jsonl";
    Scan scan(scan_args("slow", jsonl, workers), out / "summary", out / "stderr");
    ASSERT_TRUE(scan.wait_until([&] { return size_of(jsonl) > 0; }));  // scan-start is written at once
    std::this_thread::sleep_for(std::chrono::milliseconds(300));        // into the file
    ASSERT_TRUE(scan.running());
    scan.signal(SIGTERM);
    EXPECT_EQ(scan.wait(), 143);
    const auto r = testing::parse_jsonl(testing::read_file(jsonl));
    ASSERT_TRUE(r.end.is_object());
    EXPECT_EQ(r.end["status"], "interrupted");
    EXPECT_EQ(r.end["files"], 1);
    bool interrupted = false;
    for (const auto& rec : r.records)
      if (rec["kind"] == "error") {
        EXPECT_EQ(rec["reason"], "interrupted") << rec;
        interrupted = true;
      }
    EXPECT_TRUE(interrupted);
    EXPECT_EQ(r.end["problems_by_reason"]["interrupted"], 1);
  }
}

// A second Ctrl-C does not wait for the file in progress: the outputs are closed at once (whole lines, the
// scan-end record), and that file, never finished, has no record.
TEST_F(ScanRunTest, ASecondCtrlCEndsTheScanAtOnce) {
  for (const std::string workers : {"in-process", "processes"}) {
    SCOPED_TRACE(workers);
    TempDir out;
    const std::string jsonl = out / "o.jsonl", err = out / "stderr";
    Scan scan(scan_args("slow", jsonl, workers), out / "summary", err);
    ctrl_c_twice(scan, jsonl, err);
    const std::string text = testing::read_file(jsonl);
    EXPECT_EQ(whole_lines(text), 2u);
    const auto r = testing::parse_jsonl(text);
    ASSERT_TRUE(r.end.is_object());
    EXPECT_EQ(r.end["status"], "interrupted");
    EXPECT_EQ(r.end["files"], 0);
    EXPECT_TRUE(r.records.empty());
    EXPECT_NE(testing::read_file(out / "summary").find("INTERRUPTED by SIGINT"), std::string::npos);
  }
}

// SIGKILL cannot be caught: the file ends wherever the last write did, at most one line cut short. Every
// reader skips that line with a warning (the C++ one the tests use; the Python one the scripts use).
TEST_F(ScanRunTest, AKilledScanLeavesAtMostOneCutLineThatReadersSkip) {
  TempDir out;
  const std::string jsonl = out / "o.jsonl";
  {
    Scan scan(scan_args("big", jsonl), out / "summary", out / "stderr");
    ASSERT_TRUE(scan.wait_until([&] { return size_of(jsonl) > 20000; }));
    scan.signal(SIGKILL);
    EXPECT_EQ(scan.wait(), 1000 + SIGKILL);
  }
  const std::string text = testing::read_file(jsonl);
  const std::size_t lines = whole_lines(text, true);
  const auto r = testing::parse_jsonl(text);
  EXPECT_TRUE(r.end.is_null());
  // scan-start and every whole line; a cut one skipped (or kept, if only its newline was missing).
  EXPECT_TRUE(r.records.size() + 1 == lines || r.records.size() == lines) << r.records.size() << " " << lines;

  // A file cut in the middle of its last record, for certain.
  const std::string cut = text.substr(0, text.rfind('\n', text.size() - 2) + 1) + "{\"path\":\"big/d0/br";
  const std::string cut_path = out.write("cut.jsonl", cut);
  const auto c = testing::parse_jsonl(cut);
  ASSERT_EQ(c.warnings.size(), 2u);  // the cut line, and no scan-end
  EXPECT_NE(c.warnings[0].find("incomplete last line"), std::string::npos);
  std::string said;
  ASSERT_EQ(run("python3 " + q(kSource + "/reports/jsonl_reader.py") + " " + q(cut_path) +
                    " 2>&1",
                &said),
            0);
  EXPECT_NE(said.find("skipped an incomplete last line"), std::string::npos) << said;
  EXPECT_NE(said.find("no scan-end record"), std::string::npos) << said;
  EXPECT_NE(said.find("unfinished: " + std::to_string(c.records.size()) + " cpr"), std::string::npos) << said;
  // Anywhere else, a broken line is not ours: an error.
  const std::string broken = out.write("broken.jsonl", "{\"kind\":\"scan-start\"}\n{\"pa\n{\"kind\":\"scan-end\"}\n");
  EXPECT_NE(run("python3 " + q(kSource + "/reports/jsonl_reader.py") + " " + q(broken) +
                " >/dev/null 2>&1"),
            0);
}

// A path named that does not exist: exit 2, named on stderr even with -q, a `not-found` record, and the
// other paths still scanned.
TEST_F(ScanRunTest, ANamedPathThatDoesNotExist) {
  TempDir out;
  t_.write("here/a.txt", "CPR-nr.: 150643-1006\n");
  std::string said;
  EXPECT_EQ(run(kBin + " scan -q --no-progress --key-file " + q(t_ / "key") + " --jsonl " + q(out / "o.jsonl") + " " +
                    q(t_ / "here") + " " + q(t_ / "gone") + " 2>&1",
                &said),
            2);
  EXPECT_NE(said.find(t_ / "gone"), std::string::npos) << said;
  EXPECT_NE(said.find("no such file or folder"), std::string::npos) << said;
  const auto r = testing::parse_jsonl(testing::read_file(out / "o.jsonl"));
  bool not_found = false, found = false;
  for (const auto& rec : r.records) {
    if (rec["kind"] == "error" && rec["path"] == t_ / "gone") not_found = rec["reason"] == "not-found";
    if (rec["kind"] == "cpr") found = true;
  }
  EXPECT_TRUE(not_found);
  EXPECT_TRUE(found);
  EXPECT_EQ(r.end["status"], "failed");
  EXPECT_EQ(r.end["roots_failed"], 1);
}

// Permission cannot be denied to root: the scan runs as nobody (setpriv), with a key and a cache nobody may use.
TEST_F(ScanRunTest, ANamedFileOrFolderThatCannotBeReadExits2) {
  TempDir t;
  t.write("open/a.txt", "intet\n");
  t.write("open/inside/locked.txt", "CPR-nr.: 150643-1006\n");
  t.write("locked.txt", "CPR-nr.: 150643-1006\n");
  t.mkdir("locked-folder");
  t.write("key", "datavagt test key of 32 bytes..");
  ASSERT_EQ(::chown((t / "key").c_str(), 65534, 65534), 0);
  ASSERT_EQ(::chmod((t / "key").c_str(), 0600), 0);
  for (const char* p : {"locked.txt", "open/inside/locked.txt"}) ASSERT_EQ(::chmod((t / p).c_str(), 0600), 0);
  ASSERT_EQ(::chmod((t / "locked-folder").c_str(), 0700), 0);
  const std::string as_nobody = "DATAVAGT_CACHE_DIR= setpriv --reuid=65534 --regid=65534 --clear-groups " + kBin +
                                " scan -q --no-progress --key-file " + q(t / "key") + " ";
  std::string said;
  // A file inside a folder that cannot be read is a record, not a failure of the scan.
  EXPECT_EQ(run(as_nobody + q(t / "open") + " 2>&1", &said), 0) << said;
  EXPECT_EQ(run(as_nobody + q(t / "locked.txt") + " 2>&1", &said), 2);
  EXPECT_NE(said.find(t / "locked.txt"), std::string::npos) << said;
  EXPECT_NE(said.find("Permission denied"), std::string::npos) << said;
  EXPECT_EQ(run(as_nobody + q(t / "locked-folder") + " 2>&1", &said), 2);
  EXPECT_NE(said.find(t / "locked-folder"), std::string::npos) << said;
}

// An empty share that is a mount point, or listed in /etc/fstab with nothing mounted: a warning on stderr (also
// with -q) and a note in the JSONL. Mounted for real, in a mount namespace of the test's own (unshare -m),
// so nothing outlives it; skipped where namespaces are not allowed.
TEST_F(ScanRunTest, AnEmptyShareThatLooksUnmountedIsWarnedAbout) {
  TempDir t;
  t.mkdir("share");
  t.mkdir("plain");
  t.write("fstab", "//fil01/Jobcenter " + t / "share" + " cifs _netdev 0 0\n");
  if (run("unshare -m true 2>/dev/null") != 0) GTEST_SKIP() << "no mount namespaces here";
  // Run through `sh -c '…'`: the paths (temporary folders: no spaces, no quotes) are not quoted again.
  const std::string scan = kBin + " scan -q --no-progress --key-file " + t_ / "key" + " --jsonl " + t / "o.jsonl" + " ";
  std::string said;
  ASSERT_EQ(run("unshare -m sh -c " + q("mount -t tmpfs none " + t / "share" + " && " + scan + t / "share") + " 2>&1",
                &said),
            0);
  EXPECT_NE(said.find("warning: " + t / "share" + ": empty: a file system is mounted here"), std::string::npos)
      << said;
  auto r = testing::parse_jsonl(testing::read_file(t / "o.jsonl"));
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0]["kind"], "note");
  EXPECT_EQ(r.records[0]["format"], "directory");
  EXPECT_NE(r.records[0]["notes"][0].get<std::string>().find("holds nothing"), std::string::npos);
  EXPECT_EQ(r.end["warnings"].size(), 1u);
  EXPECT_EQ(r.end["status"], "complete");

  ASSERT_EQ(run("unshare -m sh -c " + q("mount --bind " + t / "fstab" + " /etc/fstab && " + scan + t / "share") +
                    " 2>&1",
                &said),
            0);
  EXPECT_NE(said.find("/etc/fstab lists it as a mount point, but nothing is mounted on it"), std::string::npos)
      << said;
  // An empty folder that is nobody's mount point is just empty.
  ASSERT_EQ(run(scan + t / "plain" + " 2>&1", &said), 0);
  EXPECT_EQ(said, "");
  r = testing::parse_jsonl(testing::read_file(t / "o.jsonl"));
  EXPECT_TRUE(r.records.empty());
}


// The run as the findings store (--db) keeps it, read as `report` would: its status ends as the scan-end
// record's does.
std::vector<store::RunRecord> runs_in(const std::string& db) {
  store::OpenOptions ro;
  ro.read_only = true;
  auto opened = store::SqliteStore::open(db, ro);
  EXPECT_TRUE(opened);
  if (!opened) return {};
  auto runs = (*opened)->runs();
  EXPECT_TRUE(runs);
  return runs ? *runs : std::vector<store::RunRecord>{};
}

// SIGTERM in the middle of a scan that writes to a store: exit 143, scan-end `interrupted`, and the store's
// run ended as interrupted (now, by this scan, not later by the next one) with the counts so far.
TEST_F(ScanRunTest, AStoreRunStoppedBySigtermIsInterrupted) {
  TempDir out;
  const std::string jsonl = out / "o.jsonl", db = out / "store.db";
  auto args = scan_args("big", jsonl);
  args.insert(args.end(), {"--db", db});
  Scan scan(args, out / "summary", out / "stderr");
  ASSERT_TRUE(scan.wait_until([&] { return size_of(jsonl) > 20000; }));
  ASSERT_TRUE(scan.running()) << "the scan ended before it could be interrupted";
  scan.signal(SIGTERM);
  EXPECT_EQ(scan.wait(), 143);
  const auto r = testing::parse_jsonl(testing::read_file(jsonl));
  ASSERT_TRUE(r.end.is_object());
  EXPECT_EQ(r.end["status"], "interrupted");
  const auto runs = runs_in(db);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].status, store::RunStatus::Interrupted);
  EXPECT_GT(runs[0].ended_at, 0) << "ended by the scan itself";
  EXPECT_GT(runs[0].counts.files, 0u);
  EXPECT_LT(runs[0].counts.files, static_cast<std::uint64_t>(kFolders * kFilesPerFolder));
  // The same scan again continues it and completes.
  Scan again(args, out / "summary", out / "stderr");
  EXPECT_EQ(again.wait(), 1);
  const auto after = runs_in(db);
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[0].status, store::RunStatus::Interrupted);
  EXPECT_EQ(after[1].status, store::RunStatus::Complete);
  EXPECT_EQ(after[1].start.resumes, after[0].id);
}

// A second Ctrl-C ends the process before the scan can end its run in the store the usual way: the run is
// still marked interrupted at once, so no report shows it as running.
TEST_F(ScanRunTest, AStoreRunStoppedAtOnceIsInterruptedToo) {
  TempDir out;
  const std::string jsonl = out / "o.jsonl", err = out / "stderr", db = out / "store.db";
  auto args = scan_args("slow", jsonl);
  args.insert(args.end(), {"--db", db});
  Scan scan(args, out / "summary", err);
  ctrl_c_twice(scan, jsonl, err);
  const auto runs = runs_in(db);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].status, store::RunStatus::Interrupted);
  EXPECT_GT(runs[0].ended_at, 0);
  EXPECT_NE(runs[0].error.find("second signal"), std::string::npos) << runs[0].error;
}

// A path named that is not there fails the run: in the scan-end record and in the store alike (the other
// paths are still scanned and stored).
TEST_F(ScanRunTest, AStoreRunWithARootNotFoundIsFailed) {
  TempDir out;
  t_.write("there/a.txt", "CPR-nr.: 150643-1006\n");
  const std::string db = out / "store.db";
  EXPECT_EQ(run(kBin + " scan -q --no-progress --key-file " + q(t_ / "key") + " --db " + q(db) + " --jsonl " +
                q(out / "o.jsonl") + " " + q(t_ / "there") + " " + q(t_ / "not-there") + " 2>/dev/null"),
            2);
  const auto r = testing::parse_jsonl(testing::read_file(out / "o.jsonl"));
  EXPECT_EQ(r.end["status"], "failed");
  const auto runs = runs_in(db);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].status, store::RunStatus::Failed);
  EXPECT_NE(runs[0].error.find("could not be scanned"), std::string::npos) << runs[0].error;
  EXPECT_EQ(runs[0].counts.files_with_findings, 1u);
}

// Without --key-file, the scan, `key-id` and the DPO's `lookup` all take the key where scanner/key_file.h
// says: the installation key, or, when it cannot be used, the user's own (with a warning). Either way the
// store's key check value is that key's, and lookup finds the person.
TEST_F(ScanRunTest, TheStoreUsesTheDefaultKeyAsLookupDoes) {
  TempDir t;
  t.write("share/brev.txt", "CPR-nr.: 150643-1006\n");
  struct Case {
    std::string env;
    bool per_user;
  };
  const std::vector<Case> cases = {
      {"DATAVAGT_KEY_FILE=" + q(t / "inst/fingerprint.key") + " HOME=" + q(t / "home") + " XDG_DATA_HOME= ", false},
      // An installation key that cannot be made (its folder cannot exist): the user's own key.
      {"DATAVAGT_KEY_FILE=/proc/no-such-folder/fingerprint.key HOME=" + q(t / "home") + " XDG_DATA_HOME= ", true},
  };
  for (const auto& c : cases) {
    const std::string db = t / (c.per_user ? "user.db" : "inst.db");
    std::string said, id, found;
    ASSERT_EQ(run(c.env + kBin + " scan -q --no-progress --db " + q(db) + " " + q(t / "share") + " 2>&1", &said), 1)
        << said;
    EXPECT_EQ(said.find("own key") != std::string::npos, c.per_user) << said;
    ASSERT_EQ(run(c.env + kBin + " key-id 2>/dev/null", &id), 0);
    EXPECT_NE(id.find(c.per_user ? t / "home/.local/share/datavagt/fingerprint.key" : t / "inst/fingerprint.key"),
              std::string::npos)
        << id;
    store::OpenOptions ro;
    ro.read_only = true;
    auto opened = store::SqliteStore::open(db, ro);
    ASSERT_TRUE(opened);
    auto check = (*opened)->key_check();
    ASSERT_TRUE(check);
    EXPECT_EQ(*check, id.substr(0, 16));
    ASSERT_EQ(run("printf '150643-1006\\n' | " + c.env + kBin + " lookup --db " + q(db) + " 2>/dev/null", &found),
              1)
        << found;
    EXPECT_NE(found.find(t / "share/brev.txt"), std::string::npos) << found;
  }
}

// One attachment in many mails (issue 12): extracted once in the run, reported in every mail at its own place
// with that mail's date, exactly as if each had been extracted (scanner/known_members.h).
TEST(MembersOfTheRun, OneAttachmentInManyMailsIsExtractedOnce) {
  TempDir t;
  std::string note;
  for (int i = 0; i < 20; ++i) note += "Notat om borgeren, CPR-nummer 150643-1006, diagnose: diabetes.\n";
  for (int i = 1; i <= 5; ++i)
    t.write("post/mail" + std::to_string(i) + ".eml",
            "From: a@kommune.dk\nTo: b@kommune.dk\nSubject: Sag " + std::to_string(i) + "\nDate: Mon, " +
                std::to_string(i) + " Dec 2025 10:00:00 +0100\nMIME-Version: 1.0\n"
                "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nSe notatet.\n--b\n"
                "Content-Type: text/plain; name=\"notat.txt\"\nContent-Disposition: attachment; filename=\"notat.txt\"\n\n" +
                note + "--b--\n");
  const std::string out = t / "out.jsonl";
  ASSERT_EQ(run(kBin + " scan -q --no-progress -j 1 --jsonl " + q(out) + " " + q(t / "post")), 1);
  const auto result = testing::parse_jsonl(read_file(out));
  ASSERT_FALSE(result.end.is_null());
  EXPECT_EQ(result.end["members_reused"], 4) << "the attachment of mails 2-5 is the one of mail 1";
  std::map<std::string, std::set<std::string>> kinds;  // mail -> kinds found in its attachment
  for (const auto& r : result.records) {
    if (!r.contains("masked") && !r.contains("terms")) continue;
    const std::string path = r["path"];
    const std::string n = path.substr(path.size() - 5, 1);
    EXPECT_EQ(r["location"], path + "!/notat.txt");
    EXPECT_EQ(r["date"], "2025-12-0" + n + "T09:00:00Z") << "each copy has its own mail's date";
    kinds[path].insert(r["kind"].get<std::string>());
  }
  ASSERT_EQ(kinds.size(), 5u);
  for (const auto& [mail, k] : kinds) EXPECT_EQ(k, (std::set<std::string>{"cpr", "health"})) << mail;
}

}  // namespace
}  // namespace datavagt::e2e
