#include "extractors/archive/zip_directory.h"

#include <algorithm>
#include <string_view>

#include "core/utf8.h"
#include "extractors/le_bytes.h"

namespace datavagt {

namespace {

constexpr std::size_t kEndRecordBytes = 22;
constexpr std::size_t kMaxCommentBytes = 65535;
constexpr std::size_t kCentralHeaderBytes = 46;
constexpr std::size_t kLocalHeaderBytes = 30;
constexpr std::uint64_t kMaxDirectoryBytes = std::uint64_t{16} << 20;
constexpr std::uint16_t kAllowedFlags = 0x0006 | 0x0008 | 0x0800;  // deflate options, data descriptor, UTF-8 names
constexpr std::uint16_t kDataDescriptor = 0x0008;
constexpr std::uint16_t kUtf8Names = 0x0800;

// Little-endian fields of a record whose length was checked before.
std::uint16_t u16(std::string_view b, std::size_t off) { return le::u16(b, off).value_or(0); }
std::uint32_t u32(std::string_view b, std::size_t off) { return le::u32(b, off).value_or(0); }

bool ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Extra fields whose presence the fast path leaves to libarchive: zip64 sizes, Info-ZIP Unicode path. A
// malformed list (a field running past the end) is left to it too.
bool extra_is_plain(std::string_view extra) {
  std::size_t i = 0;
  while (i < extra.size()) {
    if (extra.size() - i < 4) return false;
    const std::uint16_t id = u16(extra, i);
    const std::uint16_t len = u16(extra, i + 2);
    if (id == 0x0001 || id == 0x7075) return false;
    if (extra.size() - i - 4 < len) return false;
    i += 4 + std::size_t{len};
  }
  return true;
}

struct Central {
  ZipMember member;
  std::uint16_t flags = 0;
  std::uint64_t local_offset = 0;
};

}  // namespace

std::optional<std::vector<ZipMember>> read_plain_zip_directory(const ReadAt& read_at, std::uint64_t file_size,
                                                               std::uint64_t max_member_bytes) {
  if (file_size < kEndRecordBytes) return std::nullopt;
  // The end record: searched backwards over the tail that may hold it and its comment.
  const std::uint64_t tail_size = std::min<std::uint64_t>(file_size, kEndRecordBytes + kMaxCommentBytes);
  std::string tail(static_cast<std::size_t>(tail_size), '\0');
  const std::uint64_t tail_at = file_size - tail_size;
  if (!read_at(tail_at, tail)) return std::nullopt;
  std::size_t end_at = std::string_view::npos;
  for (std::size_t i = tail.size() - kEndRecordBytes + 1; i-- > 0;) {
    if (tail.compare(i, 4, "PK\x05\x06", 4) != 0) continue;
    // The record and its comment must end the file exactly.
    if (i + kEndRecordBytes + u16(tail, i + 20) == tail.size()) end_at = i;
    break;
  }
  if (end_at == std::string_view::npos) return std::nullopt;
  const std::string_view end = std::string_view(tail).substr(end_at, kEndRecordBytes);
  const std::uint16_t disk = u16(end, 4), directory_disk = u16(end, 6);
  const std::uint16_t entries_here = u16(end, 8), entries = u16(end, 10);
  const std::uint32_t directory_size = u32(end, 12), directory_offset = u32(end, 16);
  if (disk != 0 || directory_disk != 0 || entries_here != entries || entries == 0xFFFF ||
      directory_size == 0xFFFFFFFF || directory_offset == 0xFFFFFFFF)
    return std::nullopt;
  const std::uint64_t end_offset = tail_at + end_at;
  // A zip64 locator right before the end record: zip64, left to libarchive.
  if (end_at >= 20 && tail.compare(end_at - 20, 4, "PK\x06\x07", 4) == 0) return std::nullopt;
  if (std::uint64_t{directory_offset} + directory_size != end_offset || directory_size > kMaxDirectoryBytes)
    return std::nullopt;

  std::string directory(directory_size, '\0');
  if (!read_at(directory_offset, directory)) return std::nullopt;
  std::vector<Central> central;
  central.reserve(entries);
  std::size_t at = 0;
  for (unsigned k = 0; k < entries; ++k) {
    const std::string_view d(directory);
    if (d.size() - at < kCentralHeaderBytes || d.compare(at, 4, "PK\x01\x02") != 0) return std::nullopt;
    const std::string_view h = d.substr(at, kCentralHeaderBytes);
    const std::size_t name_len = u16(h, 28), extra_len = u16(h, 30), comment_len = u16(h, 32);
    if (d.size() - at - kCentralHeaderBytes < name_len + extra_len + comment_len) return std::nullopt;
    Central c;
    c.flags = u16(h, 8);
    c.member.method = u16(h, 10);
    c.member.crc32 = u32(h, 16);
    c.member.compressed_size = u32(h, 20);
    c.member.size = u32(h, 24);
    c.local_offset = u32(h, 42);
    const std::string_view name = d.substr(at + kCentralHeaderBytes, name_len);
    const std::string_view extra = d.substr(at + kCentralHeaderBytes + name_len, extra_len);
    at += kCentralHeaderBytes + name_len + extra_len + comment_len;
    if ((c.flags & ~kAllowedFlags) != 0) return std::nullopt;  // encrypted, data descriptor, …
    if (c.member.method != 0 && c.member.method != 8) return std::nullopt;
    if (c.member.method == 0 && c.member.compressed_size != c.member.size) return std::nullopt;
    // A data descriptor after stored data can only be found by searching for it: left to libarchive.
    if ((c.flags & kDataDescriptor) && c.member.method != 8) return std::nullopt;
    if (c.member.compressed_size == 0xFFFFFFFF || c.member.size == 0xFFFFFFFF || c.local_offset == 0xFFFFFFFF ||
        u16(h, 34) != 0)
      return std::nullopt;
    if (c.member.compressed_size > max_member_bytes || c.member.size > max_member_bytes) return std::nullopt;
    if (!ascii(name) && (!(c.flags & kUtf8Names) || !utf8::is_valid(name))) return std::nullopt;
    if (name.find('\0') != std::string_view::npos) return std::nullopt;
    if (!extra_is_plain(extra)) return std::nullopt;
    c.member.name = std::string(name);
    central.push_back(std::move(c));
  }
  if (at != directory.size()) return std::nullopt;

  // The local headers, in file order: each agrees with its central entry, and the members tile the bytes
  // before the central directory.
  std::sort(central.begin(), central.end(),
            [](const Central& a, const Central& b) { return a.local_offset < b.local_offset; });
  std::uint64_t expect = 0;
  std::vector<ZipMember> members;
  members.reserve(central.size());
  std::string local;
  for (Central& c : central) {
    if (c.local_offset != expect) return std::nullopt;
    if (directory_offset - c.local_offset < kLocalHeaderBytes) return std::nullopt;
    local.assign(kLocalHeaderBytes, '\0');
    if (!read_at(c.local_offset, local)) return std::nullopt;
    if (local.compare(0, 4, "PK\x03\x04", 4) != 0) return std::nullopt;
    const bool descriptor = (c.flags & kDataDescriptor) != 0;
    if (u16(local, 6) != c.flags || u16(local, 8) != c.member.method) return std::nullopt;
    // With a data descriptor the local header's CRC and sizes are zero (libarchive then leaves the size
    // unknown, as streaming must); without one they are the central directory's.
    if (descriptor ? (u32(local, 14) != 0 || u32(local, 18) != 0 || u32(local, 22) != 0)
                   : (u32(local, 14) != c.member.crc32 || u32(local, 18) != c.member.compressed_size ||
                      u32(local, 22) != c.member.size))
      return std::nullopt;
    c.member.size_known = !descriptor;
    const std::size_t name_len = u16(local, 26), extra_len = u16(local, 28);
    const std::uint64_t data_offset = c.local_offset + kLocalHeaderBytes + name_len + extra_len;
    if (data_offset > directory_offset || directory_offset - data_offset < c.member.compressed_size)
      return std::nullopt;
    local.resize(kLocalHeaderBytes + name_len + extra_len);
    if (!read_at(c.local_offset + kLocalHeaderBytes, std::span<char>(local).subspan(kLocalHeaderBytes)))
      return std::nullopt;
    const std::string_view l(local);
    if (l.substr(kLocalHeaderBytes, name_len) != c.member.name) return std::nullopt;
    if (!extra_is_plain(l.substr(kLocalHeaderBytes + name_len, extra_len))) return std::nullopt;
    c.member.data_offset = data_offset;
    expect = data_offset + c.member.compressed_size;
    if (descriptor) {
      // CRC and sizes again, after the data, with or without their signature.
      std::string d(16, '\0');
      const std::size_t room = static_cast<std::size_t>(std::min<std::uint64_t>(16, directory_offset - expect));
      if (room < 12) return std::nullopt;
      d.resize(room);
      if (!read_at(expect, d)) return std::nullopt;
      const auto matches = [&](std::size_t at) {
        return d.size() >= at + 12 && u32(d, at) == c.member.crc32 && u32(d, at + 4) == c.member.compressed_size &&
               u32(d, at + 8) == c.member.size;
      };
      if (d.compare(0, 4, "PK\x07\x08", 4) == 0 && matches(4))
        expect += 16;
      else if (matches(0))
        expect += 12;
      else
        return std::nullopt;
    }
    members.push_back(std::move(c.member));
  }
  if (expect != directory_offset || members.empty()) return std::nullopt;
  return members;
}

}  // namespace datavagt
