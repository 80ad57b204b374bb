// Worker processes from the outside (issue 14 item 1): with DATAVAGT_FAULT_INJECT a scan of a share finishes,
// each injected file is an error record with the reason its fault gives (crashed / timeout / memory-limit),
// and every other record is the one a clean run writes; a clean run with workers writes what
// `--workers in-process` writes; the findings store works through workers (unchanged files not read again);
// a bad injection spec is the user's mistake (exit 2).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <string>

#include "tests/support/e2e.h"
#include "tests/support/make_archive.h"
#include "tests/support/scan_text.h"

namespace datavagt::e2e {
namespace {

class WorkerFaultsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    testing::write_key(*dir_);
    const TempDir& t = *dir_;
    std::string cprs[6];
    const char* dates[6] = {"150643", "010190", "311299", "020304", "121212", "280280"};
    for (int i = 0; i < 6; ++i) {
      const std::string c = testing::valid_cpr(dates[i], '1');
      cprs[i] = c.substr(0, 6) + "-" + c.substr(6);
    }
    for (int i = 0; i < 24; ++i)
      t.write("share/afd" + std::to_string(i % 3) + "/sag" + std::to_string(i) + ".txt",
              "Sagsnotat " + std::to_string(i) + "\nBorger: " + cprs[i % 6] + "\nDiagnose: diabetes\n");
    t.write("share/afd0/crash-me.txt", "Borger: " + cprs[0] + "\n");
    t.write("share/afd1/hang-me.txt", "Borger: " + cprs[1] + "\n");
    t.write("share/afd2/oom-me.txt", "Borger: " + cprs[2] + "\n");
    t.write("share/afd2/arkiv.zip",
            testing::make_archive(testing::ArchiveFormat::Zip, {{"a.txt", "Borger: " + cprs[3] + "\n"},
                                                                {"inde/crash-inside.txt", "x\n"},
                                                                {"b.txt", "Borger: " + cprs[4] + "\n"}}));
    t.write("share/afd1/tom.txt", "intet her\n");
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  // Runs a scan of the share; returns its exit code and its records (scan-start/-end apart).
  static int scan(const std::string& env, const std::string& options, testing::JsonlRun& out,
                  const std::string& name) {
    const std::string jsonl = *dir_ / (name + ".jsonl");
    const std::string mode = options.find("--workers") == std::string::npos ? " --workers processes" : "";
    const int rc = run(env + " " + kBin + " scan" + mode + " --no-progress -q -j2 --key-file " + q(*dir_ / "key") + " --jsonl " +
                       q(jsonl) + " " + options + " " + q(*dir_ / "share") + " 2>" + q(*dir_ / (name + ".err")));
    out = testing::parse_jsonl(testing::read_file(jsonl));
    return rc;
  }
  // The records as a set of lines, without what differs from run to run, leaving out those of `paths`.
  static std::multiset<std::string> records(const testing::JsonlRun& r, const std::set<std::string>& paths = {}) {
    std::multiset<std::string> out;
    for (auto rec : r.records) {
      if (paths.count(rec.value("path", ""))) continue;
      rec.erase("seconds");
      out.insert(rec.dump());
    }
    return out;
  }

