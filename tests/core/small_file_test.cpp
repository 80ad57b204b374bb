// Small files the user names (a key, a policy): read whole within their bound; a missing file, a folder, a
// FIFO where a regular file is wanted and one too large are failures of their own kind, never a hang.
#include "core/small_file.h"

#include <sys/stat.h>

#include <thread>

#include <gtest/gtest.h>

#include "tests/support/temp_dir.h"

namespace datavagt {
namespace {

TEST(SmallFile, ReadWholeUpToItsBound) {
  testing::TempDir t;
  const std::string path = t.write("policy.toml", std::string(100, 'x'));
  auto text = read_small_file(path, 100);
  ASSERT_TRUE(text) << text.problem().detail;
  EXPECT_EQ(*text, std::string(100, 'x'));
  EXPECT_EQ(*read_small_file(t.write("empty", ""), 100), "");

  auto large = read_small_file(path, 99);
  ASSERT_FALSE(large);
  EXPECT_EQ(large.problem().kind, ProblemKind::Limit);
}

TEST(SmallFile, MissingOrAFolderSaySo) {
  testing::TempDir t;
  auto missing = read_small_file(t / "none", 100);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.problem().kind, ProblemKind::Unreadable);
  EXPECT_EQ(missing.problem().detail, "No such file or directory");
  auto folder = read_small_file(t.path(), 100, Only::Any);
  ASSERT_FALSE(folder);
  EXPECT_EQ(folder.problem().detail, "Is a directory");
  EXPECT_EQ(read_small_file(t.path(), 100).problem().detail, "Is a directory");
}

TEST(SmallFile, AFifoIsRefusedWithoutBlockingOrReadWhenAnyWill) {
  testing::TempDir t;
  const std::string fifo = t / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto refused = read_small_file(fifo, 100);  // no writer: returns at once
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.problem().kind, ProblemKind::Unreadable);

  std::thread writer([&] { t.write("fifo", "key bytes"); });
  auto read = read_small_file(fifo, 100, Only::Any);
  writer.join();
  ASSERT_TRUE(read) << read.problem().detail;
  EXPECT_EQ(*read, "key bytes");
}

}  // namespace
}  // namespace datavagt
