#include "scanner/walk.h"

#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
#include <set>
#include <vector>

#include "scanner/policy/exclude_list.h"
#include "tests/support/temp_dir.h"

namespace datavagt {
namespace {

using testing::TempDir;

class Collect final : public WalkVisitor {
 public:
  void file(const std::string& path, bool) override {
    std::lock_guard l(m);
    files.insert(path);
  }
  void error(const std::string& path, Problem p, bool) override {
    std::lock_guard l(m);
    errors.emplace(path, p.kind);
  }
  std::mutex m;
  std::set<std::string> files;
  std::set<std::pair<std::string, ProblemKind>> errors;
};

TEST(Walk, EveryRegularFileOnce) {
  TempDir t;
  for (int d = 0; d < 5; ++d)
    for (int f = 0; f < 20; ++f) t.write('d' + std::to_string(d) + "/sub/f" + std::to_string(f) + ".txt", "x");
  Collect c;
  WalkCounts counts;
  walk({t.path()}, {}, c, counts);
  EXPECT_EQ(c.files.size(), 100u);
  EXPECT_TRUE(c.errors.empty());
}

TEST(Walk, SymlinksAreNotFollowedSoLoopsEnd) {
  TempDir t;
  t.write("a/file.txt", "x");
  ASSERT_EQ(::symlink("..", (t / "a/loop").c_str()), 0);
  ASSERT_EQ(::symlink(t.path().c_str(), (t / "a/root").c_str()), 0);
  ASSERT_EQ(::symlink("file.txt", (t / "a/alias.txt").c_str()), 0);
  ASSERT_EQ(::symlink("/nonexistent", (t / "a/dangling").c_str()), 0);
  Collect c;
  WalkCounts counts;
  walk({t.path()}, {}, c, counts);
  EXPECT_EQ(c.files, std::set<std::string>{t / "a/file.txt"});
  EXPECT_EQ(counts.symlinks.load(), 4u);
}

TEST(Walk, RootGivenAsSymlinkIsFollowed) {
  TempDir t;
  t.write("real/file.txt", "x");
  ASSERT_EQ(::symlink((t / "real").c_str(), (t / "link").c_str()), 0);
  Collect c;
  WalkCounts counts;
  walk({t / "link"}, {}, c, counts);
  EXPECT_EQ(c.files, std::set<std::string>{t / "link/file.txt"});
}

TEST(Walk, FifosAndSocketsAreNeverOpened) {
  TempDir t;
  t.write("a.txt", "x");
  ASSERT_EQ(::mkfifo((t / "pipe").c_str(), 0644), 0);
  Collect c;
  WalkCounts counts;
  walk({t.path()}, {}, c, counts);  // would hang if the FIFO were opened
  EXPECT_EQ(c.files.size(), 1u);
  EXPECT_EQ(counts.special.load(), 1u);
}

TEST(Walk, NonUtf8NamesAreKeptAsBytes) {
  TempDir t;
  const std::string name = "Ans\xF8gning.txt";  // latin-1 ø
  t.write(name, "x");
  Collect c;
  WalkCounts counts;
  walk({t.path()}, {}, c, counts);
  ASSERT_EQ(c.files.size(), 1u);
  EXPECT_EQ(*c.files.begin(), t / name);
}

TEST(Walk, MissingRootIsAnError) {
  TempDir t;
  Collect c;
  WalkCounts counts;
  walk({t / "nope"}, {}, c, counts);
  EXPECT_EQ(counts.unreadable_roots.load(), 1u);
  EXPECT_TRUE(c.errors.count({t / "nope", ProblemKind::NotFound}));
}

TEST(Walk, ExcludedFilesAreSkipped) {
  TempDir t;
  t.write("a.txt", "x");
  const std::string out = t.write("report.jsonl", "");
  struct stat st;
  ASSERT_EQ(::stat(out.c_str(), &st), 0);
  WalkOptions o;
  o.excluded.insert({st.st_dev, st.st_ino});
  Collect c;
  WalkCounts counts;
  walk({t.path()}, o, c, counts);
  EXPECT_EQ(c.files, std::set<std::string>{t / "a.txt"});
}

// Permission denied cannot happen to root: run the walk in a child that has dropped to nobody.
TEST(Walk, PermissionDeniedDirectoryIsReportedAndTheWalkGoesOn) {
  TempDir t;
  t.write("open/a.txt", "x");
  t.write("closed/secret.txt", "x");
  ASSERT_EQ(::chmod((t / "closed").c_str(), 0700), 0);
  if (::geteuid() != 0) {
    ASSERT_EQ(::chmod((t / "closed").c_str(), 0000), 0);
  }
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::close(fds[0]);
    if (::geteuid() == 0) {
      ::setgroups(0, nullptr);
      if (::setgid(65534) != 0 || ::setuid(65534) != 0) _exit(3);
    }
    Collect c;
    WalkCounts counts;
    walk({t.path()}, {}, c, counts);
    const bool ok = c.files.count(t / "open/a.txt") == 1 && c.files.size() == 1 &&
                    c.errors.count({t / "closed", ProblemKind::PermissionDenied}) == 1;
    _exit(ok ? 0 : 1);
  }
  ::close(fds[1]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(fds[0]);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace datavagt

namespace datavagt {
namespace {

// Excludes (--exclude, the policy's exclude): an excluded folder is not listed at all — the hook is never
// asked about anything inside it — and the roots themselves are never excluded.
TEST(Walk, ExcludedFoldersArePrunedNotListed) {
  TempDir t;
  t.write("share/a.txt", "x");
  t.write("share/b.bak", "x");
  t.write("share/~snapshot/hourly.0/a.txt", "x");
  t.write("share/$RECYCLE.BIN/S-1-5-21/a.txt", "x");
  t.write("share/Jobcenter/sag.txt", "x");
  auto excludes = policy::ExcludeList::make({}, {"**/~snapshot/**", "$RECYCLE.BIN", "*.bak"});
  ASSERT_TRUE(excludes);
  std::mutex m;
  std::vector<std::string> asked;
  WalkOptions options;
  options.exclude = [&](const std::string& path, bool folder) {
    std::lock_guard l(m);
    asked.push_back(path);
    return excludes->excludes(path, folder);
  };
  Collect c;
  WalkCounts counts;
  walk({t / "share"}, options, c, counts);
  EXPECT_EQ(c.files, (std::set<std::string>{t / "share/a.txt", t / "share/Jobcenter/sag.txt"}));
  EXPECT_EQ(counts.excluded.load(), 3u);  // two folders and one file
  for (const auto& p : asked) {
    EXPECT_EQ(p.find("hourly.0"), std::string::npos) << p;
    EXPECT_EQ(p.find("S-1-5-21"), std::string::npos) << p;
  }
  // A root is scanned even when a glob matches it (what is inside it is still checked: "**/~snapshot/**"
  // leaves nothing of a ~snapshot root, "$RECYCLE.BIN" only the folder itself).
  Collect root;
  WalkCounts root_counts;
  walk({t / "share/$RECYCLE.BIN"}, options, root, root_counts);
  EXPECT_EQ(root.files.size(), 1u);
}

}  // namespace
}  // namespace datavagt
