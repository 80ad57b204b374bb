#include "scanner/known_members.h"

#include <algorithm>
#include <mutex>

namespace datavagt {

namespace {

// Whether what a member gave may stand for its copies in other files: nothing that depends on the moment.
bool keepable(const ScannedMember& m) { return std::none_of(m.problems.begin(), m.problems.end(), is_transient); }

}  // namespace

bool KnownMembers::copy_if_known(const SeenMembers::Digest& d, const ItemInfo& at, FileVerdict& v) {
  const Key key{d, at.depth};
  {
    std::shared_lock lock(mutex_);
    const ScannedMember* m = nullptr;
    if (auto it = newer_.members.find(key); it != newer_.members.end()) m = &it->second;
    else if (auto old = older_.members.find(key); old != older_.members.end()) m = &old->second;
    if (m != nullptr) {
      m->append_as(at, v);
      copies_.fetch_add(1, std::memory_order_relaxed);
      return true;
    }
  }
  if (archive_ == nullptr) return false;
  std::optional<ScannedMember> stored = archive_->find(d, at.depth);
  if (!stored) return false;
  stored->append_as(at, v);
  copies_.fetch_add(1, std::memory_order_relaxed);
  archived_.fetch_add(1, std::memory_order_relaxed);
  std::unique_lock lock(mutex_);
  if (newer_.members.count(key) == 0 && older_.members.count(key) == 0) (void)insert_locked(key, std::move(*stored));
  return true;
}

void KnownMembers::remember(const SeenMembers::Digest& d, const ItemInfo& at, const FileVerdict& v,
                            const ScannedMember& m) {
  if (!keepable(m)) return;
  ScannedMember kept = m.with_absolute_times(v.info.mtime);
  const Key key{d, at.depth};
  std::optional<ScannedMember> for_archive;
  {
    std::unique_lock lock(mutex_);
    if (newer_.members.count(key) != 0 || older_.members.count(key) != 0) return;
    if (archive_ != nullptr) for_archive = kept;  // once per key: the first to get here
    if (insert_locked(key, std::move(kept))) ++kept_;
  }
  if (for_archive) archive_->keep(d, at.depth, *for_archive);
}

bool KnownMembers::insert_locked(const Key& key, ScannedMember m) {
  const std::size_t bytes = m.estimated_bytes() + sizeof(Key) + 64;  // + the map's node
  if (newer_.bytes + bytes > max_bytes_) {
    older_ = std::move(newer_);
    newer_ = Generation{};
    if (bytes > max_bytes_) return false;
  }
  newer_.members.emplace(key, std::move(m));
  newer_.bytes += bytes;
  return true;
}

KnownMembers::Counts KnownMembers::counts() const {
  std::shared_lock lock(mutex_);
  return Counts{copies_.load(std::memory_order_relaxed), archived_.load(std::memory_order_relaxed), kept_};
}

}  // namespace datavagt
