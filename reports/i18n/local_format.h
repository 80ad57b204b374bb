#pragma once
// Numbers and dates as each language writes them: Danish 12.345 and 0,85 and "6. december 2026"; English
// 12,345 and 0.85 and "6 December 2026". ISO dates (2026-12-06) for CSV, which Excel reads in any locale.
// Dates are in local time (the machine's TZ): what the reader's clock said. Month names come from the
// catalogue. Pure, thread-safe.
#include <cstdint>
#include <string>

#include "reports/i18n/messages.h"

namespace datavagt::i18n {

std::string format_count(const Messages& m, std::uint64_t n);             // 12.345 / 12,345
std::string format_decimal(const Messages& m, double x, int decimals);     // 0,85 / 0.85
std::string format_date(const Messages& m, std::int64_t unix_seconds);     // 6. december 2026 (local time)
std::string iso_date(std::int64_t unix_seconds);                           // 2026-12-06 (local time)
std::string iso_date_time(std::int64_t unix_seconds);                      // 2026-12-06 14:03 (local time)

}  // namespace datavagt::i18n
