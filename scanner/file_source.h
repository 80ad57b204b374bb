#pragma once
// An on-disk file opened for reading without changing it: O_NOATIME where the OS permits (owner or
// CAP_FOWNER), never following a symlink, never blocking on a FIFO swapped in after the walk saw a file.
#include <sys/stat.h>

#include <array>
#include <memory>
#include <optional>
#include <string>

#include "core/result.h"
#include "extractors/byte_source.h"

namespace datavagt {

class FileSource final : public ByteSource {
 public:
  // Opens `path`; fails with PermissionDenied, Vanished or Unreadable. Refuses anything but a regular file,
  // and a symlink unless `follow_symlink` (scan roots named on the command line).
  static Result<std::unique_ptr<FileSource>> open(const std::string& path, bool follow_symlink = false);
  // A file opened by another process and handed over (a worker process gets the findings store's descriptor
  // over its socket): takes `fd` (closed with the source, also on failure); reads from its start.
  static Result<std::unique_ptr<FileSource>> adopt(int fd);
  ~FileSource() override;
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  Result<std::size_t> read(std::span<char> buf) override;
  Result<bool> rewind() override;
  int file_descriptor() const override { return fd_; }

  const struct stat& stat() const { return st_; }
  std::uint64_t bytes_read() const { return bytes_read_; }

  // Content hashing, for the findings store: once on, the bytes read() returns are hashed (SHA-256) in file
  // order as they pass, so a file read whole costs no second read. content_hash() reads what read() did not
  // cover (bytes a library read through the descriptor, or never read) and returns the hash of the file's
  // bytes from start to end. Fails like read().
  void hash_content();
  Result<std::array<unsigned char, 32>> content_hash();
  // Hashing is on and its hash not yet complete (a scan elsewhere may compute it: set_content_hash).
  bool hash_pending() const;
  // The hash of the whole file as another reader of the same descriptor computed it.
  void set_content_hash(const std::array<unsigned char, 32>& digest);

 private:
  FileSource(int fd, const struct stat& st) : fd_(fd), st_(st) {}
  void hash_passing(const char* data, std::size_t n);
  struct Hasher;
  struct HasherFree {
    void operator()(Hasher* h) const;
  };
  int fd_;
  struct stat st_;
  std::uint64_t bytes_read_ = 0;
  std::unique_ptr<Hasher, HasherFree> hasher_;
};

// The Problem for an errno from open/read/opendir.
Problem problem_from_errno(int err, const std::string& what);

}  // namespace datavagt
