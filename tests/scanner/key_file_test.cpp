#include "scanner/key_file.h"

#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <functional>

#include "tests/support/temp_dir.h"

namespace datavagt {
namespace {

using testing::TempDir;

constexpr gid_t kNogroup = 65534;

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += x + "\n";
  return s;
}

mode_t mode_of(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

// Locations in `t` only: the tests never touch /var/lib or the real home folder.
KeyLocations locations(const TempDir& t, std::string group = "no-such-group-for-datavagt") {
  KeyLocations w;
  w.installation = t / "lib/datavagt/fingerprint.key";
  w.per_user = t / "home/.local/share/datavagt/fingerprint.key";
  w.group = std::move(group);
  return w;
}

// Runs `body` in a child that has dropped to nobody (root can read everything, so permission cases need
// it); the child's exit status tells whether `body` returned true.
bool as_nobody(const std::function<bool()>& body) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (::geteuid() == 0) {
      ::setgroups(0, nullptr);
      if (::setgid(65534) != 0 || ::setuid(65534) != 0) _exit(3);
    }
    _exit(body() ? 0 : 1);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

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
  EXPECT_FALSE(load_key(t / "none", locations(t)).ok());  // --key-file is never replaced by another key
  EXPECT_FALSE(load_key(t.write("empty", ""), locations(t)).ok());
}

TEST(KeyFile, ShortOrOpenKeysAreUsedWithAWarning) {
  TempDir t;
  const std::string good = t.write("good", std::string(32, 'k'));
  ASSERT_EQ(::chmod(good.c_str(), 0600), 0);
  auto k = load_key(good, locations(t));
  ASSERT_TRUE(k.ok());
  EXPECT_TRUE(k->warnings.empty()) << joined(k->warnings);

  const std::string short_key = t.write("short", "hemmelig");
  ASSERT_EQ(::chmod(short_key.c_str(), 0600), 0);
  k = load_key(short_key, locations(t));
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(k->bytes, "hemmelig");
  ASSERT_EQ(k->warnings.size(), 1u);
  EXPECT_NE(k->warnings[0].find("only 8 bytes"), std::string::npos) << k->warnings[0];

  ASSERT_EQ(::chmod(good.c_str(), 0644), 0);
  k = load_key(good, locations(t));
  ASSERT_TRUE(k.ok());
  ASSERT_EQ(k->warnings.size(), 1u);
  EXPECT_NE(k->warnings[0].find("readable by others (mode 0644)"), std::string::npos) << k->warnings[0];
  ASSERT_EQ(::chmod(good.c_str(), 0640), 0);  // a group may read it: that is how it is shared
  EXPECT_TRUE(load_key(good, locations(t))->warnings.empty());
}

TEST(KeyFile, InstallationKeyIsCreatedOncePrivateAndReused) {
  TempDir t;
  const KeyLocations w = locations(t);
  auto a = load_key("", w);
  ASSERT_TRUE(a.ok()) << a.problem().detail;
  EXPECT_EQ(a->bytes.size(), kNewKeyBytes);
  EXPECT_EQ(a->path, w.installation);
  EXPECT_TRUE(a->created);
  EXPECT_FALSE(a->per_user);
  EXPECT_TRUE(a->warnings.empty()) << joined(a->warnings);
  EXPECT_EQ(mode_of(w.installation), 0600u);  // no such group: private to the owner
  EXPECT_EQ(mode_of(t / "lib/datavagt"), 0700u);
  auto b = load_key("", w);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(a->bytes, b->bytes);
  EXPECT_FALSE(b->created);
  // Only looking (key-id) never creates one.
  TempDir u;
  EXPECT_FALSE(load_key("", locations(u), false).ok());
  EXPECT_NE(::access((u / "lib/datavagt/fingerprint.key").c_str(), F_OK), 0);
}

TEST(KeyFile, InstallationKeyIsSharedWithItsGroupWhenTheGroupExists) {
  TempDir t;
  const KeyLocations w = locations(t, "nogroup");
  auto k = load_key("", w);
  ASSERT_TRUE(k.ok()) << k.problem().detail;
  EXPECT_EQ(mode_of(w.installation), 0640u);
  EXPECT_EQ(mode_of(t / "lib/datavagt"), 0750u);
  struct stat st {};
  ASSERT_EQ(::stat(w.installation.c_str(), &st), 0);
  EXPECT_EQ(st.st_gid, kNogroup);
  // A member of the group (here: nobody, whose group it is) reads the same key: the DPO matches IT's scans.
  const std::string expected = k->bytes;
  EXPECT_TRUE(as_nobody([&] {
    auto mine = load_key("", w);
    return mine.ok() && !mine->per_user && mine->bytes == expected && mine->warnings.empty();
  }));
}

TEST(KeyFile, WithoutTheInstallationKeyAUserGetsHerOwnKeyAndAWarning) {
  TempDir t;
  KeyLocations w = locations(t);
  ASSERT_TRUE(load_key("", w).ok());  // root made the installation key, 0600: nobody cannot read it
  t.mkdir("home");
  ASSERT_EQ(::chown((t / "home").c_str(), 65534, kNogroup), 0);
  EXPECT_TRUE(as_nobody([&] {
    auto mine = load_key("", w);
    return mine.ok() && mine->per_user && mine->path == w.per_user && mine->warnings.size() == 1 &&
           mine->warnings[0].find("cannot read the installation key") != std::string::npos &&
           mine->warnings[0].find("will not match the DPO's") != std::string::npos;
  }));
  EXPECT_EQ(mode_of(w.per_user), 0600u);

  // No installation key yet, and nobody may create one: her own key, and how IT makes the shared one.
  TempDir u;
  w = locations(u);
  u.mkdir("lib");
  u.mkdir("home");
  ASSERT_EQ(::chown((u / "home").c_str(), 65534, kNogroup), 0);
  EXPECT_TRUE(as_nobody([&] {
    auto mine = load_key("", w);
    return mine.ok() && mine->per_user && mine->warnings.size() == 1 &&
           mine->warnings[0].find("datavagt keygen " + w.installation) != std::string::npos;
  }));
  EXPECT_NE(::access(w.installation.c_str(), F_OK), 0);
  // Without a home folder either, there is no key at all.
  w.per_user.clear();
  EXPECT_TRUE(as_nobody([&] { return !load_key("", w).ok(); }));
}

TEST(KeyFile, KeygenMakesAPrivateRandomKeyAndNeverOverwrites) {
  TempDir t;
  const std::string p = t / "keys/fingerprint.key";
  auto a = make_key_file(p);
  ASSERT_TRUE(a.ok()) << a.problem().detail;
  EXPECT_EQ(a->size(), kNewKeyBytes);
  EXPECT_EQ(testing::read_file(p), *a);
  EXPECT_EQ(mode_of(p), 0600u);
  auto again = make_key_file(p);
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.problem().detail.find("never overwritten"), std::string::npos);
  EXPECT_EQ(testing::read_file(p), *a);
  auto b = make_key_file(t / "other.key");
  ASSERT_TRUE(b.ok());
  EXPECT_NE(*a, *b);  // random, not derived from anything
}

TEST(KeyFile, KeygenWithAGroup) {
  TempDir t;
  const std::string p = t / "shared/fingerprint.key";
  ASSERT_TRUE(make_key_file(p, "nogroup").ok());
  EXPECT_EQ(mode_of(p), 0640u);
  EXPECT_EQ(mode_of(t / "shared"), 0750u);
  struct stat st {};
  ASSERT_EQ(::stat(p.c_str(), &st), 0);
  EXPECT_EQ(st.st_gid, kNogroup);
  auto unknown = make_key_file(t / "x.key", "no-such-group-for-datavagt");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.problem().detail.find("no group"), std::string::npos);
  EXPECT_NE(::access((t / "x.key").c_str(), F_OK), 0);
}

}  // namespace
}  // namespace datavagt
