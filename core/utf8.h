#pragma once
// Small UTF-8 helpers shared by extractors, detectors and reports. Pure functions, thread-safe.
#include <cstddef>
#include <string>
#include <string_view>

namespace datavagt::utf8 {

// Length of the longest prefix of `s` that is valid UTF-8 (stops at the first invalid or incomplete sequence).
std::size_t valid_prefix(std::string_view s);
inline bool is_valid(std::string_view s) { return valid_prefix(s) == s.size(); }

// Appends `s` to `out`, replacing each invalid byte with U+FFFD.
// True if `s` (1-3 bytes) is the start of a multi-byte sequence that more bytes could complete.
bool is_incomplete_sequence(std::string_view s);

void append_lossy(std::string& out, std::string_view s);

// Largest index <= i that does not fall inside a multi-byte sequence (s assumed valid UTF-8).
std::size_t floor_boundary(std::string_view s, std::size_t i);
// Smallest index >= i that does not fall inside a multi-byte sequence.
std::size_t ceil_boundary(std::string_view s, std::size_t i);

// `s` with a partial sequence cut off at either end (for byte windows taken from valid UTF-8 text).
std::string_view trim_partial(std::string_view s);

void append_code_point(std::string& out, char32_t cp);

}  // namespace datavagt::utf8
