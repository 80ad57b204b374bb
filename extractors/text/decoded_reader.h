#pragma once
// Reads an item's bytes, guesses its charset from the head, and hands out UTF-8 pieces. Shared by the
// text, HTML and XML extractors so charset handling lives in one place. Reports read errors to the sink.
#include <functional>
#include <string_view>

#include "core/item.h"
#include "core/limits.h"
#include "extractors/byte_source.h"
#include "extractors/text/charset.h"
#include "extractors/extractor.h"

namespace datavagt {

// Calls `piece` with successive UTF-8 pieces until the source ends or `piece` returns false.
// Returns the charset used. Read failures go to `out.problem()`.
Charset read_decoded(ByteSource& in, const ItemInfo& info, const Limits& limits, ExtractSink& out,
                     const std::function<bool(std::string_view)>& piece);

}  // namespace datavagt
