#include "scanner/stored_members.h"

#include <algorithm>
#include <cstring>

#include "reports/store/stored_text.h"

namespace datavagt {

namespace {

std::uint64_t prefix(const SeenMembers::Digest& d) {
  std::uint64_t v;
  std::memcpy(&v, d.data(), sizeof v);
  return v;
}

}  // namespace

StoredMembers::StoredMembers(Reader reader, store::StoreWriter& writer, std::string decided_by, bool full)
    : reader_(std::move(reader)), writer_(writer), decided_by_(std::move(decided_by)), full_(full) {}

store::MemberRecord StoredMembers::to_record(const SeenMembers::Digest& d, unsigned depth, const ScannedMember& m,
                                             const std::string& decided_by) {
  store::MemberRecord r;
  r.hash = d;
  r.depth = depth;
  r.where = store::stored_texts(m.where);
  r.mtime = m.mtime;
  r.result.decided_by = decided_by;
  store::set_records(r.result, m.findings, m.problems, m.notes);
  return r;
}

ScannedMember StoredMembers::from_record(store::MemberRecord&& r) {
  ScannedMember m;
  m.where = std::move(r.where);
  m.mtime = r.mtime;
  m.findings = std::move(r.result.findings);
  m.problems = std::move(r.result.problems);
  m.notes = std::move(r.result.notes);
  m.absolute_times = true;
  return m;
}

void StoredMembers::load_keys() {
  std::call_once(loaded_, [this] {
    store::Store* s = reader_();
    if (s == nullptr) return;
    std::vector<std::uint64_t> keys;
    if (!s->load_member_keys(decided_by_, [&](const store::ContentHash& h, unsigned) { keys.push_back(prefix(h)); }))
      return;
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    keys_ = std::move(keys);
  });
}

bool StoredMembers::may_be_stored(const SeenMembers::Digest& d) {
  load_keys();
  return std::binary_search(keys_.begin(), keys_.end(), prefix(d));
}

std::optional<ScannedMember> StoredMembers::find(const SeenMembers::Digest& d, unsigned depth) {
  if (full_ || !may_be_stored(d)) return std::nullopt;
  store::Store* s = reader_();
  if (s == nullptr) return std::nullopt;
  auto found = s->load_member(d, depth, decided_by_);
  if (!found || !*found) return std::nullopt;
  return from_record(std::move(**found));
}

void StoredMembers::keep(const SeenMembers::Digest& d, unsigned depth, const ScannedMember& m) {
  writer_.add_member(to_record(d, depth, m, decided_by_));
}

}  // namespace datavagt
