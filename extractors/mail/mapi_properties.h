#pragma once
// MAPI property ids and types shared by the Outlook formats that carry MAPI properties: MSG (msg.cpp, the
// properties as OLE2 streams) and TNEF (tnef_reader.cpp, the properties as a list in the attribute stream).
// A property tag is (id << 16) | type. [MS-OXPROPS], [MS-OXCDATA].
#include <cstdint>

namespace datavagt::mapi {

// Property ids.
constexpr std::uint16_t kSubject = 0x0037;
constexpr std::uint16_t kClientSubmitTime = 0x0039;
constexpr std::uint16_t kDeliveryTime = 0x0E06;
constexpr std::uint16_t kBody = 0x1000;
constexpr std::uint16_t kRtfCompressed = 0x1009;
constexpr std::uint16_t kBodyHtml = 0x1013;
constexpr std::uint16_t kDisplayName = 0x3001;
constexpr std::uint16_t kEmailAddress = 0x3003;
constexpr std::uint16_t kSmtpAddress = 0x39FE;
constexpr std::uint16_t kAttachData = 0x3701;
constexpr std::uint16_t kAttachFilename = 0x3704;
constexpr std::uint16_t kAttachLongFilename = 0x3707;

// Property types.
constexpr std::uint16_t kTypeObject = 0x000D;
constexpr std::uint16_t kTypeString8 = 0x001E;
constexpr std::uint16_t kTypeUnicode = 0x001F;
constexpr std::uint16_t kTypeSystime = 0x0040;
constexpr std::uint16_t kTypeBinary = 0x0102;
constexpr std::uint16_t kMultiValued = 0x1000;  // flag on a type

// A PT_SYSTIME value is a FILETIME: 100 ns ticks since 1601-01-01 UTC.
constexpr std::int64_t kFiletimeEpochOffset = 11644473600;  // seconds from 1601 to 1970

}  // namespace datavagt::mapi
