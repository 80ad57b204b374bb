#pragma once
// The order of files in the DPO's reports (issue 6's order, as the terminal summary lists them):
//   1. severity of the file's worst finding: critical, high, medium, low;
//   2. misplaced before overdue before neither (a file both misplaced and overdue counts as misplaced);
//   3. more findings first;
//   4. path, bytewise ascending (unique per file, so the order is total).
// Pure, thread-safe.
#include <cstdint>
#include <string_view>

#include "core/finding.h"

namespace datavagt::report {

struct FileRankView {
  Severity severity;
  bool misplaced, overdue;
  std::uint64_t findings;
  std::string_view path;
};

// True when `a` is listed before `b`.
bool listed_before(const FileRankView& a, const FileRankView& b);

}  // namespace datavagt::report
