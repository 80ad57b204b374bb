// Build-time tool: compiles the default rule sets (every kind, and CPR alone as `--kinds cpr` asks) and writes
// their Hyperscan databases, with the CPR context words', as one bundle (prebuilt_databases.h) for the program
// to embed.
//   datavagt_prebuild_databases OUT_BUNDLE WORK_DIR
// WORK_DIR is emptied of earlier databases and used as the rule sets' cache folder. Exit 0 on success, 1 when
// a rule set cannot be built or a file cannot be written.
#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "detectors/prebuilt_databases.h"
#include "detectors/registry.h"
#include "detectors/ruleset.h"

namespace {

constexpr std::string_view kPrefix = "hyperscan-";
constexpr std::string_view kSuffix = ".db";

std::vector<std::string> database_files(const std::string& dir) {
  std::vector<std::string> names;
  if (DIR* d = ::opendir(dir.c_str())) {
    while (const dirent* e = ::readdir(d)) {
      const std::string_view name = e->d_name;
      if (name.size() > kPrefix.size() + kSuffix.size() && name.starts_with(kPrefix) && name.ends_with(kSuffix))
        names.emplace_back(name);
    }
    ::closedir(d);
  }
  return names;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace datavagt;
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s OUT_BUNDLE WORK_DIR\n", argv[0]);
    return 2;
  }
  const std::string out = argv[1], dir = argv[2];
  for (const auto& name : database_files(dir)) ::unlink((dir + "/" + name).c_str());
  std::vector<RulesetConfig> configs(2);
  configs[1].kinds = kinds_chosen_with(FindingKind::Cpr);
  for (auto& config : configs) {
    config.cache_dir = dir;
    if (auto rules = Ruleset::build_default(config); !rules) {
      std::fprintf(stderr, "prebuild: %s\n", rules.problem().detail.c_str());
      return 1;
    }
  }
  std::string bundle;
  auto names = database_files(dir);
  if (names.empty()) {
    std::fprintf(stderr, "prebuild: no database was written to %s\n", dir.c_str());
    return 1;
  }
  std::sort(names.begin(), names.end());
  for (const auto& name : names) {
    std::ifstream in(dir + "/" + name, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    const std::string key = name.substr(kPrefix.size(), name.size() - kPrefix.size() - kSuffix.size());
    append_to_bundle(bundle, key, bytes.str());
  }
  std::ofstream file(out, std::ios::binary | std::ios::trunc);
  file.write(bundle.data(), static_cast<std::streamsize>(bundle.size()));
  if (!file.flush()) {
    std::fprintf(stderr, "prebuild: cannot write %s\n", out.c_str());
    return 1;
  }
  return 0;
}
