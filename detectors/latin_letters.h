#pragma once
// The Latin-1 letters Danish text uses, in their other forms: canonical composition and decomposition
// (Unicode NFC / NFD: å, é, ü, ö …; æ, ø and ß have no decomposition) and lower case. Text from macOS file
// names, some PDFs and web forms is NFD ("a" + U+030A ring); the term matcher compiles each term in both
// forms. Pure, thread-safe.
#include <string>
#include <string_view>

namespace datavagt {

// Every precomposed Latin-1 letter replaced by base letter + combining mark. Other text unchanged.
std::string to_nfd_latin(std::string_view utf8);
// Every base letter + combining mark that has a precomposed Latin-1 letter composed. Other text unchanged.
std::string to_nfc_latin(std::string_view utf8);
// ASCII and Latin-1 capitals (À..Þ, not ×) in lower case; every other byte unchanged (lengths kept).
std::string fold_case_latin(std::string_view utf8);
// ASCII and Latin-1 small letters (à..þ, not ÷ and ÿ) in capitals; every other byte unchanged (lengths kept).
std::string upper_case_latin(std::string_view utf8);
// fold_case_latin into `out` (its buffer reused: the term matcher folds the text at every hit).
void fold_case_latin_into(std::string_view utf8, std::string& out);

}  // namespace datavagt
