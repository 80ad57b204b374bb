#pragma once
// What the walk hands out becomes verdicts for the ScanOutput: each file scanned by the thread's ItemScanner
// (or, with the findings store, carried forward when unchanged: incremental_scan.h), its name and every
// folder's name scanned for CPR numbers (detectors/name_scan.h; a folder gets a verdict of its own only when
// its name holds one), files cut off by an interrupted scan marked `interrupted`. A name's findings belong to
// the path, not to the content: the store is given the verdict without them (it keeps results by content). A path
// named on the command line that is not found or cannot be read, and an empty root that looks like a share
// that is not mounted, are also told on stderr (whatever -q says) and counted. Called concurrently by the
// walk's threads: scanners and match sessions are per thread; counters are atomic.
// Without the store, files are gathered per thread as the scanner prefers (FileScanner::preferred_batch:
// worker processes take many small files in one request) and scanned when enough are there; finish() scans
// what is left once the walk is over, and must be called then.
#include <atomic>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <tbb/enumerable_thread_specific.h>

#include "detectors/match_session.h"
#include "detectors/name_scan.h"
#include "detectors/ruleset.h"
#include "reports/path_display.h"
#include "scanner/file_scanner.h"
#include "scanner/incremental_scan.h"
#include "scanner/known_members.h"
#include "scanner/item_scanner.h"
#include "scanner/member_tasks.h"
#include "scanner/policy/policy_check.h"
#include "scanner/progress.h"
#include "scanner/scan_output.h"
#include "scanner/walk.h"
#include "scanner/worker_pool.h"

namespace datavagt {

class ScanVisitor final : public WalkVisitor {
 public:
  // `roots`: the paths named on the command line. With `incremental` (--db), unchanged files are carried forward
  // from the store and every file's verdict is stored. `policy` judges every file with findings (owner,
  // department, misplaced, overdue), read or carried forward, on this run's facts. With `workers`, files are
  // extracted in worker processes (worker_pool.h); without, on the walk's threads (--workers in-process), and
  // then with `known` a member met in an earlier file is not extracted again (known_members.h).
  ScanVisitor(const Ruleset& rules, const DetectContext& ctx, ScanOutput& output, Progress& progress,
              const PathDisplay& display, const std::vector<std::string>& roots, IncrementalScan* incremental,
              policy::PolicyCheck& policy, WorkerPool* workers = nullptr, KnownMembers* known = nullptr);

  void file(const std::string& path, bool is_root) override { file_with_stat(path, is_root, nullptr); }
  void file_with_stat(const std::string& path, bool is_root, const struct stat* st) override;
  void error(const std::string& path, Problem p, bool is_directory) override;
  void skipped_directory(const std::string& path) override;
  void directory(const std::string& path, const struct stat& st, bool is_root) override;
  void root_note(const std::string& path, const struct stat& st, std::string note) override;
  // After the walk: scans the files still gathered (`stopped`: the scan was stopped, and they are left out,
  // as the walk leaves out the files it had not handed out yet).
  void finish(bool stopped);

 private:
  // The CPR findings in `path`'s last component (`part`: file name, folder name).
  NameFindings names_of(const std::string& path, std::string_view part);
  // `names` go first in `v`, and the severities of the file's own findings are decided again with them (a CPR
  // number in the name and a diagnosis in the text: critical).
  static void add_name_findings(FileVerdict& v, NameFindings&& names);
  // A file's verdict as scanned (or carried forward) on to the outputs, with its name's findings.
  void deliver_file(FileVerdict& v, bool is_root);
  // Scans the files gathered in `pending` (emptied) and delivers each.
  void scan_gathered(FileScanner& scanner, std::vector<FileRequest>& pending);
  // A file's verdict as scanned, with its name's findings and the policy's judgement, on to the outputs.
  void finish_file(FileVerdict& v, const std::string& path, bool is_root);
  // Counts a path named on the command line that could not be scanned, and says so on stderr.
  void root_failed(const std::string& path, const Problem& p);

  ScannerPool pool_;  // scanners for the members of containers, scanned as parallel tasks
  tbb::enumerable_thread_specific<std::unique_ptr<FileScanner>> scanners_;
  tbb::enumerable_thread_specific<std::unique_ptr<MatchSession>> name_sessions_;
  tbb::enumerable_thread_specific<std::vector<FileRequest>> gathered_;  // per thread, not yet scanned
  ScanOutput& output_;
  Progress& progress_;
  const PathDisplay& display_;
  std::set<std::string> roots_;
  IncrementalScan* incremental_;
  policy::PolicyCheck& policy_;
};

// The last component of `path` ("a/b/" -> "b"); empty for "/", "." and "..".
std::string_view last_component(std::string_view path);

}  // namespace datavagt
