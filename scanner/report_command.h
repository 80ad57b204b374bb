#pragma once
// `datavagt report --db FILE`: the store's current findings. With --jsonl, as JSON Lines in the scan's contract
// (the same records, plus each finding's `id` and `review` state); without, the scan's terminal summary from the
// store. --state keeps the findings in those review states; --since RUN|last keeps those that are new since a
// run (last: the run before the newest complete one). Returns the exit code: 0 nothing listed, 1 findings
// listed, 2 an error (no such store, a damaged one, an unwritable output).
#include <string>
#include <vector>

namespace datavagt {

struct ReportOptions {
  std::string db;
  std::string jsonl;                 // "" = the terminal summary; "-" = stdout
  std::vector<std::string> states;   // review states to keep; empty = all
  std::string since;                 // "" = all; "last", or a run id
};

int run_report(const ReportOptions& options);

}  // namespace datavagt
