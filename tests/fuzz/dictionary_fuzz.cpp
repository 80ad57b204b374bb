// libFuzzer target: untrusted text through the dictionary parsers — a site dictionary (term_dictionary.h)
// and a Hunspell affix file plus word list (hunspell_affixes.h, hunspell_lexicon.h). The input is split at
// the first NUL: affix file before, word list after; the whole input is also read as a site dictionary.
// Every form must be valid UTF-8 and the parsers must never crash or loop. Build with ./run fuzz.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/utf8.h"
#include "detectors/hunspell_affixes.h"
#include "detectors/hunspell_lexicon.h"
#include "detectors/inflector.h"
#include "detectors/term_dictionary.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace datavagt;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const auto nul = in.find('\0');
  const std::string_view aff = in.substr(0, nul);
  const std::string_view dic = nul == std::string_view::npos ? std::string_view() : in.substr(nul + 1);

  auto entries = parse_dictionary(in, "fuzz.txt", DictionaryKind{false, FindingKind::Health});
  auto affixes = HunspellAffixes::parse(aff);
  if (!affixes) return 0;
  const std::string lexicon = normalise_hunspell_dic(dic);
  if (!utf8::is_valid(lexicon)) std::abort();
  const Inflector inflector(std::move(*affixes), HunspellLexicon(lexicon));
  if (entries) {
    inflect_entries(*entries, inflector);
    for (const auto& e : *entries)
      for (const auto& f : e.forms)
        if (!utf8::is_valid(f)) std::abort();
  }
  // Every listed word, looked up and inflected.
  for (std::size_t at = 0; at < lexicon.size();) {
    const auto nl = lexicon.find('\n', at);
    const std::string_view line = std::string_view(lexicon).substr(at, nl - at);
    const std::string_view word = line.substr(0, line.find('/'));
    if (inflector.other_forms(word).size() > 100000) std::abort();
    at = nl + 1;
  }
  return 0;
}
