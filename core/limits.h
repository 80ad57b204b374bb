#pragma once
// Every bound the scan respects, in one place, with its default. Passed by const reference; never global.
#include <cstddef>
#include <cstdint>

namespace datavagt {

struct Limits {
  // Extracted text per on-disk file; past it extraction stops and the file gets a `truncated` problem.
  std::uint64_t max_text_bytes = std::uint64_t{4} << 30;  // 4 GiB: a plain-text log is scanned whole
  // Bytes read from disk per read() call, and the size of the text chunks fed to the matcher.
  std::size_t read_chunk_bytes = std::size_t{1} << 20;  // 1 MiB per thread
  // Distinct findings kept per item; further matches are counted but not stored (`limit` problem).
  std::size_t max_findings_per_item = 100000;
  // Container nesting (used by archive and mail extractors).
  unsigned max_depth = 16;
  // A member an extractor can only hand on from memory (an embedded object decoded from RTF hex): larger
  // ones are skipped with a `limit` problem.
  std::size_t max_buffered_member_bytes = std::size_t{64} << 20;  // 64 MiB per thread
  // A member a library can only read from a file of its own (a PST inside a zip: libpst opens files by
  // name) is copied to a private temporary file (mode 0600 in $TMPDIR, unlinked once open); larger ones are
  // skipped with a `limit` problem.
  std::uint64_t max_spooled_member_bytes = std::uint64_t{4} << 30;  // 4 GiB of $TMPDIR per thread
  // A helper process (the PST reader, which runs libpst apart from the scanner) that sends nothing for this
  // long is taken to be stuck in a damaged file: it is stopped, and the file gets a `corrupt` problem.
  unsigned max_silent_seconds = 300;
  // Bytes decompressed from the members of one container (zip bombs): an Office file's XML parts and
  // embedded objects together. Past it the remaining members are skipped with a `limit` problem.
  std::uint64_t max_unpacked_bytes = std::uint64_t{4} << 30;  // 4 GiB
};

}  // namespace datavagt
