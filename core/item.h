#pragma once
// What we know about an item before reading it: where it is, how big, how old, who owns it.
#include <cstdint>

#include "core/location.h"

namespace datavagt {

struct ItemInfo {
  Location location;
  std::uint64_t size = 0;
  std::int64_t mtime = 0;  // seconds since the epoch (file mtime, or a message's Date for mail items)
  std::uint32_t owner_uid = 0;
  std::uint32_t mode = 0;  // st_mode permission bits
  unsigned depth = 0;      // 0 = on-disk file

  // A member of this item (an archive entry, an attachment, an embedded object) at `where`, `size` bytes:
  // one level deeper, with the container's time, owner and mode (a member has no file metadata of its own).
  ItemInfo member(Location where, std::uint64_t member_size) const {
    ItemInfo m = *this;
    m.location = std::move(where);
    m.size = member_size;
    m.depth = depth + 1;
    return m;
  }
};

}  // namespace datavagt
