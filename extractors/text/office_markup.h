#pragma once
// Which attributes of Office and OpenDocument markup hold text a person wrote (issue 15, item 10). Office XML
// met outside its package (Word's and Excel's "XML" save formats, flat OPC, flat ODF .fodt/.fods, a part
// unpacked by hand) reaches the generic XML extractor, which scans attribute values: there w:id="1411732106",
// w:rsidR, drawing and relationship ids, style names and measurements are markup, not text, and ids of ten
// digits look like CPR numbers. In the Office and ODF vocabularies only the few attributes that hold user text
// are text: authors (comments, tracked changes), alt text (descr, title), hyperlink targets and tooltips,
// field instructions, names (sheets, shapes, comment authors) and cell values. Attributes of any other XML
// (a generic export such as <borger cpr="…">) are all text, as before.
// Contract: pure functions, thread-safe.
#include <string_view>

namespace datavagt {

// True for a namespace URI of Office markup: OOXML (schemas.openxmlformats.org), Microsoft Office's own
// (schemas.microsoft.com/office and /aml, urn:schemas-microsoft-com: VML, Word/Excel 2003 XML), OpenDocument
// (urn:oasis:names:tc:opendocument:xmlns:, openoffice.org, LibreOffice's urn:org:documentfoundation:names:).
bool is_office_namespace(std::string_view uri);

// Whether an attribute's value is text to scan. `attribute_uri` is the attribute's namespace ("" when it has
// no prefix: it then belongs to its element's vocabulary, `element_uri`); `local` its local name.
bool attribute_holds_text(std::string_view element_uri, std::string_view attribute_uri, std::string_view local);

}  // namespace datavagt
