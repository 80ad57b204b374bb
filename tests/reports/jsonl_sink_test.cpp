#include "reports/jsonl_sink.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

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
  EXPECT_EQ(kinds, (std::vector<std::string>{"note", "cpr"}));
}

TEST(JsonlSink, NonUtf8PathsStayValidJsonAndKeepTheirBytes) {
  auto v = verdict("share/Ans\xF8gning.txt");
  const auto line = JsonlSink::problem_record(v, Problem::make(ProblemKind::Vanished, "gone"));
  const auto j = nlohmann::json::parse(line);  // throws on invalid UTF-8
  EXPECT_EQ(j["path"], "share/Ans\xEF\xBF\xBDgning.txt");
  EXPECT_EQ(j["path_bytes"], json::base64("share/Ans\xF8gning.txt"));
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

}  // namespace
}  // namespace datavagt
