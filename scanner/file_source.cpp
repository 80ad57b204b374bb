#include "scanner/file_source.h"

#include <fcntl.h>
#include <unistd.h>

#include <openssl/evp.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace datavagt {

namespace {
constexpr off_t kSequentialAdviceBytes = 256 * 1024;
}  // namespace

Problem problem_from_errno(int err, const std::string& what) {
  std::string detail = what + ": " + std::strerror(err);
  switch (err) {
    case EACCES:
    case EPERM: return Problem::make(ProblemKind::PermissionDenied, detail);
    case ENOENT:
    case ENOTDIR: return Problem::make(ProblemKind::Vanished, detail);
    default: return Problem::make(ProblemKind::Unreadable, detail);
  }
}

Result<std::unique_ptr<FileSource>> FileSource::open(const std::string& path, bool follow_symlink) {
  const int base = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | (follow_symlink ? 0 : O_NOFOLLOW);
  int fd = ::open(path.c_str(), base | O_NOATIME);
  if (fd < 0 && errno == EPERM) fd = ::open(path.c_str(), base);  // not ours: atime may change (relatime)
  if (fd < 0) return problem_from_errno(errno, "open");
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    return problem_from_errno(err, "stat");
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return Problem::make(ProblemKind::Vanished, "no longer a regular file");
  }
  // O_NONBLOCK only guarded the open against FIFOs; it stays set: reads of a regular file ignore it, and two
  // fcntl calls per file are 20 % of a small file's system calls. Read-ahead advice only where the file is larger
  // than the kernel's default read-ahead window would cover anyway.
  if (st.st_size > kSequentialAdviceBytes) ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  return std::unique_ptr<FileSource>(new FileSource(fd, st));
}

Result<std::unique_ptr<FileSource>> FileSource::adopt(int fd) {
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    return problem_from_errno(err, "stat");
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return Problem::make(ProblemKind::Vanished, "no longer a regular file");
  }
  if (::lseek(fd, 0, SEEK_SET) != 0) {
    const int err = errno;
    ::close(fd);
    return problem_from_errno(err, "seek");
  }
  return std::unique_ptr<FileSource>(new FileSource(fd, st));
}

// The running hash: bytes [0, hashed) of the file are in `md`. A read that starts past `hashed` (a library
// moved the offset) leaves a gap that content_hash() fills with pread.
struct FileSource::Hasher {
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  std::uint64_t hashed = 0;
  std::optional<std::array<unsigned char, 32>> digest;
  ~Hasher() { EVP_MD_CTX_free(md); }
};

void FileSource::HasherFree::operator()(Hasher* h) const { delete h; }

FileSource::~FileSource() { ::close(fd_); }

void FileSource::hash_content() {
  if (hasher_) return;
  hasher_.reset(new Hasher);
  if (hasher_->md == nullptr || EVP_DigestInit_ex(hasher_->md, EVP_sha256(), nullptr) != 1) hasher_.reset();
}

void FileSource::hash_passing(const char* data, std::size_t n) {
  Hasher& h = *hasher_;
  if (h.digest) return;
  const off_t end = ::lseek(fd_, 0, SEEK_CUR);
  if (end < 0) return;
  const auto stop = static_cast<std::uint64_t>(end);
  const std::uint64_t start = stop - n;
  if (start > h.hashed || stop <= h.hashed) return;  // a gap before it, or bytes hashed already
  const std::uint64_t skip = h.hashed - start;
  EVP_DigestUpdate(h.md, data + skip, n - skip);
  h.hashed = stop;
}

Result<std::array<unsigned char, 32>> FileSource::content_hash() {
  hash_content();
  if (!hasher_) return Problem::make(ProblemKind::Internal, "SHA-256 is not available");
  Hasher& h = *hasher_;
  if (!h.digest) {
    std::vector<char> buf(std::size_t{1} << 20);
    for (;;) {
      const ssize_t n = ::pread(fd_, buf.data(), buf.size(), static_cast<off_t>(h.hashed));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return problem_from_errno(errno, "read");
      if (n == 0) break;
      EVP_DigestUpdate(h.md, buf.data(), static_cast<std::size_t>(n));
      h.hashed += static_cast<std::uint64_t>(n);
      bytes_read_ += static_cast<std::uint64_t>(n);
    }
    std::array<unsigned char, 32> d{};
    unsigned int len = 0;
    EVP_DigestFinal_ex(h.md, d.data(), &len);
    h.digest = d;
  }
  return *h.digest;
}

bool FileSource::hash_pending() const { return hasher_ && !hasher_->digest; }

void FileSource::set_content_hash(const std::array<unsigned char, 32>& digest) {
  hash_content();
  if (hasher_) hasher_->digest = digest;
}

Result<std::size_t> FileSource::read(std::span<char> buf) {
  for (;;) {
    const ssize_t n = ::read(fd_, buf.data(), buf.size());
    if (n >= 0) {
      bytes_read_ += static_cast<std::uint64_t>(n);
      if (hasher_ && n > 0) hash_passing(buf.data(), static_cast<std::size_t>(n));
      return static_cast<std::size_t>(n);
    }
    if (errno != EINTR) return problem_from_errno(errno, "read");
  }
}

Result<bool> FileSource::rewind() {
  if (::lseek(fd_, 0, SEEK_SET) != 0) return problem_from_errno(errno, "seek");
  return true;
}

}  // namespace datavagt
