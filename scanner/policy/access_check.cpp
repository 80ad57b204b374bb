#include "scanner/policy/access_check.h"

#include <functional>

#include "scanner/policy/match_text.h"

namespace datavagt::policy {

namespace {

constexpr const char* kBuiltinNames[] = {"Everyone", "Authenticated Users", "Users", "Domain Users"};

std::string fold(std::string_view s) { return match_text(s, Case::Insensitive); }

bool is_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

// `a` equals the casefolded `folded`, without allocating when `a` is ASCII (group names mostly are).
bool equals_folded(std::string_view a, std::string_view folded) {
  if (!is_ascii(a)) return fold(a) == folded;
  if (a.size() != folded.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const char c = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (c != folded[i]) return false;
  }
  return true;
}

// `group` (as the system names it) is the broad group `folded` (casefolded): the same name, or the same
// name after the domain ("VESTERBY\domain users" is "domain users").
bool same_group(std::string_view group, std::string_view folded) {
  if (group.empty()) return false;
  if (equals_folded(group, folded)) return true;
  if (folded.find('\\') != std::string_view::npos) return false;
  const auto backslash = group.rfind('\\');
  return backslash != std::string_view::npos && equals_folded(group.substr(backslash + 1), folded);
}

}  // namespace

BroadGroups::BroadGroups(const Policy& p) {
  auto add_name = [&](const std::string& name) {
    const std::string f = fold(name);
    for (const auto& known : folded_)
      if (known == f) return;
    folded_.push_back(f);
    display_.push_back(name);
  };
  for (const char* n : kBuiltinNames) add_name(n);
  for (const auto& g : p.broad_groups) {
    if (auto sid = Sid::parse(g)) {
      const std::string* name = p.name_of(*sid);
      sids_.emplace_back(*sid, name ? *name : g);
    } else {
      add_name(g);
    }
  }
  // A group named in [sids] and listed by name in broad_groups counts on CIFS by its SID.
  for (const auto& [sid, name] : p.sid_names) {
    const std::string f = fold(name);
    for (std::size_t i = std::size(kBuiltinNames); i < folded_.size(); ++i)
      if (same_group(name, folded_[i]) || folded_[i] == f) {
        sids_.emplace_back(sid, name);
        break;
      }
  }
}

bool BroadGroups::is_broad_name(std::string_view group) const {
  for (const auto& f : folded_)
    if (same_group(group, f)) return true;
  return false;
}

std::optional<std::string> posix_broad_read(const PosixPermissions& file, const std::vector<PosixPermissions>& folders,
                                            const BroadGroups& groups) {
  // The bits that apply to a member of the broad group `folded` (nullptr: someone in no group of the entry).
  std::string matched;
  auto bits = [&](const PosixPermissions& e, const std::string_view* folded) -> std::uint8_t {
    if (folded == nullptr) return e.other();
    bool group_class = false;
    std::uint8_t b = 0;
    if (same_group(e.group, *folded)) {
      group_class = true;
      b |= e.owning_group();
      if (matched.empty()) matched = e.group;
    }
    if (e.has_acl)
      for (const auto& g : e.acl_groups)
        if (same_group(g.name, *folded)) {
          group_class = true;
          b |= static_cast<std::uint8_t>(g.perms & e.acl_mask);
          if (matched.empty()) matched = g.name;
        }
    return group_class ? b : e.other();
  };
  auto can_read = [&](const std::string_view* folded) {
    if (!(bits(file, folded) & kRead)) return false;
    for (const auto& d : folders)
      if (!(bits(d, folded) & kExecute)) return false;
    return true;
  };
  if (can_read(nullptr)) return "readable by Everyone";
  for (const std::string& name : groups.folded_names()) {
    const std::string_view folded = name;
    matched.clear();
    if (can_read(&folded) && !matched.empty()) return "readable by group " + matched;
  }
  return std::nullopt;
}

std::optional<std::string> nt_broad_read(const SecurityDescriptor& sd, const BroadGroups& groups) {
  if (sd.null_dacl) return "readable by Everyone";  // no DACL: no restriction at all
  const Sid everyone = everyone_sid(), authenticated = authenticated_users_sid(), users = builtin_users_sid();
  // The first ACE that applies to the token and mentions read decides (DENY before ALLOW wins).
  auto can_read = [&](const std::function<bool(const Sid&)>& in_token) {
    for (const Ace& ace : sd.dacl) {
      if (ace.type == AceType::Other || ace.inherit_only() || !ace.grants_read() || !in_token(ace.sid)) continue;
      return ace.type == AceType::Allow;
    }
    return false;
  };
  if (can_read([&](const Sid& s) { return s == everyone; })) return "readable by Everyone";
  if (can_read([&](const Sid& s) { return s == everyone || s == authenticated; })) return "readable by Authenticated Users";
  auto member = [&](const Sid& s) { return s == everyone || s == authenticated || s == users; };
  if (can_read(member)) return "readable by Users";
  if (can_read([&](const Sid& s) { return member(s) || is_domain_users(s); })) return "readable by Domain Users";
  for (const auto& group : groups.extra_sids()) {
    const Sid& sid = group.first;  // (clang 14 does not capture structured bindings)
    if (can_read([&](const Sid& s) { return member(s) || s == sid; })) return "readable by " + group.second;
  }
  return std::nullopt;
}

std::optional<std::string> broad_read_access(const AccessFacts& facts, const BroadGroups& groups) {
  if (facts.unreadable) return std::nullopt;
  if (facts.cifs) return facts.nt ? nt_broad_read(*facts.nt, groups) : std::nullopt;
  return posix_broad_read(facts.file, facts.folders ? *facts.folders : std::vector<PosixPermissions>{}, groups);
}

}  // namespace datavagt::policy
