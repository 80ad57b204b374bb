#pragma once
// The notes that account for every picture OCR did not read (image files and members, PDF pages without
// text), worded once for the image and PDF extractors. A note never quotes content.
#include <cstdint>
#include <string>

#include "core/limits.h"

namespace datavagt {

enum class OcrSkip {
  Off,          // --ocr off
  Small,        // --ocr auto: too small to hold text
  Unavailable,  // the OCR module or its language data is missing
};

// "<what> not read (--ocr off)", "<what> not read: too small to hold text (--ocr all reads it)", ...
inline std::string ocr_skip_note(OcrSkip why, const std::string& what) {
  switch (why) {
    case OcrSkip::Off: return what + " not read (--ocr off)";
    case OcrSkip::Small: return what + " not read: too small to hold text (--ocr all reads it)";
    case OcrSkip::Unavailable: return what + " not read";
  }
  return what + " not read";
}

// "OCR stopped after 12 of 50 pages (the file's OCR budget is spent)".
inline std::string ocr_stopped_note(std::uint32_t done, std::uint32_t of) {
  return "OCR stopped after " + std::to_string(done) + " of " + std::to_string(of) +
         " pages (the file's OCR budget is spent)";
}

inline std::string size_text(std::uint32_t w, std::uint32_t h) {
  return std::to_string(w) + "x" + std::to_string(h) + " px";
}

// What --ocr auto reads.
inline bool large_enough_for_text(std::uint32_t w, std::uint32_t h, const Limits& limits) {
  return std::uint64_t{w} * h >= limits.ocr_min_pixels && w >= limits.ocr_min_side && h >= limits.ocr_min_side;
}

}  // namespace datavagt
