#include "detectors/sensitive_detector.h"

#include <hs/hs.h>

#include <algorithm>
#include <array>
#include <deque>
#include <map>

#include "core/masking.h"
#include "core/utf8.h"
#include "detectors/latin_letters.h"
#include "detectors/builtin_dictionaries.h"
#include "detectors/inflector.h"
#include "detectors/registry.h"
#include "detectors/sensitive_scoring.h"
#include "detectors/sentence_bounds.h"
#include "detectors/text_language.h"
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

// `text` reads as `key`, where a space in the key stands for any one whitespace character (as in the pattern).
bool same_text(std::string_view text, std::string_view key) {
  if (text.size() != key.size()) return false;
  for (std::size_t i = 0; i < key.size(); ++i) {
    if (key[i] == ' ' ? std::string_view(" \t\n\r\f\v").find(text[i]) == std::string_view::npos : text[i] != key[i])
      return false;
  }
  return true;
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

// Case variants of a case-folded key with Latin-1 letters (æ, ø, å, é, ü …, all in the U+00C0..U+00FE block,
// whose upper and lower case differ in one bit of the second UTF-8 byte): as written (lower case), in capitals,
// and with a capital first letter of the term or of each word. Empty if the key has another non-ASCII
// character. Compiled without UTF-8 mode these are pure byte literals, caseless for their ASCII letters: a
// UTF-8 caseless pattern makes Hyperscan look for the ASCII pieces between the æøå and confirm the rest, which
// measured ~10 % slower for the whole rule set (bench/README.md). The cost: a word whose Danish letters are in
// mixed case ("kRÆft") is not found; any case of its ASCII letters still is.
std::vector<std::string> latin1_case_variants(std::string_view key) {
  const auto latin1_letter = [](unsigned char lead, unsigned char next) {
    return lead == 0xC3 && next >= 0x80 && next <= 0xBE && next != 0x97 && next != 0xB7 && next != 0x9F;
  };
  bool any = false;
  for (std::size_t i = 0; i < key.size(); ++i) {
    const auto c = static_cast<unsigned char>(key[i]);
    if (c < 0x80) continue;
    if (i + 1 >= key.size() || !latin1_letter(c, static_cast<unsigned char>(key[i + 1]))) return {};
    any = true;
    ++i;
  }
  if (!any) return {};
  enum Style { Lower, Upper, FirstUpper, WordsUpper };
  std::vector<std::string> out;
  for (const Style style : {Lower, Upper, FirstUpper, WordsUpper}) {
    std::string v(key);
    bool word_start = true, term_start = true;
    for (std::size_t i = 0; i < v.size(); ++i) {
      const auto c = static_cast<unsigned char>(v[i]);
      if (c == 0xC3) {
        const bool upper = style == Upper || (style == FirstUpper && term_start) || (style == WordsUpper && word_start);
        v[i + 1] = static_cast<char>(upper ? (static_cast<unsigned char>(v[i + 1]) & ~0x20u)
                                           : (static_cast<unsigned char>(v[i + 1]) | 0x20u));
        ++i;
        word_start = term_start = false;
      } else {
        word_start = c == ' ' || c == '-';
        if (c != ' ') term_start = false;
      }
    }
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(std::move(v));
  }
  return out;
}

// The texts an entry stands for: as written, then its inflected forms.
std::vector<const std::string*> forms_of(const TermEntry& e) {
  std::vector<const std::string*> out{&e.text};
  for (const auto& f : e.forms) out.push_back(&f);
  return out;
}

}  // namespace

