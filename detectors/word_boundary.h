#pragma once
// Word boundaries that know Danish: Hyperscan's ASCII \b treats æ, ø, å as non-letters (`dom` would match
// inside `fødom`) and it refuses \b in UCP mode, so the term matcher checks the code points around a match
// itself. Letters of any script, digits and combining marks continue a word; everything else ends it.
#include <cstdint>

#include "detectors/stream_text.h"

namespace datavagt {

bool is_word_code_point(char32_t cp);

enum class Neighbour {
  Boundary,  // start or end of the text, or a code point that ends a word
  Word,      // a code point that continues the word
  Unknown,   // not visible (yet): before the look-back, or after the text seen so far
};

// Out of line: decode the code point (the inline ones below answer an ASCII neighbour, the common case,
// themselves: the term matcher asks at every hit).
Neighbour neighbour_before_decoded(const StreamText& text, std::uint64_t off);
Neighbour neighbour_after_decoded(const StreamText& text, std::uint64_t off, bool text_ended);

inline bool is_ascii_word_byte(int b) {
  return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_';
}
// The code point that ends at `off`.
inline Neighbour neighbour_before(const StreamText& text, std::uint64_t off) {
  const int last = off > 0 ? text.at(off - 1) : -1;
  if (last >= 0 && last < 0x80) return is_ascii_word_byte(last) ? Neighbour::Word : Neighbour::Boundary;
  return neighbour_before_decoded(text, off);
}
// The code point that starts at `off`; `text_ended` makes the end of the visible text a boundary.
inline Neighbour neighbour_after(const StreamText& text, std::uint64_t off, bool text_ended) {
  const int next = off < text.end() ? text.at(off) : -1;
  if (next >= 0 && next < 0x80) return is_ascii_word_byte(next) ? Neighbour::Word : Neighbour::Boundary;
  return neighbour_after_decoded(text, off, text_ended);
}

}  // namespace datavagt
