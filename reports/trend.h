#pragma once
// The trend over scan runs the DPO's report draws: per complete run, the files with personal data present at
// its end, how many of them were flagged overdue and misplaced, and how many were reviewed (every finding
// had a decision other than open by the time the run ended). Files with personal data and reviewed files
// come from the store's history of results, so they are exact for every run, gone files included; overdue
// and misplaced are the counts each run recorded. Pure: the inputs are read from the store by the caller.
#include <cstdint>
#include <functional>
#include <vector>

#include "reports/store/store.h"

namespace datavagt::report {

struct TrendPoint {
  store::RunId run = 0;
  std::int64_t at = 0;             // when the run ended (unix seconds)
  std::uint64_t with_findings = 0;
  std::uint64_t overdue = 0;
  std::uint64_t misplaced = 0;
  std::uint64_t reviewed = 0;
};

// At most `max_points` of the newest complete runs, oldest first. `counts_file`: which files count (a
// department's); overdue and misplaced are given only when every file counts (they are per run, not per
// file), else 0.
std::vector<TrendPoint> trend(const std::vector<store::RunRecord>& runs, const std::vector<store::FindingSpan>& history,
                              const std::vector<store::ReviewRecord>& reviews,
                              const std::function<bool(store::FileId)>& counts_file, bool all_files,
                              std::size_t max_points = 60);

}  // namespace datavagt::report
