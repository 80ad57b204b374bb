// The list of extractors. Adding a format: write extractors/<format>.cpp with a make_<format>_extractor()
// factory, declare it below, and add one line to kExtractors.
#include "extractors/registry.h"

#include "extractors/mail/pst_walk.h"

namespace datavagt {

std::unique_ptr<Extractor> make_text_extractor();
std::unique_ptr<Extractor> make_binary_strings_extractor();
std::unique_ptr<Extractor> make_html_extractor();
std::unique_ptr<Extractor> make_xml_extractor();
std::unique_ptr<Extractor> make_rtf_extractor();
std::unique_ptr<Extractor> make_pdf_extractor();
std::unique_ptr<Extractor> make_ooxml_extractor();
std::unique_ptr<Extractor> make_epub_extractor();
template <FormatId F>
std::unique_ptr<Extractor> make_archive_extractor();
std::unique_ptr<Extractor> make_ole2_extractor();
std::unique_ptr<Extractor> make_mail_extractor();
std::unique_ptr<Extractor> make_mbox_extractor();
std::unique_ptr<Extractor> make_pst_extractor();
std::unique_ptr<Extractor> make_pst_message_extractor();
std::unique_ptr<Extractor> make_tnef_extractor();
std::unique_ptr<Extractor> make_image_extractor();

namespace {

using ExtractorFactory = std::unique_ptr<Extractor> (*)();

struct Registration {
  FormatId format;
  ExtractorFactory make;
};

constexpr Registration kExtractors[] = {
    {FormatId::Empty, &make_text_extractor},
    {FormatId::Text, &make_text_extractor},
    {FormatId::Html, &make_html_extractor},
    {FormatId::Xml, &make_xml_extractor},
    {FormatId::Rtf, &make_rtf_extractor},
    {FormatId::Pdf, &make_pdf_extractor},
    {FormatId::Pst, &make_pst_extractor},
    {FormatId::PstMessage, &make_pst_message_extractor},  // a PST's message, as the PST extractor hands it on
    {FormatId::Tnef, &make_tnef_extractor},
    {FormatId::Mail, &make_mail_extractor},
    {FormatId::Mbox, &make_mbox_extractor},
    // The kinds of zip the sniffer tells apart. OpenDocument is read by the same member loop as Office Open
    // XML (office/ooxml.cpp with office/odf_parts.h).
    {FormatId::Ooxml, &make_ooxml_extractor},
    {FormatId::Odf, &make_ooxml_extractor},
    {FormatId::Epub, &make_epub_extractor},
    {FormatId::Zip, &make_archive_extractor<FormatId::Zip>},
    {FormatId::Tar, &make_archive_extractor<FormatId::Tar>},
    {FormatId::Cpio, &make_archive_extractor<FormatId::Cpio>},
    {FormatId::Iso9660, &make_archive_extractor<FormatId::Iso9660>},
    {FormatId::SevenZip, &make_archive_extractor<FormatId::SevenZip>},
    {FormatId::Rar, &make_archive_extractor<FormatId::Rar>},
    // A compressed single file or tarball.
    {FormatId::Gzip, &make_archive_extractor<FormatId::Gzip>},
    {FormatId::Bzip2, &make_archive_extractor<FormatId::Bzip2>},
    {FormatId::Xz, &make_archive_extractor<FormatId::Xz>},
    {FormatId::Zstd, &make_archive_extractor<FormatId::Zstd>},
    // OLE2 compound files: Word/Excel/PowerPoint 97-2003, Outlook .msg, password-protected OOXML (by their streams).
    {FormatId::Ole2, &make_ole2_extractor},
    // Pictures, read with OCR (image/; the OCR module is loaded only when one is met).
    {FormatId::Image, &make_image_extractor},
    // Unknown binary: its 8-bit and UTF-16LE text runs (databases, proprietary exports, OneNote).
    {FormatId::Binary, &make_binary_strings_extractor},
};

}  // namespace

std::unique_ptr<Extractor> make_extractor(FormatId format) {
  for (const auto& r : kExtractors)
    if (r.format == format) return r.make();
  return nullptr;
}

namespace {
constexpr HelperRole kHelperRoles[] = {
    {pst::kReaderRole, &pst::run_reader},
};
}  // namespace

std::span<const HelperRole> extractor_helper_roles() { return kHelperRoles; }

bool has_text_layer(FormatId format, const Limits& limits) {
  if (format == FormatId::Image) return limits.ocr != OcrMode::Off;
  return format != FormatId::Media && format != FormatId::Executable;
}

}  // namespace datavagt
