#pragma once
// Members already scanned in one on-disk file, by the SHA-256 of their bytes: an identical copy (the same
// attachment in ten mails, the sixteen copies in each layer of a 42.zip-style bomb) is matched once, and
// what the first copy gave (findings, problems and notes, with everything nested in it) is reported again at
// every place a copy occurs, as if the copy had been scanned: moved to the copy's place, with the copy's time.
// Only members small enough to be read whole before scanning are hashed (Limits::dedup_member_bytes): a
// member must not be buffered just to hash it, and a streamed one could only be recognised after it was
// scanned. Contract: one per on-disk file being scanned, cleared per file; thread-safe (the member tasks of a
// file, member_tasks.h, share their owner's).
#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/file_verdict.h"

namespace datavagt {

class KnownMembers;

// What scanning one member added to its file's verdict, and where that member was.
struct ScannedMember {
  std::vector<std::string> where;
  std::int64_t mtime = 0;
  std::vector<Finding> findings;
  std::vector<Problem> problems;
  std::vector<std::string> notes;
  // Finding times are times (the first copy's file's time where that was "the file's own", 0): set for a
  // member kept across files (known_members.h), whose copies are in files of other dates.
  bool absolute_times = false;

  // The part of `v` from the given starts on, scanned at `at`.
  static ScannedMember from(const ItemInfo& at, const FileVerdict& v, std::size_t findings_from,
                            std::size_t problems_from, std::size_t notes_from);
  // Appends this member's results to `v` as if the identical member at `at` had been scanned: member chains
  // and note prefixes moved under `at`; a finding time that was the first copy's is the copy's.
  void append_as(const ItemInfo& at, FileVerdict& v) const;
  // This member with absolute finding times, `file_mtime` being the time of the file it was scanned in.
  ScannedMember with_absolute_times(std::int64_t file_mtime) const;
  // Roughly the heap bytes it holds.
  std::size_t estimated_bytes() const;
};

class SeenMembers {
 public:
  using Digest = std::array<unsigned char, 32>;
  static Digest digest(std::string_view bytes);

  // The run's level behind this file's (known_members.h): copies in other files of the run. Set once, before use.
  void set_run_wide(KnownMembers* run) { run_ = run; }
  // Forgets this file's members (the run's stay).
  void clear();
  // When a copy of these bytes was scanned (in this file, or in the run at the same depth), appends its results
  // to `v` as the member at `at`, and returns true.
  bool copy_if_seen(const Digest& d, const ItemInfo& at, FileVerdict& v) const;
  // Remembers what scanning the member at `at` added to `v`: findings, problems and notes from the given
  // starts to the end.
  void remember(const Digest& d, const ItemInfo& at, const FileVerdict& v, std::size_t findings_from,
                std::size_t problems_from, std::size_t notes_from);

 private:
  mutable std::mutex mutex_;
  std::map<Digest, ScannedMember> seen_;
  KnownMembers* run_ = nullptr;
};

}  // namespace datavagt