  static inline TempDir* dir_ = nullptr;
};

TEST_F(WorkerFaultsTest, WorkersWriteWhatAnInProcessScanWrites) {
  testing::JsonlRun workers, in_process;
  ASSERT_EQ(scan("", "", workers, "workers"), 1);
  ASSERT_EQ(scan("", "--workers in-process", in_process, "in-process"), 1);
  EXPECT_EQ(workers.end["status"], "complete");
  EXPECT_EQ(workers.start["options"]["workers"], "processes");
  EXPECT_EQ(in_process.start["options"]["workers"], "in-process");
  EXPECT_EQ(records(workers), records(in_process));
  EXPECT_EQ(workers.end["files"], 29);
  EXPECT_EQ(workers.end["files_with_problems"], 0);
}

TEST_F(WorkerFaultsTest, InjectedFaultsCostOnlyTheirFiles) {
  testing::JsonlRun clean;
  ASSERT_EQ(scan("", "", clean, "clean"), 1);
  // Touching memory page by page can be slow on a busy machine: the memory fault has a run of its own with the
  // default watchdog, the hang one with a short one.
  struct Case {
    std::string faults, options;
    std::map<std::string, std::string> want;  // file name -> reason
  };
  const Case cases[] = {
      {"crash:crash-me,hang:hang-me,crash:crash-inside", "--max-seconds 0.5",
       {{"crash-me.txt", "crashed"}, {"hang-me.txt", "timeout"}, {"arkiv.zip", "crashed"}}},
      {"oom:oom-me", "--max-worker-memory 256MiB", {{"oom-me.txt", "memory-limit"}}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.faults);
    testing::JsonlRun faulted;
    ASSERT_EQ(scan("DATAVAGT_FAULT_INJECT=" + q(c.faults), c.options, faulted, "faulted"), 1);
    EXPECT_EQ(faulted.end["status"], "complete");
    EXPECT_EQ(faulted.end["files"], 29);
    std::map<std::string, std::string> reason;  // file name -> reason
    std::map<std::string, int> per_reason;
    std::set<std::string> injected;
    for (const auto& rec : faulted.records) {
      if (rec["kind"] != "error") continue;
      const std::string path = rec["path"];
      reason[path.substr(path.rfind('/') + 1)] = rec["reason"];
      per_reason[rec["reason"]]++;
      injected.insert(path);
      EXPECT_EQ(rec["location"], rec["path"]);  // the file's record, not a member's
      // Its format, sniffed as an in-process scan would have (the worker fell before it said).
      EXPECT_EQ(rec["format"], path.ends_with(".zip") ? "zip" : "text") << path;
    }
    EXPECT_EQ(reason, c.want);
    for (const auto& [r, n] : per_reason) EXPECT_EQ(faulted.end["problems_by_reason"][r], n) << r;
    // The rest of the share exactly as the clean run reports it.
    EXPECT_EQ(records(faulted, injected), records(clean, injected));
    if (c.want.count("arkiv.zip")) {  // the zip's first member was scanned before its worker fell: kept
      bool zip_member = false;
      for (const auto& rec : faulted.records)
        if (rec["kind"] == "cpr" && rec["location"].get<std::string>().find("arkiv.zip!/a.txt") != std::string::npos)
          zip_member = true;
      EXPECT_TRUE(zip_member);
    }
  }
}

TEST_F(WorkerFaultsTest, TheStoreWorksThroughWorkers) {
  TempDir out;
  const std::string db = out / "fund.db";
  testing::JsonlRun first, second, in_process;
  ASSERT_EQ(scan("", "--db " + q(db), first, "db1"), 1);
  ASSERT_EQ(scan("", "--db " + q(db), second, "db2"), 1);
  EXPECT_EQ(second.end["files"], 29);
  EXPECT_EQ(records(first), records(second));
  ASSERT_EQ(scan("", "--workers in-process --db " + q(out / "fund2.db"), in_process, "db3"), 1);
  EXPECT_EQ(records(first), records(in_process));
  // Unchanged files are carried forward, not read: the second run read nothing.
  EXPECT_EQ(second.end["bytes_read"], 0);
}

// A file named on the command line that takes its worker down is a bad file, as a damaged file named there is in
// process (README, exit codes): its error record, and the exit code says what was found (0 here), not 2 — which
// is for a path that does not exist or cannot be read, with or without workers.
TEST_F(WorkerFaultsTest, ANamedFileWhoseWorkerDiesIsABadFileNotABadPath) {
  TempDir t;
  const std::string key = testing::write_key(t);
  const std::string crashing = t.write("crash-named.txt", "Intet at se her.\n");
  const std::string damaged = t.write("damaged.docx", "PK\x03\x04 ikke et rigtigt dokument");
  const auto scan_named = [&](const std::string& env, const std::string& mode, const std::string& file,
                              testing::JsonlRun& out, std::string& err) {
    const int rc = run(env + " " + kBin + " scan --workers " + mode + " --no-progress -q --key-file " + q(key) +
                       " --jsonl " + q(t / "out.jsonl") + " " + q(file) + " 2>" + q(t / "err"));
    out = testing::parse_jsonl(testing::read_file(t / "out.jsonl"));
    err = testing::read_file(t / "err");
    return rc;
  };
  testing::JsonlRun crashed, bad_in_process, bad_in_worker, missing;
  std::string err;
  EXPECT_EQ(scan_named("DATAVAGT_FAULT_INJECT=crash:crash-named", "processes", crashing, crashed, err), 0) << err;
  EXPECT_EQ(err, "");
  ASSERT_EQ(crashed.records.size(), 1u);
  EXPECT_EQ(crashed.records[0]["reason"], "crashed");
  EXPECT_EQ(crashed.records[0]["format"], "text");
  EXPECT_EQ(crashed.end["roots_failed"], 0);
  for (const char* mode : {"in-process", "processes"}) {
    testing::JsonlRun& bad = std::string(mode) == "processes" ? bad_in_worker : bad_in_process;
    EXPECT_EQ(scan_named("", mode, damaged, bad, err), 0) << mode << ": " << err;
    ASSERT_EQ(bad.records.size(), 1u) << mode;
    EXPECT_EQ(bad.records[0]["kind"], "error") << mode;
    EXPECT_NE(bad.records[0]["format"], "") << mode;
    EXPECT_EQ(bad.end["roots_failed"], 0) << mode;
  }
  EXPECT_EQ(bad_in_process.records[0]["format"], bad_in_worker.records[0]["format"]);
  // A named path that does not exist: 2 in both modes.
  for (const char* mode : {"in-process", "processes"}) {
    EXPECT_EQ(scan_named("", mode, t / "mangler.txt", missing, err), 2) << mode;
    EXPECT_NE(err.find("mangler.txt"), std::string::npos) << mode << ": " << err;
  }
}

TEST_F(WorkerFaultsTest, ABadInjectionSpecIsTheUsersMistake) {
  testing::JsonlRun r;
  EXPECT_EQ(scan("DATAVAGT_FAULT_INJECT=explode:x", "", r, "bad"), 2);
  EXPECT_NE(testing::read_file(*dir_ / "bad.err").find("DATAVAGT_FAULT_INJECT"), std::string::npos);
}

}  // namespace
}  // namespace datavagt::e2e
