#include "detectors/number_token.h"

#include <array>
#include <string>

namespace datavagt {

namespace {

bool is_ascii_letter(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// A letter ends `s`: an ASCII letter, or a Latin-1 letter (æ, ø, å, é …: lead byte 0xC3).
bool ends_with_letter(std::string_view s) {
  if (s.empty()) return false;
  const auto last = static_cast<unsigned char>(s.back());
  if (last < 0x80) return is_ascii_letter(last);
  return s.size() >= 2 && static_cast<unsigned char>(s[s.size() - 2]) == 0xC3 && last >= 0x80 && last <= 0xBF &&
         last != 0x97 && last != 0xB7;  // not × ÷
}

bool starts_with_letter(std::string_view s) {
  if (s.empty()) return false;
  const auto first = static_cast<unsigned char>(s.front());
  if (first < 0x80) return is_ascii_letter(first);
  if (first != 0xC3 || s.size() < 2) return false;
  const auto next = static_cast<unsigned char>(s[1]);
  return next >= 0x80 && next <= 0xBF && next != 0x97 && next != 0xB7;
}

// The letters (and the '-', '.', ':' and '_' inside a label: "cpr-nr", "cpr.nr") glued before the number, in
// lower case, without those marks: "CPR-nr0304851007" gives "cprnr".
std::string glued_label(std::string_view before) {
  std::string out;
  std::size_t i = before.size();
  while (i > 0 && out.size() < 32) {
    const auto c = static_cast<unsigned char>(before[i - 1]);
    if (is_ascii_letter(c)) {
      out.insert(out.begin(), static_cast<char>(c | 0x20));
    } else if (c != '-' && c != '.' && c != '_') {
      break;
    }
    --i;
  }
  return out;
}

bool is_cpr_label(std::string_view letters) {
  static constexpr std::array<std::string_view, 7> kLabels = {"cpr", "cprnr", "cprno", "cprnummer", "personnr",
                                                              "personnummer", "persnr"};
  for (const auto label : kLabels)
    if (letters.size() >= label.size() && letters.substr(letters.size() - label.size()) == label) return true;
  return false;
}

// The non-space token around the number, as far as `before` and `after` reach.
std::string_view token_before(std::string_view before) {
  std::size_t i = before.size();
  while (i > 0 && !is_space(static_cast<unsigned char>(before[i - 1]))) --i;
  return before.substr(i);
}
std::string_view token_after(std::string_view after) {
  std::size_t i = 0;
  while (i < after.size() && !is_space(static_cast<unsigned char>(after[i]))) ++i;
  return after.substr(0, i);
}

// A URL, a mail address or a Message-ID: "scheme://", "www.", or "<…@…>" / "…@host.tld" around the number.
bool inside_address(std::string_view head, std::string_view tail) {
  if (head.find("://") != std::string_view::npos) return true;
  if (head.size() >= 4 && (head.substr(0, 4) == "www." || head.substr(0, 4) == "WWW.")) return true;
  const bool at_before = head.find('@') != std::string_view::npos;
  const auto at = tail.find('@');
  if (at != std::string_view::npos && tail.find('.', at) != std::string_view::npos) return true;  // local part
  if (at_before) return !head.empty() && head.front() == '<';  // "<…@…": a Message-ID's right-hand side
  return false;
}

}  // namespace

NumberToken classify_number_token(std::string_view before, std::string_view after) {
  if (ends_with_letter(before)) {
    if (is_cpr_label(glued_label(before))) return NumberToken::CprLabelled;
    return NumberToken::Identifier;
  }
  if (starts_with_letter(after)) {
    // "CPR:0304851007abc" is still glued on the right; a label before it does not free the letters after.
    return NumberToken::Identifier;
  }
  if (inside_address(token_before(before), token_after(after))) return NumberToken::Identifier;
  return NumberToken::Alone;
}

}  // namespace datavagt
