// Datavagt's own folders: the whole missing chain is made private (0700), existing folders keep their mode,
// and what cannot be made is reported, not papered over.
#include "core/private_directories.h"

#include <sys/stat.h>

#include <cerrno>

#include <gtest/gtest.h>

#include "tests/support/temp_dir.h"

namespace datavagt {
namespace {

mode_t mode_of(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 ? st.st_mode & 07777 : 0;
}

TEST(PrivateDirectories, MissingChainIsMadeWithMode0700) {
  testing::TempDir t;
  ASSERT_TRUE(make_private_directories(t / "home/.cache/datavagt"));
  EXPECT_EQ(mode_of(t / "home"), 0700u);
  EXPECT_EQ(mode_of(t / "home/.cache"), 0700u);
  EXPECT_EQ(mode_of(t / "home/.cache/datavagt"), 0700u);
  EXPECT_TRUE(make_private_directories(t / "home/.cache/datavagt"));  // again: nothing to do
}

TEST(PrivateDirectories, ExistingFoldersKeepTheirMode) {
  testing::TempDir t;
  t.mkdir("shared");
  ASSERT_EQ(::chmod((t / "shared").c_str(), 0755), 0);
  ASSERT_TRUE(make_private_directories(t / "shared//mine/"));
  EXPECT_EQ(mode_of(t / "shared"), 0755u);
  EXPECT_EQ(mode_of(t / "shared/mine"), 0700u);
}

TEST(PrivateDirectories, FileInTheWayOrNoPermissionIsAFailure) {
  testing::TempDir t;
  t.write("file", "x");
  EXPECT_FALSE(make_private_directories(t / "file"));
  EXPECT_EQ(errno, ENOTDIR);
  EXPECT_FALSE(make_private_directories(t / "file/below"));
  EXPECT_FALSE(make_private_directories("/proc/datavagt-test/cache"));
  EXPECT_FALSE(make_private_directories(""));
}

}  // namespace
}  // namespace datavagt
