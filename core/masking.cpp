#include "core/masking.h"

#include <optional>

namespace datavagt {

std::string mask_cpr(std::string_view digits) {
  std::string out(digits.substr(0, 6));
  out += "-XXXX";
  return out;
}

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_separator(char c) { return c == '-' || c == '/' || c == '.' || c == ' ' || c == '\t'; }

}  // namespace

std::string mask_snippet(std::string_view in) {
  // 1. Normalise whitespace and control characters (written in place: one snippet per finding).
  std::string s(in.size(), '\0');
  std::size_t n = 0;
  for (char c : in) {
    const auto u = static_cast<unsigned char>(c);
    const bool space = u < 0x20 || u == 0x7F || c == ' ';
    if (space) {
      if (n != 0 && s[n - 1] != ' ') s[n++] = ' ';
    } else {
      s[n++] = c;
    }
  }
  s.resize(n);
  // 2. Mask. Find digit runs; a run of 4 digits right after a run of 6 (joined by nothing or a separator,
  // or " - ") is the SSSS of a CPR shape. Digit runs of 9 or more are masked after their sixth digit
  // (a CPR without separator inside a longer number). Runs touching an edge are masked whole. One pass: a
  // run looks back only at the one before it and at the non-digits between them, which masking leaves alone.
  struct Run { std::size_t begin, end; };
  auto mask = [&](std::size_t b, std::size_t e) {
    for (std::size_t k = b; k < e; ++k) s[k] = 'X';
  };
  std::optional<Run> prev;
  for (std::size_t i = 0; i < n;) {
    if (!is_digit(s[i])) { ++i; continue; }
    std::size_t j = i;
    while (j < n && is_digit(s[j])) ++j;
    const Run run{i, j};
    i = j;
    const std::size_t len = run.end - run.begin;
    if (run.begin == 0 || run.end == n) {
      mask(run.begin, run.end);
      prev = run;
      continue;
    }
    if (len >= 9) mask(run.begin + 6, run.end);
    if (len == 4 && prev) {
      const std::size_t gap = run.begin - prev->end;
      const bool joined = (gap == 1 && is_separator(s[prev->end])) ||
                          (gap == 3 && s.compare(prev->end, 3, " - ") == 0);
      // DDMMYY in full, or cut by the snippet's start.
      if ((prev->end - prev->begin == 6 || prev->begin == 0) && joined) mask(run.begin, run.end);
    }
    prev = run;
  }
  return s;
}

}  // namespace datavagt
