// TNEF (MS-OXTNEF), read from the format description. The stream: a u32 signature, a u16 legacy key, then
// attributes one after another, each
//   u8 level (1 message, 2 attachment) | u32 id (low word the attribute, high word its type) | u32 length |
//   length bytes of data | u16 checksum (the data's bytes summed; not checked: a wrong one costs nothing here)
// Attachments follow the message's attributes; each starts with attAttachRendData. The MAPI property lists
// (attMsgProps, attAttachment) are
//   u32 count, then per property: u16 type | u16 id | for named properties (id >= 0x8000) a GUID, u32 kind
//   and a u32 number or (u32 byte length, UTF-16 name, padding to 4) | the value:
//   fixed-size types padded to 4 bytes; variable-size ones (strings, binary, objects) and multi-valued
//   properties as u32 value count, then per value (variable-size: u32 size, data padded to 4).
// Only the first value of each property is used. A property of an unknown type cannot be skipped: the rest of
// that list is lost (reported `corrupt`), the stream's other attributes are still read.
#include "extractors/mail/tnef_reader.h"

#include <chrono>

#include "core/utf8.h"
#include "extractors/text/charset.h"
#include "extractors/le_bytes.h"
#include "extractors/mail/mapi_properties.h"
#include "extractors/utf16.h"

namespace datavagt {

namespace {

// Attribute levels and ids (the low word of the attribute id).
constexpr std::uint8_t kLevelMessage = 1;
constexpr std::uint8_t kLevelAttachment = 2;
constexpr std::uint16_t attSubject = 0x8004;
constexpr std::uint16_t attDateSent = 0x8005;
constexpr std::uint16_t attBody = 0x800C;
constexpr std::uint16_t attAttachData = 0x800F;
constexpr std::uint16_t attAttachTitle = 0x8010;
constexpr std::uint16_t attAttachRendData = 0x9002;
constexpr std::uint16_t attMsgProps = 0x9003;
constexpr std::uint16_t attAttachment = 0x9005;
constexpr std::uint16_t attOemCodepage = 0x9007;

using namespace mapi;  // MAPI property ids and types

constexpr std::size_t kIidBytes = 16;
constexpr std::size_t kAttributeOverhead = 1 + 4 + 4 + 2;  // level, id, length, checksum

// Bytes a fixed-size value takes in the stream (padded to 4); 0 = variable-size; nullopt = unknown type.
std::optional<std::size_t> fixed_size(std::uint16_t type) {
  switch (type) {
    case 0x0001:  // null
    case 0x0002:  // 16-bit integer
    case 0x0003:  // 32-bit integer
    case 0x0004:  // float
    case 0x000A:  // error code
    case 0x000B:  // boolean
      return 4;
    case 0x0005:  // double
    case 0x0006:  // currency
    case 0x0007:  // application time
    case 0x0014:  // 64-bit integer
    case 0x0040:  // FILETIME
      return 8;
    case 0x0048:  // GUID
      return 16;
    case kTypeString8:
    case kTypeUnicode:
    case kTypeBinary:
    case kTypeObject:
    case 0x00FB:  // server id
      return 0;
    default:
      return std::nullopt;
  }
}

std::size_t padded(std::size_t n) { return n + (4 - n % 4) % 4; }

// A bounds-checked cursor over one attribute's data.
class Cursor {
 public:
  explicit Cursor(std::string_view b) : b_(b) {}
  std::optional<std::uint32_t> u32() {
    auto v = le::u32(b_, at_);
    if (v) at_ += 4;
    return v;
  }
  std::optional<std::uint16_t> u16() {
    auto v = le::u16(b_, at_);
    if (v) at_ += 2;
    return v;
  }
  // `n` bytes, then skips `skip_to` of them in all (padding); nullopt when they are not all there.
  std::optional<std::string_view> take(std::size_t n, std::size_t skip) {
    if (skip > b_.size() - at_) return std::nullopt;
    const std::string_view v = b_.substr(at_, n);
    at_ += skip;
    return v;
  }
  bool skip(std::size_t n) { return take(0, n).has_value(); }

