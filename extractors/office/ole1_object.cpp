// Field layouts follow MS-OLEDS 2.2.4 (ObjectHeader), 2.2.5 (EmbeddedObject), and the Packager's native
// data as Windows' packager.exe writes it (no published spec; the layout other readers agree on).
#include "extractors/office/ole1_object.h"

#include <algorithm>
#include <cstdint>
#include <optional>

namespace datavagt {

namespace {

// Bounds-checked little-endian reads; every read past the end gives nullopt.
class LeReader {
 public:
  explicit LeReader(std::string_view b) : b_(b) {}

  std::optional<std::uint32_t> u32() {
    if (b_.size() - pos_ < 4) return std::nullopt;
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b_[pos_ + i]);
    pos_ += 4;
    return v;
  }
  std::optional<std::uint16_t> u16() {
    if (b_.size() - pos_ < 2) return std::nullopt;
    const auto v = static_cast<std::uint16_t>(static_cast<unsigned char>(b_[pos_]) |
                                              (static_cast<unsigned char>(b_[pos_ + 1]) << 8));
    pos_ += 2;
    return v;
  }
  std::optional<std::string_view> bytes(std::uint64_t n) {
    if (b_.size() - pos_ < n) return std::nullopt;
    const auto v = b_.substr(pos_, static_cast<std::size_t>(n));
    pos_ += static_cast<std::size_t>(n);
    return v;
  }
  // A NUL-terminated string, without its NUL.
  std::optional<std::string_view> cstr() {
    const auto z = b_.find('\0', pos_);
    if (z == std::string_view::npos) return std::nullopt;
    const auto v = b_.substr(pos_, z - pos_);
    pos_ = z + 1;
    return v;
  }
  // A u32 length, then that many bytes (OLE1's LengthPrefixedAnsiString, NUL included).
  std::optional<std::string_view> prefixed() {
    const auto n = u32();
    return n ? bytes(*n) : std::nullopt;
  }
  // Up to `n` bytes: a declared size larger than what is left means a truncated object, whose start is
  // still worth scanning.
  std::string_view at_most(std::uint64_t n) {
    const auto v = b_.substr(pos_, static_cast<std::size_t>(std::min<std::uint64_t>(n, b_.size() - pos_)));
    pos_ += v.size();
    return v;
  }

 private:
  std::string_view b_;
  std::size_t pos_ = 0;
};

constexpr std::uint32_t kEmbedded = 2;  // ObjectHeader.FormatID: 1 = linked (no data), 2 = embedded
constexpr std::uint16_t kPackageSignature = 2;

}  // namespace

std::string_view ole1_object_payload(std::string_view object) {
  LeReader r(object);
  const auto version = r.u32();
  const auto format = r.u32();
  if (!version || format != kEmbedded) return object;
  const auto class_name = r.prefixed();
  if (!class_name || !r.prefixed() || !r.prefixed()) return object;  // topic and item names
  const auto size = r.u32();
  if (!size) return object;
  const std::string_view native = r.at_most(*size);
  if (native.empty()) return object;
  std::string_view name = *class_name;
  while (!name.empty() && name.back() == '\0') name.remove_suffix(1);
  return name == "Package" ? ole_package_payload(native) : native;
}

std::string_view ole_package_payload(std::string_view native) {
  LeReader r(native);
  // A signature, the label shown in the document, the original path, eight bytes (a type and the next
  // path's length), the path of the temporary copy the packager used; then the file's size and bytes.
  // Anything else in a Package object (an OLE2 storage, say) is handed on whole.
  if (r.u16() != kPackageSignature || !r.cstr() || !r.cstr() || !r.u32() || !r.u32() || !r.cstr()) return native;
  const auto size = r.u32();
  const auto file = size ? r.bytes(*size) : std::nullopt;
  return file && !file->empty() ? *file : native;
}

}  // namespace datavagt
