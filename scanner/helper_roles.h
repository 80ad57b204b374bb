#pragma once
// The roles this program can be started in as a helper process (core/helper_process.h): the extractors' (the
// PST reader) and the scan workers' (scan_worker.h). main() calls maybe_run_helper() first, and so do the test programs and
// the fuzz targets (they start /proc/self/exe too).
namespace datavagt {

// In a helper process: runs its role and exits. Elsewhere: returns at once.
void maybe_run_helper(int argc, char** argv);

}  // namespace datavagt