 private:
  std::string_view b_;
  std::size_t at_ = 0;
};

struct MapiValue {
  std::uint16_t id;
  std::uint16_t type;      // without the multi-valued flag
  std::string_view value;  // the first value; for an object, its data after the interface id
};

// Calls `each` with every property of the list in `data`. Returns "" or why the list could not be read to its end.
template <typename Each>
std::string read_mapi_props(std::string_view data, Each&& each) {
  Cursor c(data);
  const auto count = c.u32();
  if (!count) return "a MAPI property list is cut short";
  for (std::uint32_t i = 0; i < *count; ++i) {
    const auto type_raw = c.u16();
    const auto id = c.u16();
    if (!type_raw || !id) return "a MAPI property list is cut short";
    if (*id >= 0x8000) {  // named property: GUID, kind, then a number or a UTF-16 name
      if (!c.skip(16)) return "a MAPI property list is cut short";
      const auto kind = c.u32();
      const auto n = c.u32();
      if (!kind || !n) return "a MAPI property list is cut short";
      if (*kind == 1 && !c.skip(padded(*n))) return "a MAPI property list is cut short";
      if (*kind > 1) return "a MAPI property name is of an unknown kind";
    }
    const bool multi = (*type_raw & kMultiValued) != 0;
    const std::uint16_t type = *type_raw & ~kMultiValued;
    const auto size = fixed_size(type);
    if (!size) return "a MAPI property is of an unknown type";
    std::uint32_t values = 1;
    if (multi || *size == 0) {
      const auto n = c.u32();
      if (!n) return "a MAPI property list is cut short";
      values = *n;
    }
    std::optional<std::string_view> first;
    for (std::uint32_t v = 0; v < values; ++v) {  // every value takes 4 bytes at least: bounded by the data
      std::optional<std::string_view> value;
      if (*size != 0) {
        value = c.take(*size, *size);
      } else if (const auto n = c.u32()) {
        value = c.take(*n, padded(*n));
      }
      if (!value) return "a MAPI property value is longer than its attribute";
      if (!first) first = value;
    }
    if (!first) continue;  // a multi-valued property without values
    std::string_view value = *first;
    if (type == kTypeObject) value = value.size() >= kIidBytes ? value.substr(kIidBytes) : std::string_view{};
    each(MapiValue{*id, type, value});
  }
  return {};
}

// 8-bit text in the stream's code page (attOemCodepage) to UTF-8, up to its first NUL.
std::string from_8bit(std::string_view s, std::uint32_t codepage) {
  s = s.substr(0, s.find('\0'));
  std::string out;
  if (codepage == 65001 || utf8::is_valid(s)) {
    utf8::append_lossy(out, s);
    return out;
  }
  for (unsigned char ch : s)
    utf8::append_code_point(out, codepage == 1250 ? windows1250_to_unicode(ch) : windows1252_to_unicode(ch));
  return out;
}

std::string string_value(const MapiValue& v, std::uint32_t codepage) {
  if (v.type == kTypeUnicode) {
    std::string out;
    append_utf16le(out, v.value);
    return out;
  }
  if (v.type == kTypeString8) return from_8bit(v.value, codepage);
  return {};
}

// atpDate: u16 year, month, day, hour, minute, second, day of week (UTC, as Outlook writes it).
std::optional<std::int64_t> date_value(std::string_view d) {
  std::uint16_t f[6];
  for (std::size_t i = 0; i < 6; ++i) {
    const auto v = le::u16(d, 2 * i);
    if (!v) return std::nullopt;
    f[i] = *v;
  }
  const std::chrono::year_month_day ymd{std::chrono::year{f[0]}, std::chrono::month{f[1]}, std::chrono::day{f[2]}};
  if (f[0] < 1601 || !ymd.ok() || f[3] > 23 || f[4] > 59 || f[5] > 60) return std::nullopt;
  const auto days = std::chrono::sys_days{ymd}.time_since_epoch().count();
  return std::int64_t{days} * 86400 + f[3] * 3600 + f[4] * 60 + f[5];
}

// PT_SYSTIME: a FILETIME, 100 ns since 1601.
std::optional<std::int64_t> filetime_value(std::string_view v) {
  const auto t = le::u64(v, 0);
  if (!t || *t == 0) return std::nullopt;
  return static_cast<std::int64_t>(*t / 10000000) - kFiletimeEpochOffset;
}

class TnefWalk {
 public:
  TnefWalk(std::string_view bytes, std::size_t max_attachments) : bytes_(bytes), max_attachments_(max_attachments) {}

