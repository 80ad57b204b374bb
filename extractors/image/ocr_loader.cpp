// Loads the OCR module (ocr_backend.h) on first use: dlopen of libdatavagt_ocr.so, looked for in
// $DATAVAGT_OCR_MODULE, then where Datavagt's modules are (module_loader.h).
// OMP_THREAD_LIMIT=1 is set before the load (unless the user set it): Debian's libtesseract uses OpenMP, whose
// runtime reads it once, when it is loaded; the scan's own threads are the parallelism.
#include <cstdlib>
#include <mutex>
#include <optional>

#include "extractors/image/ocr_backend.h"
#include "extractors/module_loader.h"

namespace datavagt {

namespace {

Result<OcrBackend*> load() {
  ::setenv("OMP_THREAD_LIMIT", "1", 0);
  auto module = load_module("libdatavagt_ocr.so", "DATAVAGT_OCR_MODULE", "datavagt_ocr_backend_v2", "OCR unavailable");
  if (!module) return module.problem();
  using Entry = OcrBackend* (*)();
  return reinterpret_cast<Entry>(module->entry)();  // the module stays loaded until the process ends
}

}  // namespace

Result<OcrBackend*> ocr_backend() {
  static std::once_flag once;
  static std::optional<Result<OcrBackend*>> loaded;
  std::call_once(once, [] { loaded.emplace(load()); });
  return *loaded;
}

}  // namespace datavagt
