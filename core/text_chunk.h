#pragma once
// A piece of an item's extracted text: what flows from extractors to detectors.
#include <string_view>

#include "core/position.h"

namespace datavagt {

struct TextChunk {
  std::string_view utf8;  // valid UTF-8; only valid during the call that hands it over
  Position where;
};

}  // namespace datavagt
