#pragma once
// The interface between the program and an extractor module: the extractors of formats whose libraries are
// heavy (Poppler, GMime and libpst, libgsf and libarchive) live in modules of their own (libdatavagt_pdf.so,
// libdatavagt_mail.so, libdatavagt_office.so) that registry.cpp loads with dlopen the first time a file of
// theirs is met, so a scan of text files maps none of those libraries (issue 16 item 4).
//
// Contract:
// - A module exports one C function, kExtractorModuleEntry: given the program's ExtractorHost it returns its
//   ExtractorModule, or nullptr when the host's ABI stamp differs from its own (a module of another build). It
//   is called once per process, before anything else of the module; the host outlives the module.
// - The module's extractors are ordinary Extractors (extractor.h), made per item, used by one thread at a
//   time. What the module shares with the program goes through the host: nested formats it hands to another
//   extractor (a mail's HTML body) come from the program's registry, and OCR (the backend, the run's cache and
//   its counts) is the program's, so a PDF page read by OCR is counted and cached once per process.
// - Both sides are built from one source tree with one compiler and one libstdc++: C++ types cross the
//   boundary (as with the OCR module), guarded by kExtractorModuleAbi (checked on both sides).
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/item.h"
#include "core/limits.h"
#include "extractors/extractor.h"
#include "extractors/format.h"
#include "extractors/image/ocr_backend.h"

namespace datavagt {

class TextEmitter;

// Changes whenever the structs below, or a type that crosses the boundary, change shape. The sizes catch a
// module of another build whose types drifted; the number is bumped by hand when a member is added.
inline constexpr std::uint64_t kExtractorModuleAbi =
    (std::uint64_t{2} << 48) ^ (std::uint64_t{sizeof(Limits)} << 24) ^ (std::uint64_t{sizeof(ItemInfo)} << 12) ^
    std::uint64_t{sizeof(Problem)};

// What the program lends a module.
struct ExtractorHost {
  std::uint64_t abi = kExtractorModuleAbi;
  // The program's registry (registry.h): extractors for what a module's format holds (bodies, members read in line).
  std::unique_ptr<Extractor> (*make_extractor)(FormatId format) = nullptr;
  // The program's OCR (image/ocr_reader.h): the backend, the run's cache (which counts pages) and the chunks.
  Result<OcrBackend*> (*ocr_backend)() = nullptr;
  std::string (*ocr_content_hash)(std::string_view bytes) = nullptr;
  bool (*emit_ocr_lines)(const std::vector<OcrLine>& lines, std::uint32_t page, TextEmitter& emitter) = nullptr;
  Result<std::vector<OcrLine>> (*cached_ocr)(OcrBackend& backend, const std::string& hash, std::uint32_t page,
                                             const std::function<Result<OcrPage>()>& read) = nullptr;
};

// What a module offers.
struct ExtractorModule {
  std::uint64_t abi = kExtractorModuleAbi;
  std::string_view name;  // "pdf", "mail", "office"
  // A new extractor for a format of the module's, nullptr for any other format.
  std::unique_ptr<Extractor> (*make_extractor)(FormatId format) = nullptr;
  // Runs a helper role of the module's in a helper process (core/helper_process.h: the PST reader), or
  // returns 127 for a role it does not know. Null when the module has none.
  int (*run_helper)(std::string_view role, std::span<char* const> args) = nullptr;
};

// The C function every module exports: const ExtractorModule* (const ExtractorHost*).
inline constexpr std::string_view kExtractorModuleEntry = "datavagt_extractor_module_v1";
using ExtractorModuleEntry = const ExtractorModule* (*)(const ExtractorHost* host);

// The modules, and the file each one is.
enum class ExtractorModuleId { Pdf, Mail, Office };
inline constexpr std::size_t kExtractorModuleCount = 3;
std::string_view module_file_name(ExtractorModuleId id);

// The program's side (extractor_modules.cpp): the module loaded once per process (thread-safe), or the same
// Internal problem every time when it cannot be (missing, of another build).
Result<const ExtractorModule*> extractor_module(ExtractorModuleId id);

// Whether the module is loaded in this process (for tests and the start-up bench: a text-only scan loads none).
bool extractor_module_loaded(ExtractorModuleId id);

}  // namespace datavagt
