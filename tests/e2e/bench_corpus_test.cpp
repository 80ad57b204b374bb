// The trees the performance benches measure on (corpus/generate.py --profile bench-realistic and many-small)
// have an exact truth: a default scan finds every planted CPR number and special category and nothing else,
// checked with the benches' own checker (bench/check_truth.py), and corpus/verify.py agrees with the truth. A
// bench stops when its answer is wrong, so this keeps the benches usable when dictionaries or detectors change.
// The trees also hold what real text holds: health words in many files, CPR numbers in some, every size class.
#include <gtest/gtest.h>

#include <string>

#include "tests/support/e2e.h"

namespace datavagt::e2e {
namespace {

std::size_t count_lines_with(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// Generates the tree, scans it with the default rules, and checks the answer with the bench's checker.
void expect_exact_answer(const std::string& profile_args, std::string* truth) {
  TempDir t;
  std::string out;
  ASSERT_EQ(run("python3 " + q(kSource + "/corpus/generate.py") + " --out " + q(t.path()) + " " + profile_args +
                    " 2>&1",
                &out),
            0)
      << out;
  const int rc = run(kBin + " scan " + q(t / "share") + " --no-progress -q -j2 --key-file " + q(t / "key") +
                     " --jsonl " + q(t / "out.jsonl"));
  EXPECT_EQ(rc, 1);  // personal data found
  EXPECT_EQ(run("python3 " + q(kSource + "/bench/check_truth.py") + " --truth " + q(t / "truth.jsonl") + " --root " +
                    q(t / "share") + " " + q(t / "out.jsonl") + " 2>&1",
                &out),
            0)
      << out;
  EXPECT_NE(out.find("recall 1.0000"), std::string::npos) << out;
  EXPECT_EQ(run("python3 " + q(kSource + "/corpus/verify.py") + " " + q(t.path()) + " 2>&1", &out), 0) << out;
  *truth = testing::read_file(t / "truth.jsonl");
}

TEST(BenchCorpus, RealisticTreeHasAnExactTruthAndEverySizeClass) {
  std::string truth;
  expect_exact_answer("--profile bench-realistic --seed 3 --size 3M --size-classes 1K-4K:20,4K-64K:30,64K-1M:50",
                      &truth);
  EXPECT_GT(count_lines_with(truth, "\"note\": \"everyday-term\""), 50u);  // health words in many files
  EXPECT_GT(count_lines_with(truth, "\"note\": \"mod11+keyword\""), 20u);
  EXPECT_GT(count_lines_with(truth, "\"reason\": \"numeric-table\""), 5u);
  for (const char* dir : {"share/K1_1KB-4KB/", "share/K2_4KB-64KB/", "share/K3_64KB-1MB/"})
    EXPECT_NE(truth.find(dir), std::string::npos) << dir;
}

TEST(BenchCorpus, ManySmallFilesTreeHasAnExactTruth) {
  std::string truth;
  expect_exact_answer("--profile many-small --seed 5 --files 400", &truth);
  EXPECT_GT(count_lines_with(truth, "\"note\": \"everyday-term\""), 50u);
  EXPECT_GT(count_lines_with(truth, "\"kind\": \"cpr\""), 50u);
}

// The benches read datavagt's JSON Lines as a consumer must: record kinds they do not know (scan-start,
// scan-end) are neither findings nor errors, a note has no fingerprint, an incomplete last line (a scan killed
// while writing) is skipped with a warning, and a broken line in the middle is an error.
TEST(BenchCorpus, BenchJsonlReaderToleratesNewKindsAndAKilledScan) {
  TempDir t;
  t.write("killed.jsonl",
          "{\"kind\":\"scan-start\",\"version\":1}\n"
          "{\"path\":\"/a\",\"kind\":\"cpr\",\"fingerprint\":\"ab\",\"count\":1}\n"
          "{\"path\":\"/b\",\"kind\":\"health\",\"terms\":{\"medicin\":2},\"count\":2}\n"
          "{\"path\":\"/c\",\"kind\":\"note\"}\n"
          "{\"path\":\"/d\",\"kind\":\"error\",\"reason\":\"corrupt\",\"detail\":\"x\"}\n"
          "{\"kind\":\"scan-end\",\"files\":4}\n"
          "{\"path\":\"/e\",\"kind\":\"cp");
  t.write("broken.jsonl", "{\"kind\":\"cpr\",\"fingerprint\":\"ab\"}\nnot json\n{\"kind\":\"note\"}\n");
  const std::string py = "PYTHONPATH=" + q(kSource + "/bench") + " python3 -c " +
                         q("import sys, benchlib\n"
                           "r = benchlib.read_jsonl(sys.argv[1])\n"
                           "print(len(r), len(benchlib.findings(r)), len(benchlib.errors(r)), len(benchlib.notes(r)))\n");
  std::string out;
  ASSERT_EQ(run(py + " " + q(t / "killed.jsonl") + " 2>&1", &out), 0) << out;
  EXPECT_NE(out.find("incomplete last line"), std::string::npos) << out;
  EXPECT_NE(out.find("6 2 1 1"), std::string::npos) << out;  // 6 records, 2 findings, 1 error, 1 note
  EXPECT_NE(run(py + " " + q(t / "broken.jsonl") + " 2>&1", &out), 0);
  EXPECT_NE(out.find("broken.jsonl:2"), std::string::npos) << out;
}

}  // namespace
}  // namespace datavagt::e2e
