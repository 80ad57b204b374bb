#include "tests/support/jsonl_records.h"

#include <cstdio>

namespace datavagt::testing {

JsonlRun parse_jsonl(std::string_view text) {
  JsonlRun run;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t nl = text.find('\n', at);
    const std::string_view line = text.substr(at, nl == std::string_view::npos ? std::string_view::npos : nl - at);
    at = nl == std::string_view::npos ? text.size() : nl + 1;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    nlohmann::json j;
    if (nl == std::string_view::npos) {  // no newline after it: perhaps cut short
      j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded()) {
        run.warnings.push_back("skipped an incomplete last line (" + std::to_string(line.size()) + " bytes)");
        std::fprintf(stderr, "warning: %s\n", run.warnings.back().c_str());
        break;
      }
    } else {
      j = nlohmann::json::parse(line);
    }
    const auto kind = j.value("kind", "");
    if (kind == "scan-start")
      run.start = std::move(j);
    else if (kind == "scan-end")
      run.end = std::move(j);
    else
      run.records.push_back(std::move(j));
  }
  if (!run.start.is_null() && run.end.is_null()) {
    run.warnings.push_back("no scan-end record: the scan did not finish");
    std::fprintf(stderr, "warning: %s\n", run.warnings.back().c_str());
  }
  return run;
}

std::vector<nlohmann::json> jsonl_records(std::string_view text) { return parse_jsonl(text).records; }

}  // namespace datavagt::testing
