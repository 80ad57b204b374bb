// Issue 14 point 7: the same tree gives the same summary and reports on every run, whatever the thread timing
// (one thread or two, containers scanned as parallel member tasks or not); a scan's live JSON Lines may come in
// completion order but hold the same set of records. A generated share with every document format, plus zips
// (one nested) and an mbox, is scanned three times; only what names the run or its time may differ.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/e2e.h"

namespace datavagt::e2e {
namespace {

// The records, sorted, without the fields that name the run or its time, and without scan-start (it repeats the
// options, which differ between the runs on purpose).
std::vector<std::string> record_set(const std::string& jsonl) {
  std::vector<std::string> out;
  std::istringstream in(jsonl);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line);
    if (j.value("kind", "") == "scan-start") continue;
    for (const char* k : {"run_id", "started", "ended", "seconds"}) j.erase(k);
    out.push_back(j.dump());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The summary without the lines that say how the work went rather than what was found: how long it took, and
// how much was taken from the store or from a copy already scanned in this run (a copy met while its original
// is still being read is read too: that count depends on timing, the findings do not).
std::string without_timing(const std::string& summary) {
  std::istringstream in(summary);
  std::string out;
  for (std::string line; std::getline(in, line);)
    if (line.rfind("  time ", 0) != 0 && line.rfind("  unchanged ", 0) != 0) out += line + "\n";
  return out;
}

// A report with the run's own time and id blanked (the HTML names when each run was made and when it was written).
std::string without_run_times(const std::string& text) {
  static const std::regex stamp(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ|\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?)");
  static const std::regex uuid(R"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");
  static const std::regex now(R"("now":\d+)");
  static const std::regex clock(R"( \d\d:\d\d\b)");  // "Made by Datavagt on 7 December 2026 at 03:24"
  std::string out = std::regex_replace(std::regex_replace(text, stamp, "TIME"), uuid, "RUN");
  return std::regex_replace(std::regex_replace(out, now, "\"now\":0"), clock, " HH:MM");
}

// The CSV's file ids are F<number in the store>-<hash>: the number is the order in which that store first
// stored the file, so it is the same on every run into one store, not between two stores.
std::string without_store_numbers(const std::string& csv) {
  static const std::regex number(R"((^|\n)F\d+-)");
  return std::regex_replace(csv, number, "$1F#-");
}

struct Outputs {
  std::string summary, jsonl, csv, html;
};

TEST(Determinism, SameTreeSameSummaryReportsAndRecordsOnEveryRun) {
  TempDir t;
  ASSERT_EQ(run("python3 " + q(kSource + "/corpus/generate.py") + " --out " + q(t.path()) +
                " --profile share --size 2M --seed 14 >/dev/null"),
            0);
  const std::string share = t / "share";
  // Containers: a zip of a folder's files, a zip holding that zip, and an mbox with an attachment.
  const std::string pack = t.write("pack.py",
                                   "import os, zipfile\n"
                                   "files = sorted(os.path.join(d, f) for d, _, fs in os.walk('.') for f in fs)\n"
                                   "files = [f for f in files if f.isprintable()][:40]  # names in UTF-8\n"
                                   "with zipfile.ZipFile('pakke.zip', 'w', zipfile.ZIP_DEFLATED) as z:\n"
                                   "    [z.write(f) for f in files]\n"
                                   "with zipfile.ZipFile('ydre.zip', 'w') as z:\n"
                                   "    z.write('pakke.zip', 'indre/pakke.zip')\n");
  ASSERT_EQ(run("cd " + q(share) + " && python3 " + q(pack)), 0);
  t.write("share/post.mbox",
          "From a@b Mon Jan  1 00:00:00 2024\nFrom: a@b.dk\nSubject: Sag\nMIME-Version: 1.0\n"
          "Content-Type: multipart/mixed; boundary=X\n\n--X\nContent-Type: text/plain\n\n"
          "Borgerens CPR-nr.: 150643-1006, diabetes.\n--X\nContent-Type: text/plain; name=bilag.txt\n"
          "Content-Disposition: attachment; filename=bilag.txt\n\nPersonnummer 010190-2005\n--X--\n"
          "From c@d Tue Jan  2 00:00:00 2024\nFrom: c@d.dk\nSubject: Anden\n\nIntet her.\n");
  const std::string key = t.write("key", "determinism-test-key-32-bytes-ok");
  ::chmod(key.c_str(), 0600);

  const auto scan = [&](int i, const std::string& store, const std::string& extra) {
    Outputs o;
    const std::string db = t / store;
    const std::string j = t / ("run" + std::to_string(i) + ".jsonl");
    const int rc = run(kBin + " scan --no-progress --lang en --key-file " + q(key) + " --db " + q(db) + " --jsonl " +
                           q(j) + " " + extra + " " + q(share) + " 2>/dev/null",
                       &o.summary);
    EXPECT_EQ(rc, 1) << "findings expected";
    o.jsonl = read_file(j);
    EXPECT_LE(run(kBin + " report --db " + q(db) + " --csv " + q(t / "r.csv") + " --html " + q(t / "r.html") +
                  " --lang en >/dev/null"),
              1);  // 1: the store holds findings
    o.csv = read_file(t / "r.csv");
    o.html = without_run_times(read_file(t / "r.html"));
    return o;
  };
  const Outputs first = scan(1, "a.db", "-j 2");
  const Outputs one_thread = scan(2, "b.db", "-j 1");                // another store, one thread
  const Outputs again = scan(3, "a.db", "-j 2 --full");              // the first store, every file read again
  const Outputs member_tasks_off = scan(4, "c.db", "-j 2 --member-tasks off");

  ASSERT_GT(record_set(first.jsonl).size(), 50u) << "a share with findings in many files";
  ASSERT_NE(first.summary.find("pakke.zip"), std::string::npos) << first.summary;
  // The first store again: the same rows with the same file ids (its HTML has a second run and a trend now).
  EXPECT_EQ(again.csv, first.csv);
  for (const Outputs* o : {&one_thread, &again, &member_tasks_off}) {
    EXPECT_EQ(without_timing(o->summary), without_timing(first.summary));
    EXPECT_EQ(record_set(o->jsonl), record_set(first.jsonl));
    EXPECT_EQ(without_store_numbers(o->csv), without_store_numbers(first.csv));
  }
  EXPECT_EQ(one_thread.html, first.html);
  EXPECT_EQ(member_tasks_off.html, first.html);
}

}  // namespace
}  // namespace datavagt::e2e
