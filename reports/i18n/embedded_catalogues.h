#pragma once
// The catalogues of po/, compiled into the program at build time (cmake/embed_text.cmake), so a copied
// binary needs no locale and no .mo file.
#include <string_view>

namespace datavagt::i18n {

std::string_view danish_po();  // po/da.po

}  // namespace datavagt::i18n
