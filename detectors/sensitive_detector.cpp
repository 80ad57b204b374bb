#include "detectors/sensitive_detector.h"

#include <hs/hs.h>

#include <algorithm>
#include <array>
#include <deque>
#include <map>

#include "core/utf8.h"
#include "detectors/latin_letters.h"
#include "detectors/masking.h"
#include "detectors/sensitive_scoring.h"
#include "detectors/word_boundary.h"

namespace datavagt {

namespace {

constexpr std::size_t kSnippetBytes = 60;    // shown on each side of the first hit
constexpr std::size_t kMaxTermsListed = 25;  // per finding; the count covers all
constexpr std::size_t kKinds = std::size(kSensitiveKinds);

std::size_t kind_index(FindingKind k) {
  for (std::size_t i = 0; i < kKinds; ++i)
    if (kSensitiveKinds[i] == k) return i;
  return 0;
}

bool is_ascii_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// A literal term as a Hyperscan expression: ASCII punctuation escaped, a space matches one whitespace
// character (a phrase may break across lines), other UTF-8 passes through (the pattern has HS_FLAG_UTF8).
std::string literal_expression(std::string_view term) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string e;
  for (unsigned char c : term) {
    if (c >= 0x80 || is_ascii_alnum(c)) {
      e += static_cast<char>(c);
    } else if (c == ' ') {
      e += "\\s";
    } else {
      e += "\\x";
      e += kHex[c >> 4];
      e += kHex[c & 15];
    }
  }
  return e;
}

}  // namespace

