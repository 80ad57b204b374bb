// The facts the policy reads from the file system (scanner/policy/access_probe.h), on real files made in the
// test: modes, POSIX ACLs written with libacl, folders on the way, owners; and the CIFS path with the NT
// descriptor in an extended attribute of the test's choosing (a real CIFS mount is checked by hand: README).
#include "scanner/policy/access_probe.h"

#include <acl/libacl.h>
#include <sys/acl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <gtest/gtest.h>

#include "scanner/policy/access_check.h"
#include "scanner/policy/policy_file.h"
#include "tests/scanner/policy/nt_descriptor_bytes.h"
#include "tests/support/temp_dir.h"

namespace datavagt::policy {
namespace {

using testing::TempDir;

constexpr gid_t kDaemonGid = 1;  // "daemon" in every Debian /etc/group

Policy policy(std::string_view toml) {
  auto p = parse_policy(toml, "p.toml");
  EXPECT_TRUE(p) << (p ? "" : p.problem().detail);
  return p ? std::move(*p) : Policy{};
}

// The file as a scan sees it: its path, mode and owner (the scan's fstat).
ItemInfo scanned(const std::string& path) {
  ItemInfo info;
  info.location.path = path;
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    info.mode = st.st_mode & 07777;
    info.owner_uid = st.st_uid;
  }
  return info;
}

// Sets `path`'s access ACL from its text form ("u::rw-,g::r--,g:daemon:r--,m::r--,o::---").
void set_acl(const std::string& path, const char* text) {
  acl_t acl = ::acl_from_text(text);
  ASSERT_NE(acl, nullptr) << text;
  ASSERT_EQ(::acl_set_file(path.c_str(), ACL_TYPE_ACCESS, acl), 0) << text << ": " << std::strerror(errno);
  ::acl_free(acl);
}

class AccessProbeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(::chmod(t_.path().c_str(), 0755), 0);  // mkdtemp makes it 0700: nothing in it would be reachable
    file_ = t_.write("share/Jobcenter/sag.txt", "CPR-nr.: 150643-1006\n");
    ASSERT_EQ(::chmod((t_ / "share").c_str(), 0755), 0);
    ASSERT_EQ(::chmod((t_ / "share/Jobcenter").c_str(), 0755), 0);
  }

  std::optional<std::string> who_reads(const Policy& p = Policy{}) {
    OwnerNames names(&p, "");
    AccessProbe probe(names);
    const FileFacts facts = probe.probe(scanned(file_), true);
    EXPECT_FALSE(facts.access.unreadable) << *facts.access.unreadable;
    return broad_read_access(facts.access, BroadGroups(p));
  }

  TempDir t_;
  std::string file_;
};

TEST_F(AccessProbeTest, ModeAndEveryFolderUpToTheRoot) {
  ASSERT_EQ(::chmod(file_.c_str(), 0644), 0);
  EXPECT_EQ(who_reads(), "readable by Everyone");
  ASSERT_EQ(::chmod(file_.c_str(), 0640), 0);
  EXPECT_FALSE(who_reads());
  ASSERT_EQ(::chmod(file_.c_str(), 0644), 0);
  ASSERT_EQ(::chmod((t_ / "share").c_str(), 0750), 0);  // a folder on the way closes it off
  EXPECT_FALSE(who_reads());
  ASSERT_EQ(::chmod((t_ / "share").c_str(), 0711), 0);  // search is enough
  EXPECT_EQ(who_reads(), "readable by Everyone");
}

TEST_F(AccessProbeTest, PosixAclNamedGroupWithTheMask) {
  const Policy p = policy("[misplaced]\nbroad_groups = [\"daemon\"]\n");
  ASSERT_EQ(::chmod(file_.c_str(), 0600), 0);
  set_acl(file_, "u::rw-,g::---,g:daemon:r--,m::r--,o::---");
  EXPECT_EQ(who_reads(p), "readable by group daemon");
  EXPECT_FALSE(who_reads());  // daemon is not broad unless the policy says so
  set_acl(file_, "u::rw-,g::---,g:daemon:r--,m::---,o::---");  // the mask takes the read away
  EXPECT_FALSE(who_reads(p));
  // The group may read the file, but a folder lets neither it nor 'other' through …
  set_acl(file_, "u::rw-,g::---,g:daemon:r--,m::r--,o::---");
  set_acl(t_ / "share", "u::rwx,g::r-x,o::---");
  EXPECT_FALSE(who_reads(p));
  // … until the folder grants the group search.
  set_acl(t_ / "share", "u::rwx,g::r-x,g:daemon:--x,m::r-x,o::---");
  EXPECT_EQ(who_reads(p), "readable by group daemon");
}

