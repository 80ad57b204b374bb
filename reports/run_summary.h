#pragma once
// Totals of one scan run, handed to every sink at the end (also the partial totals of an interrupted run).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/file_verdict.h"
#include "core/run_status.h"

namespace datavagt {

struct RunSummary {
  std::vector<std::string> roots;
  RunStatus status = RunStatus::Running;  // set when the run ends (core/run_status.h)
  int signal = 0;                        // Interrupted: the signal (SIGINT, SIGTERM)
  std::string failure;                   // Failed: why, for people (paths masked)
  int exit_code = 0;                     // what the process returns (README "Exit code")
  std::uint64_t files = 0;               // on-disk files reached (scanned or not)
  std::uint64_t files_unchanged = 0;     // with a findings store: unchanged since it last read them, not read
  std::uint64_t files_reused = 0;        // with a findings store: content it already knew, not extracted
  std::uint64_t files_without_text = 0;  // images, media, executables: scanned, nothing to read
  std::uint64_t files_with_findings = 0;
  std::uint64_t folders_with_findings = 0;  // folders whose name holds a CPR number
  std::uint64_t files_with_problems = 0;    // files (and folders) not fully scanned
  std::uint64_t bytes_read = 0;
  std::uint64_t text_bytes = 0;
  std::uint64_t ocr_pages_read = 0;    // images and PDF pages Tesseract read (extractors/image/)
  std::uint64_t members_reused = 0;   // members of containers met in an earlier file of the run: not extracted
  std::uint64_t ocr_pages_cached = 0;  // … met again in the run and taken from the OCR cache, not read again
  std::map<std::string, std::uint64_t> files_by_kind;     // kind -> files with at least one such finding
  std::map<std::string, std::uint64_t> findings_by_kind;  // kind -> distinct values (summed over files)
  std::map<std::string, std::uint64_t> occurrences_by_kind;
  std::map<std::string, std::uint64_t> problems_by_reason;
  std::uint64_t files_by_severity[4] = {};  // by the file's worst finding, indexed by Severity
  std::uint64_t symlinks_skipped = 0;
  std::uint64_t special_skipped = 0;       // fifos, sockets, devices
  std::uint64_t other_fs_skipped = 0;      // directories on another file system
  std::uint64_t unreadable_roots = 0;      // paths named that were not found or could not be read
  std::vector<std::string> warnings;       // e.g. a root that looks like an unmounted share (paths masked)
  std::uint64_t excluded = 0;              // files and folders left out by --exclude / the policy's exclude
  std::string policy;                      // the --policy file ("" = none)
  std::uint64_t files_overdue = 0;         // files with personal data flagged overdue (the file or an item in it)
  std::uint64_t files_misplaced = 0;       // … flagged misplaced
  double min_confidence = 0;
  double min_score = 0;
  double seconds = 0;
  std::int64_t ended = 0;                  // unix seconds
};

// Counts one file's verdict into the totals (files, bytes, findings by kind and severity, problems by reason,
// policy flags); a folder's (FileVerdict::directory) counts as a folder with findings, not as a file.
void add_to_summary(RunSummary& s, const FileVerdict& v);

}  // namespace datavagt
