#pragma once
// A gettext message catalogue (.po) in memory: msgid (with an optional msgctxt) -> msgstr, plural forms
// included. The catalogues in po/ are compiled into the program as text (embedded_catalogues.h) and parsed
// once, so no locale has to be generated and no .mo file installed. Fuzzy and untranslated entries are left
// out, as msgfmt does; the header's Plural-Forms must be the Germanic rule (nplurals=2; plural=(n != 1)),
// the only one Datavagt's languages need. Immutable after parsing; thread-safe to read.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace datavagt::i18n {

struct PoEntry {
  std::string context;                 // msgctxt, "" = none
  std::string id;                      // msgid
  std::string id_plural;               // msgid_plural, "" = none
  std::vector<std::string> strs;       // msgstr, or msgstr[0], msgstr[1]
  bool fuzzy = false;
};

class PoCatalog {
 public:
  // Parses .po text. A syntax error is a Problem naming the line (`name`:LINE: …).
  static Result<PoCatalog> parse(std::string_view text, std::string_view name);

  // The translation of `id` in `context`, or nullptr when there is none.
  const std::string* find(std::string_view context, std::string_view id) const;
  // The plural form for `n` (index 0 for n == 1, else 1), or nullptr.
  const std::string* find_plural(std::string_view context, std::string_view id, std::uint64_t n) const;

  // Every entry as parsed, fuzzy and untranslated ones included (for checks of the catalogue itself).
  const std::vector<PoEntry>& entries() const { return entries_; }

 private:
  std::vector<PoEntry> entries_;
  std::map<std::string, std::size_t, std::less<>> index_;  // context \x04 id -> entry (translated, not fuzzy)
};

// The lookup key gettext uses: "context\x04id", or "id" without a context.
std::string po_key(std::string_view context, std::string_view id);

}  // namespace datavagt::i18n
