// main() of every test program. The PST extractor starts its reader as /proc/self/exe in a helper role
// (core/helper_process.h), which in a test is the test program itself: that process runs its role here and
// exits, before GoogleTest sees its arguments.
#include <gtest/gtest.h>

#include "scanner/helper_roles.h"

int main(int argc, char** argv) {
  datavagt::maybe_run_helper(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
