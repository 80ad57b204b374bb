// The policy file (scanner/policy/policy_file.h): the issue's example as written, the shipped example, and
// every kind of mistake — each with the file, line and column in its message.
#include "scanner/policy/policy_file.h"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include "scanner/policy/match_text.h"
#include "tests/support/temp_dir.h"

namespace datavagt::policy {
namespace {

using testing::TempDir;

Policy parse_ok(std::string_view text) {
  auto p = parse_policy(text, "policy.toml");
  EXPECT_TRUE(p) << (p ? "" : p.problem().detail);
  return p ? std::move(*p) : Policy{};
}

std::string error_of(std::string_view text) {
  auto p = parse_policy(text, "policy.toml");
  EXPECT_FALSE(p) << text;
  return p ? "" : p.problem().detail;
}

TEST(PolicyFile, TheIssuesExampleAsWritten) {
  const Policy p = parse_ok(R"(
[retention]
default_days = 1825            # data older than this is overdue
[[retention.rule]]             # first matching rule wins
glob = "share/Jobcenter/**"
days = 1095
[misplaced]
forbid = ["share/Fælles/**"]   # personal data must never be here
world_readable = true          # flag files that 'other' can read (and reach through the directories)
)");
  ASSERT_TRUE(p.default_days);
  EXPECT_EQ(*p.default_days, 1825);
  ASSERT_EQ(p.retention.size(), 1u);
  EXPECT_EQ(p.retention[0].days, 1095);
  ASSERT_EQ(p.retention[0].globs.size(), 1u);
  EXPECT_EQ(p.retention[0].globs[0].pattern(), "share/Jobcenter/**");
  ASSERT_EQ(p.forbid.size(), 1u);
  EXPECT_TRUE(p.forbid[0].matches(match_path("share/Fælles/referat.txt")));
  EXPECT_TRUE(p.world_readable);
  EXPECT_EQ(p.source, "policy.toml");
}

TEST(PolicyFile, TheShippedExampleParsesWithEverySection) {
  auto p = read_policy_file(std::string(DATAVAGT_SOURCE_DIR) + "/policy.example.toml");
  ASSERT_TRUE(p) << p.problem().detail;
  EXPECT_TRUE(p->default_days);
  EXPECT_GE(p->retention.size(), 1u);
  EXPECT_GE(p->mail_folders.size(), 1u);
  EXPECT_GE(p->forbid.size(), 1u);
  EXPECT_GE(p->broad_groups.size(), 1u);
  EXPECT_GE(p->departments.size(), 2u);
  EXPECT_GE(p->sid_names.size(), 1u);
  EXPECT_GE(p->exclude.size(), 3u);
  EXPECT_TRUE(p->scan.min_confidence);
  EXPECT_TRUE(p->scan.max_seconds);
}

TEST(PolicyFile, EveryKey) {
  const Policy p = parse_ok(R"(
[scan]
key_file = "keys/fingerprint.key"
min_confidence = 0.7
min_score = 1            # a whole number is a number too
kinds = ["cpr", "health"]
terms = "terms.d"
builtin_terms = false
cross_filesystems = true
threads = 4
exclude = ["**/$RECYCLE.BIN", "**/~snapshot/**"]

[limits]
max_text_size = 1000000
max_depth = 4
max_members = 50
max_archive_size = 2000000
max_unpacked_size = 3000000
max_ratio = 100
max_seconds = 30.5
member_tasks = false

[retention]
default_days = 1825
[[retention.rule]]
glob = ["share/Jobcenter/**", "share/Ydelser/**"]
days = 1095
[[retention.mail_folder]]
folders = ["Slettet post", "Deleted Items"]
days = 30
glob = "**/*.pst"

[misplaced]
forbid = "share/Fælles/**"
world_readable = false
broad_groups = ["Alle medarbejdere", "S-1-5-21-1-2-3-1111"]

[[department]]
name = "Jobcenter"
glob = "**/Jobcenter/**"
responsible = "Hanne Holm"
email = "hh@vesterby.dk"

[sids]
"S-1-5-21-1-2-3-1107" = "VESTERBY\\hholm"
)");
  EXPECT_EQ(*p.scan.key_file, "keys/fingerprint.key");  // "policy.toml" has no folder to resolve against
  EXPECT_DOUBLE_EQ(*p.scan.min_confidence, 0.7);
  EXPECT_DOUBLE_EQ(*p.scan.min_score, 1.0);
  EXPECT_EQ(p.scan.kinds->size(), 2u);
  EXPECT_EQ(p.scan.terms->at(0), "terms.d");
  EXPECT_FALSE(*p.scan.builtin_terms);
  EXPECT_TRUE(*p.scan.cross_filesystems);
  EXPECT_EQ(*p.scan.threads, 4u);
  EXPECT_EQ(p.exclude.size(), 2u);
  EXPECT_EQ(*p.scan.max_text_size, 1000000u);
  EXPECT_EQ(*p.scan.max_depth, 4u);
  EXPECT_EQ(*p.scan.max_members, 50u);
  EXPECT_EQ(*p.scan.max_archive_size, 2000000u);
  EXPECT_EQ(*p.scan.max_unpacked_size, 3000000u);
  EXPECT_EQ(*p.scan.max_ratio, 100u);
  EXPECT_DOUBLE_EQ(*p.scan.max_seconds, 30.5);
  EXPECT_FALSE(*p.scan.member_tasks);
  EXPECT_EQ(p.retention[0].globs.size(), 2u);
  ASSERT_EQ(p.mail_folders.size(), 1u);
  EXPECT_EQ(p.mail_folders[0].folders.size(), 2u);
  EXPECT_EQ(p.mail_folders[0].globs.size(), 1u);
  EXPECT_EQ(p.mail_folders[0].days, 30);
  EXPECT_EQ(p.forbid.size(), 1u);
  EXPECT_FALSE(p.world_readable);
  EXPECT_EQ(p.broad_groups.size(), 2u);
  ASSERT_EQ(p.departments.size(), 1u);
  EXPECT_EQ(p.departments[0].name, "Jobcenter");
  EXPECT_EQ(p.departments[0].responsible, "Hanne Holm");
  EXPECT_EQ(p.departments[0].email, "hh@vesterby.dk");
  ASSERT_EQ(p.sid_names.size(), 1u);
  EXPECT_EQ(p.sid_names[0].second, "VESTERBY\\hholm");
  EXPECT_EQ(p.sid_names[0].first.to_string(), "S-1-5-21-1-2-3-1107");
}

TEST(PolicyFile, DefaultsWhenAbsent) {
  const Policy p = parse_ok("");
  EXPECT_FALSE(p.default_days);
  EXPECT_TRUE(p.retention.empty());
  EXPECT_TRUE(p.world_readable);
  EXPECT_FALSE(p.scan.min_confidence);
}

TEST(PolicyFile, UnknownKeysNameTheirPlace) {
  EXPECT_EQ(error_of("[misplaced]\nworld_readble = true\n"),
            "policy.toml:2:1: unknown key 'world_readble' in [misplaced] (known: forbid, world_readable, broad_groups)");
  EXPECT_EQ(error_of("[retension]\ndefault_days = 3\n").substr(0, 45), "policy.toml:1:2: unknown key 'retension' at t");
  EXPECT_NE(error_of("[retention]\ndays = 3\n").find("policy.toml:2:1: unknown key 'days' in [retention]"),
            std::string::npos);
  EXPECT_NE(error_of("[[retention.rule]]\nglob = \"a\"\ndays = 1\nday = 2\n").find("policy.toml:4:1: unknown key 'day' in [[retention.rule]]"),
            std::string::npos);
  EXPECT_NE(error_of("[[retention.mail_folder]]\nfolder = \"a\"\ndays = 1\n").find("policy.toml:2:1: unknown key 'folder'"),
            std::string::npos);
  EXPECT_NE(error_of("[[department]]\nname = \"a\"\nglob = \"b\"\nansvarlig = \"c\"\n").find("policy.toml:4:1: unknown key 'ansvarlig' in [[department]]"),
            std::string::npos);
  EXPECT_NE(error_of("[scan]\nmin_confidense = 0.5\n").find("policy.toml:2:1: unknown key 'min_confidense' in [scan]"),
            std::string::npos);
  EXPECT_NE(error_of("[limits]\nmax_dept = 3\n").find("policy.toml:2:1: unknown key 'max_dept' in [limits]"),
            std::string::npos);
  EXPECT_NE(error_of("exclude = [\"a\"]\n").find("policy.toml:1:1: unknown key 'exclude' at the top level"),
            std::string::npos);
}

TEST(PolicyFile, WrongTypesNameTheValue) {
  EXPECT_EQ(error_of("[retention]\ndefault_days = \"1825\"\n"),
            "policy.toml:2:16: 'default_days' must be a whole number, not a string");
  EXPECT_EQ(error_of("[retention]\ndefault_days = 18.5\n"),
            "policy.toml:2:16: 'default_days' must be a whole number, not a decimal number");
  EXPECT_EQ(error_of("[misplaced]\nworld_readable = \"yes\"\n"),
            "policy.toml:2:18: 'world_readable' must be true or false, not a string");
  EXPECT_EQ(error_of("[misplaced]\nforbid = 3\n"),
            "policy.toml:2:10: 'forbid' must be a string or an array of strings, not a whole number");
  EXPECT_EQ(error_of("[misplaced]\nforbid = [\"a\", 3]\n"), "policy.toml:2:16: 'forbid' must hold strings, not a whole number");
  EXPECT_EQ(error_of("retention = 5\n"), "policy.toml:1:13: 'retention' must be a table ([retention]), not a whole number");
  EXPECT_NE(error_of("[retention]\nrule = { glob = \"a\", days = 1 }\n").find("policy.toml:2:8: [[retention.rule]] must be written"),
            std::string::npos);
  EXPECT_EQ(error_of("[scan]\nmin_score = true\n"), "policy.toml:2:13: 'min_score' must be a number, not true/false");
  EXPECT_EQ(error_of("[[department]]\nname = 7\nglob = \"a\"\n"), "policy.toml:2:8: 'name' must be a string, not a whole number");
  EXPECT_EQ(error_of("[sids]\n\"S-1-5-21-1-2-3-500\" = 1\n"),
            "policy.toml:2:24: 'S-1-5-21-1-2-3-500' must be a string, not a whole number");
}

TEST(PolicyFile, ValuesOutOfRange) {
  EXPECT_EQ(error_of("[retention]\ndefault_days = -1\n"),
            "policy.toml:2:16: 'default_days' must be between 0 and 1000000, not -1");
  EXPECT_EQ(error_of("[scan]\nmin_confidence = 1.5\n"), "policy.toml:2:18: 'min_confidence' must be between 0 and 1, not 1.5");
  EXPECT_EQ(error_of("[limits]\nmax_text_size = 0\n"),
            "policy.toml:2:17: 'max_text_size' must be between 1 and 4611686018427387904, not 0");
  EXPECT_EQ(error_of("[scan]\nkinds = [\"cpr\", \"helbred\"]\n"),
            "policy.toml:2:17: unknown kind 'helbred' (known: cpr, health, ethnicity, politics, religion, union, "
            "genetic, biometric, sexual, criminal)");
}

TEST(PolicyFile, BadGlobsAndSids) {
  EXPECT_EQ(error_of("[misplaced]\nforbid = [\"share/[Fælles/**\"]\n"),
            "policy.toml:2:11: bad glob \"share/[Fælles/**\" in 'forbid': '[' is not closed (write \\[ for the character)");
  EXPECT_NE(error_of("[[retention.rule]]\nglob = \"share/Job**\"\ndays = 3\n").find("policy.toml:2:8: bad glob \"share/Job**\" in 'glob': '**' must be"),
            std::string::npos);
  EXPECT_NE(error_of("[scan]\nexclude = [\"a\\\\b\"]\n").find("policy.toml:2:12: bad glob"), std::string::npos);
  EXPECT_EQ(error_of("[sids]\n\"S-1-5-x\" = \"a\"\n"),
            "policy.toml:2:1: 'S-1-5-x' in [sids] is not a SID (write \"S-1-5-21-…\" = \"name\")");
  EXPECT_NE(error_of("[misplaced]\nbroad_groups = [\"S-1-five\"]\n").find("policy.toml:2:17: 'S-1-five' in 'broad_groups' looks like a SID"),
            std::string::npos);
}

TEST(PolicyFile, MissingRequiredKeys) {
  EXPECT_NE(error_of("[[retention.rule]]\nglob = \"a\"\n").find("policy.toml:1:1: [[retention.rule]] needs both 'glob' and 'days'"),
            std::string::npos);
  EXPECT_NE(error_of("[[retention.mail_folder]]\ndays = 30\n").find("needs both 'folders' and 'days'"), std::string::npos);
  EXPECT_NE(error_of("[[department]]\nname = \"a\"\n").find("policy.toml:1:1: [[department]] needs a 'name' and a 'glob'"),
            std::string::npos);
}

TEST(PolicyFile, TomlSyntaxErrors) {
  const std::string e = error_of("[retention]\ndefault_days = \n");
  EXPECT_EQ(e.rfind("policy.toml:2:", 0), 0u) << e;
  const std::string dup = error_of("[retention]\ndefault_days = 1\ndefault_days = 2\n");
  EXPECT_EQ(dup.rfind("policy.toml:3:", 0), 0u) << dup;
  EXPECT_EQ(error_of("[misplaced\n").rfind("policy.toml:1:", 0), 0u);
}

TEST(PolicyFile, NotUtf8) {
  EXPECT_EQ(error_of("[misplaced]\nforbid = [\"share/F\xe6lles/**\"]\n"),
            "policy.toml:2:19: not valid UTF-8 (save the policy file as UTF-8)");
}

TEST(PolicyFile, MissingUnreadableOrAFolder) {
  TempDir t;
  auto missing = read_policy_file(t / "nope.toml");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.problem().detail, "cannot read policy file " + (t / "nope.toml") + ": No such file or directory");
  auto folder = read_policy_file(t.path());
  ASSERT_FALSE(folder);
  EXPECT_NE(folder.problem().detail.find("Is a directory"), std::string::npos);
  // Relative paths in the file are resolved against the file's folder.
  t.write("etc/policy.toml", "[scan]\nkey_file = \"fingerprint.key\"\nterms = [\"terms.d\", \"/abs/terms\"]\n");
  auto p = read_policy_file(t / "etc/policy.toml");
  ASSERT_TRUE(p) << p.problem().detail;
  EXPECT_EQ(*p->scan.key_file, t / "etc/fingerprint.key");
  EXPECT_EQ(p->scan.terms->at(0), t / "etc/terms.d");
  EXPECT_EQ(p->scan.terms->at(1), "/abs/terms");
  auto bad = read_policy_file((t / "etc/policy.toml"));
  ASSERT_TRUE(bad);
  t.write("bad.toml", "[misplaced]\nforbid = 1\n");
  auto named = read_policy_file(t / "bad.toml");
  ASSERT_FALSE(named);
  EXPECT_EQ(named.problem().detail.rfind(t / "bad.toml:2:10: ", 0), 0u) << named.problem().detail;
}

}  // namespace
}  // namespace datavagt::policy
