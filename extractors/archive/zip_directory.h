#pragma once
// The members of a "plain" zip, read from its central directory: the layout that Office, LibreOffice and most
// zip writers produce, where libarchive's streaming read (from the local headers, front to back) would see
// exactly the members the central directory lists, in the same order, with the same names and sizes.
// It is the map for the fast path of zip_member_reader.h (each member inflated in one libdeflate call);
// libarchive stays the zip reader of record: anything that is not plain is left to it (nullopt).
//
// Plain means: one end-of-central-directory record ending the file (its comment included), no zip64 (no
// locator, no 0xFFFF/0xFFFFFFFF field, no zip64 extra field), the central directory right before it; every
// member stored or deflated, not encrypted, no flag but the deflate options, UTF-8 names and (deflated
// members only: LibreOffice writes them) a data descriptor that repeats the central CRC and sizes; a
// non-ASCII name only when flagged UTF-8 (and valid), no Info-ZIP Unicode path extra field; its local
// header agrees with the central one (flags, method, name, and CRC and sizes or zeros before a data
// descriptor); and the members, by
// offset, follow one another from byte 0 to the central directory with no gap and no overlap. A member
// larger than `max_member_bytes` (compressed or not) is not plain either: the fast path holds a whole member.
// Contract: never reads outside [0, file_size); bounded work (the central directory is at most 16 MiB).
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace datavagt {

struct ZipMember {
  std::string name;
  std::uint64_t data_offset = 0;  // the compressed bytes, after the local header
  std::uint32_t compressed_size = 0;
  std::uint32_t size = 0;  // uncompressed
  std::uint32_t crc32 = 0;
  std::uint16_t method = 0;  // 0 stored, 8 deflated
  bool size_known = true;    // false with a data descriptor: streaming libarchive cannot tell it up front
};

// Fills `out` with the bytes at `offset` (within the file); false on a read error.
using ReadAt = std::function<bool(std::uint64_t offset, std::span<char> out)>;

// The members in file order, or nullopt when the zip is not plain (or cannot be read).
std::optional<std::vector<ZipMember>> read_plain_zip_directory(const ReadAt& read_at, std::uint64_t file_size,
                                                               std::uint64_t max_member_bytes);

}  // namespace datavagt
