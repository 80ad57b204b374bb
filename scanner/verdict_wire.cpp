#include "scanner/verdict_wire.h"

#include <cstring>

namespace datavagt::wire {

namespace {

// More than any item holds: a count past it is garbage, not a reason to allocate.
constexpr std::uint32_t kMaxCount = 1u << 24;

}  // namespace

bool Reader::take(void* p, std::size_t n) {
  if (!ok_ || in_.size() - pos_ < n) {
    ok_ = false;
    std::memset(p, 0, n);
    return false;
  }
  std::memcpy(p, in_.data() + pos_, n);
  pos_ += n;
  return true;
}

std::uint8_t Reader::u8() {
  std::uint8_t v;
  take(&v, sizeof v);
  return v;
}
std::uint32_t Reader::u32() {
  std::uint32_t v;
  take(&v, sizeof v);
  return v;
}
std::uint64_t Reader::u64() {
  std::uint64_t v;
  take(&v, sizeof v);
  return v;
}
std::int64_t Reader::i64() {
  std::int64_t v;
  take(&v, sizeof v);
  return v;
}
double Reader::f64() {
  double v;
  take(&v, sizeof v);
  return v;
}

bool Reader::flag() {
  const std::uint8_t v = u8();
  if (v > 1) ok_ = false;
  return v == 1;
}

std::string Reader::str() {
  const std::uint32_t n = u32();
  if (!ok_ || in_.size() - pos_ < n) {
    ok_ = false;
    return {};
  }
  std::string s(in_.substr(pos_, n));
  pos_ += n;
  return s;
}

std::vector<std::string> Reader::strs() {
  const std::uint32_t n = u32();
  std::vector<std::string> v;
  if (n > kMaxCount) ok_ = false;
  for (std::uint32_t i = 0; ok_ && i < n; ++i) v.push_back(str());
  return v;
}

void put_finding(Writer& w, const Finding& f) {
  w.u8(static_cast<std::uint8_t>(f.kind));
  w.u8(static_cast<std::uint8_t>(f.severity));
  w.strs(f.members);
  w.str(f.masked);
  w.str(f.fingerprint);
  w.f64(f.confidence);
  w.u32(f.where.page);
  w.str(f.where.part);
  w.u64(f.offset);
  w.str(f.context);
  w.u32(f.count);
  w.u32(static_cast<std::uint32_t>(f.terms.size()));
  for (const auto& t : f.terms) {
    w.str(t.term);
    w.u32(t.count);
  }
  w.i64(f.member_time);
  // `overdue` is the policy's, judged in the scanner after the file: never set in a worker.
}

std::optional<Finding> get_finding(Reader& r) {
  Finding f;
  const std::uint8_t kind = r.u8();
  const std::uint8_t severity = r.u8();
  if (kind > static_cast<std::uint8_t>(FindingKind::Criminal) || severity > static_cast<std::uint8_t>(Severity::Critical))
    return std::nullopt;
  f.kind = static_cast<FindingKind>(kind);
  f.severity = static_cast<Severity>(severity);
  f.members = r.strs();
  f.masked = r.str();
  f.fingerprint = r.str();
  f.confidence = r.f64();
  f.where.page = r.u32();
  f.where.part = r.str();
  f.offset = r.u64();
  f.context = r.str();
  f.count = r.u32();
  const std::uint32_t terms = r.u32();
  if (terms > kMaxCount) return std::nullopt;
  for (std::uint32_t i = 0; r.ok() && i < terms; ++i) {
    TermCount t;
    t.term = r.str();
    t.count = r.u32();
    f.terms.push_back(std::move(t));
  }
  f.member_time = r.i64();
  if (!r.ok()) return std::nullopt;
  return f;
}

void put_problem(Writer& w, const Problem& p) {
  w.u8(static_cast<std::uint8_t>(p.kind));
  w.str(p.detail);
  w.strs(p.members);
}

std::optional<Problem> get_problem(Reader& r) {
  const std::uint8_t kind = r.u8();
  if (kind > static_cast<std::uint8_t>(kLastProblemKind)) return std::nullopt;
  Problem p = Problem::make(static_cast<ProblemKind>(kind), r.str());
  p.members = r.strs();
  if (!r.ok()) return std::nullopt;
  return p;
}

void put_end(Writer& w, const FileEnd& e) {
  w.str(e.format);
  w.flag(e.has_text);
  w.u64(e.bytes_read);
  w.u64(e.text_bytes);
  w.f64(e.seconds);
  w.u64(e.size);
  w.i64(e.mtime);
  w.u32(e.owner_uid);
  w.u32(e.mode);
  w.flag(e.hash.has_value());
  if (e.hash)
    for (unsigned char c : *e.hash) w.u8(c);
  w.flag(e.retiring);
}

std::optional<FileEnd> get_end(Reader& r) {
  FileEnd e;
  e.format = r.str();
  e.has_text = r.flag();
  e.bytes_read = r.u64();
  e.text_bytes = r.u64();
  e.seconds = r.f64();
  e.size = r.u64();
  e.mtime = r.i64();
  e.owner_uid = r.u32();
  e.mode = r.u32();
  if (r.flag()) {
    std::array<unsigned char, 32> h{};
    for (auto& c : h) c = r.u8();
    e.hash = h;
  }
  e.retiring = r.flag();
  if (!r.ok()) return std::nullopt;
  return e;
}

}  // namespace datavagt::wire
