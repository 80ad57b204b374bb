#include "scanner/seen_members.h"

#include <openssl/evp.h>

namespace datavagt {

namespace {

// `members` (inside the first copy, starting with `from`) moved under `to`.
std::vector<std::string> moved(const std::vector<std::string>& members, const std::vector<std::string>& from,
                               const std::vector<std::string>& to) {
  std::vector<std::string> out = to;
  if (members.size() >= from.size()) out.insert(out.end(), members.begin() + static_cast<long>(from.size()), members.end());
  return out;
}

}  // namespace

SeenMembers::Digest SeenMembers::digest(std::string_view bytes) {
  Digest d{};
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), d.data(), &len, EVP_sha256(), nullptr);
  return d;
}

bool SeenMembers::copy_if_seen(const Digest& d, const std::vector<std::string>& where, FileVerdict& v) const {
  auto it = seen_.find(d);
  if (it == seen_.end()) return false;
  const First& first = it->second;
  for (Finding f : first.findings) {
    f.members = moved(f.members, first.where, where);
    v.findings.push_back(std::move(f));
  }
  for (Problem p : first.problems) {
    p.members = moved(p.members, first.where, where);
    v.problems.push_back(std::move(p));
  }
  return true;
}

void SeenMembers::remember(const Digest& d, std::vector<std::string> where, const FileVerdict& v,
                           std::size_t findings_from, std::size_t problems_from) {
  First first{std::move(where), {}, {}};
  first.findings.assign(v.findings.begin() + static_cast<long>(findings_from), v.findings.end());
  first.problems.assign(v.problems.begin() + static_cast<long>(problems_from), v.problems.end());
  seen_.emplace(d, std::move(first));
}

}  // namespace datavagt
