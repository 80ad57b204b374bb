#pragma once
// `datavagt scan`: walk the roots in parallel, scan every file (and every file and folder name), send verdicts
// to the report sinks between a scan-start and a scan-end, print the summary. Returns the exit code: 0 nothing
// found, 1 personal data found, 2 error (unusable options, key or output; a root not found or unreadable),
// 128 + the signal when interrupted (130 Ctrl-C, 143 SIGTERM). Files that could not be scanned are reported,
// not fatal. Takes over SIGINT and SIGTERM while it runs (signal_watch.h); a second one ends the process.
#include <set>
#include <string>
#include <vector>

#include "core/limits.h"
#include "detectors/detector.h"

namespace datavagt {

struct ScanOptions {
  std::vector<std::string> roots;
  std::string jsonl;     // "" = none, "-" = stdout
  std::string key_file;  // "" = the per-installation key
  DetectOptions detect;
  std::vector<std::string> kinds;       // --kinds: "cpr", "health", …; empty = all
  std::vector<std::string> term_paths;  // --terms: site dictionaries (files or folders of *.txt)
  bool builtin_terms = true;            // --no-builtin-terms: the site's dictionaries replace the shipped ones
  Limits limits;
  unsigned threads = 0;  // 0 = all cores
  // --workers processes|in-process: each file is extracted in a supervised worker process (one per thread;
  // scanner/worker_pool.h), or on the scan's own threads (the default for now: bench/README.md, "Worker
  // processes", has what the workers cost).
  bool worker_processes = false;
  bool one_file_system = true;
  bool progress = true;
  bool quiet = false;    // no summary
  bool all_files = false;  // --all: the summary lists every file, not the first 20
  std::string lang;        // --lang da|en: the summary's language ("" = the locale's)
  // The findings store (reports/store/): incremental, resumable scans with history and review states.
  std::string db;          // --db FILE: "" = none
  bool full = false;       // --full: read every file again, even unchanged ones
  std::string group;       // --group GROUP: the store is made 0660 for this group (the DPO's)
  // --clear-paths: CPR numbers in file and folder names shown in clear in every output (JSONL, summary,
  // progress, messages) and raw path bytes kept in the store.
  bool clear_paths = false;
  // The policy (scanner/policy/): --policy FILE, and --exclude globs added to the policy's own.
  std::string policy_file;
  std::vector<std::string> excludes;
  // The long names of the options given on the command line ("min-confidence"): they win over the policy.
  std::set<std::string> given;
};

int run_scan(const ScanOptions& options);

}  // namespace datavagt
