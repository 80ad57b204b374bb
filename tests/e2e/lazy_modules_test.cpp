// The heavy extractors live in modules loaded on first use (extractors/extractor_module.h, issue 16 item 4):
// a scan of text maps none of their libraries, in the scanner and in its worker processes; each kind of file
// loads its own module and no other; a missing module costs its files an error record naming the module and
// where to install it, and the scan goes on. What is mapped is read from the dynamic loader (LD_DEBUG=files).
#include <gtest/gtest.h>

#include <cstdio>
#include <set>
#include <vector>

#include "tests/support/jsonl_records.h"
#include "tests/support/temp_dir.h"

namespace datavagt {
namespace {

using testing::run;
using testing::TempDir;

const std::string kBin = DATAVAGT_BIN;
const std::string kFixtures = std::string(DATAVAGT_SOURCE_DIR) + "/tests/extractors/fixtures/";

std::string q(const std::string& s) { return "'" + s + "'"; }

constexpr const char* kText = "Journalnotat\nVedrørende borger med CPR-nr. 070761-4285, boligstøtte.\n";
constexpr const char* kMail =
    "From: Sagsbehandler <sag@fjordby.dk>\nTo: borger@example.dk\nSubject: Bevilling\n"
    "Date: Mon, 7 Dec 2026 08:00:00 +0100\nContent-Type: text/plain; charset=utf-8\n\n"
    "Din ansøgning er bevilget. CPR 070761-4285.\n";

struct Scan {
  int exit = 0;
  std::string loader;                  // what the dynamic loader said (LD_DEBUG=files), in the scanner and every child
  std::vector<std::string> processes;  // the same, one entry per process
  std::string scanner;                 // the scanner's own (the process started), also in `processes`
  testing::JsonlRun run;
};

Scan scan(const TempDir& t, const std::string& root, const std::string& env = "", const std::string& extra = "",
          const std::string& bin = kBin) {
  Scan s;
  const std::string out = t / "out.jsonl";
  const std::string debug = t / "ld-debug";
  for (const auto& f : testing::files_below(t.path()))  // an earlier scan's in the same folder
    if (f.find("/ld-debug.") != std::string::npos) std::remove(f.c_str());
  // The shell's pid is the scanner's: exec keeps it, through env, to the program.
  const std::string pid_file = t / "scanner.pid";
  s.exit = run("echo $$ >" + q(pid_file) + "; exec env " + env + " LD_DEBUG=files LD_DEBUG_OUTPUT=" + q(debug) + " " +
               q(bin) + " scan -q --no-progress --key-file " + q(testing::write_key(t)) + " --jsonl " + q(out) + " " +
               extra + " " + q(root));
  std::string pid = testing::read_file(pid_file);
  while (!pid.empty() && pid.back() == '\n') pid.pop_back();
  // LD_DEBUG_OUTPUT writes one file per process: debug.<pid>.
  for (const auto& f : testing::files_below(t.path()))
    if (f.find("/ld-debug.") != std::string::npos) {
      s.processes.push_back(testing::read_file(f));
      s.loader += s.processes.back();
      if (f == debug + "." + pid) s.scanner = s.processes.back();
    }
  s.run = testing::parse_jsonl(testing::read_file(out));
  return s;
}

// The heavy libraries (each module's own) and the modules, as the loader names them when it maps them.
const std::set<std::string> kHeavy = {"libpoppler", "libgmime", "libpst.so", "libgsf", "libarchive.so", "libtesseract",
                                      "libdatavagt_pdf.so", "libdatavagt_mail.so", "libdatavagt_office.so",
                                      "libdatavagt_ocr.so"};

std::set<std::string> mapped_heavy(const std::string& loader) {
  std::set<std::string> found;
  for (const auto& lib : kHeavy)
    if (loader.find("file=" + lib) != std::string::npos || loader.find("/" + lib) != std::string::npos)
      found.insert(lib);
  return found;
}

int cpr_findings(const Scan& s) {
  int n = 0;
  for (const auto& r : s.run.records) n += r.value("kind", "") == "cpr";
  return n;
}

TEST(LazyModules, ATextScanMapsNoHeavyLibraryInTheScannerOrItsWorkers) {
  TempDir t;
  t.write("share/notat.txt", kText);
  t.write("share/side.html", "<html><body><p>CPR 070761-4285</p></body></html>");
  for (const std::string workers : {"in-process", "processes"}) {
    const Scan s = scan(t, t / "share", "", "--workers " + workers);
    EXPECT_EQ(s.exit, 1) << workers;
    EXPECT_EQ(cpr_findings(s), 2) << workers;
    ASSERT_NE(s.loader.find("file="), std::string::npos) << "LD_DEBUG gave nothing";
    // With worker processes the account holds the scanner's and at least one worker's, each without them.
    EXPECT_GE(s.processes.size(), workers == "processes" ? 2U : 1U) << workers;
    EXPECT_NE(s.scanner.find("file="), std::string::npos) << workers;
    for (const auto& process : s.processes) EXPECT_EQ(mapped_heavy(process), std::set<std::string>{}) << workers;
  }
}

TEST(LazyModules, WorkersLoadTheModuleOfTheFileTheyReadOnly) {
  TempDir t;
  t.write("share/notat.txt", kText);
  t.write("share/brev.eml", kMail);
  const Scan s = scan(t, t / "share", "", "--workers processes");
  EXPECT_EQ(s.exit, 1);
  EXPECT_EQ(cpr_findings(s), 2);
  ASSERT_GE(s.processes.size(), 2U);
  ASSERT_NE(s.scanner.find("file="), std::string::npos) << "no account of the scanner's own process";
  // The mail is read in a worker: that worker maps the mail module; the scanner maps none, nor does any process
  // map another module.
  EXPECT_EQ(mapped_heavy(s.scanner), std::set<std::string>{});
  std::size_t with_mail = 0;
  for (const auto& process : s.processes) {
    const auto heavy = mapped_heavy(process);
    if (heavy.empty()) continue;
    EXPECT_EQ(heavy, (std::set<std::string>{"libgmime", "libpst.so", "libdatavagt_mail.so"}));
    ++with_mail;
  }
  EXPECT_EQ(with_mail, 1U);
}

TEST(LazyModules, EachKindOfFileLoadsItsOwnModuleOnly) {
  struct Case {
    std::string name;
    std::string bytes;
    std::set<std::string> expected;  // among kHeavy
    std::string options;
  };
  const std::vector<Case> cases = {
      // Its page without text would load the OCR module (and Tesseract's libraries) too.
      {"notat.pdf", testing::read_file(kFixtures + "pdf/notat.pdf"), {"libpoppler", "libdatavagt_pdf.so"}, "--ocr off"},
      {"brev.docx", testing::read_file(kFixtures + "ooxml/brev.docx"),
       {"libgsf", "libarchive.so", "libdatavagt_office.so"}, ""},
      {"brev.eml", kMail, {"libgmime", "libpst.so", "libdatavagt_mail.so"}, ""},
  };
  // In worker processes too: a worker is given the scan's options (--ocr off) and loads what its file needs.
  for (const std::string workers : {"in-process", "processes"}) {
    for (const auto& c : cases) {
      TempDir t;
      t.write("share/" + c.name, c.bytes);
      const Scan s = scan(t, t / "share", "", c.options + " --workers " + workers);
      EXPECT_EQ(s.exit, 1) << c.name << " " << workers;
      EXPECT_GE(cpr_findings(s), 1) << c.name << " " << workers;
      EXPECT_EQ(mapped_heavy(s.loader), c.expected) << c.name << " " << workers;
      EXPECT_EQ(mapped_heavy(s.scanner), workers == "processes" ? std::set<std::string>{} : c.expected) << c.name;
    }
  }
}

TEST(LazyModules, AMissingModuleCostsItsFilesAnErrorRecordAndTheScanGoesOn) {
  TempDir t;
  t.mkdir("no-modules");
  t.write("share/notat.txt", kText);
  t.write("share/notat.pdf", testing::read_file(kFixtures + "pdf/notat.pdf"));
  for (const std::string workers : {"in-process", "processes"}) {
    const Scan s = scan(t, t / "share", "DATAVAGT_MODULE_DIR=" + q(t / "no-modules"), "--workers " + workers);
    EXPECT_EQ(cpr_findings(s), 1) << workers;  // the text file's
    bool pdf_error = false;
    for (const auto& r : s.run.records) {
      if (r.value("kind", "") != "error") continue;
      EXPECT_NE(r.value("path", "").find("notat.pdf"), std::string::npos) << r;
      EXPECT_EQ(r.value("reason", ""), "internal") << r;
      const std::string detail = r.value("detail", "");
      EXPECT_NE(detail.find("libdatavagt_pdf.so"), std::string::npos) << detail;
      EXPECT_NE(detail.find(t / "no-modules"), std::string::npos) << detail;  // where it was looked for
      EXPECT_NE(detail.find("/datavagt"), std::string::npos) << detail;       // where to install it
      pdf_error = true;
    }
    EXPECT_TRUE(pdf_error) << workers;
    EXPECT_EQ(s.run.end.value("status", ""), "complete") << workers;
  }
}

}  // namespace
}  // namespace datavagt

