#pragma once
// The members of a zip document (OOXML, ODF) for ooxml.cpp: the same entries, bytes and failures as
// libarchive's streaming read (ArchiveReader, the zip reader of record), faster where it can be.
//
// Fast path: an on-disk file (ByteSource::file_descriptor) whose zip is plain (zip_directory.h): each member
// is read with pread (a file no larger than `read_bytes` all in one read) and inflated in one libdeflate call
// (about twice zlib's speed, and no copy through libarchive's buffers), its size and CRC-32 checked. It holds
// one whole member at a time, at most Limits::max_buffered_member_bytes (and 16 MiB) decompressed. Anything else goes to libarchive, from the
// start of the member at hand: a zip that is not plain, a source that is not a file, or a member that does
// not inflate to its size and CRC (damaged: libarchive then reports it as it always has, with the same
// text up to the damage). Once there, the rest of the zip is read by libarchive too.
// Contract: one reader, one thread; failures are values (as ArchiveReader's), never exceptions.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "core/limits.h"
#include "core/result.h"
#include "extractors/archive/archive_reader.h"
#include "extractors/byte_source.h"
#include "extractors/archive/zip_directory.h"

namespace datavagt {

class ZipMemberReader {
 public:
  // Reads `in` (its file descriptor for the fast path); `read_bytes`: libarchive's read size.
  ZipMemberReader(ByteSource& in, std::size_t read_bytes, const Limits& limits);
  ~ZipMemberReader();
  ZipMemberReader(const ZipMemberReader&) = delete;
  ZipMemberReader& operator=(const ZipMemberReader&) = delete;

  // As ArchiveReader::next() and read().
  Result<std::optional<ArchiveEntry>> next();
  Result<std::size_t> read(std::span<char> buf);

  // True while the fast path serves the members (for tests).
  bool fast() const { return !archive_; }

 private:
  bool inflate_current();
  bool read_at(std::uint64_t offset, std::span<char> out) const;  // from whole_, else pread
  // Hands over to libarchive at the member at hand (index `current_`): a streaming read from the start,
  // its headers read up to that member.
  Result<std::optional<ArchiveEntry>> hand_over();

  ByteSource& in_;
  std::size_t read_bytes_;
  int fd_ = -1;
  std::optional<std::vector<ZipMember>> members_;  // the plain zip's members, when the fast path applies
  std::size_t current_ = 0;   // members handed out so far (the one at hand is current_ - 1)
  bool inflated_ = false;     // the member at hand is in out_
  std::unique_ptr<char[]> out_;
  std::size_t out_capacity_ = 0;
  std::size_t out_size_ = 0, out_pos_ = 0;
  std::unique_ptr<char[]> whole_;  // the file, when it is no larger than one read
  std::size_t whole_size_ = 0;
  std::unique_ptr<char[]> packed_;
  std::size_t packed_capacity_ = 0;
  std::unique_ptr<ArchiveReader> archive_;  // after the hand-over
};

}  // namespace datavagt
