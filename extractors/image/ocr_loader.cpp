// Loads the OCR module (ocr_backend.h) on first use: dlopen of libdatavagt_ocr.so, looked for in
// $DATAVAGT_OCR_MODULE, next to the executable, in the installed library folder, and in the build tree.
// OMP_THREAD_LIMIT=1 is set before the load (unless the user set it): Debian's libtesseract uses OpenMP, whose
// runtime reads it once, when it is loaded; the scan's own threads are the parallelism.
#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "extractors/image/ocr_backend.h"

namespace datavagt {

namespace {

std::vector<std::string> module_candidates() {
  std::vector<std::string> paths;
  if (const char* env = std::getenv("DATAVAGT_OCR_MODULE"); env != nullptr && *env != '\0') paths.emplace_back(env);
  char exe[4096];
  const ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    std::string dir(exe, static_cast<std::size_t>(n));
    dir.erase(dir.rfind('/') + 1);
    paths.push_back(dir + "libdatavagt_ocr.so");
  }
  paths.emplace_back(DATAVAGT_OCR_MODULE_INSTALLED);
  paths.emplace_back(DATAVAGT_OCR_MODULE_BUILT);
  return paths;
}

Result<OcrBackend*> load() {
  ::setenv("OMP_THREAD_LIMIT", "1", 0);
  std::string tried;
  for (const auto& path : module_candidates()) {
    if (::access(path.c_str(), R_OK) != 0) continue;
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* why = ::dlerror();
      tried = why != nullptr ? why : path;
      continue;
    }
    using Entry = OcrBackend* (*)();
    auto entry = reinterpret_cast<Entry>(::dlsym(handle, "datavagt_ocr_backend_v2"));
    if (entry == nullptr) {
      tried = path + ": not a Datavagt OCR module";
      continue;
    }
    return entry();  // the module stays loaded until the process ends
  }
  return Problem::make(ProblemKind::Internal,
                       "OCR unavailable: the OCR module libdatavagt_ocr.so could not be loaded" +
                           (tried.empty() ? std::string() : " (" + tried + ")"));
}

}  // namespace

Result<OcrBackend*> ocr_backend() {
  static std::once_flag once;
  static std::optional<Result<OcrBackend*>> loaded;
  std::call_once(once, [] { loaded.emplace(load()); });
  return *loaded;
}

}  // namespace datavagt
