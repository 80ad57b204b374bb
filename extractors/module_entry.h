#pragma once
// The module's side of extractor_module.h: what each module's entry point (pdf/pdf_module.cpp,
// mail/mail_module.cpp, office/office_module.cpp) does, and the program's functions its code calls.
// Inside a module, make_extractor() (registry.h) and the OCR functions (image/ocr_backend.h, ocr_reader.h) are
// defined by module_entry.cpp and forward to the program's through the host table; the program and the test
// programs link the real ones instead. Contract: open_extractor_module() is called once, by the entry point,
// before any extractor of the module runs; the host pointer is kept for the life of the process.
#include "extractors/extractor_module.h"

namespace datavagt {

// Keeps `host` for the forwarding functions and returns `module`; nullptr when the host is of another build.
const ExtractorModule* open_extractor_module(const ExtractorHost* host, const ExtractorModule& module);

}  // namespace datavagt

// The entry point's declaration, exported (the modules' other symbols are local: module.map).
#define DATAVAGT_EXTRACTOR_MODULE_ENTRY \
  extern "C" __attribute__((visibility("default"))) const datavagt::ExtractorModule* datavagt_extractor_module_v1
