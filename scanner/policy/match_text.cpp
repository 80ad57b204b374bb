#include "scanner/policy/match_text.h"

#include <utf8proc.h>

#include <cstdlib>
#include <memory>

#include "core/utf8.h"

namespace datavagt::policy {

namespace {

bool is_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

struct FreeDeleter {
  void operator()(utf8proc_uint8_t* p) const { std::free(p); }
};

}  // namespace

std::string match_text(std::string_view text, Case c) {
  if (is_ascii(text)) {
    std::string out(text);
    if (c == Case::Insensitive)
      for (char& ch : out)
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    return out;
  }
  std::string valid;
  utf8::append_lossy(valid, text);
  utf8proc_uint8_t* mapped = nullptr;
  int options = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
  if (c == Case::Insensitive) options |= UTF8PROC_CASEFOLD;
  const utf8proc_ssize_t n =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(valid.data()), static_cast<utf8proc_ssize_t>(valid.size()),
                   &mapped, static_cast<utf8proc_option_t>(options));
  std::unique_ptr<utf8proc_uint8_t, FreeDeleter> owned(mapped);
  if (n < 0) return valid;  // out of memory (the input is valid UTF-8): unnormalised rather than nothing
  return std::string(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(n));
}

std::string match_path(std::string_view path) {
  while (path.size() >= 2 && path[0] == '.' && path[1] == '/') {
    path.remove_prefix(2);
    while (!path.empty() && path[0] == '/') path.remove_prefix(1);
  }
  return match_text(path);
}

}  // namespace datavagt::policy
