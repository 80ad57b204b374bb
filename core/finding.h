#pragma once
// One kind of personal data found at one location. Carries no clear-text personal data: the value is
// masked, the identity is a keyed fingerprint, the context snippet has every CPR-like number masked.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/position.h"

namespace datavagt {

enum class FindingKind {
  Cpr,             // a Danish CPR number
  CprReplacement,  // an erstatningspersonnummer (day + 60): identifies a person, lower severity
};

std::string_view to_string(FindingKind k);

struct Finding {
  FindingKind kind = FindingKind::Cpr;
  std::vector<std::string> members;  // member chain inside the on-disk file (empty = the file itself)
  std::string masked;                // "010190-XXXX"
  std::string fingerprint;           // lowercase hex HMAC-SHA256 of the normalised value
  double confidence = 0;             // 0..1
  Position where;                    // of the first occurrence
  std::uint64_t offset = 0;          // byte offset of the first occurrence in the item's extracted text
  std::string context;               // masked snippet around the first occurrence (valid UTF-8)
  std::uint32_t count = 1;           // occurrences of this value in this item
};

}  // namespace datavagt
