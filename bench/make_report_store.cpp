// Writes a synthetic findings store (tests/support/synthetic_store.h) for bench/report_bench.sh: N files with
// findings (about 2 findings each) in departments, with owners, policy flags, three runs and reviews.
//   make_report_store STORE FILES
#include <cstdio>
#include <cstdlib>

#include "tests/support/synthetic_store.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: make_report_store STORE FILES\n");
    return 2;
  }
  datavagt::testing::SyntheticStoreSpec spec;
  spec.files = std::strtoul(argv[2], nullptr, 10);
  spec.clean_files = spec.files / 10;
  auto made = datavagt::testing::make_synthetic_store(argv[1], spec);
  if (!made) {
    std::fprintf(stderr, "make_report_store: %s\n", made.problem().detail.c_str());
    return 2;
  }
  std::printf("%zu %zu\n", made->files_with_findings, made->findings);
  return 0;
}
