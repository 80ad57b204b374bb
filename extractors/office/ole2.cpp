// OLE2 compound files (MS-CFB), registered for FormatId::Ole2: opens the file with libgsf (ole2_file.h) and
// decides by the entries at its top what it holds, with one table (kKinds; the first row that matches):
//   "EncryptedPackage"                   a password-protected DOCX/XLSX/PPTX: `encrypted` (its ciphertext
//                                        is never scanned as text)
//   "WordDocument"                       Word 97-2003 (doc.cpp)
//   "Workbook" / "Book"                  Excel 97-2003 (xls.cpp); "Book" is BIFF5 (Excel 5/95)
//   "PowerPoint Document"                PowerPoint 97-2003 (ppt.cpp)
//   "__substg1.0_*", "__properties_version1.0"  an Outlook message (msg.cpp)
//   "MatOST", or a "CONTENTS" stream starting "CHNKWKS "  a Works word processor document (works.cpp)
//   "\1Ole10Native", "Package", "CONTENTS"  an embedded object's storage: the file inside, as a nested item
// Anything else (Visio, Publisher, MSI installers, Thumbs.db …) is `unsupported-format`, named
// (kUnsupported). Adding a kind is one row and a function in a file of its own (ole2_formats.h).
// Embedded objects (Word's ObjectPool, Excel's MBD* storages) are handed on as nested items. The document
// properties of Word, Excel and PowerPoint files are read first (ole2_properties.cpp).
#include <array>
#include <memory>
#include <optional>
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

// How a row of a table below recognises its entry among those at the top of a storage.
enum class Present {
  Stream,       // a stream of one of the names (the first of them present is the one used)
  Entry,        // a stream or a storage of one of the names
  EntryPrefix,  // an entry whose name starts with one of the names
};

// The name of the first entry of `storage` that the row's names and `how` match, or nullopt.
template <std::size_t N>
std::optional<std::string_view> present(const Ole2Storage& storage, Present how,
                                        const std::array<std::string_view, N>& names) {
  for (std::string_view n : names) {
    if (n.empty()) continue;
    if (how == Present::Stream && storage.has_stream(n)) return n;
    if (how == Present::Entry && storage.find(n)) return n;
    if (how == Present::EntryPrefix)
      for (const auto& e : storage.entries())
        if (starts_with(e.name, n)) return n;
  }
  return std::nullopt;
}

// What an embedded object's storage hands on, by its streams (the first row that matches).
enum class ObjectPayload {
  Ole1Native,    // "\1Ole10Native": a u32 size, then OLE1 native data (a Packager file: ole1_object.h)
  Stream,        // the stream itself (an OOXML package, a PDF …)
  CompoundFile,  // the object's storage as a compound file of its own (an embedded Word or Excel document)
};
struct ObjectKind {
  std::array<std::string_view, 4> streams;
  ObjectPayload payload;
};
constexpr ObjectKind kObjectKinds[] = {
    {{"\x01Ole10Native"}, ObjectPayload::Ole1Native},
    {{"Package", "CONTENTS", "Contents"}, ObjectPayload::Stream},
    {{"WordDocument", "Workbook", "Book", "PowerPoint Document"}, ObjectPayload::CompoundFile},
};

// One embedded object's storage.
void hand_on_object(const Ole2Storage& object, const Location& where, const ItemInfo& info, ExtractSink& out,
                    const Limits& limits) {
  const std::size_t bound = limits.max_buffered_member_bytes;
  for (const ObjectKind& kind : kObjectKinds) {
    const auto name = present(object, Present::Stream, kind.streams);
    if (!name) continue;
    Result<std::string> bytes = kind.payload == ObjectPayload::CompoundFile ? object.to_compound_file(bound, "ole2")
                                                                            : object.read(*name, bound, "ole2");
    if (!bytes) {
      member_problem(out, where, bytes.problem());
      return;
    }
    if (kind.payload != ObjectPayload::Ole1Native) return hand_on(out, info, where, *bytes);
    if (bytes->size() > 4) hand_on(out, info, where, ole_package_payload(std::string_view(*bytes).substr(4)));
    return;
  }
}

// The kinds of compound file this extractor reads. `read` gets the root, the name of the entry that matched,
// and one TextEmitter (the item's text budget); `properties`: the document properties are read first.
using ReadKind = void (*)(const Ole2Storage& root, std::string_view matched, const ItemInfo& info, ExtractSink& out,
                          TextEmitter& emitter, const Limits& limits);
struct Ole2Kind {
  Present how;
  std::array<std::string_view, 4> names;
  ReadKind read;
  bool properties;
};

