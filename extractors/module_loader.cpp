// Finds and dlopens Datavagt's modules (module_loader.h).
#include "extractors/module_loader.h"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace datavagt {

namespace {

std::string executable_dir() {
  char exe[4096];
  const ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return {};
  std::string dir(exe, static_cast<std::size_t>(n));
  dir.erase(dir.rfind('/') + 1);
  return dir;
}

std::string joined(std::string_view dir, std::string_view file) {
  std::string path(dir);
  if (!path.empty() && path.back() != '/') path += '/';
  path += file;
  return path;
}

}  // namespace

std::string_view installed_module_dir() { return DATAVAGT_MODULE_DIR_INSTALLED; }

std::vector<std::string> module_candidates(std::string_view file_name, std::string_view env_file) {
  std::vector<std::string> paths;
  if (!env_file.empty()) {
    const char* file = std::getenv(std::string(env_file).c_str());
    if (file != nullptr && *file != '\0') return {file};
  }
  if (const char* dir = std::getenv("DATAVAGT_MODULE_DIR"); dir != nullptr && *dir != '\0')
    return {joined(dir, file_name)};
  const std::string exe_dir = executable_dir();
  if (!exe_dir.empty()) paths.push_back(exe_dir + std::string(file_name));
  const std::string build_dir = joined(DATAVAGT_MODULE_DIR_BUILT, "");
  const bool in_build_tree = exe_dir.compare(0, build_dir.size(), build_dir) == 0;
  if (in_build_tree) {
    paths.push_back(joined(DATAVAGT_MODULE_DIR_BUILT, file_name));
    return paths;
  }
  // Installed: beside the program as the install put it (bin/../lib/datavagt: a tree moved or staged with
  // DESTDIR keeps its modules), then the folder configured at build time.
  if (!exe_dir.empty())
    paths.push_back(
        joined(std::filesystem::path(exe_dir + DATAVAGT_MODULE_DIR_FROM_BINDIR).lexically_normal().string(), file_name));
  paths.push_back(joined(DATAVAGT_MODULE_DIR_INSTALLED, file_name));
  return paths;
}

Result<LoadedModule> load_module(std::string_view file_name, std::string_view env_file, std::string_view entry,
                                 std::string_view what) {
  std::string looked;
  std::string why;
  for (const auto& path : module_candidates(file_name, env_file)) {
    looked += (looked.empty() ? "" : ", ") + path;
    if (::access(path.c_str(), R_OK) != 0) continue;
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* error = ::dlerror();
      why = error != nullptr ? error : path + ": dlopen failed";
      continue;
    }
    void* symbol = ::dlsym(handle, std::string(entry).c_str());
    if (symbol == nullptr) {
      why = path + ": not a Datavagt module (no " + std::string(entry) + ")";
      continue;  // the handle stays: dlclose of a library whose constructors ran is not worth the risk
    }
    return LoadedModule{path, symbol};
  }
  return Problem::make(ProblemKind::Internal,
                       std::string(what) + ": the module " + std::string(file_name) +
                           " could not be loaded (looked for at " + looked + (why.empty() ? "" : "; " + why) +
                           "); install it into " + std::string(installed_module_dir()));
}

}  // namespace datavagt
