#include "reports/i18n/local_format.h"

#include <cmath>
#include <cstdio>
#include <ctime>

namespace datavagt::i18n {

namespace {

std::tm local(std::int64_t t) {
  const std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  ::localtime_r(&tt, &tm);
  return tm;
}

std::string_view month_name(const Messages& m, int month) {
  switch (month) {
    case 0: return m.trc("month", "January");
    case 1: return m.trc("month", "February");
    case 2: return m.trc("month", "March");
    case 3: return m.trc("month", "April");
    case 4: return m.trc("month", "May");
    case 5: return m.trc("month", "June");
    case 6: return m.trc("month", "July");
    case 7: return m.trc("month", "August");
    case 8: return m.trc("month", "September");
    case 9: return m.trc("month", "October");
    case 10: return m.trc("month", "November");
    default: return m.trc("month", "December");
  }
}

}  // namespace

std::string format_count(const Messages& m, std::uint64_t n) {
  const std::string digits = std::to_string(n);
  const char sep = m.lang() == Lang::Da ? '.' : ',';
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += sep;
    out += digits[i];
  }
  return out;
}

std::string format_decimal(const Messages& m, double x, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, std::isfinite(x) ? x : 0.0);
  std::string out(buf);
  if (m.lang() == Lang::Da)
    for (char& c : out)
      if (c == '.') c = ',';
  return out;
}

std::string format_date(const Messages& m, std::int64_t t) {
  const std::tm tm = local(t);
  const std::string year = std::to_string(tm.tm_year + 1900);
  if (m.lang() == Lang::Da) return std::to_string(tm.tm_mday) + ". " + std::string(month_name(m, tm.tm_mon)) + " " + year;
  return std::to_string(tm.tm_mday) + " " + std::string(month_name(m, tm.tm_mon)) + " " + year;
}

std::string iso_date(std::int64_t t) {
  const std::tm tm = local(t);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  return buf;
}

std::string iso_date_time(std::int64_t t) {
  const std::tm tm = local(t);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                tm.tm_min);
  return buf;
}

}  // namespace datavagt::i18n
