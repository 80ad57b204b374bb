#include "extractors/text/binary_strings.h"

#include "core/utf8.h"
#include "extractors/text/charset.h"

namespace datavagt {

namespace {

// Printable ASCII, tab, and the windows-1252 letters À–þ (æ ø å and their kin; not × ÷ ÿ, which binary
// padding is full of).
bool narrow_char(unsigned char b) {
  return (b >= 0x20 && b < 0x7F) || b == '\t' || (b >= 0xC0 && b != 0xD7 && b != 0xF7 && b != 0xFF);
}

bool wide_char(char32_t u) {
  return (u >= 0x20 && u < 0x7F) || u == '\t' || (u >= 0xA0 && u <= 0x24F) || (u >= 0x2010 && u <= 0x2027) ||
         u == 0x20AC;
}

}  // namespace

bool BinaryStrings::add(Run& r, char32_t c) {
  utf8::append_code_point(r.utf8, c);
  ++r.chars;
  if (r.utf8.size() < kMaxRunBytes || r.chars < kMinRun) return true;
  const bool go_on = run_(r.utf8);  // a long run, in parts (the matcher streams)
  r.utf8.clear();
  return go_on;
}

bool BinaryStrings::end_run(Run& r) {
  bool go_on = true;
  if (r.chars >= kMinRun && !r.utf8.empty()) {
    r.utf8 += '\n';
    go_on = run_(r.utf8);
  }
  r.utf8.clear();
  r.chars = 0;
  return go_on;
}

bool BinaryStrings::feed(std::string_view bytes) {
  if (stopped_) return false;
  for (const char ch : bytes) {
    const auto b = static_cast<unsigned char>(ch);
    bool ok = narrow_char(b) ? add(narrow_, windows1252_to_unicode(b)) : end_run(narrow_);
    if (ok && have_prev_ >= 0) {
      Run& w = wide_[offset_ & 1];
      const char32_t u = static_cast<char32_t>(have_prev_) | static_cast<char32_t>(b) << 8;
      ok = wide_char(u) ? add(w, u) : end_run(w);
    }
    have_prev_ = b;
    ++offset_;
    if (!ok) {
      stopped_ = true;
      return false;
    }
  }
  return true;
}

bool BinaryStrings::finish() {
  if (stopped_) return false;
  return end_run(narrow_) && end_run(wide_[0]) && end_run(wide_[1]);
}

}  // namespace datavagt
