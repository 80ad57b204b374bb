#include "detectors/cpr_validator.h"

#include <gtest/gtest.h>

#include "tests/support/scan_text.h"

namespace datavagt {
namespace {

using testing::kTestToday;
using testing::valid_cpr;
using testing::invalid_mod11_cpr;

TEST(CprValidator, CenturyTable) {
  // Seventh digit 0-3: always 19YY.
  EXPECT_EQ(cpr_century_year(0, 0), 1900);
  EXPECT_EQ(cpr_century_year(99, 3), 1999);
  // 4 and 9: 20YY up to 36, 19YY from 37.
  EXPECT_EQ(cpr_century_year(36, 4), 2036);
  EXPECT_EQ(cpr_century_year(37, 4), 1937);
  EXPECT_EQ(cpr_century_year(0, 9), 2000);
  EXPECT_EQ(cpr_century_year(99, 9), 1999);
  // 5-8: 20YY up to 57, 18YY from 58.
  EXPECT_EQ(cpr_century_year(57, 5), 2057);
  EXPECT_EQ(cpr_century_year(58, 8), 1858);
  EXPECT_EQ(cpr_century_year(99, 6), 1899);
}

TEST(CprValidator, ValidDateAndMod11) {
  const auto c = check_cpr(valid_cpr("010190", '1'), kTestToday);
  EXPECT_EQ(c.shape, CprShape::Cpr);
  EXPECT_TRUE(c.mod11);
  EXPECT_EQ(c.birth, (CivilDate{1990, 1, 1}));
}

TEST(CprValidator, LeapDays) {
  EXPECT_EQ(check_cpr(valid_cpr("290200", '4'), kTestToday).shape, CprShape::Cpr);  // 2000 is a leap year
  EXPECT_FALSE(is_leap_year(1900));
  EXPECT_EQ(check_cpr(valid_cpr("290200", '0'), kTestToday).shape, CprShape::NotCpr);  // 29-02-1900 never was
  EXPECT_EQ(check_cpr(valid_cpr("290221", '4'), kTestToday).shape, CprShape::NotCpr);  // 2021: no leap day
  EXPECT_EQ(check_cpr(valid_cpr("290296", '1'), kTestToday).shape, CprShape::Cpr);     // 1996
}

TEST(CprValidator, ImpossibleDates) {
  EXPECT_EQ(check_cpr("3201901234", kTestToday).shape, CprShape::NotCpr);
  EXPECT_EQ(check_cpr("0013901234", kTestToday).shape, CprShape::NotCpr);
  EXPECT_EQ(check_cpr("0001901234", kTestToday).shape, CprShape::NotCpr);
  EXPECT_EQ(check_cpr("3104901234", kTestToday).shape, CprShape::NotCpr);  // April has 30 days
  EXPECT_EQ(check_cpr("310190123", kTestToday).shape, CprShape::NotCpr);   // nine digits
  EXPECT_EQ(check_cpr("31019O1234", kTestToday).shape, CprShape::NotCpr);  // a letter O
}

TEST(CprValidator, FutureDatesAreInvalid) {
  // 010130 with seventh digit 4 is 2030: in the future.
  EXPECT_EQ(check_cpr(valid_cpr("010130", '4'), kTestToday).shape, CprShape::NotCpr);
  // Seventh digit 5-8 with YY 37-57 would be 2037-2057.
  EXPECT_EQ(check_cpr(valid_cpr("010145", '6'), kTestToday).shape, CprShape::NotCpr);
  // Today itself is fine, tomorrow is not.
  EXPECT_EQ(check_cpr(valid_cpr("291126", '4'), kTestToday).shape, CprShape::Cpr);
  EXPECT_EQ(check_cpr(valid_cpr("301126", '4'), kTestToday).shape, CprShape::NotCpr);
}

TEST(CprValidator, ExceptionDates) {
  for (int year : {1960, 1965, 1980, 1989, 1990, 1992, 1995}) {
    char ddmmyy[8];
    std::snprintf(ddmmyy, sizeof ddmmyy, "0101%02d", year % 100);
    const auto c = check_cpr(invalid_mod11_cpr(ddmmyy, '1'), kTestToday);
    EXPECT_EQ(c.shape, CprShape::Cpr) << year;
    EXPECT_FALSE(c.mod11);
    EXPECT_TRUE(c.exception_date) << year;
  }
  for (const char* not_listed : {"010161", "010193", "020190", "010196"})
    EXPECT_FALSE(check_cpr(invalid_mod11_cpr(not_listed, '1'), kTestToday).exception_date) << not_listed;
  EXPECT_TRUE(is_mod11_exception_date({1970, 1, 1}));
  EXPECT_FALSE(is_mod11_exception_date({1971, 1, 1}));
}

TEST(CprValidator, ReplacementNumbers) {
  // Day 07 becomes 67.
  const auto c = check_cpr(valid_cpr("670585", '1'), kTestToday);
  EXPECT_EQ(c.shape, CprShape::Replacement);
  EXPECT_EQ(c.birth, (CivilDate{1985, 5, 7}));
  EXPECT_FALSE(c.exception_date);
  EXPECT_EQ(check_cpr(valid_cpr("920585", '1'), kTestToday).shape, CprShape::NotCpr);  // day 32
  EXPECT_EQ(check_cpr(valid_cpr("600585", '1'), kTestToday).shape, CprShape::NotCpr);  // day 0
}

TEST(CprValidator, Normalise) {
  EXPECT_EQ(normalise_cpr("010190-1234"), "0101901234");
  EXPECT_EQ(normalise_cpr(" 010190 1234\n"), "0101901234");
  EXPECT_EQ(normalise_cpr("010190/1234"), "0101901234");
  EXPECT_FALSE(normalise_cpr("010190-123"));
  EXPECT_FALSE(normalise_cpr("010190-12345"));
  EXPECT_FALSE(normalise_cpr("010190-12a4"));
}

}  // namespace
}  // namespace datavagt
