#pragma once
// The extractor contract (see extractors/README.md for the full table).
// - An Extractor turns one item's bytes into UTF-8 text chunks, pushed to an ExtractSink. It knows nothing
//   of detectors or reports. Instances are made per item by the registry, so they may keep state; they are
//   used by one thread at a time.
// - Text is streamed: never hold a whole file. Stop promptly when the sink's text() returns false.
// - Expected failures (encrypted, corrupt, truncated) go to problem(); the extractor then returns. Exceptions
//   must not escape extract(), and never cross a C library callback.
#include <functional>
#include <string>
#include <string_view>

#include "core/item.h"
#include "core/limits.h"
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
  // A member found inside this item (archive entry, attachment, embedded object). The sink reads it
  // before returning (and scans it then, or later from a copy on another core: scanner/member_tasks.h);
  // `bytes` is only valid during the call.
  virtual void nested(const ItemInfo& member, ByteSource& bytes) = 0;
  // A member whose text this extractor produces itself instead of handing on bytes (a message in a PST:
  // subject, names, bodies). `produce` is called once, before this returns, with the member's own sink (which
  // may record what it is told, to be matched later on another core): its
  // text is matched as the member's (findings carry the member's location), its nested() members are one
  // level below the member. The default gives `produce` this sink: the text counts as this item's.
  virtual void nested_text(const ItemInfo& member, const std::function<void(ExtractSink&)>& produce) {
    (void)member;
    produce(*this);
  }
  // Something kept this item (or a part of it) from being fully scanned.
  virtual void problem(Problem p) = 0;
  // Something worth knowing about the item that is not a problem, as a short sentence that never quotes
  // content ("3 of 12 pages without text (scanned images?)"). Optional: the default ignores it.
  virtual void note(std::string note) { (void)note; }
  // True once the on-disk file's budget (time, unpacked bytes) is spent and the sink has reported it: stop
  // promptly, without reporting anything more. Extractors that loop over members or read long streams ask
  // it between steps. Optional: the default never stops.
  virtual bool stop_requested() const { return false; }
};

class Extractor {
 public:
  virtual ~Extractor() = default;
  virtual std::string_view name() const = 0;
  // `in` is positioned at the start of the item.
  virtual void extract(ByteSource& in, const ItemInfo& info, ExtractSink& out, const Limits& limits) = 0;
};

}  // namespace datavagt
