#pragma once
// `datavagt report --db FILE`: the store's current findings.
//  - without an output: the scan's terminal summary, from the store (--all: every file, not the first 20);
//  - --jsonl FILE: JSON Lines in the scan's contract (the same records, plus each finding's `id` and `review`);
//  - --html FILE: the DPO's report, one self-contained page (reports/html/html_report.h);
//  - --csv FILE: one row per file with findings, for Danish Excel (reports/csv/files_csv.h);
//    --csv-summary FILE: one row per department.
// --state keeps the findings in those review states; --since RUN|last those new since a run (last: the run
// before the newest complete one); --department NAME one department; --split-by department writes one HTML/CSV
// file per department (OUT-<department>.html). HTML and CSV are Danish unless --lang en; the terminal follows
// the locale unless --lang. Output files are 0600, or 0640 for --group GROUP; --no-context leaves the text
// around the findings out. Returns the exit code: 0 nothing listed, 1 findings listed, 2 an error (no such
// store, a damaged one, an unwritable output, a bad option).
#include <string>
#include <vector>

namespace datavagt {

struct ReportOptions {
  std::string db;
  std::string jsonl;                 // "" = none; "-" = stdout
  std::string html;
  std::string csv;
  std::string csv_summary;
  std::vector<std::string> states;   // review states to keep; empty = all
  std::string since;                 // "" = all; "last", or a run id
  std::vector<std::string> department;  // --department NAME (at most one)
  std::string split_by;              // "" or "department"
  std::string lang;                  // "" = Danish reports, the locale's terminal; "da", "en"
  std::string group;                 // output files 0640 for this group
  bool no_context = false;
  bool all = false;                  // terminal: every file
};

int run_report(const ReportOptions& options);

}  // namespace datavagt
