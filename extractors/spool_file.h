#pragma once
// A private temporary file for bytes that a library can only read from a file of its own (libpst opens a PST
// by name: a PST inside a zip is spooled to one; an on-disk PST's header is copied to one).
// - Where: `$TMPDIR/datavagt-<uid>/` (else /tmp), a directory of mode 0700 owned by this user. It is made
//   when missing; one that is a symlink, belongs to someone else or is open to others is refused.
// - How: opened with O_TMPFILE, so the file never has a name; where the file system does not allow that, it
//   is created 0600 and unlinked at once. Nothing is left behind, whatever kills the process (a helper or the
//   scan itself); the directory stays, empty.
// - Read back through fd(), or by another process that was handed the descriptor through /proc/self/fd/N.
// Contract: one owner; the descriptor is closed when the SpoolFile goes; failures are values.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace datavagt {

class SpoolFile {
 public:
  static Result<SpoolFile> create();
  SpoolFile(SpoolFile&& o) noexcept : fd_(o.fd_), size_(o.size_) { o.fd_ = -1; }
  SpoolFile& operator=(SpoolFile&& o) noexcept;
  SpoolFile(const SpoolFile&) = delete;
  SpoolFile& operator=(const SpoolFile&) = delete;
  ~SpoolFile();

  int fd() const { return fd_; }
  std::uint64_t size() const { return size_; }
  // Appends `bytes`; a failure (disk full) as a value.
  Result<bool> append(std::string_view bytes);

 private:
  explicit SpoolFile(int fd) : fd_(fd) {}
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

// The private directory (made if missing, checked), or why it cannot be used.
Result<std::string> private_temp_dir();

}  // namespace datavagt
