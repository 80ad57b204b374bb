// The list of extractors. Adding a format: write extractors/<format>.cpp with a make_<format>_extractor()
// factory, declare it below, and add one line to kExtractors. A format whose library is heavy goes into a
// module instead (extractor_module.h): its line names the module, and the module's make() names the factory.
#include "extractors/registry.h"

#include "extractors/extractor_module.h"
#include "extractors/mail/pst_walk.h"

namespace datavagt {

std::unique_ptr<Extractor> make_text_extractor();
std::unique_ptr<Extractor> make_binary_strings_extractor();
std::unique_ptr<Extractor> make_html_extractor();
std::unique_ptr<Extractor> make_xml_extractor();
std::unique_ptr<Extractor> make_rtf_extractor();
std::unique_ptr<Extractor> make_tnef_extractor();
std::unique_ptr<Extractor> make_image_extractor();

namespace {

using ExtractorFactory = std::unique_ptr<Extractor> (*)();

// A format read in the program itself (make), or by a module loaded on its first file (module).
struct Registration {
  FormatId format;
  ExtractorFactory make = nullptr;
  ExtractorModuleId module = ExtractorModuleId::Pdf;
};

constexpr Registration in(FormatId format, ExtractorModuleId module) { return {format, nullptr, module}; }

constexpr Registration kExtractors[] = {
    {FormatId::Empty, &make_text_extractor},
    {FormatId::Text, &make_text_extractor},
    {FormatId::Html, &make_html_extractor},
    {FormatId::Xml, &make_xml_extractor},
    {FormatId::Rtf, &make_rtf_extractor},
    {FormatId::Tnef, &make_tnef_extractor},
    in(FormatId::Pdf, ExtractorModuleId::Pdf),
    in(FormatId::Pst, ExtractorModuleId::Mail),
    in(FormatId::PstMessage, ExtractorModuleId::Mail),  // a PST's message, as the PST extractor hands it on
    in(FormatId::Mail, ExtractorModuleId::Mail),
    in(FormatId::Mbox, ExtractorModuleId::Mail),
    // The kinds of zip the sniffer tells apart.
    in(FormatId::Ooxml, ExtractorModuleId::Office),
    in(FormatId::Odf, ExtractorModuleId::Office),
    in(FormatId::Epub, ExtractorModuleId::Office),
    in(FormatId::Zip, ExtractorModuleId::Office),
    in(FormatId::Tar, ExtractorModuleId::Office),
    in(FormatId::Cpio, ExtractorModuleId::Office),
    in(FormatId::Iso9660, ExtractorModuleId::Office),
    in(FormatId::SevenZip, ExtractorModuleId::Office),
    in(FormatId::Rar, ExtractorModuleId::Office),
    // A compressed single file or tarball.
    in(FormatId::Gzip, ExtractorModuleId::Office),
    in(FormatId::Bzip2, ExtractorModuleId::Office),
    in(FormatId::Xz, ExtractorModuleId::Office),
    in(FormatId::Zstd, ExtractorModuleId::Office),
    // OLE2 compound files: Word/Excel/PowerPoint 97-2003, Outlook .msg, password-protected OOXML (by their streams).
    in(FormatId::Ole2, ExtractorModuleId::Office),
    // Pictures, read with OCR (image/; the OCR module is loaded only when one is met).
    {FormatId::Image, &make_image_extractor},
    // Unknown binary: its 8-bit and UTF-16LE text runs (databases, proprietary exports, OneNote).
    {FormatId::Binary, &make_binary_strings_extractor},
};

// Stands in for the extractors of a module that cannot be loaded: each file of its formats gets the load's
// problem (which names the module and where to install it) as its error record; the scan goes on.
class MissingModuleExtractor final : public Extractor {
 public:
  explicit MissingModuleExtractor(Problem problem) : problem_(std::move(problem)) {}
  std::string_view name() const override { return "missing-module"; }
  void extract(ByteSource&, const ItemInfo&, ExtractSink& out, const Limits&) override { out.problem(problem_); }

 private:
  Problem problem_;
};

std::unique_ptr<Extractor> make_module_extractor(ExtractorModuleId id, FormatId format) {
  auto module = extractor_module(id);
  if (!module) return std::make_unique<MissingModuleExtractor>(module.problem());
  return (*module)->make_extractor(format);
}

// The PST reader runs in a helper process: this program started afresh, which loads the mail module for it.
int run_pst_reader(std::span<char* const> args) {
  auto module = extractor_module(ExtractorModuleId::Mail);
  if (!module || (*module)->run_helper == nullptr) return 127;
  return (*module)->run_helper(pst::kReaderRole, args);
}

constexpr HelperRole kHelperRoles[] = {
    {pst::kReaderRole, &run_pst_reader},
};

}  // namespace

std::unique_ptr<Extractor> make_extractor(FormatId format) {
  for (const auto& r : kExtractors)
    if (r.format == format) return r.make != nullptr ? r.make() : make_module_extractor(r.module, format);
  return nullptr;
}

std::span<const HelperRole> extractor_helper_roles() { return kHelperRoles; }

bool has_text_layer(FormatId format, const Limits& limits) {
  if (format == FormatId::Image) return limits.ocr != OcrMode::Off;
  return format != FormatId::Media && format != FormatId::Executable;
}

}  // namespace datavagt
