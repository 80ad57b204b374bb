#pragma once
// Members already scanned in this run, in any file: the same attachment in 500 mails, one picture pasted into
// every letter of a folder, the copy of a report zipped in each case file. SeenMembers (seen_members.h) matches
// copies inside one on-disk file; this is the run-wide level behind it, so a copy met in another file is not
// extracted (nor OCRed) again: what the first copy gave is reported at the copy's place, as if scanned there.
//
// What is kept: only members whose results do not depend on the moment or the file they were in — scanned
// whole, within their file's budget, without a transient problem (core/problem.h), and looked up at the same
// nesting depth (a copy one level deeper could meet Limits::max_depth sooner). Member times are kept as times,
// not as "the container's", so a copy in a file of another date gets its own file's time where the first
// copy had its file's.
//
// Memory is bounded: entries are kept in two generations of at most `max_bytes` (estimated) each; when the
// newer one is full the older is dropped, so what was met recently stays. A member that gave nothing costs a
// few dozen bytes. Thread-safe (the walk's threads and member tasks share one).
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <shared_mutex>
#include <utility>

#include "core/file_verdict.h"
#include "scanner/seen_members.h"

namespace datavagt {

class KnownMembers {
 public:
  explicit KnownMembers(std::size_t max_bytes = std::size_t{32} << 20) : max_bytes_(max_bytes) {}
  KnownMembers(const KnownMembers&) = delete;
  KnownMembers& operator=(const KnownMembers&) = delete;

  // When a copy of these bytes was scanned at this depth in an earlier file of the run (or another task of
  // this one), appends its results to `v` as the member at `at`, and returns true.
  bool copy_if_known(const SeenMembers::Digest& d, const ItemInfo& at, FileVerdict& v) const;
  // Remembers `m`, the results of scanning the member at `at` in the file of `v`, when they are kept (above).
  void remember(const SeenMembers::Digest& d, const ItemInfo& at, const FileVerdict& v, const ScannedMember& m);

  struct Counts {
    std::uint64_t copies = 0;  // members not extracted: taken from here
    std::uint64_t kept = 0;    // entries remembered (over the run)
  };
  Counts counts() const;

 private:
  using Key = std::pair<SeenMembers::Digest, unsigned>;  // the bytes, the depth
  struct Generation {
    std::map<Key, ScannedMember> members;
    std::size_t bytes = 0;
  };

  const std::size_t max_bytes_;
  mutable std::shared_mutex mutex_;
  Generation newer_, older_;
  mutable std::atomic<std::uint64_t> copies_{0};
  std::uint64_t kept_ = 0;
};

}  // namespace datavagt
