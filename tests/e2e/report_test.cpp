// The DPO's reports as users meet them: `report --html/--csv/--csv-summary` from a scanned store (no CPR in
// clear anywhere, 0600 or 0640 with --group, Danish by default, English with --lang en), the CSV round trip
// and `review --from-csv` (all or nothing), per-department reports on a store with departments, the policy's overdue/misplaced reasons, --since,
// --no-context, and the terminal's --all.
#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "reports/csv/csv_reader.h"
#include "tests/support/e2e.h"
#include "tests/support/synthetic_store.h"

namespace datavagt::e2e {
namespace {

// Valid CPR numbers (mod 11), planted in contents and in a file name.
constexpr const char* kCprA = "150643-1006";
constexpr const char* kCprC = "010190-2005";

struct ScannedShare {
  TempDir t;
  std::string key = t.write("key", "test-key");
  std::string db = t / "store.db";
  ScannedShare() {
    t.write("share/Borgerservice/brev.txt", std::string("Borgerens CPR-nr.: ") + kCprA + ", Skovbrynet 3.\n");
    t.write("share/Jobcenter/notat.txt", std::string("Personnummer ") + kCprC + ", diabetes og depression.\n");
    t.write("share/Jobcenter/tom.txt", "Intet her.\n");
    t.write("share/HR/liste.csv", std::string("navn;cpr\nA;") + kCprA + "\nB;" + kCprC + "\n");
    t.write(std::string("share/HR/") + kCprC + " personalesag.txt", std::string("Medarbejder, cpr ") + kCprA + "\n");
    EXPECT_EQ(run(kBin + " scan --no-progress -q --key-file " + q(key) + " --db " + q(db) + " " + q(t / "share")), 1);
  }
  int report(const std::string& args, std::string* out = nullptr) const {
    return run(kBin + " report --db " + q(db) + " " + args + " 2>&1", out);
  }
  // Files with findings, as the JSON Lines export counts them.
  std::size_t files_with_findings() const {
    std::string out;
    run(kBin + " report --db " + q(db) + " --jsonl -", &out);
    std::set<std::string> paths;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) {
      const auto j = nlohmann::json::parse(line);
      if (j["kind"] != "error" && j["kind"] != "note") paths.insert(j["path"].get<std::string>());
    }
    return paths.size();
  }
};

void expect_no_cpr(const std::string& text, const std::string& what) {
  for (const char* cpr : {kCprA, kCprC}) {
    std::string digits(cpr);
    digits.erase(6, 1);
    EXPECT_EQ(text.find(cpr), std::string::npos) << cpr << " in clear in " << what;
    EXPECT_EQ(text.find(digits), std::string::npos) << digits << " in clear in " << what;
    EXPECT_EQ(text.find(std::string(cpr).substr(6)), std::string::npos) << "the last digits of " << cpr << " in " << what;
  }
}

mode_t mode_of(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 0777;
}

TEST(Report, EveryOutputIsPrivateAndHoldsNoCprInClear) {
  ScannedShare s;
  const std::string html = s.t / "r.html", csv = s.t / "r.csv", sum = s.t / "s.csv", jsonl = s.t / "r.jsonl";
  std::string terminal, all;
  ASSERT_EQ(s.report("--html " + q(html) + " --csv " + q(csv) + " --csv-summary " + q(sum) + " --jsonl " + q(jsonl)), 1);
  ASSERT_EQ(s.report("", &terminal), 1);
  ASSERT_EQ(s.report("--all", &all), 1);
  for (const auto& [text, what] : std::vector<std::pair<std::string, std::string>>{
           {read_file(html), "the HTML"}, {read_file(csv), "the CSV"}, {read_file(sum), "the summary CSV"},
           {read_file(jsonl), "the JSON Lines"}, {terminal, "the terminal"}, {all, "the terminal --all"}})
    expect_no_cpr(text, what);
  for (const auto& f : {html, csv, sum, jsonl}) EXPECT_EQ(mode_of(f), 0600u) << f;
  // The file named by a CPR number is there, masked.
  EXPECT_NE(read_file(html).find("010190-XXXX personalesag.txt"), std::string::npos);
  EXPECT_NE(read_file(csv).find("010190-XXXX personalesag.txt"), std::string::npos);
}

TEST(Report, GroupMakesTheOutputsReadableByTheGroup) {
  ScannedShare s;
  struct group* g = ::getgrgid(::getegid());
  ASSERT_NE(g, nullptr);
  const std::string name = g->gr_name;
  const std::string html = s.t / "r.html", csv = s.t / "r.csv";
  ASSERT_EQ(s.report("--group " + q(name) + " --html " + q(html) + " --csv " + q(csv)), 1);
  for (const auto& f : {html, csv}) {
    EXPECT_EQ(mode_of(f), 0640u) << f;
    struct stat st {};
    ::stat(f.c_str(), &st);
    EXPECT_EQ(st.st_gid, ::getegid());
  }
  std::string out;
  EXPECT_EQ(s.report("--group no-such-group-here --html " + q(html), &out), 2);
  EXPECT_NE(out.find("no-such-group-here"), std::string::npos) << out;
}

TEST(Report, CsvOpensInDanishExcelAndParsesBack) {
  ScannedShare s;
  const std::string path = s.t / "r.csv";
  ASSERT_EQ(s.report("--csv " + q(path)), 1);
  const std::string bytes = read_file(path);
  ASSERT_EQ(bytes.substr(0, 3), "\xEF\xBB\xBF") << "UTF-8 byte-order mark";
  const std::string header = bytes.substr(3, bytes.find("\r\n") - 3);
  EXPECT_EQ(header.substr(0, 10), "id;Sti;Afd") << header;
  EXPECT_EQ(bytes.find('\n'), bytes.find("\r\n") + 1) << "CRLF rows";
  auto table = csv::read_csv(bytes);
  ASSERT_TRUE(table) << table.problem().detail;
  EXPECT_EQ(table->separator, ';');
  EXPECT_EQ(table->rows.size() - 1, s.files_with_findings());
  for (const auto& row : table->rows) EXPECT_EQ(row.fields.size(), table->rows[0].fields.size());
  // The most severe file first: the note with a CPR number and health terms.
  EXPECT_NE(table->rows[1].fields[1].find("Jobcenter/notat.txt"), std::string::npos);
  EXPECT_EQ(table->rows[1].fields[5], "kritisk");
}

TEST(Report, DanishByDefaultEnglishWithLang) {
  ScannedShare s;
  const std::string da = s.t / "da.html", en = s.t / "en.html", en_csv = s.t / "en.csv";
  ASSERT_EQ(run("LC_ALL=en_GB.UTF-8 " + kBin + " report --db " + q(s.db) + " --html " + q(da)), 1);
  ASSERT_EQ(s.report("--lang en --html " + q(en) + " --csv " + q(en_csv)), 1);
  const std::string d = read_file(da), e = read_file(en);
  EXPECT_NE(d.find("<html lang=\"da\">"), std::string::npos);
  EXPECT_NE(d.find("Personoplysninger på fildrevene"), std::string::npos);
  EXPECT_NE(d.find("kritisk"), std::string::npos);
  EXPECT_NE(e.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(e.find("Personal data on the file shares"), std::string::npos);
  EXPECT_EQ(e.find("Personoplysninger"), std::string::npos);
  EXPECT_EQ(read_file(en_csv).substr(3, 12), "id;Path;Depa");
  std::string out;
  EXPECT_EQ(s.report("--lang de --html " + q(en), &out), 2);
  EXPECT_NE(out.find("--lang"), std::string::npos) << out;
}

TEST(Report, NoContextLeavesTheTextAroundFindingsOut) {
  ScannedShare s;
  const std::string with = s.t / "with.html", without = s.t / "without.html";
  ASSERT_EQ(s.report("--html " + q(with)), 1);
  ASSERT_EQ(s.report("--no-context --html " + q(without)), 1);
  EXPECT_NE(read_file(with).find("Skovbrynet"), std::string::npos);
  EXPECT_EQ(read_file(without).find("Skovbrynet"), std::string::npos);
}

TEST(Report, ReviewFromCsvRecordsEditedStatesAllOrNothing) {
  ScannedShare s;
  const std::string path = s.t / "r.csv";
  ASSERT_EQ(s.report("--csv " + q(path)), 1);
  auto table = csv::read_csv(read_file(path));
  ASSERT_TRUE(table);
  const auto& header = table->rows[0].fields;
  const auto col = [&](const std::string& title) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), title) - header.begin());
  };
  const std::size_t state = col("Status"), reason = col("Begrundelse");
  ASSERT_LT(reason, header.size());
  // Excel saves what the DPO typed: one file handled, in Danish; a bad state two rows further down.
  auto write = [&](const std::vector<std::vector<std::string>>& edits, const std::string& file) {
    std::string out = "\xEF\xBB\xBF";
    for (std::size_t r = 0; r < table->rows.size(); ++r) {
      auto fields = table->rows[r].fields;
      for (const auto& e : edits)
        if (std::to_string(r + 1) == e[0]) {
          fields[state] = e[1];
          fields[reason] = e[2];
        }
      for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? ";" : "") + std::string("\"") + fields[i] + "\"";
      out += "\r\n";
    }
    return s.t.write(file, out);
  };
  std::string out;
  const std::string bad = write({{"2", "Redigeret", "anonymiseret"}, {"4", "Måske", "?"}}, "bad.csv");
  EXPECT_EQ(run(kBin + " review --db " + q(s.db) + " --from-csv " + q(bad) + " 2>&1", &out), 2);
  EXPECT_NE(out.find("row 4"), std::string::npos) << out;
  EXPECT_NE(out.find("Måske"), std::string::npos) << out;
  std::string jsonl;
  run(kBin + " report --db " + q(s.db) + " --jsonl - --state handled", &jsonl);
  EXPECT_EQ(jsonl, "") << "a bad row: nothing recorded";

  const std::string good =
      write({{"2", "Redigeret", "anonymiseret, cpr 150643-1006 fjernet"}, {"3", "false-positive", "et fakturanummer"}},
            "good.csv");
  ASSERT_EQ(run(kBin + " review --db " + q(s.db) + " --from-csv " + q(good) + " --by dpo 2>&1", &out), 0) << out;
  EXPECT_NE(out.find("2 files"), std::string::npos) << out;
  run(kBin + " report --db " + q(s.db) + " --jsonl - --state handled,false-positive", &jsonl);
  std::set<std::string> paths;
  std::istringstream in(jsonl);
  for (std::string line; std::getline(in, line);) {
    const auto j = nlohmann::json::parse(line);
    paths.insert(j["path"].get<std::string>());
    EXPECT_EQ(j["review"]["by"], "dpo");
  }
  EXPECT_EQ(paths.size(), 2u);
  expect_no_cpr(jsonl, "a reason typed in the CSV");
  // The same CSV again changes nothing.
  ASSERT_EQ(run(kBin + " review --db " + q(s.db) + " --from-csv " + q(good) + " 2>&1", &out), 0) << out;
  EXPECT_NE(out.find("0 files"), std::string::npos) << out;
  // A file that changed since the report: an error, unless --skip-changed.
  const std::string changed = write({{"2", "Slettet", "slettet i ESDH"}}, "changed.csv");
  const std::string first_path = table->rows[1].fields[1];
  s.t.write("share/Jobcenter/notat.txt", std::string("Personnummer ") + kCprC + ", nu uden diagnoser.\n");
  ASSERT_EQ(run(kBin + " scan --no-progress -q --key-file " + q(s.key) + " --db " + q(s.db) + " " + q(s.t / "share")), 1);
  EXPECT_EQ(run(kBin + " review --db " + q(s.db) + " --from-csv " + q(changed) + " 2>&1", &out), 2);
  EXPECT_NE(out.find("row 2: the file has changed"), std::string::npos) << first_path << "\n" << out;
  EXPECT_EQ(run(kBin + " review --db " + q(s.db) + " --from-csv " + q(changed) + " --skip-changed 2>&1", &out), 0);
  EXPECT_NE(out.find("skipped row 2"), std::string::npos) << out;
}

