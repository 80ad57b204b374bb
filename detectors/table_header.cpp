#include "detectors/table_header.h"

#include <algorithm>
#include <string>

namespace datavagt {

namespace {
constexpr std::size_t kMaxHeaderBytes = 4096;
constexpr std::size_t kMaxLineLookBack = 4096;
constexpr char kDelimiters[] = {';', '\t', ',', '|'};
}  // namespace

void TableHeader::reset() { *this = TableHeader{}; }

void TableHeader::learn(const StreamText& text, const ContextKeywords& keywords, ContextKeywords::Scratch& scratch) {
  if (learned_ || text.begin() != 0 || text.end() == 0) return;
  learned_ = true;
  const std::string head = text.slice(0, std::min<std::uint64_t>(text.end(), kMaxHeaderBytes));
  const auto eol = head.find('\n');
  if (eol == std::string::npos) return;
  std::string_view line(head.data(), eol);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  // The delimiter is the one the header uses most; a header holds names, not numbers.
  std::size_t best = 0;
  for (char d : kDelimiters) {
    const auto n = static_cast<std::size_t>(std::count(line.begin(), line.end(), d));
    if (n > best) {
      best = n;
      delimiter_ = d;
    }
  }
  if (best == 0 || std::any_of(line.begin(), line.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    delimiter_ = 0;
    return;
  }
  header_end_ = eol;
  std::size_t from = 0;
  for (;;) {
    const auto to = line.find(delimiter_, from);
    columns_.push_back(
        keywords.first_polarity(line.substr(from, to == std::string_view::npos ? to : to - from), scratch));
    if (to == std::string_view::npos) break;
    from = to + 1;
  }
}

std::optional<Polarity> TableHeader::label_for(const StreamText& text, std::uint64_t start) const {
  if (delimiter_ == 0 || start <= header_end_) return std::nullopt;
  std::size_t column = 0;
  const std::uint64_t limit = start > kMaxLineLookBack ? start - kMaxLineLookBack : 0;
  for (std::uint64_t o = start; o > limit;) {
    const int c = text.at(--o);
    if (c < 0) return std::nullopt;  // the line starts before the visible text
    if (c == '\n') return column < columns_.size() ? columns_[column] : std::nullopt;
    if (c == delimiter_) ++column;
  }
  return std::nullopt;
}

}  // namespace datavagt