TEST_F(AccessProbeTest, OwningGroupThatIsBroad) {
  ASSERT_EQ(::chown(file_.c_str(), 0, kDaemonGid), 0);
  ASSERT_EQ(::chmod(file_.c_str(), 0640), 0);
  EXPECT_EQ(who_reads(policy("[misplaced]\nbroad_groups = [\"daemon\"]\n")), "readable by group daemon");
  ASSERT_EQ(::chmod(file_.c_str(), 0600), 0);
  EXPECT_FALSE(who_reads(policy("[misplaced]\nbroad_groups = [\"daemon\"]\n")));
}

TEST_F(AccessProbeTest, OwnerByName) {
  OwnerNames names(nullptr, "");
  AccessProbe probe(names);
  ASSERT_EQ(::chown(file_.c_str(), 1, 1), 0);
  EXPECT_EQ(probe.probe(scanned(file_), false).owner, "daemon");
  ASSERT_EQ(::chown(file_.c_str(), 54321, 54321), 0);
  EXPECT_EQ(probe.probe(scanned(file_), false).owner, "uid 54321");
}

TEST_F(AccessProbeTest, FolderFactsAreReadOncePerScan) {
  OwnerNames names(nullptr, "");
  AccessProbe probe(names);
  ASSERT_EQ(::chmod(file_.c_str(), 0644), 0);
  EXPECT_TRUE(broad_read_access(probe.probe(scanned(file_), true).access, BroadGroups()));
  // The folders are cached for the scan: a change during it shows in the next scan, not this one.
  ASSERT_EQ(::chmod((t_ / "share").c_str(), 0700), 0);
  EXPECT_TRUE(broad_read_access(probe.probe(scanned(file_), true).access, BroadGroups()));
  AccessProbe next_scan(names);
  EXPECT_FALSE(broad_read_access(next_scan.probe(scanned(file_), true).access, BroadGroups()));
}

// What the scan saw settles most files without a system call; where the group and ACL must be read, a file
// gone since, or a symlink put in its place, leaves it unjudged, not wrong.
TEST_F(AccessProbeTest, AFileGoneOrReplacedSinceTheScanIsUnreadable) {
  OwnerNames names(nullptr, "");
  AccessProbe probe(names);
  ASSERT_EQ(::chmod(file_.c_str(), 0640), 0);  // the group may read: its group and ACL are asked for
  const ItemInfo as_scanned = scanned(file_);
  ASSERT_EQ(::rename(file_.c_str(), (t_ / "share/moved.txt").c_str()), 0);
  const FileFacts gone = probe.probe(as_scanned, true);
  ASSERT_TRUE(gone.access.unreadable);
  EXPECT_NE(gone.access.unreadable->find("No such file"), std::string::npos);
  EXPECT_EQ(gone.owner, "root");  // the owner the scan saw
  ASSERT_EQ(::symlink((t_ / "share/moved.txt").c_str(), file_.c_str()), 0);
  const FileFacts link = probe.probe(as_scanned, true);
  ASSERT_TRUE(link.access.unreadable);
  EXPECT_EQ(*link.access.unreadable, "no longer a regular file");
  EXPECT_FALSE(probe.probe(as_scanned, true, /*follow=*/true).access.unreadable);  // a root given as a symlink
  // Readable by 'other' through every folder: nothing broader to find, nothing asked.
  ItemInfo open_file = as_scanned;
  open_file.mode = 0644;
  const FileFacts open = probe.probe(open_file, true);
  EXPECT_FALSE(open.access.unreadable);
  EXPECT_EQ(broad_read_access(open.access, BroadGroups()), "readable by Everyone");
}

// The CIFS path, with the descriptor in a user extended attribute of this test's choosing instead of a CIFS
// mount's system.cifs_acl: the mode is ignored, the DACL decides, the owner is the descriptor's.
class CifsProbeTest : public AccessProbeTest {
 protected:
  static constexpr const char* kXattr = "user.datavagt_test_ntsd";
  ProbeOptions cifs() {
    ProbeOptions o;
    o.is_cifs = [](long) { return true; };
    o.nt_xattr = kXattr;
    return o;
  }
  void set_descriptor(const std::string& bytes) {
    ASSERT_EQ(::setxattr(file_.c_str(), kXattr, bytes.data(), bytes.size(), 0), 0) << std::strerror(errno);
  }
};

