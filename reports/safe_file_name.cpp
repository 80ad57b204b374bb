#include "reports/safe_file_name.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/utf8.h"

namespace datavagt {

namespace {

constexpr std::size_t kMaxBytes = 80;

std::string upper_ascii(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

bool reserved_on_windows(const std::string& name) {
  std::string stem = upper_ascii(name.substr(0, name.find('.')));
  if (stem == "CON" || stem == "PRN" || stem == "AUX" || stem == "NUL") return true;
  return stem.size() == 4 && (stem.rfind("COM", 0) == 0 || stem.rfind("LPT", 0) == 0) && stem[3] >= '0' && stem[3] <= '9';
}

}  // namespace

std::string safe_file_name(std::string_view raw, std::string_view if_empty) {
  std::string lossy;
  utf8::append_lossy(lossy, raw);
  std::string out;
  for (char c : lossy) {
    const auto u = static_cast<unsigned char>(c);
    const bool bad = u < 0x20 || u == 0x7f || std::string_view("\\/:*?\"<>|").find(c) != std::string_view::npos;
    out += bad ? '_' : c;
  }
  auto strip = [](std::string& s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '.')) s.pop_back();
    std::size_t lead = 0;
    while (lead < s.size() && (s[lead] == ' ' || s[lead] == '.')) ++lead;
    s.erase(0, lead);
  };
  strip(out);
  if (out.size() > kMaxBytes) {
    out.resize(utf8::floor_boundary(out, kMaxBytes));
    strip(out);
  }
  if (out.empty()) out = if_empty;
  if (reserved_on_windows(out)) out += '_';
  return out;
}

std::vector<std::string> distinct_safe_file_names(const std::vector<std::string>& names, std::string_view if_empty) {
  std::vector<std::string> out;
  std::set<std::string> taken;
  for (const auto& name : names) {
    const std::string base = safe_file_name(name, if_empty);
    std::string candidate = base;
    for (int n = 2; taken.count(upper_ascii(candidate)) > 0; ++n) candidate = base + "-" + std::to_string(n);
    taken.insert(upper_ascii(candidate));
    out.push_back(candidate);
  }
  return out;
}

}  // namespace datavagt
