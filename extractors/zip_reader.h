#pragma once
// Streams the entries of a zip archive from a ByteSource with libarchive. The source cannot seek, so
// libarchive reads in streaming mode: entries come in archive order, from their local headers.
// Contract: one reader, one thread; failures are values (corrupt, encrypted, unreadable), never
// exceptions, and no exception crosses libarchive's callbacks.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "extractors/byte_source.h"

struct archive;

namespace datavagt {

struct ZipEntry {
  std::string name;                   // as stored (UTF-8 for the names Office writes)
  std::optional<std::uint64_t> size;  // unknown when the local header defers it to a data descriptor
  bool encrypted = false;
  bool directory = false;
};

class ZipReader {
 public:
  // `read_bytes`: how much to ask `in` for per read.
  ZipReader(ByteSource& in, std::size_t read_bytes);
  ~ZipReader();
  ZipReader(const ZipReader&) = delete;
  ZipReader& operator=(const ZipReader&) = delete;

  // The next entry's header; nullopt at the end of the archive. After a Problem the archive is unusable.
  Result<std::optional<ZipEntry>> next();
  // Decompressed bytes of the current entry; 0 at its end.
  Result<std::size_t> read(std::span<char> buf);

 private:
  Problem failure(std::string_view what);

  struct ArchiveFree {
    void operator()(archive* a) const;
  };
  ByteSource& in_;
  std::size_t buf_size_;
  std::unique_ptr<char[]> buf_;
  std::optional<Problem> source_problem_;  // the ByteSource failed (not the archive's fault)
  std::unique_ptr<archive, ArchiveFree> a_;
  bool opened_ = false;
  bool open_failed_ = false;

  static long on_read(archive* a, void* self, const void** out);
};

}  // namespace datavagt
