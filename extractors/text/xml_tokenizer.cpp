#include "extractors/text/xml_tokenizer.h"

#include <array>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace datavagt {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Name characters: ASCII letters, '_', ':', any non-ASCII byte (validated as UTF-8 elsewhere); after the first
// one also digits, '-' and '.'.
enum : unsigned char { kNameStart = 1, kNameChar = 2 };
constexpr std::array<unsigned char, 256> kName = [] {
  std::array<unsigned char, 256> t{};
  for (int c = 0; c < 256; ++c) {
    const bool start = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || c >= 0x80;
    const bool more = start || (c >= '0' && c <= '9') || c == '-' || c == '.';
    t[static_cast<std::size_t>(c)] = static_cast<unsigned char>((start ? kNameStart : 0) | (more ? kNameChar : 0));
  }
  return t;
}();
bool is_name_start(unsigned char c) { return kName[c] & kNameStart; }
bool is_name_char(unsigned char c) { return kName[c] & kNameChar; }

// Bytes the start-tag scan must look at: quotes, '>', '<', '&', control characters, non-ASCII.
constexpr std::array<bool, 256> kTagSpecial = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[static_cast<std::size_t>(c)] = true;
  for (int c = 0x80; c < 0x100; ++c) t[static_cast<std::size_t>(c)] = true;
  t['"'] = t['\''] = t['>'] = t['<'] = t['&'] = true;
  return t;
}();

// Bytes the text loop must look at: markup, references, CR, ']' (of "]]>"), control characters, non-ASCII.
constexpr std::array<bool, 256> kTextSpecial = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[static_cast<std::size_t>(c)] = c != '\t' && c != '\n';
  for (int c = 0x80; c < 0x100; ++c) t[static_cast<std::size_t>(c)] = true;
  t['<'] = t['&'] = t[']'] = true;
  return t;
}();

// The first byte at or after `i` that may be special in text (kTextSpecial, or a tab or LF), or the start of
// the last incomplete 16-byte block: sixteen bytes at a time with SSE2, jumping straight to the first such byte.
std::size_t skip_plain_text(std::string_view s, std::size_t i) {
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(0x20), lt = _mm_set1_epi8('<'), amp = _mm_set1_epi8('&'),
                bracket = _mm_set1_epi8(']');
  while (i + 16 <= s.size()) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    // Signed: bytes of 0x80 and up are negative, so "below a space" catches them with the control characters.
    const __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(v, space), _mm_cmpeq_epi8(v, lt)),
                                         _mm_or_si128(_mm_cmpeq_epi8(v, amp), _mm_cmpeq_epi8(v, bracket)));
    const int mask = _mm_movemask_epi8(special);
    if (mask != 0) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    i += 16;
  }
#endif
  return i;
}

// The length of the UTF-8 sequence at s[i] when it is valid and a character XML allows (not a surrogate, not
// U+FFFE/U+FFFF); 0 when it is not; -1 when it may be, but the bytes end first.
int utf8_sequence(std::string_view s, std::size_t i) {
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c = at(0);
  if (c < 0x80) return 1;
  int len = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  const std::size_t avail = s.size() - i;
  for (int k = 1; k < len; ++k) {
    if (static_cast<std::size_t>(k) >= avail) return -1;
    const unsigned char b = at(static_cast<std::size_t>(k));
    if (k == 1 ? (b < lo || b > hi) : (b & 0xC0) != 0x80) return 0;
  }
  if (c == 0xEF && at(1) == 0xBF && (at(2) == 0xBE || at(2) == 0xBF)) return 0;  // U+FFFE, U+FFFF
  return len;
}

// A whole tag's bytes: valid UTF-8 of allowed characters (tab, LF and CR are the only control characters).
bool clean(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x80) {
      ++i;
    } else if (c < 0x20) {
      if (c != '\t' && c != '\n' && c != '\r') return false;
      ++i;
    } else {
      const int n = utf8_sequence(s, i);
      if (n <= 0) return false;
      i += static_cast<std::size_t>(n);
    }
  }
  return true;
}

