#pragma once
// Is this Danish text? A cheap guess from the little words a text uses ("og", "at", "har" against "the",
// "and", "of" and the Latin of lorem-ipsum filler), and whether it reads like a program's strings rather than
// prose (GLIBC_2.2.5, _ZNSt6vector, __cxa_abort: identifiers, no little words). The Danish dictionaries'
// hits in English, Latin or a binary's strings are mostly homographs ("Finding Aids", "gravida", "_abort"),
// so the sensitive categories weigh them far lower there (sensitive_scoring.h).
// A LanguageSample is fed the first kSampleBytes of an item's text and guesses on demand. Not thread-safe;
// one per matcher state.
#include <cstddef>
#include <string>
#include <string_view>

namespace datavagt {

enum class TextLanguage {
  Danish,   // Danish (or Norwegian/Swedish) little words, or too little to tell: the default
  Foreign,  // clearly English or Latin
  Strings,  // identifiers and symbols, not prose: a binary's or a program's strings
};

class LanguageSample {
 public:
  static constexpr std::size_t kSampleBytes = 16384;

  void clear() { sample_.clear(); }
  bool full() const { return sample_.size() >= kSampleBytes; }
  // Appends text (valid UTF-8 or not: only ASCII and Latin-1 letters are read) up to kSampleBytes.
  void add(std::string_view text);
  TextLanguage guess() const;

 private:
  std::string sample_;
};

// The guess for one text (tests; LanguageSample::guess on a sample of it).
TextLanguage guess_language(std::string_view text);

}  // namespace datavagt
