#pragma once
// JSON Lines: a `scan-start` record, one record per finding, one per problem (`kind: "error"` with a
// `reason`), so that "not scanned" is never confused with "clean", and a `scan-end` record with the run's
// status and totals. The field list is the contract in README.md. Paths, locations, details and notes are
// shown through a PathDisplay (CPR numbers masked unless --clear-paths).
// Every record is one line, written whole: a reader may rely on all lines but a last one cut by a kill.
#include <cstdio>
#include <functional>
#include <memory>
#include <string>

#include "reports/path_display.h"
#include "reports/sink.h"

namespace datavagt {

class JsonlSink final : public ReportSink {
 public:
  // `out` is written and flushed, not closed; `out_name` names it in error messages.
  JsonlSink(std::FILE* out, std::string out_name, PathDisplay display = {})
      : out_(out), name_(std::move(out_name)), display_(display) {}
  Result<bool> begin(const RunInfo& run) override;
  // Formats and writes the file's lines a slice at a time (bounded memory, for files with many records).
  void verdict(const FileVerdict& v) override;
  // The file's lines (records and newlines), formatted without a lock; written by prepared_verdict().
  std::string prepare(const FileVerdict& v) const override;
  void prepared_verdict(const FileVerdict& v, std::string lines) override;
  // Writes the `scan-end` record and flushes.
  Result<bool> finish(const RunSummary& summary) override;

  // The record for one finding or problem, without the newline (exposed for tests).
  static std::string finding_record(const FileVerdict& v, const Finding& f, const PathDisplay& display = {});
  static std::string problem_record(const FileVerdict& v, const Problem& p, const PathDisplay& display = {});
  // A file with notes but no finding and no problem: `kind` "note", its `notes` and file fields.
  static std::string note_record(const FileVerdict& v, const PathDisplay& display = {});
  static std::string start_record(const RunInfo& run, const PathDisplay& display = {});
  static std::string end_record(const RunSummary& summary, const std::string& run_id);

 private:
  void write(const std::string& lines);
  // The file's lines, handed to `out` whenever `slice` bytes are ready, and the rest at the end.
  void format(const FileVerdict& v, std::size_t slice, const std::function<void(std::string&)>& out) const;

  std::FILE* out_;
  std::string name_;
  PathDisplay display_;
  std::string run_id_;
  bool failed_ = false;
};

}  // namespace datavagt
