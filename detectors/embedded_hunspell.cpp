// The files are pulled in by the assembler (.incbin): no multi-megabyte array for the compiler to parse.
// DATAVAGT_DA_AFF / DATAVAGT_DA_LEXICON are their paths (detectors/CMakeLists.txt); the stamp header holds a
// hash of their contents, so a compiler cache never serves an object built from other data.
#include "detectors/embedded_hunspell.h"

#include "detectors/inflector.h"
#include "hunspell_data_stamp.h"

#define DATAVAGT_INCBIN(name, path)                         \
  asm(".pushsection .rodata\n"                              \
      ".balign 16\n"                                        \
      ".globl " #name "_begin\n" #name "_begin:\n"          \
      ".incbin \"" path "\"\n"                              \
      ".globl " #name "_end\n" #name "_end:\n"              \
      ".byte 0\n"                                           \
      ".popsection\n")

DATAVAGT_INCBIN(datavagt_da_aff, DATAVAGT_DA_AFF);
DATAVAGT_INCBIN(datavagt_da_lexicon, DATAVAGT_DA_LEXICON);

extern "C" {
extern const char datavagt_da_aff_begin[], datavagt_da_aff_end[];
extern const char datavagt_da_lexicon_begin[], datavagt_da_lexicon_end[];
}

namespace datavagt {

static_assert(sizeof(DATAVAGT_HUNSPELL_DATA_STAMP) > 1, "the stamp names the data");

std::string_view embedded_danish_affixes() {
  return {datavagt_da_aff_begin, static_cast<std::size_t>(datavagt_da_aff_end - datavagt_da_aff_begin)};
}

std::string_view embedded_danish_lexicon() {
  return {datavagt_da_lexicon_begin, static_cast<std::size_t>(datavagt_da_lexicon_end - datavagt_da_lexicon_begin)};
}

// Defined here, not in inflector.cpp: the build tool that makes the embedded data links the Inflector too.
Result<std::shared_ptr<const Inflector>> Inflector::danish() {
  auto affixes = HunspellAffixes::parse(embedded_danish_affixes());
  if (!affixes) return affixes.problem();
  return std::make_shared<const Inflector>(std::move(*affixes), HunspellLexicon(embedded_danish_lexicon()));
}

}  // namespace datavagt
