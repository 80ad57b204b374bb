#include "scanner/seen_members.h"

#include <openssl/evp.h>

#include "scanner/known_members.h"

namespace datavagt {

namespace {

// `members` (inside the first copy, starting with `from`) moved under `to`.
std::vector<std::string> moved(const std::vector<std::string>& members, const std::vector<std::string>& from,
                               const std::vector<std::string>& to) {
  std::vector<std::string> out = to;
  if (members.size() >= from.size()) out.insert(out.end(), members.begin() + static_cast<long>(from.size()), members.end());
  return out;
}

// A member chain as notes name it (ItemSink::note).
std::string joined(const std::vector<std::string>& members) {
  std::string out;
  for (const auto& m : members) out += (out.empty() ? "" : "!/") + m;
  return out;
}

// A finding's member_time as the scanner sets it for a member with this time (0 = the file's own).
std::int64_t finding_time(std::int64_t member_mtime, const FileVerdict& v) {
  return member_mtime != v.info.mtime ? member_mtime : 0;
}

}  // namespace

ScannedMember ScannedMember::from(const ItemInfo& at, const FileVerdict& v, std::size_t findings_from,
                                  std::size_t problems_from, std::size_t notes_from) {
  ScannedMember m{at.location.members, at.mtime, {}, {}, {}};
  m.findings.assign(v.findings.begin() + static_cast<long>(findings_from), v.findings.end());
  m.problems.assign(v.problems.begin() + static_cast<long>(problems_from), v.problems.end());
  m.notes.assign(v.notes.begin() + static_cast<long>(notes_from), v.notes.end());
  return m;
}

void ScannedMember::append_as(const ItemInfo& at, FileVerdict& v) const {
  const std::vector<std::string>& to = at.location.members;
  const std::int64_t old_time = finding_time(mtime, v);
  const std::int64_t new_time = finding_time(at.mtime, v);
  for (Finding f : findings) {
    f.members = moved(f.members, where, to);
    if (absolute_times)
      f.member_time = finding_time(f.member_time == mtime ? at.mtime : f.member_time, v);
    else if (f.member_time == old_time)
      f.member_time = new_time;
    v.findings.push_back(std::move(f));
  }
  for (Problem p : problems) {
    p.members = moved(p.members, where, to);
    v.problems.push_back(std::move(p));
  }
  const std::string from_prefix = joined(where);
  const std::string to_prefix = joined(to);
  for (std::string n : notes) {
    if (!from_prefix.empty() && n.starts_with(from_prefix)) n = to_prefix + n.substr(from_prefix.size());
    v.notes.push_back(std::move(n));
  }
}

ScannedMember ScannedMember::with_absolute_times(std::int64_t file_mtime) const {
  ScannedMember m = *this;
  if (m.absolute_times) return m;
  for (Finding& f : m.findings)
    if (f.member_time == 0) f.member_time = file_mtime;
  m.absolute_times = true;
  return m;
}

std::size_t ScannedMember::estimated_bytes() const {
  const auto strings = [](const std::vector<std::string>& v) {
    std::size_t n = v.size() * sizeof(std::string);
    for (const auto& s : v) n += s.size();
    return n;
  };
  std::size_t n = sizeof(ScannedMember) + strings(where) + strings(notes);
  for (const Finding& f : findings)
    n += sizeof(Finding) + f.masked.size() + f.fingerprint.size() + f.context.size() + f.where.part.size() +
         strings(f.members) + f.terms.size() * (sizeof(TermCount) + 16);
  for (const Problem& p : problems) n += sizeof(Problem) + p.detail.size() + strings(p.members);
  return n;
}

SeenMembers::Digest SeenMembers::digest(std::string_view bytes) {
  Digest d{};
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), d.data(), &len, EVP_sha256(), nullptr);
  return d;
}

void SeenMembers::clear() {
  std::lock_guard lock(mutex_);
  seen_.clear();
}

bool SeenMembers::copy_if_seen(const Digest& d, const ItemInfo& at, FileVerdict& v) const {
  {
    std::lock_guard lock(mutex_);
    if (auto it = seen_.find(d); it != seen_.end()) {
      it->second.append_as(at, v);
      return true;
    }
  }
  return run_ != nullptr && run_->copy_if_known(d, at, v);
}

void SeenMembers::remember(const Digest& d, const ItemInfo& at, const FileVerdict& v, std::size_t findings_from,
                           std::size_t problems_from, std::size_t notes_from) {
  ScannedMember m = ScannedMember::from(at, v, findings_from, problems_from, notes_from);
  if (run_ != nullptr) run_->remember(d, at, v, m);
  std::lock_guard lock(mutex_);
  seen_.emplace(d, std::move(m));
}

}  // namespace datavagt
