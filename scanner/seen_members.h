#pragma once
// Members already scanned in one on-disk file, by the SHA-256 of their bytes: an identical copy (the same
// attachment in ten mails, the sixteen copies in each layer of a 42.zip-style bomb) is matched once, and
// what the first copy gave (findings and problems, with everything nested in it) is reported again at every
// place a copy occurs. Only members small enough to be read whole before scanning are hashed
// (Limits::dedup_member_bytes): a member must not be buffered just to hash it, and a streamed one could only
// be recognised after it was scanned. Contract: one per ItemScanner (one thread), cleared per file.
#include <array>
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/file_verdict.h"

namespace datavagt {

class SeenMembers {
 public:
  using Digest = std::array<unsigned char, 32>;
  static Digest digest(std::string_view bytes);

  void clear() { seen_.clear(); }
  // When a copy of these bytes was scanned, appends its findings and problems to `v`, moved to `where`
  // (a member chain), and returns true.
  bool copy_if_seen(const Digest& d, const std::vector<std::string>& where, FileVerdict& v) const;
  // Remembers what scanning the member at `where` added to `v`: findings [findings_from, end) and problems
  // [problems_from, end).
  void remember(const Digest& d, std::vector<std::string> where, const FileVerdict& v, std::size_t findings_from,
                std::size_t problems_from);

 private:
  struct First {
    std::vector<std::string> where;
    std::vector<Finding> findings;
    std::vector<Problem> problems;
  };
  std::map<Digest, First> seen_;
};

}  // namespace datavagt
