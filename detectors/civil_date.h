#pragma once
// A calendar date without time zone; enough for CPR birth dates and "not in the future".
#include <compare>

namespace datavagt {

struct CivilDate {
  int year = 1970;
  int month = 1;
  int day = 1;
  auto operator<=>(const CivilDate&) const = default;

  static CivilDate today_utc();
};

bool is_leap_year(int year);
int days_in_month(int year, int month);

}  // namespace datavagt
