#pragma once
// Which extractor handles which sniffed format: one line per format in registry.cpp.
#include <memory>

#include "extractors/extractor.h"
#include "extractors/format.h"

namespace datavagt {

// A new extractor for the format, or nullptr when there is none (yet).
std::unique_ptr<Extractor> make_extractor(FormatId format);

// False for formats that carry no text to scan (images, audio/video, executables): such files count as
// scanned, without an error record.
bool has_text_layer(FormatId format);

}  // namespace datavagt
