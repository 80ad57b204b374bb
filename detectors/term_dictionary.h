#pragma once
// The dictionaries of special-category terms (GDPR art. 9/10) and person references: plain UTF-8 files, one
// entry per line, that a DPO can read and extend (format in detectors/dictionaries/README.md). Parsing is
// pure: a bad line gives a Problem naming the file and line, so a site's own dictionary fails loudly.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "core/result.h"

namespace datavagt {

struct TermEntry {
  enum class Role {
    Term,       // counts for `kind`
    Exclusion,  // `!phrase`: hits of `kind` inside a match of it are dropped
    Person,     // a person reference (person.txt), used by `@near person`
    Cue,        // `@cue on`: a word of the kind's context ("medlemskab", "politiets"); never reported on its
                // own, it stands in for a person reference for the kind's `@near person` entries
  };
  Role role = Role::Term;
  FindingKind kind = FindingKind::Health;  // meaningless for Person
  std::string text;        // the term without markers, NFC, single spaces; for a regex, the expression
  std::string written;     // the entry as written ("diabet*", "=HK", "/DF[0-9]{2}/"): what findings show
  bool left_open = false;  // `*term`: may be the end of a longer word
  bool right_open = false; // `term*`: the word may continue
  bool exact_case = false; // `=TERM`
  bool regex = false;      // `/expression/`
  double weight = 1.0;     // `@weight`
  unsigned near_person = 0;  // `@near person N`: bytes; 0 = no requirement
  bool inflect = true;     // `@inflect off` turns it off: the entry stands only for the text written
  bool forms_given = false;  // `@forms` after it listed them: not inflected again
  // The other texts the entry stands for: its inflected forms (inflect_entries), NFC. Each keeps the entry's
  // markers ("*kræft" also matches "brystkræften" through the form "kræften").
  std::vector<std::string> forms;
  std::string origin;      // "health.txt:12"
};

// What the file is about when it does not say (`@kind`): the built-in files are named after their kind.
// nullopt = a person list ("person"), or unknown.
struct DictionaryKind {
  bool person = false;
  std::optional<FindingKind> kind;
};
DictionaryKind dictionary_kind_from_name(std::string_view file_name);

// Parses one dictionary. `origin` names it in problems and in TermEntry::origin.
Result<std::vector<TermEntry>> parse_dictionary(std::string_view text, std::string_view origin,
                                                DictionaryKind default_kind);

class Inflector;
// Whether an entry takes inflections: terms and cue words written as words or phrases (not regexes,
// `=EXACT` acronyms or `stem*` prefixes, which already cover their forms; not person words, listed form by
// form; not exclusions, which are phrases quoted as they are written), unless `@inflect off`.
bool takes_inflections(const TermEntry& e);
// Fills TermEntry::forms of the entries that take inflections and whose forms were not given (`@forms`).
void inflect_entries(std::vector<TermEntry>& entries, const Inflector& inflector);

inline constexpr std::size_t kMaxTermBytes = 120;  // keeps the whole match in the matcher's look-back
inline constexpr unsigned kMaxNearBytes = 200;

}  // namespace datavagt
