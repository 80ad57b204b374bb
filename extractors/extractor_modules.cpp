// The program's side of the extractor modules (extractor_module.h): each module loaded once, on the first
// file that needs it, with the host table the module's code reaches the program through.
#include <array>
#include <atomic>
#include <mutex>
#include <optional>

#include "extractors/extractor_module.h"
#include "extractors/image/ocr_reader.h"
#include "extractors/module_loader.h"
#include "extractors/registry.h"

namespace datavagt {

namespace {

struct ModuleFile {
  std::string_view file;
  std::string_view what;  // what is missing without it, for the message
};

constexpr std::array<ModuleFile, kExtractorModuleCount> kModuleFiles = {{
    {"libdatavagt_pdf.so", "PDF files cannot be read"},
    {"libdatavagt_mail.so", "mail (eml, mbox, PST) cannot be read"},
    {"libdatavagt_office.so", "Office documents and archives cannot be read"},
}};

const ExtractorHost& host() {
  static const ExtractorHost h = [] {
    ExtractorHost table;
    table.make_extractor = &make_extractor;
    table.ocr_backend = &ocr_backend;
    table.ocr_content_hash = &ocr_content_hash;
    table.emit_ocr_lines = &emit_ocr_lines;
    table.cached_ocr = &cached_ocr;
    return table;
  }();
  return h;
}

Result<const ExtractorModule*> load(ExtractorModuleId id) {
  const ModuleFile& m = kModuleFiles[static_cast<std::size_t>(id)];
  auto loaded = load_module(m.file, "", kExtractorModuleEntry, m.what);
  if (!loaded) return loaded.problem();
  const ExtractorModule* module = reinterpret_cast<ExtractorModuleEntry>(loaded->entry)(&host());
  if (module == nullptr || module->abi != kExtractorModuleAbi || module->make_extractor == nullptr)
    return Problem::make(ProblemKind::Internal, std::string(m.what) + ": the module " + loaded->path +
                                                    " belongs to another build of Datavagt; install the modules "
                                                    "that came with this program into " +
                                                    std::string(installed_module_dir()));
  return module;
}

struct Slot {
  std::once_flag once;
  std::optional<Result<const ExtractorModule*>> module;
  std::atomic<bool> loaded{false};
};

std::array<Slot, kExtractorModuleCount>& slots() {
  static std::array<Slot, kExtractorModuleCount> s;
  return s;
}

}  // namespace

std::string_view module_file_name(ExtractorModuleId id) { return kModuleFiles[static_cast<std::size_t>(id)].file; }

Result<const ExtractorModule*> extractor_module(ExtractorModuleId id) {
  Slot& slot = slots()[static_cast<std::size_t>(id)];
  std::call_once(slot.once, [&] {
    slot.module.emplace(load(id));
    slot.loaded.store(slot.module->ok(), std::memory_order_release);
  });
  return *slot.module;
}

bool extractor_module_loaded(ExtractorModuleId id) {
  return slots()[static_cast<std::size_t>(id)].loaded.load(std::memory_order_acquire);
}

}  // namespace datavagt
