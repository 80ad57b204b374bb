#include "extractors/text_emitter.h"

#include <string>

#include "core/utf8.h"

namespace datavagt {

bool TextEmitter::emit(std::string_view utf8, const Position& where) {
  if (stopped_) return false;
  if (utf8.empty()) return true;
  bool over = false;
  if (emitted_ + utf8.size() > budget_) {
    utf8 = utf8.substr(0, utf8::floor_boundary(utf8, budget_ - emitted_));
    over = true;
  }
  emitted_ += utf8.size();
  if (!utf8.empty() && !sink_.text(TextChunk{utf8, where})) {
    stopped_ = true;
    return false;
  }
  if (over) {
    sink_.problem(Problem::make(ProblemKind::Truncated,
                                "extracted text exceeds " + std::to_string(budget_) + " bytes"));
    stopped_ = true;
    return false;
  }
  return true;
}

}  // namespace datavagt
