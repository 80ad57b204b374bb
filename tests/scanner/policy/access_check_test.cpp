// Who may read a file, from POSIX facts (scanner/policy/access_check.h): 'other' and every folder up to
// "/", broad groups as owners or named ACL entries, the ACL mask.
#include "scanner/policy/access_check.h"

#include <gtest/gtest.h>

#include "scanner/policy/policy_file.h"

namespace datavagt::policy {
namespace {

PosixPermissions entry(std::uint32_t mode, std::string group = "staff") {
  PosixPermissions p;
  p.mode = mode;
  p.group = std::move(group);
  p.acl_group_obj = static_cast<std::uint8_t>((mode >> 3) & 7);
  return p;
}

PosixPermissions with_acl(PosixPermissions p, std::vector<PosixPermissions::NamedGroup> groups, std::uint8_t mask) {
  p.has_acl = true;
  p.acl_groups = std::move(groups);
  p.acl_mask = mask;
  p.mode = (p.mode & ~070u) | (std::uint32_t{mask} << 3);  // as the kernel shows it: the group bits are the mask
  return p;
}

const std::vector<PosixPermissions> kOpenFolders = {entry(0755), entry(0755), entry(0755, "root")};

TEST(PosixAccess, OtherReadableAndReachable) {
  const BroadGroups groups;
  EXPECT_EQ(posix_broad_read(entry(0644), kOpenFolders, groups), "readable by Everyone");
  EXPECT_FALSE(posix_broad_read(entry(0640), kOpenFolders, groups));
  EXPECT_FALSE(posix_broad_read(entry(0600), kOpenFolders, groups));
  // A folder on the way that 'other' cannot search closes the file off, wherever it is.
  EXPECT_FALSE(posix_broad_read(entry(0644), {entry(0755), entry(0750), entry(0755)}, groups));
  EXPECT_FALSE(posix_broad_read(entry(0644), {entry(0755), entry(0755), entry(0700)}, groups));
  // Search (x) is enough on the way; listing (r) is not needed.
  EXPECT_EQ(posix_broad_read(entry(0604), {entry(0711), entry(0701), entry(0755)}, groups), "readable by Everyone");
  EXPECT_FALSE(posix_broad_read(entry(0644), {entry(0744), entry(0755)}, groups));
}

TEST(PosixAccess, ABroadGroupOwningTheFile) {
  const BroadGroups groups;
  EXPECT_EQ(posix_broad_read(entry(0640, "domain users"), kOpenFolders, groups), "readable by group domain users");
  EXPECT_EQ(posix_broad_read(entry(0640, "VESTERBY\\Domain Users"), kOpenFolders, groups),
            "readable by group VESTERBY\\Domain Users");
  EXPECT_FALSE(posix_broad_read(entry(0600, "domain users"), kOpenFolders, groups));
  EXPECT_FALSE(posix_broad_read(entry(0640, "jobcenter"), kOpenFolders, groups));
  // The group owns a folder on the way that 'other' cannot enter: its members still get through.
  EXPECT_EQ(posix_broad_read(entry(0644), {entry(0750, "domain users"), entry(0755)}, groups),
            "readable by group domain users");
  // For a member the group bits decide, not 'other' (POSIX checks the group class first): the folder lets
  // only the group in, and the group may not read.
  EXPECT_FALSE(posix_broad_read(entry(0604, "domain users"), {entry(0750, "domain users"), entry(0755)}, groups));
}

TEST(PosixAccess, NamedGroupAclEntriesUnderTheMask) {
  auto p = parse_policy("[misplaced]\nbroad_groups = [\"Alle medarbejdere\"]\n", "p.toml");
  ASSERT_TRUE(p);
  const BroadGroups groups(*p);
  const PosixPermissions::NamedGroup all{1234, "alle medarbejdere", 4};
  EXPECT_EQ(posix_broad_read(with_acl(entry(0600), {all}, 4), kOpenFolders, groups), "readable by group alle medarbejdere");
  // The mask takes the read away.
  EXPECT_FALSE(posix_broad_read(with_acl(entry(0600), {all}, 0), kOpenFolders, groups));
  EXPECT_FALSE(posix_broad_read(with_acl(entry(0600), {all}, 1), kOpenFolders, groups));
  // A named group that is not broad.
  EXPECT_FALSE(posix_broad_read(with_acl(entry(0600), {{55, "jobcenter", 4}}, 7), kOpenFolders, groups));
  // Without the policy's broad_groups that group is nobody special.
  EXPECT_FALSE(posix_broad_read(with_acl(entry(0600), {all}, 4), kOpenFolders, BroadGroups()));
  // A folder that grants the group search through an ACL entry.
  EXPECT_EQ(posix_broad_read(with_acl(entry(0600), {all}, 4), {with_acl(entry(0700), {{1234, "alle medarbejdere", 1}}, 1)},
                             groups),
            "readable by group alle medarbejdere");
  EXPECT_FALSE(posix_broad_read(with_acl(entry(0600), {all}, 4), {with_acl(entry(0700), {{1234, "alle medarbejdere", 1}}, 0)},
                                groups));
  // The owning group's ACL entry is masked too.
  PosixPermissions owned = with_acl(entry(0640, "domain users"), {{55, "jobcenter", 4}}, 0);
  owned.acl_group_obj = 4;
  EXPECT_FALSE(posix_broad_read(owned, kOpenFolders, BroadGroups()));
}

TEST(Access, UnreadableOrCifsWithoutDescriptorSaysNothing) {
  AccessFacts facts;
  facts.file = entry(0644);
  facts.folders = std::make_shared<const std::vector<PosixPermissions>>(kOpenFolders);
  EXPECT_TRUE(broad_read_access(facts, BroadGroups()));
  facts.unreadable = "POSIX ACL: Permission denied";
  EXPECT_FALSE(broad_read_access(facts, BroadGroups()));
  facts.unreadable.reset();
  facts.cifs = true;  // the mode bits of a CIFS mount mean nothing
  EXPECT_FALSE(broad_read_access(facts, BroadGroups()));
}

}  // namespace
}  // namespace datavagt::policy
