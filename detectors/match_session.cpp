#include "detectors/match_session.h"

#include <hs/hs.h>

#include <algorithm>
#include <new>
#include <stdexcept>

#include "detectors/latin_letters.h"
#include "detectors/ruleset.h"
#include "detectors/severity.h"

namespace datavagt {

namespace {

// Look-back a detector may need before the chunk: a sensitive term (<= 120 bytes) that began in the last
// chunk plus the text it wants before it (person reference <= 200 bytes) and a code point.
constexpr std::size_t kTailBytes = 512;

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// The marks that compose with Latin-1 letters (U+0300..U+0327: grave, acute, circumflex, tilde, diaeresis,
// ring, cedilla) are encoded with lead byte 0xCC. One memchr per chunk (two cost 3 % of the matcher's time).
bool has_combining_mark(std::string_view s) { return s.find('\xCC') != std::string_view::npos; }
bool starts_with_mark(std::string_view s) { return !s.empty() && s[0] == '\xCC'; }

int record_hit(unsigned id, unsigned long long from, unsigned long long to, unsigned, void* ctx) {
  auto* hits = static_cast<std::vector<MatchSession::Hit>*>(ctx);
  try {
    hits->push_back({id, from, to});
  } catch (...) {
    return 1;  // out of memory: stop scanning this chunk; never unwind through Hyperscan
  }
  return 0;
}

}  // namespace

MatchSession::MatchSession(const Ruleset& rules, const DetectContext& ctx) : rules_(rules) {
  if (hs_alloc_scratch(rules_.db_, &scratch_) != HS_SUCCESS) throw std::bad_alloc();
  for (const auto& d : rules_.detectors_) states_.push_back(d->open(ctx));
}

MatchSession::~MatchSession() {
  if (stream_) hs_close_stream(stream_, scratch_, nullptr, nullptr);
  hs_free_scratch(scratch_);
}

void MatchSession::begin() {
  if (!stream_) {
    if (hs_open_stream(rules_.db_, 0, &stream_) != HS_SUCCESS) throw std::bad_alloc();
  } else if (!stream_clean_) {  // an item left without finish(): its matches are dropped
    hs_reset_stream(stream_, 0, nullptr, nullptr, nullptr);
  }
  stream_clean_ = false;
  tail_.clear();
  carry_.clear();
  positions_.clear();
  offset_ = 0;
  for (auto& s : states_) s->begin_item();
}

void MatchSession::feed(const TextChunk& chunk) {
  std::string_view t = chunk.utf8;
  if (t.empty()) return;
  if (!carry_.empty()) {
    if (starts_with_mark(t)) {  // rare: the held-back letter takes this mark
      carry_.append(t);
      t = carry_;
    } else {
      std::string letter;
      letter.swap(carry_);
      scan(letter, carry_where_);
    }
  }
  if (has_combining_mark(t)) {
    composed_ = to_nfc_latin(t);
    t = composed_;
  }
  carry_.clear();
  if (is_ascii_letter(t.back())) {
    carry_where_ = chunk.where;
    const char last = t.back();
    t.remove_suffix(1);
    if (!t.empty()) scan(t, chunk.where);
    carry_.assign(1, last);
    return;
  }
  scan(t, chunk.where);
}

void MatchSession::scan(std::string_view t, const Position& where) {
  hits_.clear();
  const auto rc = hs_scan_stream(stream_, t.data(), static_cast<unsigned>(t.size()), 0, scratch_, &record_hit, &hits_);
  if (rc != HS_SUCCESS && rc != HS_SCAN_TERMINATED) throw std::runtime_error("hyperscan scan failed");
  if (positions_.empty() || positions_.back().second != where) positions_.emplace_back(offset_, where);
  // Keep only the changes the look-back can still reach.
  const std::uint64_t visible_from = offset_ - tail_.size();
  while (positions_.size() >= 2 && positions_[1].first <= visible_from) positions_.erase(positions_.begin());
  const StreamText text(tail_, t, offset_, &positions_);
  dispatch(text, false);
  offset_ += t.size();
  // Keep the last kTailBytes of the text seen so far.
  if (t.size() >= kTailBytes) {
    tail_.assign(t.substr(t.size() - kTailBytes));
  } else {
    tail_.append(t);
    if (tail_.size() > kTailBytes) tail_.erase(0, tail_.size() - kTailBytes);
  }
}

std::vector<Finding> MatchSession::finish() {
  if (!carry_.empty()) {
    std::string letter;
    letter.swap(carry_);
    scan(letter, carry_where_);
  }
  hits_.clear();
  // The matches that end at the end of the text, then the stream is ready for the next item.
  if (stream_ && hs_reset_stream(stream_, 0, scratch_, &record_hit, &hits_) == HS_SUCCESS) stream_clean_ = true;
  const StreamText text(tail_, {}, offset_, &positions_);
  dispatch(text, true);
  std::vector<Finding> out;
  for (auto& s : states_) s->finish_item(out);
  for (auto& f : out)  // a number read from a picture is as sure as Tesseract was of its digits
    if (f.where.ocr() && is_identifier(f.kind)) f.confidence *= f.where.ocr_confidence / 100.0;
  assign_severity(out);
  return out;
}

void MatchSession::dispatch(const StreamText& text, bool closing) {
  std::stable_sort(hits_.begin(), hits_.end(), [](const Hit& a, const Hit& b) { return a.end < b.end; });
  for (const Hit& h : hits_) {
    const auto [det, local] = rules_.owner_[h.id];
    states_[det]->on_hit(local, h.from, h.end, closing, text);
  }
  for (auto& s : states_) s->after_chunk(text);
}

}  // namespace datavagt