TEST_F(CifsProbeTest, TheDaclDecidesAndTheModeIsIgnored) {
  using namespace datavagt::testing;
  const Policy p = policy("[sids]\n\"S-1-5-21-1004336348-1177238915-682003330-1107\" = \"VESTERBY\\\\hholm\"\n");
  OwnerNames names(&p, "");
  AccessProbe probe(names, cifs());
  ASSERT_EQ(::chmod(file_.c_str(), 0600), 0);  // what the mount made up: meaningless
  set_descriptor(descriptor(domain_sid(1107), domain_sid(513),
                            std::vector<AceSpec>{{kAllowed, 0, kFullControl, domain_sid(1107)},
                                                 {kAllowed, 0, 0x1200A9, domain_sid(513)}}));
  FileFacts facts = probe.probe(scanned(file_), true);
  EXPECT_TRUE(facts.access.cifs);
  EXPECT_FALSE(facts.access.unreadable);
  EXPECT_EQ(facts.owner, "VESTERBY\\hholm");
  EXPECT_EQ(broad_read_access(facts.access, BroadGroups(p)), "readable by Domain Users");
  ASSERT_EQ(::chmod(file_.c_str(), 0644), 0);
  set_descriptor(descriptor(domain_sid(1107), "", std::vector<AceSpec>{{kAllowed, 0, kFullControl, domain_sid(1107)}}));
  EXPECT_FALSE(broad_read_access(probe.probe(scanned(file_), true).access, BroadGroups(p)));
}

TEST_F(CifsProbeTest, OwnerSidThroughWbinfoElseTheSid) {
  using namespace datavagt::testing;
  const std::string wbinfo = t_.write("bin/wbinfo",
                                      "#!/bin/sh\n[ \"$1\" = --sid-to-name ] || exit 1\n"
                                      "case \"$2\" in *-1107) echo 'VESTERBY\\hholm 1';; *) exit 1;; esac\n");
  ASSERT_EQ(::chmod(wbinfo.c_str(), 0755), 0);
  set_descriptor(descriptor(domain_sid(1107), "", std::vector<AceSpec>{}));
  OwnerNames with_wbinfo(nullptr, wbinfo);
  EXPECT_EQ(AccessProbe(with_wbinfo, cifs()).probe(scanned(file_), true).owner, "VESTERBY\\hholm");
  set_descriptor(descriptor(domain_sid(1108), "", std::vector<AceSpec>{}));
  EXPECT_EQ(AccessProbe(with_wbinfo, cifs()).probe(scanned(file_), true).owner, "S-1-5-21-1004336348-1177238915-682003330-1108");
  OwnerNames without(nullptr, "");
  EXPECT_EQ(AccessProbe(without, cifs()).probe(scanned(file_), true).owner, "S-1-5-21-1004336348-1177238915-682003330-1108");
}

TEST_F(CifsProbeTest, AMissingOrBrokenDescriptorIsUnreadable) {
  OwnerNames names(nullptr, "");
  AccessProbe probe(names, cifs());
  FileFacts facts = probe.probe(scanned(file_), true);
  ASSERT_TRUE(facts.access.unreadable);
  EXPECT_EQ(facts.access.unreadable->rfind(std::string(kXattr) + ": ", 0), 0u) << *facts.access.unreadable;
  EXPECT_FALSE(broad_read_access(facts.access, BroadGroups()));
  EXPECT_EQ(facts.owner, "root");  // the uid the mount reports, for want of the descriptor's owner
  set_descriptor(std::string("\x01\x00\x04\x80", 4));
  facts = probe.probe(scanned(file_), true);
  ASSERT_TRUE(facts.access.unreadable);
  EXPECT_NE(facts.access.unreadable->find("malformed NT security descriptor"), std::string::npos);
}

TEST(CifsFileSystem, MagicNumbers) {
  EXPECT_TRUE(is_cifs_file_system(0xFF534D42l));
  EXPECT_TRUE(is_cifs_file_system(static_cast<long>(static_cast<int>(0xFE534D42u))));  // negative in a 32-bit f_type
  EXPECT_TRUE(is_cifs_file_system(0x517B));
  EXPECT_FALSE(is_cifs_file_system(0xEF53));  // ext4
  EXPECT_FALSE(is_cifs_file_system(0x6969));  // NFS
}

}  // namespace
}  // namespace datavagt::policy
