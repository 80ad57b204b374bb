#pragma once
// Runs the default rule set over a string, in chunks of a chosen size, as the scanner would.
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "detectors/civil_date.h"

namespace datavagt::testing {

inline constexpr CivilDate kTestToday{2026, 11, 29};
inline constexpr char kTestKey[] = "test-key";

std::vector<Finding> scan_text(std::string_view text, std::size_t chunk_bytes = 1 << 20,
                               double min_confidence = 0.5, CivilDate today = kTestToday);

// A mod-11-valid CPR with the given DDMMYY and first sequence digit (found by search, independently of the
// validator under test).
std::string valid_cpr(std::string_view ddmmyy, char first_sequence_digit = '1');
// One that fails mod-11.
std::string invalid_mod11_cpr(std::string_view ddmmyy, char first_sequence_digit = '1');

}  // namespace datavagt::testing
