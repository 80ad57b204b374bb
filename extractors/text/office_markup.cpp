#include "extractors/text/office_markup.h"

#include <array>

namespace datavagt {

namespace {

constexpr std::string_view kXmlNamespace = "http://www.w3.org/XML/1998/namespace";
constexpr std::string_view kSchemaInstance = "http://www.w3.org/2001/XMLSchema-instance";

// Local names that hold user text in the Office vocabularies: w:author (comments, tracked changes), descr and
// title (wp:docPr, pic:cNvPr, v:shape alt text), name (sheets, shapes, p:cmAuthor), Target (relationships:
// hyperlinks, linked files), tooltip (w:hyperlink), alt (VML), instr (w:fldSimple), initials (comment
// authors), ODF's office:value / office:string-value (cell values), xlink:href and office:title.
constexpr std::array<std::string_view, 13> kTextAttributes = {
    "author", "descr", "title", "name", "Target", "tooltip", "alt", "instr", "initials", "value", "string-value",
    "href", "description"};

}  // namespace

bool is_office_namespace(std::string_view uri) {
  for (std::string_view prefix : {"http://schemas.openxmlformats.org/", "http://schemas.microsoft.com/office/",
                                  "urn:schemas-microsoft-com:", "urn:oasis:names:tc:opendocument:xmlns:",
                                  "http://openoffice.org/", "http://purl.oclc.org/ooxml/", "http://schemas.microsoft.com/aml/",
                                  "urn:org:documentfoundation:names:"})
    if (uri.starts_with(prefix)) return true;
  return false;
}

bool attribute_holds_text(std::string_view element_uri, std::string_view attribute_uri, std::string_view local) {
  if (attribute_uri == kSchemaInstance) return false;  // xsi:type, xsi:nil: markup in any document
  const bool office_element = is_office_namespace(element_uri);
  // xml:id, xml:lang, xml:space: markup in an Office document, left alone elsewhere.
  if (attribute_uri == kXmlNamespace) return !office_element;
  const std::string_view vocabulary = attribute_uri.empty() ? element_uri : attribute_uri;
  if (!is_office_namespace(vocabulary)) return true;
  for (std::string_view t : kTextAttributes)
    if (local == t) return true;
  return false;
}

}  // namespace datavagt
