#pragma once
// A findings store written directly through the Store interface, for report tests and bench/report_bench.sh:
// files in departments (and some in none) with owners, policy flags and their reasons, CPR and special-
// category findings (masked, as a scan stores them; some inside mail messages), several complete runs with
// files changing, appearing and going between them, and review decisions. Deterministic for a seed. What it
// wrote is returned, so a test can compare a report with it.
#include <cstdint>
#include <map>
#include <string>

#include "core/result.h"

namespace datavagt::testing {

struct SyntheticStoreSpec {
  std::size_t files = 1000;          // files with findings in the newest run
  std::size_t clean_files = 100;     // and files without
  std::size_t runs = 3;
  std::uint64_t seed = 1;
};

struct SyntheticStoreCounts {
  std::size_t files_with_findings = 0;   // present at the end
  std::size_t findings = 0;
  std::size_t overdue = 0, misplaced = 0;
  std::size_t not_fully_scanned = 0;
  std::map<std::string, std::size_t> files_by_department;  // "" = none
};

Result<SyntheticStoreCounts> make_synthetic_store(const std::string& path, const SyntheticStoreSpec& spec);

}  // namespace datavagt::testing
