#pragma once
// The result for one on-disk file, with everything nested in it: what was found, what went wrong, how long
// it took. One FileVerdict per file reached by the walk (also for files that could not be opened), and one
// per folder that has something to report of its own (`directory`: a CPR number in its name, a folder that
// could not be listed, a root that looks like an unmounted share).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "core/item.h"
#include "core/overdue.h"
#include "core/problem.h"

namespace datavagt {

// The policy flags, as JSON Lines and the store write them.
inline constexpr std::string_view kFlagMisplaced = "misplaced";
inline constexpr std::string_view kFlagOverdue = "overdue";

struct FileVerdict {
  ItemInfo info;                    // info.location.path is the on-disk path
  bool directory = false;           // a folder: only its name and listing were looked at
  std::string format;               // sniffed format name ("text", "html", ...), empty if never opened
  bool has_text = true;             // false for formats without a text layer (images, executables)
  std::uint64_t bytes_read = 0;     // raw bytes read from disk
  std::uint64_t text_bytes = 0;     // extracted text fed to the detectors
  std::vector<Finding> findings;
  std::vector<Problem> problems;
  // The policy verdict (scanner/policy), only for a file holding personal data (a finding at or above the
  // thresholds): nothing of it is looked up for a clean file. `flags` holds kFlagMisplaced and/or
  // kFlagOverdue (with --policy); the owner always, the rest with --policy.
  std::vector<std::string> flags;
  // The file's own content past its retention rule, judged on its mtime (set when some finding has no date
  // of its own; a mail item's verdict is on its findings: Finding::overdue). `flags` has "overdue" when this
  // or any finding's is set.
  std::optional<Overdue> overdue;
  std::vector<std::string> misplaced;  // why it is misplaced: "forbidden: share/Fælles/**", "readable by Everyone"
  std::string owner;                   // the owner's name (uid, or on a CIFS mount the owner SID), or "uid 1234"
  std::string department;              // from the policy's first matching [[department]]
  std::string responsible;             // that department's responsible person
  std::string responsible_email;
  // What extractors said about the content that is not a problem ("bilag.pdf: 3 of 4 pages without text
  // (scanned images?)"), each prefixed with the member it is about; never content.
  std::vector<std::string> notes;
  double seconds = 0;               // wall time spent on this file

  bool has_flag(std::string_view flag) const {
    for (const auto& f : flags)
      if (f == flag) return true;
    return false;
  }
};

}  // namespace datavagt
