// The datavagt binary as a user runs it: exit codes, output files, the fingerprint command.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <regex>
#include <map>
#include <set>
#include <sstream>

#include "detectors/fingerprint.h"
#include "tests/support/e2e.h"
#include "tests/support/make_archive.h"

namespace datavagt::e2e {
namespace {

TEST(Cli, ExitCodes) {
  TempDir t;
  t.write("clean/a.txt", "Intet at se her.\n");
  t.write("found/a.txt", "CPR-nr.: 150643-1006\n");
  t.write("key", "k");
  const std::string common = " --key-file " + q(t / "key") + " --no-progress -q ";
  EXPECT_EQ(run(kBin + " scan" + common + q(t / "clean")), 0);
  EXPECT_EQ(run(kBin + " scan" + common + q(t / "found")), 1);
  EXPECT_EQ(run(kBin + " scan" + common + q(t / "missing") + " 2>/dev/null"), 2);
  EXPECT_EQ(run(kBin + " scan --bogus-option " + q(t / "clean") + " 2>/dev/null"), 2);
  EXPECT_EQ(run(kBin + " scan --min-confidence 7 " + q(t / "clean") + " 2>/dev/null"), 2);
  EXPECT_EQ(run(kBin + " scan --key-file " + q(t / "nokey") + " " + q(t / "clean") + " 2>/dev/null"), 2);
  EXPECT_EQ(run(kBin + " 2>/dev/null"), 2);
}

// Archive members are scanned; the bounds are options, and a `limit` error names the option that raises it.
TEST(Cli, ArchiveMembersAndTheirLimits) {
  TempDir t;
  std::vector<testing::ArchiveMember> members = {{"sager/brev.txt", "CPR-nr.: 150643-1006\n"}};
  for (int i = 0; i < 20; ++i) members.push_back({"bilag" + std::to_string(i) + ".txt", "intet"});
  t.write("share/arkiv.zip", testing::make_archive(testing::ArchiveFormat::Zip, members));
  t.write("key", "k");
  const std::string common = " --no-progress -q --key-file " + q(t / "key") + " --jsonl " + q(t / "out.jsonl") + " ";
  ASSERT_EQ(run(kBin + " scan" + common + q(t / "share")), 1);
  std::string jsonl = testing::read_file(t / "out.jsonl");
  EXPECT_NE(jsonl.find("sager/brev.txt"), std::string::npos) << jsonl;
  EXPECT_EQ(jsonl.find("\"limit\""), std::string::npos) << jsonl;
  ASSERT_EQ(run(kBin + " scan --max-members 5 --max-seconds 60 --max-ratio 100 --max-depth 4 --max-archive-size 1000000"
                " --max-unpacked-size 10000000" + common + q(t / "share")),
            1);
  jsonl = testing::read_file(t / "out.jsonl");
  EXPECT_NE(jsonl.find("--max-members"), std::string::npos) << jsonl;
  EXPECT_EQ(run(kBin + " scan --max-seconds -1" + common + q(t / "share") + " 2>/dev/null"), 2);
}

TEST(Cli, JsonlFileIsPrivateAndHasNoClearCpr) {
  TempDir t;
  t.write("share/a.txt", "CPR-nr.: 150643-1006\nog 1506431006 igen\n");
  t.write("key", "k");
  const std::string out = t / "out.jsonl";
  ASSERT_EQ(run(kBin + " scan --no-progress -q --key-file " + q(t / "key") + " --jsonl " + q(out) + " " +
                q(t / "share")),
            1);
  struct stat st;
  ASSERT_EQ(::stat(out.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const std::string jsonl = testing::read_file(out);
  EXPECT_NE(jsonl.find("150643-XXXX"), std::string::npos);
  EXPECT_EQ(jsonl.find("1506431006"), std::string::npos) << jsonl;
  EXPECT_EQ(jsonl.find("150643-1006"), std::string::npos) << jsonl;
}

// A report written to a pipe or device (`--jsonl /dev/null`) leaves the device's mode alone: only regular
// files are tightened to 0600. Tested on a FIFO of our own, not on /dev/null.
TEST(Cli, JsonlToAFifoKeepsItsMode) {
  TempDir t;
  t.write("share/a.txt", "CPR-nr.: 150643-1006\n");
  t.write("key", "k");
  const std::string fifo = t / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  ASSERT_EQ(::chmod(fifo.c_str(), 0644), 0);  // whatever the umask
  std::string lines;
  EXPECT_EQ(run("(cat " + q(fifo) + " | wc -l) & " + kBin + " scan --no-progress -q --key-file " + q(t / "key") +
                    " --jsonl " + q(fifo) + " " + q(t / "share") + "; s=$?; wait; exit $s",
                &lines),
            1);
  EXPECT_GE(std::stoi(lines), 1);  // the record went through the pipe
  struct stat st;
  ASSERT_EQ(::stat(fifo.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
}

TEST(Cli, SummaryOnStdout) {
  TempDir t;
  t.write("share/a.txt", "CPR-nr.: 150643-1006\n");
  t.write("key", "k");
  std::string out;
  run(kBin + " scan --no-progress --key-file " + q(t / "key") + " " + q(t / "share"), &out);
  EXPECT_NE(out.find("files"), std::string::npos) << out;
  EXPECT_NE(out.find("1 cpr"), std::string::npos) << out;
  EXPECT_NE(out.find("a.txt"), std::string::npos) << out;
  EXPECT_EQ(out.find("150643-1006"), std::string::npos) << out;
}

TEST(Cli, FingerprintMatchesTheScan) {
  TempDir t;
  t.write("share/a.txt", "CPR-nr.: 150643-1006\n");
  t.write("key", "k");
  std::string fp, jsonl;
  ASSERT_EQ(run(kBin + " fingerprint 150643-1006 --key-file " + q(t / "key"), &fp), 0);
  while (!fp.empty() && fp.back() == '\n') fp.pop_back();
  EXPECT_TRUE(std::regex_match(fp, std::regex("[0-9a-f]{64}"))) << fp;
  run(kBin + " scan -q --no-progress --jsonl - --key-file " + q(t / "key") + " " + q(t / "share"), &jsonl);
  EXPECT_NE(jsonl.find(fp), std::string::npos);
  std::string from_stdin;
  ASSERT_EQ(run("echo 1506431006 | " + kBin + " fingerprint - --key-file " + q(t / "key"), &from_stdin), 0);
  EXPECT_EQ(from_stdin, fp + "\n");
  EXPECT_EQ(run(kBin + " fingerprint 12345 --key-file " + q(t / "key") + " 2>/dev/null"), 2);
}

TEST(Cli, SiteDictionariesAndKinds) {
  TempDir t;
  t.write("share/a.txt", "Medarbejderen er medlem af Vesterby Lokalforening og har Fjordsyge.\n");
  t.write("key", "k");
  t.write("terms/lokal.txt", "@kind union\nvesterby lokalforening\n");
  t.write("terms/health.txt", "fjordsyge\n");
  t.write("bad.txt", "@kind health\nok\n@weight 3\n");
  const std::string common = " scan --no-progress -q --jsonl - --key-file " + q(t / "key") + " ";
  std::string jsonl, err;
  // The site's terms are found with the built-in vocabulary, from a folder of *.txt.
  ASSERT_EQ(run(kBin + common + "--terms " + q(t / "terms") + " " + q(t / "share"), &jsonl), 1);
  EXPECT_NE(jsonl.find("\"kind\":\"union\""), std::string::npos) << jsonl;
  EXPECT_NE(jsonl.find("\"terms\":{\"vesterby lokalforening\":1}"), std::string::npos) << jsonl;
  EXPECT_NE(jsonl.find("\"kind\":\"health\""), std::string::npos) << jsonl;
  // --kinds narrows what is looked for.
  ASSERT_EQ(run(kBin + common + "--kinds health --terms " + q(t / "terms") + " " + q(t / "share"), &jsonl), 1);
  EXPECT_EQ(jsonl.find("\"kind\":\"union\""), std::string::npos) << jsonl;
  ASSERT_EQ(run(kBin + common + "--kinds cpr,criminal --terms " + q(t / "terms") + " " + q(t / "share"), &jsonl), 0);
  // Mistakes are the user's: exit 2 with the file and line named, before any scanning.
  EXPECT_EQ(run(kBin + common + "--terms " + q(t / "bad.txt") + " " + q(t / "share") + " 2>&1", &err), 2);
  EXPECT_NE(err.find("bad.txt:3"), std::string::npos) << err;
  EXPECT_EQ(run(kBin + common + "--terms " + q(t / "missing.txt") + " " + q(t / "share") + " 2>&1", &err), 2);
  EXPECT_NE(err.find("missing.txt"), std::string::npos) << err;
  EXPECT_EQ(run(kBin + common + "--kinds health,gossip " + q(t / "share") + " 2>&1", &err), 2);
  EXPECT_NE(err.find("gossip"), std::string::npos) << err;
}

TEST(Cli, SummaryListsNotesSuchAsPagesWithoutText) {
  TempDir t;
  t.write("key", "k");
  t.write("share/notat.pdf", testing::read_file(kSource + "/tests/extractors/fixtures/pdf/notat.pdf"));
  std::string out;
  run(kBin + " scan --no-progress --key-file " + q(t / "key") + " " + q(t / "share"), &out);
  EXPECT_NE(out.find("Notes"), std::string::npos) << out;
  EXPECT_NE(out.find("1 of 4 pages without text"), std::string::npos) << out;
}

// A finding inside an Outlook PST names the folder and the message (Apache Tika's fixture has no CPR numbers:
// a site term that occurs in two of its bodies stands in). libpst prints nothing of its own. The bodies are
// English, where the categories weigh a tenth (issue 15): --min-score 0 keeps the one-hit message reported.
TEST(Cli, FindingsInAPstNameFolderAndMessage) {
  TempDir t;
  testing::write_key(t);
  t.write("share/export.pst",
          testing::read_file(kSource + "/tests/fixtures/mail/testPST_variousBodyTypes.pst"));
  t.write("terms.txt", "@kind health\nforwarded rtf\nforwarded plain text\n");
  const std::string out = t / "out.jsonl";
  std::string said;
  ASSERT_EQ(run(kBin + " scan --no-progress -q --min-score 0 --key-file " + q(t / "key") + " --terms " +
                    q(t / "terms.txt") + " --jsonl " + q(out) + " " + q(t / "share") + " 2>&1",
                &said),
            1);
  EXPECT_EQ(said, "");
  const std::string jsonl = testing::read_file(out);
  const std::string pst = t / "share/export.pst";
  EXPECT_NE(jsonl.find("\"location\":\"" + pst + "!/Inbox/tmp/3 FW: original email (2017-08-30)\""),
            std::string::npos)
      << jsonl;
  EXPECT_NE(jsonl.find("\"location\":\"" + pst + "!/Inbox/tmp/4 FW: original email (2017-08-30)\""),
            std::string::npos)
      << jsonl;
  EXPECT_NE(jsonl.find("\"terms\":{\"forwarded plain text\":1}"), std::string::npos) << jsonl;
  EXPECT_NE(jsonl.find("\"format\":\"pst\""), std::string::npos) << jsonl;
  EXPECT_EQ(jsonl.find("\"kind\":\"error\""), std::string::npos) << jsonl;
}

// An EPUB is read (it used to be `unsupported-format`): its chapters, metadata and the files in it.
TEST(Cli, EpubChaptersAreScanned) {
  TempDir t;
  t.write("key", "k");
  t.write("share/bog.epub",
          testing::read_file(kSource + "/tests/extractors/fixtures/epub/bog.epub"));
  std::string jsonl;
  ASSERT_EQ(run(kBin + " scan --no-progress -q --key-file " + q(t / "key") + " --jsonl - " + q(t / "share"), &jsonl), 1);
  const std::string book = t / "share/bog.epub";
  EXPECT_NE(jsonl.find("\"location\":\"" + book + "\",\"kind\":\"cpr\""), std::string::npos) << jsonl;
  EXPECT_NE(jsonl.find("\"part\":\"chapter 1\""), std::string::npos) << jsonl;
  EXPECT_NE(jsonl.find("\"part\":\"metadata\""), std::string::npos) << jsonl;
  EXPECT_NE(jsonl.find("\"location\":\"" + book + "!/OEBPS/Misc/bilag.txt\""), std::string::npos) << jsonl;
  EXPECT_NE(jsonl.find("\"format\":\"epub\""), std::string::npos) << jsonl;
  EXPECT_EQ(jsonl.find("\"kind\":\"error\""), std::string::npos) << jsonl;
}

// A PST inside a zip (twice, and in a zip in the zip) is copied for libpst to a private spool file: its
// messages are found as in an on-disk PST, and nothing is left in $TMPDIR but the private 0700 directory.
TEST(Cli, NestedPstLeavesNoTemporaryFile) {
  TempDir t;
  t.write("key", "k");
  t.write("terms.txt", "@kind health\nforwarded plain text\n");
  const std::string pst =
      testing::read_file(kSource + "/tests/fixtures/mail/testPST_variousBodyTypes.pst");
  const std::string inner = testing::make_archive(testing::ArchiveFormat::Zip, {{"export.pst", pst}});
  t.write("share/post.zip", testing::make_archive(testing::ArchiveFormat::Zip,
                                                  {{"a/export.pst", pst}, {"b/kopi.pst", pst}, {"indre.zip", inner}}));
  t.mkdir("tmp");
  const std::string out = t / "out.jsonl";
  for (const char* mode : {"on", "off"}) {
    std::string said;
    ASSERT_EQ(run("TMPDIR=" + q(t / "tmp") + " " + kBin + " scan --no-progress -q --min-score 0 --member-tasks " +
                      mode + " --key-file " + q(t / "key") + " --terms " + q(t / "terms.txt") + " --jsonl " + q(out) + " " +
                      q(t / "share") + " 2>&1",
                  &said),
              1)
        << said;
    const std::string jsonl = testing::read_file(out);
    for (const std::string at : {"a/export.pst", "b/kopi.pst", "indre.zip!/export.pst"})
      EXPECT_NE(jsonl.find("post.zip!/" + at + "!/Inbox/tmp/4 FW: original email (2017-08-30)\""), std::string::npos)
          << at << "\n" << jsonl;
    EXPECT_EQ(jsonl.find("\"kind\":\"error\""), std::string::npos) << jsonl;
    EXPECT_EQ(testing::files_below(t / "tmp"), std::vector<std::string>{});
    struct stat st;
    ASSERT_EQ(::stat((t / ("tmp/datavagt-" + std::to_string(::geteuid()))).c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
  }
}

// libpst opens files by name; the PST is still read only through the scanner's O_NOATIME descriptor, so its
// access time stays (under relatime an atime older than the mtime would otherwise be updated by any read, as
// lspst does). Meaningless on a file system mounted noatime, where it passes anyway.
TEST(Cli, ScanningAPstKeepsItsAccessTime) {
  TempDir t;
  t.write("key", "k");
  const std::string pst = t.write(
      "share/export.pst",
      testing::read_file(kSource + "/tests/fixtures/mail/testPST_variousBodyTypes.pst"));
  const struct timespec times[2] = {{978307200, 0}, {1009843200, 0}};  // atime 2001, mtime 2002
  ASSERT_EQ(::utimensat(AT_FDCWD, pst.c_str(), times, 0), 0);
  run(kBin + " scan --no-progress -q --key-file " + q(t / "key") + " " + q(t / "share") + " >/dev/null 2>&1");
  struct stat st;
  ASSERT_EQ(::stat(pst.c_str(), &st), 0);
  EXPECT_EQ(st.st_atim.tv_sec, 978307200);
}

// The installation key ($DATAVAGT_KEY_FILE here: the tests never touch /var/lib/datavagt) is made on first use
// by whoever may (root here; no group `datavagt` on a test machine, so 0600), then shared by scans and lookups.
TEST(Cli, DefaultKeyIsCreatedOnceAndReused) {
  TempDir t;
  t.write("share/a.txt", "CPR-nr.: 150643-1006\n");
  const std::string key = t / "lib/datavagt/fingerprint.key";
  const std::string env = "XDG_DATA_HOME=" + q(t / "data") + " DATAVAGT_KEY_FILE=" + q(key) + " ";
  std::string a, b, jsonl, id;
  ASSERT_EQ(run(env + kBin + " fingerprint 150643-1006", &a), 0);
  ASSERT_EQ(run(env + kBin + " fingerprint 150643-1006", &b), 0);
  EXPECT_EQ(a, b);
  struct stat st;
  ASSERT_EQ(::stat(key.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_NE(::stat((t / "data/datavagt/fingerprint.key").c_str(), &st), 0);  // no per-user key was needed
  ASSERT_EQ(run(env + kBin + " scan -q --no-progress --jsonl - " + q(t / "share"), &jsonl), 1);
  a.pop_back();
  EXPECT_NE(jsonl.find("\"fingerprint\":\"" + a + "\""), std::string::npos) << jsonl;
  ASSERT_EQ(run(env + kBin + " key-id", &id), 0);
  EXPECT_EQ(id, Fingerprinter(testing::read_file(key)).key_check_value() + "  " + key + "\n");
  EXPECT_NE(jsonl.find("\"key_id\":\"" + id.substr(0, 16) + "\""), std::string::npos) << jsonl;
}

// `keygen` makes a key that is never overwritten; `key-id` names it by its check value, as the scan-start
// record does.
TEST(Cli, KeygenAndKeyId) {
  TempDir t;
  const std::string key = t / "keys/fingerprint.key";
  std::string made, id, again;
  ASSERT_EQ(run(kBin + " keygen " + q(key), &made), 0);
  EXPECT_TRUE(std::regex_match(made, std::regex("[0-9a-f]{16}  " + key + "\n"))) << made;
  struct stat st;
  ASSERT_EQ(::stat(key.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(st.st_size, 32);
  ASSERT_EQ(run(kBin + " key-id --key-file " + q(key), &id), 0);
  EXPECT_EQ(id, made);
  const std::string before = testing::read_file(key);
  EXPECT_EQ(run(kBin + " keygen " + q(key) + " 2>&1", &again), 2);
  EXPECT_NE(again.find("never overwritten"), std::string::npos) << again;
  EXPECT_EQ(testing::read_file(key), before);
  EXPECT_EQ(run(kBin + " keygen " + q(t / "g.key") + " --group no-such-group-for-datavagt 2>/dev/null"), 2);
  ASSERT_EQ(run(kBin + " keygen " + q(t / "g.key") + " --group nogroup", &made), 0);
  ASSERT_EQ(::stat((t / "g.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
  // A weak key is used, with a warning naming what is wrong (also with -q).
  t.write("share/a.txt", "intet\n");
  t.write("weak", "kort");
  ASSERT_EQ(::chmod((t / "weak").c_str(), 0644), 0);
  std::string said;
  EXPECT_EQ(run(kBin + " scan -q --no-progress --key-file " + q(t / "weak") + " " + q(t / "share") + " 2>&1", &said), 0);
  EXPECT_NE(said.find("only 4 bytes"), std::string::npos) << said;
  EXPECT_NE(said.find("readable by others"), std::string::npos) << said;
}

}  // namespace
}  // namespace datavagt::e2e

namespace datavagt::e2e {
namespace {

// The bundled demo corpus finds what corpus/demo/EXPECTED.md says: 21 cpr, 1 cpr-replacement, 1 health,
// 1 criminal and 1 union in 11 files (a DOCX and a PDF among them: the PDF's on page 2, the DOCX's in its body);
// the care journal's CPR and health findings are critical.
TEST(Cli, DemoCorpusFindsWhatItsReadmeSays) {
  std::string jsonl;
  const int rc = testing::run(kBin + " scan -q --no-progress --key-file /dev/null --jsonl - " +
                                  q(kSource + "/corpus/demo") + " 2>&1",
                              &jsonl);
  EXPECT_EQ(rc, 2) << "an empty key file must be refused";
  testing::TempDir t;
  t.write("key", "demo");
  ASSERT_EQ(testing::run(kBin + " scan -q --no-progress --key-file " + q(t / "key") + " --jsonl - " +
                             q(kSource + "/corpus/demo"),
                         &jsonl),
            1);
  std::map<std::string, std::size_t> kinds;
  std::size_t critical = 0;
  std::set<std::string> files;
  for (const auto& r : testing::jsonl_records(jsonl)) {
    ++kinds[r["kind"]];
    const std::string path = r["path"];
    if (r.value("severity", "") == "critical") {
      ++critical;
      EXPECT_NE(path.find("Journalnotat_hjemmebes"), std::string::npos) << r;
    }
    files.insert(path);
    if (path.ends_with(".pdf")) {
      EXPECT_EQ(r.value("page", 0), 2) << r;
    }
    if (path.ends_with(".docx")) {
      EXPECT_EQ(r.value("part", ""), "body") << r;
    }
  }
  const std::map<std::string, std::size_t> expected{
      {"cpr", 21}, {"cpr-replacement", 1}, {"health", 1}, {"criminal", 1}, {"union", 1}};
  EXPECT_EQ(kinds, expected) << jsonl;
  EXPECT_EQ(critical, 2u) << jsonl;
  EXPECT_EQ(files.size(), 11u);
  EXPECT_EQ(files.count(kSource + "/corpus/demo/Jobcenter/Bevilling_hjælpemidler.pdf"), 1u);
  EXPECT_EQ(files.count(kSource + "/corpus/demo/Borgerservice/Afgørelse_boligstøtte.docx"), 1u);
}

std::size_t entries(const std::string& dir) {
  std::size_t n = 0;
  if (DIR* d = ::opendir(dir.c_str())) {
    while (const dirent* e = ::readdir(d))
      if (e->d_name[0] != '.') ++n;
    ::closedir(d);
  }
  return n;
}

// The databases built into the program are the ones its scans ask for: a default scan and a `--kinds cpr` scan
// with an empty cache folder find what they should and leave the folder empty (they loaded the embedded
// databases; a miss would have compiled and stored them there); a site dictionary compiles and caches as before.
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
}  // namespace datavagt::e2e
