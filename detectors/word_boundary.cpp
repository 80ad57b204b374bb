#include "detectors/word_boundary.h"

namespace datavagt {

namespace {

bool is_continuation(int b) { return (b & 0xC0) == 0x80; }

// Decodes the UTF-8 sequence at [from, from + len) of the visible text; false if it is not one.
bool decode(const StreamText& text, std::uint64_t from, unsigned len, char32_t& cp) {
  const int lead = text.at(from);
  if (lead < 0) return false;
  const unsigned want = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  if (want != len) return false;
  cp = want == 1 ? static_cast<char32_t>(lead)
                 : static_cast<char32_t>(lead & (want == 2 ? 0x1F : want == 3 ? 0x0F : 0x07));
  for (unsigned k = 1; k < len; ++k) {
    const int b = text.at(from + k);
    if (b < 0 || !is_continuation(b)) return false;
    cp = (cp << 6) | static_cast<char32_t>(b & 0x3F);
  }
  return true;
}

Neighbour classify(char32_t cp) { return is_word_code_point(cp) ? Neighbour::Word : Neighbour::Boundary; }

}  // namespace

bool is_word_code_point(char32_t cp) {
  // '_' joins identifiers ("_abort", "abort_handler" in a program's strings): not a Danish word boundary.
  if (cp < 0x80) return is_ascii_word_byte(static_cast<int>(cp));
  if (cp < 0xC0) return cp == 0xAA || cp == 0xB5 || cp == 0xBA;  // Latin-1 punctuation, NBSP, symbols
  if (cp == 0xD7 || cp == 0xF7) return false;                     // × ÷
  if (cp < 0x2000) return true;  // Latin extended, IPA, combining marks, Greek, Cyrillic, … scripts
  if (cp < 0x2C00) return false; // general punctuation, symbols, arrows, math, box drawing
  if (cp >= 0x2E00 && cp < 0x2E80) return false;  // supplemental punctuation
  if (cp >= 0x3000 && cp < 0x3040) return false;  // CJK punctuation
  if (cp >= 0xFE10 && cp < 0xFE70) return false;  // vertical / small forms
  if (cp >= 0xFF00 && cp < 0xFF10) return false;  // fullwidth punctuation
  if (cp >= 0xFFF0 && cp <= 0xFFFF) return false; // specials, U+FFFD
  return true;
}

Neighbour neighbour_before_decoded(const StreamText& text, std::uint64_t off) {
  if (off == 0) return Neighbour::Boundary;
  std::uint64_t p = off - 1;
  const int last = text.at(p);
  if (last < 0) return Neighbour::Unknown;
  if (last < 0x80) return classify(static_cast<char32_t>(last));
  for (int k = 0; k < 3 && is_continuation(text.at(p)) && p > 0; ++k) --p;
  char32_t cp = 0;
  if (!decode(text, p, static_cast<unsigned>(off - p), cp)) return text.at(p) < 0 ? Neighbour::Unknown : Neighbour::Boundary;
  return classify(cp);
}

Neighbour neighbour_after_decoded(const StreamText& text, std::uint64_t off, bool text_ended) {
  if (off >= text.end()) return text_ended ? Neighbour::Boundary : Neighbour::Unknown;
  const int lead = text.at(off);
  if (lead < 0) return Neighbour::Unknown;
  const unsigned len = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  if (off + len > text.end()) return text_ended ? Neighbour::Boundary : Neighbour::Unknown;
  char32_t cp = 0;
  if (!decode(text, off, len, cp)) return Neighbour::Boundary;
  return classify(cp);
}

}  // namespace datavagt
