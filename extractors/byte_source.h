#pragma once
// Where an extractor reads its bytes from: an on-disk file, a buffer, later an archive member stream.
// Contract: one reader at a time (not thread-safe); read() returns 0 at the end and a Problem on I/O
// failure; rewind() starts over (sniffing reads the head, then the extractor reads from the start).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"

namespace datavagt {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual Result<std::size_t> read(std::span<char> buf) = 0;
  virtual Result<bool> rewind() = 0;
  // The open file descriptor behind this source when it is a whole on-disk file, else -1. For libraries
  // that need random access (poppler): they read the file itself instead of a copy in memory. The caller
  // must not close it, nor move its offset while it reads through read().
  virtual int file_descriptor() const { return -1; }
};

// Reads from memory the caller keeps alive (nested items, tests).
class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::string_view bytes) : bytes_(bytes) {}
  Result<std::size_t> read(std::span<char> buf) override;
  Result<bool> rewind() override {
    pos_ = 0;
    return true;
  }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

// Replays bytes already read from `rest` (the sniffed head), then continues reading `rest`: the item is
// read once, even though the sniffer looked at its start first.
class PrefixedSource final : public ByteSource {
 public:
  PrefixedSource(std::string_view prefix, ByteSource& rest) : prefix_(prefix), rest_(rest) {}
  Result<std::size_t> read(std::span<char> buf) override;
  Result<bool> rewind() override;
  int file_descriptor() const override { return rest_.file_descriptor(); }  // the prefix is the file's head

 private:
  std::string_view prefix_;
  ByteSource& rest_;
  std::size_t pos_ = 0;
  bool rewound_ = false;  // after a real rewind, `rest` serves everything itself
};

// Reads until `buf` is full or the source ends (read() may return short counts).
Result<std::size_t> read_fully(ByteSource& in, std::span<char> buf);

// Reads the source to its end into `out` (appended), at most `max` bytes, `chunk` bytes per read. True when
// the whole item is in `out`; false when it is longer than `max` (then `out` holds its first `max` bytes).
Result<bool> read_up_to(ByteSource& in, std::size_t max, std::string& out, std::size_t chunk);

}  // namespace datavagt
