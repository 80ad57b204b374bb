// Retention (scanner/policy/retention.h): the boundary day, the rule that decides, mail folders.
#include "scanner/policy/retention.h"

#include <gtest/gtest.h>

#include "scanner/policy/match_text.h"
#include "scanner/policy/policy_file.h"

namespace datavagt::policy {
namespace {

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kNow = 1798761600;  // 2027-01-01T00:00:00Z

Policy policy(std::string_view toml) {
  auto p = parse_policy(toml, "test.toml");
  EXPECT_TRUE(p) << (p ? "" : p.problem().detail);
  return p ? std::move(*p) : Policy{};
}

TEST(Retention, TheBoundaryDay) {
  const RetentionRuleChoice rule{"r", 30};
  // Exactly 30 days old, and up to a second short of 31: not overdue.
  EXPECT_FALSE(overdue_under(rule, kNow - 30 * kDay, kNow));
  EXPECT_FALSE(overdue_under(rule, kNow - 31 * kDay + 1, kNow));
  // 31 whole days: overdue by one day.
  const auto over = overdue_under(rule, kNow - 31 * kDay, kNow);
  ASSERT_TRUE(over);
  EXPECT_EQ(over->rule, "r");
  EXPECT_EQ(over->days, 30);
  EXPECT_EQ(over->days_over, 1);
  EXPECT_EQ(overdue_under(rule, kNow - 242 * kDay - 5, kNow)->days_over, 212);
  // A zero-day rule: a day old is overdue, a minute old is not.
  EXPECT_FALSE(overdue_under({"z", 0}, kNow - 60, kNow));
  EXPECT_EQ(overdue_under({"z", 0}, kNow - kDay, kNow)->days_over, 1);
}

TEST(Retention, FutureAndUnknownTimesAreNeverOverdue) {
  EXPECT_FALSE(overdue_under({"r", 0}, kNow + 5 * kDay, kNow));
  EXPECT_FALSE(overdue_under({"r", 0}, 0, kNow));
  EXPECT_EQ(age_in_days(kNow + 1, kNow), -1);
  EXPECT_EQ(age_in_days(kNow - 1, kNow), 0);
}

TEST(Retention, FirstMatchingRuleElseTheDefault) {
  const Policy p = policy(R"(
[retention]
default_days = 1825
[[retention.rule]]
glob = "share/Jobcenter/Midlertidigt/**"
days = 90
[[retention.rule]]
glob = "share/Jobcenter/**"
days = 1095
)");
  EXPECT_EQ(rule_for_file(p, "share/Jobcenter/Midlertidigt/a.txt")->days, 90);
  EXPECT_EQ(rule_for_file(p, "share/Jobcenter/Midlertidigt/a.txt")->rule, "share/Jobcenter/Midlertidigt/**");
  EXPECT_EQ(rule_for_file(p, "share/Jobcenter/a.txt")->days, 1095);
  EXPECT_EQ(rule_for_file(p, "share/HR/a.txt")->rule, "default");
  EXPECT_EQ(rule_for_file(p, "share/HR/a.txt")->days, 1825);
  EXPECT_FALSE(rule_for_file(policy("[[retention.rule]]\nglob = \"x/**\"\ndays = 1\n"), "share/a.txt"));
}

TEST(Retention, MailFolderRulesComeFirstForMailItems) {
  const Policy p = policy(R"(
[retention]
default_days = 1825
[[retention.rule]]
glob = "**/Jobcenter/**"
days = 1095
[[retention.mail_folder]]
folders = ["Slettet post", "Deleted Items", "Uønsket mail"]
days = 30
[[retention.mail_folder]]
folders = "Indbakke/Midlertidig"
days = 7
glob = "**/Jobcenter/**"
)");
  const std::string path = "share/Jobcenter/hh.pst";
  auto folder = [](std::string_view f) { return match_text(f, Case::Insensitive); };
  EXPECT_EQ(rule_for_mail_item(p, path, folder("Slettet post"))->rule, "mail folder: Slettet post");
  EXPECT_EQ(rule_for_mail_item(p, path, folder("Slettet post"))->days, 30);
  // A name matches at any depth, and without case (Outlook's folder names).
  EXPECT_EQ(rule_for_mail_item(p, path, folder("Top of Personal Folders/Deleted Items"))->days, 30);
  EXPECT_EQ(rule_for_mail_item(p, path, folder("DELETED ITEMS/Gammelt"))->days, 30);  // its subfolders too
  EXPECT_EQ(rule_for_mail_item(p, path, folder("Indbakke/Midlertidig/Uge 3"))->days, 7);
  EXPECT_EQ(rule_for_mail_item(p, path, folder("Arkiv/Indbakke/Midlertidig"))->days, 1095);  // a path is anchored
  EXPECT_EQ(rule_for_mail_item(p, path, folder("U\xCC\x88nsket mail"))->days, 1095);  // "Ünsket" is another word
  EXPECT_EQ(rule_for_mail_item(p, path, folder("Uønsket mail"))->days, 30);
  // A rule with a glob applies only in files it matches.
  EXPECT_EQ(rule_for_mail_item(p, path, folder("Indbakke/Midlertidig"))->days, 7);
  EXPECT_EQ(rule_for_mail_item(p, "share/HR/hr.pst", folder("Indbakke/Midlertidig"))->rule, "default");
  // Other folders: the file's own rule.
  EXPECT_EQ(rule_for_mail_item(p, path, folder("Indbakke"))->rule, "**/Jobcenter/**");
}

TEST(Retention, TheFolderOfAMailItem) {
  EXPECT_EQ(*mail_folder_of("pst", "a/x.pst", {"Indbakke/Arkiv/12 Ansøgning (2019-03-01)", "bilag.pdf"}), "Indbakke/Arkiv");
  EXPECT_EQ(*mail_folder_of("pst", "a/x.pst", {"3 Uden mappe"}), "");
  EXPECT_EQ(*mail_folder_of("mbox", "share/Slettet post.mbox", {"1 Hej (2019-03-01)"}), "Slettet post");
  EXPECT_EQ(*mail_folder_of("mbox", "share/Trash", {"1 Hej"}), "Trash");
  EXPECT_EQ(*mail_folder_of("mbox", ".hidden", {"1 Hej"}), ".hidden");
  EXPECT_FALSE(mail_folder_of("mbox", "share/Slettet post.mbox", {}));  // the file itself
  EXPECT_FALSE(mail_folder_of("zip", "share/a.zip", {"Slettet post/1.txt"}));
}

}  // namespace
}  // namespace datavagt::policy