TEST(Report, TheTerminalFollowsTheLocaleAndMasksNames) {
  ScannedShare s;
  const std::string scan = kBin + " scan --no-progress --key-file " + q(s.key) + " " + q(s.t / "share");
  std::string da, en, forced, report_da;
  EXPECT_EQ(run("LC_ALL= LC_MESSAGES= LANG=da_DK.UTF-8 " + scan, &da), 1);
  std::string c_locale;
  EXPECT_EQ(run("LC_ALL=en_GB.UTF-8 " + scan, &en), 1);
  EXPECT_EQ(run("LC_ALL=C " + scan, &c_locale), 1);  // Danish by default: C is no request for English
  EXPECT_EQ(run("LC_ALL=en_GB.UTF-8 " + scan + " --lang da", &forced), 1);
  EXPECT_EQ(run("LC_ALL=da_DK.UTF-8 " + kBin + " report --db " + q(s.db), &report_da), 1);
  for (const std::string* out : {&da, &c_locale, &forced, &report_da}) {
    EXPECT_NE(out->find("filer med personoplysninger"), std::string::npos) << *out;
    EXPECT_NE(out->find("kritisk   "), std::string::npos) << *out;
  }
  EXPECT_NE(en.find("files with personal data: "), std::string::npos) << en;
  EXPECT_NE(en.find("critical  "), std::string::npos) << en;
  for (const std::string* out : {&da, &en, &forced, &report_da}) {
    expect_no_cpr(*out, "the terminal summary");
    EXPECT_NE(out->find("010190-XXXX personalesag.txt"), std::string::npos) << *out;
  }
}

