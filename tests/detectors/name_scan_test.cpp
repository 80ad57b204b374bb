// CPR numbers in file and folder names: found by the text rules, and masked in whatever shows a name.
#include "detectors/name_scan.h"

#include <gtest/gtest.h>

#include "detectors/match_session.h"
#include "detectors/ruleset.h"
#include "tests/support/scan_text.h"

namespace datavagt {
namespace {

TEST(MaskCprNumbers, HidesTheSerialOfEveryNumberThatCouldBeACpr) {
  EXPECT_EQ(mask_cpr_numbers("Ansøgning 030485-1007.txt"), "Ansøgning 030485-XXXX.txt");
  EXPECT_EQ(mask_cpr_numbers("0304851007.pdf"), "030485XXXX.pdf");
  for (const char* sep : {" ", " - ", ".", "\t", "_"})
    EXPECT_EQ(mask_cpr_numbers(std::string("a 030485") + sep + "1007 b"), std::string("a 030485") + sep + "XXXX b");
  // Whatever its checksum, its confidence or the day it is shown: a replacement number, a date in the
  // future, a number failing modulus 11.
  EXPECT_EQ(mask_cpr_numbers("630485-1007"), "630485-XXXX");
  EXPECT_EQ(mask_cpr_numbers("010150-5000"), "010150-XXXX");
  EXPECT_EQ(mask_cpr_numbers("030485-1008"), "030485-XXXX");
  // Names in a path are masked each on its own: a folder separator joins no number.
  EXPECT_EQ(mask_cpr_numbers("Sager/030485/1007/Sag 150643-1006.docx"), "Sager/030485/1007/Sag 150643-XXXX.docx");
}

TEST(MaskCprNumbers, KeepsEverythingElse) {
  for (const char* s : {"Budget 2024-2025.xlsx", "999999-1234.txt", "123003-1234.txt" /* month 30 */,
                        "12030485-1007.txt", "030485-10071.txt", "0304851007123.log", "Faktura_12345.pdf", ""})
    EXPECT_EQ(mask_cpr_numbers(s), s) << s;
  // Bytes that are not UTF-8 stay as they are around a masked number (the sink decides how to show them).
  EXPECT_EQ(mask_cpr_numbers("Ans\xF8gning 030485-1007.txt"), "Ans\xF8gning 030485-XXXX.txt");
  EXPECT_TRUE(has_cpr_number("Ans\xF8gning 030485-1007.txt"));
  EXPECT_FALSE(has_cpr_number("Budget 2024-2025.xlsx"));
}

class NameScanTest : public ::testing::Test {
 protected:
  NameFindings scan(std::string_view name, std::string_view part = kFileNamePart) {
    return scan_name(*session_, name, part);
  }

  DetectOptions options_ = [] {
    DetectOptions o;
    o.today = testing::kTestToday;
    return o;
  }();
  Fingerprinter fp_{testing::kTestKey};
  Limits limits_;
  DetectContext ctx_{options_, fp_, limits_};
  std::unique_ptr<MatchSession> session_ = testing::default_rules().open_session(ctx_);
};

TEST_F(NameScanTest, ACprInANameIsAFindingAtTheName) {
  const auto r = scan("Ansøgning 030485-1007.txt");
  ASSERT_EQ(r.findings.size(), 1u);
  const Finding& f = r.findings[0];
  EXPECT_EQ(f.kind, FindingKind::Cpr);
  EXPECT_EQ(f.masked, "030485-XXXX");
  EXPECT_EQ(f.fingerprint, fp_.of("0304851007"));
  EXPECT_EQ(f.where.part, "file name");
  EXPECT_EQ(f.context, "Ansøgning 030485-XXXX.txt");
  EXPECT_EQ(f.offset, std::string("Ansøgning ").size());
  EXPECT_GE(f.confidence, 0.8);
  EXPECT_TRUE(f.members.empty());
  EXPECT_EQ(r.masked, "Ansøgning 030485-XXXX.txt");
  EXPECT_EQ(scan("Borger 0304851007", kFolderNamePart).findings.at(0).where.part, "folder name");
}

// The rules of text, as far as a few words allow them: a CPR word in the name raises a number that fails
// modulus 11 above the bar; a label of another id sinks a valid one; a number alone failing modulus 11 is
// masked but not reported.
TEST_F(NameScanTest, TheTextRulesDecideWhatIsReported) {
  EXPECT_TRUE(scan("030485-1008.txt").findings.empty());
  EXPECT_EQ(scan("030485-1008.txt").masked, "030485-XXXX.txt");
  EXPECT_EQ(scan("CPR 030485-1008.txt").findings.size(), 1u);
  EXPECT_TRUE(scan("Fakturanr. 0304851007.pdf").findings.empty());
  EXPECT_EQ(scan("CPR 630485-1007.txt").findings.at(0).kind, FindingKind::CprReplacement);
  // An underscore stands for a space in names.
  const auto underscored = scan("Ansøgning_030485_1007.pdf");
  ASSERT_EQ(underscored.findings.size(), 1u);
  EXPECT_EQ(underscored.masked, "Ansøgning_030485_XXXX.pdf");
  EXPECT_EQ(underscored.findings[0].context, "Ansøgning_030485_XXXX.pdf");
}

TEST_F(NameScanTest, OnlyCprKindsComeFromNames) {
  const auto r = scan("Depression og diabetes 030485-1007.txt");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].kind, FindingKind::Cpr);
  EXPECT_TRUE(scan("Depression og diabetes.txt").findings.empty());
}

TEST_F(NameScanTest, NamesThatAreNotUtf8AreReadAsTheirCharacters) {
  const auto r = scan("Ans\xF8gning 030485-1007.txt");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].context, "Ans\xEF\xBF\xBDgning 030485-XXXX.txt");  // U+FFFD for the latin-1 byte
  EXPECT_EQ(r.masked, "Ans\xF8gning 030485-XXXX.txt");
}

TEST_F(NameScanTest, OneSessionScansNameAfterName) {
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(scan("a 030485-1007").findings.size(), 1u);
    EXPECT_TRUE(scan("b 12345").findings.empty());
  }
}

}  // namespace
}  // namespace datavagt
