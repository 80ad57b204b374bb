// The order of files in every report (reports/file_order.h): severity, then misplaced / overdue / neither,
// then more findings first, then path — whatever order the files come in.
#include "reports/file_order.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace datavagt {
namespace {

FileVerdict file(std::string path, Severity worst, std::size_t findings, std::vector<std::string> flags = {}) {
  FileVerdict v;
  v.info.location.path = std::move(path);
  for (std::size_t i = 0; i < findings; ++i) {
    Finding f;
    f.severity = i == 0 ? worst : Severity::Low;
    v.findings.push_back(f);
  }
  v.flags = std::move(flags);
  return v;
}

TEST(FileOrder, SeverityThenFlagsThenFindingsThenPath) {
  const std::vector<FileVerdict> expected = {
      file("z/critical.txt", Severity::Critical, 1),
      file("a/high-misplaced-few.txt", Severity::High, 1, {"misplaced"}),
      file("b/high-overdue-many.txt", Severity::High, 9, {"overdue"}),
      file("a/high-overdue-few.txt", Severity::High, 2, {"overdue"}),
      file("b/high-overdue-few.txt", Severity::High, 2, {"overdue"}),
      file("c/high-many.txt", Severity::High, 50),
      file("c/high-one.txt", Severity::High, 1),
      file("d/medium-both.txt", Severity::Medium, 1, {"overdue", "misplaced"}),
      file("d/medium-misplaced.txt", Severity::Medium, 1, {"misplaced"}),
      file("a/low.txt", Severity::Low, 3),
  };
  std::vector<FileRank> ranks;
  for (const auto& v : expected) ranks.push_back(rank_of(v));
  std::mt19937 rng(7);
  for (int round = 0; round < 20; ++round) {
    std::vector<FileRank> shuffled = ranks;
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    std::sort(shuffled.begin(), shuffled.end(), ranks_before);
    for (std::size_t i = 0; i < ranks.size(); ++i) EXPECT_EQ(shuffled[i].path, ranks[i].path) << i;
  }
}

TEST(FileOrder, RankOfAVerdict) {
  const FileRank r = rank_of(file("x", Severity::High, 3, {"overdue", "misplaced"}));
  EXPECT_EQ(r.severity, Severity::High);
  EXPECT_EQ(r.flag_rank, 0);
  EXPECT_EQ(r.findings, 3u);
  EXPECT_EQ(flag_rank(false, true), 1);
  EXPECT_EQ(flag_rank(false, false), 2);
  EXPECT_FALSE(ranks_before(r, r));  // a strict order
}

}  // namespace
}  // namespace datavagt
