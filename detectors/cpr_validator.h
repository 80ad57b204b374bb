#pragma once
// The rules of the CPR number (../shared/reference/cpr.md): birth date DDMMYY, century from the seventh
// digit, modulus 11 as evidence (not a verdict: numbers issued since 2007 may fail it), the 26 birth dates
// on which failing numbers have been issued, and replacement numbers (day + 60). Pure functions.
#include <optional>
#include <string>
#include <string_view>

#include "detectors/civil_date.h"

namespace datavagt {

enum class CprShape {
  NotCpr,       // no valid birth date (or in the future)
  Cpr,          // a valid birth date
  Replacement,  // erstatningspersonnummer: the day plus 60 gives a valid birth date
};

struct CprCheck {
  CprShape shape = CprShape::NotCpr;
  bool mod11 = false;           // the weighted digit sum is divisible by 11
  bool exception_date = false;  // a birth date on which CPR numbers failing mod-11 have been issued
  CivilDate birth;
};

// `digits`: exactly ten ASCII digits. `today`: dates after it are invalid.
CprCheck check_cpr(std::string_view digits, const CivilDate& today);

// "010190-1234", "010190 1234", "0101901234" … -> "0101901234"; nullopt unless exactly ten digits remain
// after removing the separators a CPR may be written with.
std::optional<std::string> normalise_cpr(std::string_view written);

bool passes_mod11(std::string_view digits);
// The full year for two-digit year `yy` and the seventh digit; 0 if the combination is never issued.
int cpr_century_year(int yy, int seventh_digit);
bool is_mod11_exception_date(const CivilDate& d);

}  // namespace datavagt
