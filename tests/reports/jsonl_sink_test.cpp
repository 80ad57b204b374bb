#include "reports/jsonl_sink.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "reports/json_text.h"

namespace datavagt {
namespace {

FileVerdict verdict(std::string path) {
  FileVerdict v;
  v.info.location.path = std::move(path);
  v.info.size = 1234;
  v.info.mtime = 1600000000;
  v.format = "text";
  return v;
}

TEST(JsonlSink, FindingRecordHasTheContractFields) {
  auto v = verdict("share/sag.txt");
  Finding f;
  f.kind = FindingKind::Cpr;
  f.members = {"bilag.zip", "b/c.docx"};
  f.masked = "010190-XXXX";
  f.fingerprint = std::string(64, 'a');
  f.confidence = 0.8;
  f.where.page = 3;
  f.context = "Søren \"citat\" 010190-XXXX\n";
  const auto j = nlohmann::json::parse(JsonlSink::finding_record(v, f));
  EXPECT_EQ(j["path"], "share/sag.txt");
  EXPECT_EQ(j["location"], "share/sag.txt!/bilag.zip!/b/c.docx");
  EXPECT_EQ(j["kind"], "cpr");
  EXPECT_EQ(j["masked"], "010190-XXXX");
  EXPECT_EQ(j["fingerprint"], std::string(64, 'a'));
  EXPECT_DOUBLE_EQ(j["confidence"].get<double>(), 0.8);
  EXPECT_EQ(j["context"], "Søren \"citat\" 010190-XXXX\n");
  EXPECT_EQ(j["size"], 1234);
  EXPECT_EQ(j["mtime"], "2020-09-13T12:26:40Z");
  EXPECT_EQ(j["page"], 3);
  EXPECT_TRUE(j["flags"].is_array());
  EXPECT_TRUE(j["flags"].empty());
}

TEST(JsonlSink, MailMemberFindingCarriesTheMessageDate) {
  auto v = verdict("share/arkiv.mbox");
  Finding f;
  f.kind = FindingKind::Cpr;
  EXPECT_FALSE(nlohmann::json::parse(JsonlSink::finding_record(v, f)).contains("date"));
  f.members = {"2 Ansøgning (2019-03-01)"};
  f.member_time = 1551434400;  // 2019-03-01T10:00:00Z
  const auto j = nlohmann::json::parse(JsonlSink::finding_record(v, f));
  EXPECT_EQ(j["date"], "2019-03-01T10:00:00Z");
  EXPECT_EQ(j["mtime"], "2020-09-13T12:26:40Z");  // the file's
}

TEST(JsonlSink, ProblemRecordIsAnErrorWithAReason) {
  auto v = verdict("share/låst.txt");
  const auto j = nlohmann::json::parse(
      JsonlSink::problem_record(v, Problem::make(ProblemKind::PermissionDenied, "open: Permission denied")));
  EXPECT_EQ(j["kind"], "error");
  EXPECT_EQ(j["reason"], "permission-denied");
  EXPECT_EQ(j["path"], "share/låst.txt");
}

TEST(JsonlSink, NotesOnlyWhenThereAreSome) {
  auto v = verdict("share/skannet.pdf");
  Finding f;
  f.kind = FindingKind::Cpr;
  EXPECT_FALSE(nlohmann::json::parse(JsonlSink::finding_record(v, f)).contains("notes"));
  v.notes = {"3 of 4 pages without text (scanned images?)"};
  const auto j = nlohmann::json::parse(JsonlSink::finding_record(v, f));
  ASSERT_TRUE(j["notes"].is_array());
  EXPECT_EQ(j["notes"][0], "3 of 4 pages without text (scanned images?)");
}

TEST(JsonlSink, AFileWithOnlyNotesGetsANoteRecord) {
  auto v = verdict("share/skannet.pdf");
  v.notes = {"4 of 4 pages without text (scanned images?)"};
  const auto j = nlohmann::json::parse(JsonlSink::note_record(v));
  EXPECT_EQ(j["kind"], "note");
  EXPECT_EQ(j["location"], "share/skannet.pdf");
  EXPECT_EQ(j["notes"][0], "4 of 4 pages without text (scanned images?)");

  // Written by verdict() only when the file has no other record.
  char* buf = nullptr;
  std::size_t len = 0;
  std::FILE* mem = ::open_memstream(&buf, &len);
  ASSERT_NE(mem, nullptr);
  {
    JsonlSink sink(mem, "memory");
    ASSERT_TRUE(sink.begin(RunInfo{}));
    sink.verdict(v);
    auto clean = verdict("share/ren.txt");
    sink.verdict(clean);  // no notes, nothing: no line
    Finding f;
    f.kind = FindingKind::Cpr;
    v.findings.push_back(f);
    sink.verdict(v);  // a finding record carries the notes; no separate note line
    ASSERT_TRUE(sink.finish(RunSummary{}));
  }
  std::fclose(mem);
  const std::string out(buf, len);
  std::free(buf);
  std::istringstream lines(out);
  std::vector<std::string> kinds;
  for (std::string line; std::getline(lines, line);) kinds.push_back(nlohmann::json::parse(line)["kind"]);
  EXPECT_EQ(kinds, (std::vector<std::string>{"scan-start", "note", "cpr", "scan-end"}));
}

TEST(JsonlSink, NonUtf8PathsStayValidJsonAndKeepTheirBytes) {
  auto v = verdict("share/Ans\xF8gning.txt");
  const auto line = JsonlSink::problem_record(v, Problem::make(ProblemKind::Vanished, "gone"));
  const auto j = nlohmann::json::parse(line);  // throws on invalid UTF-8
  EXPECT_EQ(j["path"], "share/Ans\xEF\xBF\xBDgning.txt");
  EXPECT_EQ(j["path_bytes"], json::base64("share/Ans\xF8gning.txt"));
}

// A CPR number in a file or folder name (or a member's) is masked in path, location, path_bytes, details and
// notes, and the record says a number was masked; --clear-paths shows the path as it is.
TEST(JsonlSink, CprNumbersInNamesAreMaskedEverywhereUnlessClearPathsIsAsked) {
  auto v = verdict("share/Borger 0304851007/Ansøgning 030485-1007.txt");
  v.notes = {"bilag 150643-1006.pdf: 1 of 2 pages without text (scanned images?)"};
  Finding f;
  f.kind = FindingKind::Cpr;
  f.members = {"bilag 150643-1006.pdf"};
  const auto j = nlohmann::json::parse(JsonlSink::finding_record(v, f));
  EXPECT_EQ(j["path"], "share/Borger 030485XXXX/Ansøgning 030485-XXXX.txt");
  EXPECT_EQ(j["location"], "share/Borger 030485XXXX/Ansøgning 030485-XXXX.txt!/bilag 150643-XXXX.pdf");
  EXPECT_EQ(j["path_masked"], true);
  EXPECT_EQ(j["notes"][0], "bilag 150643-XXXX.pdf: 1 of 2 pages without text (scanned images?)");
  EXPECT_FALSE(j.contains("path_bytes"));  // UTF-8: `path` is exact but for the masked digits
  Problem p = Problem::make(ProblemKind::Encrypted, "bilag 150643-1006.pdf: password protected");
  const auto e = nlohmann::json::parse(JsonlSink::problem_record(v, p));
  EXPECT_EQ(e["detail"], "bilag 150643-XXXX.pdf: password protected");

  const PathDisplay clear{true};
  const auto c = nlohmann::json::parse(JsonlSink::finding_record(v, f, clear));
  EXPECT_EQ(c["path"], "share/Borger 0304851007/Ansøgning 030485-1007.txt");
  EXPECT_EQ(c["location"], "share/Borger 0304851007/Ansøgning 030485-1007.txt!/bilag 150643-1006.pdf");
  EXPECT_FALSE(c.contains("path_masked"));

  const auto plain = nlohmann::json::parse(JsonlSink::finding_record(verdict("share/brev 2024.txt"), f));
  EXPECT_EQ(plain["path_masked"], true);  // in the member's name: the location is not exact either
  EXPECT_EQ(plain["location"], "share/brev 2024.txt!/bilag 150643-XXXX.pdf");
  EXPECT_FALSE(nlohmann::json::parse(JsonlSink::finding_record(verdict("share/brev 2024.txt"), Finding{}))
                   .contains("path_masked"));
}

// A name that is not UTF-8 keeps its bytes in path_bytes, and its CPR number masked there too unless
// --clear-paths: then they are exactly the bytes on disk.
TEST(JsonlSink, NonUtf8NamesGetTheirBytesMaskedUnlessClearPathsIsAsked) {
  auto v = verdict("share/Ans\xF8gning 030485-1007.txt");
  const auto j = nlohmann::json::parse(JsonlSink::problem_record(v, Problem::make(ProblemKind::Vanished, "gone")));
  EXPECT_EQ(j["path"], "share/Ans\xEF\xBF\xBDgning 030485-XXXX.txt");
  EXPECT_EQ(j["path_bytes"], json::base64("share/Ans\xF8gning 030485-XXXX.txt"));
  EXPECT_EQ(j["path_masked"], true);
  const auto c = nlohmann::json::parse(
      JsonlSink::problem_record(v, Problem::make(ProblemKind::Vanished, "gone"), PathDisplay{true}));
  EXPECT_EQ(c["path_bytes"], json::base64("share/Ans\xF8gning 030485-1007.txt"));
}

TEST(JsonlSink, ScanStartNamesTheRunAndNeverTheKey) {
  RunInfo run;
  run.run_id = "0b6f3a8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b";
  run.version = "0.1.0";
  run.started = 1600000000;
  run.host = "fil01";
  run.user = "svc-datavagt";
  run.roots = {"/srv/share/Jobcenter", "/srv/share/Borger 030485-1007"};
  run.key_id = "02ea8731e1c8f3d0";
  run.key_file = "/var/lib/datavagt/fingerprint.key";
  run.options_json = "{\"min_confidence\":0.5,\"kinds\":[]}";
  run.warnings = {"the key in k is only 4 bytes long"};
  const auto j = nlohmann::json::parse(JsonlSink::start_record(run));
  EXPECT_EQ(j["kind"], "scan-start");
  EXPECT_EQ(j["run_id"], run.run_id);
  EXPECT_EQ(j["version"], "0.1.0");
  EXPECT_EQ(j["started"], "2020-09-13T12:26:40Z");
  EXPECT_EQ(j["host"], "fil01");
  EXPECT_EQ(j["user"], "svc-datavagt");
  EXPECT_EQ(j["roots"], (nlohmann::json{"/srv/share/Jobcenter", "/srv/share/Borger 030485-XXXX"}));
  EXPECT_EQ(j["key_id"], "02ea8731e1c8f3d0");
  EXPECT_EQ(j["key_file"], "/var/lib/datavagt/fingerprint.key");
  EXPECT_EQ(j["per_user_key"], false);
  EXPECT_EQ(j["options"]["min_confidence"], 0.5);
  EXPECT_EQ(j["warnings"].size(), 1u);
}

TEST(JsonlSink, ScanEndHasTheStatusAndTheTotalsOfTheSummary) {
  RunSummary s;
  s.status = RunStatus::Complete;
  s.files = 18;
  s.files_with_findings = 11;
  s.folders_with_findings = 1;
  s.files_with_problems = 2;
  s.bytes_read = 18200;
  s.files_by_kind = {{"cpr", 9}, {"health", 1}};
  s.occurrences_by_kind = {{"cpr", 22}, {"health", 6}};
  s.problems_by_reason = {{"permission-denied", 2}};
  s.files_by_severity[static_cast<int>(Severity::Critical)] = 1;
  s.symlinks_skipped = 3;
  s.exit_code = 1;
  s.ended = 1600000000;
  auto j = nlohmann::json::parse(JsonlSink::end_record(s, "run-1"));
  EXPECT_EQ(j["kind"], "scan-end");
  EXPECT_EQ(j["run_id"], "run-1");
  EXPECT_EQ(j["status"], "complete");
  EXPECT_FALSE(j.contains("signal"));
  EXPECT_EQ(j["exit_code"], 1);
  EXPECT_EQ(j["files"], 18);
  EXPECT_EQ(j["files_with_findings"], 11);
  EXPECT_EQ(j["folders_with_findings"], 1);
  EXPECT_EQ(j["files_with_problems"], 2);
  EXPECT_EQ(j["bytes_read"], 18200);
  EXPECT_EQ(j["files_by_kind"]["cpr"], 9);
  EXPECT_EQ(j["occurrences_by_kind"]["health"], 6);
  EXPECT_EQ(j["problems_by_reason"]["permission-denied"], 2);
  EXPECT_EQ(j["files_by_severity"]["critical"], 1);
  EXPECT_EQ(j["files_by_severity"]["high"], 0);
  EXPECT_EQ(j["skipped"]["symlinks"], 3);
  EXPECT_EQ(j["ended"], "2020-09-13T12:26:40Z");

  s.status = RunStatus::Interrupted;
  s.signal = SIGTERM;
  s.exit_code = 143;
  j = nlohmann::json::parse(JsonlSink::end_record(s, "run-1"));
  EXPECT_EQ(j["status"], "interrupted");
  EXPECT_EQ(j["signal"], "SIGTERM");
  EXPECT_EQ(j["exit_code"], 143);

  s.status = RunStatus::Failed;
  s.failure = "1 of the paths named could not be scanned";
  j = nlohmann::json::parse(JsonlSink::end_record(s, "run-1"));
  EXPECT_EQ(j["status"], "failed");
  EXPECT_EQ(j["failure"], s.failure);
}

// The policy's verdict: on every record of the file (owner, department, misplaced reasons), and `overdue` for
// the item a finding is in (a mail message's own), the file's on its other records.
TEST(JsonlSink, PolicyFieldsOnEveryRecord) {
  auto v = verdict("share/Jobcenter/arkiv.mbox");
  v.flags = {"overdue", "misplaced"};
  v.misplaced = {"forbidden: share/Fælles/**", "readable by Everyone"};
  v.owner = "hholm";
  v.department = "Jobcenter";
  v.responsible = "Hanne Holm";
  v.responsible_email = "hh@vesterby.dk";
  v.overdue = Overdue{"share/Jobcenter/**", 1095, 212};
  Finding old_mail;
  old_mail.members = {"1 Ansøgning (2019-03-01)"};
  old_mail.member_time = 1551434400;
  old_mail.overdue = Overdue{"mail folder: Slettet post", 30, 1000};
  Finding fresh_mail = old_mail;
  fresh_mail.overdue.reset();
  for (const auto& line : {JsonlSink::finding_record(v, old_mail),
                           JsonlSink::problem_record(v, Problem::make(ProblemKind::Corrupt, "x"))}) {
    const auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j["flags"], (nlohmann::json{"overdue", "misplaced"}));
    EXPECT_EQ(j["misplaced"], (nlohmann::json{"forbidden: share/Fælles/**", "readable by Everyone"}));
    EXPECT_EQ(j["owner"], "hholm");
    EXPECT_EQ(j["department"], "Jobcenter");
    EXPECT_EQ(j["responsible"], "Hanne Holm");
    EXPECT_EQ(j["responsible_email"], "hh@vesterby.dk");
  }
  const auto item = nlohmann::json::parse(JsonlSink::finding_record(v, old_mail));
  EXPECT_EQ(item["overdue"], (nlohmann::json{{"rule", "mail folder: Slettet post"}, {"days", 30}, {"days_over", 1000}}));
  EXPECT_FALSE(nlohmann::json::parse(JsonlSink::finding_record(v, fresh_mail)).contains("overdue"));
  const auto error = nlohmann::json::parse(JsonlSink::problem_record(v, Problem::make(ProblemKind::Corrupt, "x")));
  EXPECT_EQ(error["overdue"], (nlohmann::json{{"rule", "share/Jobcenter/**"}, {"days", 1095}, {"days_over", 212}}));
}

TEST(JsonlSink, NoPolicyFieldsWithoutAVerdict) {
  const auto j = nlohmann::json::parse(JsonlSink::finding_record(verdict("a.txt"), Finding{}));
  for (const char* field : {"overdue", "misplaced", "owner", "department", "responsible", "responsible_email"})
    EXPECT_FALSE(j.contains(field)) << field;
}

TEST(JsonText, Base64) {
  EXPECT_EQ(json::base64(""), "");
  EXPECT_EQ(json::base64("f"), "Zg==");
  EXPECT_EQ(json::base64("fo"), "Zm8=");
  EXPECT_EQ(json::base64("foo"), "Zm9v");
  EXPECT_EQ(json::base64("foob"), "Zm9vYg==");
}

// A file with very many records is written in slices by verdict() (bounded memory): byte for byte what
// prepare() formats whole, every line complete.
TEST(JsonlSink, ManyRecordsAreWrittenInSlicesAsPreparedWhole) {
  FileVerdict v = verdict("share/udtraek.zip");
  for (int i = 0; i < 5000; ++i) {
    Finding f;
    f.kind = FindingKind::Cpr;
    f.members = {"liste" + std::to_string(i / 125) + ".csv"};
    f.masked = "010190-XXXX";
    f.fingerprint = std::string(64, 'a');
    f.context = "navn;cpr;adresse Borger " + std::to_string(i) + ";010190-XXXX;Vej 1";
    v.findings.push_back(f);
  }
  v.problems.push_back(Problem{ProblemKind::Corrupt, "damaged member data", {"liste9.csv"}});
  char* buf = nullptr;
  std::size_t len = 0;
  std::FILE* mem = ::open_memstream(&buf, &len);
  ASSERT_NE(mem, nullptr);
  std::string prepared;
  {
    JsonlSink sink(mem, "memory");
    prepared = sink.prepare(v);
    sink.verdict(v);
  }
  std::fclose(mem);
  const std::string out(buf, len);
  std::free(buf);
  EXPECT_GT(out.size(), std::size_t{256} << 10) << "more than one slice";
  EXPECT_EQ(out, prepared);
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 5001);
}

}  // namespace
}  // namespace datavagt
