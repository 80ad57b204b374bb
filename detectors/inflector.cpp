#include "detectors/inflector.h"

#include <algorithm>

#include "detectors/latin_letters.h"

namespace datavagt {

namespace {

// The first letter in capitals (ASCII or Latin-1: "æ" -> "Æ"), for proper nouns ("Parkinson").
std::string capitalised(std::string_view w) {
  if (w.empty()) return {};
  const std::size_t first = static_cast<unsigned char>(w[0]) == 0xC3 && w.size() > 1 ? 2 : 1;
  return upper_case_latin(w.substr(0, first)) + std::string(w.substr(first));
}

bool all_lower(std::string_view w) { return fold_case_latin(w) == w; }

// Forms that are rarely how a fact about a person is written and often another word: imperatives ("bød" from
// "bøde", "tiltal") and present participles ("tiltalende" = appealing, from "tiltale" = charge).
const std::vector<std::string_view> kSkippedTags = {"+IMPERATIV", "+PRÆSENS_PART"};

// Little words a phrase may end with ("dømt for", "vold mod", "syg i dag" ends in a noun): not inflected, or
// "dømt for" would also be looked for as "dømt foret" (lined).
bool is_function_word(std::string_view w) {
  static constexpr std::string_view kWords[] = {"af",  "at",   "de",  "dem",  "den",  "der",  "det",  "efter",
                                                "en",  "er",   "et",  "for",  "fra",  "hos",  "i",    "med",
                                                "mod", "om",   "op",  "over", "på",   "sig",  "sin",  "sine",
                                                "sit", "til",  "ud",  "ude",  "under", "ved", "og",   "eller"};
  return std::find(std::begin(kWords), std::end(kWords), w) != std::end(kWords);
}

}  // namespace

std::vector<std::string> Inflector::other_forms(std::string_view term) const {
  // A phrase: the forms of its last word, the rest kept.
  const auto space = term.rfind(' ');
  const std::string_view head = space == std::string_view::npos ? std::string_view() : term.substr(0, space + 1);
  const std::string_view word = term.substr(head.size());
  std::vector<std::string> out;
  if (word.empty() || (!head.empty() && is_function_word(fold_case_latin(word)))) return out;
  const bool lower = all_lower(word);
  std::vector<std::string> spellings{std::string(word)};
  if (lower) {
    spellings.push_back(capitalised(word));  // a proper noun ("Parkinson") or an acronym ("AIDS")
    spellings.push_back(upper_case_latin(word));
  }
  for (const auto& spelling : spellings) {
    for (const std::string_view flags : lexicon_.flags_of(spelling)) {
      for (auto& form : affixes_.forms(spelling, affixes_.parse_flags(flags), kSkippedTags)) {
        // Joining forms ("sklerose-", "-aids") only live inside compounds.
        if (form.empty() || form.front() == '-' || form.back() == '-') continue;
        if (lower) form = fold_case_latin(form);
        std::string phrase = std::string(head) + form;
        if (phrase != term && std::find(out.begin(), out.end(), phrase) == out.end()) out.push_back(std::move(phrase));
      }
    }
  }
  return out;
}

}  // namespace datavagt
