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
//
// Central directory (zip_central_reader.h), where libarchive's streaming read fails:
//  - an on-disk zip64 zip with data descriptors (as .NET's packaging writes: the descriptor's width cannot be
//    told from the local header) is read from its central directory from the start;
//  - after a member libarchive (or the fast path) could not read, the members after it are read from the
//    central directory: the failed member is its own problem, goes_on_after_failure() says so, and next()
//    continues with the following member. Random access is the file descriptor, or else the source rewound
//    and read into memory (up to Limits::max_buffered_member_bytes; larger: the zip ends at the damage).
// Contract: one reader, one thread; failures are values (as ArchiveReader's), never exceptions.
#include <cstdint>
#include <functional>
#include <string>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "core/limits.h"
#include "core/result.h"
#include "extractors/archive/archive_reader.h"
#include "extractors/byte_source.h"
#include "extractors/archive/zip_central_reader.h"
#include "extractors/archive/zip_directory.h"

namespace datavagt {

class ZipMemberReader final : public EntryReader {
 public:
  // Reads `in` (its file descriptor for the fast path); `read_bytes`: libarchive's read size.
  ZipMemberReader(ByteSource& in, std::size_t read_bytes, const Limits& limits);
  ~ZipMemberReader();
  ZipMemberReader(const ZipMemberReader&) = delete;
  ZipMemberReader& operator=(const ZipMemberReader&) = delete;

  // As ArchiveReader::next() and read().
  Result<std::optional<ArchiveEntry>> next() override;
  Result<std::size_t> read(std::span<char> buf) override;
  // Compressed bytes read so far (for compression-ratio guards).
  std::uint64_t raw_bytes() const override;
  // After read() failed: true when that failure was the member's alone and next() reads on (from the
  // central directory).
  bool goes_on_after_failure() const override { return goes_on_; }
  // Asked before every read of the zip's bytes (as ArchiveReader::set_guard).
  void set_guard(std::function<std::optional<Problem>()> guard);

  // True while the fast path serves the members (for tests).
  bool fast() const { return !archive_ && !central_; }
  // True once the central directory serves the members (for tests).
  bool from_central_directory() const { return central_ != nullptr; }

 private:
  Result<std::optional<ArchiveEntry>> next_fast();
  bool inflate_current();
  bool read_at(std::uint64_t offset, std::span<char> out) const;  // from whole_, else pread
  // Hands over to libarchive at the member at hand (index `current_`): a streaming read from the start,
  // its headers read up to that member.
  Result<std::optional<ArchiveEntry>> hand_over();
  // Random access for the central directory reader: the descriptor, else the source read into memory.
  std::optional<ReadAt> random_access(std::uint64_t& size);
  // Readies the central directory reader from member `first` on (the next next() uses it); false when the
  // zip cannot be read that way.
  bool prepare_central(std::size_t first);
  // A failed read of the member at hand: its problem (goes_on_ set when the rest can be read), or — when
  // libarchive misread a zip64 data descriptor — the member's bytes after all.
  Result<std::size_t> failed(Problem p, std::span<char> buf);


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
  std::unique_ptr<ZipCentralReader> central_;  // from the central directory
  bool central_pending_ = false;  // central_ takes over at the next next()
  std::size_t handed_ = 0;        // entries handed out, whichever reader served them
  std::uint64_t fast_raw_ = 0;    // compressed bytes the fast path inflated
  std::uint64_t retired_raw_ = 0; // compressed bytes libarchive read before the central directory took over
  bool goes_on_ = false;
  std::uint64_t archive_bytes_ = 0;  // bytes libarchive gave of the member at hand
  bool tried_central_ = false;
  std::string memory_;            // the zip, when it had to be read into memory for random access
  const Limits& limits_;
  std::function<std::optional<Problem>()> guard_;
};

}  // namespace datavagt