Result<std::unique_ptr<SensitiveDetector>> SensitiveDetector::make(std::vector<TermEntry> entries) {
  std::unique_ptr<SensitiveDetector> d(new SensitiveDetector());
  d->entries_ = std::move(entries);
  const auto& es = d->entries_;
  std::vector<std::uint32_t> terms;  // variants to group
  for (std::uint32_t i = 0; i < es.size(); ++i) {
    const TermEntry& e = es[i];
    const auto key_of = [&](const std::string& text) { return e.exact_case || e.regex ? text : fold_case_latin(text); };
    if (e.role == TermEntry::Role::Person) {
      // Person references are looked for only around the few hits that need one (`@near person`), not in
      // the pass over every byte: "han", "hun", "borgeren" are everywhere and dense hits slow Hyperscan.
      if (e.regex) return Problem::make(ProblemKind::Corrupt, e.origin + ": a person reference cannot be a regex");
      d->person_words_.push_back(key_of(e.text));
      continue;
    }
    if (e.role == TermEntry::Role::Cue) {
      if (e.regex) return Problem::make(ProblemKind::Corrupt, e.origin + ": a cue word cannot be a regex");
      for (const std::string* text : forms_of(e)) d->cue_words_[kind_index(e.kind)].push_back(key_of(*text));
      continue;
    }
    if (e.role == TermEntry::Role::Exclusion) {
      // Exclusions are looked for only around the hits of their kind, in the text kept for the hit.
      if (e.regex) return Problem::make(ProblemKind::Corrupt, e.origin + ": an exclusion cannot be a regex");
      auto& longest = d->longest_exclusion_[kind_index(e.kind)];
      for (const std::string* text : forms_of(e)) {
        d->exclusions_[kind_index(e.kind)].push_back({key_of(*text), e.exact_case, e.left_open, e.right_open});
        longest = std::max<std::uint32_t>(longest, static_cast<std::uint32_t>(text->size()));
      }
      continue;
    }
    for (const std::string* text : forms_of(e)) {
      d->variants_.push_back({i, key_of(*text)});
      terms.push_back(static_cast<std::uint32_t>(d->variants_.size() - 1));
    }
  }
  d->context_words_.resize(kKinds);
  for (std::size_t k = 0; k < kKinds; ++k)
    for (const auto* words : {&d->person_words_, &d->cue_words_[k]})
      for (const auto& w : *words)
        if (!w.empty()) d->context_words_[k][static_cast<unsigned char>(w[0])].push_back(w);
  // Stems first: an entry whose key starts with another entry's key (same case rule) joins that group.
  std::stable_sort(terms.begin(), terms.end(), [&](std::uint32_t a, std::uint32_t b) {
    return d->variants_[a].key.size() < d->variants_[b].key.size();
  });
  std::map<std::string, std::size_t, std::less<>> stems[2];  // [exact] key -> group
  for (const std::uint32_t i : terms) {
    const TermEntry& e = es[d->variants_[i].entry];
    const std::string& k = d->variants_[i].key;
    if (e.regex) {
      // Hyperscan reports where a regex match starts only with SOM; a small horizon is enough for codes.
      // An ASCII pattern (SKS codes) is compiled without UTF-8 mode: measured 10-25 % faster overall.
      const bool ascii = std::all_of(k.begin(), k.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
      d->specs_.push_back({e.text, (ascii ? 0u : static_cast<unsigned>(HS_FLAG_UTF8)) | HS_FLAG_SOM_LEFTMOST});
      d->pattern_group_.push_back(static_cast<std::uint32_t>(d->groups_.size()));
      d->groups_.push_back({{i}, 0, 0, d->reach(e), {0}, e.exact_case});
      continue;
    }
    std::size_t group = SIZE_MAX;
    for (std::size_t n = 1; n <= k.size() && group == SIZE_MAX; ++n)
      if (n == k.size() || (static_cast<unsigned char>(k[n]) & 0xC0) != 0x80)
        if (auto it = stems[e.exact_case].find(std::string_view(k).substr(0, n)); it != stems[e.exact_case].end())
          group = it->second;
    if (group == SIZE_MAX) {
      // Caseless folds æ/Æ, ø/Ø, å/Å, é/É only in UTF-8 mode; pure ASCII stems scan faster without it.
      const bool ascii = std::all_of(k.begin(), k.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
      const auto group_id = static_cast<std::uint32_t>(d->groups_.size());
      stems[e.exact_case].emplace(k, group_id);
      const auto variants = e.exact_case ? std::vector<std::string>{} : latin1_case_variants(k);
      if (!variants.empty()) {
        for (const auto& v : variants) {
          d->specs_.push_back({literal_expression(v), HS_FLAG_CASELESS});
          d->pattern_group_.push_back(group_id);
        }
      } else {
        const unsigned flags = (ascii ? 0u : static_cast<unsigned>(HS_FLAG_UTF8)) |
                               (e.exact_case ? 0u : static_cast<unsigned>(HS_FLAG_CASELESS));
        d->specs_.push_back({literal_expression(e.exact_case ? e.text : k), flags});
        d->pattern_group_.push_back(group_id);
      }
      d->groups_.push_back({{}, static_cast<std::uint32_t>(k.size()), 0, 0, {}, e.exact_case});
      group = d->groups_.size() - 1;
    }
    Group& g = d->groups_[group];
    g.members.insert(g.members.begin(), i);  // longer keys come later: longest first
    g.longest = std::max<std::uint32_t>(g.longest, static_cast<std::uint32_t>(k.size()));
    g.reach = std::max(g.reach, d->reach(e));
  }
  for (Group& g : d->groups_) {
    if (!g.stem_bytes) continue;
    g.after_stem.clear();
    for (const std::uint32_t m : g.members) {
      const std::string& key = d->variants_[m].key;
      g.after_stem.push_back(key.size() > g.stem_bytes ? key[g.stem_bytes] : '\0');
    }
  }
  // A hit can lie inside an exclusion only if the exclusion's text holds the hit's (most hits meet none).
  d->exclusion_candidates_.assign(d->variants_.size(), {});
  for (std::size_t v = 0; v < d->variants_.size(); ++v) {
    const TermEntry& e = es[d->variants_[v].entry];
    const auto& exclusions = d->exclusions_[kind_index(e.kind)];
    for (std::uint32_t x = 0; x < exclusions.size(); ++x) {
      const std::string& key = d->variants_[v].key;
      // Exact and caseless compare differently: an exact-case exclusion is checked against the folded key
      // too, which over-approximates (excluded() decides).
      if (exclusions[x].text.find(key) != std::string::npos ||
          fold_case_latin(exclusions[x].text).find(fold_case_latin(key)) != std::string::npos)
        d->exclusion_candidates_[v].push_back(x);
    }
  }
  return d;
}

std::uint64_t SensitiveDetector::reach(const TermEntry& e) const {
  return std::max<std::uint64_t>({kSnippetBytes, e.near_person, longest_exclusion_[kind_index(e.kind)]});
}

bool SensitiveDetector::excluded(std::uint32_t variant, std::string_view window, std::uint64_t window_from,
                                 std::uint64_t start, std::uint64_t end, std::array<std::string, 2>& scratch) const {
  const auto& candidates = exclusion_candidates_[variant];
  if (candidates.empty() || start < window_from || end > window_from + window.size()) return false;
  const auto& exclusions = exclusions_[kind_index(entries_[variants_[variant].entry].kind)];
  // Any whitespace character reads as the space of a phrase (as in the patterns): "fagforeningsmæssigt\n
  // tilhørsforhold" is the same phrase. The hit's text as an exact exclusion compares it ([0]) and as a
  // caseless one does ([1]), each made once.
  const std::string_view hit = window.substr(start - window_from, end - start);
  bool made[2] = {false, false};
  const auto hit_as = [&](bool fold) -> std::string_view {
    std::string& out = scratch[fold];
    if (!made[fold]) {
      if (fold) {
        fold_case_latin_into(hit, out);
      } else {
        out.assign(hit);
      }
      for (char& c : out)
        if (c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') c = ' ';
      made[fold] = true;
    }
    return out;
  };
  // The window's text at [from, from + x.size()) reads as x, byte by byte (case folded unless exact, any
  // whitespace as a space): no copy of the window.
  const auto reads_as = [&](std::uint64_t from, const Exclusion& x) {
    const auto* w = reinterpret_cast<const unsigned char*>(window.data()) + (from - window_from);
    for (std::size_t i = 0; i < x.text.size(); ++i) {
      unsigned char c = w[i];
      if (c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        c = ' ';
      } else if (!x.exact) {
        if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c + 32);
        // A Latin-1 capital's second byte (after the lead byte 0xC3; not ×).
        else if (i > 0 && w[i - 1] == 0xC3 && c >= 0x80 && c <= 0x9E && c != 0x97) c = static_cast<unsigned char>(c + 0x20);
      }
      if (c != static_cast<unsigned char>(x.text[i])) return false;
    }
    return true;
  };
  // Case and whitespace do not change what is a letter: word boundaries are read in the window itself.
  const StreamText view({}, window, window_from);
  const std::uint64_t window_to = window_from + window.size();
  for (const std::uint32_t i : candidates) {
    const Exclusion& x = exclusions[i];
    if (x.text.size() < end - start) continue;
    // An occurrence of x that covers [start, end) holds the hit's text at some offset p of x: it begins at
    // start - p. Every such p is tried.
    const std::string_view h = hit_as(!x.exact);
    for (std::size_t p = x.text.find(h); p != std::string::npos; p = x.text.find(h, p + 1)) {
      if (p > start - window_from) continue;  // would begin before the window
      const std::uint64_t from = start - p, to = from + x.text.size();
      if (to > window_to || !reads_as(from, x)) continue;
      if (!x.left_open && neighbour_before(view, from) == Neighbour::Word) continue;
      if (!x.right_open && neighbour_after(view, to, true) == Neighbour::Word) continue;
      return true;
    }
  }
  return false;
}

namespace {

struct PendingHit {
  unsigned pattern;
  std::uint64_t start, end;  // of the pattern's match (for a stem, the stem)
  Position where;
  bool word_before;          // a letter or digit stands right before it
  std::uint64_t window_from = 0, window_to = 0;
  std::string window;        // clear text around it, masked before it leaves this class
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
  static constexpr std::uint32_t kNone = ~std::uint32_t{0};

 public:
  SensitiveState(const DetectContext& ctx, const SensitiveDetector& d) : ctx_(ctx), d_(d) {}

  void begin_item() override {
    pending_.clear();
    for (auto& k : kinds_) k = KindHits{};
    text_bytes_ = 0;
    sample_.clear();
    sampled_to_ = 0;
  }

  void on_hit(unsigned id, std::uint64_t from, std::uint64_t end, bool, const StreamText& text) override {
    const auto& g = d_.group(id);
    const std::uint64_t start = g.stem_bytes ? end - g.stem_bytes : from;
    PendingHit h{id, start, end, text.position_at(start), neighbour_before(text, start) == Neighbour::Word, 0, 0, {}};
    h.window_from = std::max(start > g.reach ? start - g.reach : 0, text.begin());
    // Most hits have their whole window in the text at hand and no earlier hit waiting: decided here, on a
    // view of the text (no copy). The window is the one the queue would build, so the decision is the same.
    const std::uint64_t want = wanted_to(h);
    if (pending_.empty() && want <= text.end()) {
      if (const auto window = text.view(h.window_from, want)) {
        h.window_to = want;
        decide(h, *window);
        return;
      }
    }
    h.window_to = h.window_from;
    extend_window(h, text);
    pending_.push_back(std::move(h));
  }

  void after_chunk(const StreamText& text) override {
    text_bytes_ = text.end();
    if (!sample_.full() && sampled_to_ < text.end()) {
      const std::uint64_t from = std::max(sampled_to_, text.begin());
      const std::uint64_t to = std::min<std::uint64_t>(text.end(), from + LanguageSample::kSampleBytes);
      sample_.add(text.slice(from, to));
      sampled_to_ = to;
    }
    for (auto& h : pending_) extend_window(h, text);
    while (!pending_.empty() && pending_.front().window_to >= wanted_to(pending_.front())) {
      decide(pending_.front(), pending_.front().window);
      pending_.pop_front();
    }
  }

  void finish_item(std::vector<Finding>& out) override {
    for (auto& h : pending_) decide(h, h.window);  // the window ends with the text: a boundary
    pending_.clear();
    // English, Latin filler or a program's strings: the Danish words found there are mostly homographs.
    const bool any = std::any_of(kinds_.begin(), kinds_.end(), [](const KindHits& k) { return k.total > 0; });
    const double language = any && sample_.guess() != TextLanguage::Danish ? SensitiveScoring::kForeignText : 1.0;
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
      const double score = sensitive_score(evidence, text_bytes_) * language;
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
  // The window must reach past the longest entry of the group, its context, and the code point after it.
  std::uint64_t wanted_to(const PendingHit& h) const {
    const auto& g = d_.group(h.pattern);
    return std::max<std::uint64_t>(h.end, h.start + g.longest) + g.reach + 4;
  }

  void extend_window(PendingHit& h, const StreamText& text) const {
    const std::uint64_t want = wanted_to(h);
    if (h.window_to >= want || h.window_to >= text.end()) return;
    const std::uint64_t from = std::max(h.window_to, text.begin());
    const std::uint64_t to = std::min(want, text.end());
    if (from != h.window_to) return;  // a gap (cannot happen with the matcher's look-back); keep what we have
    text.append_to(h.window, from, to);
    h.window_to = to;
  }

  // Which entry of the group stands here: the longest whose text matches, with its word boundaries. The
  // window's end is the end of the text (or beyond the longest entry), so it counts as a boundary.
  std::uint32_t variant_at(const PendingHit& h, std::string_view window, std::uint64_t& end) {
    const auto& g = d_.group(h.pattern);
    const StreamText view({}, window, h.window_from);
    if (h.start < h.window_from) return kNone;
    // The text from the hit on, as far as the longest member reaches.
    const std::string_view here = window.substr(h.start - h.window_from, g.longest);
    // The text's byte after the stem, as a key writes it (lower case unless exact; any whitespace reads as
    // the key's space): members that continue the stem with another byte cannot match. The stem ends a code
    // point, so that byte starts one and folds alone.
    char next = 1;  // no key has it: only the stem itself can match where the text ends after it
    std::size_t need = 0;  // bytes of the longest member that can match
    if (g.stem_bytes) {
      if (here.size() > g.stem_bytes) {
        next = here[g.stem_bytes];
        if (next == '\t' || next == '\n' || next == '\r' || next == '\f' || next == '\v') next = ' ';
        if (!g.exact_case && next >= 'A' && next <= 'Z') next = static_cast<char>(next + 32);
        if (next == '\0') next = 1;
      }
      for (std::size_t i = 0; i < g.members.size(); ++i)
        if (g.after_stem[i] == '\0' || g.after_stem[i] == next)
          need = std::max(need, d_.variant(g.members[i]).key.size());
      // Case-folded once, as far as a member that can match reaches.
      if (!g.exact_case) fold_case_latin_into(here.substr(0, need), folded_);
    }
    const std::string_view here_folded = folded_;
    for (std::size_t i = 0; i < g.members.size(); ++i) {
      if (g.stem_bytes && g.after_stem[i] != '\0' && g.after_stem[i] != next) continue;
      const std::uint32_t m = g.members[i];
      const auto& v = d_.variant(m);
      const TermEntry& e = d_.entries()[v.entry];
      if (!e.left_open && h.word_before) continue;
      const std::uint64_t m_end = g.stem_bytes ? h.start + v.key.size() : h.end;
      if (m_end > h.window_to) continue;
      if (g.stem_bytes &&
          !same_text((g.exact_case ? here : here_folded).substr(0, v.key.size()), v.key))
        continue;
      if (!e.right_open && neighbour_after(view, m_end, true) == Neighbour::Word) continue;
      end = m_end;
      return m;
    }
    return kNone;
  }

  // `window`: the text [ph.window_from, ph.window_to), the hit's own copy or a view of the text at hand.
  void decide(const PendingHit& ph, std::string_view window) {
    std::uint64_t end = 0;
    const std::uint32_t variant = variant_at(ph, window, end);
    if (variant == kNone) return;
    const std::uint32_t entry = d_.variant(variant).entry;
    PendingHit h{ph.pattern, ph.start, end, ph.where, ph.word_before, ph.window_from, ph.window_to, {}};
    const TermEntry& e = d_.entries()[entry];
    if (d_.may_be_excluded(variant) && d_.excluded(variant, window, h.window_from, h.start, h.end, exclusion_text_))
      return;
    if (e.near_person && !d_.context_near(e.kind, window, h.window_from, h.start, h.end, e.near_person, context_))
      return;
    KindHits& kh = kinds_[kind_index(e.kind)];
    if (kh.total > 0 && h.start < kh.last.end) {
      // Overlaps the previous hit of this kind ("type 2-diabetes" and "diabetes"): count it once, for
      // the longer entry.
      if (h.end - h.start > kh.last.end - kh.last.start) {
        if (auto it = kh.counts.find(kh.last.entry); it != kh.counts.end() && it->second > 0) --it->second;
        ++kh.counts[entry];
        kh.last = {h.start, h.end, entry};
      }
      return;
    }
    ++kh.counts[entry];
    ++kh.total;
    kh.last = {h.start, h.end, entry};
    if (!kh.seen) {
      kh.seen = true;
      kh.offset = h.start;
      kh.where = h.where;
      kh.context = snippet(window, h);
    }
  }

  static std::string snippet(std::string_view window, const PendingHit& h) {
    const std::uint64_t from = std::max(h.window_from, h.start > kSnippetBytes ? h.start - kSnippetBytes : 0);
    const std::uint64_t to = std::min(h.window_to, h.end + kSnippetBytes);
    if (from >= to) return {};
    return mask_context(utf8::trim_partial(window.substr(from - h.window_from, to - from)));
  }

  const DetectContext& ctx_;
  const SensitiveDetector& d_;
  std::deque<PendingHit> pending_;
  std::array<KindHits, kKinds> kinds_;
  std::uint64_t text_bytes_ = 0;
  std::string folded_;           // scratch: the text at a hit, case-folded
  std::string context_;          // scratch: the text around a hit, case-folded (context_near)
  std::array<std::string, 2> exclusion_text_;  // scratch: a hit and the text an exclusion could cover (excluded)
  LanguageSample sample_;        // the start of the item's text, for the language guess
  std::uint64_t sampled_to_ = 0;
};

}  // namespace

bool SensitiveDetector::context_near(FindingKind kind, std::string_view window, std::uint64_t window_from,
                                     std::uint64_t start, std::uint64_t end, unsigned bytes,
                                     std::string& text) const {
  std::uint64_t from = std::max(window_from, start > bytes ? start - bytes : 0);
  std::uint64_t to = std::min<std::uint64_t>(window_from + window.size(), end + bytes);
  if (from >= to || start < from || end > to) return false;
  // The context stays in the hit's sentence: in "Mælken er af dansk oprindelse. Borgeren har fået ..." and
  // "... sendes til borgeren.\n\nStraffen for at parkere ..." the person word is about something else.
  from = window_from + sentence_start(window, from - window_from, start - window_from);
  to = window_from + sentence_end(window, end - window_from, to - window_from);
  // Folded, so "Borgeren" and "BORGEREN" read the same (the text is already NFC).
  fold_case_latin_into(utf8::trim_partial(window.substr(from - window_from, to - from)), text);
  for (char& c : text)
    if (c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') c = ' ';  // "den\nansatte"
  const StreamText view({}, text, 0);
  // The hit itself is not its own context ("medlemskab" may be both a cue word and part of a term).
  const std::uint64_t hit_from = start - from, hit_to = end - from;
  // Every place a person reference or cue word can begin: its first byte there, no letter or digit before.
  const WordsByFirstByte& words = context_words_[kind_index(kind)];
  const std::string_view hay = text;
  for (std::size_t at = 0; at < hay.size(); ++at) {
    const auto& bucket = words[static_cast<unsigned char>(hay[at])];
    if (bucket.empty()) continue;
    bool checked_before = false;
    for (const auto& word : bucket) {
      if (hay.compare(at, word.size(), word) != 0) continue;
      if (at < hit_to && at + word.size() > hit_from) continue;
      if (!checked_before) {
        if (neighbour_before(view, at) == Neighbour::Word) break;
        checked_before = true;
      }
      if (neighbour_after(view, at + word.size(), true) != Neighbour::Word) return true;
    }
  }
  return false;
}

std::unique_ptr<DetectorState> SensitiveDetector::open(const DetectContext& ctx) const {
  return std::make_unique<SensitiveState>(ctx, *this);
}

// The registry's entry (registry.cpp): the built-in dictionaries (with the forms written at build time) and
// the site's (inflected here), the entries of the kinds asked for.
Result<std::unique_ptr<Detector>> make_sensitive_detector(const RulesetConfig& config) {
  std::vector<TermEntry> entries;
  const auto add = [&](std::string_view text, std::string_view origin) -> std::optional<Problem> {
    auto parsed = parse_dictionary(text, origin, dictionary_kind_from_name(origin));
    if (!parsed) return parsed.problem();
    for (auto& e : *parsed) {
      if (!config.inflect) e.forms.clear();
      if (e.role == TermEntry::Role::Person || config.wants(e.kind)) entries.push_back(std::move(e));
    }
    return std::nullopt;
  };
  if (config.builtin_dictionaries)
    for (const auto& d : builtin_dictionaries())
      if (auto p = add(d.text, d.name)) return *p;
  for (const auto& d : config.site_dictionaries)
    if (auto p = add(d.text, d.origin)) return *p;
  const bool to_inflect = std::any_of(entries.begin(), entries.end(),
                                      [](const TermEntry& e) { return takes_inflections(e) && !e.forms_given; });
  if (config.inflect && to_inflect) {
    auto inflector = Inflector::danish();
    if (!inflector) return inflector.problem();
    inflect_entries(entries, **inflector);
  }
  const bool any_term = std::any_of(entries.begin(), entries.end(),
                                    [](const TermEntry& e) { return e.role == TermEntry::Role::Term; });
  if (!any_term) return std::unique_ptr<Detector>();
  auto sensitive = SensitiveDetector::make(std::move(entries));
  if (!sensitive) return sensitive.problem();
  return std::unique_ptr<Detector>(std::move(*sensitive));
}

}  // namespace datavagt
