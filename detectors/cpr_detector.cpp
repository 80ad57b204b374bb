#include "detectors/cpr_detector.h"

#include <hs/hs.h>

#include <algorithm>
#include <cctype>
#include <deque>
#include <unordered_map>

#include "core/utf8.h"
#include "detectors/cpr_keywords.h"
#include "detectors/cpr_scoring.h"
#include "detectors/cpr_validator.h"
#include "detectors/masking.h"
#include "detectors/table_header.h"

namespace datavagt {

namespace {

// Pattern 0: a 10-digit shape with an optional separator, not touching other digits. The bytes around the
// number are part of the match (Hyperscan has no look-around); `\z` matches are reported at stream close.
// (`$` would also match before a final newline, reporting the same number twice.)
constexpr const char* kNumberPattern = "(?:\\A|[^0-9])[0-9]{6}(?:[-/. \\t]| - )?[0-9]{4}(?:[^0-9]|\\z)";
constexpr unsigned kNumberId = 0;
constexpr std::size_t kSnippetBytes = 60;  // context on each side, before masking
// Keywords are ordered by end offset; one that starts inside a window may end this much later.
constexpr std::uint64_t kKeywordScanSlack = 64;

std::string escape_literal(std::string_view s) {
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x80 && !std::isalnum(u)) out += '\\';
    out += c;
  }
  return out;
}

