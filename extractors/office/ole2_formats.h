#pragma once
// The formats stored in OLE2 compound files, each in a file of its own (doc.cpp, xls.cpp, ppt.cpp), called
// by the OLE2 extractor (ole2.cpp) once it has opened the file and seen which streams it holds. Same contract
// as Extractor::extract(): text through `emitter` (the item's one text budget, made by ole2.cpp), members
// through out.nested(), problems as values.
#include "core/item.h"
#include "core/limits.h"
#include "extractors/extractor.h"
#include "extractors/office/ole2_file.h"
#include "extractors/text_emitter.h"

namespace datavagt {

// Word 97-2003 (.doc): a "WordDocument" stream.
void extract_word_document(const Ole2Storage& root, const ItemInfo& info, ExtractSink& out, TextEmitter& emitter,
                           const Limits& limits);
// Excel 97-2003 (.xls, BIFF8): a "Workbook" (or "Book") stream.
void extract_workbook(const Ole2Storage& root, const ItemInfo& info, ExtractSink& out, TextEmitter& emitter,
                      const Limits& limits);
// PowerPoint 97-2003 (.ppt): a "PowerPoint Document" stream.
void extract_presentation(const Ole2Storage& root, const ItemInfo& info, ExtractSink& out, TextEmitter& emitter,
                          const Limits& limits);
// Document properties ("\5SummaryInformation", "\5DocumentSummaryInformation": title, subject, author,
// keywords, comments, company, custom properties) as text with part `properties`. False when the sink wants
// no more text.
bool extract_ole2_properties(const Ole2Storage& root, TextEmitter& emitter, const Limits& limits);

// Outlook message (.msg): "__substg1.0_*" streams and "__properties_version1.0".
void extract_outlook_message(const Ole2Storage& root, const ItemInfo& info, ExtractSink& out, TextEmitter& emitter,
                             const Limits& limits);

// Hands the embedded objects in `storage` on as nested items: each sub-storage whose name begins with
// `name_prefix` (Word: every storage in ObjectPool; Excel: MBD* at the top), named `path` + its name. What is
// handed on: the file inside an OLE1 Package ("\1Ole10Native"), an OOXML "Package", a "CONTENTS" stream
// (a PDF …), or the object's storage itself as a compound file of its own (an embedded document or workbook).
void hand_on_embedded_objects(const Ole2Storage& storage, std::string_view path, std::string_view name_prefix,
                              const ItemInfo& info, ExtractSink& out, const Limits& limits);

}  // namespace datavagt
