#include "detectors/latin_letters.h"

#include "core/utf8.h"

namespace datavagt {

namespace {

struct Decomposition {
  char32_t composed;
  char base;
  char32_t mark;
};

constexpr char32_t kGrave = 0x300, kAcute = 0x301, kCircumflex = 0x302, kTilde = 0x303, kDiaeresis = 0x308,
                   kRing = 0x30A, kCedilla = 0x327;

// UnicodeData.txt's canonical decompositions of U+00C0..U+00FF.
constexpr Decomposition kTable[] = {
    {0xC0, 'A', kGrave}, {0xC1, 'A', kAcute}, {0xC2, 'A', kCircumflex}, {0xC3, 'A', kTilde},
    {0xC4, 'A', kDiaeresis}, {0xC5, 'A', kRing}, {0xC7, 'C', kCedilla}, {0xC8, 'E', kGrave},
    {0xC9, 'E', kAcute}, {0xCA, 'E', kCircumflex}, {0xCB, 'E', kDiaeresis}, {0xCC, 'I', kGrave},
    {0xCD, 'I', kAcute}, {0xCE, 'I', kCircumflex}, {0xCF, 'I', kDiaeresis}, {0xD1, 'N', kTilde},
    {0xD2, 'O', kGrave}, {0xD3, 'O', kAcute}, {0xD4, 'O', kCircumflex}, {0xD5, 'O', kTilde},
    {0xD6, 'O', kDiaeresis}, {0xD9, 'U', kGrave}, {0xDA, 'U', kAcute}, {0xDB, 'U', kCircumflex},
    {0xDC, 'U', kDiaeresis}, {0xDD, 'Y', kAcute}, {0xE0, 'a', kGrave}, {0xE1, 'a', kAcute},
    {0xE2, 'a', kCircumflex}, {0xE3, 'a', kTilde}, {0xE4, 'a', kDiaeresis}, {0xE5, 'a', kRing},
    {0xE7, 'c', kCedilla}, {0xE8, 'e', kGrave}, {0xE9, 'e', kAcute}, {0xEA, 'e', kCircumflex},
    {0xEB, 'e', kDiaeresis}, {0xEC, 'i', kGrave}, {0xED, 'i', kAcute}, {0xEE, 'i', kCircumflex},
    {0xEF, 'i', kDiaeresis}, {0xF1, 'n', kTilde}, {0xF2, 'o', kGrave}, {0xF3, 'o', kAcute},
    {0xF4, 'o', kCircumflex}, {0xF5, 'o', kTilde}, {0xF6, 'o', kDiaeresis}, {0xF9, 'u', kGrave},
    {0xFA, 'u', kAcute}, {0xFB, 'u', kCircumflex}, {0xFC, 'u', kDiaeresis}, {0xFD, 'y', kAcute},
    {0xFF, 'y', kDiaeresis},
};

// The code point starting at s[i] and its length; U+FFFD, 1 for a byte that starts no valid sequence.
char32_t decode_at(std::string_view s, std::size_t i, std::size_t& len) {
  const auto b = static_cast<unsigned char>(s[i]);
  len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  if (i + len > s.size() || !utf8::is_valid(s.substr(i, len))) {
    len = 1;
    return 0xFFFD;
  }
  if (len == 1) return b;
  char32_t cp = b & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
  for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return cp;
}

}  // namespace

std::string to_nfd_latin(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (std::size_t i = 0; i < s.size();) {
    std::size_t len = 0;
    const char32_t cp = decode_at(s, i, len);
    const Decomposition* d = nullptr;
    for (const auto& e : kTable)
      if (e.composed == cp) d = &e;
    if (d) {
      out += d->base;
      utf8::append_code_point(out, d->mark);
    } else {
      out.append(s.substr(i, len));
    }
    i += len;
  }
  return out;
}

std::string to_nfc_latin(std::string_view s) {
  // The marks that compose (U+0300..U+0327) are encoded with lead byte 0xCC: most text has none.
  if (s.find('\xCC') == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::size_t len = 0;
    decode_at(s, i, len);
    if (len == 1 && i + 1 < s.size()) {
      std::size_t mark_len = 0;
      const char32_t mark = decode_at(s, i + 1, mark_len);
      const Decomposition* d = nullptr;
      for (const auto& e : kTable)
        if (e.base == s[i] && e.mark == mark) d = &e;
      if (d) {
        utf8::append_code_point(out, d->composed);
        i += 1 + mark_len;
        continue;
      }
    }
    out.append(s.substr(i, len));
    i += len;
  }
  return out;
}

std::string fold_case_latin(std::string_view s) {
  std::string out;
  fold_case_latin_into(s, out);
  return out;
}

std::string upper_case_latin(std::string_view s) {
  std::string out(s);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto c = static_cast<unsigned char>(out[i]);
    if (c >= 'a' && c <= 'z') {
      out[i] = static_cast<char>(c - 32);
    } else if (c == 0xC3 && i + 1 < out.size()) {
      const auto n = static_cast<unsigned char>(out[i + 1]);
      if (n >= 0xA0 && n <= 0xBE && n != 0xB7) out[i + 1] = static_cast<char>(n - 0x20);
      ++i;
    }
  }
  return out;
}

void fold_case_latin_into(std::string_view s, std::string& out) {
  out.assign(s);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto c = static_cast<unsigned char>(out[i]);
    if (c >= 'A' && c <= 'Z') {
      out[i] = static_cast<char>(c + 32);
    } else if (c == 0xC3 && i + 1 < out.size()) {
      const auto n = static_cast<unsigned char>(out[i + 1]);
      if (n >= 0x80 && n <= 0x9E && n != 0x97) out[i + 1] = static_cast<char>(n + 0x20);
      ++i;
    }
  }
}

}  // namespace datavagt
