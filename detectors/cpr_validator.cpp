#include "detectors/cpr_validator.h"

#include <ctime>

namespace datavagt {

bool is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;
  return m == 2 && is_leap_year(y) ? 29 : days[m - 1];
}

CivilDate CivilDate::today_utc() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  return CivilDate{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

std::optional<std::string> normalise_cpr(std::string_view written) {
  std::string digits;
  for (char c : written) {
    if (c >= '0' && c <= '9')
      digits += c;
    else if (c != '-' && c != ' ' && c != '/' && c != '.' && c != '\t' && c != '\n' && c != '\r')
      return std::nullopt;
  }
  if (digits.size() != 10) return std::nullopt;
  return digits;
}

bool passes_mod11(std::string_view d) {
  static constexpr int weights[10] = {4, 3, 2, 7, 6, 5, 4, 3, 2, 1};
  int sum = 0;
  for (int i = 0; i < 10; ++i) sum += (d[i] - '0') * weights[i];
  return sum % 11 == 0;
}

int cpr_century_year(int yy, int seventh) {
  // CPR-kontoret's table: the seventh digit and the two-digit year give the century.
  if (seventh <= 3) return 1900 + yy;
  if (seventh == 4 || seventh == 9) return (yy <= 36 ? 2000 : 1900) + yy;
  return (yy <= 57 ? 2000 : 1800) + yy;  // 5-8
}

bool is_mod11_exception_date(const CivilDate& d) {
  // 1 January of these years (CPR-kontoret, "Personnumre uden kontrolciffer", updated 2023-05-10).
  static constexpr int years[] = {1960, 1962, 1964, 1965, 1966, 1967, 1969, 1970, 1974, 1975, 1978, 1980, 1981,
                                  1982, 1983, 1984, 1985, 1986, 1987, 1988, 1989, 1990, 1991, 1992, 1994, 1995};
  if (d.month != 1 || d.day != 1) return false;
  for (int y : years)
    if (y == d.year) return true;
  return false;
}

CprCheck check_cpr(std::string_view digits, const CivilDate& today) {
  CprCheck r;
  if (digits.size() != 10) return r;
  for (char c : digits)
    if (c < '0' || c > '9') return r;
  auto two = [&](int i) { return (digits[i] - '0') * 10 + (digits[i + 1] - '0'); };
  int day = two(0);
  const int month = two(2);
  const int yy = two(4);
  const int seventh = digits[6] - '0';
  CprShape shape = CprShape::Cpr;
  if (day > 60) {  // replacement numbers add 6 to the first digit of the day
    day -= 60;
    shape = CprShape::Replacement;
  }
  const int year = cpr_century_year(yy, seventh);
  if (day < 1 || day > days_in_month(year, month)) return r;
  const CivilDate birth{year, month, day};
  if (today < birth) return r;
  r.shape = shape;
  r.birth = birth;
  r.mod11 = passes_mod11(digits);
  r.exception_date = shape == CprShape::Cpr && is_mod11_exception_date(birth);
  return r;
}

}  // namespace datavagt
