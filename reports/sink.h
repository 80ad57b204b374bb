#pragma once
// Where verdicts go. Contract (the scanner keeps it): verdict() is called once per on-disk file, from one
// thread at a time, in no particular order; finish() once, after the last verdict. A sink that cannot
// write returns the Problem from finish(); it never throws.
#include "core/file_verdict.h"
#include "core/result.h"
#include "reports/run_summary.h"

namespace datavagt {

class ReportSink {
 public:
  virtual ~ReportSink() = default;
  virtual void verdict(const FileVerdict& v) = 0;
  virtual Result<bool> finish(const RunSummary& summary) = 0;
};

}  // namespace datavagt
