// The policy end to end, through the datavagt binary: the policy share of corpus/policy_share.py scanned and
// every flag, reason, rule, department, owner and mail item checked against its truth; a PST and an mbox
// whose messages are older than the file; options from the file and from the command line; excludes; and
// the mistakes a user can make in a policy file (exit code 2, a message with the file and line, nothing
// scanned).
#include <sys/stat.h>
#include <utime.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <ctime>
#include <map>
#include <set>
#include <sstream>

#include "tests/support/e2e.h"

namespace datavagt::e2e {
namespace {

constexpr std::int64_t kDay = 86400;


// The findings, errors and notes of a scan's JSON Lines (scan-start and scan-end apart).
std::vector<nlohmann::json> records(const std::string& jsonl_path) {
  return testing::jsonl_records(testing::read_file(jsonl_path));
}

void set_mtime(const std::string& path, std::int64_t t) {
  const struct utimbuf times{static_cast<time_t>(t), static_cast<time_t>(t)};
  ASSERT_EQ(::utime(path.c_str(), &times), 0);
}

// Every flag on the generated policy share against the generator's truth.
TEST(PolicyShare, EveryFlagMatchesTheTruth) {
  TempDir t;
  ASSERT_EQ(::chmod(t.path().c_str(), 0755), 0);  // the share must be reachable for 'other' up to "/"
  ASSERT_EQ(run("python3 " + q(kSource + "/corpus/policy_share.py") + " --out " + q(t.path()) + " >/dev/null"), 0);
  std::string summary;
  ASSERT_EQ(run("cd " + q(t.path()) + " && " + kBin +
                    " scan share --policy policy.toml --exclude '**/~snapshot/**' --no-progress --jsonl out.jsonl",
                &summary),
            1);

  std::map<std::string, nlohmann::json> truth;
  std::stringstream lines(testing::read_file(t / "truth.jsonl"));
  for (std::string line; std::getline(lines, line);) {
    auto j = nlohmann::json::parse(line);
    truth[j["path"]] = j;
  }
  ASSERT_GE(truth.size(), 20u);

  std::map<std::string, std::vector<nlohmann::json>> by_file;
  for (auto& r : records(t / "out.jsonl")) {
    EXPECT_NE(r["kind"], "error") << r.dump();
    by_file[r["path"]].push_back(r);
  }
  std::size_t checked = 0, items = 0;
  for (const auto& [path, want] : truth) {
    // The generator wrote one folder name in NFD; the scanner prints the bytes it found.
    const auto got = by_file.find(path);
    if (want.value("excluded", false) || !want.value("personal_data", false)) {
      EXPECT_EQ(got, by_file.end()) << path << " must not be reported";
      continue;
    }
    ASSERT_NE(got, by_file.end()) << path << " holds personal data";
    for (const auto& r : got->second) {
      EXPECT_EQ(r["flags"], want["flags"]) << path;
      EXPECT_EQ(r.value("misplaced", nlohmann::json::array()), want["misplaced"]) << path;
      EXPECT_EQ(r.value("department", ""), want["department"]) << path;
      EXPECT_EQ(r.value("responsible", ""), want["responsible"]) << path;
      EXPECT_EQ(r.value("owner", ""), want["owner"]) << path;
      const std::string location = r["location"];
      if (want["items"].empty()) {
        EXPECT_EQ(location, path);
        EXPECT_EQ(r.value("overdue", nlohmann::json()), want["overdue"]) << path;
      } else {
        const std::string member = location.substr(path.size() + 2);
        ASSERT_TRUE(want["items"].contains(member)) << location;
        EXPECT_EQ(r.value("overdue", nlohmann::json()), want["items"][member]) << location;
        EXPECT_TRUE(r.contains("date")) << location;
        ++items;
      }
    }
    ++checked;
  }
  EXPECT_EQ(checked, by_file.size());  // nothing reported that the truth does not know
  EXPECT_EQ(items, 4u);
  EXPECT_NE(summary.find("  excluded   3 files and folders"), std::string::npos) << summary;
  EXPECT_NE(summary.find("policy.toml: 7 overdue, 5 misplaced"), std::string::npos) << summary;
  EXPECT_NE(summary.find("  Jobcenter                          5        3          0  Hanne Holm"), std::string::npos)
      << summary;
}

// A mail item is judged by its own date: an mbox written today holding a message from 2015 and one from
// last week (the test writes it), under a policy whose default is five years.
TEST(PolicyMail, MboxMessagesOlderThanTheFile) {
  TempDir t;
  const std::int64_t now = std::time(nullptr);
  char last_week[64];
  const time_t lw = static_cast<time_t>(now - 7 * kDay);
  std::strftime(last_week, sizeof last_week, "%a, %d %b %Y %H:%M:%S +0000", std::gmtime(&lw));
  const std::string mbox =
      "From a@example.dk Mon Mar  2 10:00:00 2015\n"
      "From: a@example.dk\nSubject: Gammel sag\nDate: Mon, 02 Mar 2015 10:00:00 +0000\n\n"
      "Borgerens CPR-nr.: 150643-1006\n\n"
      "From b@example.dk Mon Mar  2 10:00:00 2026\n"
      "From: b@example.dk\nSubject: Ny sag\nDate: " + std::string(last_week) + "\n\n"
      "Borgerens CPR-nr.: 150643-1006\n";
  const std::string path = t.write("share/Indbakke.mbox", mbox);
  set_mtime(path, now - kDay);
  t.write("policy.toml", "[retention]\ndefault_days = 1825\n[misplaced]\nworld_readable = false\n");
  t.write("key", "k");
  ASSERT_EQ(run(kBin + " scan --no-progress -q --key-file " + q(t / "key") + " --policy " + q(t / "policy.toml") +
                " --jsonl " + q(t / "out.jsonl") + " " + q(t / "share")),
            1);
  const auto rs = records(t / "out.jsonl");
  ASSERT_EQ(rs.size(), 2u);
  std::int64_t expected_days_over = 0;
  for (const auto& r : rs) {
    EXPECT_EQ(r["flags"], nlohmann::json{"overdue"});  // the file: an item in it is overdue
    const std::string location = r["location"];
    if (location.find("Gammel sag (2015-03-02)") != std::string::npos) {
      ASSERT_TRUE(r.contains("overdue")) << r.dump();
      EXPECT_EQ(r["overdue"]["rule"], "default");
      // 2015-03-02T10:00Z to now, in whole days, past five years.
      expected_days_over = (now - 1425290400) / kDay - 1825;
      EXPECT_EQ(r["overdue"]["days_over"], expected_days_over);
    } else {
      EXPECT_FALSE(r.contains("overdue")) << r.dump();
    }
  }
  EXPECT_GT(expected_days_over, 0);
}

// The same for a real Outlook PST (Apache Tika's fixture, messages of 2017 in "Inbox/tmp"; a site term in two
// bodies stands in for personal data): the folder rule for "tmp" decides, the file itself is fresh.
TEST(PolicyMail, PstMessagesByFolderAndDate) {
  TempDir t;
  const std::string pst =
      t.write("share/export.pst", testing::read_file(kSource + "/tests/fixtures/mail/testPST_variousBodyTypes.pst"));
  set_mtime(pst, std::time(nullptr) - 3600);
  t.write("terms.txt", "@kind health\nforwarded rtf\nforwarded plain text\n");
  t.write("key", "k");
  t.write("policy.toml",
          "[retention]\ndefault_days = 36500\n[[retention.mail_folder]]\nfolders = \"TMP\"\ndays = 30\n"
          "[misplaced]\nworld_readable = false\n");
  ASSERT_EQ(run(kBin + " scan --no-progress -q --key-file " + q(t / "key") + " --terms " + q(t / "terms.txt") +
                " --policy " + q(t / "policy.toml") + " --jsonl " + q(t / "out.jsonl") + " " + q(t / "share")),
            1);
  const auto rs = records(t / "out.jsonl");
  ASSERT_FALSE(rs.empty());
  for (const auto& r : rs) {
    EXPECT_NE(r["location"].get<std::string>().find("!/Inbox/tmp/"), std::string::npos) << r.dump();
    ASSERT_TRUE(r.contains("overdue")) << r.dump();
    EXPECT_EQ(r["overdue"]["rule"], "mail folder: TMP");
    EXPECT_EQ(r["overdue"]["days"], 30);
    EXPECT_GT(r["overdue"]["days_over"].get<int>(), 3000 - 30 - 365);  // since 2017
    EXPECT_EQ(r["flags"], nlohmann::json{"overdue"});
  }
}

TEST(PolicyCli, MistakesStopTheScanBeforeItStarts) {
  TempDir t;
  t.write("share/a.txt", "CPR-nr.: 150643-1006\n");
  t.write("key", "k");
  auto scan = [&](const std::string& policy, std::string* err) {
    return run(kBin + " scan --no-progress --key-file " + q(t / "key") + " --policy " + q(policy) + " --jsonl " +
                   q(t / "out.jsonl") + " " + q(t / "share") + " 2>&1 >/dev/null",
               err);
  };
  std::string err;
  t.write("typo.toml", "[misplaced]\nforbid = [\"share/**\"]\nworld_readble = true\n");
  EXPECT_EQ(scan(t / "typo.toml", &err), 2);
  EXPECT_EQ(err, "datavagt: " + (t / "typo.toml") +
                     ":3:1: unknown key 'world_readble' in [misplaced] (known: forbid, world_readable, broad_groups)\n");
  EXPECT_FALSE(::access((t / "out.jsonl").c_str(), F_OK) == 0) << "nothing may be written before the policy is read";
  t.write("glob.toml", "[[retention.rule]]\nglob = \"share/Fælles/**x\"\ndays = 10\n");
  EXPECT_EQ(scan(t / "glob.toml", &err), 2);
  EXPECT_NE(err.find(t / "glob.toml" + ":2:8: bad glob"), std::string::npos) << err;
  t.write("latin1.toml", "[[department]]\nname = \"F\xe6lles\"\nglob = \"**\"\n");
  EXPECT_EQ(scan(t / "latin1.toml", &err), 2);
  EXPECT_NE(err.find(t / "latin1.toml" + ":2:10: not valid UTF-8"), std::string::npos) << err;
  EXPECT_EQ(scan(t / "missing.toml", &err), 2);
  EXPECT_NE(err.find("cannot read policy file " + (t / "missing.toml")), std::string::npos) << err;
  EXPECT_EQ(run(kBin + " scan --no-progress -q --exclude 'share[' " + q(t / "share") + " 2>&1", &err), 2);
  EXPECT_NE(err.find("bad --exclude glob \"share[\""), std::string::npos) << err;
}

// [scan] and [limits] in the file apply; the same option on the command line wins.
TEST(PolicyCli, CommandLineOptionsWinOverTheFile) {
  TempDir t;
  t.write("etc/key", "k");
  t.write("etc/policy.toml", "[scan]\nkey_file = \"key\"\nkinds = [\"health\"]\n");
  t.write("share/a.txt", "CPR-nr.: 150643-1006\n");
  const std::string base = kBin + " scan --no-progress -q --policy " + q(t / "etc/policy.toml") + " ";
  EXPECT_EQ(run(base + q(t / "share")), 0);  // the file's kinds: no CPR numbers looked for
  EXPECT_EQ(run(base + "--kinds cpr --jsonl " + q(t / "out.jsonl") + " " + q(t / "share")), 1);
  // The key from the file (relative to the file's folder) makes the fingerprint.
  std::string fp;
  ASSERT_EQ(run(kBin + " fingerprint 150643-1006 --key-file " + q(t / "etc/key"), &fp), 0);
  fp.pop_back();
  EXPECT_NE(testing::read_file(t / "out.jsonl").find(fp), std::string::npos);
  // A limit from the file, and the flag's value when both are given.
  t.write("etc/limits.toml", "[limits]\nmax_text_size = 5\n[scan]\nkey_file = \"key\"\n");
  std::string out;
  run(kBin + " scan --no-progress -q --policy " + q(t / "etc/limits.toml") + " --jsonl - " + q(t / "share"), &out);
  EXPECT_NE(out.find("\"reason\":\"truncated\""), std::string::npos) << out;
  run(kBin + " scan --no-progress -q --policy " + q(t / "etc/limits.toml") + " --max-text-size 1000 --jsonl - " +
          q(t / "share"),
      &out);
  EXPECT_EQ(out.find("\"reason\":\"truncated\""), std::string::npos) << out;
}

TEST(PolicyCli, ExcludesFromTheFileAndTheCommandLine) {
  TempDir t;
  t.write("key", "k");
  t.write("share/a.txt", "CPR-nr.: 150643-1006\n");
  t.write("share/Backup/a.txt", "CPR-nr.: 150643-1006\n");
  t.write("share/old.bak", "CPR-nr.: 150643-1006\n");
  t.write("share/.snapshot/x/a.txt", "CPR-nr.: 150643-1006\n");
  t.write("policy.toml", "[scan]\nexclude = [\"**/Backup/**\"]\n");
  std::string out;
  ASSERT_EQ(run(kBin + " scan --no-progress -q --key-file " + q(t / "key") + " --policy " + q(t / "policy.toml") +
                    " --exclude '*.bak' --exclude .snapshot --jsonl - " + q(t / "share"),
                &out),
            1);
  EXPECT_NE(out.find("share/a.txt"), std::string::npos) << out;
  EXPECT_EQ(out.find("Backup"), std::string::npos) << out;
  EXPECT_EQ(out.find("old.bak"), std::string::npos) << out;
  EXPECT_EQ(out.find(".snapshot"), std::string::npos) << out;
}

// Without --policy nothing is flagged (as before), but a file with personal data names its owner.
TEST(PolicyCli, WithoutAPolicyOnlyTheOwner) {
  TempDir t;
  t.write("key", "k");
  t.write("share/a.txt", "CPR-nr.: 150643-1006\n");
  t.write("share/clean.txt", "intet\n");
  ASSERT_EQ(::chmod((t / "share/a.txt").c_str(), 0644), 0);
  std::string out;
  ASSERT_EQ(run(kBin + " scan --no-progress -q --key-file " + q(t / "key") + " --jsonl - " + q(t / "share"), &out), 1);
  const auto j = testing::jsonl_records(out).at(0);
  EXPECT_EQ(j["flags"], nlohmann::json::array());
  EXPECT_EQ(j["owner"], "root");
  EXPECT_FALSE(j.contains("misplaced"));
  EXPECT_FALSE(j.contains("overdue"));
}

// With the findings store, a file whose content is unchanged is not read again, but its policy verdict is
// judged again on this run's facts (a folder opened up, a policy edited), stored, and reported by `report`.
TEST(PolicyStore, VerdictsAreJudgedAgainOnARescan) {
  TempDir t;
  ASSERT_EQ(::chmod(t.path().c_str(), 0755), 0);
  t.write("key", "k");
  const std::string file = t.write("share/Jobcenter/sag.txt", "CPR-nr.: 150643-1006\n");
  ASSERT_EQ(::chmod(file.c_str(), 0644), 0);
  ASSERT_EQ(::chmod((t / "share").c_str(), 0755), 0);
  ASSERT_EQ(::chmod((t / "share/Jobcenter").c_str(), 0750), 0);  // closed: not readable by Everyone yet
  t.write("policy.toml", "[[department]]\nname = \"Jobcenter\"\nglob = \"**/Jobcenter/**\"\nresponsible = \"Hanne Holm\"\n");
  const std::string scan = kBin + " scan --no-progress -q --key-file " + q(t / "key") + " --db " + q(t / "store.db") +
                           " --policy " + q(t / "policy.toml") + " --jsonl " + q(t / "out.jsonl") + " " + q(t / "share");
  ASSERT_EQ(run(scan), 1);
  auto first = records(t / "out.jsonl");
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0]["flags"], nlohmann::json::array());
  EXPECT_EQ(first[0]["department"], "Jobcenter");

