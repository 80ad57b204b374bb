// libFuzzer target, differential: untrusted bytes as an on-disk zip (a memfd) through ZipMemberReader (the
// central-directory + libdeflate fast path of extractors/zip_member_reader.h) and as a stream through
// ArchiveReader (libarchive, the zip reader of record). ZipMemberReader must tell the same entries and bytes
// as libarchive up to libarchive's first failure, and fail there too or read on (it has the central
// directory, which this also fuzzes); a failure is compared by where it is, not by how it is worded. Any
// difference aborts. A zip64 zip with data descriptors, which ZipMemberReader reads from its central
// directory from the start, is only read. Build with ./run sanitize (clang, ASan + UBSan + libFuzzer).
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/limits.h"
#include "extractors/archive/archive_reader.h"
#include "extractors/byte_source.h"
#include "extractors/archive/zip_member_reader.h"

namespace {

using namespace datavagt;

// A file descriptor with the bytes, read like an on-disk file.
class MemfdSource final : public ByteSource {
 public:
  explicit MemfdSource(std::string_view bytes) : fd_(::memfd_create("zip", 0)) {
    if (fd_ >= 0 && ::write(fd_, bytes.data(), bytes.size()) != static_cast<ssize_t>(bytes.size())) {
      ::close(fd_);
      fd_ = -1;
    }
    if (fd_ >= 0) ::lseek(fd_, 0, SEEK_SET);
  }
  ~MemfdSource() override {
    if (fd_ >= 0) ::close(fd_);
  }
  Result<std::size_t> read(std::span<char> buf) override {
    const ssize_t n = ::read(fd_, buf.data(), buf.size());
    if (n < 0) return Problem::make(ProblemKind::Unreadable, "read");
    return static_cast<std::size_t>(n);
  }
  Result<bool> rewind() override {
    ::lseek(fd_, 0, SEEK_SET);
    return true;
  }
  int file_descriptor() const override { return fd_; }
  bool ok() const { return fd_ >= 0; }

 private:
  int fd_;
};

template <class Reader>
std::string transcript(Reader& r) {
  std::string t;
  std::vector<char> buf(4096);
  std::size_t total = 0;
  for (int entries = 0; entries < 2000; ++entries) {
    auto e = r.next();
    if (!e) return t + "PROBLEM " + e.problem().detail + "\n";
    if (!*e) return t + "END\n";
    const ArchiveEntry& a = **e;
    t += "ENTRY " + a.name + " " + (a.size ? std::to_string(*a.size) : "?") + " " + std::to_string(a.directory) +
         std::to_string(a.encrypted) + "\n";
    if (a.directory || a.encrypted) continue;
    for (;;) {
      auto n = r.read(buf);
      if (!n) {
        t += "READ PROBLEM " + n.problem().detail + "\n";
        break;
      }
      if (*n == 0) break;
      t.append(buf.data(), *n);
      total += *n;
      if (total > (64u << 20)) return t + "BIG\n";
    }
  }
  return t + "MANY\n";
}

// The transcript up to its first failure, which is only placed, not worded ("FAILURE"): the two readers word
// the same damage differently. A member whose local header is damaged is a failure at that member in both,
// but ZipMemberReader names it first (from the central directory) where libarchive, reading the stream, fails
// before it can: an entry line right before its read's failure is dropped (regressions/zip_member_reader_fuzz/
// garbage_before_first_member: a file that does not start with a local header).
std::string until_failure(const std::string& t) {
  const std::size_t at = t.find("PROBLEM ");
  if (at == std::string::npos) return t;
  std::string kept = t.substr(0, at);
  if (kept.ends_with("READ ")) {
    kept.resize(kept.size() - 5);
    const std::size_t entry = kept.rfind("ENTRY ");
    if (entry != std::string::npos && (entry == 0 || kept[entry - 1] == '\n')) kept.resize(entry);
  }
  return kept + "FAILURE\n";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  MemfdSource file(bytes);
  if (!file.ok()) return 0;
  Limits limits;
  limits.max_buffered_member_bytes = 16u << 20;
  ZipMemberReader fast(file, 64 * 1024, limits);
  const bool central_from_start = fast.from_central_directory();
  const std::string a = until_failure(transcript(fast));
  if (central_from_start) return 0;
  MemorySource again(bytes);
  ZipMemberReader from_memory(again, 64 * 1024, limits);  // recovery reads the source again into memory
  (void)transcript(from_memory);
  MemorySource mem(bytes);
  ArchiveReader stream(mem, 64 * 1024, ArchiveKind::Zip);
  const std::string b = until_failure(transcript(stream));
  // Up to where libarchive fails, the same; past it ZipMemberReader may read on (it has the central directory:
  // regressions/zip_member_reader_fuzz/stream_unreadable_directory_whole), never the other way round.
  const std::string_view failure = "FAILURE\n";
  const bool same = b.ends_with(failure) ? a.starts_with(std::string_view(b).substr(0, b.size() - failure.size()))
                                         : a == b;
  if (!same) {
    std::fprintf(stderr, "ZipMemberReader and libarchive disagree (fast path %d)\n--- ZipMemberReader:\n%.2000s\n"
                 "--- libarchive:\n%.2000s\n", static_cast<int>(fast.fast()), a.c_str(), b.c_str());
    std::abort();
  }
  return 0;
}
