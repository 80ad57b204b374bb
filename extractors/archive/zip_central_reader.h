#pragma once
// Reads a zip's members from its central directory (zip_directory.h), with random access: for the zips
// libarchive's streaming read (the reader of record, from the local headers) cannot read, and for the members
// after one it gave up on.
//  - .NET's System.IO.Packaging and ZipArchive write zip64 data descriptors (8-byte sizes) after members whose
//    local header has no zip64 extra field: a streaming reader cannot tell the descriptor's width, libarchive
//    takes it as 4-byte and reports the member damaged. The central directory has the sizes.
//  - After a member whose data is damaged, libarchive's state is fatal and the rest of the zip would be lost;
//    the central directory says where each following member starts.
// Each member is located by its local header (name and extra length only), stored or deflated data streamed
// through zlib in bounded pieces, and checked against the directory's size and CRC-32 at its end. A member
// that fails (damaged data, an unknown method) is that member's problem: next() goes on with the following one.
// Contract: one reader, one thread; failures are values, never exceptions; memory bounded by the read size,
// not by a member's declared size; never reads outside [0, file_size).
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "core/result.h"
#include "extractors/archive/archive_reader.h"
#include "extractors/archive/zip_directory.h"

namespace datavagt {

class ZipCentralReader {
 public:
  // Members `first` onwards of `directory` (in local-header order), read through `read_at`.
  ZipCentralReader(ReadAt read_at, std::uint64_t file_size, ZipCentralDirectory directory, std::size_t first);
  ~ZipCentralReader();
  ZipCentralReader(const ZipCentralReader&) = delete;
  ZipCentralReader& operator=(const ZipCentralReader&) = delete;

  // As ArchiveReader::next() and read(); a failed read() leaves the reader usable for the next member.
  Result<std::optional<ArchiveEntry>> next();
  Result<std::size_t> read(std::span<char> buf);
  // Compressed bytes read so far (for compression-ratio guards).
  std::uint64_t raw_bytes() const { return raw_bytes_; }
  const ZipCentralDirectory& directory() const { return directory_; }

 private:
  Problem damaged(std::string_view why);

  struct Inflater;
  ReadAt read_at_;
  std::uint64_t file_size_;
  ZipCentralDirectory directory_;
  std::size_t next_;
  const ZipCentralEntry* current_ = nullptr;
  bool current_failed_ = false;
  bool current_done_ = false;
  std::uint64_t data_at_ = 0;       // the next compressed byte to read
  std::uint64_t packed_left_ = 0;   // compressed bytes of the member not read yet
  std::uint64_t made_ = 0;          // bytes of the member handed out
  std::uint32_t crc_ = 0;
  std::uint64_t raw_bytes_ = 0;
  std::vector<char> in_;            // compressed bytes read, not yet inflated
  std::size_t in_pos_ = 0;
  std::unique_ptr<Inflater> inflater_;
};

}  // namespace datavagt
