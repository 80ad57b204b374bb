#include "detectors/prebuilt_databases.h"

#include <charconv>
#include <cstddef>

// Defined by the generated prebuilt_databases.S when the program embeds a bundle; weak, so a program without
// one links and sees null.
extern "C" {
extern const char datavagt_prebuilt_databases[] __attribute__((weak));
extern const char datavagt_prebuilt_databases_end[] __attribute__((weak));
}

namespace datavagt {

std::string_view find_in_bundle(std::string_view bundle, std::string_view key) {
  while (!bundle.empty()) {
    const std::size_t space = bundle.find(' ');
    const std::size_t eol = bundle.find('\n');
    if (space == std::string_view::npos || eol == std::string_view::npos || space > eol) return {};
    std::size_t size = 0;
    const char* first = bundle.data() + space + 1;
    const char* last = bundle.data() + eol;
    const auto [end, ec] = std::from_chars(first, last, size);
    if (ec != std::errc() || end != last || size > bundle.size() - eol - 1) return {};
    const std::string_view record_key = bundle.substr(0, space);
    const std::string_view database = bundle.substr(eol + 1, size);
    if (record_key == key) return database;
    bundle.remove_prefix(eol + 1 + size);
  }
  return {};
}

void append_to_bundle(std::string& bundle, std::string_view key, std::string_view database) {
  bundle.append(key);
  bundle += ' ';
  bundle += std::to_string(database.size());
  bundle += '\n';
  bundle.append(database);
}

std::string_view embedded_bundle() {
  if (datavagt_prebuilt_databases == nullptr || datavagt_prebuilt_databases_end == nullptr) return {};
  return {datavagt_prebuilt_databases,
          static_cast<std::size_t>(datavagt_prebuilt_databases_end - datavagt_prebuilt_databases)};
}

}  // namespace datavagt
