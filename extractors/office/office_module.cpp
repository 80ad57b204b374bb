// libdatavagt_office.so (extractor_module.h): what comes in zips and compound files — Office Open XML,
// OpenDocument, EPUB, the OLE2 kinds (Word/Excel/PowerPoint 97-2003, Outlook .msg) with libgsf, archives and
// compressed files with libarchive and libdeflate; loaded on the first such file. They are one module because
// they share the zip and OLE2 readers, and a share that has one of them has the others.
#include "extractors/module_entry.h"

namespace datavagt {

std::unique_ptr<Extractor> make_ooxml_extractor();
std::unique_ptr<Extractor> make_epub_extractor();
std::unique_ptr<Extractor> make_ole2_extractor();
template <FormatId F>
std::unique_ptr<Extractor> make_archive_extractor();

namespace {

std::unique_ptr<Extractor> make(FormatId format) {
  switch (format) {
    // OpenDocument is read by the same member loop as Office Open XML (ooxml.cpp with odf_parts.h).
    case FormatId::Ooxml:
    case FormatId::Odf: return make_ooxml_extractor();
    case FormatId::Epub: return make_epub_extractor();
    case FormatId::Ole2: return make_ole2_extractor();
    case FormatId::Zip: return make_archive_extractor<FormatId::Zip>();
    case FormatId::Tar: return make_archive_extractor<FormatId::Tar>();
    case FormatId::Cpio: return make_archive_extractor<FormatId::Cpio>();
    case FormatId::Iso9660: return make_archive_extractor<FormatId::Iso9660>();
    case FormatId::SevenZip: return make_archive_extractor<FormatId::SevenZip>();
    case FormatId::Rar: return make_archive_extractor<FormatId::Rar>();
    case FormatId::Gzip: return make_archive_extractor<FormatId::Gzip>();
    case FormatId::Bzip2: return make_archive_extractor<FormatId::Bzip2>();
    case FormatId::Xz: return make_archive_extractor<FormatId::Xz>();
    case FormatId::Zstd: return make_archive_extractor<FormatId::Zstd>();
    default: return nullptr;
  }
}

constexpr ExtractorModule kModule{kExtractorModuleAbi, "office", &make, nullptr};

}  // namespace
}  // namespace datavagt

DATAVAGT_EXTRACTOR_MODULE_ENTRY(const datavagt::ExtractorHost* host) {
  return datavagt::open_extractor_module(host, datavagt::kModule);
}
