// An empty root that looks like a share not mounted. The system's own files are read by mount_facts() (an
// end-to-end test mounts for real, in a mount namespace of its own: tests/e2e/scan_run_test.cpp); here the
// parsing and the decision.
#include "scanner/mount_point.h"

#include <gtest/gtest.h>

namespace datavagt {
namespace {

TEST(MountPoint, FstabListsMountPointsWithTheirEscapes) {
  const std::string fstab =
      "# /etc/fstab: static file system information.\n"
      "UUID=1234 / ext4 errors=remount-ro 0 1\n"
      "//fil01/Jobcenter /srv/share/Jobcenter cifs credentials=/root/.smb,_netdev 0 0\n"
      "  # /srv/share/Kommenteret cifs\n"
      "//fil01/HR /srv/share/Personale\\040og\\040HR cifs _netdev 0 0\n"
      "/dev/sdb1\t/mnt/backup/\text4\tdefaults\t0\t2\n";
  EXPECT_TRUE(fstab_lists(fstab, "/srv/share/Jobcenter"));
  EXPECT_TRUE(fstab_lists(fstab, "/srv/share/Jobcenter/"));
  EXPECT_TRUE(fstab_lists(fstab, "/srv/share/Personale og HR"));
  EXPECT_TRUE(fstab_lists(fstab, "/mnt/backup"));
  EXPECT_TRUE(fstab_lists(fstab, "/"));
  EXPECT_FALSE(fstab_lists(fstab, "/srv/share/Kommenteret"));
  EXPECT_FALSE(fstab_lists(fstab, "/srv/share"));
  EXPECT_FALSE(fstab_lists(fstab, "/srv/share/Jobcenter/2024"));
  EXPECT_FALSE(fstab_lists("", "/srv/share/Jobcenter"));
}

TEST(MountPoint, MountinfoListsTheFifthField) {
  const std::string mountinfo =
      "21 26 0:20 / /proc rw,relatime - proc proc rw\n"
      "44 26 0:39 / /srv/del\\040to rw,relatime - tmpfs none rw\n";
  EXPECT_TRUE(mountinfo_lists(mountinfo, "/srv/del to"));
  EXPECT_TRUE(mountinfo_lists(mountinfo, "/proc"));
  EXPECT_FALSE(mountinfo_lists(mountinfo, "/"));  // field 4 is the root within the file system, not this
}

TEST(MountPoint, AnEmptyRootIsSuspiciousOnlyWhereSomethingShouldBeMounted) {
  EXPECT_FALSE(empty_root_note(MountFacts{}));  // an empty folder is just empty
  const auto unmounted = empty_root_note(MountFacts{false, false, true});
  ASSERT_TRUE(unmounted);
  EXPECT_NE(unmounted->find("/etc/fstab"), std::string::npos) << *unmounted;
  EXPECT_NE(unmounted->find("Nothing was scanned"), std::string::npos);
  const auto mounted_empty = empty_root_note(MountFacts{true, false, true});
  ASSERT_TRUE(mounted_empty);
  EXPECT_NE(mounted_empty->find("mounted here, but it holds nothing"), std::string::npos) << *mounted_empty;
  const auto automount = empty_root_note(MountFacts{false, true, false});
  ASSERT_TRUE(automount);
  EXPECT_NE(automount->find("autofs"), std::string::npos) << *automount;
}

}  // namespace
}  // namespace datavagt
