#include "extractors/byte_source.h"

#include <algorithm>
#include <cstring>

namespace datavagt {

Result<std::size_t> MemorySource::read(std::span<char> buf) {
  const std::size_t n = std::min(buf.size(), bytes_.size() - pos_);
  if (n == 0) return n;  // an empty view may have no data pointer: memcpy from null is undefined even for 0 bytes
  std::memcpy(buf.data(), bytes_.data() + pos_, n);
  pos_ += n;
  return n;
}

Result<std::size_t> PrefixedSource::read(std::span<char> buf) {
  if (!rewound_ && pos_ < prefix_.size()) {
    const std::size_t n = std::min(buf.size(), prefix_.size() - pos_);
    std::memcpy(buf.data(), prefix_.data() + pos_, n);
    pos_ += n;
    return n;
  }
  return rest_.read(buf);
}

Result<bool> PrefixedSource::rewind() {
  rewound_ = true;
  return rest_.rewind();
}

Result<std::size_t> read_fully(ByteSource& in, std::span<char> buf) {
  std::size_t got = 0;
  while (got < buf.size()) {
    auto n = in.read(buf.subspan(got));
    if (!n) return n.problem();
    if (*n == 0) break;
    got += *n;
  }
  return got;
}

Result<bool> read_up_to(ByteSource& in, std::size_t max, std::string& out, std::size_t chunk) {
  std::string buf(std::max<std::size_t>(chunk, 1), '\0');
  const std::size_t limit = out.size() + max;
  for (;;) {
    auto n = in.read(buf);
    if (!n) return n.problem();
    if (*n == 0) return true;
    if (*n > limit - out.size()) {
      out.append(buf, 0, limit - out.size());
      return false;
    }
    out.append(buf, 0, *n);
  }
}

}  // namespace datavagt
