#pragma once
// Which extractor handles which sniffed format: one line per format in registry.cpp.
#include <memory>
#include <span>

#include "core/helper_process.h"

#include "extractors/extractor.h"
#include "extractors/format.h"

namespace datavagt {

// A new extractor for the format, or nullptr when there is none (yet).
std::unique_ptr<Extractor> make_extractor(FormatId format);

// False for formats that carry no text to scan (audio/video, executables; images with --ocr off): such files
// count as scanned, without an error record. Images are read with OCR (image/).
bool has_text_layer(FormatId format, const Limits& limits);

// The helper processes extractors start (the PST reader): a program that links the extractors passes them to
// run_helper_if_asked() (core/helper_process.h) first thing in main().
std::span<const HelperRole> extractor_helper_roles();

}  // namespace datavagt
