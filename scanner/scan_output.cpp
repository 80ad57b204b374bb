#include "scanner/scan_output.h"

#include <optional>

namespace datavagt {

Result<bool> ScanOutput::begin(const RunInfo& run) {
  std::lock_guard lock(mutex_);
  for (ReportSink* s : sinks_)
    if (auto r = s->begin(run); !r) return r.problem();
  return true;
}

void ScanOutput::deliver(const FileVerdict& v) {
  // A file with very many records (a container full of CPR numbers) is formatted under the lock, a slice at a
  // time (ReportSink::verdict): its lines must not all be in memory at once. Other threads wait meanwhile.
  if (v.findings.size() + v.problems.size() > kPreparedRecords) {
    std::lock_guard lock(mutex_);
    if (finished_) return;
    add_to_summary(summary_, v);
    for (ReportSink* s : sinks_) s->verdict(v);
    return;
  }
  // Formatting (JSON records of a CPR-dense file) needs no lock: done here, in the scanning thread.
  std::vector<std::string> prepared;
  prepared.reserve(sinks_.size());
  for (const ReportSink* s : sinks_) prepared.push_back(s->prepare(v));
  std::lock_guard lock(mutex_);
  if (finished_) return;
  add_to_summary(summary_, v);
  for (std::size_t i = 0; i < sinks_.size(); ++i) sinks_[i]->prepared_verdict(v, std::move(prepared[i]));
}

void ScanOutput::add_warning(std::string warning) {
  std::lock_guard lock(mutex_);
  summary_.warnings.push_back(std::move(warning));
}

void ScanOutput::count_failed_root() {
  std::lock_guard lock(mutex_);
  summary_.unreadable_roots++;
}

Result<bool> ScanOutput::finish(const std::function<void(RunSummary&)>& complete) {
  std::lock_guard lock(mutex_);
  if (finished_) return true;
  finished_ = true;
  complete(summary_);
  std::optional<Problem> failed;
  for (ReportSink* s : sinks_)
    if (auto r = s->finish(summary_); !r && !failed) failed = r.problem();
  if (failed) return *failed;
  return true;
}

}  // namespace datavagt
