#pragma once
// Datavagt's JSON Lines as the tests read them, as every reader of them must (README "JSON Lines"): the
// scan-start and scan-end records apart from the others, and a last line cut short (a killed scan) skipped
// with a warning. A line that is not JSON anywhere else throws (nlohmann::json::parse_error).
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace datavagt::testing {

struct JsonlRun {
  nlohmann::json start;                  // the scan-start record; null if there is none
  nlohmann::json end;                    // the scan-end record; null if the scan did not finish
  std::vector<nlohmann::json> records;   // findings, errors and notes, in order
  std::vector<std::string> warnings;     // what was skipped, also printed on stderr
};

JsonlRun parse_jsonl(std::string_view text);
// parse_jsonl(text).records
std::vector<nlohmann::json> jsonl_records(std::string_view text);

}  // namespace datavagt::testing
