// OLE2 compound files (MS-CFB), registered for FormatId::Ole2: opens the file with libgsf (ole2_file.h) and
// decides by the streams at its top what it holds:
//   "EncryptedPackage"                   a password-protected DOCX/XLSX/PPTX: `encrypted` (its ciphertext
//                                        is never scanned as text)
//   "WordDocument"                       Word 97-2003 (doc.cpp)
//   "Workbook" / "Book"                  Excel 97-2003 (xls.cpp); "Book" is BIFF5 (Excel 5/95)
//   "PowerPoint Document"                PowerPoint 97-2003 (ppt.cpp)
//   "__substg1.0_*", "__properties_version1.0"  an Outlook message (msg.cpp)
//   "\1Ole10Native", "Package", "CONTENTS"  an embedded object's storage: the file inside, as a nested item
// Anything else (Visio, Publisher, Works, MSI installers, Thumbs.db …) is `unsupported-format`, named.
// Embedded objects (Word's ObjectPool, Excel's MBD* storages) are handed on as nested items. The document
// properties of Word, Excel and PowerPoint files are read first (ole2_properties.cpp).
#include <memory>
#include <string>
#include <string_view>

#include "extractors/extractor.h"
#include "extractors/office/ole1_object.h"
#include "extractors/office/ole2_file.h"
#include "extractors/office/ole2_formats.h"
#include "extractors/text_emitter.h"

namespace datavagt {

namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

void member_problem(ExtractSink& out, const Location& where, Problem p) {
  p.members = where.members;
  out.problem(std::move(p));
}

void hand_on(ExtractSink& out, const ItemInfo& info, const Location& where, std::string_view bytes) {
  if (bytes.empty()) return;
  MemorySource src(bytes);
  out.nested(info.member(where, bytes.size()), src);
}

// One embedded object's storage.
void hand_on_object(const Ole2Storage& object, const Location& where, const ItemInfo& info, ExtractSink& out,
                    const Limits& limits) {
  const std::size_t bound = limits.max_buffered_member_bytes;
  auto stream = [&](std::string_view name) -> std::optional<std::string> {
    auto bytes = object.read(name, bound, "ole2");
    if (!bytes) {
      member_problem(out, where, bytes.problem());
      return std::nullopt;
    }
    return std::move(*bytes);
  };
  if (object.has_stream("\x01Ole10Native")) {  // an OLE1 object: a u32 size, then the native data
    if (auto native = stream("\x01Ole10Native"); native && native->size() > 4) {
      std::string_view data = std::string_view(*native).substr(4);
      hand_on(out, info, where, ole_package_payload(data));
    }
    return;
  }
  for (std::string_view name : {"Package", "CONTENTS", "Contents"}) {  // an OOXML package, a PDF …
    if (object.has_stream(name)) {
      if (auto bytes = stream(name)) hand_on(out, info, where, *bytes);
      return;
    }
  }
  for (std::string_view name : {"WordDocument", "Workbook", "Book", "PowerPoint Document"}) {
    if (object.has_stream(name)) {  // an Office document stored as the object's storage itself
      auto bytes = object.to_compound_file(bound, "ole2");
      if (!bytes)
        member_problem(out, where, bytes.problem());
      else
        hand_on(out, info, where, *bytes);
      return;
    }
  }
}

class Ole2Extractor final : public Extractor {
 public:
  std::string_view name() const override { return "ole2"; }

  void extract(ByteSource& in, const ItemInfo& info, ExtractSink& out, const Limits& limits) override {
    auto root = open_ole2(in, info, limits, "ole2");
    if (!root) {
      out.problem(root.problem());
      return;
    }
    const Ole2Storage& r = *root;
    if (r.find("EncryptedPackage") || r.find("EncryptionInfo")) {
      out.problem(Problem::make(ProblemKind::Encrypted,
                                "ole2: password-protected Office file (encrypted DOCX/XLSX/PPTX); not scanned"));
      return;
    }
    const bool word = r.has_stream("WordDocument");
    const bool workbook = r.has_stream("Workbook") || r.has_stream("Book");
    const bool slides = r.has_stream("PowerPoint Document");
    TextEmitter emitter(out, limits);  // one text budget for the item
    if ((word || workbook || slides) && !extract_ole2_properties(r, emitter, limits)) return;
    if (word) return extract_word_document(r, info, out, emitter, limits);
    if (workbook) return extract_workbook(r, info, out, emitter, limits);
    if (slides) return extract_presentation(r, info, out, emitter, limits);
    for (const auto& e : r.entries()) {
      if (starts_with(e.name, "__substg1.0_") || e.name == "__properties_version1.0")
        return extract_outlook_message(r, info, out, emitter, limits);
    }
    // An embedded object's storage on its own (a presentation's ExOleObjStg, an RTF \objdata): the file it
    // wraps, named after the stream that holds it.
    for (std::string_view name : {"\x01Ole10Native", "Package", "CONTENTS", "Contents"})
      if (r.has_stream(name))
        return hand_on_object(r, info.location.child(ole2_printable_name(name)), info, out, limits);
    out.problem(Problem::make(ProblemKind::UnsupportedFormat, "ole2: " + kind_of(r) + "; not scanned"));
  }

 private:
  // What a compound file we do not read is, for the problem's detail.
  static std::string kind_of(const Ole2Storage& r) {
    if (r.find("VisioDocument")) return "a Visio drawing";
    if (r.find("Quill")) return "a Publisher document";
    if (r.find("MatOST")) return "a Works document";
    if (r.find("Catalog")) return "a Thumbs.db thumbnail cache";
    if (r.find("\x05" "DigitalSignature") || r.find("\x05SummaryInformation"))
      return "a compound file of an unknown kind (an installer, or another application's document)";
    return "a compound file of an unknown kind";
  }
};

}  // namespace

void hand_on_embedded_objects(const Ole2Storage& storage, std::string_view path, std::string_view name_prefix,
                              const ItemInfo& info, ExtractSink& out, const Limits& limits) {
  for (const auto& e : storage.entries()) {
    if (!e.storage || !starts_with(e.name, name_prefix)) continue;
    if (auto object = storage.storage(e.name))
      hand_on_object(*object, info.location.child(std::string(path) + ole2_printable_name(e.name)), info, out,
                     limits);
  }
}

std::unique_ptr<Extractor> make_ole2_extractor() { return std::make_unique<Ole2Extractor>(); }

}  // namespace datavagt
