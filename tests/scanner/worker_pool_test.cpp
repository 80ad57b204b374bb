// Worker processes (scanner/worker_pool.h): a file scanned in a worker gives the verdict an in-process scan
// gives; a worker that crashes, hangs or runs out of memory costs only its file (reason crashed / timeout /
// memory-limit) and is replaced; workers are recycled after their files; the findings store's open
// descriptor travels to the worker and its content hash comes back; the wire form refuses garbage. Several
// files in one request (a batch) give what they give one by one, and a crash, hang or lack of memory in the
// middle of a batch costs only that file: the files after it are scanned by a fresh worker.
// The workers are this test program started again in the worker role (tests/support/test_main.cpp).
#include <gtest/gtest.h>

#include <cstdlib>

#include "detectors/database_cache.h"
#include "scanner/fault_injection.h"
#include "scanner/item_scanner.h"
#include "scanner/verdict_wire.h"
#include "scanner/worker_pool.h"
#include "scanner/worker_results.h"
#include "tests/support/make_archive.h"
#include "tests/support/sanitizers.h"
#include "tests/support/scan_text.h"
#include "tests/support/temp_dir.h"

namespace datavagt {
namespace {

using testing::TempDir;

// DATAVAGT_FAULT_INJECT while it lives (the workers started meanwhile inherit it).
class FaultsInEnvironment {
 public:
  explicit FaultsInEnvironment(const char* spec) { ::setenv(kFaultInjectVariable, spec, 1); }
  ~FaultsInEnvironment() { ::unsetenv(kFaultInjectVariable); }
};

// Scans `files` as one request; every file must be told exactly once.
std::vector<FileVerdict> scan_batch(WorkerPool& pool, const std::vector<std::string>& paths) {
  std::vector<FileRequest> files;
  for (const auto& p : paths) files.push_back(FileRequest{p, false});
  std::vector<FileVerdict> out(files.size());
  std::vector<int> told(files.size(), 0);
  pool.scan_batch(files, [&](std::size_t i, FileVerdict& v) {
    EXPECT_LT(i, files.size());
    if (i >= files.size()) return;
    told[i]++;
    out[i] = std::move(v);
  });
  for (std::size_t i = 0; i < told.size(); ++i) EXPECT_EQ(told[i], 1) << paths[i];
  return out;
}

class WorkerPoolTest : public ::testing::Test {
 protected:
  WorkerPoolTest() : fp_(testing::kTestKey), ctx_{settings_.detect, fp_, settings_.limits} {
    settings_.detect.today = testing::kTestToday;
    settings_.key = testing::kTestKey;
    settings_.rules.cache_dir = DatabaseCache::default_dir();  // the workers load what this test compiled
    // Under ASan a worker cannot start under RLIMIT_DATA: the sanitizer's shadow and allocator mappings count
    // against it (the worker exits at once). The sanitizer build tests everything else without the limit.
    if (testing::kAddressSanitizer) settings_.limits.max_worker_memory_bytes = 0;
    static const auto shared = Ruleset::build_default(settings_.rules);
    rules_ = shared.value();
  }
  std::string cpr_text() const {
    const std::string cpr = testing::valid_cpr("150643", '1');
    return "Borger " + cpr.substr(0, 6) + "-" + cpr.substr(6) + "\n";
  }
  FileVerdict in_process(const std::string& path) {
    ItemScanner s(*rules_, ctx_);
    return s.scan_file(path);
  }
  static void expect_same(const FileVerdict& a, const FileVerdict& b) {
    EXPECT_EQ(a.format, b.format);
    EXPECT_EQ(a.has_text, b.has_text);
    EXPECT_EQ(a.text_bytes, b.text_bytes);
    EXPECT_EQ(a.info.size, b.info.size);
    EXPECT_EQ(a.info.mtime, b.info.mtime);
    ASSERT_EQ(a.findings.size(), b.findings.size());
    for (std::size_t i = 0; i < a.findings.size(); ++i) {
      EXPECT_EQ(a.findings[i].masked, b.findings[i].masked);
      EXPECT_EQ(a.findings[i].fingerprint, b.findings[i].fingerprint);
      EXPECT_EQ(a.findings[i].members, b.findings[i].members);
      EXPECT_EQ(a.findings[i].context, b.findings[i].context);
      EXPECT_EQ(a.findings[i].offset, b.findings[i].offset);
    }
    ASSERT_EQ(a.problems.size(), b.problems.size());
    for (std::size_t i = 0; i < a.problems.size(); ++i) {
      EXPECT_EQ(a.problems[i].kind, b.problems[i].kind);
      EXPECT_EQ(a.problems[i].detail, b.problems[i].detail);
      EXPECT_EQ(a.problems[i].members, b.problems[i].members);
    }
    EXPECT_EQ(a.notes, b.notes);
  }

