// The bundle of databases compiled at build time: records are found by key, a damaged bundle finds nothing
// (never a wrong slice), and the bundle the build wrote holds exactly the databases the default scans ask for
// (every kind, and `--kinds cpr`), under the keys a run on this machine computes.
#include "detectors/prebuilt_databases.h"

#include <dirent.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "detectors/registry.h"
#include "detectors/ruleset.h"
#include "tests/support/temp_dir.h"

namespace datavagt {
namespace {

std::string two_records() {
  std::string b;
  append_to_bundle(b, "aaaa", std::string("first\n\0bytes", 12));
  append_to_bundle(b, "bbbb", "second");
  return b;
}

TEST(PrebuiltDatabases, RecordsAreFoundByKey) {
  const std::string b = two_records();
  EXPECT_EQ(find_in_bundle(b, "aaaa"), std::string_view("first\n\0bytes", 12));
  EXPECT_EQ(find_in_bundle(b, "bbbb"), "second");
  EXPECT_TRUE(find_in_bundle(b, "cccc").empty());
  EXPECT_TRUE(find_in_bundle(b, "aaa").empty());
  EXPECT_TRUE(find_in_bundle({}, "aaaa").empty());
}

TEST(PrebuiltDatabases, DamagedBundleFindsNothing) {
  const std::string b = two_records();
  // Cut inside the second record: its size runs past the end.
  EXPECT_TRUE(find_in_bundle(std::string_view(b).substr(0, b.size() - 2), "bbbb").empty());
  EXPECT_EQ(find_in_bundle(std::string_view(b).substr(0, b.size() - 2), "aaaa").size(), 12u);
  EXPECT_TRUE(find_in_bundle("aaaa 12x\nfirst", "aaaa").empty());       // not a number
  EXPECT_TRUE(find_in_bundle("aaaa\n12 first", "aaaa").empty());        // no space before the line's end
  EXPECT_TRUE(find_in_bundle("aaaa 99999999999999999999999\n", "aaaa").empty());  // overflow
}

TEST(PrebuiltDatabases, TestProgramsEmbedNone) { EXPECT_TRUE(embedded_bundle().empty()); }

std::vector<std::string> stored_keys(const std::string& dir) {
  std::vector<std::string> keys;
  if (DIR* d = ::opendir(dir.c_str())) {
    while (const dirent* e = ::readdir(d)) {
      const std::string name = e->d_name;
      if (name.starts_with("hyperscan-") && name.ends_with(".db")) keys.push_back(name.substr(10, name.size() - 13));
    }
    ::closedir(d);
  }
  return keys;
}

TEST(PrebuiltDatabases, BuiltBundleHoldsTheDefaultRuleSets) {
#ifndef DATAVAGT_PREBUILT_BUNDLE
  GTEST_SKIP() << "built with DATAVAGT_PREBUILT_DATABASES=OFF";
#else
  std::ifstream in(DATAVAGT_PREBUILT_BUNDLE, std::ios::binary);
  ASSERT_TRUE(in) << DATAVAGT_PREBUILT_BUNDLE;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  const std::string bundle = bytes.str();
  // This test program has no bundle of its own: building the rule sets compiles them and stores them in the
  // cache folder under the keys a scan computes; each must be in the bundle.
  for (const auto& kinds : {std::vector<FindingKind>{}, kinds_chosen_with(FindingKind::Cpr)}) {
    testing::TempDir t;
    RulesetConfig config = RulesetConfig::only(kinds);
    config.cache_dir = t / "cache";
    ASSERT_TRUE(Ruleset::build_default(config).ok());
    const auto keys = stored_keys(config.cache_dir);
    ASSERT_EQ(keys.size(), 2u);  // the rule set's and the CPR context words'
    for (const auto& key : keys) EXPECT_FALSE(find_in_bundle(bundle, key).empty()) << key;
  }
#endif
}

}  // namespace
}  // namespace datavagt