namespace datavagt {
namespace {

// An installed program (cmake --install, staged under DESTDIR as a package build does) finds its modules in the
// installed tree beside it (bin/../lib/datavagt), not in the build tree.
TEST(LazyModules, AnInstalledProgramFindsTheModulesInstalledWithIt) {
  TempDir t;
  const std::string stage = t / "stage";
  ASSERT_EQ(run("DESTDIR=" + q(stage) + " " + q(DATAVAGT_CMAKE) + " --install " + q(DATAVAGT_BUILD_DIR) +
                " >/dev/null 2>&1"),
            0);
  const std::string bin = stage + DATAVAGT_INSTALLED_BIN;
  t.write("share/notat.txt", kText);
  t.write("share/brev.eml", kMail);
  t.write("share/brev.docx", testing::read_file(kFixtures + "ooxml/brev.docx"));
  t.write("share/notat.pdf", testing::read_file(kFixtures + "pdf/notat.pdf"));
  for (const std::string workers : {"in-process", "processes"}) {
    const Scan s = scan(t, t / "share", "", "--ocr off --workers " + workers, bin);
    EXPECT_EQ(s.exit, 1) << workers;
    std::set<std::string> with_cpr;
    for (const auto& r : s.run.records) {
      EXPECT_NE(r.value("kind", ""), "error") << r;
      if (r.value("kind", "") == "cpr") with_cpr.insert(r.value("path", ""));
    }
    EXPECT_EQ(with_cpr.size(), 4U) << workers;
    for (const std::string module : {"libdatavagt_pdf.so", "libdatavagt_mail.so", "libdatavagt_office.so"}) {
      EXPECT_NE(s.loader.find("file=" + stage + DATAVAGT_INSTALLED_MODULE_DIR + "/" + module), std::string::npos)
          << module << " " << workers;
      EXPECT_EQ(s.loader.find(std::string(DATAVAGT_BUILD_DIR) + "/" + module), std::string::npos) << module;
    }
  }
}

}  // namespace
}  // namespace datavagt
