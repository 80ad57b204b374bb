#include "detectors/cpr_keywords.h"

#include <cctype>
#include <string>

namespace datavagt {

namespace {

constexpr Polarity P = Polarity::Positive;
constexpr Polarity N = Polarity::Negative;

// Sources: cpr.md (Purview's keywords, OS2datascanner's document blacklist), Danish municipal usage.
// A word is a prefix unless whole_word: "cpr" also covers "cpr-nr", "cprnr", "cpr-nummer".
constexpr CprKeyword kKeywords[] = {
    {"cpr", P, false},
    {"personnummer", P, false},
    {"personnr", P, false},
    {"person nr", P, false},
    {"person-nr", P, false},
    {"pers.nr", P, false},
    {"pers. nr", P, false},
    {"erstatningspersonnummer", P, false},
    {"personregister", P, false},
    {"det centrale personregister", P, false},
    {"sygesikring", P, false},
    {"sundhedskort", P, false},
    {"fødselsdato", P, false},
    {"født", P, true},
    {"civil registration", P, false},
    {"personal identification number", P, false},
    {"social security", P, false},

    {"p-nr", N, false},
    {"p-nummer", N, false},
    {"p.nr", N, false},
    {"pnr", N, true},
    {"produktionsenhed", N, false},
    {"faktura", N, false},
    {"invoice", N, false},
    {"ordrenr", N, false},
    {"ordrenummer", N, false},
    {"ordre nr", N, false},
    {"order no", N, false},
    {"order number", N, false},
    {"bilagsnr", N, false},
    {"bilagsnummer", N, false},
    {"bilag nr", N, false},
    {"kundenr", N, false},
    {"kundenummer", N, false},
    {"kunde nr", N, false},
    {"kunde-nr", N, false},
    {"customer no", N, false},
    {"customer number", N, false},
    {"customer id", N, false},
    {"kontonr", N, false},
    {"kontonummer", N, false},
    {"konto nr", N, false},
    {"account no", N, false},
    {"account number", N, false},
    {"reg.nr", N, false},
    {"registreringsnummer", N, false},
    {"cvr", N, true},
    {"se-nr", N, false},
    {"ean", N, true},
    {"gln", N, true},
    {"tlf", N, true},
    {"telefon", N, false},
    {"mobil", N, false},
    {"fax", N, true},
    {"timestamp", N, false},
    {"tidsstempel", N, false},
    {"epoch", N, false},
    {"unix", N, true},
    {"ts=", N, false},
    {"ts:", N, false},
    {"\"ts\"", N, false},
    {"sagsnr", N, false},
    {"sagsnummer", N, false},
    {"journalnr", N, false},
    {"journalnummer", N, false},
    {"j.nr", N, false},
    {"varenr", N, false},
    {"varenummer", N, false},
    {"serienr", N, false},
    {"serienummer", N, false},
    {"løbenr", N, false},
    {"løbenummer", N, false},
    {"referencenr", N, false},
    {"referencenummer", N, false},
    {"ref.nr", N, false},
    {"isbn", N, true},
    {"tracking", N, false},
};

}  // namespace

std::span<const CprKeyword> cpr_keywords() { return kKeywords; }

namespace {

std::string lower(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c + 32);
    } else if (c == 0xC3 && i + 1 < s.size() && (static_cast<unsigned char>(s[i + 1]) == 0x86 ||
                                                 static_cast<unsigned char>(s[i + 1]) == 0x98 ||
                                                 static_cast<unsigned char>(s[i + 1]) == 0x85)) {
      out += static_cast<char>(c);  // Æ Ø Å -> æ ø å: the second byte moves up by 0x20
      out += static_cast<char>(static_cast<unsigned char>(s[++i]) + 0x20);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

bool word_byte(unsigned char c) { return c >= 0x80 || std::isalnum(c); }

}  // namespace

std::optional<Polarity> keyword_polarity_in(std::string_view text) {
  const std::string t = lower(text);
  std::optional<Polarity> found;
  std::size_t found_at = std::string::npos;
  for (const auto& k : kKeywords) {
    for (auto at = t.find(k.text); at != std::string::npos; at = t.find(k.text, at + 1)) {
      if (at > 0 && word_byte(static_cast<unsigned char>(t[at - 1]))) continue;
      const std::size_t end = at + k.text.size();
      if (k.whole_word && end < t.size() && word_byte(static_cast<unsigned char>(t[end]))) continue;
      if (at < found_at) {
        found = k.polarity;
        found_at = at;
      }
      break;
    }
  }
  return found;
}

}  // namespace datavagt
