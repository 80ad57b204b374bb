#pragma once
// The word list of a Hunspell dictionary (.dic) in the form Datavagt embeds it: one "word/flags" (or "word")
// per line, sorted by the bytes of the word, morphology fields dropped. `normalise_hunspell_dic` makes that
// form from a .dic at build time (tools/make_lexicon); `HunspellLexicon` looks words up in it by binary search,
// so start-up parses nothing. Pure; the lexicon is an immutable view, thread-safe for reading.
#include <string>
#include <string_view>
#include <vector>

namespace datavagt {

// A .dic file (first line: the entry count; then "word[/flags][ morphology…]") in the sorted form above.
// Lines that are not UTF-8 or have an empty word are dropped.
std::string normalise_hunspell_dic(std::string_view dic);

class HunspellLexicon {
 public:
  // `sorted`: the output of normalise_hunspell_dic, kept alive by the caller.
  explicit HunspellLexicon(std::string_view sorted) : text_(sorted) {}
  // The flag texts of every entry of `word` (a word may have several, e.g. a noun and a verb); "" for an
  // entry without flags. Empty when the word is not listed.
  std::vector<std::string_view> flags_of(std::string_view word) const;
  bool empty() const { return text_.empty(); }

 private:
  std::string_view text_;
};

}  // namespace datavagt
