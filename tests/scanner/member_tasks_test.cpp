// The members of one container scanned as parallel tasks (scanner/member_tasks.h) give the verdict a serial
// scan gives, in the same order, run after run: zips with many members, an mbox, nested zips, identical
// members, a budget spent inside a task, members above the task bound, the pending-bytes cap, one thread, and
// the whole `scan` command with two threads.
#include <gtest/gtest.h>

#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <stdexcept>

#include "extractors/mail/pst_message.h"
#include "extractors/mail/pst_records.h"
#include "scanner/item_scanner.h"
#include "scanner/member_tasks.h"
#include "scanner/scan_command.h"
#include "tests/support/make_archive.h"
#include "tests/support/scan_text.h"
#include "tests/support/scanner_fixture.h"
#include "tests/support/temp_dir.h"

namespace datavagt {
namespace {

using testing::ArchiveFormat;
using testing::ArchiveMember;
using testing::TempDir;

// A letter with a CPR number of its own (day and month from `i`) and a sensitive term.
std::string letter(int i) {
  char ddmmyy[16];
  std::snprintf(ddmmyy, sizeof ddmmyy, "%02d%02d%02d", 1 + i % 28, 1 + (i / 28) % 12, 40 + (i / 336) % 50);
  return "Kære borger nr. " + std::to_string(i) + "\nDit CPR-nummer er " + testing::valid_cpr(ddmmyy) +
         ".\nDu er indlagt med diabetes.\n" + std::string(static_cast<std::size_t>(200 + i % 900), 'x') + "\n";
}

std::vector<ArchiveMember> letters(int n, const std::string& prefix = "brev") {
  std::vector<ArchiveMember> m;
  for (int i = 0; i < n; ++i) m.push_back({prefix + std::to_string(i) + ".txt", letter(i)});
  return m;
}

std::string mail(int i, std::string_view body_and_headers) {
  const std::string d = std::to_string(1 + i % 28);
  return "From sender@example.dk Fri Mar  " + d + " 10:00:00 2019\nFrom: Jens <sender@example.dk>\n"
         "To: post@example.dk\nSubject: Sag " + std::to_string(i) + "\nDate: Fri, " + d +
         " Mar 2019 10:00:00 +0000\nMIME-Version: 1.0\n" + std::string(body_and_headers) + "\n";
}

class MemberTasksTest : public testing::ScannerFixture {
 protected:
  FileVerdict serial(const std::string& path) {
    ItemScanner s(*rules_, ctx_);
    auto v = s.scan_file(path);
    member_bytes_ = s.member_bytes_read();
    return v;
  }
  // With tasks, on `threads` threads.
  FileVerdict parallel(const std::string& path, int threads = 2) {
    ScannerPool pool([this] { return std::make_unique<ItemScanner>(*rules_, ctx_); });
    ItemScanner s(*rules_, ctx_, &pool);
    FileVerdict v;
    tbb::task_arena arena(threads);
    arena.execute([&] {
      v = s.scan_file(path);
      counts_ = s.member_task_counts();
      member_bytes_ = s.member_bytes_read();
    });
    return v;
  }
  // Parallel equals serial, three times over.
  void expect_same_as_serial(const std::string& path) {
    const auto expected = testing::verdict_lines(serial(path));
    for (int run = 0; run < 3; ++run)
      EXPECT_EQ(testing::verdict_lines(parallel(path)), expected) << path << " run " << run;
  }
  static bool has_limit(const FileVerdict& v, std::string_view option) {
    for (const auto& p : v.problems)
      if (p.kind == ProblemKind::Limit && p.detail.find(option) != std::string::npos) return true;
    return false;
  }
  TempDir dir_;
  MemberTaskCounts counts_;
  std::uint64_t member_bytes_ = 0;  // what the last scan read from members (ItemScanner::member_bytes_read)
};

TEST_F(MemberTasksTest, ZipWithManyMembersGivesTheSerialVerdict) {
  const auto zip = dir_.write("mange.zip", testing::make_archive(ArchiveFormat::Zip, letters(400)));
  expect_same_as_serial(zip);
  EXPECT_EQ(counts_.tasks, 400u);
  const auto v = parallel(zip);
  EXPECT_EQ(v.text_bytes, serial(zip).text_bytes);
  EXPECT_GE(v.findings.size(), 400u);
  EXPECT_TRUE(v.problems.empty());
}

TEST_F(MemberTasksTest, TarOfMixedMembersGivesTheSerialVerdict) {
  auto members = letters(50);
  members.push_back({"tom.txt", ""});
  members.push_back({"binær.bin", std::string("\x7f" "ELF\x02\x01\x01", 7) + std::string(100, '\0')});
  members.push_back({"indre.zip", testing::make_archive(ArchiveFormat::Zip, letters(5, "indre"))});
  expect_same_as_serial(dir_.write("blandet.tar", testing::make_archive(ArchiveFormat::GnuTar, members)));
}

TEST_F(MemberTasksTest, MboxGivesTheSerialVerdict) {
  std::string mbox;
  for (int i = 0; i < 150; ++i) {
    if (i % 3 == 0) {
      // The same attachment in many mails: matched once (in whichever task gets it first), reported in each.
      mbox += mail(i, "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\n" +
                          letter(i) +
                          "--b\nContent-Type: text/plain; name=bilag.txt\nContent-Disposition: attachment; "
                          "filename=bilag.txt\n\nBilag: CPR 150643-1006, straffeattest.\n--b--\n");
    } else {
      mbox += mail(i, "Content-Type: text/plain; charset=utf-8\n\n" + letter(i));
    }
  }
  const auto path = dir_.write("arkiv.mbox", mbox);
  expect_same_as_serial(path);
  EXPECT_EQ(counts_.tasks, 150u);
  // The attachment's findings carry their own mail's date, not the first copy's.
  const auto v = parallel(path);
  std::set<std::int64_t> times;
  for (const auto& f : v.findings)
    if (!f.members.empty() && f.members.size() == 2 && f.members[1] == "bilag.txt") times.insert(f.member_time);
  EXPECT_GT(times.size(), 10u);
}

// A PST's messages are members like any other (byte items): each is read whole and scanned by a task; so
// are PST, MSG and EML files inside a zip.
TEST_F(MemberTasksTest, MailFormatsGiveTheSerialVerdict) {
  const std::string mail_dir = std::string(DATAVAGT_SOURCE_DIR) + "/tests/fixtures/mail/";
  expect_same_as_serial(mail_dir + "testPST_variousBodyTypes.pst");
  EXPECT_EQ(counts_.tasks, 4u);  // its messages
  EXPECT_EQ(parallel(mail_dir + "testPST_variousBodyTypes.pst").text_bytes,
            serial(mail_dir + "testPST_variousBodyTypes.pst").text_bytes);  // every message's text, once
  expect_same_as_serial(mail_dir + "testMSG_att_msg.msg");
  std::vector<ArchiveMember> members;
  for (const char* f : {"testPST_variousBodyTypes.pst", "testMSG_att_doc.msg", "testMSG_att_msg.msg",
                        "testMSG_forwarded.msg"}) {
    std::ifstream in(mail_dir + f, std::ios::binary);
    members.push_back({f, std::string(std::istreambuf_iterator<char>(in), {})});
  }
  const std::string eml = mail(1, "Content-Type: text/plain\n\n" + letter(1));
  members.push_back({"brev.eml", eml.substr(eml.find('\n') + 1)});  // without the mbox "From " line
  for (int i = 0; i < 20; ++i) members.push_back({"brev" + std::to_string(i) + ".txt", letter(i)});
  const auto zip = dir_.write("post.zip", testing::make_archive(ArchiveFormat::Zip, members));
  expect_same_as_serial(zip);
  EXPECT_EQ(counts_.tasks, members.size());
}

// A PST message larger than the task bound is streamed in line, what was read of it first replayed; past
// the depth limit a message (or its attachments) is refused, its records passed over.
TEST_F(MemberTasksTest, PstMessagesAboveTheBoundAreMatchedInLine) {
  const std::string pst = std::string(DATAVAGT_SOURCE_DIR) + "/tests/fixtures/mail/testPST_variousBodyTypes.pst";
  for (std::size_t bound : {1, 100, 300, 1000}) {
    limits_.parallel_member_bytes = bound;
    expect_same_as_serial(pst);
  }
  limits_.max_depth = 0;  // the messages refused: one problem each
  expect_same_as_serial(pst);
  limits_.max_depth = 1;  // their attachments refused
  expect_same_as_serial(pst);
}

// A PST message as its reader sends it (extractors/mail/pst_message.h): a subject, a body with a CPR number
// of its own, the same attachment as every other message, and an attached message dated `day` with that
// attachment again.
std::string pst_message(int i, int day) {
  using pst::append_record;
  using pst::Record;
  std::string m(pst::kPstMessageMagic);
  append_record(m, Record::Text, {"subject", "Sag " + std::to_string(i)});
  append_record(m, Record::Text, {"body", letter(i)});
  const std::string same = "Bilag: CPR 150643-1006, straffeattest.\n";
  append_record(m, Record::Attachment, {"bilag.txt", same});
  append_record(m, Record::Message, {"1 Videresendt", std::to_string(1551398400 + day * 86400), "100"});
  append_record(m, Record::Text, {"subject", "Videresendt"});
  append_record(m, Record::Attachment, {"bilag.txt", same});
  append_record(m, Record::End, {});
  append_record(m, Record::End, {});
  return m;
}

// PST messages take the member path of every member: tasks, copies of identical messages and attachments
// matched once, the depth limit and the file's budget; the verdict is the serial one.
TEST_F(MemberTasksTest, PstMessagesTakeTheMemberPath) {
  std::vector<ArchiveMember> members;
  for (int i = 0; i < 60; ++i) members.push_back({"msg" + std::to_string(i), pst_message(i, i)});
  members.push_back({"kopi", pst_message(7, 7)});  // a message identical to msg7, byte for byte
  const auto zip = dir_.write("beskeder.zip", testing::make_archive(ArchiveFormat::Zip, members));
  expect_same_as_serial(zip);
  EXPECT_EQ(counts_.tasks, members.size() - 1);  // the copy is filled in from its original's results
  const auto v = parallel(zip);
  EXPECT_TRUE(v.problems.empty()) << v.problems.front().detail;
  // The attachment of every attached message, matched once or more, reported in each with that message's date.
  std::set<std::int64_t> times;
  std::set<std::string> where;
  for (const auto& f : v.findings)
    if (f.members.size() == 3 && f.members[2] == "bilag.txt" && f.kind == FindingKind::Cpr) {
      times.insert(f.member_time);
      where.insert(f.members[0]);
    }
  EXPECT_EQ(times.size(), 60u);
  EXPECT_EQ(where.size(), members.size());

  limits_.max_depth = 2;  // the attached messages' attachments are refused
  expect_same_as_serial(zip);
  const auto shallow = parallel(zip);
  int refused = 0;
  for (const auto& p : shallow.problems)
    refused += p.kind == ProblemKind::Limit && p.detail.find("--max-depth") != std::string::npos;
  EXPECT_EQ(refused, static_cast<int>(members.size()));

  limits_.max_depth = 16;
  limits_.max_file_unpacked_bytes = 20000;
  const auto spent = parallel(zip);
  EXPECT_TRUE(has_limit(spent, "--max-unpacked-size"));
  int limits = 0;
  for (const auto& p : spent.problems) limits += p.kind == ProblemKind::Limit;
  EXPECT_EQ(limits, 1);
}

TEST_F(MemberTasksTest, NestedZipsGiveTheSerialVerdict) {
  std::vector<ArchiveMember> outer;
  for (int i = 0; i < 8; ++i) {
    std::vector<ArchiveMember> inner = letters(20, "z" + std::to_string(i) + "_");
    inner.push_back({"dybere.zip", testing::make_archive(ArchiveFormat::Zip, letters(3, "d" + std::to_string(i)))});
    outer.push_back({"del" + std::to_string(i) + ".zip", testing::make_archive(ArchiveFormat::Zip, inner)});
  }
  const auto zip = dir_.write("rede.zip", testing::make_archive(ArchiveFormat::Zip, outer));
  expect_same_as_serial(zip);
  EXPECT_EQ(counts_.tasks, 8u);  // the inner zips' members are scanned by their zip's task
}

TEST_F(MemberTasksTest, IdenticalMembersAreMatchedOnceAcrossTasks) {
  std::vector<ArchiveMember> members;
  const std::string same = letter(7);
  const std::string inner = testing::make_archive(ArchiveFormat::Zip, {{"a.txt", same}, {"b.txt", letter(8)}});
  for (int i = 0; i < 60; ++i) {
    members.push_back({"kopi" + std::to_string(i) + ".txt", same});
    members.push_back({"eget" + std::to_string(i) + ".txt", letter(100 + i)});
    if (i % 10 == 0) members.push_back({"kopi" + std::to_string(i) + ".zip", inner});
  }
  const auto zip = dir_.write("kopier.zip", testing::make_archive(ArchiveFormat::Zip, members));
  expect_same_as_serial(zip);
  // Each copy of a member a task was still scanning (or had scanned) is filled in from that task.
  EXPECT_GT(counts_.copies, 0u);
  EXPECT_LT(counts_.tasks, members.size());
}

TEST_F(MemberTasksTest, BudgetSpentInsideATaskEndsTheFileWithALimit) {
  std::vector<ArchiveMember> members;
  for (int i = 0; i < 200; ++i)
    members.push_back({"del" + std::to_string(i) + ".txt", std::string(20000, static_cast<char>('a' + i % 26))});
  const auto zip = dir_.write("stor.zip", testing::make_archive(ArchiveFormat::Zip, members));
  limits_.max_file_unpacked_bytes = 500000;
  const auto v = parallel(zip);
  EXPECT_TRUE(has_limit(v, "--max-unpacked-size"));
  // The work is bounded, not only reported: past the budget, at most the members already being read by the
  // two threads are read on (of 4,000,000 bytes in all).
  EXPECT_GT(member_bytes_, limits_.max_file_unpacked_bytes);
  EXPECT_LE(member_bytes_, limits_.max_file_unpacked_bytes + 4 * 20000) << member_bytes_;
  int limits = 0;
  for (const auto& p : v.problems) limits += p.kind == ProblemKind::Limit;
  EXPECT_EQ(limits, 1);  // one problem says why the rest is missing

  limits_.max_file_unpacked_bytes = std::uint64_t{4} << 30;
  limits_.max_seconds_per_file = 1e-9;
  EXPECT_TRUE(has_limit(parallel(zip), "--max-seconds"));
}

TEST_F(MemberTasksTest, NestedBombInTasksIsBoundedByLimits) {
  // 42.zip-style: each layer holds 16 copies of the layer below; at the bottom a 64 MiB file of zeros.
  std::string layer = testing::make_archive(ArchiveFormat::Zip, {{"0.bin", std::string(std::size_t{64} << 20, '\0')}});
  for (int depth = 0; depth < 4; ++depth) {
    std::vector<ArchiveMember> copies;
    for (int i = 0; i < 16; ++i) copies.push_back({"lag" + std::to_string(i) + ".zip", layer});
    layer = testing::make_archive(ArchiveFormat::Zip, copies);
  }
  const auto zip = dir_.write("bombe.zip", layer);
  const auto v = parallel(zip);
  // Nominally 16^4 x 64 MiB = 4 TiB. The work is bounded (a bound on bytes, not on time, which a loaded or
  // sanitized build cannot promise): the copies are matched once (or twice, when two tasks reach one at the
  // same time) and the zeros are cut off by the ratio guard after ratio_guard_bytes.
  EXPECT_GT(member_bytes_, limits_.ratio_guard_bytes);
  EXPECT_LT(member_bytes_, 4 * limits_.ratio_guard_bytes) << member_bytes_;
  EXPECT_TRUE(has_limit(v, "--max-ratio"));
  EXPECT_TRUE(v.findings.empty());
  EXPECT_EQ(testing::verdict_lines(v), testing::verdict_lines(serial(zip)));
  EXPECT_LT(member_bytes_, 4 * limits_.ratio_guard_bytes) << "serial: " << member_bytes_;
}

TEST_F(MemberTasksTest, MembersAboveTheBoundAreScannedInLine) {
  limits_.parallel_member_bytes = 64 << 10;
  limits_.dedup_member_bytes = 16 << 10;
  auto members = letters(30);
  std::string big = letter(500);
  while (big.size() < (200 << 10)) big += letter(static_cast<int>(big.size() % 300));
  members.insert(members.begin() + 10, {"stor.txt", big});
  members.insert(members.begin() + 20, {"mellem.txt", big.substr(0, 40 << 10)});  // streamed size, in a task
  expect_same_as_serial(dir_.write("stor.zip", testing::make_archive(ArchiveFormat::Zip, members)));
  EXPECT_EQ(counts_.tasks, 31u);  // all but the big one
}

TEST_F(MemberTasksTest, PendingBytesStayUnderTheCap) {
  limits_.parallel_pending_bytes = 100 << 10;
  std::vector<ArchiveMember> members;
  for (int i = 0; i < 200; ++i)
    members.push_back({"del" + std::to_string(i) + ".txt", letter(i) + std::string(9000, 'y')});
  const auto zip = dir_.write("mange.zip", testing::make_archive(ArchiveFormat::Zip, members));
  expect_same_as_serial(zip);
  EXPECT_EQ(parallel(zip).text_bytes, serial(zip).text_bytes);
  EXPECT_GT(counts_.tasks, 0u);
  EXPECT_GT(counts_.peak_pending_bytes, 0u);
  EXPECT_LE(counts_.peak_pending_bytes, limits_.parallel_pending_bytes);
}

TEST_F(MemberTasksTest, OneThreadScansEverythingInLine) {
  const auto zip = dir_.write("mange.zip", testing::make_archive(ArchiveFormat::Zip, letters(50)));
  EXPECT_EQ(testing::verdict_lines(parallel(zip, 1)), testing::verdict_lines(serial(zip)));
  EXPECT_EQ(counts_.tasks, 0u);
}

TEST_F(MemberTasksTest, OneAllowedThreadScansEverythingInLine) {  // -j1
  const auto zip = dir_.write("mange.zip", testing::make_archive(ArchiveFormat::Zip, letters(50)));
  tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
  EXPECT_EQ(testing::verdict_lines(parallel(zip)), testing::verdict_lines(serial(zip)));
  EXPECT_EQ(counts_.tasks, 0u);
}

TEST_F(MemberTasksTest, AFailedTaskIsAProblemAtItsMember) {
  const auto zip = dir_.write("fem.zip", testing::make_archive(ArchiveFormat::Zip, letters(5)));
  ScannerPool failing([]() -> std::unique_ptr<ItemScanner> { throw std::runtime_error("no scanner"); });
  ItemScanner s(*rules_, ctx_, &failing);
  FileVerdict v;
  tbb::task_arena arena(2);
  arena.execute([&] { v = s.scan_file(zip); });
  ASSERT_EQ(v.problems.size(), 5u);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(v.problems[i].kind, ProblemKind::Internal);
    EXPECT_EQ(v.problems[i].detail, "scan failed: no scanner");
    EXPECT_EQ(v.problems[i].members, std::vector<std::string>{"brev" + std::to_string(i) + ".txt"});
  }
  EXPECT_EQ(v.format, "zip");  // the file itself was scanned on
}

TEST_F(MemberTasksTest, OffMeansInLine) {
  limits_.parallel_member_bytes = 0;
  const auto zip = dir_.write("mange.zip", testing::make_archive(ArchiveFormat::Zip, letters(50)));
  EXPECT_EQ(testing::verdict_lines(parallel(zip)), testing::verdict_lines(serial(zip)));
  EXPECT_EQ(counts_.tasks, 0u);
}

std::vector<std::string> sorted_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    if (line.rfind("{\"kind\":\"scan-", 0) != 0) lines.push_back(line);  // the run's own records differ
  std::sort(lines.begin(), lines.end());
  return lines;
}

TEST(MemberTasksScan, ScanCommandWithTwoThreadsReportsWhatItDoesWithoutTasks) {
  TempDir t;
  t.write("share/mange.zip", testing::make_archive(ArchiveFormat::Zip, letters(300)));
  std::string mbox;
  for (int i = 0; i < 100; ++i) mbox += mail(i, "Content-Type: text/plain; charset=utf-8\n\n" + letter(i));
  t.write("share/post/arkiv.mbox", mbox);
  t.write("share/brev.txt", letter(3));
  t.write("key", "k");
  ScanOptions o;
  o.roots = {t / "share"};
  o.key_file = t / "key";
  o.threads = 2;
  o.progress = false;
  o.quiet = true;
  o.jsonl = t / "on.jsonl";
  EXPECT_EQ(run_scan(o), 1);
  o.limits.parallel_member_bytes = 0;
  o.jsonl = t / "off.jsonl";
  EXPECT_EQ(run_scan(o), 1);
  const auto on = sorted_lines(t / "on.jsonl");
  EXPECT_GT(on.size(), 400u);
  EXPECT_EQ(on, sorted_lines(t / "off.jsonl"));
}

}  // namespace
}  // namespace datavagt
