#pragma once
// An on-disk file opened for reading without changing it: O_NOATIME where the OS permits (owner or
// CAP_FOWNER), never following a symlink, never blocking on a FIFO swapped in after the walk saw a file.
#include <sys/stat.h>

#include <memory>
#include <string>

#include "core/result.h"
#include "extractors/byte_source.h"

namespace datavagt {

class FileSource final : public ByteSource {
 public:
  // Opens `path`; fails with PermissionDenied, Vanished or Unreadable. Refuses anything but a regular file,
  // and a symlink unless `follow_symlink` (scan roots named on the command line).
  static Result<std::unique_ptr<FileSource>> open(const std::string& path, bool follow_symlink = false);
  ~FileSource() override;
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  Result<std::size_t> read(std::span<char> buf) override;
  Result<bool> rewind() override;
  int file_descriptor() const override { return fd_; }

  const struct stat& stat() const { return st_; }
  std::uint64_t bytes_read() const { return bytes_read_; }

 private:
  FileSource(int fd, const struct stat& st) : fd_(fd), st_(st) {}
  int fd_;
  struct stat st_;
  std::uint64_t bytes_read_ = 0;
};

// The Problem for an errno from open/read/opendir.
Problem problem_from_errno(int err, const std::string& what);

}  // namespace datavagt
