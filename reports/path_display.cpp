#include "reports/path_display.h"

#include "core/utf8.h"
#include "detectors/name_scan.h"

namespace datavagt {

std::string PathDisplay::operator()(std::string_view raw) const {
  return clear ? std::string(raw) : mask_cpr_numbers(raw);
}

bool PathDisplay::masks(std::string_view raw) const { return !clear && has_cpr_number(raw); }

std::string PathDisplay::printable(std::string_view raw) const {
  std::string out;
  utf8::append_lossy(out, (*this)(raw));
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
  return out;
}

}  // namespace datavagt
