#include "detectors/cpr_detector.h"

#include <algorithm>
#include <cctype>
#include <deque>
#include <unordered_map>

#include "core/utf8.h"
#include "detectors/cpr_keywords.h"
#include "detectors/cpr_scoring.h"
#include "detectors/cpr_validator.h"
#include "detectors/number_token.h"
#include "detectors/registry.h"
#include "core/masking.h"
#include "detectors/table_header.h"

namespace datavagt {

namespace {

// Pattern 0: a 10-digit shape with an optional separator, not touching other digits. The bytes around the
// number are part of the match (Hyperscan has no look-around); `\z` matches are reported at stream close.
// (`$` would also match before a final newline, reporting the same number twice.)
constexpr const char* kNumberPattern = "(?:\\A|[^0-9])[0-9]{6}(?:[-/. \\t]| - )?[0-9]{4}(?:[^0-9]|\\z)";
constexpr std::size_t kSnippetBytes = 60;  // shown on each side of the number, after masking
// Text kept on each side of a candidate: enough for the snippet and for every context window (a word may
// start kPositiveAfter bytes after the number and be up to 30 bytes long).
constexpr std::size_t kWindowBytes = 80;
static_assert(kWindowBytes >= kSnippetBytes && kWindowBytes == CprScoring::kPositiveBefore &&
              kWindowBytes >= CprScoring::kPositiveAfter + 30);

bool is_digit(int c) { return c >= '0' && c <= '9'; }

struct NumberSeen {
  std::uint64_t start, end;
  std::uint32_t part;  // which run of one position (page and part) it is in: regions stay inside one
  bool strong;
};

struct Candidate {
  std::uint64_t start, end;  // the number itself, separator included
  std::string digits;        // ten digits (matcher memory only)
  std::string separator;
  CprCheck check;
  bool labelled_other = false;  // a label of another id (fakturanr., P-nr. …) stands right before it
  bool context_cpr = false;     // a CPR word before it, or its column header says CPR
  Position where;
  std::uint32_t part = 0;  // as NumberSeen::part
  std::uint64_t window_from, window_to;
  std::string window;  // clear text around the number, masked before anything leaves this class
  // Context words are looked for in its own part only: [part_from, part_to) (see StreamText::part_begin).
  std::uint64_t part_from = 0, part_to = UINT64_MAX;
};

class CprState final : public DetectorState {
 public:
  CprState(const DetectContext& ctx, const ContextKeywords& keywords)
      : ctx_(ctx), keywords_(keywords), scratch_(keywords.make_scratch()) {}

  void begin_item() override {
    pending_.clear();
    numbers_.clear();
    findings_.clear();
    index_.clear();
    header_.reset();
    part_ = 0;
    part_where_ = Position{};
  }

  void on_hit(unsigned, std::uint64_t, std::uint64_t end, bool at_end_of_text, const StreamText& text) override {
    on_number(at_end_of_text ? end : end - 1, text);
  }

