#pragma once
// Why an item was not (fully) scanned. Problems are values: extractors and the walker report them, reports
// print them as `kind: "error"` records. Every file is accounted for: clean, findings, or a named Problem.
#include <string>
#include <string_view>
#include <vector>

namespace datavagt {

enum class ProblemKind {
  PermissionDenied,   // the OS refused to open or list it
  NotFound,           // a path named on the command line does not exist
  Vanished,           // listed, then gone before we could open it
  Unreadable,         // I/O error while reading
  Encrypted,          // password protected
  Truncated,          // a size limit cut the extracted text short
  Limit,              // another limit (depth, members, time) stopped extraction
  Corrupt,            // malformed content
  UnsupportedFormat,  // recognised, but no extractor for it yet
  Internal,           // a bug or resource failure inside Datavagt
  Interrupted,        // the scan was stopped (Ctrl-C, SIGTERM) while this file was being read
  // The worker process extracting this file (scanner/worker_pool.h) ended: killed by a signal (the detail
  // names it), stopped by the watchdog (wall clock or CPU past --max-seconds), or out of its memory limit
  // (--max-worker-memory). The worker is replaced; the rest of the file is not read.
  Crashed,
  Timeout,
  MemoryLimit,
};
inline constexpr ProblemKind kLastProblemKind = ProblemKind::MemoryLimit;

// Stable machine name used in reports ("permission-denied", "vanished", ...).
std::string_view to_string(ProblemKind k);

struct Problem {
  ProblemKind kind;
  std::string detail;                // human-readable, never contains personal data from the content
  std::vector<std::string> members;  // member chain inside the on-disk file; empty = the file itself

  static Problem make(ProblemKind k, std::string detail) { return Problem{k, std::move(detail), {}}; }
};

// A problem that may go away by itself (a busy machine, a file being written, a stopped scan): what gave it is
// read again next time instead of trusting a stored or remembered result.
bool is_transient(const Problem& p);

}  // namespace datavagt
