#include "scanner/policy/retention.h"

namespace datavagt::policy {

namespace {

constexpr std::int64_t kSecondsPerDay = 86400;

const Glob* first_match(const std::vector<Glob>& globs, std::string_view text) {
  for (const auto& g : globs)
    if (g.matches(text)) return &g;
  return nullptr;
}

// The folder or the nearest folder above it that one of `folders` matches: a message in "Slettet post/Gammelt"
// is in the deleted items too.
const Glob* folder_match(const std::vector<Glob>& folders, std::string_view folder) {
  for (;;) {
    if (const Glob* g = first_match(folders, folder)) return g;
    const auto slash = folder.rfind('/');
    if (slash == std::string_view::npos) return nullptr;
    folder = folder.substr(0, slash);
  }
}

}  // namespace

std::optional<RetentionRuleChoice> rule_for_file(const Policy& p, std::string_view path) {
  for (const auto& r : p.retention)
    if (const Glob* g = first_match(r.globs, path)) return RetentionRuleChoice{g->pattern(), r.days};
  if (p.default_days) return RetentionRuleChoice{"default", *p.default_days};
  return std::nullopt;
}

std::optional<RetentionRuleChoice> rule_for_mail_item(const Policy& p, std::string_view path, std::string_view folder) {
  for (const auto& r : p.mail_folders) {
    if (!r.globs.empty() && first_match(r.globs, path) == nullptr) continue;
    if (const Glob* g = folder_match(r.folders, folder)) return RetentionRuleChoice{"mail folder: " + g->pattern(), r.days};
  }
  return rule_for_file(p, path);
}

std::optional<std::string> mail_folder_of(std::string_view format, std::string_view path,
                                          const std::vector<std::string>& members) {
  if (members.empty()) return std::nullopt;
  if (format == "pst") {
    const auto slash = members[0].rfind('/');
    return slash == std::string::npos ? std::string() : members[0].substr(0, slash);
  }
  if (format == "mbox") {
    const auto slash = path.rfind('/');
    std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
    const auto dot = name.rfind('.');
    if (dot != std::string_view::npos && dot > 0) name = name.substr(0, dot);
    return std::string(name);
  }
  return std::nullopt;
}

std::int64_t age_in_days(std::int64_t time, std::int64_t now) {
  const std::int64_t seconds = now - time;
  // Floor division: data from one second in the future is -1 days old, not 0.
  return seconds >= 0 ? seconds / kSecondsPerDay : -((-seconds + kSecondsPerDay - 1) / kSecondsPerDay);
}

std::optional<Overdue> overdue_under(const RetentionRuleChoice& rule, std::int64_t time, std::int64_t now) {
  if (time == 0) return std::nullopt;
  const std::int64_t age = age_in_days(time, now);
  if (age <= rule.days) return std::nullopt;
  return Overdue{rule.rule, rule.days, age - rule.days};
}

}  // namespace datavagt::policy
