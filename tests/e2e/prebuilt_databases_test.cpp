// The databases built into the datavagt program are the ones its scans ask for: a default scan and a
// `--kinds cpr` scan with an empty cache folder find what they should and leave the folder empty (they loaded
// the embedded databases; a miss would have compiled and stored them there), while a scan with a site
// dictionary, which no build can foresee, compiles and caches as before.
#include <dirent.h>

#include <gtest/gtest.h>

#include <string>

#include "tests/support/temp_dir.h"

namespace datavagt {
namespace {

using testing::run;
using testing::TempDir;

const std::string kBin = DATAVAGT_BIN;

std::string q(const std::string& s) { return "'" + s + "'"; }

std::size_t entries(const std::string& dir) {
  std::size_t n = 0;
  if (DIR* d = ::opendir(dir.c_str())) {
    while (const dirent* e = ::readdir(d))
      if (e->d_name[0] != '.') ++n;
    ::closedir(d);
  }
  return n;
}

TEST(PrebuiltDatabases, DefaultScansLoadTheEmbeddedDatabases) {
#ifndef DATAVAGT_PREBUILT_BUNDLE
  GTEST_SKIP() << "built with DATAVAGT_PREBUILT_DATABASES=OFF";
#else
  TempDir t;
  t.write("share/a.txt", "CPR-nr.: 150643-1006. Borgeren har depression.\n");
  t.write("key", "datavagt test key of 32 bytes..");
  t.write("health.txt", "lændesmerter\n");
  t.mkdir("cache");
  const std::string scan = "DATAVAGT_CACHE_DIR=" + q(t / "cache") + " " + kBin + " scan -q --no-progress --key-file " +
                           q(t / "key") + " --jsonl - " + q(t / "share");
  std::string out;
  EXPECT_EQ(run(scan + " 2>&1", &out), 1) << out;
  EXPECT_NE(out.find("\"kind\":\"cpr\""), std::string::npos) << out;
  EXPECT_NE(out.find("\"kind\":\"health\""), std::string::npos) << out;
  EXPECT_EQ(run(scan + " --kinds cpr 2>&1", &out), 1) << out;
  EXPECT_NE(out.find("\"kind\":\"cpr\""), std::string::npos) << out;
  EXPECT_EQ(entries(t / "cache"), 0u) << "a default scan compiled its patterns instead of loading the built-in ones";
  EXPECT_EQ(run(scan + " --terms " + q(t / "health.txt") + " 2>&1", &out), 1) << out;
  EXPECT_GT(entries(t / "cache"), 0u);  // the site's rule set: compiled and cached
#endif
}

}  // namespace
}  // namespace datavagt
