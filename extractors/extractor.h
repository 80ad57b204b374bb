#pragma once
// The extractor contract (see extractors/README.md for the full table).
// - An Extractor turns one item's bytes into UTF-8 text chunks, pushed to an ExtractSink. It knows nothing
//   of detectors or reports. Instances are made per item by the registry, so they may keep state; they are
//   used by one thread at a time.
// - Text is streamed: never hold a whole file. Stop promptly when the sink's text() returns false.
// - Expected failures (encrypted, corrupt, truncated) go to problem(); the extractor then returns. Exceptions
//   must not escape extract(), and never cross a C library callback.
#include <string>
#include <string_view>

#include "core/item.h"
#include "core/limits.h"
#include "core/ocr_budget.h"
#include "core/position.h"
#include "core/problem.h"
#include "core/text_chunk.h"
#include "extractors/byte_source.h"

namespace datavagt {

class ExtractSink {
 public:
  virtual ~ExtractSink() = default;
  // Consumes a chunk of text. Returns false when no more text is wanted; the extractor returns then.
  virtual bool text(const TextChunk& chunk) = 0;
  // A member found inside this item (archive entry, attachment, embedded object, a PST's message): the one
  // way members leave an extractor. The sink reads it before returning, or not at all (a member past the
  // depth limit, a spent budget): the extractor passes over what was not read. The scanner scans it then,
  // or later from a copy on another core (scanner/member_tasks.h); `bytes` is only valid during the call.
  // A member without bytes of its own (a PST message) is handed on in a format of our own that its own
  // extractor reads (mail/pst_message.h).
  virtual void nested(const ItemInfo& member, ByteSource& bytes) = 0;
  // Something kept this item (or a part of it) from being fully scanned.
  virtual void problem(Problem p) = 0;
  // Something worth knowing about the item that is not a problem, as a short sentence that never quotes
  // content ("3 of 12 pages without text (scanned images?)"). Optional: the default ignores it.
  virtual void note(std::string note) { (void)note; }
  // True once the on-disk file's budget (time, unpacked bytes) is spent and the sink has reported it: stop
  // promptly, without reporting anything more. Extractors that loop over members or read long streams ask
  // it between steps. Optional: the default never stops.
  virtual bool stop_requested() const { return false; }
  // The on-disk file's OCR budget (core/ocr_budget.h), shared by everything nested in it. Optional: the
  // default is an unbounded budget of this sink's own (tools, tests).
  virtual OcrBudget& ocr_budget() { return own_ocr_budget_; }

 private:
  OcrBudget own_ocr_budget_;
};

class Extractor {
 public:
  virtual ~Extractor() = default;
  virtual std::string_view name() const = 0;
  // `in` is positioned at the start of the item.
  virtual void extract(ByteSource& in, const ItemInfo& info, ExtractSink& out, const Limits& limits) = 0;
};

}  // namespace datavagt
