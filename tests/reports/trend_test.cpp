// The trend over runs: files with findings per complete run from the spans of results (gone files leave,
// resumed chains count once, at their complete run), reviewed files from the decisions' times, and overdue
// and misplaced as each run recorded them.
#include "reports/trend.h"

#include <gtest/gtest.h>

namespace datavagt::report {
namespace {

using namespace store;

RunRecord run(RunId id, RunStatus status, std::int64_t ended, std::uint64_t overdue = 0) {
  RunRecord r;
  r.id = id;
  r.status = status;
  r.ended_at = ended;
  r.counts.files_overdue = overdue;
  return r;
}

FindingSpan span(FileId file, RunId from, RunId to, unsigned char content) {
  FindingSpan s;
  s.file = file;
  s.from = from;
  s.to = to;
  ContentHash h{};
  h.fill(content);
  s.content = h;
  s.keys = {FindingKey{}};
  return s;
}

TEST(Trend, CountsFilesPerCompleteRunAndWhenTheyWereReviewed) {
  const std::vector<RunRecord> runs = {run(1, RunStatus::Complete, 100, 5), run(2, RunStatus::Interrupted, 0),
                                       run(3, RunStatus::Complete, 300, 4), run(4, RunStatus::Complete, 400, 2)};
  const std::vector<FindingSpan> history = {
      span(1, 1, 0, 1),  // there all along
      span(2, 1, 3, 2),  // changed in run 3 (its findings went)
      span(3, 2, 0, 3),  // appeared in the interrupted run 2: counts from run 3
      span(4, 3, 4, 4),  // gone in run 4
  };
  ReviewRecord decided;
  decided.content_hash = *history[0].content;
  decided.state = ReviewState::Handled;
  decided.at = 250;  // between runs 1 and 3
  ReviewRecord reopened = decided;
  reopened.content_hash = *history[2].content;
  reopened.state = ReviewState::Open;
  reopened.at = 50;
  const auto points = trend(runs, history, {decided, reopened}, [](FileId) { return true; }, true);
  ASSERT_EQ(points.size(), 3u);
  EXPECT_EQ(points[0].run, 1);
  EXPECT_EQ(points[0].with_findings, 2u);
  EXPECT_EQ(points[1].run, 3);
  EXPECT_EQ(points[1].with_findings, 3u);
  EXPECT_EQ(points[2].with_findings, 2u);
  EXPECT_EQ(points[0].reviewed, 0u);
  EXPECT_EQ(points[1].reviewed, 1u) << "decided before run 3 ended";
  EXPECT_EQ(points[2].reviewed, 1u);
  EXPECT_EQ(points[0].overdue, 5u);
  EXPECT_EQ(points[2].overdue, 2u);
  // A department: only its files; overdue and misplaced are per run, not per file, so not given.
  const auto dept = trend(runs, history, {}, [](FileId f) { return f == 4; }, false);
  EXPECT_EQ(dept[1].with_findings, 1u);
  EXPECT_EQ(dept[2].with_findings, 0u);
  EXPECT_EQ(dept[0].overdue, 0u);
  // At most max_points, the newest.
  const auto last = trend(runs, history, {}, [](FileId) { return true; }, true, 2);
  ASSERT_EQ(last.size(), 2u);
  EXPECT_EQ(last[0].run, 3);
}

}  // namespace
}  // namespace datavagt::report