  // A batch of three files whose middle one, named `middle`, has the fault of `faults` (already in the
  // environment): only that file gets `kind`, the others what an in-process scan gives them.
  void expect_only_the_middle_file_fails(const std::string& middle, ProblemKind kind) {
    TempDir t;
    const std::vector<std::string> paths{t.write("først.txt", cpr_text()), t.write(middle, cpr_text()),
                                         t.write("fin.txt", cpr_text())};
    WorkerPool pool(settings_, nullptr);
    const auto got = scan_batch(pool, paths);
    expect_same(got[0], in_process(paths[0]));
    ASSERT_EQ(got[1].problems.size(), 1u);
    EXPECT_EQ(got[1].problems[0].kind, kind);
    EXPECT_EQ(got[1].format, "text");
    expect_same(got[2], in_process(paths[2]));
  }

  WorkerSettings settings_;
  Fingerprinter fp_;
  DetectContext ctx_;
  std::shared_ptr<const Ruleset> rules_;
};

TEST_F(WorkerPoolTest, GivesTheVerdictAnInProcessScanGives) {
  TempDir t;
  const auto text = t.write("sag.txt", cpr_text());
  const auto missing = t / "ikke-her.txt";
  const auto zip = t.write("arkiv.zip", testing::make_archive(testing::ArchiveFormat::Zip, {{"a.txt", cpr_text()}, {"b/c.txt", cpr_text() + "mere\n"}}));
  WorkerPool pool(settings_, nullptr);
  for (const auto& p : {text, missing, zip}) {
    SCOPED_TRACE(p);
    const FileVerdict w = pool.scan(p, false, nullptr);
    expect_same(w, in_process(p));
  }
  const FileVerdict z = pool.scan(zip, false, nullptr);
  ASSERT_EQ(z.findings.size(), 2u);
  EXPECT_EQ(z.findings[0].members, std::vector<std::string>{"a.txt"});
  EXPECT_EQ(pool.counts().started, 1u);  // one worker for every file, one after the other
  EXPECT_EQ(pool.counts().replaced, 0u);
}

TEST_F(WorkerPoolTest, ACrashCostsOnlyItsFile) {
  TempDir t;
  const auto before = t.write("før.txt", cpr_text());
  const auto bad = t.write("styrt.txt", cpr_text());
  const auto zip = t.write("arkiv.zip", testing::make_archive(testing::ArchiveFormat::Zip, {{"god.txt", cpr_text()}, {"styrt-inde.txt", "x"}}));
  const FaultsInEnvironment faults("crash:styrt");
  WorkerPool pool(settings_, nullptr);
  expect_same(pool.scan(before, false, nullptr), in_process(before));
  const FileVerdict v = pool.scan(bad, false, nullptr);
  ASSERT_EQ(v.problems.size(), 1u);
  EXPECT_EQ(v.problems[0].kind, ProblemKind::Crashed);
  EXPECT_NE(v.problems[0].detail.find("SIGSEGV"), std::string::npos) << v.problems[0].detail;
  EXPECT_EQ(v.info.size, cpr_text().size());  // the file's facts, though its worker never sent them
  EXPECT_EQ(v.format, "text");                 // sniffed by the scanner, as the worker would have
  // A member that crashes its worker: what came before it in the file is kept.
  const FileVerdict z = pool.scan(zip, false, nullptr);
  ASSERT_EQ(z.problems.size(), 1u);
  EXPECT_EQ(z.problems[0].kind, ProblemKind::Crashed);
  ASSERT_EQ(z.findings.size(), 1u);
  EXPECT_EQ(z.findings[0].members, std::vector<std::string>{"god.txt"});
  expect_same(pool.scan(before, false, nullptr), in_process(before));  // a fresh worker
  EXPECT_EQ(pool.counts().replaced, 2u);
  EXPECT_EQ(pool.counts().started, 3u);
}

TEST_F(WorkerPoolTest, TheWatchdogStopsAWorkerThatHangs) {
  TempDir t;
  const auto hangs = t.write("hænger.txt", cpr_text());
  const auto fine = t.write("fin.txt", cpr_text());
  const FaultsInEnvironment faults("hang:hænger");
  // Long enough for a fresh worker to start and read the next file on a loaded machine or under ASan (it
  // counts against the file's time); the injected hang never ends, so any budget is spent on it.
  settings_.limits.max_seconds_per_file = 4;
  settings_.limits.worker_watchdog_grace_seconds = 1;
  WorkerPool pool(settings_, nullptr);
  const FileVerdict v = pool.scan(hangs, false, nullptr);
  ASSERT_EQ(v.problems.size(), 1u);
  EXPECT_EQ(v.problems[0].kind, ProblemKind::Timeout);
  EXPECT_TRUE(v.findings.empty());
  const FileVerdict w = pool.scan(fine, false, nullptr);
  EXPECT_TRUE(w.problems.empty());
  EXPECT_EQ(w.findings.size(), 1u);
}

TEST_F(WorkerPoolTest, AWorkerOutOfMemoryIsReplaced) {
  if (testing::kAddressSanitizer) GTEST_SKIP() << "RLIMIT_DATA counts ASan's own mappings (see the fixture)";
  TempDir t;
  const auto hungry = t.write("sulten.txt", cpr_text());
  const auto fine = t.write("fin.txt", cpr_text());
  const FaultsInEnvironment faults("oom:sulten");
  settings_.limits.max_worker_memory_bytes = std::uint64_t{256} << 20;
  WorkerPool pool(settings_, nullptr);
  const FileVerdict v = pool.scan(hungry, false, nullptr);
  ASSERT_EQ(v.problems.size(), 1u);
  EXPECT_EQ(v.problems[0].kind, ProblemKind::MemoryLimit);
  EXPECT_NE(v.problems[0].detail.find("256 MiB"), std::string::npos) << v.problems[0].detail;
  expect_same(pool.scan(fine, false, nullptr), in_process(fine));  // the limit leaves room for real files
}

TEST_F(WorkerPoolTest, WorkersAreRecycledAfterTheirFiles) {
  TempDir t;
  std::vector<std::string> files;
  for (int i = 0; i < 5; ++i) files.push_back(t.write("f" + std::to_string(i) + ".txt", cpr_text()));
  settings_.limits.worker_recycle_files = 2;
  WorkerPool pool(settings_, nullptr);
  for (const auto& f : files) expect_same(pool.scan(f, false, nullptr), in_process(f));
  EXPECT_EQ(pool.counts().recycled, 2u);  // after files 2 and 4
  EXPECT_EQ(pool.counts().started, 3u);
  EXPECT_EQ(pool.counts().replaced, 0u);
}

TEST_F(WorkerPoolTest, ScansAnOpenFileAndHandsBackItsHash) {
  TempDir t;
  const auto p = t.write("sag.txt", cpr_text());
  auto expected = FileSource::open(p);
  ASSERT_TRUE(expected);
  auto want = (*expected)->content_hash();
  ASSERT_TRUE(want);
  auto src = FileSource::open(p);
  ASSERT_TRUE(src);
  (*src)->hash_content();
  WorkerPool pool(settings_, nullptr);
  WorkerScanner scanner(pool);
  const FileVerdict v = scanner.scan_open_file(p, **src);
  expect_same(v, in_process(p));
  EXPECT_FALSE((*src)->hash_pending());
  auto got = (*src)->content_hash();
  ASSERT_TRUE(got);
  EXPECT_EQ(*got, *want);
  EXPECT_EQ((*src)->bytes_read(), 0u);  // read in the worker, not here again
}

TEST_F(WorkerPoolTest, ABatchGivesWhatFilesOneByOneGive) {
  TempDir t;
  const auto text = t.write("sag.txt", cpr_text());
  const auto missing = t / "ikke-her.txt";
  const auto zip = t.write("arkiv.zip", testing::make_archive(testing::ArchiveFormat::Zip, {{"a.txt", cpr_text()}, {"b/c.txt", cpr_text() + "mere\n"}}));
  const auto empty = t.write("tom.txt", "");
  const std::vector<std::string> paths{text, missing, zip, empty, text};
  WorkerPool pool(settings_, nullptr);
  const auto got = scan_batch(pool, paths);
  for (std::size_t i = 0; i < paths.size(); ++i) {
    SCOPED_TRACE(paths[i]);
    EXPECT_EQ(got[i].info.location.path, paths[i]);
    expect_same(got[i], in_process(paths[i]));
  }
  EXPECT_EQ(pool.counts().started, 1u);  // one request, one worker
  EXPECT_GE(pool.preferred_batch(), 1u);
  EXPECT_LE(pool.preferred_batch(), kMaxBatchFiles);
}

// A fault in the middle of a request: that file gets its reason; the files before it keep their results
// and the files after it are scanned by a fresh worker, each exactly once.
TEST_F(WorkerPoolTest, AFaultInABatchCostsOnlyItsFile) {
  TempDir t;
  std::vector<std::string> paths;
  for (int i = 0; i < 3; ++i) paths.push_back(t.write("før" + std::to_string(i) + ".txt", cpr_text()));
  paths.push_back(t.write("styrt.txt", cpr_text()));
  for (int i = 0; i < 3; ++i) paths.push_back(t.write("efter" + std::to_string(i) + ".txt", cpr_text() + "diabetes\n"));
  paths.push_back(t.write("arkiv.zip", testing::make_archive(testing::ArchiveFormat::Zip, {{"god.txt", cpr_text()}, {"styrt-inde.txt", "x"}})));
  paths.push_back(t.write("sidst.txt", cpr_text()));
  const FaultsInEnvironment faults("crash:styrt");
  WorkerPool pool(settings_, nullptr);
  const auto got = scan_batch(pool, paths);
  for (std::size_t i = 0; i < paths.size(); ++i) {
    SCOPED_TRACE(paths[i]);
    if (paths[i].find("styrt") != std::string::npos) {
      ASSERT_EQ(got[i].problems.size(), 1u);
      EXPECT_EQ(got[i].problems[0].kind, ProblemKind::Crashed);
      EXPECT_NE(got[i].problems[0].detail.find("SIGSEGV"), std::string::npos) << got[i].problems[0].detail;
      EXPECT_EQ(got[i].info.location.path, paths[i]);
      EXPECT_EQ(got[i].info.size, cpr_text().size());
      EXPECT_EQ(got[i].format, "text");  // sniffed by the scanner, as the worker would have
    } else if (paths[i].find("arkiv.zip") != std::string::npos) {
      ASSERT_EQ(got[i].problems.size(), 1u);
      EXPECT_EQ(got[i].problems[0].kind, ProblemKind::Crashed);
      ASSERT_EQ(got[i].findings.size(), 1u);  // the member before the crash was sent first: kept
      EXPECT_EQ(got[i].findings[0].members, std::vector<std::string>{"god.txt"});
    } else {
      expect_same(got[i], in_process(paths[i]));
    }
  }
  EXPECT_EQ(pool.counts().replaced, 2u);
  EXPECT_EQ(pool.counts().started, 3u);
}

TEST_F(WorkerPoolTest, AHangInABatchCostsOnlyItsFile) {
  const FaultsInEnvironment faults("hang:hænger");
  settings_.limits.max_seconds_per_file = 4;  // as in TheWatchdogStopsAWorkerThatHangs
  settings_.limits.worker_watchdog_grace_seconds = 1;
  expect_only_the_middle_file_fails("hænger.txt", ProblemKind::Timeout);
}

TEST_F(WorkerPoolTest, RunningOutOfMemoryInABatchCostsOnlyItsFile) {
  if (testing::kAddressSanitizer) GTEST_SKIP() << "RLIMIT_DATA counts ASan's own mappings (see the fixture)";
  const FaultsInEnvironment faults("oom:sulten");
  settings_.limits.max_worker_memory_bytes = std::uint64_t{256} << 20;
  expect_only_the_middle_file_fails("sulten.txt", ProblemKind::MemoryLimit);
}

TEST_F(WorkerPoolTest, ABatchPastTheRecycleCountRetiresItsWorkerAfterwards) {
  TempDir t;
  std::vector<std::string> paths;
  for (int i = 0; i < 5; ++i) paths.push_back(t.write("f" + std::to_string(i) + ".txt", cpr_text()));
  settings_.limits.worker_recycle_files = 2;
  WorkerPool pool(settings_, nullptr);
  const auto got = scan_batch(pool, paths);
  for (std::size_t i = 0; i < paths.size(); ++i) expect_same(got[i], in_process(paths[i]));
  EXPECT_EQ(pool.counts().recycled, 1u);  // after the request, not in the middle of it
  expect_same(pool.scan(paths[0], false, nullptr), in_process(paths[0]));
  EXPECT_EQ(pool.counts().started, 2u);
}

TEST(FaultInjection, ParsesRulesAndRefusesNonsense) {
  auto f = FaultInjection::parse("crash:a.docx,hang:b!/c,oom:d");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->fault_for("x/a.docx"), FaultInjection::Fault::Crash);
  EXPECT_EQ(f->fault_for("x/b!/c.txt"), FaultInjection::Fault::Hang);
  EXPECT_EQ(f->fault_for("d"), FaultInjection::Fault::OutOfMemory);
  EXPECT_EQ(f->fault_for("e"), std::nullopt);
  EXPECT_FALSE(FaultInjection::parse("explode:a"));
  EXPECT_FALSE(FaultInjection::parse("crash:"));
  EXPECT_TRUE(FaultInjection::parse("")->empty());
}

TEST(VerdictWire, RoundTripsAndRefusesGarbage) {
  Finding f;
  f.kind = FindingKind::Health;
  f.severity = Severity::Medium;
  f.members = {"a.zip", "b.docx"};
  f.masked = "";
  f.confidence = 0.25;
  f.where = Position{3, "sheet:Ark1"};
  f.offset = 1234567890123ull;
  f.context = "… diabetes …";
  f.count = 7;
  f.terms = {{"diabet*", 5}, {"insulin", 2}};
  f.member_time = -5;
  wire::Writer w;
  wire::put_finding(w, f);
  wire::Reader r(w.bytes());
  auto back = wire::get_finding(r);
  ASSERT_TRUE(back);
  EXPECT_TRUE(r.done());
  EXPECT_EQ(back->kind, f.kind);
  EXPECT_EQ(back->members, f.members);
  EXPECT_EQ(back->where, f.where);
  EXPECT_EQ(back->offset, f.offset);
  EXPECT_EQ(back->context, f.context);
  ASSERT_EQ(back->terms.size(), 2u);
  EXPECT_EQ(back->terms[1].term, "insulin");
  EXPECT_EQ(back->member_time, -5);
  for (std::size_t cut = 0; cut < w.bytes().size(); ++cut) {  // every truncation fails, none reads past
    wire::Reader shorter(std::string_view(w.bytes()).substr(0, cut));
    EXPECT_FALSE(wire::get_finding(shorter) && shorter.done()) << cut;
  }
  wire::Writer p;
  p.u8(200);  // no such problem kind
  p.str("x");
  p.u32(0);
  wire::Reader pr(p.bytes());
  EXPECT_FALSE(wire::get_problem(pr));
  wire::Writer s;
  s.u32(0xffffffffu);  // a count far past anything real
  wire::Reader sr(s.bytes());
  EXPECT_TRUE(sr.strs().empty());
  EXPECT_FALSE(sr.ok());
}

TEST(WorkerBatchWire, RoundTripsAndRefusesGarbage) {
  const std::vector<FileRequest> files{{"/a/b.txt", false}, {"/c", true}, {std::string("/d\xff\0e", 5), false}};
  const std::vector<std::size_t> which{2, 0};
  const std::string bytes = encode_batch(files, which);
  const auto back = decode_batch(bytes);
  ASSERT_TRUE(back);
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ((*back)[0].path, files[2].path);
  EXPECT_EQ((*back)[1].path, "/a/b.txt");
  EXPECT_FALSE((*back)[1].follow_symlink);
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) EXPECT_FALSE(decode_batch(bytes.substr(0, cut))) << cut;
  EXPECT_FALSE(decode_batch(bytes + "x"));
  std::string odd_flag = encode_batch(files, std::vector<std::size_t>{0});
  ASSERT_EQ(odd_flag.back(), '\0');
  odd_flag.back() = 2;  // a yes/no is 0 or 1
  EXPECT_FALSE(decode_batch(odd_flag));
  EXPECT_FALSE(decode_batch(encode_batch(files, std::vector<std::size_t>{})));  // an empty request
  wire::Writer many;
  many.u32(static_cast<std::uint32_t>(kMaxBatchFiles + 1));
  EXPECT_FALSE(decode_batch(many.bytes()));
}

