#pragma once
// Where verdicts go. Contract (the scanner keeps it): verdict() is called once per on-disk file, from one
// thread at a time, in no particular order; finish() once, after the last verdict. A sink that cannot
// write returns the Problem from finish(); it never throws.
// A sink whose work is mostly formatting can do it without the scanner's lock: the scanner calls prepare(v)
// from the scanning thread (concurrently with other files' prepare()), then prepared_verdict(v, what it
// returned) under the lock, instead of verdict(v).
#include <string>

#include "core/file_verdict.h"
#include "core/result.h"
#include "reports/run_summary.h"

namespace datavagt {

class ReportSink {
 public:
  virtual ~ReportSink() = default;
  virtual void verdict(const FileVerdict& v) = 0;
  virtual std::string prepare(const FileVerdict&) const { return {}; }
  virtual void prepared_verdict(const FileVerdict& v, std::string /*prepared*/) { verdict(v); }
  virtual Result<bool> finish(const RunSummary& summary) = 0;
};

}  // namespace datavagt
