#pragma once
// The text a detector may look at while handling a match: the chunk just scanned, plus a short tail of the
// text before it, addressed by absolute offsets in the item's text stream.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/position.h"

namespace datavagt {

class StreamText {
 public:
  // `positions`: where the text changes position (page, part), as (offset, position) in offset order.
  using Positions = std::vector<std::pair<std::uint64_t, Position>>;
  StreamText(std::string_view tail, std::string_view chunk, std::uint64_t chunk_start,
             const Positions* positions = nullptr)
      : tail_(tail), chunk_(chunk), chunk_start_(chunk_start), positions_(positions) {}

  std::uint64_t begin() const { return chunk_start_ - tail_.size(); }
  std::uint64_t end() const { return chunk_start_ + chunk_.size(); }
  bool has(std::uint64_t off) const { return off >= begin() && off < end(); }
  // The byte at `off`, or -1 outside the visible text.
  int at(std::uint64_t off) const {
    if (off >= chunk_start_ && off < end()) return static_cast<unsigned char>(chunk_[off - chunk_start_]);
    if (off >= begin() && off < chunk_start_) return static_cast<unsigned char>(tail_[off - begin()]);
    return -1;
  }
  // The visible part of [from, to), clamped to the visible text.
  std::string slice(std::uint64_t from, std::uint64_t to) const {
    std::string out;
    append_to(out, from, to);
    return out;
  }
  // The same, appended to `out` (no temporary: called for every hit).
  void append_to(std::string& out, std::uint64_t from, std::uint64_t to) const;
  // The position (page, part) of the byte at `off`: a number that began at the end of page 2 is on page 2,
  // even when the match is reported while page 3 is scanned.
  Position position_at(std::uint64_t off) const {
    if (positions_)
      for (auto it = positions_->rbegin(); it != positions_->rend(); ++it)
        if (it->first <= off) return it->second;
    return {};
  }
  // Where the part (Position::part: "body", "header", "sheet Udtræk" …) of the byte at `off` began, as far as
  // the look-back reaches (begin() or 0 when it began before). Pages of one part are one part: a keyword at the
  // foot of page 1 still describes a number at the top of page 2; a sheet's last number is not described by
  // the shared strings that follow it.
  std::uint64_t part_begin(std::uint64_t off) const {
    if (!positions_) return 0;
    std::uint64_t from = 0;
    const std::string* part = nullptr;
    for (auto it = positions_->rbegin(); it != positions_->rend(); ++it) {
      if (it->first > off) continue;
      if (part && it->second.part != *part) return from;
      part = &it->second.part;
      from = it->first;
    }
    return 0;
  }
  // Where the first later part begins, after `off`, in the text seen so far; UINT64_MAX when none.
  std::uint64_t part_end(std::uint64_t off) const {
    if (!positions_) return UINT64_MAX;
    const Position here = position_at(off);
    for (const auto& [at, where] : *positions_)
      if (at > off && where.part != here.part) return at;
    return UINT64_MAX;
  }

 private:
  std::string_view tail_;
  std::string_view chunk_;
  std::uint64_t chunk_start_;
  const Positions* positions_;
};

inline void StreamText::append_to(std::string& out, std::uint64_t from, std::uint64_t to) const {
  if (from < begin()) from = begin();
  if (to > end()) to = end();
  for (std::uint64_t o = from; o < to;) {
    if (o < chunk_start_) {
      const std::uint64_t stop = to < chunk_start_ ? to : chunk_start_;
      out.append(tail_.substr(o - begin(), stop - o));
      o = stop;
    } else {
      out.append(chunk_.substr(o - chunk_start_, to - o));
      o = to;
    }
  }
}

}  // namespace datavagt
