// The verdict on a file with findings (scanner/policy/verdict.h), from facts made in the test: department,
// forbidden places, access, overdue for the file and for each mail item, flags, notes.
#include "scanner/policy/verdict.h"

#include <gtest/gtest.h>

#include "scanner/policy/policy_file.h"

namespace datavagt::policy {
namespace {

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kNow = 1798761600;  // 2027-01-01

const char* kPolicy = R"(
[retention]
default_days = 1825
[[retention.rule]]
glob = "share/Jobcenter/**"
days = 1095
[[retention.mail_folder]]
folders = ["Slettet post", "Deleted Items"]
days = 30
[misplaced]
forbid = ["share/Fælles/**"]
world_readable = true
[[department]]
name = "Jobcenter"
glob = "**/Jobcenter/**"
responsible = "Hanne Holm"
email = "hh@vesterby.dk"
[[department]]
name = "Fællesdrev"
glob = "**/Fælles/**"
)";

class VerdictTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto p = parse_policy(kPolicy, "p.toml");
    ASSERT_TRUE(p) << p.problem().detail;
    policy_ = std::move(*p);
    facts_.owner = "hholm";
    facts_.access.file.mode = 0640;
    PosixPermissions open_folder;
    open_folder.mode = 0755;
    facts_.access.folders = std::make_shared<const std::vector<PosixPermissions>>(1, open_folder);
  }

  FileVerdict file(std::string path, std::int64_t mtime, std::string format = "text") {
    FileVerdict v;
    v.info.location.path = std::move(path);
    v.info.mtime = mtime;
    v.format = std::move(format);
    v.findings.push_back(Finding{});
    return v;
  }

  void judge(FileVerdict& v) { policy::judge(&policy_, BroadGroups(policy_), facts_, kNow, v); }

  Policy policy_;
  FileFacts facts_;
};

TEST_F(VerdictTest, AFreshFileInItsPlace) {
  FileVerdict v = file("share/Jobcenter/sag.txt", kNow - 10 * kDay);
  judge(v);
  EXPECT_TRUE(v.flags.empty());
  EXPECT_FALSE(v.overdue);
  EXPECT_TRUE(v.misplaced.empty());
  EXPECT_EQ(v.owner, "hholm");
  EXPECT_EQ(v.department, "Jobcenter");
  EXPECT_EQ(v.responsible, "Hanne Holm");
  EXPECT_EQ(v.responsible_email, "hh@vesterby.dk");
  EXPECT_TRUE(v.notes.empty());
}

TEST_F(VerdictTest, OverdueUnderItsRule) {
  FileVerdict v = file("share/Jobcenter/sag.txt", kNow - (1095 + 212) * kDay);
  judge(v);
  ASSERT_TRUE(v.overdue);
  EXPECT_EQ(*v.overdue, (Overdue{"share/Jobcenter/**", 1095, 212}));
  EXPECT_EQ(v.findings[0].overdue, v.overdue);
  EXPECT_EQ(v.flags, std::vector<std::string>{"overdue"});
  // The same age elsewhere: under the default of five years, not overdue.
  FileVerdict other = file("share/HR/sag.txt", kNow - (1095 + 212) * kDay);
  judge(other);
  EXPECT_TRUE(other.flags.empty());
  EXPECT_TRUE(other.department.empty());
}

TEST_F(VerdictTest, ForbiddenAndReadableByEveryone) {
  facts_.access.file.mode = 0644;
  FileVerdict v = file("share/Fælles/referat.txt", kNow);
  judge(v);
  EXPECT_EQ(v.misplaced, (std::vector<std::string>{"forbidden: share/Fælles/**", "readable by Everyone"}));
  EXPECT_EQ(v.flags, std::vector<std::string>{"misplaced"});
  EXPECT_EQ(v.department, "Fællesdrev");
  EXPECT_TRUE(v.responsible.empty());
}

TEST_F(VerdictTest, GlobsSeeThePathAsPrinted) {
  FileVerdict w = file("./share/F\xC3\xA6lles/x.txt", kNow);  // a root given as ./share
  judge(w);
  EXPECT_EQ(w.misplaced, std::vector<std::string>{"forbidden: share/Fælles/**"});
  FileVerdict elsewhere = file("/srv/share/Fælles/x.txt", kNow);  // anchored: another place
  judge(elsewhere);
  EXPECT_TRUE(elsewhere.misplaced.empty());
  EXPECT_EQ(elsewhere.department, "Fællesdrev");  // "**/Fælles/**" wherever it is mounted
}

