#pragma once
// `datavagt review --db FILE`: the DPO's decisions about findings. Targets: --path (a file, as scanned),
// --glob (over the stored, masked absolute paths), --location (a member's findings: path!/member!/…),
// --id (one finding, as `report` prints it); a path or glob means every finding of the file. --set STATE
// with --reason records a decision (who: --by, else the user running it; when: now); without --set, the
// targets' findings are listed with their states (--state filters) and the file's policy flags (overdue,
// misplaced) as the last scan judged them. Decisions are keyed on the content, so
// they survive rescans while it is unchanged, and follow a moved or renamed file (review_book.h).
// --from-csv FILE records the states and reasons edited in a CSV report (report --csv) — every row or none:
// a bad row is an error naming it (reports/csv/review_import.h); --skip-changed leaves out the rows whose file
// changed or went since the report was made, and lists them.
// Exit code: 0 done, 2 an error (nothing matched, a bad state, a bad CSV row, no such store).
#include <string>
#include <vector>

namespace datavagt {

struct ReviewOptions {
  std::string db;
  std::vector<std::string> paths, globs, locations, ids;
  std::string set;                   // the state to record; "" = list
  std::string reason;
  std::string by;                    // "" = the user running it
  std::vector<std::string> states;   // listing: keep these states
  std::string from_csv;              // a CSV report edited by the DPO
  bool skip_changed = false;
};

int run_review(const ReviewOptions& options);

}  // namespace datavagt
