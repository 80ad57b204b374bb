#include "extractors/text/charset.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "core/utf8.h"

namespace datavagt {

std::string_view charset_name(Charset c) {
  switch (c) {
    case Charset::Utf8: return "utf-8";
    case Charset::Utf16LE: return "utf-16le";
    case Charset::Utf16BE: return "utf-16be";
    case Charset::Windows1252: return "windows-1252";
    case Charset::Windows1250: return "windows-1250";
  }
  return "utf-8";
}

char32_t windows1252_to_unicode(unsigned char b) {
  static constexpr char16_t high[32] = {
      0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
  if (b >= 0x80 && b < 0xA0) return high[b - 0x80];
  return b;
}

char32_t windows1250_to_unicode(unsigned char b) {
  static constexpr char16_t high[128] = {
      0x20AC, 0x0081, 0x201A, 0x0083, 0x201E, 0x2026, 0x2020, 0x2021, 0x0088, 0x2030, 0x0160,
      0x2039, 0x015A, 0x0164, 0x017D, 0x0179, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x0098, 0x2122, 0x0161, 0x203A, 0x015B, 0x0165, 0x017E, 0x017A, 0x00A0,
      0x02C7, 0x02D8, 0x0141, 0x00A4, 0x0104, 0x00A6, 0x00A7, 0x00A8, 0x00A9, 0x015E, 0x00AB,
      0x00AC, 0x00AD, 0x00AE, 0x017B, 0x00B0, 0x00B1, 0x02DB, 0x0142, 0x00B4, 0x00B5, 0x00B6,
      0x00B7, 0x00B8, 0x0105, 0x015F, 0x00BB, 0x013D, 0x02DD, 0x013E, 0x017C, 0x0154, 0x00C1,
      0x00C2, 0x0102, 0x00C4, 0x0139, 0x0106, 0x00C7, 0x010C, 0x00C9, 0x0118, 0x00CB, 0x011A,
      0x00CD, 0x00CE, 0x010E, 0x0110, 0x0143, 0x0147, 0x00D3, 0x00D4, 0x0150, 0x00D6, 0x00D7,
      0x0158, 0x016E, 0x00DA, 0x0170, 0x00DC, 0x00DD, 0x0162, 0x00DF, 0x0155, 0x00E1, 0x00E2,
      0x0103, 0x00E4, 0x013A, 0x0107, 0x00E7, 0x010D, 0x00E9, 0x0119, 0x00EB, 0x011B, 0x00ED,
      0x00EE, 0x010F, 0x0111, 0x0144, 0x0148, 0x00F3, 0x00F4, 0x0151, 0x00F6, 0x00F7, 0x0159,
      0x016F, 0x00FA, 0x0171, 0x00FC, 0x00FD, 0x0163, 0x02D9};
  return b < 0x80 ? b : high[b - 0x80];
}

CharsetGuess guess_charset(std::string_view head, bool complete) {
  const auto* p = reinterpret_cast<const unsigned char*>(head.data());
  const std::size_t n = head.size();
  if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) return {Charset::Utf8, 3, false};
  if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE) return {Charset::Utf16LE, 2, false};
  if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF) return {Charset::Utf16BE, 2, false};

  if (std::memchr(p, 0, n) != nullptr) {
    std::size_t zero_even = 0, zero_odd = 0;
    for (std::size_t i = 0; i < n; ++i)
      if (p[i] == 0) ++(i % 2 ? zero_odd : zero_even);
    // UTF-16 without BOM: text in the Latin range has a zero in every other byte, and almost nowhere else.
    const std::size_t pairs = n / 2;
    if (pairs >= 8 && zero_odd * 10 >= pairs * 4 && zero_even * 50 <= pairs) return {Charset::Utf16LE, 0, false};
    if (pairs >= 8 && zero_even * 10 >= pairs * 4 && zero_odd * 50 <= pairs) return {Charset::Utf16BE, 0, false};
    return {Charset::Windows1252, 0, true};
  }
  std::size_t valid = utf8::valid_prefix(head);
  // An incomplete sequence cut off by the end of the head is fine.
  if (valid == n || (!complete && utf8::is_incomplete_sequence(head.substr(valid))))
    return {Charset::Utf8, 0, false, valid};
  return {Charset::Windows1252, 0, false};
}

