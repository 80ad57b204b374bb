#include "scanner/policy/verdict.h"

#include "scanner/policy/match_text.h"
#include "scanner/policy/retention.h"

namespace datavagt::policy {

namespace {

void judge_overdue(const Policy& p, const std::string& path, std::int64_t now, FileVerdict& v) {
  const auto file_rule = rule_for_file(p, path);
  // The findings of one mail item are next to each other: its folder's rule is looked up once.
  const std::string* last_member = nullptr;
  std::optional<RetentionRuleChoice> item_rule;
  bool own_content = false;  // some finding's age is the file's own mtime
  for (Finding& f : v.findings) {
    const std::int64_t time = f.member_time != 0 ? f.member_time : v.info.mtime;
    if (f.member_time == 0) own_content = true;
    const std::optional<RetentionRuleChoice>* rule = &file_rule;
    if (!f.members.empty() && (v.format == "pst" || v.format == "mbox")) {
      if (last_member == nullptr || *last_member != f.members[0]) {
        last_member = &f.members[0];
        const auto folder = mail_folder_of(v.format, v.info.location.path, f.members);
        item_rule = folder ? rule_for_mail_item(p, path, match_text(*folder, Case::Insensitive)) : file_rule;
      }
      rule = &item_rule;
    }
    f.overdue = *rule ? overdue_under(**rule, time, now) : std::nullopt;
  }
  v.overdue = own_content && file_rule ? overdue_under(*file_rule, v.info.mtime, now) : std::nullopt;
}

}  // namespace

void judge(const Policy* policy, const BroadGroups& groups, const FileFacts& facts, std::int64_t now, FileVerdict& v) {
  v.owner = facts.owner;
  if (policy == nullptr) return;
  const std::string path = match_path(v.info.location.path);

  for (const auto& d : policy->departments) {
    bool matched = false;
    for (const auto& g : d.globs) matched = matched || g.matches(path);
    if (!matched) continue;
    v.department = d.name;
    v.responsible = d.responsible;
    v.responsible_email = d.email;
    break;
  }

  v.misplaced.clear();
  for (const auto& g : policy->forbid)
    if (g.matches(path)) {
      v.misplaced.push_back("forbidden: " + g.pattern());
      break;
    }
  if (policy->world_readable) {
    if (auto reason = broad_read_access(facts.access, groups)) v.misplaced.push_back(std::move(*reason));
    if (facts.access.unreadable) v.notes.push_back("acl-unreadable: " + *facts.access.unreadable);
  }

  judge_overdue(*policy, path, now, v);

  v.flags.clear();
  bool overdue = v.overdue.has_value();
  for (const auto& f : v.findings) overdue = overdue || f.overdue.has_value();
  if (overdue) v.flags.emplace_back(kFlagOverdue);
  if (!v.misplaced.empty()) v.flags.emplace_back(kFlagMisplaced);
}

}  // namespace datavagt::policy
