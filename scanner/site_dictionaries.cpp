#include "scanner/site_dictionaries.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace datavagt {

namespace {

constexpr std::uintmax_t kMaxDictionaryBytes = 16 << 20;  // a dictionary, not a data file

Result<DictionarySource> read_one(const std::filesystem::path& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return Problem::make(ProblemKind::Unreadable, "cannot read term dictionary " + path.string() + ": " + ec.message());
  if (size > kMaxDictionaryBytes)
    return Problem::make(ProblemKind::Limit, "term dictionary " + path.string() + " is larger than 16 MB");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in && !in.eof())
    return Problem::make(ProblemKind::Unreadable, "cannot read term dictionary " + path.string() + ": " + std::strerror(errno));
  return DictionarySource{path.string(), text.str()};
}

}  // namespace

Result<std::vector<DictionarySource>> read_site_dictionaries(const std::vector<std::string>& paths) {
  std::vector<DictionarySource> out;
  for (const auto& p : paths) {
    std::error_code ec;
    const std::filesystem::path path(p);
    if (std::filesystem::is_directory(path, ec)) {
      std::vector<std::filesystem::path> files;
      for (const auto& e : std::filesystem::directory_iterator(path, ec))
        if (e.path().extension() == ".txt" && e.is_regular_file()) files.push_back(e.path());
      if (ec) return Problem::make(ProblemKind::Unreadable, "cannot list " + p + ": " + ec.message());
      if (files.empty()) return Problem::make(ProblemKind::Unreadable, "no *.txt term dictionaries in " + p);
      std::sort(files.begin(), files.end());
      for (const auto& f : files) {
        auto d = read_one(f);
        if (!d) return d.problem();
        out.push_back(std::move(*d));
      }
    } else {
      auto d = read_one(path);
      if (!d) return d.problem();
      out.push_back(std::move(*d));
    }
  }
  return out;
}

}  // namespace datavagt
