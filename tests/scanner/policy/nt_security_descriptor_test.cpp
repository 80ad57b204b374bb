// The NT security descriptor parser and the read check on it (scanner/policy/nt_security_descriptor.h,
// access_check.h), on descriptors written byte by byte (nt_descriptor_bytes.h): the cases a CIFS share
// hands out, and damaged bytes.
#include "scanner/policy/nt_security_descriptor.h"

#include <gtest/gtest.h>

#include "scanner/policy/access_check.h"
#include "scanner/policy/policy_file.h"
#include "tests/scanner/policy/nt_descriptor_bytes.h"

namespace datavagt::policy {
namespace {

using namespace datavagt::testing;

const std::string kOwner = domain_sid(1107);
const std::string kGroup = domain_sid(513);
const std::string kAdmins = sid_bytes(5, {32, 544});

SecurityDescriptor parse(const std::string& bytes) {
  std::string error;
  auto sd = parse_security_descriptor(bytes, &error);
  EXPECT_TRUE(sd) << error;
  return sd ? *sd : SecurityDescriptor{};
}

std::optional<std::string> who_reads(const std::string& bytes, const BroadGroups& groups = BroadGroups()) {
  return nt_broad_read(parse(bytes), groups);
}

TEST(NtSecurityDescriptor, OwnerGroupAndAces) {
  const auto sd = parse(descriptor(kOwner, kGroup,
                                   std::vector<AceSpec>{{kAllowed, 0, kFullControl, kAdmins},
                                                        {kDenied, kObjectInherit, kFileWriteData, everyone()}}));
  ASSERT_TRUE(sd.owner);
  EXPECT_EQ(sd.owner->to_string(), "S-1-5-21-1004336348-1177238915-682003330-1107");
  EXPECT_EQ(sd.group->to_string(), "S-1-5-21-1004336348-1177238915-682003330-513");
  EXPECT_FALSE(sd.null_dacl);
  ASSERT_EQ(sd.dacl.size(), 2u);
  EXPECT_EQ(sd.dacl[0].type, AceType::Allow);
  EXPECT_EQ(sd.dacl[0].mask, kFullControl);
  EXPECT_EQ(sd.dacl[0].sid.to_string(), "S-1-5-32-544");
  EXPECT_EQ(sd.dacl[1].type, AceType::Deny);
  EXPECT_EQ(sd.dacl[1].flags, kObjectInherit);
}

TEST(NtSecurityDescriptor, EveryoneRead) {
  EXPECT_EQ(who_reads(descriptor(kOwner, kGroup,
                                 std::vector<AceSpec>{{kAllowed, 0, kFullControl, kAdmins},
                                                      {kAllowed, 0, kFileReadData, everyone()}})),
            "readable by Everyone");
  EXPECT_EQ(who_reads(descriptor(kOwner, kGroup, std::vector<AceSpec>{{kAllowed, 0, kGenericRead, everyone()}})),
            "readable by Everyone");
}

TEST(NtSecurityDescriptor, AuthenticatedUsersAndBuiltinUsersRead) {
  EXPECT_EQ(who_reads(descriptor(kOwner, kGroup, std::vector<AceSpec>{{kAllowed, 0, 0x1200A9, authenticated_users()}})),
            "readable by Authenticated Users");
  EXPECT_EQ(who_reads(descriptor(kOwner, kGroup, std::vector<AceSpec>{{kAllowed, 0, 0x1200A9, builtin_users()}})),
            "readable by Users");
}

TEST(NtSecurityDescriptor, DomainUsersRead) {
  EXPECT_EQ(who_reads(descriptor(kOwner, kGroup,
                                 std::vector<AceSpec>{{kAllowed, 0, kFullControl, kOwner},
                                                      {kAllowed, 0, 0x1200A9, domain_sid(513)}})),
            "readable by Domain Users");
  // Another domain's Domain Users too.
  EXPECT_EQ(who_reads(descriptor(kOwner, kGroup, std::vector<AceSpec>{{kAllowed, 0, 0x1200A9, sid_bytes(5, {21, 7, 8, 9, 513})}})),
            "readable by Domain Users");
}

TEST(NtSecurityDescriptor, OnlyNamedPeopleRead) {
  EXPECT_FALSE(who_reads(descriptor(kOwner, kGroup,
                                    std::vector<AceSpec>{{kAllowed, 0, kFullControl, kOwner},
                                                         {kAllowed, 0, kFullControl, kAdmins},
                                                         {kAllowed, 0, 0x1200A9, domain_sid(4242)}})));
  // Everyone may write but not read: not "readable".
  EXPECT_FALSE(who_reads(descriptor(kOwner, kGroup, std::vector<AceSpec>{{kAllowed, 0, kFileWriteData, everyone()}})));
}

TEST(NtSecurityDescriptor, DenyBeforeAllowWins) {
  EXPECT_FALSE(who_reads(descriptor(kOwner, kGroup,
                                    std::vector<AceSpec>{{kDenied, 0, kFileReadData, everyone()},
                                                         {kAllowed, 0, kFullControl, everyone()}})));
  // The other way round, the ALLOW decides first (Windows reads ACEs in order).
  EXPECT_EQ(who_reads(descriptor(kOwner, kGroup,
                                 std::vector<AceSpec>{{kAllowed, 0, kFullControl, everyone()},
                                                      {kDenied, 0, kFileReadData, everyone()}})),
            "readable by Everyone");
  // Domain Users denied before Everyone is allowed: a guest outside the domain still reads (Everyone), a
  // domain member does not.
  EXPECT_EQ(who_reads(descriptor(kOwner, kGroup,
                                 std::vector<AceSpec>{{kDenied, 0, kFileReadData, domain_sid(513)},
                                                      {kAllowed, 0, kFileReadData, everyone()}})),
            "readable by Everyone");
  // A DENY of writing does not stop reading.
  EXPECT_EQ(who_reads(descriptor(kOwner, kGroup,
                                 std::vector<AceSpec>{{kDenied, 0, kFileWriteData, everyone()},
                                                      {kAllowed, 0, kFileReadData, domain_sid(513)}})),
            "readable by Domain Users");
}

TEST(NtSecurityDescriptor, InheritOnlyAcesDoNotApplyToTheFile) {
  EXPECT_FALSE(who_reads(descriptor(kOwner, kGroup,
                                    std::vector<AceSpec>{{kAllowed, kInheritOnly | kObjectInherit, kFullControl, everyone()},
                                                         {kAllowed, 0, kFullControl, kOwner}})));
  // An inherit-only DENY does not hide an ALLOW either.
  EXPECT_EQ(who_reads(descriptor(kOwner, kGroup,
                                 std::vector<AceSpec>{{kDenied, kInheritOnly | kContainerInherit, kFileReadData, everyone()},
                                                      {kAllowed, 0, kFileReadData, everyone()}})),
            "readable by Everyone");
}

TEST(NtSecurityDescriptor, NullDaclIsEveryoneEmptyDaclIsNoOne) {
  const auto null_dacl = parse(descriptor(kOwner, kGroup, std::nullopt));
  EXPECT_TRUE(null_dacl.null_dacl);
  EXPECT_EQ(nt_broad_read(null_dacl, BroadGroups()), "readable by Everyone");
  // DACL-present with a zero offset is a NULL DACL as well.
  std::string present_no_offset = descriptor(kOwner, kGroup, std::nullopt);
  present_no_offset[2] = static_cast<char>(present_no_offset[2] | 0x04);
  EXPECT_TRUE(parse(present_no_offset).null_dacl);
  const auto empty = parse(descriptor(kOwner, kGroup, std::vector<AceSpec>{}));
  EXPECT_FALSE(empty.null_dacl);
  EXPECT_TRUE(empty.dacl.empty());
  EXPECT_FALSE(nt_broad_read(empty, BroadGroups()));
}

TEST(NtSecurityDescriptor, AConfiguredBroadGroup) {
  auto p = parse_policy(R"(
[misplaced]
broad_groups = ["Alle medarbejdere", "S-1-5-21-1004336348-1177238915-682003330-2001"]
[sids]
"S-1-5-21-1004336348-1177238915-682003330-2000" = "VESTERBY\\Alle medarbejdere"
"S-1-5-21-1004336348-1177238915-682003330-2001" = "Jobcenter alle"
)",
                        "p.toml");
  ASSERT_TRUE(p) << p.problem().detail;
  const BroadGroups groups(*p);
  EXPECT_EQ(who_reads(descriptor(kOwner, kGroup, std::vector<AceSpec>{{kAllowed, 0, 0x1200A9, domain_sid(2000)}}), groups),
            "readable by VESTERBY\\Alle medarbejdere");
  EXPECT_EQ(who_reads(descriptor(kOwner, kGroup, std::vector<AceSpec>{{kAllowed, 0, 0x1200A9, domain_sid(2001)}}), groups),
            "readable by Jobcenter alle");
  EXPECT_FALSE(who_reads(descriptor(kOwner, kGroup, std::vector<AceSpec>{{kAllowed, 0, 0x1200A9, domain_sid(2000)}})));
}

TEST(NtSecurityDescriptor, OtherAceTypesAreSkipped) {
  std::string audit = descriptor(kOwner, kGroup, std::vector<AceSpec>{{kAudit, 0, kFullControl, everyone()},
                                                                      {kAllowed, 0, kFileReadData, kOwner}});
  const auto sd = parse(audit);
  ASSERT_EQ(sd.dacl.size(), 2u);
  EXPECT_EQ(sd.dacl[0].type, AceType::Other);
  EXPECT_FALSE(nt_broad_read(sd, BroadGroups()));
}

TEST(NtSecurityDescriptor, TruncatedBytesAreErrorsAtEveryLength) {
  const std::string whole = descriptor(kOwner, kGroup,
                                       std::vector<AceSpec>{{kAllowed, 0, kFullControl, kAdmins},
                                                            {kAllowed, 0, kFileReadData, everyone()}});
  for (std::size_t n = 0; n < whole.size(); ++n) {
    std::string error;
    const auto sd = parse_security_descriptor(whole.substr(0, n), &error);
    EXPECT_FALSE(sd) << n;
    EXPECT_FALSE(error.empty()) << n;
  }
  std::string error;
  EXPECT_TRUE(parse_security_descriptor(whole, &error));
}

TEST(NtSecurityDescriptor, MalformedFieldsAreErrors) {
  const std::string good = descriptor(kOwner, kGroup, std::vector<AceSpec>{{kAllowed, 0, kFileReadData, everyone()}});
  std::string error;
  std::string bad = good;
  bad[0] = 2;  // revision
  EXPECT_FALSE(parse_security_descriptor(bad, &error));
  EXPECT_NE(error.find("revision 2"), std::string::npos);
  bad = good;
  patch32(bad, 4, 0xFFFFFFF0u);  // owner far outside
  EXPECT_FALSE(parse_security_descriptor(bad, &error));
  EXPECT_NE(error.find("owner SID"), std::string::npos);
  bad = good;
  bad[20 + 2] = static_cast<char>(0xFF);  // ACL size larger than the descriptor
  bad[20 + 3] = static_cast<char>(0xFF);
  EXPECT_FALSE(parse_security_descriptor(bad, &error));
  EXPECT_NE(error.find("does not fit"), std::string::npos);
  bad = good;
  bad[20 + 4] = 9;  // 9 ACEs announced, one present
  EXPECT_FALSE(parse_security_descriptor(bad, &error));
  EXPECT_NE(error.find("truncated ACE 2 of 9"), std::string::npos);
  bad = good;
  bad[20 + 8 + 2] = 2;  // ACE size 2: smaller than its header
  EXPECT_FALSE(parse_security_descriptor(bad, &error));
  bad = good;
  bad[20 + 8 + 8 + 1] = 16;  // the ACE's SID claims 16 sub-authorities
  EXPECT_FALSE(parse_security_descriptor(bad, &error));
  EXPECT_NE(error.find("malformed ACE 1"), std::string::npos);
}

TEST(Sid, TextRoundTrip) {
  for (const char* text : {"S-1-1-0", "S-1-5-11", "S-1-5-32-545", "S-1-5-21-1004336348-1177238915-682003330-513"}) {
    auto s = Sid::parse(text);
    ASSERT_TRUE(s) << text;
    EXPECT_EQ(s->to_string(), text);
  }
  EXPECT_EQ(Sid::parse("s-1-0x5-11")->to_string(), "S-1-5-11");
  EXPECT_TRUE(is_domain_users(*Sid::parse("S-1-5-21-1-2-3-513")));
  EXPECT_FALSE(is_domain_users(*Sid::parse("S-1-5-21-1-2-3-512")));
  for (const char* bad : {"", "S-1", "S-2-5-11", "S-1-5-", "S-1-x-1", "X-1-5-11", "S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16",
                          "S-1-5-4294967296"})
    EXPECT_FALSE(Sid::parse(bad)) << bad;
}

}  // namespace
}  // namespace datavagt::policy
