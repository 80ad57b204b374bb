#include "detectors/name_scan.h"

#include <algorithm>

#include "core/utf8.h"
#include "detectors/cpr_validator.h"
#include "detectors/match_session.h"

namespace datavagt {

namespace {

constexpr std::size_t kCprDigits = 10;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::size_t digit_run_end(std::string_view s, std::size_t from) {
  while (from < s.size() && is_digit(s[from])) ++from;
  return from;
}

// Calls `on_serial(offset)` with the offset of the four serial digits of every number in `s` that could be a
// CPR number (see mask_cpr_numbers); stops when it returns false.
template <class F>
void for_each_cpr_serial(std::string_view s, F on_serial) {
  // Future dates count: what is shown must not depend on the day it is shown.
  static constexpr CivilDate kAnyDay{9999, 12, 31};
  std::size_t i = 0;
  while (i < s.size()) {
    if (!is_digit(s[i])) {
      ++i;
      continue;
    }
    const std::size_t end = digit_run_end(s, i);
    std::string digits;
    std::size_t serial = 0;
    if (end - i == kCprDigits) {
      digits.assign(s.substr(i, kCprDigits));
      serial = i + 6;
    } else if (end - i == 6) {
      for (const std::string_view sep : {" - ", "-", ".", " ", "\t", "_"}) {
        const std::size_t at = end + sep.size();
        if (s.substr(end, sep.size()) != sep || digit_run_end(s, at) - at != 4) continue;
        digits.assign(s.substr(i, 6));
        digits.append(s.substr(at, 4));
        serial = at;
        break;
      }
    }
    if (!digits.empty() && check_cpr(digits, kAnyDay).shape != CprShape::NotCpr) {
      if (!on_serial(serial)) return;
      i = serial + 4;  // the serial cannot start another number
      continue;
    }
    i = end;
  }
}

}  // namespace

std::string mask_cpr_numbers(std::string_view text) {
  std::string out(text);
  for_each_cpr_serial(text, [&](std::size_t serial) {
    std::fill_n(out.begin() + static_cast<std::ptrdiff_t>(serial), 4, 'X');
    return true;
  });
  return out;
}

bool has_cpr_number(std::string_view text) {
  bool found = false;
  for_each_cpr_serial(text, [&](std::size_t) {
    found = true;
    return false;
  });
  return found;
}

NameFindings scan_name(MatchSession& session, std::string_view name, std::string_view part) {
  NameFindings out;
  out.masked = mask_cpr_numbers(name);
  if (std::count_if(name.begin(), name.end(), is_digit) < static_cast<std::ptrdiff_t>(kCprDigits)) return out;
  std::string text;
  utf8::append_lossy(text, name);
  std::replace(text.begin(), text.end(), '_', ' ');  // byte for byte: offsets stay the name's
  session.begin();
  session.feed(TextChunk{text, Position{0, std::string(part)}});
  std::string context;
  utf8::append_lossy(context, out.masked);
  for (auto& f : session.finish()) {
    if (!is_identifier(f.kind)) continue;
    f.context = context;
    out.findings.push_back(std::move(f));
  }
  return out;
}

}  // namespace datavagt
