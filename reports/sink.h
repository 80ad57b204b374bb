#pragma once
// Where verdicts go. Contract (the scanner keeps it): begin() once, before the first verdict; verdict() once
// per on-disk file (and per folder with something to report: FileVerdict::directory), from one thread at a
// time, in no particular order; finish() once, after the last verdict — also when the run was interrupted
// or failed (RunSummary::status), possibly from another thread than begin(), never concurrently with
// verdict(). A sink that cannot write returns the Problem from begin() or finish(); it never throws.
// A sink whose work is mostly formatting can do it without the scanner's lock: the scanner calls prepare(v)
// from the scanning thread (concurrently with other files' prepare()), then prepared_verdict(v, what it
// returned) under the lock, instead of verdict(v).
#include <string>

#include "core/file_verdict.h"
#include "core/result.h"
#include "reports/run_info.h"
#include "reports/run_summary.h"

namespace datavagt {

class ReportSink {
 public:
  virtual ~ReportSink() = default;
  virtual Result<bool> begin(const RunInfo&) { return true; }
  virtual void verdict(const FileVerdict& v) = 0;
  virtual std::string prepare(const FileVerdict&) const { return {}; }
  virtual void prepared_verdict(const FileVerdict& v, std::string /*prepared*/) { verdict(v); }
  virtual Result<bool> finish(const RunSummary& summary) = 0;
};

}  // namespace datavagt
