#pragma once
// Retention (storage limitation, GDPR art. 5(1)(e)): which rule of the policy applies to a file or to a mail
// item, and whether personal data of a given age is past it. Pure functions, thread-safe.
//
// Age is counted in whole days of 86,400 s: a file modified at `time` is `floor((now - time) / 86400)` days
// old at `now`, and overdue when that is MORE than the rule's days — on day `days` itself it is not yet
// overdue, from day `days + 1` it is, by 1 day ("days_over": 1). A time in the future is never overdue; a
// time of 0 means unknown and is never judged.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/overdue.h"
#include "scanner/policy/policy.h"

namespace datavagt::policy {

struct RetentionRuleChoice {
  std::string rule;  // the label Overdue::rule carries: the glob, "mail folder: <folder glob>", or "default"
  std::int64_t days = 0;
};

// The first [[retention.rule]] whose glob matches `path` (in match_path() form), else the default, else none.
std::optional<RetentionRuleChoice> rule_for_file(const Policy& p, std::string_view path);
// For a mail item in `folder` (match_text(…, Case::Insensitive) form) of the file at `path`: the first
// [[retention.mail_folder]] that matches the folder or a folder above it (a subfolder of the deleted items
// is deleted too), else rule_for_file(path).
std::optional<RetentionRuleChoice> rule_for_mail_item(const Policy& p, std::string_view path, std::string_view folder);

// The folder a finding's item is in, when the on-disk file is a mail store: for a PST/OST (`format` "pst")
// the folder path of its message (the first member, `Indbakke/Arkiv/12 Ansøgning (2019-03-01)`, without its
// last element); for an mbox (`format` "mbox") the file's name without its extension (`Slettet post.mbox`
// is "Slettet post"). nullopt for anything else (the file itself, other formats).
std::optional<std::string> mail_folder_of(std::string_view format, std::string_view path,
                                          const std::vector<std::string>& members);

// Whole days `time` is old at `now`.
std::int64_t age_in_days(std::int64_t time, std::int64_t now);
// The verdict for data from `time` under `rule` at `now`, or nullopt if not overdue (or time unknown).
std::optional<Overdue> overdue_under(const RetentionRuleChoice& rule, std::int64_t time, std::int64_t now);

}  // namespace datavagt::policy