TEST_F(VerdictTest, AnUnreadableAclIsANoteNotAVerdict) {
  facts_.access.file.mode = 0644;
  facts_.access.unreadable = "POSIX ACL: Input/output error";
  FileVerdict v = file("share/HR/a.txt", kNow);
  judge(v);
  EXPECT_TRUE(v.misplaced.empty());
  EXPECT_EQ(v.notes, std::vector<std::string>{"acl-unreadable: POSIX ACL: Input/output error"});
  // Without the access check nothing was read, so nothing is said.
  policy_.world_readable = false;
  FileVerdict w = file("share/HR/a.txt", kNow);
  judge(w);
  EXPECT_TRUE(w.notes.empty());
}

TEST_F(VerdictTest, MailItemsAreJudgedOnTheirOwnDate) {
  // An mbox written yesterday holding a message from six years ago and one from last week.
  FileVerdict v = file("share/HR/arkiv.mbox", kNow - kDay, "mbox");
  v.findings.clear();
  Finding old_message, new_message, old_attachment;
  old_message.members = {"1 Ansøgning (2020-11-01)"};
  old_message.member_time = kNow - 6 * 365 * kDay;
  old_attachment.members = {"1 Ansøgning (2020-11-01)", "bilag.pdf"};
  old_attachment.member_time = old_message.member_time;
  new_message.members = {"2 Svar (2026-12-25)"};
  new_message.member_time = kNow - 7 * kDay;
  v.findings = {old_message, old_attachment, new_message};
  judge(v);
  ASSERT_TRUE(v.findings[0].overdue);
  EXPECT_EQ(v.findings[0].overdue->rule, "default");
  EXPECT_EQ(v.findings[0].overdue->days_over, 6 * 365 - 1825);
  EXPECT_EQ(v.findings[1].overdue, v.findings[0].overdue);
  EXPECT_FALSE(v.findings[2].overdue);
  EXPECT_FALSE(v.overdue);  // the file itself holds no personal data of its own
  EXPECT_EQ(v.flags, std::vector<std::string>{"overdue"});
}

TEST_F(VerdictTest, DeletedItemsHaveTheirOwnRule) {
  FileVerdict pst = file("share/Jobcenter/hh.pst", kNow, "pst");
  Finding deleted, inbox;
  deleted.members = {"Top of Personal Folders/Slettet post/4 Sag (2026-11-01)"};
  deleted.member_time = kNow - 61 * kDay;
  inbox.members = {"Top of Personal Folders/Indbakke/5 Sag (2026-11-01)"};
  inbox.member_time = kNow - 61 * kDay;
  pst.findings = {deleted, inbox};
  judge(pst);
  ASSERT_TRUE(pst.findings[0].overdue);
  EXPECT_EQ(*pst.findings[0].overdue, (Overdue{"mail folder: Slettet post", 30, 31}));
  EXPECT_FALSE(pst.findings[1].overdue);  // the Jobcenter's 1095 days
  EXPECT_EQ(pst.flags, std::vector<std::string>{"overdue"});
  // An mbox exported from the deleted items: its name is the folder.
  FileVerdict mbox = file("share/HR/Deleted Items.mbox", kNow, "mbox");
  mbox.findings[0].members = {"1 Hej (2026-10-01)"};
  mbox.findings[0].member_time = kNow - 40 * kDay;
  judge(mbox);
  EXPECT_EQ(mbox.findings[0].overdue->rule, "mail folder: Deleted Items");
  EXPECT_EQ(mbox.findings[0].overdue->days_over, 10);
}

TEST_F(VerdictTest, AFileAndItsItemsTogether) {
  // An .eml body (no date of its own: the file's mtime) and an attachment dated by the message.
  FileVerdict v = file("share/HR/brev.eml", kNow - 2000 * kDay, "mail");
  Finding attachment;
  attachment.members = {"bilag.pdf"};
  attachment.member_time = kNow - 10 * kDay;
  v.findings.push_back(attachment);
  judge(v);
  ASSERT_TRUE(v.overdue);
  EXPECT_EQ(v.overdue->days_over, 2000 - 1825);
  EXPECT_EQ(v.findings[0].overdue, v.overdue);
  EXPECT_FALSE(v.findings[1].overdue);
}

TEST_F(VerdictTest, WithoutAPolicyOnlyTheOwner) {
  FileVerdict v = file("share/Fælles/x.txt", 1);
  policy::judge(nullptr, BroadGroups(), facts_, kNow, v);
  EXPECT_EQ(v.owner, "hholm");
  EXPECT_TRUE(v.flags.empty());
  EXPECT_TRUE(v.department.empty());
  EXPECT_FALSE(v.findings[0].overdue);
}

}  // namespace
}  // namespace datavagt::policy