  ASSERT_EQ(::chmod((t / "share/Jobcenter").c_str(), 0755), 0);  // the folder opens; the file is untouched
  std::string summary;
  ASSERT_EQ(run(kBin + " scan --no-progress --key-file " + q(t / "key") + " --db " + q(t / "store.db") + " --policy " +
                    q(t / "policy.toml") + " --jsonl " + q(t / "out.jsonl") + " " + q(t / "share"),
                &summary),
            1);
  EXPECT_NE(summary.find("1 not read again"), std::string::npos) << summary;
  auto second = records(t / "out.jsonl");
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0]["flags"], nlohmann::json{"misplaced"});
  EXPECT_EQ(second[0]["misplaced"], nlohmann::json{"readable by Everyone"});

  // The store keeps the verdict: `report` gives the same record.
  std::string reported;
  ASSERT_EQ(run(kBin + " report --db " + q(t / "store.db") + " --jsonl -", &reported), 1);  // 1: personal data
  const auto r = testing::jsonl_records(reported).at(0);
  EXPECT_EQ(r["flags"], nlohmann::json{"misplaced"});
  EXPECT_EQ(r["misplaced"], nlohmann::json{"readable by Everyone"});
  EXPECT_EQ(r["department"], "Jobcenter");
  EXPECT_EQ(r["responsible"], "Hanne Holm");
  EXPECT_EQ(r["owner"], "root");
}

