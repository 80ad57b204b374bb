#pragma once
// The result for one on-disk file, with everything nested in it: what was found, what went wrong, how long
// it took. One FileVerdict per file reached by the walk (also for files that could not be opened), and one
// per folder that has something to report of its own (`directory`: a CPR number in its name, a folder that
// could not be listed, a root that looks like an unmounted share).
#include <cstdint>
#include <string>
#include <vector>

#include "core/finding.h"
#include "core/item.h"
#include "core/problem.h"

namespace datavagt {

struct FileVerdict {
  ItemInfo info;                    // info.location.path is the on-disk path
  bool directory = false;           // a folder: only its name and listing were looked at
  std::string format;               // sniffed format name ("text", "html", ...), empty if never opened
  bool has_text = true;             // false for formats without a text layer (images, executables)
  std::uint64_t bytes_read = 0;     // raw bytes read from disk
  std::uint64_t text_bytes = 0;     // extracted text fed to the detectors
  std::vector<Finding> findings;
  std::vector<Problem> problems;
  std::vector<std::string> flags;   // policy flags (overdue, misplaced) — filled by scanner/policy
  // What extractors said about the content that is not a problem ("bilag.pdf: 3 of 4 pages without text
  // (scanned images?)"), each prefixed with the member it is about; never content.
  std::vector<std::string> notes;
  double seconds = 0;               // wall time spent on this file
};

}  // namespace datavagt
