#include "reports/store/review_book.h"

#include <algorithm>

namespace datavagt::store {

ReviewBook::ReviewBook(std::vector<ReviewRecord> reviews, std::set<PathKey> present)
    : reviews_(std::move(reviews)), present_(std::move(present)) {
  std::sort(reviews_.begin(), reviews_.end(), [](const ReviewRecord& a, const ReviewRecord& b) {
    return a.content_hash != b.content_hash ? a.content_hash < b.content_hash : a.id < b.id;
  });
}

const ReviewRecord* ReviewBook::decision(const ContentHash& content, const FindingKey* key,
                                         const PathKey& path) const {
  auto first = std::lower_bound(reviews_.begin(), reviews_.end(), content,
                                [](const ReviewRecord& r, const ContentHash& c) { return r.content_hash < c; });
  const ReviewRecord* found = nullptr;
  for (auto it = first; it != reviews_.end() && it->content_hash == content; ++it) {
    if (it->finding_key && (key == nullptr || *it->finding_key != *key)) continue;
    const bool applies = it->state == ReviewState::FalsePositive || it->path_key == path ||
                         present_.count(it->path_key) == 0;
    if (applies) found = &*it;  // ordered by id: the last applicable is the newest
  }
  return found;
}

}  // namespace datavagt::store
