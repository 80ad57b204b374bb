// libdatavagt_pdf.so (extractor_module.h): PDF with Poppler and the ~25 libraries it maps (NSS, FreeType,
// fontconfig, OpenJPEG, lcms2 …), loaded on the first PDF.
#include "extractors/module_entry.h"

namespace datavagt {

std::unique_ptr<Extractor> make_pdf_extractor();

namespace {

std::unique_ptr<Extractor> make(FormatId format) {
  return format == FormatId::Pdf ? make_pdf_extractor() : nullptr;
}

constexpr ExtractorModule kModule{kExtractorModuleAbi, "pdf", &make, nullptr};

}  // namespace
}  // namespace datavagt

DATAVAGT_EXTRACTOR_MODULE_ENTRY(const datavagt::ExtractorHost* host) {
  return datavagt::open_extractor_module(host, datavagt::kModule);
}
