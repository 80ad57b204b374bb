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

// The code point that ends at `off`.
Neighbour neighbour_before(const StreamText& text, std::uint64_t off);
// The code point that starts at `off`; `text_ended` makes the end of the visible text a boundary.
Neighbour neighbour_after(const StreamText& text, std::uint64_t off, bool text_ended);

}  // namespace datavagt
