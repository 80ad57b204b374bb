#pragma once
// `review --from-csv FILE`: the review states and reasons the DPO edited in the CSV report (files_csv.h) in
// Excel, turned into review decisions — all or none: a bad row is a Problem naming the row, and nothing is
// recorded. The id column finds the file and checks its content is the one the report was made from; a file
// that changed or went since is an error too, unless `skip_changed` (then it is listed and left open for the
// next report). States may be written in Danish or English, as the report writes them (Redigeret, Flyttet,
// Slettet, "Intet foretaget – falsk positiv", "Intet foretaget – accepteret", Ikke behandlet; Handled, …),
// or as the machine names (handled, false-positive …), in any case. A row whose state and reason are what
// the store already holds changes nothing. A new state other than open needs a reason. A row's state applies
// to every finding of the file. Pure: the caller records the decisions (one transaction).
#include <cstddef>
#include <string>
#include <vector>

#include "core/result.h"
#include "reports/csv/csv_reader.h"
#include "reports/report_model.h"

namespace datavagt::csv {

struct ImportedDecision {
  std::size_t row = 0;
  const report::ReportFile* file = nullptr;
  store::ReviewState state = store::ReviewState::Open;
  std::string reason;  // masked (a CPR-like number typed into it is masked)
};

struct ImportPlan {
  std::vector<ImportedDecision> decisions;
  std::vector<std::string> skipped;  // "row 7: …" for files that changed or went (with skip_changed)
  std::size_t unchanged = 0;         // rows that ask for what the store holds
};

// `current`: the store's files with findings now, unfiltered (build_report with an empty filter).
Result<ImportPlan> plan_review_import(const CsvTable& table, const report::ReportModel& current, bool skip_changed);

// A state as written in a report or typed by a person; nullopt when it is none (or ambiguous).
std::optional<store::ReviewState> state_from_text(std::string_view text);

}  // namespace datavagt::csv
