#pragma once
// Where a sentence begins and ends in Danish text, for the context of `@near person` entries: a person word in
// the sentence before ("Mælken er af dansk oprindelse. Borgeren har fået ...") says nothing about the hit.
//
// A boundary is a paragraph break (a line with nothing but blanks on it), or a sentence end: ".", "!" or "?"
// (closing quotes or brackets may follow), then white space (spaces or line breaks), then (after an opening
// quote or bracket) an upper-case letter. A period is no sentence end after a common Danish abbreviation
// ("Hr. Jensen", "jf. Lov om social service", "f.eks. Aarhus", "kl. 10"), an initial ("H. C. Andersen"), or a
// number of one to three digits ("3. Maj", "1. Borgeren ..."): such a sentence goes on.
//
// Pure functions of their arguments, thread-safe. `text` is UTF-8 as the detector sees it (NFC, any case); the
// functions may look at `text` outside [from, to) to judge a boundary (the word before a period, the letter after
// the space), never past its ends.
#include <cstddef>
#include <string_view>

namespace datavagt {

// The start of the sentence that holds text[at]: the end of the last boundary within text[from, at] (the first
// byte of the next sentence), or `from` if there is none. Requires from <= at <= text.size().
std::size_t sentence_start(std::string_view text, std::size_t from, std::size_t at);

// The end of the sentence that holds text[at - 1]: where the first boundary within text[at, to) begins (just after
// the terminator, or at the line break of a paragraph break), or `to` if there is none. Requires
// at <= to <= text.size().
std::size_t sentence_end(std::string_view text, std::size_t at, std::size_t to);

}  // namespace datavagt
