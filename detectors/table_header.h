#pragma once
// Column headers of delimited text (CSV, TSV exports): "Fakturanr;Kundenr;Beløb" labels every number in its
// column, however far below the header. The header is the item's first line when it has delimiters;
// a number's column is counted back to the start of its line.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "detectors/context_keywords.h"
#include "detectors/stream_text.h"

namespace datavagt {

class TableHeader {
 public:
  void reset();
  // Looks at the start of the item's text (called with the first chunk; later calls do nothing): the header's
  // cells are read with the same keywords and word rules as running text.
  void learn(const StreamText& text, const ContextKeywords& keywords, ContextKeywords::Scratch& scratch);
  // The label of the column the number starting at `start` sits in, if its header names one.
  std::optional<Polarity> label_for(const StreamText& text, std::uint64_t start) const;

 private:
  bool learned_ = false;
  char delimiter_ = 0;
  std::uint64_t header_end_ = 0;
  std::vector<std::optional<Polarity>> columns_;
};

}  // namespace datavagt
