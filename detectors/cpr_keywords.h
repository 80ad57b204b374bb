#pragma once
// Words near a 10-digit number that tell whether it is a CPR number. Positive words (cpr, personnummer …)
// raise confidence; labels of other 10-digit identifiers (P-nr., fakturanummer, ordrenr., customer no., tariff
// and protocol numbers …) lower it. Matched case-insensitively (æ/ø/å included) as a word start; `whole_word`
// ones also need a word end. In a keyword, `~` stands for the optional mark forms put between the parts of an
// abbreviation: nothing, "-", ".", ". ", " ", "_" or "/" ("fak~nr": faknr, fak-nr, fak.nr, fak. nr, fak nr).
#include <span>
#include <string_view>

namespace datavagt {

enum class Polarity { Positive, Negative };

struct CprKeyword {
  std::string_view text;  // lower case, UTF-8; `~` = an optional separator
  Polarity polarity;
  bool whole_word;
};

std::span<const CprKeyword> cpr_keywords();

}  // namespace datavagt
