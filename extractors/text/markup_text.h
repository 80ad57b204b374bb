#pragma once
// Collects the text of a markup document (HTML, XML) from SAX callbacks: skips the content of ignored
// elements, puts a line break at element boundaries that separate words, and passes text on in pieces of
// ~64 KB through a TextEmitter. Shared by html.cpp and xml.cpp.
#include <exception>
#include <string>
#include <string_view>

#include <libxml/parser.h>

#include "core/position.h"
#include "extractors/text_emitter.h"

namespace datavagt {

class MarkupText {
 public:
  explicit MarkupText(TextEmitter& emitter) : emitter_(emitter) {}

  void text(std::string_view s);
  void boundary();  // a line break, unless the text already ends in whitespace
  void enter_skipped() { ++skip_depth_; }
  void leave_skipped() {
    if (skip_depth_ > 0) --skip_depth_;
  }
  bool skipping() const { return skip_depth_ > 0; }
  // Passes on what is buffered, then tags the text that follows with `where` (a part of an office file).
  bool set_position(Position where);
  // Passes on what is buffered. Returns false when extraction should stop.
  bool flush();
  bool stopped() const { return stopped_; }

 private:
  TextEmitter& emitter_;
  std::string buf_;
  Position where_;
  char last_ = '\n';  // last character passed on or buffered, to decide whether a boundary is needed
  int skip_depth_ = 0;
  bool stopped_ = false;
};

// What a libxml2 SAX callback reaches through the parser context's _private pointer. (The user pointer
// stays the parser context itself, which libxml2's default SAX2 handlers expect.)
struct MarkupState {
  MarkupText text;
  xmlParserCtxtPtr ctxt = nullptr;  // an HTML parser context is the same type
  std::exception_ptr error;
};

// Runs a SAX callback body. Exceptions must not cross libxml2's C frames: they are caught here, kept, and
// the parser is stopped; so is it when the text consumer wants no more.
template <class F>
void guarded_callback(void* parser_ctxt, F&& body) {
  auto* st = static_cast<MarkupState*>(static_cast<xmlParserCtxtPtr>(parser_ctxt)->_private);
  if (st->error) return;
  try {
    body(*st);
    if (st->text.stopped()) xmlStopParser(st->ctxt);
  } catch (...) {
    st->error = std::current_exception();
    xmlStopParser(st->ctxt);
  }
}

// Silences libxml2's error output on this thread (its messages would mix into ours, and may quote content).
void silence_libxml2_errors();

}  // namespace datavagt
