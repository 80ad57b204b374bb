#include "extractors/text/markup_text.h"

#include <libxml/xmlerror.h>

namespace datavagt {

namespace {
constexpr std::size_t kFlushBytes = 64 * 1024;

void ignore_generic_error(void*, const char*, ...) {}
void ignore_structured_error(void*, xmlErrorPtr) {}
}  // namespace

void silence_libxml2_errors() {
  xmlSetGenericErrorFunc(nullptr, &ignore_generic_error);
  xmlSetStructuredErrorFunc(nullptr, &ignore_structured_error);
}

void MarkupText::text(std::string_view s) {
  if (skip_depth_ > 0 || stopped_) return;
  if (s.empty()) return;
  buf_.append(s);
  last_ = s.back();
  if (buf_.size() >= kFlushBytes) flush();
}

void MarkupText::boundary() {
  if (skip_depth_ > 0 || stopped_) return;
  if (last_ != '\n' && last_ != ' ' && last_ != '\t' && last_ != '\r') {
    buf_ += '\n';
    last_ = '\n';
  }
}

bool MarkupText::set_position(Position where) {
  const bool go_on = flush();
  where_ = std::move(where);
  last_ = '\n';
  return go_on;
}

bool MarkupText::flush() {
  if (stopped_) return false;
  if (!buf_.empty() && !emitter_.emit(buf_, where_)) stopped_ = true;
  buf_.clear();
  return !stopped_;
}

}  // namespace datavagt
