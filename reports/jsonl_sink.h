#pragma once
// JSON Lines: one record per finding, and one per problem (`kind: "error"` with a `reason`), so that "not
// scanned" is never confused with "clean". The field list is the findings contract in README.md.
#include <cstdio>
#include <memory>
#include <string>

#include "reports/sink.h"

namespace datavagt {

class JsonlSink final : public ReportSink {
 public:
  // `out` is written and flushed, not closed; `out_name` names it in error messages.
  JsonlSink(std::FILE* out, std::string out_name) : out_(out), name_(std::move(out_name)) {}
  void verdict(const FileVerdict& v) override;
  // The file's lines (records and newlines), formatted without a lock; written by prepared_verdict().
  std::string prepare(const FileVerdict& v) const override;
  void prepared_verdict(const FileVerdict& v, std::string lines) override;
  Result<bool> finish(const RunSummary& summary) override;

  // The record for one finding or problem, without the newline (exposed for tests).
  static std::string finding_record(const FileVerdict& v, const Finding& f);
  static std::string problem_record(const FileVerdict& v, const Problem& p);
  // A file with notes but no finding and no problem: `kind` "note", its `notes` and file fields.
  static std::string note_record(const FileVerdict& v);

 private:
  std::FILE* out_;
  std::string name_;
  bool failed_ = false;
};

}  // namespace datavagt