// A mail item's own verdict survives the store: carried forward, judged again, and reported per item.
TEST(PolicyStore, MailItemsKeepTheirOwnVerdict) {
  TempDir t;
  t.write("key", "k");
  const std::string mbox =
      "From a@example.dk Mon Mar  2 10:00:00 2015\nFrom: a@example.dk\nSubject: Gammel sag\n"
      "Date: Mon, 02 Mar 2015 10:00:00 +0000\n\nBorgerens CPR-nr.: 150643-1006\n";
  t.write("share/Slettet post.mbox", mbox);
  t.write("policy.toml", "[[retention.mail_folder]]\nfolders = \"Slettet post\"\ndays = 30\n[misplaced]\nworld_readable = false\n");
  const std::string scan = kBin + " scan --no-progress -q --key-file " + q(t / "key") + " --db " + q(t / "store.db") +
                           " --policy " + q(t / "policy.toml") + " " + q(t / "share");
  ASSERT_EQ(run(scan), 1);
  ASSERT_EQ(run(scan), 1);  // carried forward
  std::string reported;
  ASSERT_EQ(run(kBin + " report --db " + q(t / "store.db") + " --jsonl -", &reported), 1);  // 1: personal data
  const auto r = testing::jsonl_records(reported).at(0);
  EXPECT_EQ(r["flags"], nlohmann::json{"overdue"});
  ASSERT_TRUE(r.contains("overdue")) << r.dump();
  EXPECT_EQ(r["overdue"]["rule"], "mail folder: Slettet post");
}