bool xml_char(std::uint32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
         (c >= 0x10000 && c <= 0x10FFFF);
}

std::size_t encode_utf8(std::uint32_t c, char* out) {
  if (c < 0x80) {
    out[0] = static_cast<char>(c);
    return 1;
  }
  if (c < 0x800) {
    out[0] = static_cast<char>(0xC0 | (c >> 6));
    out[1] = static_cast<char>(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (c >> 12));
    out[1] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (c & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (c >> 18));
  out[1] = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (c & 0x3F));
  return 4;
}

constexpr std::size_t kMaxReferenceBytes = 32;  // "&#x0000000010FFFF;" and the like

// The text an entity or character reference stands for (`name` is what is between '&' and ';'), written to
// `out` (4 bytes); its length, or 0 when it is not one of the predefined entities or a valid reference.
std::size_t expand_reference(std::string_view name, char* out) {
  if (name.empty()) return 0;
  if (name[0] != '#') {
    const char c = name == "lt"     ? '<'
                   : name == "gt"   ? '>'
                   : name == "amp"  ? '&'
                   : name == "apos" ? '\''
                   : name == "quot" ? '"'
                                    : '\0';
    if (c == '\0') return 0;
    out[0] = c;
    return 1;
  }
  const bool hex = name.size() > 1 && name[1] == 'x';
  const std::string_view digits = name.substr(hex ? 2 : 1);
  if (digits.empty()) return 0;
  std::uint32_t v = 0;
  for (char d : digits) {
    std::uint32_t k;
    if (d >= '0' && d <= '9')
      k = static_cast<std::uint32_t>(d - '0');
    else if (hex && d >= 'a' && d <= 'f')
      k = static_cast<std::uint32_t>(d - 'a' + 10);
    else if (hex && d >= 'A' && d <= 'F')
      k = static_cast<std::uint32_t>(d - 'A' + 10);
    else
      return 0;
    v = v * (hex ? 16 : 10) + k;
    if (v > 0x10FFFF) return 0;
  }
  if (!xml_char(v)) return 0;
  return encode_utf8(v, out);
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Where the local part of a (short) qualified name starts: after its first ':', or 0.
std::size_t after_colon(std::string_view name) {
  for (std::size_t i = 0; i < name.size(); ++i)
    if (name[i] == ':') return i + 1;
  return 0;
}

// True when `s` is a proper prefix of `p` (more bytes could make it `p`).
bool could_become(std::string_view s, std::string_view p) { return s.size() < p.size() && starts_with(p, s); }

std::string_view read_name(std::string_view s, std::size_t& i) {
  const std::size_t from = i;
  if (i >= s.size() || !is_name_start(static_cast<unsigned char>(s[i]))) return {};
  ++i;
  while (i < s.size() && is_name_char(static_cast<unsigned char>(s[i]))) ++i;
  return s.substr(from, i - from);
}

void skip_space(std::string_view s, std::size_t& i) {
  while (i < s.size() && is_space(s[i])) ++i;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (x != b[i]) return false;
  }
  return true;
}

}  // namespace

std::optional<bool> XmlTokenizer::handles(std::string_view head) {
  if (head.size() < 3 && could_become(head, "\xEF\xBB\xBF")) return std::nullopt;
  if (starts_with(head, "\xEF\xBB\xBF")) {
    head.remove_prefix(3);
  } else if (!head.empty() && (head[0] == '\0' || head[0] == '\xFE' || head[0] == '\xFF')) {
    return false;  // UTF-16 or UTF-32
  }
  if (head.size() > 1 && head[1] == '\0') return false;  // UTF-16LE without a BOM
  if (could_become(head, "<?xml")) return std::nullopt;
  if (!starts_with(head, "<?xml")) return true;
  const std::size_t end = head.find("?>");
  if (end == std::string_view::npos) {
    if (head.size() < kMaxDeclarationBytes) return std::nullopt;
    return false;  // a declaration that long: leave it to libxml2
  }
  const std::string_view decl = head.substr(0, end);
  const std::size_t at = decl.find("encoding");
  if (at == std::string_view::npos) return true;  // UTF-8 by default
  std::size_t i = at + 8;
  skip_space(decl, i);
  if (i >= decl.size() || decl[i] != '=') return false;
  ++i;
  skip_space(decl, i);
  if (i >= decl.size() || (decl[i] != '"' && decl[i] != '\'')) return false;
  const std::size_t close = decl.find(decl[i], i + 1);
  if (close == std::string_view::npos) return false;
  const std::string_view name = decl.substr(i + 1, close - i - 1);
  return equals_ignoring_case(name, "utf-8") || equals_ignoring_case(name, "utf8");
}