  void after_chunk(const StreamText& text) override {
    header_.learn(text, keywords_, scratch_);
    for (auto& c : pending_) extend_window(c, text);
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
  void on_number(std::uint64_t num_end, const StreamText& text) {
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

    Candidate c{start, num_end, std::move(digits), std::move(separator), {}, false, false, text.position_at(start),
                0, 0, 0, {}, text.part_begin(start), UINT64_MAX};
    // Numbers arrive in text order: a new position (a sheet, a page, a part) starts a new region.
    if (c.where != part_where_) {
      ++part_;
      part_where_ = c.where;
    }
    c.part = part_;
    c.check = check_cpr(c.digits, ctx_.options.today);
    header_.learn(text, keywords_, scratch_);  // the first chunk's numbers arrive before its after_chunk()
    if (c.check.shape != CprShape::NotCpr) {
      c.window_from = std::max(start > kWindowBytes ? start - kWindowBytes : 0, text.begin());
      c.window_to = c.window_from;
      extend_window(c, text);
      look_before(c, text);
    }
    // A number labelled as another kind of id does not make its region look like a list of CPRs.
    // What follows the number is visible only as far as the chunk goes: enough for a glued letter.
    const bool identifier = c.check.shape != CprShape::NotCpr &&
                            classify_number_token(std::string_view(c.window).substr(0, c.start - c.window_from),
                                                  text.slice(num_end, std::min(text.end(), num_end + 2))) ==
                                NumberToken::Identifier;
    numbers_.push_back({start, num_end, c.part, is_strong_cpr(c.check) && !c.labelled_other && !identifier});
    if (c.check.shape != CprShape::NotCpr) pending_.push_back(std::move(c));
  }

  // Context before the number, known as soon as the number is: CPR words, a label of another id, the
  // column header. A label such as "Fakturanummer:" names the first number after it, so it counts only if
  // no other digits stand between them ("sagsnr. 2016-84039. Borgeren 010190-1234" is a CPR).
  void look_before(Candidate& c, const StreamText& text) {
    const auto column = header_.label_for(text, c.start);
    c.labelled_other = column == Polarity::Negative;
    c.context_cpr = column == Polarity::Positive;
    std::string_view before = std::string_view(c.window).substr(0, c.start - c.window_from);
    if (c.part_from > c.window_from) before.remove_prefix(std::min<std::uint64_t>(c.part_from - c.window_from, before.size()));
    const std::size_t cut = utf8::ceil_boundary(before, 0);  // the window may start inside a character
    const std::uint64_t skipped = c.start - c.window_from - before.size();  // bytes of another part
    const int outside = skipped == 0 && c.window_from + cut > 0 ? text.at(c.window_from + cut - 1) : -1;
    keywords_.find(before.substr(cut), outside, c.digits.front(), scratch_, hits_);
    for (const auto& h : hits_) {
      const std::size_t end = cut + h.end;  // offset in `before`
      if (h.keyword->polarity == Polarity::Positive) {
        c.context_cpr = true;  // the window before is kPositiveBefore bytes long
      } else if (end + CprScoring::kNegativeBefore > before.size()) {
        const auto between = before.substr(end);
        c.labelled_other = c.labelled_other || std::none_of(between.begin(), between.end(), is_digit);
      }
    }
  }

  // Context after the number, once the text after it has been seen: CPR words shortly after it, or a
  // label right after it ("0101901234 (kundenr.)").
  void look_after(const Candidate& c, bool& positive, bool& negative) {
    // It starts right after a digit; its end may cut a character.
    std::string_view after = std::string_view(c.window).substr(c.end - c.window_from);
    if (c.part_to != UINT64_MAX) after = after.substr(0, c.part_to > c.end ? c.part_to - c.end : 0);
    after = utf8::trim_partial(after);
    keywords_.find(after, c.digits.back(), -1, scratch_, hits_);
    for (const auto& h : hits_) {
      if (h.keyword->polarity == Polarity::Positive && h.start < CprScoring::kPositiveAfter) positive = true;
      if (h.keyword->polarity == Polarity::Negative && h.start < CprScoring::kNegativeAfter) negative = true;
    }
  }

  static void extend_window(Candidate& c, const StreamText& text) {
    c.part_to = std::min(c.part_to, text.part_end(c.end));
    const std::uint64_t want = c.end + kWindowBytes;
    if (c.window_to >= want || c.window_to >= text.end()) return;
    const std::uint64_t to = std::min(want, text.end());
    c.window += text.slice(c.window_to, to);
    c.window_to = to;
  }

  void decide(const Candidate& c) {
    CprEvidence e;
    e.check = c.check;
    e.separator = c.separator;
    bool positive_after = false, label_after = false;
    look_after(c, positive_after, label_after);
    e.positive_keyword = c.context_cpr || positive_after;
    e.negative_keyword = c.labelled_other || label_after;
    const std::string_view window(c.window);
    e.identifier = classify_number_token(window.substr(0, c.start - c.window_from), window.substr(c.end - c.window_from)) ==
                   NumberToken::Identifier;
    // The numbers around it: the deque is ordered by position, so find the region's first entry by
    // binary search and stop after the region (or after enough neighbours) — dense tables stay linear.
    const std::uint64_t from = c.start > CprScoring::kRegionBytes ? c.start - CprScoring::kRegionBytes : 0;
    auto it = std::partition_point(numbers_.begin(), numbers_.end(), [&](const NumberSeen& n) { return n.end <= from; });
    e.region_numbers = 0;
    for (; it != numbers_.end() && it->start < c.end + CprScoring::kRegionBytes; ++it) {
      if (it->part != c.part) continue;  // another sheet, page or part: another table
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

  static std::string snippet_for(const Candidate& c) {
    const std::size_t from = c.start - c.window_from > kSnippetBytes ? c.start - c.window_from - kSnippetBytes : 0;
    const std::size_t to = std::min(c.window.size(), c.end - c.window_from + kSnippetBytes);
    return mask_context(utf8::trim_partial(std::string_view(c.window).substr(from, to - from)));
  }

  void prune(std::uint64_t now) {
    // Keep what a pending or future candidate may still look at.
    const std::uint64_t oldest = pending_.empty() ? now : pending_.front().start;
    const std::uint64_t keep_from = oldest > 2 * CprScoring::kRegionBytes ? oldest - 2 * CprScoring::kRegionBytes : 0;
    while (!numbers_.empty() && numbers_.front().end < keep_from) numbers_.pop_front();
  }

  const DetectContext& ctx_;
  const ContextKeywords& keywords_;
  ContextKeywords::Scratch scratch_;
  std::vector<ContextKeywords::Hit> hits_;
  std::deque<Candidate> pending_;
  std::deque<NumberSeen> numbers_;
  std::vector<Finding> findings_;
  std::unordered_map<std::string, std::size_t> index_;
  TableHeader header_;
  std::uint32_t part_ = 0;  // the current run of one position
  Position part_where_;
};

}  // namespace

Result<std::unique_ptr<CprDetector>> CprDetector::make(const std::string& cache_dir) {
  auto keywords = ContextKeywords::build(cache_dir);
  if (!keywords) return keywords.problem();
  return std::unique_ptr<CprDetector>(new CprDetector(std::move(*keywords)));
}

std::vector<PatternSpec> CprDetector::patterns() const { return {{kNumberPattern, 0}}; }

std::unique_ptr<DetectorState> CprDetector::open(const DetectContext& ctx) const {
  return std::make_unique<CprState>(ctx, *keywords_);
}

// The registry's entries (registry.cpp).
Result<std::unique_ptr<Detector>> make_cpr_detector(const RulesetConfig& config) {
  if (!config.wants(FindingKind::Cpr) && !config.wants(FindingKind::CprReplacement))
    return std::unique_ptr<Detector>();
  auto cpr = CprDetector::make(config.cache_dir);
  if (!cpr) return cpr.problem();
  return std::unique_ptr<Detector>(std::move(*cpr));
}

// Every CPR-like number in a snippet: DDMMYY-XXXX (core/masking.h).
void mask_cpr_context(std::string& snippet) { snippet = mask_snippet(snippet); }

}  // namespace datavagt