struct SyntheticReport {
  TempDir t;
  std::string db = t / "synthetic.db";
  testing::SyntheticStoreCounts counts;
  SyntheticReport() {
    testing::SyntheticStoreSpec spec;
    spec.files = 300;
    auto made = testing::make_synthetic_store(db, spec);
    EXPECT_TRUE(made) << (made ? "" : made.problem().detail);
    if (made) counts = *made;
  }
  std::size_t csv_rows(const std::string& path) const {
    auto table = csv::read_csv(read_file(path));
    EXPECT_TRUE(table) << path;
    return table ? table->rows.size() - 1 : 0;
  }
};

TEST(Report, OneFilePerDepartmentWithSafeNames) {
  SyntheticReport s;
  std::string out;
  ASSERT_EQ(run(kBin + " report --db " + q(s.db) + " --csv " + q(s.t / "afd.csv") + " --html " + q(s.t / "afd.html") +
                    " --split-by department 2>&1",
                &out),
            1)
      << out;
  ASSERT_EQ(s.counts.files_by_department.size(), 7u);
  for (const auto& [dept, files] : s.counts.files_by_department) {
    const std::string safe = dept.empty() ? "uden-afdeling" : dept == "Teknik/Miljø" ? "Teknik_Miljø" : dept;
    const std::string csv = s.t / ("afd-" + safe + ".csv");
    const std::string html = s.t / ("afd-" + safe + ".html");
    ASSERT_TRUE(std::filesystem::exists(csv)) << csv << "\n" << out;
    EXPECT_EQ(s.csv_rows(csv), files) << dept;
    EXPECT_EQ(mode_of(html), 0600u);
    // A department's report names no other department's files.
    for (const auto& [other, _] : s.counts.files_by_department) {
      if (other.empty() || other == dept || dept.empty()) continue;
      EXPECT_EQ(read_file(csv).find("/srv/share/" + other + "/"), std::string::npos) << other << " in " << csv;
    }
  }
  ASSERT_EQ(run(kBin + " report --db " + q(s.db) + " --department HR --csv " + q(s.t / "hr.csv") + " 2>&1", &out), 1);
  EXPECT_EQ(s.csv_rows(s.t / "hr.csv"), s.counts.files_by_department["HR"]);
  EXPECT_EQ(run(kBin + " report --db " + q(s.db) + " --department Økonomi --csv " + q(s.t / "x.csv") + " 2>&1", &out), 2);
  EXPECT_NE(out.find("known: Borgerservice, HR, Jobcenter"), std::string::npos) << out;
  const std::string summary = s.t / "sum.csv";
  ASSERT_EQ(run(kBin + " report --db " + q(s.db) + " --csv-summary " + q(summary)), 1);
  EXPECT_EQ(s.csv_rows(summary), 7u + 1u) << "a row per department and the total";
}

