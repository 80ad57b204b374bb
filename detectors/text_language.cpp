#include "detectors/text_language.h"

#include <algorithm>
#include <array>

namespace datavagt {

namespace {

// The commonest little words of each language, none shared between them (Danish "et", "sit", "i" are also
// Latin or English and are left out of those lists; "in" and "a" are in none).
constexpr std::array<std::string_view, 52> kDanish = {
    "og",   "at",    "er",   "det",  "til",  "på",   "har",   "med",  "af",    "ikke",  "der",   "som",  "den",
    "de",   "han",   "hun",  "vi",   "jeg",  "kan",  "skal",  "vil",  "blev",  "være",  "fra",   "efter", "om",
    "eller", "også", "sig",  "sin",  "ved",  "var",  "men",   "så",   "når",   "hos",   "dem",   "denne", "dette",
    "disse", "hendes", "hans", "hvor", "hvad", "bliver", "været", "mellem", "samt", "kun", "hvis", "nu", "får"};
constexpr std::array<std::string_view, 48> kEnglish = {
    "the",   "and",  "of",    "to",    "is",    "that",  "for",   "with",  "on",    "are",   "this",  "be",
    "by",    "from", "as",    "it",    "an",    "or",    "was",   "which", "were",  "not",   "have",  "has",
    "will",  "can't", "you",  "your",  "we",    "our",   "their", "they",  "these", "those", "been",  "would",
    "should", "there", "its", "into",  "than",  "other", "also",  "may",   "such",  "each",  "when",  "what"};
constexpr std::array<std::string_view, 60> kLatin = {
    "lorem",   "ipsum",     "dolor",   "amet",     "consectetur", "adipiscing", "elit",     "sed",      "eiusmod",
    "tempor",  "incididunt", "ut",     "labore",   "dolore",      "magna",      "aliqua",   "enim",     "minim",
    "veniam",  "quis",      "nostrud", "exercitation", "ullamco", "laboris",    "nisi",     "aliquip",  "ex",
    "ea",      "commodo",   "consequat", "duis",   "aute",        "irure",      "reprehenderit", "voluptate", "velit",
    "esse",    "cillum",    "eu",      "fugiat",   "nulla",       "pariatur",   "excepteur", "sint",    "occaecat",
    "cupidatat", "non",     "proident", "sunt",    "culpa",       "qui",        "officia",  "deserunt", "mollit",
    "anim",    "est",       "laborum", "vitae",    "nec",         "quam"};

template <std::size_t N>
bool in(const std::array<std::string_view, N>& words, std::string_view w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

bool is_letter_byte(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80; }
bool is_token_byte(unsigned char c) { return is_letter_byte(c) || (c >= '0' && c <= '9') || c == '_' || c == '\''; }

}  // namespace

void LanguageSample::add(std::string_view text) {
  if (full()) return;
  sample_.append(text.substr(0, kSampleBytes - sample_.size()));
}

TextLanguage LanguageSample::guess() const { return guess_language(sample_); }

TextLanguage guess_language(std::string_view text) {
  std::size_t danish = 0, foreign = 0, tokens = 0, identifiers = 0;
  std::string word;
  for (std::size_t i = 0; i < text.size();) {
    if (!is_token_byte(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && is_token_byte(static_cast<unsigned char>(text[j]))) ++j;
    const std::string_view token = text.substr(i, j - i);
    i = j;
    ++tokens;
    // An identifier: an underscore, or letters and digits mixed ("GLIBC_2", "x86", "0x1F"), or a capital
    // after a small letter ("getValue").
    bool letters = false, digits = false, underscore = false, camel = false;
    for (std::size_t k = 0; k < token.size(); ++k) {
      const auto c = static_cast<unsigned char>(token[k]);
      letters = letters || is_letter_byte(c);
      digits = digits || (c >= '0' && c <= '9');
      underscore = underscore || c == '_';
      camel = camel || (k > 0 && c >= 'A' && c <= 'Z' && token[k - 1] >= 'a' && token[k - 1] <= 'z');
    }
    if (underscore || (letters && digits) || camel) {
      ++identifiers;
      continue;
    }
    if (!letters || token.size() > 16) continue;
    word.assign(token);
    for (char& c : word)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    // Æ Ø Å in capitals (C3 86/98/85) to lower case, for "PÅ", "SÅ", "FÅR".
    for (std::size_t k = 0; k + 1 < word.size(); ++k)
      if (static_cast<unsigned char>(word[k]) == 0xC3) {
        const auto n = static_cast<unsigned char>(word[k + 1]);
        if (n >= 0x80 && n <= 0x9E && n != 0x97) word[k + 1] = static_cast<char>(n + 0x20);
      }
    if (in(kDanish, word)) ++danish;
    else if (in(kEnglish, word) || in(kLatin, word)) ++foreign;
  }
  // Clearly another language: several foreign little words, and at least three times the Danish ones.
  if (foreign >= 4 && foreign >= 3 * danish) return TextLanguage::Foreign;
  // A program's strings: mostly identifiers and hardly a little word of any language.
  if (tokens >= 40 && identifiers * 10 >= tokens * 3 && (danish + foreign) * 50 < tokens) return TextLanguage::Strings;
  return TextLanguage::Danish;
}

}  // namespace datavagt
