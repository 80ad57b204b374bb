#pragma once
// How every output shows a path, a location, a problem's detail or a note: each number in it that could be a
// CPR number has its last four digits masked (detectors/name_scan.h: "Ansøgning 030485-XXXX.txt"), unless the
// user asked for clear paths (`--clear-paths`). The JSONL and terminal sinks, the progress line and the
// scanner's messages on stderr all show paths through one PathDisplay. Immutable value; thread-safe.
#include <string>
#include <string_view>

namespace datavagt {

struct PathDisplay {
  bool clear = false;  // --clear-paths: paths shown as they are

  // `raw` as shown: masked unless clear; every other byte as it is (the caller makes it valid UTF-8).
  std::string operator()(std::string_view raw) const;
  // True when operator() changes `raw`.
  bool masks(std::string_view raw) const;
  // For a terminal: as shown, valid UTF-8 (invalid bytes as U+FFFD), control characters as '?'.
  std::string printable(std::string_view raw) const;
};

}  // namespace datavagt