// Overdue grows with time, and a policy can be edited: a file unchanged since the last scan is not read again,
// but its verdict is judged against this run's date and policy, stored, and shown by `report` (the overview
// with its department table, and the JSON Lines). A shorter period by one day stands in for a day passing.
TEST(PolicyStore, AnUnchangedFileIsJudgedByTodaysDateAndPolicy) {
  TempDir t;
  t.write("key", "k");
  const std::string file = t.write("share/Jobcenter/sag.txt", "CPR-nr.: 150643-1006\n");
  set_mtime(file, static_cast<std::int64_t>(std::time(nullptr)) - 400 * kDay - 3600);  // 400 whole days old
  auto policy = [&](int days) {
    t.write("policy.toml", "[retention]\ndefault_days = " + std::to_string(days) +
                               "\n[misplaced]\nworld_readable = false\n[[department]]\nname = \"Jobcenter\"\n"
                               "glob = \"**/Jobcenter/**\"\nresponsible = \"Hanne Holm\"\n");
  };
  const std::string scan = kBin + " scan --no-progress --key-file " + q(t / "key") + " --db " + q(t / "store.db") +
                           " --policy " + q(t / "policy.toml") + " --jsonl " + q(t / "out.jsonl") + " " + q(t / "share");
  auto reported = [&] {
    std::string out;
    EXPECT_EQ(run(kBin + " report --db " + q(t / "store.db") + " --jsonl -", &out), 1);
    return testing::jsonl_records(out).at(0);
  };

  policy(1000);
  ASSERT_EQ(run(scan + " -q"), 1);
  EXPECT_EQ(records(t / "out.jsonl").at(0)["flags"], nlohmann::json::array());
  EXPECT_FALSE(reported().contains("overdue"));

  policy(365);  // edited: the same file is now past its period
  std::string summary;
  ASSERT_EQ(run(scan, &summary), 1);
  EXPECT_NE(summary.find("1 not read again"), std::string::npos) << summary;
  auto scanned = records(t / "out.jsonl").at(0);
  EXPECT_EQ(scanned["flags"], nlohmann::json{"overdue"});
  EXPECT_EQ(scanned["overdue"], (nlohmann::json{{"rule", "default"}, {"days", 365}, {"days_over", 35}}));
  EXPECT_EQ(reported()["overdue"]["days_over"], 35);

  policy(364);  // one day more past it
  ASSERT_EQ(run(scan, &summary), 1);
  EXPECT_NE(summary.find("1 not read again"), std::string::npos) << summary;
  const auto r = reported();
  EXPECT_EQ(r["flags"], nlohmann::json{"overdue"});
  EXPECT_EQ(r["overdue"], (nlohmann::json{{"rule", "default"}, {"days", 364}, {"days_over", 36}}));
  EXPECT_EQ(r["department"], "Jobcenter");

  // The overview from the store names the policy and counts per department, as the scan's summary does.
  std::string overview;
  ASSERT_EQ(run(kBin + " report --db " + q(t / "store.db"), &overview), 1);
  EXPECT_NE(overview.find("policy.toml: 1 overdue, 0 misplaced"), std::string::npos) << overview;
  EXPECT_NE(overview.find("Jobcenter"), std::string::npos) << overview;
  EXPECT_NE(overview.find("Hanne Holm"), std::string::npos) << overview;
  std::string listing;
  ASSERT_EQ(run(kBin + " review --db " + q(t / "store.db") + " --state open", &listing), 0);
  EXPECT_NE(listing.find("sag.txt  (overdue)"), std::string::npos) << listing;

  // Without the policy, the next scan judges nothing: the stored verdict goes with it.
  ASSERT_EQ(run(kBin + " scan --no-progress -q --key-file " + q(t / "key") + " --db " + q(t / "store.db") + " " +
                q(t / "share")),
            1);
  const auto bare = reported();
  EXPECT_EQ(bare["flags"], nlohmann::json::array());
  EXPECT_FALSE(bare.contains("overdue"));
  EXPECT_FALSE(bare.contains("department"));
  std::string plain;
  ASSERT_EQ(run(kBin + " report --db " + q(t / "store.db"), &plain), 1);
  EXPECT_EQ(plain.find("  policy "), std::string::npos) << plain;
}

}  // namespace
}  // namespace datavagt::e2e
