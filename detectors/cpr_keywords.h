#pragma once
// Words near a 10-digit number that tell whether it is a CPR number. Positive words (cpr, personnummer …)
// raise confidence; labels of other 10-digit identifiers (P-nr., fakturanummer, ordrenr. …) lower it.
// Matched case-insensitively (æ/ø/å included) as a word start; `whole_word` ones also need a word end.
#include <optional>
#include <span>
#include <string_view>

namespace datavagt {

enum class Polarity { Positive, Negative };

struct CprKeyword {
  std::string_view text;  // lower case, UTF-8
  Polarity polarity;
  bool whole_word;
};

std::span<const CprKeyword> cpr_keywords();

// The polarity of the first keyword found in `text` (e.g. a column header), with the same word rules as
// in running text; nullopt if none. Case-insensitive for ASCII and æ/ø/å.
std::optional<Polarity> keyword_polarity_in(std::string_view text);

}  // namespace datavagt