void read_encrypted_package(const Ole2Storage&, std::string_view, const ItemInfo&, ExtractSink& out, TextEmitter&,
                            const Limits&) {
  out.problem(Problem::make(ProblemKind::Encrypted,
                            "ole2: password-protected Office file (encrypted DOCX/XLSX/PPTX); not scanned"));
}
void read_word(const Ole2Storage& r, std::string_view, const ItemInfo& info, ExtractSink& out, TextEmitter& emitter,
               const Limits& limits) {
  extract_word_document(r, info, out, emitter, limits);
}
void read_workbook(const Ole2Storage& r, std::string_view, const ItemInfo& info, ExtractSink& out,
                   TextEmitter& emitter, const Limits& limits) {
  extract_workbook(r, info, out, emitter, limits);
}
void read_presentation(const Ole2Storage& r, std::string_view, const ItemInfo& info, ExtractSink& out,
                       TextEmitter& emitter, const Limits& limits) {
  extract_presentation(r, info, out, emitter, limits);
}
void read_works(const Ole2Storage& r, std::string_view, const ItemInfo& info, ExtractSink& out, TextEmitter& emitter,
                const Limits& limits) {
  extract_works_document(r, info, out, emitter, limits);
}
void read_outlook_message(const Ole2Storage& r, std::string_view, const ItemInfo& info, ExtractSink& out,
                          TextEmitter& emitter, const Limits& limits) {
  extract_outlook_message(r, info, out, emitter, limits);
}
// An embedded object's storage on its own (a presentation's ExOleObjStg, an RTF \objdata): the file it
// wraps, named after the stream that holds it.
void read_object(const Ole2Storage& r, std::string_view matched, const ItemInfo& info, ExtractSink& out,
                 TextEmitter& emitter, const Limits& limits) {
  // A Works document without MatOST: its CONTENTS is the document, not an embedded object.
  if (matched == "CONTENTS" && is_works_contents(r, limits)) {
    if (!extract_ole2_properties(r, emitter, limits)) return;
    return extract_works_document(r, info, out, emitter, limits);
  }
  hand_on_object(r, info.location.child(ole2_printable_name(matched)), info, out, limits);
}

constexpr Ole2Kind kKinds[] = {
    // A password-protected DOCX/XLSX/PPTX: its ciphertext is never scanned as text.
    {Present::Entry, {"EncryptedPackage", "EncryptionInfo"}, &read_encrypted_package, false},
    {Present::Stream, {"WordDocument"}, &read_word, true},                  // doc.cpp
    {Present::Stream, {"Workbook", "Book"}, &read_workbook, true},          // xls.cpp ("Book": Excel 5/95)
    {Present::Stream, {"PowerPoint Document"}, &read_presentation, true},   // ppt.cpp
    {Present::EntryPrefix, {"__substg1.0_"}, &read_outlook_message, false},  // msg.cpp
    {Present::Entry, {"__properties_version1.0"}, &read_outlook_message, false},
    {Present::Entry, {"MatOST"}, &read_works, true},  // works.cpp (a CONTENTS stream "CHNKWKS ": below)
    {Present::Stream, {"\x01Ole10Native", "Package", "CONTENTS", "Contents"}, &read_object, false},
};

// What a compound file we do not read is, for the problem's detail (the first entry present names it).
struct UnsupportedKind {
  std::string_view entry;
  std::string_view what;
};
constexpr UnsupportedKind kUnsupported[] = {
    {"VisioDocument", "a Visio drawing"},
    {"Quill", "a Publisher document"},
    {"Catalog", "a Thumbs.db thumbnail cache"},
    {"\x05" "DigitalSignature", "a compound file of an unknown kind (an installer, or another application's document)"},
    {"\x05SummaryInformation", "a compound file of an unknown kind (an installer, or another application's document)"},
};

std::string kind_of(const Ole2Storage& r) {
  for (const auto& k : kUnsupported)
    if (r.find(k.entry)) return std::string(k.what);
  return "a compound file of an unknown kind";
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
    // A cut file: said once, and what is there is still read (its streams that are whole).
    if (r.truncation()) out.problem(Problem::make(ProblemKind::Corrupt, "ole2: " + *r.truncation()));
    for (const Ole2Kind& kind : kKinds) {
      const auto matched = present(r, kind.how, kind.names);
      if (!matched) continue;
      TextEmitter emitter(out, limits);  // one text budget for the item
      if (kind.properties && !extract_ole2_properties(r, emitter, limits)) return;
      return kind.read(r, *matched, info, out, emitter, limits);
    }
    out.problem(Problem::make(ProblemKind::UnsupportedFormat, "ole2: " + kind_of(r) + "; not scanned"));
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