std::size_t TextDecoder::decode(std::string_view in, bool last, std::string_view& text, std::size_t known_valid) {
  switch (charset_) {
    case Charset::Utf8: return decode_utf8(in, last, text, std::min(known_valid, in.size()));
    case Charset::Utf16LE:
    case Charset::Utf16BE: return decode_utf16(in, last, text);
    case Charset::Windows1252:
    case Charset::Windows1250: return decode_8bit(in, text);
  }
  return 0;
}

std::size_t TextDecoder::decode_utf8(std::string_view in, bool last, std::string_view& text, std::size_t known_valid) {
  // Each byte is checked once: the charset guess has already checked the head.
  std::size_t valid = known_valid + utf8::valid_prefix(in.substr(known_valid));
  if (valid == in.size()) {
    text = in;
    return in.size();
  }
  // Keep an incomplete trailing sequence for the next call, unless this is the end.
  auto incomplete_tail = [&](std::size_t at) { return !last && utf8::is_incomplete_sequence(in.substr(at)); };
  if (incomplete_tail(valid)) {
    text = in.substr(0, valid);
    return valid;
  }
  // Transcode: valid runs copied, each invalid byte decoded as windows-1252.
  buf_.clear();
  std::size_t i = 0;
  while (i < in.size()) {
    std::size_t run = utf8::valid_prefix(in.substr(i));
    buf_.append(in.data() + i, run);
    i += run;
    if (i >= in.size()) break;
    if (incomplete_tail(i)) break;
    utf8::append_code_point(buf_, windows1252_to_unicode(static_cast<unsigned char>(in[i])));
    ++i;
  }
  text = buf_;
  return i;
}

std::size_t TextDecoder::decode_8bit(std::string_view in, std::string_view& text) {
  const auto table = charset_ == Charset::Windows1250 ? &windows1250_to_unicode : &windows1252_to_unicode;
  buf_.clear();
  buf_.reserve(in.size() + in.size() / 8);
  for (unsigned char b : in) {
    if (b < 0x80)
      buf_ += static_cast<char>(b);
    else
      utf8::append_code_point(buf_, table(b));
  }
  text = buf_;
  return in.size();
}

std::size_t TextDecoder::decode_utf16(std::string_view in, bool last, std::string_view& text) {
  const bool le = charset_ == Charset::Utf16LE;
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  auto unit = [&](std::size_t i) -> char16_t {
    return le ? static_cast<char16_t>(p[i] | (p[i + 1] << 8)) : static_cast<char16_t>((p[i] << 8) | p[i + 1]);
  };
  buf_.clear();
  buf_.reserve(in.size() / 2 + in.size() / 8);
  std::size_t i = 0;
  while (i + 2 <= in.size()) {
    char16_t u = unit(i);
    if (u >= 0xD800 && u <= 0xDBFF) {
      if (i + 4 > in.size()) {
        if (!last) break;  // high surrogate at the end: wait for its partner
        utf8::append_code_point(buf_, 0xFFFD);
        i += 2;
        continue;
      }
      char16_t lo = unit(i + 2);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        utf8::append_code_point(buf_, 0x10000 + ((static_cast<char32_t>(u) - 0xD800) << 10) + (lo - 0xDC00));
        i += 4;
      } else {
        utf8::append_code_point(buf_, 0xFFFD);
        i += 2;
      }
      continue;
    }
    utf8::append_code_point(buf_, (u >= 0xDC00 && u <= 0xDFFF) ? 0xFFFD : u);
    i += 2;
  }
  if (last && i < in.size()) {
    utf8::append_code_point(buf_, 0xFFFD);  // a dangling odd byte
    i = in.size();
  }
  text = buf_;
  return i;
}

}  // namespace datavagt
