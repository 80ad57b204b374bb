#pragma once
// What users read, in their language: the one lookup every user-visible string of the terminal summary, the
// HTML and the CSV report goes through. Messages are written in English in the code (the msgid) and
// translated in po/da.po, gettext's format, compiled into the program (po_catalog.h); English needs no
// catalogue. Call sites use the three spellings tests/i18n/catalogue_check.py finds in the code (each with
// string literals only, so the check sees every message):
//   m.tr(MSGID)                       gettext
//   m.trc(CONTEXT, MSGID)             pgettext: the same English word in another sense ("Open" as a state)
//   m.trn(SINGULAR, PLURAL, n)        ngettext: Danish and English plurals (n != 1)
// Placeholders are named, `{n}`, `{path}`, and filled with fill(); a translation may reorder them.
// Machine values (JSON Lines kinds, reasons, states) are never translated. Thread-safe; a Messages is a
// cheap value (a language and a pointer to an immutable catalogue).
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace datavagt::i18n {

enum class Lang { Da, En };

// "da", "en" (also "da_DK.UTF-8", "en_GB", "C": anything that is not Danish is English); nullopt for ""
// and names of other languages' form that are neither ("de").
std::optional<Lang> lang_from(std::string_view name);
// The language of the terminal: English when LC_ALL, else LC_MESSAGES, else LANG names an English locale
// (en, en_*), else Danish (also for C and POSIX, and with none set): Danish by default, English on request
// (the locale or --lang en). The reports (HTML, CSV) are Danish whatever the locale, English with --lang en.
Lang terminal_lang();
std::string_view lang_code(Lang lang);  // "da", "en"

class PoCatalog;

class Messages {
 public:
  explicit Messages(Lang lang);
  Lang lang() const { return lang_; }

  std::string_view tr(std::string_view msgid) const;
  std::string_view trc(std::string_view context, std::string_view msgid) const;
  std::string_view trn(std::string_view singular, std::string_view plural, std::uint64_t n) const;

  // The catalogue in use (nullptr for English): the HTML report hands it to its script.
  const PoCatalog* catalogue() const { return catalogue_; }

 private:
  Lang lang_;
  const PoCatalog* catalogue_;
};

// `pattern` with each {name} replaced by its value; an unknown {name} stays as written.
std::string fill(std::string_view pattern, std::initializer_list<std::pair<std::string_view, std::string>> values);

}  // namespace datavagt::i18n
