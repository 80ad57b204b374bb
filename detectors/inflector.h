#pragma once
// Every inflected form of a dictionary word, from the Danish Hunspell dictionary (Debian's hunspell-da,
// embedded at build time: embedded_hunspell.h). The dictionaries list lemmas ("sklerose", "roma",
// "afstamning"); the term matcher looks for all their forms ("sklerosen", "romaerne", "afstamningen").
// A phrase is inflected in its last word ("medlem af fagforening" → "… fagforeningen"), as Danish noun
// phrases are. A word Hunspell does not know stands only for itself.
// Immutable; thread-safe. Looking a word up is a binary search in the embedded word list: no start-up parse
// beyond the affix file (~2,000 rules).
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "detectors/hunspell_affixes.h"
#include "detectors/hunspell_lexicon.h"

namespace datavagt {

class Inflector {
 public:
  // `affixes` and `lexicon` from one Hunspell dictionary; the lexicon's text must outlive the Inflector.
  Inflector(HunspellAffixes affixes, HunspellLexicon lexicon)
      : affixes_(std::move(affixes)), lexicon_(lexicon) {}
  // The Danish dictionary compiled into the program. Fails only if the embedded affix file does not parse.
  static Result<std::shared_ptr<const Inflector>> danish();

  // The forms of `term` other than itself, in lower case when the term is (as dictionary entries are);
  // forms that only live inside compounds ("sklerose-") are left out. Empty when Hunspell does not know it.
  std::vector<std::string> other_forms(std::string_view term) const;

 private:
  HunspellAffixes affixes_;
  HunspellLexicon lexicon_;
};

}  // namespace datavagt
