// libFuzzer target: untrusted bytes as mail: one MIME message (extractors/mail/mail.cpp through GMime:
// headers, RFC 2047 words, transfer encodings, charsets, multiparts, attachments and attached messages
// handed on), an mbox (mbox.cpp: messages split at "From " lines), and the header block alone
// (summarize_message_headers, which names a message: its subject must be valid UTF-8). With the checks of
// checking_sink.h. Build with ./run sanitize.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/utf8.h"
#include "extractors/mail/mime_message.h"
#include "tests/fuzz/checking_sink.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace datavagt;
  static const Limits limits = fuzzing::fuzz_limits();
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  fuzzing::extract_checked(FormatId::Mail, bytes, "brev.eml", limits);
  fuzzing::extract_checked(FormatId::Mbox, "From x@y Mon Jan  1 00:00:00 2024\n" + std::string(bytes), "arkiv.mbox",
                           limits);
  const MessageSummary summary = summarize_message_headers(bytes);
  if (!utf8::is_valid(summary.subject) || summary.subject.size() > 4 * size + 16) std::abort();
  return 0;
}
