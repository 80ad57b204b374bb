#include "scanner/known_members.h"

#include <algorithm>
#include <mutex>

namespace datavagt {

namespace {

// Whether what a member gave may stand for its copies in other files: nothing that depends on the moment.
bool keepable(const ScannedMember& m) { return std::none_of(m.problems.begin(), m.problems.end(), is_transient); }

}  // namespace

bool KnownMembers::copy_if_known(const SeenMembers::Digest& d, const ItemInfo& at, FileVerdict& v) const {
  const Key key{d, at.depth};
  std::shared_lock lock(mutex_);
  const ScannedMember* m = nullptr;
  if (auto it = newer_.members.find(key); it != newer_.members.end()) m = &it->second;
  else if (auto old = older_.members.find(key); old != older_.members.end()) m = &old->second;
  if (m == nullptr) return false;
  m->append_as(at, v);
  copies_.fetch_add(1, std::memory_order_relaxed);
  return true;
}

void KnownMembers::remember(const SeenMembers::Digest& d, const ItemInfo& at, const FileVerdict& v,
                            const ScannedMember& m) {
  if (!keepable(m)) return;
  ScannedMember kept = m.with_absolute_times(v.info.mtime);
  const std::size_t bytes = kept.estimated_bytes() + sizeof(Key) + 64;  // + the map's node
  const Key key{d, at.depth};
  std::unique_lock lock(mutex_);
  if (newer_.members.count(key) != 0 || older_.members.count(key) != 0) return;
  if (newer_.bytes + bytes > max_bytes_) {
    older_ = std::move(newer_);
    newer_ = Generation{};
    if (bytes > max_bytes_) return;
  }
  newer_.members.emplace(key, std::move(kept));
  newer_.bytes += bytes;
  ++kept_;
}

KnownMembers::Counts KnownMembers::counts() const {
  std::shared_lock lock(mutex_);
  return Counts{copies_.load(std::memory_order_relaxed), kept_};
}

}  // namespace datavagt
