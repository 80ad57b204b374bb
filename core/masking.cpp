#include "core/masking.h"

#include <vector>

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
  // 1. Normalise whitespace and control characters.
  std::string s;
  s.reserve(in.size());
  for (char c : in) {
    const auto u = static_cast<unsigned char>(c);
    const bool space = u < 0x20 || u == 0x7F || c == ' ';
    if (space) {
      if (!s.empty() && s.back() != ' ') s += ' ';
    } else {
      s += c;
    }
  }
  // 2. Mask. Find digit runs; a run of 4 digits right after a run of 6 (joined by nothing or a separator,
  // or " - ") is the SSSS of a CPR shape. Digit runs of 9 or more are masked after their sixth digit
  // (a CPR without separator inside a longer number). Runs touching an edge are masked whole.
  struct Run { std::size_t begin, end; };
  std::vector<Run> runs;
  for (std::size_t i = 0; i < s.size();) {
    if (!is_digit(s[i])) { ++i; continue; }
    std::size_t j = i;
    while (j < s.size() && is_digit(s[j])) ++j;
    runs.push_back({i, j});
    i = j;
  }
  auto mask = [&](std::size_t b, std::size_t e) {
    for (std::size_t k = b; k < e; ++k) s[k] = 'X';
  };
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const Run run = runs[r];
    const std::size_t len = run.end - run.begin;
    if (run.begin == 0 || run.end == s.size()) {
      mask(run.begin, run.end);
      continue;
    }
    if (len >= 9) mask(run.begin + 6, run.end);
    if (len == 4 && r > 0) {
      const Run prev = runs[r - 1];
      const std::size_t gap = run.begin - prev.end;
      const bool joined = (gap == 1 && is_separator(s[prev.end])) ||
                          (gap == 3 && s.compare(prev.end, 3, " - ") == 0);
      // DDMMYY in full, or cut by the snippet's start.
      if ((prev.end - prev.begin == 6 || prev.begin == 0) && joined) mask(run.begin, run.end);
    }
  }
  return s;
}

}  // namespace datavagt
