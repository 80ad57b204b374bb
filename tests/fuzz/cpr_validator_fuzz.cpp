// libFuzzer target: untrusted text through the CPR rules (detectors/cpr_validator.h) and the CPR detector.
// - normalise_cpr keeps exactly the input's ten digits, in order, or refuses;
// - check_cpr on every ten-digit window against CPR-kontoret's rules as ../shared/reference/cpr.md states them
//   (the century table, real calendar dates, day + 60 for replacement numbers, not after `today`, the modulus
//   11 sum), written out again here independently;
// - the default ruleset over the text (valid UTF-8 only, in two chunks split where the first byte says): every
//   CPR finding is masked "DDMMYY-XXXX" with a birth date that check_cpr accepts, a count and a confidence in
//   0..1, and its context never shows a number of that birth date in clear (DDMMYY[-| ]SSSS, not inside a
//   longer run of digits).
// Build with ./run sanitize.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/utf8.h"
#include "detectors/cpr_validator.h"
#include "detectors/match_session.h"
#include "detectors/ruleset.h"

namespace {

using namespace datavagt;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// cpr.md's table, as a reader of it would write it.
int expected_year(int yy, int seventh) {
  switch (seventh) {
    case 0: case 1: case 2: case 3: return 1900 + yy;
    case 4: case 9: return yy <= 36 ? 2000 + yy : 1900 + yy;
    default: return yy <= 57 ? 2000 + yy : 1800 + yy;
  }
}

bool expected_date(int year, int month, int day) {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= days[month - 1] + (month == 2 && leap ? 1 : 0);
}

void check_window(std::string_view d, const CivilDate& today) {
  const CprCheck c = check_cpr(d, today);
  auto two = [&](int i) { return (d[i] - '0') * 10 + (d[i + 1] - '0'); };
  const int raw_day = two(0);
  const int day = raw_day > 60 ? raw_day - 60 : raw_day;
  const int year = expected_year(two(4), d[6] - '0');
  const CivilDate birth{year, two(2), day};
  const bool valid = expected_date(year, two(2), day) && !(today < birth);
  if (valid != (c.shape != CprShape::NotCpr)) std::abort();
  if (!valid) return;
  if (c.shape != (raw_day > 60 ? CprShape::Replacement : CprShape::Cpr) || c.birth != birth) std::abort();
  int sum = 0;
  for (int i = 0; i < 10; ++i) sum += (d[i] - '0') * (i < 3 ? 4 - i : 10 - i);
  if (c.mod11 != (sum % 11 == 0)) std::abort();
  if (c.exception_date && (c.shape != CprShape::Cpr || birth.month != 1 || birth.day != 1)) std::abort();
}

// The default ruleset's session, made once (compiling the Hyperscan database takes seconds under ASan).
MatchSession& session() {
  static const auto rules = Ruleset::build_default();
  static const DetectOptions options;
  static const Fingerprinter fp("fuzz");
  static const Limits limits;
  static const DetectContext ctx{options, fp, limits};
  static const auto made = rules.value()->open_session(ctx);
  return *made;
}

void check_findings(std::string_view text, std::size_t split) {
  session().begin();
  session().feed(TextChunk{text.substr(0, split), {}});
  session().feed(TextChunk{text.substr(split), {}});
  const CivilDate today = CivilDate::today_utc();
  for (const auto& f : session().finish()) {
    if (!is_identifier(f.kind)) continue;
    const std::string& m = f.masked;
    if (m.size() != 11 || m.compare(6, 5, "-XXXX") != 0 || f.count == 0 || f.confidence < 0 || f.confidence > 1)
      std::abort();
    for (int i = 0; i < 6; ++i)
      if (!is_digit(m[i])) std::abort();
    // The birth date is a date whatever the seventh digit (one of 0..9 gives a year in the past).
    bool some_century = false;
    for (char seventh = '0'; seventh <= '9' && !some_century; ++seventh)
      some_century = check_cpr(m.substr(0, 6) + seventh + "000", today).shape != CprShape::NotCpr;
    if (!some_century) std::abort();
    const std::string_view context = f.context;
    if (!utf8::is_valid(context)) std::abort();
    for (auto at = context.find(m.substr(0, 6)); at != std::string_view::npos; at = context.find(m.substr(0, 6), at + 1)) {
      std::size_t i = at + 6;
      if (i < context.size() && (context[i] == '-' || context[i] == ' ')) ++i;
      if (i + 4 <= context.size() && is_digit(context[i]) && is_digit(context[i + 1]) && is_digit(context[i + 2]) &&
          is_digit(context[i + 3]) && (at == 0 || !is_digit(context[at - 1])) &&
          (i + 4 == context.size() || !is_digit(context[i + 4])))
        std::abort();  // a CPR in clear in a report (inside a longer digit run it is no CPR, and may stay)
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  session();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (const auto n = normalise_cpr(text)) {
    std::string digits;
    for (char c : text)
      if (is_digit(c)) digits += c;
    if (*n != digits) std::abort();
  }
  static const CivilDate today = CivilDate::today_utc();
  for (const CivilDate& day : {today, CivilDate{2000, 2, 29}}) {
    for (std::size_t i = 0; i + 10 <= size && i < 4096; ++i) {
      const std::string_view w = text.substr(i, 10);
      bool digits = true;
      for (char c : w) digits = digits && is_digit(c);
      if (digits) check_window(w, day);
    }
  }
  if (!utf8::is_valid(text)) return 0;
  std::size_t split = size == 0 ? 0 : data[0] % (size + 1);
  while (split > 0 && split < size && (data[split] & 0xC0) == 0x80) --split;  // chunks are whole characters
  check_findings(text, split);
  return 0;
}
