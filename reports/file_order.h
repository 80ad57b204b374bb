#pragma once
// The order of files in every report — the terminal summary, the HTML and CSV reports, the store's queries —
// so the DPO sees the same list everywhere, whatever order the threads finished in:
//   1. severity of the file's worst finding: critical, high, medium, low;
//   2. misplaced before overdue before neither (a file both misplaced and overdue counts as misplaced);
//   3. more findings first (FileVerdict::findings: distinct CPR numbers and kinds);
//   4. path, bytewise ascending (unique per file, so the order is total).
// In SQL: ORDER BY severity DESC, (misplaced ? 0 : overdue ? 1 : 2), findings DESC, path. Pure, thread-safe.
#include <cstdint>
#include <string>

#include "core/file_verdict.h"

namespace datavagt {

struct FileRank {
  Severity severity = Severity::Low;
  int flag_rank = 2;  // 0 misplaced, 1 overdue, 2 neither
  std::uint64_t findings = 0;
  std::string path;
};

FileRank rank_of(const FileVerdict& v);
// True when `a` is listed before `b`.
bool ranks_before(const FileRank& a, const FileRank& b);
int flag_rank(bool misplaced, bool overdue);

}  // namespace datavagt
