// The heavy extractors live in modules loaded on first use (extractors/extractor_module.h, issue 16 item 4):
// a scan of text maps none of their libraries, in the scanner and in its worker processes; each kind of file
// loads its own module and no other; a missing module costs its files an error record naming the module and
// where to install it, and the scan goes on. What is mapped is read from the dynamic loader (LD_DEBUG=files).
#include <gtest/gtest.h>

#include <set>

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
  std::string loader;  // what the dynamic loader said (LD_DEBUG=files), in the scanner and every child
  testing::JsonlRun run;
};

Scan scan(const TempDir& t, const std::string& root, const std::string& env = "", const std::string& extra = "") {
  Scan s;
  const std::string out = t / "out.jsonl";
  const std::string debug = t / "ld-debug";
  s.exit = run(env + " LD_DEBUG=files LD_DEBUG_OUTPUT=" + q(debug) + " " + kBin +
               " scan -q --no-progress --key-file " + q(testing::write_key(t)) + " --jsonl " + q(out) + " " + extra +
               " " + q(root));
  // LD_DEBUG_OUTPUT writes one file per process: debug.<pid>.
  std::string all;
  for (const auto& f : testing::files_below(t.path()))
    if (f.find("/ld-debug.") != std::string::npos) all += testing::read_file(f);
  s.loader = all;
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
    EXPECT_EQ(mapped_heavy(s.loader), std::set<std::string>{}) << workers;
  }
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
  for (const auto& c : cases) {
    TempDir t;
    t.write("share/" + c.name, c.bytes);
    const Scan s = scan(t, t / "share", "", c.options);
    EXPECT_EQ(s.exit, 1) << c.name;
    EXPECT_GE(cpr_findings(s), 1) << c.name;
    EXPECT_EQ(mapped_heavy(s.loader), c.expected) << c.name;
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
