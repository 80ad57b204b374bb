// The list of extractors. Adding a format: write extractors/<format>.cpp with a make_<format>_extractor()
// factory, declare it below, and add one line to kExtractors.
#include "extractors/registry.h"

namespace datavagt {

std::unique_ptr<Extractor> make_text_extractor();
std::unique_ptr<Extractor> make_html_extractor();
std::unique_ptr<Extractor> make_xml_extractor();
std::unique_ptr<Extractor> make_rtf_extractor();
std::unique_ptr<Extractor> make_pdf_extractor();
std::unique_ptr<Extractor> make_ooxml_extractor();
std::unique_ptr<Extractor> make_pst_extractor();

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
    // Every zip: Office Open XML is recognised by its part names; other zips get `unsupported-format`.
    {FormatId::Zip, &make_ooxml_extractor},
    // Unknown binary: scanned as raw bytes (databases, proprietary exports often store text as ASCII).
    {FormatId::Binary, &make_text_extractor},
};

}  // namespace

std::unique_ptr<Extractor> make_extractor(FormatId format) {
  for (const auto& r : kExtractors)
    if (r.format == format) return r.make();
  return nullptr;
}

bool has_text_layer(FormatId format) {
  return format != FormatId::Image && format != FormatId::Media && format != FormatId::Executable;
}

}  // namespace datavagt
