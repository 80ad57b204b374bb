#include "reports/i18n/messages.h"

#include <cstdio>
#include <cstdlib>

#include "reports/i18n/embedded_catalogues.h"
#include "reports/i18n/po_catalog.h"

namespace datavagt::i18n {

namespace {

const PoCatalog& danish() {
  static const PoCatalog catalogue = [] {
    auto parsed = PoCatalog::parse(danish_po(), "po/da.po");
    if (!parsed) {  // the catalogue is part of the program: a bug, caught by tests/i18n
      std::fprintf(stderr, "datavagt: %s\n", parsed.problem().detail.c_str());
      std::abort();
    }
    return std::move(*parsed);
  }();
  return catalogue;
}

}  // namespace

std::optional<Lang> lang_from(std::string_view name) {
  if (name.empty()) return std::nullopt;
  if (name.substr(0, 2) == "da" && (name.size() == 2 || name[2] == '_' || name[2] == '-' || name[2] == '.'))
    return Lang::Da;
  if (name.substr(0, 2) == "en" && (name.size() == 2 || name[2] == '_' || name[2] == '-' || name[2] == '.'))
    return Lang::En;
  if (name == "C" || name == "POSIX" || name.substr(0, 2) == "C.") return Lang::En;
  return std::nullopt;
}

Lang terminal_lang() {
  for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(var);
    if (v == nullptr || *v == 0) continue;  // an empty variable does not count (POSIX)
    const std::string_view name(v);
    // Only an English locale asks for English: C, POSIX (a server's usual setting) and every other locale
    // get Danish, the users' language.
    return name.substr(0, 2) == "en" && (name.size() == 2 || name[2] == '_' || name[2] == '.') ? Lang::En
                                                                                                 : Lang::Da;
  }
  return Lang::Da;
}

std::string_view lang_code(Lang lang) { return lang == Lang::Da ? "da" : "en"; }

Messages::Messages(Lang lang) : lang_(lang), catalogue_(lang == Lang::Da ? &danish() : nullptr) {}

std::string_view Messages::tr(std::string_view msgid) const { return trc({}, msgid); }

std::string_view Messages::trc(std::string_view context, std::string_view msgid) const {
  if (catalogue_ != nullptr)
    if (const std::string* s = catalogue_->find(context, msgid)) return *s;
  return msgid;
}

std::string_view Messages::trn(std::string_view singular, std::string_view plural, std::uint64_t n) const {
  if (catalogue_ != nullptr)
    if (const std::string* s = catalogue_->find_plural({}, singular, n)) return *s;
  return n == 1 ? singular : plural;
}

std::string fill(std::string_view pattern, std::initializer_list<std::pair<std::string_view, std::string>> values) {
  std::string out;
  out.reserve(pattern.size() + 16);
  for (std::size_t i = 0; i < pattern.size();) {
    if (pattern[i] == '{') {
      const std::size_t close = pattern.find('}', i);
      if (close != std::string_view::npos) {
        const std::string_view name = pattern.substr(i + 1, close - i - 1);
        bool done = false;
        for (const auto& [k, v] : values)
          if (k == name) {
            out += v;
            done = true;
            break;
          }
        if (done) {
          i = close + 1;
          continue;
        }
      }
    }
    out += pattern[i++];
  }
  return out;
}

}  // namespace datavagt::i18n