// The scanner's side of a file's frames (worker_results.h): each kind folded in, anything else refused whole.
TEST(WorkerResults, FoldsFramesIntoTheVerdictAndRefusesWhatDoesNotDecodeWhole) {
  FileVerdict v;
  wire::FileEnd end;
  Finding f;
  f.kind = FindingKind::Cpr;
  f.masked = "150643-XXXX";
  wire::Writer fw;
  wire::put_finding(fw, f);
  Frame finding{worker_frame::kFinding, fw.bytes()};
  EXPECT_EQ(add_result_frame(finding, v, end), ResultStep::More);
  Frame note{worker_frame::kNote, "2 sider uden tekst"};
  EXPECT_EQ(add_result_frame(note, v, end), ResultStep::More);
  Frame longer{worker_frame::kFinding, fw.bytes() + "x"};  // a byte left over
  EXPECT_EQ(add_result_frame(longer, v, end), ResultStep::Malformed);
  Frame unknown{'?', ""};
  EXPECT_EQ(add_result_frame(unknown, v, end), ResultStep::Malformed);
  ASSERT_EQ(v.findings.size(), 1u);
  EXPECT_EQ(v.findings[0].masked, "150643-XXXX");
  EXPECT_EQ(v.notes, std::vector<std::string>{"2 sider uden tekst"});

  FileVerdict done;
  done.format = "pdf";
  done.has_text = false;
  done.info.size = 4096;
  done.info.mtime = 1700000000;
  wire::Writer ew;
  wire::put_end(ew, file_end_of(done));
  Frame good{worker_frame::kEnd, ew.bytes()};
  EXPECT_EQ(add_result_frame(good, v, end), ResultStep::End);
  EXPECT_EQ(v.format, "pdf");
  EXPECT_FALSE(v.has_text);
  EXPECT_EQ(v.info.size, 4096u);
  EXPECT_EQ(v.info.mtime, 1700000000);
  // A yes/no is 0 or 1, anything else is malformed: an end frame with has_text 2 was read as "yes" and written
  // back as 1 (the round trip worker_result_fuzz checks).
  std::string bad = ew.bytes();
  const std::size_t has_text_at = 4 + done.format.size();
  ASSERT_EQ(bad[has_text_at], '\0');
  bad[has_text_at] = 2;
  Frame non_canonical{worker_frame::kEnd, bad};
  FileVerdict untouched;
  EXPECT_EQ(add_result_frame(non_canonical, untouched, end), ResultStep::Malformed);
  EXPECT_EQ(untouched.format, "");
}

