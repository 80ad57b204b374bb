#pragma once
// TNEF streams (MS-OXTNEF) for tests, built in memory: attributes with their checksums, and MAPI property
// lists for attMsgProps / attAttachment. Strings given to unicode() are ASCII or UTF-8 of the BMP.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace datavagt::testing {

namespace tnef {

// Attribute ids (type in the high word) and levels.
constexpr std::uint8_t kMessage = 1;
constexpr std::uint8_t kAttachment = 2;
constexpr std::uint32_t attTnefVersion = 0x00089006;
constexpr std::uint32_t attOemCodepage = 0x00069007;
constexpr std::uint32_t attMessageClass = 0x00078008;
constexpr std::uint32_t attSubject = 0x00018004;
constexpr std::uint32_t attDateSent = 0x00038005;
constexpr std::uint32_t attBody = 0x0002800C;
constexpr std::uint32_t attMsgProps = 0x00069003;
constexpr std::uint32_t attAttachRendData = 0x00069002;
constexpr std::uint32_t attAttachTitle = 0x00018010;
constexpr std::uint32_t attAttachData = 0x0006800F;
constexpr std::uint32_t attAttachModifyDate = 0x00038013;
constexpr std::uint32_t attAttachment = 0x00069005;

inline void put16(std::string& s, std::uint32_t v) {
  s += static_cast<char>(v & 0xFF);
  s += static_cast<char>(v >> 8 & 0xFF);
}
inline void put32(std::string& s, std::uint32_t v) {
  put16(s, v & 0xFFFF);
  put16(s, v >> 16);
}
inline void pad4(std::string& s, std::size_t n) { s.append((4 - n % 4) % 4, '\0'); }

// UTF-8 (BMP only) to UTF-16LE.
inline std::string utf16le(std::string_view utf8) {
  std::string out;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    std::uint32_t cp = c;
    std::size_t n = 1;
    if (c >= 0xE0) {
      cp = (c & 0x0F) << 12 | (static_cast<unsigned char>(utf8[i + 1]) & 0x3F) << 6 |
           (static_cast<unsigned char>(utf8[i + 2]) & 0x3F);
      n = 3;
    } else if (c >= 0xC0) {
      cp = (c & 0x1F) << 6 | (static_cast<unsigned char>(utf8[i + 1]) & 0x3F);
      n = 2;
    }
    put16(out, cp);
    i += n;
  }
  return out;
}

}  // namespace tnef

class MapiProps {
 public:
  MapiProps& unicode(std::uint16_t id, std::string_view utf8) {
    std::string v = tnef::utf16le(utf8);
    v.append(2, '\0');
    return variable(0x001F, id, v);
  }
  MapiProps& string8(std::uint16_t id, std::string_view s) { return variable(0x001E, id, std::string(s) + '\0'); }
  MapiProps& binary(std::uint16_t id, std::string_view data) { return variable(0x0102, id, data); }
  // A PT_OBJECT value: a 16-byte interface id, then the data.
  MapiProps& object(std::uint16_t id, std::string_view data) {
    return variable(0x000D, id, std::string(16, '\x11') + std::string(data));
  }
  MapiProps& u32(std::uint16_t id, std::uint32_t v) {
    tag(0x0003, id);
    tnef::put32(body_, v);
    return *this;
  }
  // A named property (id >= 0x8000) with a string name and one 32-bit value: exercises the name's padding.
  MapiProps& named_u32(std::uint16_t id, std::string_view name, std::uint32_t v) {
    tag(0x0003, id);
    body_.append(16, '\x22');
    tnef::put32(body_, 1);  // a string name
    const std::string n = tnef::utf16le(name);
    tnef::put32(body_, static_cast<std::uint32_t>(n.size()));
    body_ += n;
    tnef::pad4(body_, n.size());
    tnef::put32(body_, v);
    return *this;
  }
  // Anything, as it is (malformed lists); counts as one property.
  MapiProps& raw(std::string_view bytes) {
    ++count_;
    body_ += bytes;
    return *this;
  }
  std::string bytes() const {
    std::string s;
    tnef::put32(s, count_);
    return s + body_;
  }

 private:
  void tag(std::uint16_t type, std::uint16_t id) {
    ++count_;
    tnef::put16(body_, type);
    tnef::put16(body_, id);
  }
  MapiProps& variable(std::uint16_t type, std::uint16_t id, std::string_view v) {
    tag(type, id);
    tnef::put32(body_, 1);
    tnef::put32(body_, static_cast<std::uint32_t>(v.size()));
    body_ += v;
    tnef::pad4(body_, v.size());
    return *this;
  }
  std::uint32_t count_ = 0;
  std::string body_;
};

class TnefWriter {
 public:
  TnefWriter() {
    tnef::put32(s_, 0x223E9F78);
    tnef::put16(s_, 0x0001);  // legacy key
    ends_.push_back(s_.size());
    attribute(tnef::kMessage, tnef::attTnefVersion, std::string("\x00\x00\x01\x00", 4));
    attribute(tnef::kMessage, tnef::attOemCodepage, std::string("\xE4\x04\x00\x00\x00\x00\x00\x00", 8));  // 1252
  }
  TnefWriter& attribute(std::uint8_t level, std::uint32_t id, std::string_view data) {
    return attribute(level, id, data, static_cast<std::uint32_t>(data.size()));
  }
  // With a declared length that may lie.
  TnefWriter& attribute(std::uint8_t level, std::uint32_t id, std::string_view data, std::uint32_t length) {
    s_ += static_cast<char>(level);
    tnef::put32(s_, id);
    tnef::put32(s_, length);
    s_ += data;
    std::uint32_t sum = 0;
    for (unsigned char c : data) sum += c;
    tnef::put16(s_, sum & 0xFFFF);
    ends_.push_back(s_.size());
    return *this;
  }
  TnefWriter& subject(std::string_view s) { return attribute(tnef::kMessage, tnef::attSubject, std::string(s) + '\0'); }
  TnefWriter& date_sent(unsigned y, unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned s) {
    std::string v;
    for (unsigned f : {y, mo, d, h, mi, s, 0u}) tnef::put16(v, f);
    return attribute(tnef::kMessage, tnef::attDateSent, v);
  }
  TnefWriter& body(std::string_view s) { return attribute(tnef::kMessage, tnef::attBody, s); }
  TnefWriter& message_props(const MapiProps& p) { return attribute(tnef::kMessage, tnef::attMsgProps, p.bytes()); }
  // One attachment as Outlook writes it: rendering data, title, date, data, then its MAPI properties.
  TnefWriter& attachment(std::string_view title, std::string_view data, const MapiProps* props = nullptr) {
    const std::string rend_data("\x01\x00\xFF\xFF\xFF\xFF\x01\x00\x01\x00\x00\x00\x00\x00", 14);  // a file, no position
    attribute(tnef::kAttachment, tnef::attAttachRendData, rend_data);
    if (!title.empty()) attribute(tnef::kAttachment, tnef::attAttachTitle, std::string(title) + '\0');
    attribute(tnef::kAttachment, tnef::attAttachModifyDate, std::string(14, '\0'));
    attribute(tnef::kAttachment, tnef::attAttachData, data);
    if (props) attribute(tnef::kAttachment, tnef::attAttachment, props->bytes());
    return *this;
  }
  const std::string& bytes() const { return s_; }
  // Where the header and each attribute end (a stream cut there looks whole: TNEF has no end marker).
  const std::vector<std::size_t>& attribute_ends() const { return ends_; }

 private:
  std::string s_;
  std::vector<std::size_t> ends_;
};

}  // namespace datavagt::testing
