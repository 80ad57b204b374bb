#pragma once
// The outputs of one run behind one lock: the report sinks and the running totals (RunSummary). Verdicts come
// from the scanning threads (formatted outside the lock, written under it); the run is closed once, by
// finish(), from the main thread at the end or from the signal watcher on a second Ctrl-C, whichever comes
// first. As every write holds the lock, a line is never cut by another, nor by the close; nothing is written
// after it.
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "core/file_verdict.h"
#include "core/result.h"
#include "reports/run_info.h"
#include "reports/run_summary.h"
#include "reports/sink.h"

namespace datavagt {

class ScanOutput {
 public:
  ScanOutput(std::vector<ReportSink*> sinks, RunSummary& summary) : sinks_(std::move(sinks)), summary_(summary) {}

  // Every sink's begin(); the first sink's Problem if one cannot write.
  Result<bool> begin(const RunInfo& run);
  // Thread-safe. Does nothing once finished. A verdict of up to kPreparedRecords findings and problems is
  // formatted outside the lock (ReportSink::prepare); a larger one under it, in slices (bounded memory).
  static constexpr std::size_t kPreparedRecords = 2000;
  void deliver(const FileVerdict& v);
  void add_warning(std::string warning);
  // A path named on the command line that could not be scanned (RunSummary::unreadable_roots).
  void count_failed_root();
  // Lets `complete` fill in the end of the summary (status, times, walk counts) and finishes every sink;
  // the first call only (later ones return true and do nothing). Fails with the first sink's Problem (all are
  // finished regardless).
  Result<bool> finish(const std::function<void(RunSummary&)>& complete);

 private:
  std::vector<ReportSink*> sinks_;
  RunSummary& summary_;
  std::mutex mutex_;
  bool finished_ = false;
};

}  // namespace datavagt
