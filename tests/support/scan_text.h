#pragma once
// Runs a rule set over a string, in chunks of a chosen size, as the scanner would.
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "detectors/civil_date.h"
#include "detectors/ruleset.h"

namespace datavagt::testing {

inline constexpr CivilDate kTestToday{2026, 11, 29};
inline constexpr char kTestKey[] = "test-key";

// The CPR detector alone (the CPR tests are not disturbed by dictionary changes).
std::vector<Finding> scan_text(std::string_view text, std::size_t chunk_bytes = 1 << 20,
                               double min_confidence = 0.5, CivilDate today = kTestToday);

// Any rule set; `min_score` for the sensitive kinds.
std::vector<Finding> scan_with(const Ruleset& rules, std::string_view text, std::size_t chunk_bytes = 1 << 20,
                               double min_score = 0.0);
// The shipped rule set (CPR and the built-in dictionaries), built once.
const Ruleset& default_rules();

// A mod-11-valid CPR with the given DDMMYY and first sequence digit (found by search, independently of the
// validator under test).
std::string valid_cpr(std::string_view ddmmyy, char first_sequence_digit = '1');
// One that fails mod-11.
std::string invalid_mod11_cpr(std::string_view ddmmyy, char first_sequence_digit = '1');

}  // namespace datavagt::testing
