#include "detectors/match_session.h"

#include <hs/hs.h>

#include <algorithm>
#include <new>
#include <stdexcept>

#include "detectors/ruleset.h"
#include "detectors/severity.h"

namespace datavagt {

namespace {

constexpr std::size_t kTailBytes = 256;  // look-back a detector may need before the chunk

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
  if (stream_) hs_close_stream(stream_, scratch_, nullptr, nullptr);
  stream_ = nullptr;
  if (hs_open_stream(rules_.db_, 0, &stream_) != HS_SUCCESS) throw std::bad_alloc();
  tail_.clear();
  offset_ = 0;
  last_where_ = Position{};
  for (auto& s : states_) s->begin_item();
}

void MatchSession::feed(const TextChunk& chunk) {
  if (chunk.utf8.empty()) return;
  hits_.clear();
  const auto rc = hs_scan_stream(stream_, chunk.utf8.data(), static_cast<unsigned>(chunk.utf8.size()), 0, scratch_,
                                 &record_hit, &hits_);
  if (rc != HS_SUCCESS && rc != HS_SCAN_TERMINATED) throw std::runtime_error("hyperscan scan failed");
  const StreamText text(tail_, chunk.utf8, offset_);
  dispatch(text, chunk.where, false);
  offset_ += chunk.utf8.size();
  last_where_ = chunk.where;
  // Keep the last kTailBytes of the text seen so far.
  if (chunk.utf8.size() >= kTailBytes) {
    tail_.assign(chunk.utf8.substr(chunk.utf8.size() - kTailBytes));
  } else {
    tail_.append(chunk.utf8);
    if (tail_.size() > kTailBytes) tail_.erase(0, tail_.size() - kTailBytes);
  }
}

std::vector<Finding> MatchSession::finish() {
  hits_.clear();
  if (stream_) hs_close_stream(stream_, scratch_, &record_hit, &hits_);
  stream_ = nullptr;
  const StreamText text(tail_, {}, offset_);
  dispatch(text, last_where_, true);
  std::vector<Finding> out;
  for (auto& s : states_) s->finish_item(out);
  assign_severity(out);
  return out;
}

void MatchSession::dispatch(const StreamText& text, const Position& where, bool closing) {
  std::stable_sort(hits_.begin(), hits_.end(), [](const Hit& a, const Hit& b) { return a.end < b.end; });
  for (const Hit& h : hits_) {
    const auto [det, local] = rules_.owner_[h.id];
    states_[det]->on_hit(local, h.from, h.end, closing, text, where);
  }
  for (auto& s : states_) s->after_chunk(text);
}

}  // namespace datavagt
