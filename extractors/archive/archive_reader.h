#pragma once
// Streams the entries of an archive (zip, tar, cpio, iso9660, 7z, rar, or a compressed single file) with
// libarchive. Entries come in archive order; a streamed source cannot seek, so libarchive reads zip from its
// local headers. 7z needs random access: it is read from an on-disk file's descriptor or from memory.
// Contract: one reader, one thread; failures are values (corrupt, encrypted, unreadable, limit), never
// exceptions, and no exception crosses libarchive's callbacks. libarchive's messages are not passed on (they
// may quote member names, which may hold personal data).
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "extractors/byte_source.h"

struct archive;

namespace datavagt {

// Which libarchive readers to enable: only the one the sniffer named, so a member is never misread as
// another format.
enum class ArchiveKind {
  Zip,         // zip, from local headers (streaming)
  Tar,         // ustar, pax, gnu
  Cpio,        // odc, newc, crc
  Iso9660,     // CD/DVD images
  SevenZip,    // needs random access
  Rar,         // rar 4 and 5
  Compressed,  // gzip / bzip2 / xz / zstd / …: a compressed tar or cpio, else one raw entry ("data")
};

struct ArchiveEntry {
  std::string name;                   // as stored (UTF-8 where the archive says so)
  std::optional<std::uint64_t> size;  // unknown when the header defers it (zip data descriptor, raw)
  bool encrypted = false;
  bool directory = false;
  bool regular = true;  // false for symlinks, hard links, devices: no bytes of their own
  bool whole_stream = false;  // a compressed single file: the one entry has no name of its own
};

class ArchiveReader {
 public:
  // Streams `in`; `read_bytes`: how much to ask `in` for per read.
  ArchiveReader(ByteSource& in, std::size_t read_bytes, ArchiveKind kind);
  // Random access to an on-disk file through its descriptor (read with pread: its offset is not moved).
  static std::unique_ptr<ArchiveReader> over_descriptor(int fd, std::size_t read_bytes, ArchiveKind kind);
  // Random access to bytes in memory that the caller keeps alive.
  static std::unique_ptr<ArchiveReader> over_memory(std::string_view bytes, ArchiveKind kind);
  ~ArchiveReader();
  ArchiveReader(const ArchiveReader&) = delete;
  ArchiveReader& operator=(const ArchiveReader&) = delete;

  // Asked before every read of the underlying bytes, also while libarchive skips an entry's data: a
  // Problem stops the archive (a time budget that ran out, a compression ratio that gave a bomb away).
  void set_guard(std::function<std::optional<Problem>()> guard) { guard_ = std::move(guard); }

  // The next entry's header; nullopt at the end of the archive. After a Problem the archive is unusable.
  Result<std::optional<ArchiveEntry>> next();
  // Decompressed bytes of the current entry; 0 at its end.
  Result<std::size_t> read(std::span<char> buf);

  // Bytes read from the underlying source so far (compressed), and bytes out of the decompression filters
  // (a compressed tarball's tar stream); equal when there is no filter.
  std::uint64_t raw_bytes() const;
  std::uint64_t filtered_bytes() const;
  // After a failure: libarchive saw encrypted headers or data (7z with encrypted names, rar).
  bool saw_encryption() const;

 private:
  ArchiveReader(ByteSource* in, std::size_t read_bytes, ArchiveKind kind);
  Problem failure(std::string_view what);
  std::optional<Problem> check_guard(archive* a);

  struct ArchiveFree {
    void operator()(archive* a) const;
  };
  // Random access: a descriptor (fd >= 0) or memory.
  struct Random {
    int fd = -1;
    std::string_view memory;
    std::uint64_t size = 0;
    std::uint64_t pos = 0;
  };
  ByteSource* in_;
  ArchiveKind kind_;
  std::size_t buf_size_;
  std::unique_ptr<char[]> buf_;
  std::optional<Random> random_;
  std::optional<Problem> source_problem_;  // the ByteSource failed, or the guard stopped it (not the archive's fault)
  std::function<std::optional<Problem>()> guard_;
  std::unique_ptr<archive, ArchiveFree> a_;
  bool opened_ = false;
  bool open_failed_ = false;
  bool raw_only_ = false;  // a compressed file read again as one raw stream
  std::uint64_t entries_ = 0;

  static long on_read(archive* a, void* self, const void** out);
  static std::int64_t on_seek(archive* a, void* self, std::int64_t offset, int whence);
  static std::int64_t on_skip(archive* a, void* self, std::int64_t request);
};

}  // namespace datavagt
