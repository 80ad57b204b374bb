#pragma once
// One MIME message (RFC 822 / 2045), read with GMime 3; shared by mail.cpp (one .eml) and mbox.cpp (many).
// Contract: call from any thread (GMime is initialised once, thread-safely, on first use); one message per
// call; the message is held in memory only up to Limits::max_buffered_member_bytes (an on-disk file larger
// than that is read by GMime from the file's descriptor, piece by piece). No exception crosses GMime.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/item.h"
#include "core/limits.h"
#include "extractors/byte_source.h"
#include "extractors/extractor.h"

namespace datavagt {

// What names a message in a location (message_label.h): its decoded subject and its Date.
struct MessageSummary {
  std::string subject;               // decoded from RFC 2047, valid UTF-8
  std::optional<std::int64_t> date;  // seconds since the epoch
};

// Reads the header block (the bytes up to the first empty line; more is ignored) of a message.
MessageSummary summarize_message_headers(std::string_view message);

// The whole message read from `in`: the header fields that name people (Subject, From, To, Cc, Bcc, Reply-To)
// as text in part "header"; text/plain and text/html bodies as text in part "body" (transfer encoding and
// charset decoded, HTML through the HTML extractor); every attachment, every other part and every attached
// message (message/rfc822) handed to `out.nested()` as a member named after its file name, or "part N", or
// for a message its label; members get the message's Date as their time. Encrypted parts are `encrypted`.
void extract_mime_message(ByteSource& in, const ItemInfo& info, ExtractSink& out, const Limits& limits);

}  // namespace datavagt
