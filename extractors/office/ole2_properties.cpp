// Document properties of OLE2 files (MS-OLEPS property sets): "\5SummaryInformation" (title, subject, author,
// keywords, comments, last author …) and "\5DocumentSummaryInformation" (category, manager, company, and the
// user's custom properties in its second section). Every string value (VT_LPSTR in the set's code page,
// VT_LPWSTR in UTF-16) is text with Position.part `properties`; numbers, dates and the thumbnail are not.
// Every offset and length is checked against the stream; a damaged set gives what was readable.
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

#include "extractors/text/charset.h"
#include "extractors/le_bytes.h"
#include "extractors/office/ole2_formats.h"
#include "extractors/text_emitter.h"
#include "extractors/utf16.h"

namespace datavagt {

namespace {

constexpr std::uint16_t kByteOrder = 0xFFFE;
constexpr std::uint16_t kCodePage = 2;  // VT_I2, property 1
constexpr std::uint16_t kLpstr = 0x1E;
constexpr std::uint16_t kLpwstr = 0x1F;
constexpr std::uint32_t kMaxProperties = 4096;
constexpr std::size_t kSetList = 28;  // byte order, version, system, CLSID, count; then (FMTID, offset) pairs

std::string decode(std::string_view bytes, std::uint16_t codepage) {
  std::string out;
  if (codepage == 1200) {
    append_utf16le(out, bytes);
  } else if (codepage == 65001) {
    utf8::append_lossy(out, bytes);
  } else {
    for (unsigned char c : bytes)
      if (c != 0)
        utf8::append_code_point(out, codepage == 1250 ? windows1250_to_unicode(c) : windows1252_to_unicode(c));
  }
  while (!out.empty() && (out.back() == '\0' || out.back() == ' ')) out.pop_back();
  return out;
}

// The string values of the property set at `start`, each followed by a line break.
void section_strings(std::string_view s, std::size_t start, std::string& out) {
  const auto size = le::u32(s, start);
  const auto count = le::u32(s, start + 4);
  if (!size || !count || *size > s.size() - start) return;
  const std::string_view set = s.substr(start, *size);
  const std::uint32_t n = std::min(*count, kMaxProperties);
  std::uint16_t codepage = 1252;
  for (std::uint32_t i = 0; i < n; ++i) {  // the code page first: strings before it in the list need it
    const auto id = le::u32(set, 8 + i * 8);
    const auto off = le::u32(set, 12 + i * 8);
    if (!id || !off) return;
    if (*id == 1 && le::u16(set, *off) == kCodePage) codepage = le::u16(set, *off + 4).value_or(1252);
  }
  for (std::uint32_t i = 0; i < n; ++i) {
    const auto id = *le::u32(set, 8 + i * 8);
    const auto off = *le::u32(set, 12 + i * 8);
    if (id <= 1) continue;  // the dictionary of custom names, the code page
    const auto type = le::u16(set, off);
    const auto length = le::u32(set, std::size_t{off} + 4);
    if (!type || !length) continue;
    std::optional<std::string_view> bytes;
    if (*type == kLpstr)
      bytes = le::bytes(set, std::size_t{off} + 8, *length);
    else if (*type == kLpwstr && *length <= set.size() / 2)
      bytes = le::bytes(set, std::size_t{off} + 8, std::size_t{*length} * 2);
    if (!bytes) continue;
    const std::string text = decode(*bytes, *type == kLpwstr ? 1200 : codepage);
    if (text.empty()) continue;
    out += text;
    out += '\n';
  }
}

}  // namespace

bool extract_ole2_properties(const Ole2Storage& root, TextEmitter& emitter, const Limits& limits) {
  std::string text;
  for (std::string_view name : {"\x05SummaryInformation", "\x05" "DocumentSummaryInformation"}) {
    if (!root.has_stream(name)) continue;
    auto stream = root.read(name, limits.max_buffered_member_bytes, "ole2");
    if (!stream) continue;  // a thumbnail larger than the bound: the properties are not worth a problem
    const std::string_view s = *stream;
    if (s.size() < kSetList || le::u16(s, 0) != kByteOrder) continue;
    const std::uint32_t sets = std::min<std::uint32_t>(le::u32(s, 24).value_or(0), 2);
    for (std::uint32_t i = 0; i < sets; ++i)
      if (const auto offset = le::u32(s, kSetList + i * 20 + 16)) section_strings(s, *offset, text);
  }
  if (text.empty()) return true;
  return emitter.emit(text, Position{0, "properties"});
}

}  // namespace datavagt
