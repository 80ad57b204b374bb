// The private spool files (extractors/spool_file.h): in a 0700 directory of this user's, without a name while
// they are open (so a killed scan leaves nothing behind), readable through their descriptor and as
// /proc/self/fd/N; a directory someone else could read is refused.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <string>

#include "extractors/spool_file.h"
#include "tests/support/temp_dir.h"

namespace datavagt {
namespace {

using testing::TempDir;
using testing::TmpdirOverride;

std::string own_dir(const TempDir& t) { return t / ("datavagt-" + std::to_string(::geteuid())); }

TEST(SpoolFile, HasNoNameWhileOpenAndLeavesNothingBehind) {
  TempDir t;
  TmpdirOverride tmpdir(t.path());
  {
    auto spool = SpoolFile::create();
    ASSERT_TRUE(spool) << spool.problem().detail;
    ASSERT_TRUE(spool->append("abc"));
    ASSERT_TRUE(spool->append(std::string(100000, 'x')));
    EXPECT_EQ(spool->size(), 100003u);
    struct stat st;
    ASSERT_EQ(::stat(own_dir(t).c_str(), &st), 0);
    EXPECT_TRUE(S_ISDIR(st.st_mode));
    EXPECT_EQ(st.st_mode & 0777, 0700u);
    EXPECT_EQ(st.st_uid, ::geteuid());
    // Open and written, yet nothing in the directory: whatever kills this process, nothing remains.
    EXPECT_EQ(testing::files_below(t.path()), std::vector<std::string>{});
    ASSERT_EQ(::fstat(spool->fd(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    EXPECT_EQ(st.st_nlink, 0u);
    // Another process (the PST reader) opens it by the descriptor's name.
    const std::string name = "/proc/self/fd/" + std::to_string(spool->fd());
    const int again = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_GE(again, 0);
    char head[3];
    EXPECT_EQ(::pread(again, head, 3, 0), 3);
    EXPECT_EQ(std::string(head, 3), "abc");
    ::close(again);
  }
  EXPECT_EQ(testing::files_below(t.path()), std::vector<std::string>{});
}

TEST(SpoolFile, RefusesADirectoryOthersCanReadOrASymlink) {
  TempDir t;
  TmpdirOverride tmpdir(t.path());
  t.mkdir("datavagt-" + std::to_string(::geteuid()));
  ASSERT_EQ(::chmod(own_dir(t).c_str(), 0755), 0);
  auto open_to_others = SpoolFile::create();
  ASSERT_FALSE(open_to_others);
  EXPECT_EQ(open_to_others.problem().kind, ProblemKind::Internal);
  EXPECT_NE(open_to_others.problem().detail.find("0700"), std::string::npos);

  ASSERT_EQ(::rmdir(own_dir(t).c_str()), 0);
  t.mkdir("elsewhere");
  ASSERT_EQ(::chmod((t / "elsewhere").c_str(), 0700), 0);
  ASSERT_EQ(::symlink((t / "elsewhere").c_str(), own_dir(t).c_str()), 0);
  EXPECT_FALSE(SpoolFile::create());
}

}  // namespace
}  // namespace datavagt
