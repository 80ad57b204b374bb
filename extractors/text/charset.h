#pragma once
// Text encodings: guess from the first bytes, then decode a byte stream to UTF-8 piece by piece.
// UTF-8 (with or without BOM), UTF-16LE/BE (BOM, or a clear pattern of zero bytes), and windows-1252 for
// 8-bit text that is not valid UTF-8. In UTF-8 mode a stray invalid byte is decoded as windows-1252 too,
// so mixed files lose nothing. Output is always valid UTF-8.
#include <cstddef>
#include <string>
#include <string_view>

namespace datavagt {

// Windows1250 is never guessed: only a declaration names it (an HTML page's <meta charset>).
enum class Charset { Utf8, Utf16LE, Utf16BE, Windows1252, Windows1250 };

std::string_view charset_name(Charset c);

struct CharsetGuess {
  Charset charset = Charset::Utf8;
  std::size_t bom_bytes = 0;  // bytes to skip at the start
  bool binary = false;        // NUL bytes that do not look like UTF-16: not text
  std::size_t valid_utf8 = 0;  // the first bytes of head checked as valid UTF-8 (decode need not check again)
};

// `head`: the first bytes of the item (a few KB); `complete`: head is the whole item.
CharsetGuess guess_charset(std::string_view head, bool complete);

class TextDecoder {
 public:
  explicit TextDecoder(Charset c) : charset_(c) {}

  // Decodes a prefix of `in`. Returns how many bytes of `in` were consumed; the rest (at most 3 bytes, an
  // incomplete sequence) must be passed again with more data. With `last`, everything is consumed.
  // `text` receives the UTF-8 result: a view into `in` when no conversion was needed, else into an
  // internal buffer; valid until the next call. `known_valid`: the first bytes of `in` are known to be valid
  // UTF-8 (CharsetGuess::valid_utf8), so a UTF-8 decoder does not check them again.
  std::size_t decode(std::string_view in, bool last, std::string_view& text, std::size_t known_valid = 0);

 private:
  std::size_t decode_utf8(std::string_view in, bool last, std::string_view& text, std::size_t known_valid);
  std::size_t decode_utf16(std::string_view in, bool last, std::string_view& text);
  std::size_t decode_8bit(std::string_view in, std::string_view& text);

  Charset charset_;
  std::string buf_;
};

// windows-1252 byte -> Unicode code point (undefined bytes map to the C1 control of the same value).
char32_t windows1252_to_unicode(unsigned char b);
// windows-1250 (Central European: Polish, Czech, Hungarian … names), the same way.
char32_t windows1250_to_unicode(unsigned char b);

}  // namespace datavagt
