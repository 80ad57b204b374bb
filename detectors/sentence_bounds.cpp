#include "detectors/sentence_bounds.h"

#include <algorithm>
#include <iterator>
#include <string>

namespace datavagt {
namespace {

// Abbreviations that end in a period and are often followed by a capital in the middle of a sentence: titles
// before a name, references to laws and documents, "for example" before a place name. Lower case, without the
// final period. Deliberately not here: "osv.", "mv.", "kr.", which end sentences at least as often.
constexpr std::string_view kAbbreviations[] = {
    "hr",    "fr",    "frk",   "dr",   "mr",   "mrs",   "ms",    "st",     "sct",   "skt",   "f.eks", "bl.a",
    "jf",    "jvf",   "cf",    "ca",   "nr",   "evt",   "vedr",  "pga",    "p.g.a", "dvs",   "d.v.s", "mht",
    "m.h.t", "kl",    "tlf",   "att",  "ang",  "iht",   "i.h.t", "inkl",   "ekskl", "stk",   "pkt",   "ref",
    "j.nr",  "jr.nr", "afd",   "ifm",  "i.f.m", "vha",  "ift",   "i.f.t", "iflg"};

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }
bool is_space(char c) { return is_blank(c) || c == '\n' || c == '\f' || c == '\v'; }
bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
// A byte of a letter: ASCII letters and every byte of a multi-byte UTF-8 sequence (æ, ø, å, é …).
bool is_letter_byte(char c) { return is_ascii_letter(c) || static_cast<unsigned char>(c) >= 0x80; }

// An upper-case letter starts at text[i]: A..Z or a Latin-1 capital À..Þ except × (UTF-8 C3 80..C3 9E).
bool upper_case_at(std::string_view text, std::size_t i) {
  if (i >= text.size()) return false;
  const auto c = static_cast<unsigned char>(text[i]);
  if (c >= 'A' && c <= 'Z') return true;
  if (c != 0xC3 || i + 1 >= text.size()) return false;
  const auto d = static_cast<unsigned char>(text[i + 1]);
  return d >= 0x80 && d <= 0x9E && d != 0x97;
}

bool is_closer(char c) { return c == '"' || c == '\'' || c == ')' || c == ']'; }
bool is_opener(char c) { return c == '"' || c == '\'' || c == '(' || c == '['; }
// », ”, ’ (closers) and «, „, “, ‘ (openers) in UTF-8: their length at text[i], 0 if none.
std::size_t closer_at(std::string_view text, std::size_t i) {
  if (i < text.size() && is_closer(text[i])) return 1;
  if (text.substr(i, 2) == "\xC2\xBB") return 2;
  if (text.substr(i, 3) == "\xE2\x80\x9D" || text.substr(i, 3) == "\xE2\x80\x99") return 3;
  return 0;
}
std::size_t opener_at(std::string_view text, std::size_t i) {
  if (i < text.size() && is_opener(text[i])) return 1;
  if (text.substr(i, 2) == "\xC2\xAB") return 2;
  if (text.substr(i, 3) == "\xE2\x80\x9E" || text.substr(i, 3) == "\xE2\x80\x9C" ||
      text.substr(i, 3) == "\xE2\x80\x98")
    return 3;
  return 0;
}

// The period at text[dot] follows an abbreviation, an initial or a short number: the sentence goes on.
bool period_continues(std::string_view text, std::size_t dot) {
  std::size_t b = dot;
  while (b > 0 && (is_letter_byte(text[b - 1]) || is_digit(text[b - 1]) || text[b - 1] == '.')) --b;
  const std::string_view token = text.substr(b, dot - b);
  if (token.empty()) return false;
  if (std::all_of(token.begin(), token.end(), is_digit)) return token.size() <= 3;  // "3. maj", "1. Borgeren"
  if (token.size() == 1 && is_ascii_letter(token[0])) return true;                  // "H. C. Andersen"
  if (token.size() == 2 && token[0] == '\xC3') return true;                          // "Ø. Hansen"
  if (token.size() > 6) return false;
  std::string lower(token);
  for (char& c : lower)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return std::find(std::begin(kAbbreviations), std::end(kAbbreviations), lower) != std::end(kAbbreviations);
}

struct Boundary {
  std::size_t begins = 0;  // just after the terminator, or at the line break of a blank line
  std::size_t next = 0;    // the first byte of the next sentence (an opening quote, bracket or letter)
};

// A sentence end whose terminator is text[i] ('.', '!' or '?'), if it is one.
bool sentence_end_at(std::string_view text, std::size_t i, Boundary& out) {
  const char c = text[i];
  if (c != '.' && c != '!' && c != '?') return false;
  std::size_t j = i + 1;
  while (j < text.size() && (text[j] == '.' || text[j] == '!' || text[j] == '?')) ++j;  // "...", "?!"
  const std::size_t begins = j;
  for (std::size_t n; (n = closer_at(text, j)) != 0;) j += n;
  const std::size_t space = j;
  while (j < text.size() && is_space(text[j])) ++j;
  if (j == space) return false;
  const std::size_t next = j;  // an opening quote or bracket belongs to the next sentence
  for (std::size_t n; (n = opener_at(text, j)) != 0;) j += n;
  if (!upper_case_at(text, j)) return false;
  if (c == '.' && begins == i + 1 && period_continues(text, i)) return false;
  out = {begins, next};
  return true;
}

// A paragraph break whose first line break is text[i]: a line with nothing but blanks follows.
bool paragraph_break_at(std::string_view text, std::size_t i, Boundary& out) {
  if (text[i] != '\n') return false;
  std::size_t j = i + 1;
  while (j < text.size() && is_blank(text[j])) ++j;
  if (j >= text.size() || text[j] != '\n') return false;
  // "\r\n\r\n": the break begins at the "\r".
  out = {i > 0 && text[i - 1] == '\r' ? i - 1 : i, j + 1};
  return true;
}

}  // namespace

std::size_t sentence_start(std::string_view text, std::size_t from, std::size_t at) {
  // Walk back from `at`: the last terminator or line break whose boundary's next sentence starts by `at`.
  // A terminator at `at` itself cannot end the sentence before the hit; it starts at `at` at the earliest.
  for (std::size_t i = at; i > from;) {
    --i;
    Boundary b;
    if ((sentence_end_at(text, i, b) || paragraph_break_at(text, i, b)) && b.next <= at)
      return std::max(b.next, from);
  }
  return from;
}

std::size_t sentence_end(std::string_view text, std::size_t at, std::size_t to) {
  for (std::size_t i = at; i < to; ++i) {
    Boundary b;
    if (sentence_end_at(text, i, b) || paragraph_break_at(text, i, b)) return std::min(b.begins, to);
  }
  return to;
}

}  // namespace datavagt
