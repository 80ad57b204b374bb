#pragma once
// A scan's session with the findings store (`scan --db FILE`): opens or creates the store (0600, or 0660 for
// --group), checks that the key is the one it was made with, takes the scan lock (a second scan says the store
// is in use), closes runs a killed scan left open, notices that this run continues an interrupted one with
// the same roots, options and policy (by content), starts the run (recording the policy in force, so that
// `report` shows its verdicts as that policy's) and its IncrementalScan, and ends the run with the status of the
// scan's RunSummary (complete; interrupted by SIGINT/SIGTERM; failed: a root could not be scanned, the walk
// broke off, or the store could not be written — the last committed state stays usable). Not thread-safe: the
// scan's main thread only (stopped_at_once(): the signal watcher, while the main thread is in the walk);
// incremental() is for the walk.
#include <memory>
#include <string>
#include <vector>

#include "detectors/fingerprint.h"
#include "detectors/ruleset.h"
#include "reports/run_summary.h"
#include "reports/store/store.h"
#include "scanner/incremental_scan.h"
#include "scanner/scan_command.h"

namespace datavagt {

class ScanStore {
 public:
  // Fails with a Problem worded for the user (exit code 2).
  static Result<std::unique_ptr<ScanStore>> open(const ScanOptions& options,
                                                 const std::vector<DictionarySource>& site_dictionaries,
                                                 const Fingerprinter& keyed, std::FILE* messages);
  ~ScanStore();

  IncrementalScan& incremental() { return *incremental_; }
  store::RunId run() const { return run_; }
  // Ends the run with `summary.status` (Complete, Interrupted or Failed, with `summary.failure`).
  // `walk_complete`: every root that could be opened was walked to its end (not interrupted, not broken off):
  // only then are files not seen marked gone (under the roots that were walked). Returns the Problem that
  // made the run fail, if one did (the run is then stored as failed).
  Result<store::RunCounts> finish(bool walk_complete, const RunSummary& summary);
  // A second signal ends the process before finish() can run: marks the run interrupted (without its counts;
  // what the walk committed stays) so that no report shows it running. Best effort, from the signal watcher.
  void stopped_at_once(int signal);

 private:
  ScanStore() = default;
  std::unique_ptr<store::Store> main_;
  std::unique_ptr<IncrementalScan> incremental_;
  store::RunId run_ = 0;
  std::FILE* messages_ = nullptr;
};

// The uid-independent name of whoever runs this: $SUDO_USER when run through sudo, else the login name.
std::string current_user();
// This machine's name (gethostname), "" if it has none.
std::string host_name();

}  // namespace datavagt
