// libFuzzer target: untrusted bytes as a zip read from its central directory (zip_directory.h's
// read_zip_central_directory and zip_central_reader.h), every member to its end or its failure, in pieces of
// varying size; and through ZipMemberReader from memory, whose recovery after a damaged member reads the
// central directory too. Nothing may crash, read out of bounds, or grow without bound. Build with ./run fuzz.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "core/limits.h"
#include "extractors/archive/zip_central_reader.h"
#include "extractors/archive/zip_member_reader.h"
#include "extractors/byte_source.h"

using namespace datavagt;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  const ReadAt at = [&bytes](std::uint64_t offset, std::span<char> out) {
    if (offset > bytes.size() || bytes.size() - offset < out.size()) return false;
    std::memcpy(out.data(), bytes.data() + offset, out.size());
    return true;
  };
  if (auto directory = read_zip_central_directory(at, bytes.size(), 4096)) {
    ZipCentralReader r(at, bytes.size(), std::move(*directory), 0);
    std::vector<char> buf(1 + size % 4099);
    std::uint64_t total = 0;
    for (int k = 0; k < 4096; ++k) {
      auto e = r.next();
      if (!e || !*e) break;
      for (;;) {
        auto n = r.read(buf);
        if (!n || *n == 0) break;
        total += *n;
        if (total > (64u << 20)) return 0;
      }
    }
  }
  MemorySource mem(bytes);
  Limits limits;
  limits.max_buffered_member_bytes = 16u << 20;
  ZipMemberReader zip(mem, 64 * 1024, limits);
  std::vector<char> buf(4096);
  std::uint64_t total = 0;
  for (int k = 0; k < 4096; ++k) {
    auto e = zip.next();
    if (!e || !*e) break;
    for (;;) {
      auto n = zip.read(buf);
      if (!n) {
        if (!zip.goes_on_after_failure()) return 0;
        break;
      }
      if (*n == 0) break;
      total += *n;
      if (total > (64u << 20)) return 0;
    }
  }
  return 0;
}
