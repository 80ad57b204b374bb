#pragma once
// The compact binary form a file's results take between a worker process and the scanner
// (worker_pool.h): fixed-width numbers in host order (both ends are this same program on this machine),
// strings as a 32-bit length and their bytes. A finding, a problem and a note are each one frame of their
// own, so a container's results cross one member at a time; the end of a file is a frame with the
// verdict's own fields. Reading never trusts the bytes: a short or malformed payload fails (a worker that
// sends garbage is treated as crashed). No I/O here; not thread-safe per object.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/file_verdict.h"

namespace datavagt::wire {

class Writer {
 public:
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u32(std::uint32_t v) { raw(&v, sizeof v); }
  void u64(std::uint64_t v) { raw(&v, sizeof v); }
  void i64(std::int64_t v) { raw(&v, sizeof v); }
  void f64(double v) { raw(&v, sizeof v); }
  void flag(bool v) { u8(v ? 1 : 0); }
  void str(std::string_view s) {
    u32(static_cast<std::uint32_t>(s.size()));
    out_.append(s);
  }
  void strs(const std::vector<std::string>& v) {
    u32(static_cast<std::uint32_t>(v.size()));
    for (const auto& s : v) str(s);
  }
  std::string& bytes() { return out_; }

 private:
  void raw(const void* p, std::size_t n) { out_.append(static_cast<const char*>(p), n); }
  std::string out_;
};

// Reads what a Writer wrote; once anything is missing, ok() is false and every read gives zero or empty.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  std::uint8_t u8();
  std::uint32_t u32();
  std::uint64_t u64();
  std::int64_t i64();
  double f64();
  // A yes/no written as one byte 0 or 1; any other value is malformed (one value, one encoding).
  bool flag();
  std::string str();
  std::vector<std::string> strs();
  // Everything read, nothing missing and nothing left over.
  bool done() const { return ok_ && pos_ == in_.size(); }
  bool ok() const { return ok_; }

 private:
  bool take(void* p, std::size_t n);
  std::string_view in_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

void put_finding(Writer& w, const Finding& f);
std::optional<Finding> get_finding(Reader& r);
void put_problem(Writer& w, const Problem& p);
std::optional<Problem> get_problem(Reader& r);

// The end of a file: the verdict's own fields (its findings, problems and notes went before), the content
// hash when one was asked for, and whether the worker retires after this file (recycled: worker_pool.h).
struct FileEnd {
  std::string format;
  bool has_text = true;
  std::uint64_t bytes_read = 0;
  std::uint64_t text_bytes = 0;
  double seconds = 0;
  std::uint64_t size = 0;
  std::int64_t mtime = 0;
  std::uint32_t owner_uid = 0;
  std::uint32_t mode = 0;
  std::optional<std::array<unsigned char, 32>> hash;
  bool retiring = false;
};
void put_end(Writer& w, const FileEnd& e);
std::optional<FileEnd> get_end(Reader& r);

}  // namespace datavagt::wire
