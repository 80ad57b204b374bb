#pragma once
// Minimal JSON text helpers for the sinks: strings (non-UTF-8 bytes become U+FFFD), base64, ISO 8601.
#include <cstdint>
#include <string>
#include <string_view>

namespace datavagt::json {

void append_string(std::string& out, std::string_view s);  // with quotes
std::string base64(std::string_view bytes);
std::string iso8601_utc(std::int64_t unix_seconds);  // "2021-03-04T12:00:00Z"

}  // namespace datavagt::json