Result<std::unique_ptr<SensitiveDetector>> SensitiveDetector::make(std::vector<TermEntry> entries) {
  std::unique_ptr<SensitiveDetector> d(new SensitiveDetector());
  for (std::uint32_t i = 0; i < entries.size(); ++i) {
    const TermEntry& e = entries[i];
    if (e.role == TermEntry::Role::Person) {
      // Person references are looked for only around the few hits that need one (`@near person`), not in
      // the pass over every byte: "han", "hun", "borgeren" are everywhere and dense hits slow Hyperscan.
      if (e.regex) return Problem::make(ProblemKind::Corrupt, e.origin + ": a person reference cannot be a regex");
      d->person_words_.push_back(fold_case_latin(e.text));
      continue;
    }
    if (e.regex) {
      // Hyperscan reports where a regex match starts only with SOM; a small horizon is enough for codes.
      d->specs_.push_back({e.text, HS_FLAG_UTF8 | HS_FLAG_SOM_LEFTMOST});
      d->info_.push_back({i, 0});
      if (e.role == TermEntry::Role::Exclusion) d->lookahead_ = std::max<std::uint64_t>(d->lookahead_, kMaxTermBytes);
      continue;
    }
    // One form: the matcher composes NFD text to NFC before matching (match_session.h).
    for (const auto& form : {e.text}) {
      // Caseless folds æ/Æ, ø/Ø, å/Å, é/É only in UTF-8 mode; pure ASCII terms scan a little faster without it.
      const bool ascii = std::all_of(form.begin(), form.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
      const unsigned flags = (ascii ? 0u : static_cast<unsigned>(HS_FLAG_UTF8)) |
                             (e.exact_case ? 0u : static_cast<unsigned>(HS_FLAG_CASELESS));
      d->specs_.push_back({literal_expression(form), flags});
      d->info_.push_back({i, static_cast<std::uint32_t>(form.size())});
      if (e.role == TermEntry::Role::Exclusion) d->lookahead_ = std::max<std::uint64_t>(d->lookahead_, form.size());
    }
  }
  for (const auto& e : entries)
    if (e.role == TermEntry::Role::Term) d->lookahead_ = std::max<std::uint64_t>(d->lookahead_, e.near_person);
  // The snippet is cut from the text after the hit; the code point after a match decides its boundary.
  d->lookahead_ = std::max<std::uint64_t>(d->lookahead_, kSnippetBytes) + 4;
  d->entries_ = std::move(entries);
  return d;
}

namespace {

struct PendingHit {
  std::uint32_t entry;
  std::uint64_t start, end;
  Position where;
  bool right_known;       // the code point after it has been seen (and continues no word)
  bool wants_window;      // its kind had no finding when it was seen (snippet), or it needs a person nearby
  std::uint64_t window_from = 0, window_to = 0;
  std::string window;     // clear text around it, masked before it leaves this class
};

struct Span {
  std::uint64_t start, end;
  std::uint32_t entry;
};

struct KindHits {
  std::map<std::uint32_t, std::uint32_t> counts;  // entry -> accepted hits
  std::uint32_t total = 0;
  bool seen = false;
  std::uint64_t offset = 0;
  Position where;
  std::string context;
  Span last{0, 0, 0};  // the last accepted hit: overlapping entries count once
};

class SensitiveState final : public DetectorState {
 public:
  SensitiveState(const DetectContext& ctx, const SensitiveDetector& d) : ctx_(ctx), d_(d) {}

  void begin_item() override {
    pending_.clear();
    exclusions_.clear();
    for (auto& k : kinds_) k = KindHits{};
    text_bytes_ = 0;
  }

  void on_hit(unsigned id, std::uint64_t from, std::uint64_t end, bool, const StreamText& text,
              const Position& where) override {
    const auto& info = d_.pattern_info()[id];
    const TermEntry& e = d_.entries()[info.entry];
    const std::uint64_t start = info.length ? end - info.length : from;
    if (!e.left_open && neighbour_before(text, start) == Neighbour::Word) return;
    bool right_known = true;
    if (!e.right_open) {
      const auto after = neighbour_after(text, end, false);
      if (after == Neighbour::Word) return;
      right_known = after != Neighbour::Unknown;
    }
    switch (e.role) {
      case TermEntry::Role::Exclusion:
        // An exclusion is only known to hold once its right boundary is seen; it is rare and short, so
        // count it as holding (dropping a hit wrongly needs a word glued to the phrase's end).
        exclusions_.push_back({start, end, info.entry});
        return;
      case TermEntry::Role::Person: return;  // never in the database
      case TermEntry::Role::Term: break;
    }
    PendingHit h{info.entry, start, end, where, right_known,
                 !kinds_[kind_index(e.kind)].seen || e.near_person != 0, 0, 0, {}};
    if (h.wants_window) {
      const std::uint64_t before = std::max<std::uint64_t>(kSnippetBytes, e.near_person);
      h.window_from = std::max(start > before ? start - before : 0, text.begin());
      h.window_to = h.window_from;
      extend_window(h, text);
    }
    pending_.push_back(std::move(h));
  }

  void after_chunk(const StreamText& text) override {
    text_bytes_ = text.end();
    for (auto& h : pending_) {
      if (!h.right_known) {
        const auto after = neighbour_after(text, h.end, false);
        if (after == Neighbour::Word) h.entry = kDropped;
        h.right_known = after != Neighbour::Unknown;
      }
      if (h.wants_window && h.entry != kDropped) extend_window(h, text);
    }
    while (!pending_.empty() && pending_.front().right_known &&
           pending_.front().end + d_.lookahead() <= text.end()) {
      decide(pending_.front());
      pending_.pop_front();
    }
    prune();
  }

  void finish_item(std::vector<Finding>& out) override {
    for (auto& h : pending_) decide(h);  // the end of the text is a boundary
    pending_.clear();
    for (std::size_t k = 0; k < kKinds; ++k) {
      KindHits& kh = kinds_[k];
      if (kh.total == 0) continue;
      std::vector<TermEvidence> evidence;
      std::map<std::string_view, std::uint32_t> by_term;  // one entry may be written in two files
      for (const auto& [entry, n] : kh.counts) {
        if (n == 0) continue;
        evidence.push_back({d_.entries()[entry].weight, n});
        by_term[d_.entries()[entry].written] += n;
      }
      std::vector<TermCount> terms;
      for (const auto& [term, n] : by_term) terms.push_back({std::string(term), n});
      const double score = sensitive_score(evidence, text_bytes_);
      if (score + 1e-9 < ctx_.options.min_score) continue;
      std::sort(terms.begin(), terms.end(), [](const TermCount& a, const TermCount& b) {
        return a.count != b.count ? a.count > b.count : a.term < b.term;
      });
      if (terms.size() > kMaxTermsListed) terms.resize(kMaxTermsListed);
      Finding f;
      f.kind = kSensitiveKinds[k];
      f.severity = Severity::Low;
      f.confidence = score;
      f.where = kh.where;
      f.offset = kh.offset;
      f.context = std::move(kh.context);
      f.count = kh.total;
      f.terms = std::move(terms);
      out.push_back(std::move(f));
    }
    begin_item();
  }

 private:
  static constexpr std::uint32_t kDropped = ~std::uint32_t{0};

  void extend_window(PendingHit& h, const StreamText& text) const {
    const std::uint64_t want = h.end + std::max<std::uint64_t>(kSnippetBytes, d_.entries()[h.entry].near_person);
    if (h.window_to >= want || h.window_to >= text.end()) return;
    const std::uint64_t from = std::max(h.window_to, text.begin());
    const std::uint64_t to = std::min(want, text.end());
    if (from != h.window_to) return;  // a gap (cannot happen with the matcher's look-back); keep what we have
    h.window += text.slice(from, to);
    h.window_to = to;
  }

  void decide(PendingHit& h) {
    if (h.entry == kDropped) return;
    const TermEntry& e = d_.entries()[h.entry];
    for (const auto& x : exclusions_)
      if (x.start <= h.start && x.end >= h.end && d_.entries()[x.entry].kind == e.kind) return;
    if (e.near_person && !d_.person_near(h.window, h.window_from, h.start, h.end, e.near_person)) return;
    KindHits& kh = kinds_[kind_index(e.kind)];
    if (kh.total > 0 && h.start < kh.last.end) {
      // Overlaps the previous hit of this kind ("type 2-diabetes" and "diabetes"): count it once, for
      // the longer entry.
      if (h.end - h.start > kh.last.end - kh.last.start) {
        if (auto it = kh.counts.find(kh.last.entry); it != kh.counts.end() && it->second > 0) --it->second;
        ++kh.counts[h.entry];
        kh.last = {h.start, h.end, h.entry};
      }
      return;
    }
    ++kh.counts[h.entry];
    ++kh.total;
    kh.last = {h.start, h.end, h.entry};
    if (!kh.seen) {
      kh.seen = true;
      kh.offset = h.start;
      kh.where = h.where;
      if (h.wants_window) kh.context = snippet(h);
    }
  }

  static std::string snippet(const PendingHit& h) {
    const std::uint64_t from = std::max(h.window_from, h.start > kSnippetBytes ? h.start - kSnippetBytes : 0);
    const std::uint64_t to = std::min(h.window_to, h.end + kSnippetBytes);
    if (from >= to) return {};
    return mask_snippet(utf8::trim_partial(std::string_view(h.window).substr(from - h.window_from, to - from)));
  }

  void prune() {
    // Keep what the oldest undecided hit (or a future one) may still need.
    const std::uint64_t oldest = pending_.empty() ? text_bytes_ : pending_.front().start;
    const std::uint64_t keep = oldest > kMaxTermBytes ? oldest - kMaxTermBytes : 0;
    while (!exclusions_.empty() && exclusions_.front().end < keep) exclusions_.pop_front();
  }

  const DetectContext& ctx_;
  const SensitiveDetector& d_;
  std::deque<PendingHit> pending_;
  std::deque<Span> exclusions_;
  std::array<KindHits, kKinds> kinds_;
  std::uint64_t text_bytes_ = 0;
};

}  // namespace

bool SensitiveDetector::person_near(std::string_view window, std::uint64_t window_from, std::uint64_t start,
                                    std::uint64_t end, unsigned bytes) const {
  const std::uint64_t from = std::max(window_from, start > bytes ? start - bytes : 0);
  const std::uint64_t to = std::min<std::uint64_t>(window_from + window.size(), end + bytes);
  if (from >= to) return false;
  // Folded, so "Borgeren" and "BORGEREN" read the same (the text is already NFC).
  const std::string text = fold_case_latin(utf8::trim_partial(window.substr(from - window_from, to - from)));
  const StreamText view({}, text, 0);
  for (const auto& word : person_words_) {
    for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
      if (neighbour_before(view, at) != Neighbour::Word && neighbour_after(view, at + word.size(), true) != Neighbour::Word)
        return true;
    }
  }
  return false;
}

std::unique_ptr<DetectorState> SensitiveDetector::open(const DetectContext& ctx) const {
  return std::make_unique<SensitiveState>(ctx, *this);
}

}  // namespace datavagt
