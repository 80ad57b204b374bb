#pragma once
// Reading a TNEF stream (MS-OXTNEF: the winmail.dat / application/ms-tnef part Outlook wraps a message's
// attachments in) held in memory: the message's subject and bodies, and its attachments with their names and
// data. A pure function over bytes, thread-safe. Attachment data are views into the input; strings are
// copies no larger than the input. Every length is checked against the bytes left and nothing is allocated
// from a declared size; a cut or malformed stream gives what was read before it, `corrupt` saying why.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace datavagt {

// The stream's first four bytes, little-endian.
inline constexpr std::uint32_t kTnefSignature = 0x223E9F78;

struct TnefAttachment {
  // The best name present: PR_ATTACH_LONG_FILENAME, attAttachTitle, PR_ATTACH_FILENAME, PR_DISPLAY_NAME
  // (UTF-8; "" when there is none).
  std::string name;
  // attAttachData, else PR_ATTACH_DATA_BIN (an embedded object's or message's data after its interface id;
  // an embedded message is a TNEF stream of its own). nullopt: the attachment has no data (a link).
  std::optional<std::string_view> data;
};

struct TnefMessage {
  std::string subject;              // attSubject, else PR_SUBJECT (UTF-8)
  std::optional<std::int64_t> date;  // attDateSent, else PR_CLIENT_SUBMIT_TIME: seconds since the epoch
  std::string body;                 // attBody, else PR_BODY (UTF-8)
  std::string html;                 // PR_BODY_HTML as stored (bytes in the message's charset, or UTF-8)
  std::string_view rtf_compressed;  // PR_RTF_COMPRESSED (MS-OXRTFCP), a view into the input
  std::vector<TnefAttachment> attachments;
  // What could not be read ("" = nothing): the stream stopped early, or a property list was cut off. The
  // first such reason; never quotes content.
  std::string corrupt;
  bool too_many_attachments = false;  // more than `max_attachments`: the rest were not read
};

// Reads `bytes`, which must start with the signature (else `corrupt` says so and nothing is read). At most
// `max_attachments` attachments are kept.
TnefMessage read_tnef(std::string_view bytes, std::size_t max_attachments);

}  // namespace datavagt
