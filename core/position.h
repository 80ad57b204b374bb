#pragma once
// Where inside an item's extracted text a chunk sits: a page number for paged formats, and a free-form part
// ("sheet Budget", "slide 3", "header", "message body"). Empty for plain text.
#include <cstdint>
#include <string>

namespace datavagt {

struct Position {
  std::uint32_t page = 0;  // 1-based; 0 = not paged
  std::string part;
  // Text read by OCR (extractors/image/): Tesseract's confidence, 1..100, in the words of this chunk that hold
  // digits (else in all its words). 0 = the text was not read by OCR.
  std::uint8_t ocr_confidence = 0;

  bool empty() const { return page == 0 && part.empty(); }
  bool ocr() const { return ocr_confidence > 0; }
  bool operator==(const Position&) const = default;
};

}  // namespace datavagt
