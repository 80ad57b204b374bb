// From an edited CSV report to review decisions: Danish and English state names, unchanged rows, a reason
// for every decision, files that changed, and a clear error naming the row for everything else.
#include "reports/csv/review_import.h"

#include <gtest/gtest.h>

namespace datavagt::csv {
namespace {

using report::ReportFile;
using report::ReportModel;
using store::ReviewState;

ReportModel two_files() {
  ReportModel m;
  for (int i = 1; i <= 2; ++i) {
    ReportFile f;
    f.id = i;
    f.path = "/srv/share/f" + std::to_string(i);
    store::ContentHash h{};
    h.fill(static_cast<unsigned char>(0x10 * i));
    f.content = h;
    f.state = ReviewState::Open;
    f.findings.resize(1);
    m.files.push_back(f);
  }
  m.files[1].state = ReviewState::Handled;
  m.files[1].state_reason = "flyttet";
  return m;
}

CsvTable table(std::vector<std::vector<std::string>> rows) {
  CsvTable t;
  std::size_t n = 1;
  for (auto& r : rows) t.rows.push_back({n++, std::move(r)});
  return t;
}

TEST(ReviewImport, StatesInDanishOrEnglishAsTheReportWritesThemOrAsTyped) {
  EXPECT_EQ(state_from_text("Redigeret"), ReviewState::Handled);
  EXPECT_EQ(state_from_text("  REDIGERET "), ReviewState::Handled);
  EXPECT_EQ(state_from_text("Intet foretaget – falsk positiv"), ReviewState::FalsePositive);
  EXPECT_EQ(state_from_text("intet foretaget - falsk positiv"), ReviewState::FalsePositive);
  EXPECT_EQ(state_from_text("Intet foretaget – accepteret"), ReviewState::Accepted);
  EXPECT_EQ(state_from_text("accepteret"), ReviewState::Accepted);
  EXPECT_EQ(state_from_text("false-positive"), ReviewState::FalsePositive);
  EXPECT_EQ(state_from_text("False positive"), ReviewState::FalsePositive);
  EXPECT_EQ(state_from_text("Flyttet"), ReviewState::Moved);
  EXPECT_EQ(state_from_text("SLETTET"), ReviewState::Deleted);
  EXPECT_EQ(state_from_text("Ikke behandlet"), ReviewState::Open);
  EXPECT_EQ(state_from_text("ÅBEN"), ReviewState::Open);
  EXPECT_FALSE(state_from_text("Intet foretaget")) << "two states: ambiguous";
  EXPECT_FALSE(state_from_text("måske"));
}

TEST(ReviewImport, ChangedRowsBecomeDecisionsUnchangedRowsNothing) {
  const ReportModel m = two_files();
  auto plan = plan_review_import(table({{"id", "Sti", "Status", "Begrundelse"},
                                        {m.files[0].row_id(), "x", "Redigeret", "anonymiseret 010190-1234"},
                                        {m.files[1].row_id(), "y", "Redigeret", "flyttet"}}),
                                 m, false);
  ASSERT_TRUE(plan) << plan.problem().detail;
  ASSERT_EQ(plan->decisions.size(), 1u);
  EXPECT_EQ(plan->decisions[0].file, &m.files[0]);
  EXPECT_EQ(plan->decisions[0].state, ReviewState::Handled);
  EXPECT_EQ(plan->decisions[0].reason, "anonymiseret 010190-XXXX") << "a CPR number typed into a reason is masked";
  EXPECT_EQ(plan->unchanged, 1u);
  // English headers and states.
  auto en = plan_review_import(table({{"ID", "Review state", "Review reason"}, {m.files[0].row_id(), "Deleted", "gone"}}),
                               m, false);
  ASSERT_TRUE(en) << en.problem().detail;
  EXPECT_EQ(en->decisions.at(0).state, ReviewState::Deleted);
}

TEST(ReviewImport, BadRowsAreErrorsNamingTheRow) {
  const ReportModel m = two_files();
  const std::vector<std::string> header = {"id", "Status", "Begrundelse"};
  struct Case {
    std::vector<std::string> row;
    std::string says;
  };
  const std::vector<Case> cases = {
      {{"F1-10101010", "Måske", "?"}, "row 3: unknown review state 'Måske'"},
      {{"F1-10101010", "Intet foretaget", "x"}, "'Intet foretaget' is two states"},
      {{"F1-10101010", "Slettet", ""}, "row 3: say why"},
      {{"hello", "Slettet", "x"}, "row 3: 'hello' is not an id"},
      // An empty id, or a row with fewer fields than the header (csv_reader_fuzz: it threw std::out_of_range).
      {{"", "Slettet", "x"}, "row 3: '' is not an id"},
      {{}, "row 3: '' is not an id"},
      {{"F1-ffffffff", "Slettet", "x"}, "row 3: the file has changed since the report was made"},
      {{"F99-10101010", "Slettet", "x"}, "row 3: the file is no longer in the store"},
      {{"F1-10101010", "Blandet", "x"}, "row 3: 'Blandet' is what the report writes"},
      {{"F2-20202020", "Slettet", "x"}, "row 3: the file of row 2 again"},
  };
  for (const Case& c : cases) {
    auto plan = plan_review_import(table({header, {"F2-20202020", "Redigeret", "flyttet"}, c.row}), m, false);
    ASSERT_FALSE(plan) << c.says;
    EXPECT_NE(plan.problem().detail.find(c.says), std::string::npos) << plan.problem().detail;
  }
  auto no_state = plan_review_import(table({{"id", "Begrundelse"}}), m, false);
  ASSERT_FALSE(no_state);
  EXPECT_NE(no_state.problem().detail.find("row 1: the header has no column 'Status'"), std::string::npos);
}

TEST(ReviewImport, SkipChangedLeavesThoseRowsOutAndSaysSo) {
  const ReportModel m = two_files();
  auto plan = plan_review_import(
      table({{"id", "Status", "Begrundelse"}, {"F1-ffffffff", "Slettet", "x"}, {m.files[1].row_id(), "Flyttet", "til ESDH"}}),
      m, true);
  ASSERT_TRUE(plan) << plan.problem().detail;
  ASSERT_EQ(plan->skipped.size(), 1u);
  EXPECT_NE(plan->skipped[0].find("row 2"), std::string::npos);
  ASSERT_EQ(plan->decisions.size(), 1u);
  EXPECT_EQ(plan->decisions[0].state, ReviewState::Moved);
}

}  // namespace
}  // namespace datavagt::csv
