#pragma once
// How sure we are that a valid-date 10-digit number is a CPR number: modulus 11 and the exception dates
// give a base; the separator, keywords nearby and the numbers around it move it. Documented weights, a
// pure function, so tests and the README can reason about it.
#include <string_view>

#include "detectors/cpr_validator.h"

namespace datavagt {

struct CprEvidence {
  CprCheck check;
  std::string_view separator;   // "", "-", " ", "/", ".", "\t", " - "
  bool positive_keyword = false;  // within kPositiveBefore bytes before / kPositiveAfter after
  bool negative_keyword = false;  // within kNegativeBefore / kNegativeAfter
  bool identifier = false;        // glued to letters or inside a URL / Message-ID (number_token.h)
  unsigned region_numbers = 1;    // 10-digit numbers within kRegionBytes in the same page and part (this
                                  // one included)
  unsigned region_strong = 0;     // of those, valid CPRs passing mod-11 or on an exception date, and not
                                  // labelled as another kind of id
};

struct CprScoring {
  static constexpr unsigned kPositiveBefore = 80, kPositiveAfter = 40;
  static constexpr unsigned kNegativeBefore = 40, kNegativeAfter = 5;  // labels come before values
  static constexpr unsigned kRegionBytes = 600;
  static constexpr unsigned kRegionMaxNeighbours = 32;

  static constexpr double kBaseMod11 = 0.80;           // passes the checksum
  static constexpr double kBaseExceptionDate = 0.70;   // fails it on a date where such numbers are issued
  static constexpr double kBaseMod11Fail = 0.25;       // fails it elsewhere: needs context
  static constexpr double kBaseReplacement = 0.45;     // day + 60 passing the checksum
  static constexpr double kBaseReplacementFail = 0.25;
  static constexpr double kSpaceSeparator = -0.05;     // "010190 1234" is also how dates + times look
  static constexpr double kOtherSeparator = -0.10;     // "/", ".", tab, " - "
  static constexpr double kPositiveKeyword = +0.30;
  static constexpr double kNegativeKeyword = -0.50;
  static constexpr double kIdentifier = -0.50;          // "abc1503851012", "…-1503851012FF}", "<0703221130p43@…>"
  static constexpr double kMostlyOtherNumbers = -0.35;  // >= 5 numbers around, under half of them strong
  static constexpr double kMostlyCprs = +0.30;          // a table: >= 5 numbers around, >= 80 % strong,
                                                        // and no label of another id on this one, nor glued
};

// A valid CPR (or replacement) that passes mod-11 or sits on an exception date. (The detector also leaves
// out numbers labelled as another id or glued into an identifier when it counts the strong ones.)
bool is_strong_cpr(const CprCheck& c);

double cpr_confidence(const CprEvidence& e);

}  // namespace datavagt