// The policy's verdicts as the store keeps them (flags, and in policy_json the overdue rule, its days and the days
// over, the reasons a file is misplaced): every flagged file says so in the CSV with its reasons, and the page's
// data carries them for the file's details.
TEST(Report, OverdueAndMisplacedWithTheirReasons) {
  SyntheticReport s;
  const std::string csv = s.t / "policy.csv", html = s.t / "policy.html";
  ASSERT_EQ(run(kBin + " report --db " + q(s.db) + " --csv " + q(csv) + " --html " + q(html)), 1);
  auto table = csv::read_csv(read_file(csv));
  ASSERT_TRUE(table);
  const auto& header = table->rows[0].fields;
  auto column = [&](const std::string& title) {
    const auto at = std::find(header.begin(), header.end(), title);
    EXPECT_NE(at, header.end()) << title;
    return static_cast<std::size_t>(at - header.begin());
  };
  const std::size_t overdue = column("For gammel"), days_over = column("Dage over"), rule = column("Opbevaringsregel"),
                    misplaced = column("Forkert placeret"), why = column("Hvorfor forkert placeret"),
                    department = column("Afdeling"), responsible = column("Ansvarlig");
  std::size_t n_overdue = 0, n_misplaced = 0;
  for (std::size_t i = 1; i < table->rows.size(); ++i) {
    const auto& row = table->rows[i].fields;
    if (row[overdue] == "ja") {
      ++n_overdue;
      EXPECT_GT(std::stoi(row[days_over]), 0) << i;
      EXPECT_EQ(row[rule], "/srv/share/" + (row[department].empty() ? std::string("Diverse") : row[department]) + "/**");
    } else {
      EXPECT_EQ(row[overdue], "nej");
      EXPECT_EQ(row[days_over], "") << i;
    }
    if (row[misplaced] == "ja") {
      ++n_misplaced;
      EXPECT_EQ(row[why], "readable by Everyone") << "reasons are the policy's own words";
    } else {
      EXPECT_EQ(row[why], "");
    }
    if (!row[department].empty()) {
      EXPECT_EQ(row[responsible], "Leder af " + row[department]);
    }
  }
  EXPECT_GT(n_overdue, 0u);
  EXPECT_GT(n_misplaced, 0u);
  EXPECT_EQ(n_overdue, s.counts.overdue);
  EXPECT_EQ(n_misplaced, s.counts.misplaced);
  const std::string page = read_file(html);
  EXPECT_NE(page.find("readable by Everyone"), std::string::npos);
  EXPECT_NE(page.find("Leder af HR"), std::string::npos);
}