bool XmlTokenizer::feed(std::string_view bytes) {
  if (malformed_ || doctype_) return false;
  if (!pending_.empty()) {
    // A token cut by the end of the last piece: completed with as little of this one as it takes (up to the
    // first '>'), so the rest is parsed where it lies instead of being copied. A tag, comment, PI or CDATA
    // section can only end at a '>': without one there is nothing to parse again (a long tag arriving in
    // small pieces is not parsed over and over).
    const void* gt = std::memchr(bytes.data(), '>', bytes.size());
    const std::size_t upto =
        gt ? static_cast<std::size_t>(static_cast<const char*>(gt) - bytes.data()) + 1 : bytes.size();
    const bool hopeless = wait_for_gt_ && gt == nullptr;
    pending_.append(bytes.substr(0, upto));
    bytes.remove_prefix(upto);
    if (!hopeless) pending_.erase(0, parse(pending_));
    if (!pending_.empty() && !bytes.empty() && !malformed_ && !doctype_) {  // it takes more ('>' in a value …)
      pending_.append(bytes);
      bytes = {};
      pending_.erase(0, parse(pending_));
    }
  }
  if (pending_.empty() && !bytes.empty() && !malformed_ && !doctype_) {
    const std::size_t used = parse(bytes);
    if (!malformed_ && !doctype_) pending_.assign(bytes.substr(used));
  }
  if (pending_.size() > kMaxTokenBytes) fail();
  if (malformed_ || doctype_) pending_.clear();
  return !malformed_ && !doctype_;
}

void XmlTokenizer::finish() {
  if (malformed_ || doctype_) return;
  if (!pending_.empty() || !open_.empty() || !root_seen_) fail();
  pending_.clear();
}

std::size_t XmlTokenizer::parse(std::string_view s) {
  wait_for_gt_ = false;
  std::size_t pos = 0;
  if (consumed_ == 0) {
    if (could_become(s, "\xEF\xBB\xBF")) return 0;
    if (starts_with(s, "\xEF\xBB\xBF")) {
      pos = 3;
      consumed_ = 3;
      bom_ = true;
    }
  }
  while (pos < s.size()) {
    const std::string_view rest = s.substr(pos);
    const std::size_t used = rest[0] == '<' ? markup(rest) : text(rest);
    if (malformed_ || doctype_ || used == 0) break;
    pos += used;
    consumed_ += used;
  }
  return pos;
}

