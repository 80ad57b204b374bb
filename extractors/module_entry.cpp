// Linked into every extractor module (module_entry.h): the program's registry and OCR, reached through the
// host table the program passed to the entry point.
#include "extractors/module_entry.h"

#include "extractors/image/ocr_reader.h"
#include "extractors/registry.h"

namespace datavagt {

namespace {
const ExtractorHost* g_host = nullptr;  // set once by the entry point, before any extractor runs
}  // namespace

const ExtractorModule* open_extractor_module(const ExtractorHost* host, const ExtractorModule& module) {
  if (host == nullptr || host->abi != kExtractorModuleAbi) return nullptr;
  g_host = host;
  return &module;
}

std::unique_ptr<Extractor> make_extractor(FormatId format) { return g_host->make_extractor(format); }

Result<OcrBackend*> ocr_backend() { return g_host->ocr_backend(); }

std::string ocr_content_hash(std::string_view bytes) { return g_host->ocr_content_hash(bytes); }

bool emit_ocr_lines(const std::vector<OcrLine>& lines, std::uint32_t page, TextEmitter& emitter) {
  return g_host->emit_ocr_lines(lines, page, emitter);
}

Result<std::vector<OcrLine>> cached_ocr(OcrBackend& backend, const std::string& hash, std::uint32_t page,
                                        const std::function<Result<OcrPage>()>& read) {
  return g_host->cached_ocr(backend, hash, page, read);
}

}  // namespace datavagt
