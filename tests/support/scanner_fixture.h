#pragma once
// What the scanner's tests (tests/scanner/) share: a fixture with the default rule set (compiled once per test
// program), the test key, the test's "today", and default Limits a test may change before it scans; and a
// verdict as lines, to compare two verdicts whole.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/file_verdict.h"
#include "detectors/ruleset.h"
#include "tests/support/scan_text.h"

namespace datavagt::testing {

class ScannerFixture : public ::testing::Test {
 protected:
  ScannerFixture() : fp_(kTestKey), ctx_{options_, fp_, limits_} {
    options_.today = kTestToday;
    static const auto shared = Ruleset::build_default();
    rules_ = shared.value();
  }
  DetectOptions options_;
  Fingerprinter fp_;
  Limits limits_;
  DetectContext ctx_;
  std::shared_ptr<const Ruleset> rules_;
};

// Everything a report shows of a verdict, in order, one line each: its format, every finding (kind, member
// chain, masked value, fingerprint, confidence, page, part, offset, context, count, time, terms), problem and
// note. Not text_bytes (what was fed to the matcher: less when copies are not extracted again).
std::vector<std::string> verdict_lines(const FileVerdict& v);

}  // namespace datavagt::testing
