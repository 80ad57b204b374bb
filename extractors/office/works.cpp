// Microsoft Works word processor documents (.wps) in a compound file (issue 15, item 6): Works 4 to 9 keep the
// document in a "CONTENTS" stream that starts "CHNKWKS " (a chunk index, then the chunks; the text chunk
// holds the document's characters, 8-bit in Works 4, UTF-16LE from Works 2000 on), beside a "MatOST" stream.
// The chunk layout is not documented and varies between versions, so the text is taken as the text runs of
// the CONTENTS stream (text/binary_strings.h: 8-bit and UTF-16LE), with a note that says so; the document
// properties come first (ole2.cpp). Every Works document thus ends with findings, nothing found, or a problem
// (a stream that cannot be read: `corrupt`; larger than max_buffered_member_bytes: `limit`).
#include "extractors/office/ole2_formats.h"
#include "extractors/text/binary_strings.h"

namespace datavagt {

bool is_works_contents(const Ole2Storage& root, const Limits& limits) {
  if (!root.has_stream("CONTENTS")) return false;
  auto contents = root.read("CONTENTS", limits.max_buffered_member_bytes, "works");
  return contents && contents->starts_with("CHNKWKS ");
}

void extract_works_document(const Ole2Storage& root, const ItemInfo&, ExtractSink& out, TextEmitter& emitter,
                            const Limits& limits) {
  if (!root.find("CONTENTS")) {
    out.problem(Problem::make(ProblemKind::UnsupportedFormat,
                              "works: a Works document without a CONTENTS stream (a Works database or "
                              "spreadsheet?); only its properties are scanned"));
    return;
  }
  auto contents = root.read("CONTENTS", limits.max_buffered_member_bytes, "works");
  if (!contents) {
    out.problem(contents.problem());
    return;
  }
  Position body;
  body.part = "body";
  BinaryStrings strings([&](std::string_view run) { return emitter.emit(run, body); });
  // The chunk index's names ("CHNKWKS ", "TEXT", "SHDR" …) are runs too: harmless, no one's data.
  if (strings.feed(*contents)) strings.finish();
  out.note("Works document: its text is read as the text runs of its CONTENTS stream");
}

}  // namespace datavagt