bool is_word_byte(int c) {
  return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(int c) { return c >= '0' && c <= '9'; }

struct NumberSeen {
  std::uint64_t start, end;
  bool strong;
};

struct KeywordSeen {
  std::uint64_t start, end;
  Polarity polarity;
};

struct Candidate {
  std::uint64_t start, end;  // the number itself, separator included
  std::string digits;        // ten digits (matcher memory only)
  std::string separator;
  CprCheck check;
  bool labelled_other = false;  // a label of another id (fakturanr., P-nr. …) stands right before it
  bool labelled_cpr = false;    // its column header says CPR
  Position where;
  std::uint64_t snippet_from, snippet_to;
  std::string snippet;  // clear text around the number, masked before it leaves this class
};

class CprState final : public DetectorState {
 public:
  explicit CprState(const DetectContext& ctx) : ctx_(ctx) {}

  void begin_item() override {
    pending_.clear();
    numbers_.clear();
    keywords_.clear();
    findings_.clear();
    index_.clear();
    header_.reset();
  }

  void on_hit(unsigned id, std::uint64_t end, bool at_end_of_text, const StreamText& text,
              const Position& where) override {
    if (id == kNumberId)
      on_number(at_end_of_text ? end : end - 1, text, where);
    else
      on_keyword(cpr_keywords()[id - 1], end, text);
  }

  void after_chunk(const StreamText& text) override {
    header_.learn(text);
    for (auto& c : pending_) extend_snippet(c, text);
    while (!pending_.empty() && pending_.front().end + CprScoring::kRegionBytes <= text.end()) {
      decide(pending_.front());
      pending_.pop_front();
    }
    prune(text.end());
  }

  void finish_item(std::vector<Finding>& out) override {
    while (!pending_.empty()) {
      decide(pending_.front());
      pending_.pop_front();
    }
    for (auto& f : findings_) out.push_back(std::move(f));
    begin_item();
  }

 private:
  void on_number(std::uint64_t num_end, const StreamText& text, const Position& where) {
    // Walk back from the end: SSSS, then an optional separator, then DDMMYY.
    std::string digits(10, '0');
    std::uint64_t p = num_end;
    for (int i = 9; i >= 6; --i) digits[i] = static_cast<char>(text.at(--p));
    std::string separator;
    if (!is_digit(text.at(p - 1))) {
      if (text.at(p - 1) == ' ' && text.at(p - 2) == '-' && text.at(p - 3) == ' ' && is_digit(text.at(p - 4))) {
        separator = " - ";
        p -= 3;
      } else {
        separator.assign(1, static_cast<char>(text.at(p - 1)));
        p -= 1;
      }
    }
    for (int i = 5; i >= 0; --i) digits[i] = static_cast<char>(text.at(--p));
    const std::uint64_t start = p;
    if (!numbers_.empty() && numbers_.back().start == start) return;  // already seen

    Candidate c{start, num_end, std::move(digits), std::move(separator), {}, false, false, where, 0, 0, {}};
    c.check = check_cpr(c.digits, ctx_.options.today);
    header_.learn(text);  // the first chunk's numbers arrive before its after_chunk()
    const auto column = header_.label_for(text, start);
    c.labelled_other = labelled_as_other_id(start, text) || column == Polarity::Negative;
    c.labelled_cpr = column == Polarity::Positive;
    // A number labelled as another kind of id does not make its region look like a list of CPRs.
    numbers_.push_back({start, num_end, is_strong_cpr(c.check) && !c.labelled_other});
    if (c.check.shape == CprShape::NotCpr) return;
    c.snippet_from = start > kSnippetBytes ? start - kSnippetBytes : 0;
    if (c.snippet_from < text.begin()) c.snippet_from = text.begin();
    c.snippet_to = c.snippet_from;
    extend_snippet(c, text);
    pending_.push_back(std::move(c));
  }

  void on_keyword(const CprKeyword& k, std::uint64_t end, const StreamText& text) {
    const std::uint64_t start = end - k.text.size();
    if (start > 0 && is_word_byte(text.at(start - 1))) return;  // inside another word
    if (k.whole_word && is_word_byte(text.at(end))) return;
    keywords_.push_back({start, end, k.polarity});
  }

  // A label such as "Fakturanummer:" names the first number after it: it counts for this number only if
  // no other digits stand between them ("sagsnr. 2016-84039. Borgeren 010190-1234" is a CPR). Labels come
  // before values, so every keyword that matters has been seen when the number is.
  bool labelled_as_other_id(std::uint64_t start, const StreamText& text) const {
    for (auto it = keywords_.rbegin(); it != keywords_.rend(); ++it) {
      const auto& k = *it;
      if (k.polarity != Polarity::Negative || k.end > start) continue;
      if (k.end + CprScoring::kNegativeBefore <= start) break;
      bool digit_between = false;
      for (std::uint64_t o = k.end; o < start && !digit_between; ++o) digit_between = is_digit(text.at(o));
      if (!digit_between) return true;
    }
    return false;
  }

  // Keywords whose end lies after `from`, in order (the deque is ordered by end offset).
  std::deque<KeywordSeen>::const_iterator keywords_ending_after(std::uint64_t from) const {
    return std::partition_point(keywords_.begin(), keywords_.end(), [&](const KeywordSeen& k) { return k.end <= from; });
  }

  // "0101901234 (kundenr.)": a label right after the number.
  bool label_right_after(std::uint64_t end) const {
    for (auto it = keywords_ending_after(end); it != keywords_.end() && it->end < end + kKeywordScanSlack; ++it)
      if (it->polarity == Polarity::Negative && it->start >= end && it->start < end + CprScoring::kNegativeAfter)
        return true;
    return false;
  }

  bool positive_keyword_near(std::uint64_t start, std::uint64_t end) const {
    const std::uint64_t from = start > CprScoring::kPositiveBefore ? start - CprScoring::kPositiveBefore : 0;
    const std::uint64_t to = end + CprScoring::kPositiveAfter;
    for (auto it = keywords_ending_after(from); it != keywords_.end() && it->end < to + kKeywordScanSlack; ++it)
      if (it->polarity == Polarity::Positive && it->start < to) return true;
    return false;
  }

  static void extend_snippet(Candidate& c, const StreamText& text) {
    const std::uint64_t want = c.end + kSnippetBytes;
    if (c.snippet_to >= want || c.snippet_to >= text.end()) return;
    const std::uint64_t to = std::min(want, text.end());
    c.snippet += text.slice(c.snippet_to, to);
    c.snippet_to = to;
  }

  void decide(const Candidate& c) {
    CprEvidence e;
    e.check = c.check;
    e.separator = c.separator;
    e.positive_keyword = c.labelled_cpr || positive_keyword_near(c.start, c.end);
    e.negative_keyword = c.labelled_other || label_right_after(c.end);
    // The numbers around it: the deque is ordered by position, so find the region's first entry by
    // binary search and stop after the region (or after enough neighbours) — dense tables stay linear.
    const std::uint64_t from = c.start > CprScoring::kRegionBytes ? c.start - CprScoring::kRegionBytes : 0;
    auto it = std::partition_point(numbers_.begin(), numbers_.end(), [&](const NumberSeen& n) { return n.end <= from; });
    e.region_numbers = 0;
    for (; it != numbers_.end() && it->start < c.end + CprScoring::kRegionBytes; ++it) {
      if (++e.region_numbers > CprScoring::kRegionMaxNeighbours) break;
      if (it->strong) ++e.region_strong;
    }
    const double confidence = cpr_confidence(e);
    if (confidence + 1e-9 < ctx_.options.min_confidence) return;

    const FindingKind kind = c.check.shape == CprShape::Replacement ? FindingKind::CprReplacement : FindingKind::Cpr;
    std::string fingerprint = ctx_.fingerprinter.of(c.digits);
    std::string key = fingerprint;
    key += kind == FindingKind::Cpr ? 'c' : 'r';
    if (auto it = index_.find(key); it != index_.end()) {
      Finding& f = findings_[it->second];
      ++f.count;
      f.confidence = std::max(f.confidence, confidence);
      return;
    }
    if (findings_.size() >= ctx_.limits.max_findings_per_item) return;
    Finding f;
    f.kind = kind;
    f.masked = mask_cpr(c.digits);
    f.fingerprint = std::move(fingerprint);
    f.confidence = confidence;
    f.where = c.where;
    f.offset = c.start;
    f.context = snippet_for(c);
    index_.emplace(std::move(key), findings_.size());
    findings_.push_back(std::move(f));
  }

  static std::string snippet_for(const Candidate& c) { return mask_snippet(utf8::trim_partial(c.snippet)); }

  void prune(std::uint64_t now) {
    // Keep what a pending or future candidate may still look at.
    const std::uint64_t oldest = pending_.empty() ? now : pending_.front().start;
    const std::uint64_t keep_from = oldest > 2 * CprScoring::kRegionBytes ? oldest - 2 * CprScoring::kRegionBytes : 0;
    while (!numbers_.empty() && numbers_.front().end < keep_from) numbers_.pop_front();
    while (!keywords_.empty() && keywords_.front().end < keep_from) keywords_.pop_front();
  }

  const DetectContext& ctx_;
  std::deque<Candidate> pending_;
  std::deque<NumberSeen> numbers_;
  std::deque<KeywordSeen> keywords_;
  std::vector<Finding> findings_;
  std::unordered_map<std::string, std::size_t> index_;
  TableHeader header_;
};

}  // namespace

std::vector<PatternSpec> CprDetector::patterns() const {
  std::vector<PatternSpec> out;
  out.push_back({kNumberPattern, 0});
  for (const auto& k : cpr_keywords())
    out.push_back({escape_literal(k.text), HS_FLAG_CASELESS | HS_FLAG_UTF8});
  return out;
}

std::unique_ptr<DetectorState> CprDetector::open(const DetectContext& ctx) const {
  return std::make_unique<CprState>(ctx);
}

}  // namespace datavagt
