#pragma once
// The rescan index's look-up: from a file's path key (a keyed hash, so its bytes are already uniformly
// spread) to its position in the index's entries. One flat open-addressing table of positions, built once per
// run before the walk and only read afterwards (concurrent find() is safe). It holds positions, not keys: the
// caller's `key_at` reads the key of a position, so the table stays 4 bytes per slot.
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <vector>

#include "reports/store/store.h"

namespace datavagt {

class PathIndex {
 public:
  // Positions 0..n-1, their keys given by `key_at(position)`. Duplicate keys: the first position wins.
  template <class KeyAt>
  PathIndex(std::size_t n, const KeyAt& key_at) {
    std::size_t size = 16;
    while (size < 2 * n) size *= 2;  // at most half full: short probe chains
    slots_.assign(size, kEmpty);
    mask_ = size - 1;
    for (std::size_t i = 0; i < n; ++i) {
      const store::PathKey& key = key_at(i);
      for (std::size_t s = start(key);; s = (s + 1) & mask_) {
        if (slots_[s] == kEmpty) {
          slots_[s] = static_cast<std::uint32_t>(i);
          break;
        }
        if (key_at(slots_[s]) == key) break;
      }
    }
  }

  template <class KeyAt>
  std::optional<std::size_t> find(const store::PathKey& key, const KeyAt& key_at) const {
    for (std::size_t s = start(key);; s = (s + 1) & mask_) {
      if (slots_[s] == kEmpty) return std::nullopt;
      if (key_at(slots_[s]) == key) return slots_[s];
    }
  }

 private:
  static constexpr std::uint32_t kEmpty = std::numeric_limits<std::uint32_t>::max();
  std::size_t start(const store::PathKey& key) const {
    std::uint64_t h;
    std::memcpy(&h, key.data(), sizeof h);
    return static_cast<std::size_t>(h) & mask_;
  }
  std::vector<std::uint32_t> slots_;
  std::size_t mask_ = 0;
};

}  // namespace datavagt