TEST(WorkerSettingsWire, RoundTrips) {
  WorkerSettings s;
  s.rules.kinds = {FindingKind::Cpr, FindingKind::Health};
  s.rules.site_dictionaries = {{"lokal.txt", "@health\nfoo\n"}};
  s.rules.builtin_dictionaries = false;
  s.rules.cache_dir = "/tmp/x";
  s.detect.today = CivilDate{2026, 2, 3};
  s.detect.min_confidence = 0.7;
  s.key = std::string("\0k\xffy", 4);
  s.limits.max_depth = 3;
  s.limits.max_seconds_per_file = 1.5;
  s.limits.max_worker_memory_bytes = 12345;
  // What --ocr, --ocr-dpi and the OCR budget set (a worker given the defaults instead OCRed with --ocr off).
  s.limits.ocr = OcrMode::Off;
  s.limits.ocr_min_pixels = 7;
  s.limits.ocr_min_side = 8;
  s.limits.ocr_max_image_pixels = 9;
  s.limits.ocr_max_pages_per_file = 10;
  s.limits.ocr_max_pixels_per_file = 11;
  s.limits.ocr_max_seconds_per_file = 12.5;
  s.limits.ocr_pdf_dpi = 13;
  const auto back = decode_settings(encode_settings(s));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->rules.kinds, s.rules.kinds);
  EXPECT_EQ(back->rules.site_dictionaries[0].text, "@health\nfoo\n");
  EXPECT_FALSE(back->rules.builtin_dictionaries);
  EXPECT_EQ(back->detect.today, s.detect.today);
  EXPECT_EQ(back->key, s.key);
  EXPECT_EQ(back->limits.max_depth, 3u);
  EXPECT_EQ(back->limits.max_seconds_per_file, 1.5);
  EXPECT_EQ(back->limits.max_worker_memory_bytes, 12345u);
  EXPECT_EQ(back->limits.ocr, OcrMode::Off);
  EXPECT_EQ(back->limits.ocr_min_pixels, 7u);
  EXPECT_EQ(back->limits.ocr_min_side, 8u);
  EXPECT_EQ(back->limits.ocr_max_image_pixels, 9u);
  EXPECT_EQ(back->limits.ocr_max_pages_per_file, 10u);
  EXPECT_EQ(back->limits.ocr_max_pixels_per_file, 11u);
  EXPECT_EQ(back->limits.ocr_max_seconds_per_file, 12.5);
  EXPECT_EQ(back->limits.ocr_pdf_dpi, 13u);
  s.limits.ocr = OcrMode::All;
  EXPECT_EQ(decode_settings(encode_settings(s))->limits.ocr, OcrMode::All);
  EXPECT_FALSE(decode_settings(encode_settings(s) + "x"));
}

}  // namespace
}  // namespace datavagt
