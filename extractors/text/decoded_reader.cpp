#include "extractors/text/decoded_reader.h"

#include <algorithm>
#include <cstring>
#include <memory>

namespace datavagt {

namespace {
constexpr std::size_t kCharsetHeadBytes = 64 * 1024;
}  // namespace

Charset read_decoded(ByteSource& in, const ItemInfo& info, const Limits& limits, ExtractSink& out,
                     const std::function<bool(std::string_view)>& piece, DeclaredCharset declared) {
  // Small files get small buffers; large ones (and streamed members of unknown size, 0) stream through
  // read_chunk_bytes.
  const std::size_t chunk = std::max<std::size_t>(limits.read_chunk_bytes, 4096);
  const std::size_t cap =
      info.size == 0 ? chunk : static_cast<std::size_t>(std::clamp<std::uint64_t>(info.size + 8, 4096, chunk));
  std::unique_ptr<char[]> buf(new char[cap]);
  std::size_t carry = 0;  // undecoded bytes (an incomplete sequence) kept at the front of buf
  bool first = true;
  TextDecoder decoder(Charset::Utf8);
  Charset charset = Charset::Utf8;
  std::size_t known_valid = 0;  // bytes after `start` the charset guess found valid UTF-8
  for (;;) {
    auto got = read_fully(in, std::span<char>(buf.get() + carry, cap - carry));
    if (!got) {
      out.problem(got.problem());
      return charset;
    }
    const std::size_t total = carry + *got;
    const bool last = carry + *got < cap;
    std::size_t start = 0;
    if (first) {
      // The head decides the charset; looking further would only cost time on large files.
      const std::size_t head = std::min<std::size_t>(total, kCharsetHeadBytes);
      const std::string_view head_bytes(buf.get(), head);
      const CharsetGuess guess = guess_charset(head_bytes, last && head == total);
      charset = guess.charset;
      // A declaration counts for 8-bit text only: a byte order mark or UTF-16 bytes say more than a <meta>.
      if (declared && guess.bom_bytes == 0 && !guess.binary &&
          (charset == Charset::Utf8 || charset == Charset::Windows1252)) {
        if (const auto d = declared(head_bytes)) charset = *d;
      }
      decoder = TextDecoder(charset);
      start = guess.bom_bytes;
      if (charset == guess.charset) known_valid = guess.valid_utf8;
      first = false;
    }
    std::string_view text;
    const std::size_t consumed =
        decoder.decode(std::string_view(buf.get() + start, total - start), last, text, known_valid);
    known_valid = 0;
    if (!text.empty() && !piece(text)) return charset;
    if (last) return charset;
    carry = total - start - consumed;
    std::memmove(buf.get(), buf.get() + start + consumed, carry);
  }
}

}  // namespace datavagt
