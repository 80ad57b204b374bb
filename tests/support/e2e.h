#pragma once
// What every end-to-end test (tests/e2e/) shares: the datavagt program under test, the source tree, shell quoting
// for the command lines the tests run, and the support the tests use everywhere (TempDir, run, read_file). The
// tests live in namespace datavagt::e2e, so these names need no qualification there.
//
// Header-only: DATAVAGT_BIN and DATAVAGT_SOURCE_DIR are defined for each test program (tests/CMakeLists.txt), not for
// the support library.
#include <string>
#include <string_view>

#include "tests/support/jsonl_records.h"
#include "tests/support/temp_dir.h"

namespace datavagt::e2e {

using testing::read_file;
using testing::run;
using testing::TempDir;

// The datavagt program built with the tests, and the source tree (fixtures, corpus/, bench/ scripts).
inline const std::string kBin = DATAVAGT_BIN;
inline const std::string kSource = DATAVAGT_SOURCE_DIR;

// `s` in single quotes, one word for the shell (the tests' paths hold no single quote).
inline std::string q(const std::string& s) { return "'" + s + "'"; }

// Base64 decoded (a record's path_bytes): stops at the first byte outside the alphabet ('=' padding included).
inline std::string unbase64(const std::string& in) {
  static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned bits = 0;
  int have = 0;
  for (const char c : in) {
    const auto at = kAlphabet.find(c);
    if (at == std::string_view::npos) break;
    bits = (bits << 6) | static_cast<unsigned>(at);
    have += 6;
    if (have >= 8) {
      have -= 8;
      out += static_cast<char>((bits >> have) & 0xFF);
    }
  }
  return out;
}

}  // namespace datavagt::e2e
