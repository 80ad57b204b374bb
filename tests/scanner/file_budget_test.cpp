// The file budget is also how a stopped scan (Ctrl-C) ends the files in progress.
#include "scanner/file_budget.h"

#include <gtest/gtest.h>

#include "core/scan_stop.h"
#include "scanner/item_scanner.h"
#include "tests/support/scan_text.h"
#include "tests/support/temp_dir.h"

namespace datavagt {
namespace {

TEST(FileBudget, AStoppedScanSpendsTheBudgetAfterTheGrace) {
  ScanStop stop;
  Limits limits;
  limits.stop = &stop;
  FileBudget budget;
  budget.start(limits);
  EXPECT_FALSE(budget.check());
  stop.request(SIGINT, std::chrono::hours(1));  // the files in progress still have time
  EXPECT_TRUE(stop.requested());
  EXPECT_FALSE(budget.check());
  EXPECT_FALSE(budget.spent());

  ScanStop now;
  now.request(SIGTERM, std::chrono::seconds(0));
  now.request(SIGINT, std::chrono::hours(1));  // the first request stands
  EXPECT_EQ(now.signal(), SIGTERM);
  limits.stop = &now;
  budget.start(limits);
  const auto detail = budget.check();
  ASSERT_TRUE(detail);
  EXPECT_EQ(*detail, kInterruptedDetail);
  EXPECT_TRUE(budget.spent());
  EXPECT_FALSE(budget.check());  // said once
}

// Through the real scanner: a file scanned after the stop's deadline ends with the one problem whose detail
// the scan command reports as `interrupted`.
TEST(FileBudget, AFileInProgressIsCutOffByTheStop) {
  testing::TempDir t;
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "Borgeren med CPR-nr. 150643-1006 har skrevet igen.\n";
  const std::string path = t.write("brev.txt", text);
  ScanStop stop;
  stop.request(SIGINT, std::chrono::seconds(0));
  Limits limits;
  limits.stop = &stop;
  DetectOptions options;
  options.today = testing::kTestToday;
  const Fingerprinter fp(testing::kTestKey);
  const DetectContext ctx{options, fp, limits};
  ItemScanner scanner(testing::default_rules(), ctx);
  const FileVerdict v = scanner.scan_file(path);
  ASSERT_EQ(v.problems.size(), 1u);
  EXPECT_EQ(v.problems[0].kind, ProblemKind::Limit);
  EXPECT_EQ(v.problems[0].detail, kInterruptedDetail);
}

}  // namespace
}  // namespace datavagt