  TnefMessage run() {
    if (le::u32(bytes_, 0) != kTnefSignature) {
      m_.corrupt = "no TNEF signature";
      return std::move(m_);
    }
    if (bytes_.size() < 6) {
      m_.corrupt = "cut inside the header";
      return std::move(m_);
    }
    std::size_t at = 6;  // signature, legacy key
    while (at < bytes_.size()) {
      if (bytes_.size() - at < kAttributeOverhead) {
        m_.corrupt = "cut inside an attribute";
        break;
      }
      const std::uint8_t level = *le::u8(bytes_, at);
      const std::uint16_t id = static_cast<std::uint16_t>(*le::u32(bytes_, at + 1) & 0xFFFF);
      const std::uint32_t length = *le::u32(bytes_, at + 5);
      if (level != kLevelMessage && level != kLevelAttachment) {
        m_.corrupt = "an attribute of an unknown level";
        break;
      }
      if (length > bytes_.size() - at - kAttributeOverhead) {
        m_.corrupt = "an attribute is longer than the stream";
        break;
      }
      const std::string_view data = bytes_.substr(at + 9, length);
      at += kAttributeOverhead + length;
      if (level == kLevelMessage)
        message_attribute(id, data);
      else if (!attachment_attribute(id, data))
        break;
    }
    finish_attachment();
    return std::move(m_);
  }

 private:
  void message_attribute(std::uint16_t id, std::string_view data) {
    switch (id) {
      case attOemCodepage:
        codepage_ = le::u32(data, 0).value_or(0);
        break;
      case attSubject:
        m_.subject = from_8bit(data, codepage_);
        break;
      case attDateSent:
        if (auto d = date_value(data)) m_.date = d;
        break;
      case attBody:
        m_.body = from_8bit(data, codepage_);
        break;
      case attMsgProps:
        note(read_mapi_props(data, [&](const MapiValue& v) {
          switch (v.id) {
            case kSubject:
              if (m_.subject.empty()) m_.subject = string_value(v, codepage_);
              break;
            case kClientSubmitTime:
              if (!m_.date && v.type == kTypeSystime) m_.date = filetime_value(v.value);
              break;
            case kBody:
              if (m_.body.empty()) m_.body = string_value(v, codepage_);
              break;
            case kBodyHtml:
              if (v.type == kTypeBinary || v.type == kTypeString8)
                m_.html.assign(v.value.substr(0, v.value.find('\0')));
              else
                m_.html = string_value(v, codepage_);
              break;
            case kRtfCompressed:
              if (v.type == kTypeBinary) m_.rtf_compressed = v.value;
              break;
            default:
              break;
          }
        }));
        break;
      default:
        break;
    }
  }

  // False when no more attachments are to be read.
  bool attachment_attribute(std::uint16_t id, std::string_view data) {
    if (id == attAttachRendData || !current_) {
      finish_attachment();
      if (m_.attachments.size() >= max_attachments_) {
        m_.too_many_attachments = true;
        return false;
      }
      current_ = TnefAttachment{};
      title_.clear();
      long_name_.clear();
      short_name_.clear();
      display_name_.clear();
      property_data_.reset();
    }
    switch (id) {
      case attAttachTitle:
        title_ = from_8bit(data, codepage_);
        break;
      case attAttachData:
        current_->data = data;
        break;
      case attAttachment:
        note(read_mapi_props(data, [&](const MapiValue& v) {
          switch (v.id) {
            case kAttachLongFilename: long_name_ = string_value(v, codepage_); break;
            case kAttachFilename: short_name_ = string_value(v, codepage_); break;
            case kDisplayName: display_name_ = string_value(v, codepage_); break;
            case kAttachData:
              if (v.type == kTypeBinary || v.type == kTypeObject) property_data_ = v.value;
              break;
            default: break;
          }
        }));
        break;
      default:
        break;
    }
    return true;
  }

  void finish_attachment() {
    if (!current_) return;
    for (std::string* name : {&long_name_, &title_, &short_name_, &display_name_}) {
      if (!name->empty()) {
        current_->name = std::move(*name);
        break;
      }
    }
    if (!current_->data) current_->data = property_data_;
    m_.attachments.push_back(std::move(*current_));
    current_.reset();
  }

  void note(std::string why) {
    if (!why.empty() && m_.corrupt.empty()) m_.corrupt = std::move(why);
  }

  std::string_view bytes_;
  std::size_t max_attachments_;
  TnefMessage m_;
  std::uint32_t codepage_ = 0;
  std::optional<TnefAttachment> current_;
  std::string title_, long_name_, short_name_, display_name_;
  std::optional<std::string_view> property_data_;
};

}  // namespace

TnefMessage read_tnef(std::string_view bytes, std::size_t max_attachments) {
  return TnefWalk(bytes, max_attachments).run();
}

}  // namespace datavagt
