#pragma once
// Which review decision applies to a finding now. Decisions are keyed on the content (its SHA-256) and the
// finding's identity in it, so they survive rescans while the content is unchanged, and a changed file comes
// back open. A decision applies to a file with that content when:
//  - it is `false-positive` (a fact about the content: it holds in every copy), or
//  - it was made at this very path, or
//  - the path it was made at holds no file any more (the file was moved or renamed: the decision follows it).
// A copy elsewhere of content marked `handled` or `accepted` at a path that still exists stays open: it is
// another place, to be judged on its own. The newest applicable decision wins; one about the whole file
// applies to each of its findings. Immutable after construction; thread-safe.
#include <set>
#include <vector>

#include "reports/store/store.h"

namespace datavagt::store {

class ReviewBook {
 public:
  // `present`: the path keys of the files present now.
  ReviewBook(std::vector<ReviewRecord> reviews, std::set<PathKey> present);

  // The decision for finding `key` (nullptr: the file as a whole) of `content` at `path`; nullptr = open.
  const ReviewRecord* decision(const ContentHash& content, const FindingKey* key, const PathKey& path) const;
  ReviewState state(const ContentHash& content, const FindingKey* key, const PathKey& path) const {
    const ReviewRecord* r = decision(content, key, path);
    return r != nullptr ? r->state : ReviewState::Open;
  }

 private:
  std::vector<ReviewRecord> reviews_;  // by content hash, then id
  std::set<PathKey> present_;
};

}  // namespace datavagt::store
