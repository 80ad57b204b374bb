#include "scanner/key_file.h"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include "tests/support/temp_dir.h"

namespace datavagt {
namespace {

using testing::TempDir;

TEST(KeyFile, RawBytesAreTheKey) {
  TempDir t;
  const auto p = t.write("k", "secret\n");
  auto k = read_key_file(p);
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(*k, "secret\n");
}

TEST(KeyFile, MissingOrEmptyIsAnError) {
  TempDir t;
  EXPECT_FALSE(read_key_file(t / "none").ok());
  EXPECT_FALSE(read_key_file(t.write("empty", "")).ok());
}

TEST(KeyFile, CreatedOncePrivateAndReused) {
  TempDir t;
  const std::string p = t / "sub/dir/fingerprint.key";
  auto a = read_or_create_key(p);
  ASSERT_TRUE(a.ok()) << a.problem().detail;
  EXPECT_EQ(a->size(), 32u);
  struct stat st;
  ASSERT_EQ(::stat(p.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto b = read_or_create_key(p);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*a, *b);
}

}  // namespace
}  // namespace datavagt
