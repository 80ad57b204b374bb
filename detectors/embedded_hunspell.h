#pragma once
// The Danish Hunspell dictionary (Debian's hunspell-da, /usr/share/hunspell/da_DK.*) compiled into the
// program: its affix file as shipped, and its word list normalised and sorted by make_lexicon
// (hunspell_lexicon.h). Read-only data; a copied binary needs no data files.
#include <string_view>

namespace datavagt {

std::string_view embedded_danish_affixes();
std::string_view embedded_danish_lexicon();

}  // namespace datavagt
