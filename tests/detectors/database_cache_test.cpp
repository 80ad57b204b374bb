// Compiled databases cached on disk: the second build loads what the first stored, finds the same, and a
// damaged or foreign cache file is ignored (compiled again), never trusted. The cache folder chain is made
// (mode 0700) when ~/.cache is missing; a missing or unwritable HOME only means no cache.
#include "detectors/database_cache.h"

#include <dirent.h>
#include <sys/stat.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/scan_text.h"
#include "tests/support/temp_dir.h"

namespace datavagt {
namespace {

std::vector<std::string> cache_files(const std::string& dir) {
  std::vector<std::string> out;
  if (DIR* d = ::opendir(dir.c_str())) {
    while (const dirent* e = ::readdir(d))
      if (e->d_name[0] != '.') out.push_back(dir + "/" + e->d_name);
    ::closedir(d);
  }
  return out;
}

RulesetConfig with_cache(const std::string& dir) {
  RulesetConfig c = RulesetConfig::site_only({{"health.txt", "depression*\n/D[A-Z][0-9]{2}\\.[0-9]/\n"}});
  c.cache_dir = dir;
  return c;
}

std::size_t health_hits(const Ruleset& rules) {
  std::size_t n = 0;
  for (const auto& f : testing::scan_with(rules, "Depressionen, DF32.1 og CPR 010190-1234 depression."))
    if (f.kind == FindingKind::Health) n += f.count;
  return n;
}

TEST(DatabaseCache, SecondBuildLoadsTheStoredDatabase) {
  testing::TempDir t;
  const std::string dir = t / "cache";
  auto first = Ruleset::build_default(with_cache(dir));
  ASSERT_TRUE(first.ok());
  // The rule set's stream database and the CPR context words' block database.
  const auto files = cache_files(dir);
  ASSERT_EQ(files.size(), 2u);
  for (const auto& f : files) {
    struct stat st;
    ASSERT_EQ(::stat(f.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
  }
  auto second = Ruleset::build_default(with_cache(dir));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(health_hits(*first.value()), 3u);
  EXPECT_EQ(health_hits(*second.value()), 3u);
  EXPECT_EQ(cache_files(dir).size(), 2u);
}

TEST(DatabaseCache, DifferentRulesGetDifferentKeys) {
  const std::string a = DatabaseCache::key({"abc"}, {0}, 1);
  EXPECT_NE(a, DatabaseCache::key({"abd"}, {0}, 1));
  EXPECT_NE(a, DatabaseCache::key({"abc"}, {1}, 1));
  EXPECT_NE(a, DatabaseCache::key({"abc"}, {0}, 2));
  EXPECT_NE(DatabaseCache::key({"ab", "c"}, {0, 0}, 1), DatabaseCache::key({"a", "bc"}, {0, 0}, 1));
  EXPECT_EQ(a, DatabaseCache::key({"abc"}, {0}, 1));
}

TEST(DatabaseCache, DamagedFileIsIgnored) {
  testing::TempDir t;
  const std::string dir = t / "cache";
  ASSERT_TRUE(Ruleset::build_default(with_cache(dir)).ok());
  const auto files = cache_files(dir);
  ASSERT_EQ(files.size(), 2u);
  for (const auto& f : files) t.write("cache/" + f.substr(f.rfind('/') + 1), "not a hyperscan database");
  auto again = Ruleset::build_default(with_cache(dir));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(health_hits(*again.value()), 3u);
}

// The environment variables default_dir() reads, set for one test and restored after it.
class CacheEnvironment {
 public:
  CacheEnvironment(const char* home, const char* xdg) {
    for (const char* name : kNames) {
      const char* v = std::getenv(name);
      saved_.emplace_back(name, v ? std::optional<std::string>(v) : std::nullopt);
      ::unsetenv(name);
    }
    if (home) ::setenv("HOME", home, 1);
    if (xdg) ::setenv("XDG_CACHE_HOME", xdg, 1);
  }
  ~CacheEnvironment() {
    for (const auto& [name, value] : saved_) value ? ::setenv(name, value->c_str(), 1) : ::unsetenv(name);
  }
  CacheEnvironment(const CacheEnvironment&) = delete;
  CacheEnvironment& operator=(const CacheEnvironment&) = delete;

 private:
  static constexpr const char* kNames[] = {"HOME", "XDG_CACHE_HOME", "DATAVAGT_CACHE_DIR"};
  std::vector<std::pair<const char*, std::optional<std::string>>> saved_;
};

mode_t mode_of(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 ? st.st_mode & 07777 : 0;
}

// A service user's HOME without ~/.cache: the second run must find the database the first stored.
TEST(DatabaseCache, MissingCacheFolderChainIsCreatedPrivate) {
  testing::TempDir t;
  t.mkdir("home");
  const CacheEnvironment env((t / "home").c_str(), nullptr);
  const std::string dir = DatabaseCache::default_dir();
  ASSERT_EQ(dir, t / "home/.cache/datavagt");
  ASSERT_TRUE(Ruleset::build_default(with_cache(dir)).ok());
  EXPECT_EQ(mode_of(t / "home/.cache"), 0700u);
  EXPECT_EQ(mode_of(dir), 0700u);
  EXPECT_EQ(cache_files(dir).size(), 2u);
  auto second = Ruleset::build_default(with_cache(dir));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(health_hits(*second.value()), 3u);
  EXPECT_EQ(cache_files(dir).size(), 2u);
}

TEST(DatabaseCache, ExistingCacheFolderKeepsItsMode) {
  testing::TempDir t;
  t.mkdir("home/.cache");
  ASSERT_EQ(::chmod((t / "home/.cache").c_str(), 0755), 0);
  const CacheEnvironment env((t / "home").c_str(), nullptr);
  ASSERT_TRUE(Ruleset::build_default(with_cache(DatabaseCache::default_dir())).ok());
  EXPECT_EQ(mode_of(t / "home/.cache"), 0755u);
  EXPECT_EQ(mode_of(t / "home/.cache/datavagt"), 0700u);
}

TEST(DatabaseCache, MissingHomeIsNotCreatedAndMeansNoCache) {
  testing::TempDir t;
  const std::string home = t / "nonexistent";
  const CacheEnvironment env(home.c_str(), nullptr);
  EXPECT_EQ(DatabaseCache::default_dir(), "");
  auto rules = Ruleset::build_default(with_cache(DatabaseCache::default_dir()));
  ASSERT_TRUE(rules.ok());
  EXPECT_EQ(health_hits(*rules.value()), 3u);
  EXPECT_EQ(mode_of(home), 0u);  // still not there
}

TEST(DatabaseCache, UnwritableHomeOnlyCostsTheCompile) {
  const CacheEnvironment env("/proc", nullptr);  // exists, and nobody may create folders in it
  const std::string dir = DatabaseCache::default_dir();
  EXPECT_EQ(dir, "/proc/.cache/datavagt");
  auto rules = Ruleset::build_default(with_cache(dir));
  ASSERT_TRUE(rules.ok());
  EXPECT_EQ(health_hits(*rules.value()), 3u);
  EXPECT_EQ(mode_of(dir), 0u);
}

TEST(DatabaseCache, XdgCacheHomeIsCreatedWhenMissing) {
  testing::TempDir t;
  const CacheEnvironment env(nullptr, (t / "xdg").c_str());
  const std::string dir = DatabaseCache::default_dir();
  ASSERT_EQ(dir, t / "xdg/datavagt");
  ASSERT_TRUE(Ruleset::build_default(with_cache(dir)).ok());
  EXPECT_EQ(mode_of(t / "xdg"), 0700u);
  EXPECT_EQ(cache_files(dir).size(), 2u);
}

TEST(DatabaseCache, UnwritableDirectoryOnlyCostsTheCompile) {
  auto rules = Ruleset::build_default(with_cache("/proc/datavagt-no-such-dir"));
  ASSERT_TRUE(rules.ok());
  EXPECT_EQ(health_hits(*rules.value()), 3u);
}

}  // namespace
}  // namespace datavagt