std::size_t XmlTokenizer::text(std::string_view s) {
  const std::size_t n = s.size();
  std::size_t i = 0;
  if (open_.empty()) {  // before or after the root element: whitespace only
    while (i < n && is_space(s[i])) ++i;
    if (i < n && s[i] != '<') fail();
    return i;
  }
  std::size_t run = 0;  // start of the plain bytes not passed on yet
  const auto pass_on = [&](std::size_t upto) {
    if (upto > run) events_.characters(s.substr(run, upto - run));
  };
  while (i < n) {
    i = skip_plain_text(s, i);
    if (i >= n) break;
    const auto c = static_cast<unsigned char>(s[i]);
    if (!kTextSpecial[c]) {
      ++i;
      continue;
    }
    if (c == '<') break;
    if (c >= 0xC2 && c <= 0xDF && i + 1 < n && (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80) {
      i += 2;  // a two-byte character (æ, ø, å …): always one XML allows
      continue;
    }
    if (c >= 0x80) {
      const int len = utf8_sequence(s, i);
      if (len == 0) {
        pass_on(i);
        fail();
        return i;
      }
      if (len < 0) break;  // the rest of the character comes with the next piece
      i += static_cast<std::size_t>(len);
      continue;
    }
    if (c == '&') {
      pass_on(i);
      const std::size_t used = reference(s.substr(i));
      if (used == 0) return i;  // malformed, or the reference is incomplete
      i += used;
      run = i;
      continue;
    }
    if (c == '\r') {
      pass_on(i);
      if (i + 1 == n) return i;  // CR LF or a lone CR: decided by the next byte
      if (s[i + 1] != '\n') events_.characters("\n");
      ++i;  // a following LF stays in the next run
      run = i;
      continue;
    }
    if (c == ']') {
      const std::string_view tail = s.substr(i, 3);
      if (tail == "]]>") {
        pass_on(i);
        fail();
        return i;
      }
      if (could_become(tail, "]]>")) break;
      ++i;
      continue;
    }
    pass_on(i);  // another control character
    fail();
    return i;
  }
  pass_on(i);
  return i;
}

std::size_t XmlTokenizer::reference(std::string_view s) {
  const std::size_t semi = s.substr(0, kMaxReferenceBytes).find(';');
  if (semi == std::string_view::npos) {
    if (s.size() < kMaxReferenceBytes) return 0;  // wait for the rest
    fail();
    return 0;
  }
  char out[4];
  const std::size_t len = expand_reference(s.substr(1, semi - 1), out);
  if (len == 0) {
    fail();  // an undeclared entity, or a reference to a character XML does not allow
    return 0;
  }
  events_.characters(std::string_view(out, len));
  return semi + 1;
}

std::size_t XmlTokenizer::markup(std::string_view s) {
  const auto wait = [&]() -> std::size_t {
    wait_for_gt_ = true;
    return 0;
  };
  // A token longer than kMaxTokenBytes is refused before anything of it is passed on.
  const auto too_long = [&](std::size_t end) {
    if (end <= kMaxTokenBytes) return false;
    fail();
    return true;
  };
  if (s.size() < 2) return 0;
  if (s[1] == '/') {
    // Most end tags are "</name>" of the open element: compared in place.
    if (!open_.empty()) {
      const Open& top = open_.back();
      const std::string_view open_name = std::string_view(names_).substr(top.name_at, top.name_size);
      if (s.size() < open_name.size() + 3) {
        if (std::string_view(open_name).substr(0, s.size() - 2) == s.substr(2)) return wait();
      } else if (s[open_name.size() + 2] == '>' && s.substr(2, open_name.size()) == open_name) {
        close_element();
        return open_name.size() + 3;
      }
    }
    const std::size_t gt = s.find('>', 2);
    if (gt == std::string_view::npos) return wait();
    if (too_long(gt)) return 0;
    return end_tag(s.substr(0, gt + 1)) ? gt + 1 : 0;
  }
  if (s[1] == '?') {
    const std::size_t end = s.find("?>", 2);
    if (end == std::string_view::npos) return wait();
    if (too_long(end)) return 0;
    std::size_t i = 2;
    const std::string_view target = read_name(s, i);
    if (target.empty() || !clean(s.substr(0, end))) {
      fail();
      return 0;
    }
    // The XML declaration only at the very start; other targets named "xml" are reserved.
    if (equals_ignoring_case(target, "xml") && (target != "xml" || consumed_ != (bom_ ? 3u : 0u))) {
      fail();
      return 0;
    }
    return end + 2;
  }
  if (s[1] == '!') {
    if (starts_with(s, "<!--")) {
      const std::size_t end = s.find("--", 4);
      if (end == std::string_view::npos) return wait();
      if (end + 2 >= s.size()) return wait();
      if (too_long(end)) return 0;
      if (s[end + 2] != '>' || !clean(s.substr(4, end - 4))) {  // "--" only as the comment's end
        fail();
        return 0;
      }
      return end + 3;
    }
    if (starts_with(s, "<![CDATA[")) {
      if (open_.empty()) {
        fail();
        return 0;
      }
      const std::size_t end = s.find("]]>", 9);
      if (end == std::string_view::npos) return wait();
      if (too_long(end)) return 0;
      const std::string_view body = s.substr(9, end - 9);
      if (!clean(body)) {
        fail();
        return 0;
      }
      // Line ends as in text: CR LF and a lone CR become LF.
      std::size_t run = 0;
      for (std::size_t i = 0; i < body.size(); ++i) {
        if (body[i] != '\r') continue;
        if (i > run) events_.characters(body.substr(run, i - run));
        if (i + 1 >= body.size() || body[i + 1] != '\n') events_.characters("\n");
        run = i + 1;
      }
      if (body.size() > run) events_.characters(body.substr(run));
      return end + 3;
    }
    if (starts_with(s, "<!DOCTYPE")) {
      doctype_ = true;  // a DTD could declare entities: the part ends here
      return 0;
    }
    if (could_become(s, "<!--") || could_become(s, "<![CDATA[") || could_become(s, "<!DOCTYPE")) return 0;
    fail();
    return 0;
  }
  return start_tag(s);
}

bool XmlTokenizer::decode_value(std::string_view raw, std::string& out) {
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '&') {
      const std::size_t semi = raw.find(';', i);
      if (semi == std::string_view::npos || semi - i > kMaxReferenceBytes) return false;
      char buf[4];
      const std::size_t len = expand_reference(raw.substr(i + 1, semi - i - 1), buf);
      if (len == 0) return false;
      out.append(buf, len);
      i = semi;
    } else if (c == '\t' || c == '\n') {
      out.push_back(' ');  // attribute value normalisation
    } else if (c == '\r') {
      if (i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return true;
}

int XmlTokenizer::resolve(std::string_view prefix) {
  // Office parts declare their namespaces once, on the root: the last answer is usually still right.
  if (cache_version_ == bindings_version_ && prefix == cache_prefix_) return cache_binding_;
  int found = -1;
  for (std::size_t i = bindings_.size(); i-- > 0;) {
    if (bindings_[i].prefix == prefix) {
      found = bindings_[i].uri.empty() ? -1 : static_cast<int>(i);
      break;
    }
  }
  cache_prefix_.assign(prefix);
  cache_binding_ = found;
  cache_version_ = bindings_version_;
  return found;
}

void XmlTokenizer::pop_bindings(std::size_t size) {
  if (bindings_.size() == size) return;
  for (std::size_t i = size; i < bindings_.size(); ++i)
    bindings_bytes_ -= bindings_[i].prefix.size() + bindings_[i].uri.size();
  bindings_.resize(size);
  ++bindings_version_;
}

std::string_view XmlTokenizer::uri(int binding) const {
  return binding < 0 ? std::string_view() : std::string_view(bindings_[static_cast<std::size_t>(binding)].uri);
}

std::size_t XmlTokenizer::start_tag(std::string_view s) {
  const std::size_t n = s.size();
  const std::size_t bindings_before = bindings_.size();
  const auto more = [&]() -> std::size_t {  // the tag goes on in the next piece: read again from its start then
    pop_bindings(bindings_before);
    wait_for_gt_ = true;
    return 0;
  };
  const auto bad = [&]() -> std::size_t {
    fail();
    return 0;
  };
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char high = 0;  // OR of the bytes of names and values: non-ASCII ones are validated at the end
  const auto read_name_at = [&](std::size_t& k) {
    while (k < n && is_name_char(byte(k))) high |= byte(k++);
  };
  std::size_t i = 1;
  if (i >= n) return more();
  if (!is_name_start(byte(1))) return bad();
  read_name_at(i);
  if (i >= n) return more();
  const std::string_view name = s.substr(1, i - 1);
  attributes_.clear();
  values_.clear();
  bool empty = false;
  std::size_t end = 0;
  for (;;) {
    const std::size_t before_space = i;
    skip_space(s, i);
    if (i >= n) return more();
    if (s[i] == '>') {
      end = i + 1;
      break;
    }
    if (s[i] == '/') {
      if (i + 1 >= n) return more();
      if (s[i + 1] != '>') return bad();
      empty = true;
      end = i + 2;
      break;
    }
    if (i == before_space || !is_name_start(byte(i))) return bad();  // attributes are separated by whitespace
    const std::size_t attr_at = i;
    read_name_at(i);
    if (i >= n) return more();
    const std::string_view attr = s.substr(attr_at, i - attr_at);
    skip_space(s, i);
    if (i >= n) return more();
    if (s[i] != '=') return bad();
    ++i;
    skip_space(s, i);
    if (i >= n) return more();
    const char quote = s[i];
    if (quote != '"' && quote != '\'') return bad();
    const std::size_t value_at = ++i;
    bool decode = false;  // '&', or a tab, LF or CR to normalise
    for (; i < n && s[i] != quote; ++i) {
      const unsigned char c = byte(i);
      if (!kTagSpecial[c]) continue;
      if (c >= 0x80) {
        high |= c;
      } else if (c == '<' || (c < 0x20 && c != '\t' && c != '\n' && c != '\r')) {
        return bad();
      } else if (c == '&' || c < 0x20) {
        decode = true;
      }
    }
    if (i >= n) return more();
    std::string_view value = s.substr(value_at, i - value_at);
    ++i;
    if (decode) {
      // Decoded values are never longer than the bytes they come from: with room for all of them reserved
      // before the first, the views into values_ stay valid.
      if (values_.empty()) values_.reserve(n);
      const std::size_t at = values_.size();
      if (!decode_value(value, values_)) return bad();
      value = std::string_view(values_).substr(at);
    }
    if (attr[0] == 'x' && attr == "xmlns") {
      bindings_.push_back(Binding{std::string(), std::string(value)});
      bindings_bytes_ += value.size();
      ++bindings_version_;
    } else if (attr[0] == 'x' && starts_with(attr, "xmlns:")) {
      bindings_.push_back(Binding{std::string(attr.substr(6)), std::string(value)});
      bindings_bytes_ += attr.size() - 6 + value.size();
      ++bindings_version_;
    } else {
      attributes_.push_back(XmlAttribute{attr.substr(after_colon(attr)), value});
    }
  }
  if (end > kMaxTokenBytes || root_done_ || open_.size() >= kMaxDepth) return bad();
  // What stays while the element is open (its name, its namespace declarations) is bounded in all: a token may
  // be 4 MiB, but 256 nested ones must not keep 1 GiB.
  if (names_.size() + name.size() + bindings_bytes_ > kMaxOpenBytes) return bad();
  if (high >= 0x80 && !clean(s.substr(0, end))) return bad();
  open_element(name, empty, bindings_before);
  return end;
}

void XmlTokenizer::open_element(std::string_view name, bool empty, std::size_t bindings_before) {
  const std::size_t local_at = after_colon(name);
  const int ns = resolve(local_at == 0 ? std::string_view() : name.substr(0, local_at - 1));
  const std::string_view local = name.substr(local_at);
  root_seen_ = true;
  if (empty) {
    events_.start(local, uri(ns), attributes_);
    events_.end(local, uri(ns));
    pop_bindings(bindings_before);
    if (open_.empty()) root_done_ = true;
    return;
  }
  open_.push_back(Open{names_.size(), name.size(), local_at, ns, bindings_before});
  names_.append(name);
  events_.start(local, uri(ns), attributes_);
}

bool XmlTokenizer::end_tag(std::string_view tag) {
  std::size_t i = 2;
  const std::string_view name = read_name(tag, i);
  skip_space(tag, i);
  if (name.empty() || i != tag.size() - 1 || open_.empty()) {
    fail();
    return false;
  }
  const Open top = open_.back();
  const std::string_view open_name = std::string_view(names_).substr(top.name_at, top.name_size);
  if (name != open_name) {
    fail();
    return false;
  }
  close_element();
  return true;
}

void XmlTokenizer::close_element() {
  const Open top = open_.back();
  const std::string_view name = std::string_view(names_).substr(top.name_at, top.name_size);
  events_.end(name.substr(top.local_at), uri(top.uri));
  names_.resize(top.name_at);
  pop_bindings(top.bindings);
  open_.pop_back();
  if (open_.empty()) root_done_ = true;
}

}  // namespace datavagt