TEST(Report, SinceLastKeepsWhatIsNewInEveryFormat) {
  SyntheticReport s;
  const std::string all = s.t / "all.csv", since = s.t / "since.csv", html = s.t / "since.html";
  ASSERT_EQ(run(kBin + " report --db " + q(s.db) + " --csv " + q(all)), 1);
  ASSERT_EQ(run(kBin + " report --db " + q(s.db) + " --since last --csv " + q(since) + " --html " + q(html)), 1);
  const std::size_t n_all = s.csv_rows(all), n_since = s.csv_rows(since);
  EXPECT_EQ(n_all, s.counts.files_with_findings);
  EXPECT_GT(n_since, 0u);
  EXPECT_LT(n_since, n_all / 5) << "only the files that changed in the last run";
  EXPECT_NE(read_file(html).find("kun fund, der er nye siden kørsel 2"), std::string::npos);
  std::string jsonl;
  run(kBin + " report --db " + q(s.db) + " --since last --jsonl -", &jsonl);
  std::set<std::string> paths;
  std::istringstream in(jsonl);
  for (std::string line; std::getline(in, line);) paths.insert(nlohmann::json::parse(line)["path"].get<std::string>());
  EXPECT_EQ(paths.size(), n_since);
}

TEST(Report, TerminalListsEveryFileWithAll) {
  SyntheticReport s;
  std::string some, every;
  ASSERT_EQ(run(kBin + " report --db " + q(s.db), &some), 1);
  ASSERT_EQ(run(kBin + " report --db " + q(s.db) + " --all", &every), 1);
  auto listed = [](const std::string& text) {
    std::size_t n = 0;
    for (std::size_t at = text.find("/srv/share/"); at != std::string::npos; at = text.find("/srv/share/", at + 1)) ++n;
    return n;
  };
  EXPECT_NE(some.find("and " + std::to_string(s.counts.files_with_findings - 20) + " more (--all"), std::string::npos) << some;
  EXPECT_GE(listed(every), s.counts.files_with_findings);
  EXPECT_EQ(every.find(" more (--all"), std::string::npos);
}

}  // namespace
}  // namespace datavagt::e2e
