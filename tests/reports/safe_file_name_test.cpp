// Department names as parts of file names: separators and Windows' forbidden characters replaced, reserved
// names avoided, length bounded on a UTF-8 boundary, and distinct names for departments that would meet.
#include "reports/safe_file_name.h"

#include <gtest/gtest.h>

namespace datavagt {
namespace {

TEST(SafeFileName, KeepsLettersReplacesWhatFileSystemsRefuse) {
  EXPECT_EQ(safe_file_name("Ældreplejen", "x"), "Ældreplejen");
  EXPECT_EQ(safe_file_name("Teknik/Miljø", "x"), "Teknik_Miljø");
  EXPECT_EQ(safe_file_name("a\\b:c*d?e\"f<g>h|i", "x"), "a_b_c_d_e_f_g_h_i");
  EXPECT_EQ(safe_file_name("../../etc/passwd", "x"), "_.._etc_passwd");
  EXPECT_EQ(safe_file_name(" .skjult. ", "x"), "skjult");
  EXPECT_EQ(safe_file_name("linje\nskift", "x"), "linje_skift");
  EXPECT_EQ(safe_file_name("", "uden-afdeling"), "uden-afdeling");
  EXPECT_EQ(safe_file_name("...", "uden-afdeling"), "uden-afdeling");
  EXPECT_EQ(safe_file_name("CON", "x"), "CON_");
  EXPECT_EQ(safe_file_name("com1", "x"), "com1_");
  EXPECT_EQ(safe_file_name("Console", "x"), "Console");
  const std::string long_name = std::string(79, 'a') + "æøå";
  const std::string cut = safe_file_name(long_name, "x");
  EXPECT_LE(cut.size(), 80u);
  EXPECT_EQ(cut, std::string(79, 'a')) << "cut before a letter, not inside it";
  EXPECT_EQ(safe_file_name("bad\xFFname", "x"), "bad\xEF\xBF\xBDname");
}

TEST(SafeFileName, DepartmentsThatWouldMeetGetDistinctNames) {
  EXPECT_EQ(distinct_safe_file_names({"A/B", "A_B", "a_b", "", "C"}, "uden-afdeling"),
            (std::vector<std::string>{"A_B", "A_B-2", "a_b-3", "uden-afdeling", "C"}));
}

}  // namespace
}  // namespace datavagt
