#pragma once
// Excel number formats, shared by XLSX (ooxml.cpp) and XLS (xls.cpp): whether a cell's format may hide that a
// 9-digit integer is a CPR number typed as a number (0101901234 is stored as 101901234). Pure, thread-safe.
#include <string_view>

namespace datavagt {

// True when a number format shows integers with at least 10 digits ("0000000000", "000000-0000").
inline bool pads_to_ten_digits(std::string_view code) {
  int zeros = 0;
  bool quoted = false;
  for (char c : code) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == ';' || c == '.') break;
    if (c == '0') ++zeros;
  }
  return zeros >= 10;
}

// True for the General format under another id or name ("General", "0"), as LibreOffice writes it.
inline bool is_plain_number_format(std::string_view code) {
  return code == "General" || code == "GENERAL" || code == "0";
}

}  // namespace datavagt
