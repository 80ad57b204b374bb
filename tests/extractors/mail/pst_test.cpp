// PST through libpst, on a real Outlook file (Apache Tika's testPST_variousBodyTypes.pst, see
// tests/fixtures/mail/NOTICE): folders, messages as members with their own text, bodies in every form,
// dates; and damaged files. What readpst (pst-utils) extracts from the fixture chose the assertions.
#include <iconv.h>
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <atomic>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/utf8.h"
#include "extractors/byte_source.h"
#include "extractors/extractor.h"
#include "extractors/format.h"
#include "extractors/registry.h"
#include "scanner/file_source.h"
#include "tests/support/temp_dir.h"

namespace datavagt {
namespace {

const std::string kFixture = std::string(DATAVAGT_SOURCE_DIR) + "/tests/fixtures/mail/testPST_variousBodyTypes.pst";

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

std::string key(const Location& l) {
  std::string k;
  for (const auto& m : l.members) k += (k.empty() ? "" : "!/") + m;
  return k;
}

// Everything the extractor says, by member: messages (byte items of FormatId::PstMessage, read by their own
// extractor as the scanner would) get sinks of their own.
struct Tree {
  Limits limits;
  std::map<std::string, std::map<std::string, std::string>> parts;  // member key -> part -> text
  std::vector<ItemInfo> messages;
  std::vector<ItemInfo> members;
  std::vector<Problem> problems;
  std::vector<std::string> notes;

  bool has_problem(ProblemKind k) const {
    for (const auto& p : problems)
      if (p.kind == k) return true;
    return false;
  }
  std::string text(const std::string& member, const std::string& part) const {
    auto m = parts.find(member);
    if (m == parts.end()) return {};
    auto p = m->second.find(part);
    return p == m->second.end() ? std::string() : p->second;
  }
};

class TreeSink final : public ExtractSink {
 public:
  TreeSink(Tree& t, std::string member) : t_(t), member_(std::move(member)) {}
  bool text(const TextChunk& c) override {
    EXPECT_TRUE(utf8::is_valid(c.utf8));
    t_.parts[member_][c.where.part].append(c.utf8);
    return true;
  }
  void nested(const ItemInfo& member, ByteSource& src) override {
    std::string bytes;
    EXPECT_TRUE(read_up_to(src, std::size_t{1} << 30, bytes, 4096));
    if (sniff_format(std::string_view(bytes).substr(0, kSniffBytes), bytes.size()) != FormatId::PstMessage) {
      t_.members.push_back(member);
      return;
    }
    t_.messages.push_back(member);
    TreeSink inner(t_, key(member.location));
    MemorySource message(bytes);
    make_extractor(FormatId::PstMessage)->extract(message, member, inner, t_.limits);
  }
  void problem(Problem p) override { t_.problems.push_back(std::move(p)); }
  void note(std::string n) override { t_.notes.push_back(std::move(n)); }

 private:
  Tree& t_;
  std::string member_;
};

Tree extract(ByteSource& src, std::uint64_t size, Limits limits = {}) {
  auto x = make_extractor(FormatId::Pst);
  EXPECT_NE(x, nullptr);
  Tree t;
  t.limits = limits;
  if (!x) return t;
  ItemInfo info;
  info.location.path = "export.pst";
  info.size = size;
  info.mtime = 1;
  TreeSink sink(t, "");
  x->extract(src, info, sink, limits);
  return t;
}

Tree extract_bytes(std::string_view bytes, Limits limits = {}) {
  MemorySource src(bytes);
  return extract(src, bytes.size(), limits);
}

const std::string kMsg1 = "Inbox/tmp/1 original email (2017-08-30)";
const std::string kMsg2 = "Inbox/tmp/2 FW: original email (2017-08-30)";
const std::string kMsg3 = "Inbox/tmp/3 FW: original email (2017-08-30)";
const std::string kMsg4 = "Inbox/tmp/4 FW: original email (2017-08-30)";

TEST(Pst, SniffedByContent) {
  const std::string bytes = slurp(kFixture);
  ASSERT_GT(bytes.size(), 100000u);
  EXPECT_EQ(sniff_format(std::string_view(bytes).substr(0, 8192), bytes.size()), FormatId::Pst);
}

TEST(Pst, EveryMessageIsAMemberNamedByFolderAndLabel) {
  const std::string bytes = slurp(kFixture);
  const Tree t = extract_bytes(bytes);
  EXPECT_TRUE(t.problems.empty()) << t.problems.front().detail;
  std::vector<std::string> names;
  for (const auto& m : t.messages) {
    names.push_back(key(m.location));
    EXPECT_EQ(m.location.path, "export.pst");
    EXPECT_EQ(m.depth, 1u);
  }
  EXPECT_EQ(names, (std::vector<std::string>{kMsg1, kMsg2, kMsg3, kMsg4}));
  // The delivery times (readpst's Date headers: 19:26:03, 19:26:52, 19:27:20, 19:27:50 UTC on 2017-08-30).
  ASSERT_EQ(t.messages.size(), 4u);
  const std::int64_t day = 1504051200;  // 2017-08-30T00:00:00Z
  EXPECT_NEAR(t.messages[0].mtime, day + 19 * 3600 + 26 * 60 + 3, 2);
  EXPECT_NEAR(t.messages[1].mtime, day + 19 * 3600 + 26 * 60 + 52, 2);
  EXPECT_NEAR(t.messages[2].mtime, day + 19 * 3600 + 27 * 60 + 20, 2);
  EXPECT_NEAR(t.messages[3].mtime, day + 19 * 3600 + 27 * 60 + 50, 2);
  // The fixture has no attachments (libpst lists one record without content per message: not a member).
  for (const auto& m : t.members) ADD_FAILURE() << key(m.location);
  EXPECT_EQ(t.parts.count(""), 0u) << "no text outside a message";
}

TEST(Pst, SubjectNamesAndBodiesInTheirParts) {
  const std::string bytes = slurp(kFixture);
  const Tree t = extract_bytes(bytes);
  EXPECT_EQ(t.text(kMsg1, "subject"), "original email\n");
  EXPECT_EQ(t.text(kMsg2, "subject"), "FW: original email\n");
  EXPECT_NE(t.text(kMsg1, "header").find("Allison, Timothy B."), std::string::npos);
  // 1, 2: HTML messages (plain and HTML bodies; their RTF copy, \fromhtml, is not read again).
  EXPECT_NE(t.text(kMsg1, "body").find("This is the original email (html)"), std::string::npos);
  EXPECT_NE(t.text(kMsg1, "html body").find("This is the original email (html)"), std::string::npos);
  EXPECT_NE(t.text(kMsg2, "html body").find("Forwarded (html)"), std::string::npos);
  EXPECT_EQ(t.text(kMsg2, "html body").find("font-family"), std::string::npos) << "style sheets are skipped";
  EXPECT_EQ(t.text(kMsg2, "rtf body"), "");
  // 3: an RTF message: its compressed RTF body is decompressed and read by the RTF extractor.
  EXPECT_NE(t.text(kMsg3, "rtf body").find("Forwarded RTF"), std::string::npos);
  EXPECT_EQ(t.text(kMsg3, "rtf body").find("\\rtf"), std::string::npos);
  EXPECT_NE(t.text(kMsg3, "body").find("Forwarded RTF"), std::string::npos);
  // 4: plain text.
  EXPECT_NE(t.text(kMsg4, "body").find("Forwarded plain text"), std::string::npos);
  EXPECT_EQ(t.text(kMsg4, "html body"), "");
}

// An on-disk file is read through the scanner's own descriptor; anything else through a private copy. Both
// give the same, and the copies (spool_file.h) leave nothing behind in $TMPDIR but the private directory.
TEST(Pst, FileDescriptorAndCopyAgreeAndNoTemporaryFileIsLeft) {
  testing::TempDir tmp;
  Tree copied, direct;
  {
    testing::TmpdirOverride tmpdir(tmp.path());
    const std::string bytes = slurp(kFixture);
    copied = extract_bytes(bytes);
    auto file = FileSource::open(kFixture);
    ASSERT_TRUE(file);
    ASSERT_GE((*file)->file_descriptor(), 0);
    direct = extract(**file, bytes.size());
  }
  EXPECT_EQ(copied.parts, direct.parts);
  EXPECT_EQ(copied.messages.size(), direct.messages.size());
  EXPECT_EQ(testing::files_below(tmp.path()), std::vector<std::string>{}) << "temporary files left in $TMPDIR";
}

// The reader process is started while other threads of the scanner convert charsets (GMime, the MSG and TNEF
// readers): it must not inherit glibc's iconv lock held by one of them (a forked copy waited on it for ever,
// and the PST was reported as stalled after max_silent_seconds). Another thread opens and closes iconv
// descriptors all the time; every one of the PST's readings must be whole.
TEST(Pst, ReaderStartsWhileOtherThreadsUseIconv) {
  std::atomic<bool> stop{false};
  std::vector<std::thread> busy;
  for (const char* from : {"UTF-16LE", "WINDOWS-1252", "ISO-8859-2", "CP850"})
    busy.emplace_back([&stop, from] {
      while (!stop.load()) {
        iconv_t cd = ::iconv_open("UTF-8", from);
        if (cd != reinterpret_cast<iconv_t>(-1)) ::iconv_close(cd);
      }
    });
  const std::string bytes = slurp(kFixture);
  const Tree whole = extract_bytes(bytes);
  Limits limits;
  limits.max_silent_seconds = 20;
  for (int i = 0; i < 20; ++i) {
    const Tree t = extract_bytes(bytes, limits);
    EXPECT_EQ(t.messages.size(), whole.messages.size()) << "reading " << i;
    EXPECT_TRUE(t.problems.empty()) << "reading " << i << ": " << t.problems.front().detail;
    if (!t.problems.empty()) break;
  }
  stop = true;
  for (auto& t : busy) t.join();
}

TEST(Pst, NestedPstLargerThanTheCopyLimitIsNotScanned) {
  const std::string bytes = slurp(kFixture);
  Limits limits;
  limits.max_spooled_member_bytes = 1000;
  const Tree t = extract_bytes(bytes, limits);
  EXPECT_TRUE(t.has_problem(ProblemKind::Limit));
  EXPECT_TRUE(t.messages.empty());
}

// A message is an item of its own: the text budget is per message (as for the messages of an mbox), and
// every message is read.
TEST(Pst, TextBudgetIsPerMessage) {
  const std::string bytes = slurp(kFixture);
  Limits limits;
  limits.max_text_bytes = 100;
  const Tree t = extract_bytes(bytes, limits);
  EXPECT_TRUE(t.has_problem(ProblemKind::Truncated));
  EXPECT_EQ(t.messages.size(), 4u);
  for (const auto& [m, parts] : t.parts) {
    std::size_t total = 0;
    for (const auto& [p, s] : parts) total += s.size();
    EXPECT_LE(total, 100u) << m;
    EXPECT_GT(total, 0u) << m;
  }
}

bool has_detail(const Tree& t, std::string_view s) {
  for (const auto& p : t.problems)
    if (p.kind == ProblemKind::Corrupt && p.detail.find(s) != std::string::npos) return true;
  return false;
}

// Catches a hang, nothing else (no speed check: the machine may be loaded): aborts the test program, naming the
// test, if the code it guards has not returned within `seconds`.
class HangWatchdog {
 public:
  HangWatchdog(int seconds, std::string what)
      : thread_([this, seconds, what = std::move(what)] {
          std::unique_lock lock(mutex_);
          if (!done_changed_.wait_for(lock, std::chrono::seconds(seconds), [this] { return done_; })) {
            std::fprintf(stderr, "HangWatchdog: %s has not ended after %d s\n", what.c_str(), seconds);
            std::abort();
          }
        }) {}
  ~HangWatchdog() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    done_changed_.notify_one();
    thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable done_changed_;
  bool done_ = false;
  std::thread thread_;
};

// Damaged files: corrupt, what is readable kept, nothing printed; libpst ends by itself on each (the reader's
// silence watchdog, max_silent_seconds, does not have to stop it).
TEST(Pst, TruncatedFilesAreCorruptNotFatal) {
  const std::string bytes = slurp(kFixture);
  Limits limits;
  limits.max_silent_seconds = 60;  // only a hang falls silent this long
  for (std::size_t kb : {1, 4, 16, 40, 48, 64, 128, 200, 260}) {
    const std::string cut = bytes.substr(0, kb * 1024);
    ::testing::internal::CaptureStdout();
    ::testing::internal::CaptureStderr();
    Tree t;
    {
      HangWatchdog watchdog(300, "a PST cut at " + std::to_string(kb) + " KB");
      t = extract_bytes(cut, limits);
    }
    const std::string said = ::testing::internal::GetCapturedStdout() + ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(said, "") << kb << " KB";
    EXPECT_TRUE(t.has_problem(ProblemKind::Corrupt)) << kb << " KB";
    EXPECT_FALSE(has_detail(t, "made no progress")) << kb << " KB: libpst hung";
    EXPECT_LE(t.messages.size(), 4u);
    if (kb >= 200) {
      EXPECT_GE(t.messages.size(), 2u) << "what is there is read";
    }
  }
}

TEST(Pst, GarbageWithThePstMagicIsCorrupt) {
  std::string junk("!BDN\x8f\x38\x3f\x3dSM\x17\x00\x13\x00\x01\x01", 16);
  std::uint32_t x = 12345;
  for (int i = 0; i < 64 * 1024; ++i) {
    x = x * 1103515245 + 12345;
    junk += static_cast<char>(x >> 24);
  }
  for (const std::string& bytes : {junk, junk.substr(0, 16), std::string("!BDN")}) {
    ::testing::internal::CaptureStdout();
    ::testing::internal::CaptureStderr();
    const Tree t = extract_bytes(bytes);
    const std::string said = ::testing::internal::GetCapturedStdout() + ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(said, "");
    EXPECT_TRUE(t.has_problem(ProblemKind::Corrupt)) << bytes.size();
    EXPECT_TRUE(t.messages.empty());
  }
}

// A sink may decline a message, reading none or only some of its bytes (the scanner does past
// Limits::max_depth, or when the file's budget is spent): the rest of its records is passed over, and the rest
// of the file is read as usual.
class DecliningSink final : public ExtractSink {
 public:
  explicit DecliningSink(std::size_t read) : read_(read) {}
  bool text(const TextChunk&) override {
    ++texts;
    return true;
  }
  void nested(const ItemInfo&, ByteSource& bytes) override {
    std::string some(read_, '\0');
    EXPECT_TRUE(read_fully(bytes, some));
    ++declined;
  }
  void problem(Problem p) override { problems.push_back(std::move(p)); }
  int texts = 0;
  int declined = 0;
  std::vector<Problem> problems;

 private:
  std::size_t read_;
};

TEST(Pst, DeclinedMessagesArePassedOver) {
  const std::string bytes = slurp(kFixture);
  for (std::size_t read : {0, 1, 20, 100}) {
    DecliningSink sink(read);
    MemorySource src(bytes);
    ItemInfo info;
    info.size = bytes.size();
    make_extractor(FormatId::Pst)->extract(src, info, sink, Limits{});
    EXPECT_EQ(sink.declined, 4) << read;
    EXPECT_EQ(sink.texts, 0);
    EXPECT_TRUE(sink.problems.empty()) << sink.problems.front().detail;
  }
}

// Byte changes that make libpst 0.6.76 crash or hang (found by mutating the fixture at random; readpst
// crashes on the same files). libpst runs in a process of its own: the scan goes on, with a `corrupt` problem.
struct Damage {
  std::size_t offset;
  unsigned char value;
};
std::string damaged(std::initializer_list<Damage> changes) {
  std::string bytes = slurp(kFixture);
  for (const auto& c : changes) bytes.at(c.offset) = static_cast<char>(c.value);
  return bytes;
}

TEST(Pst, LibpstCrashingCostsOnlyTheRestOfTheFile) {
  const std::string bytes =
      damaged({{4089, 123}, {6999, 165}, {35502, 165}, {38234, 163}, {68555, 143}, {81894, 52}, {150632, 15},
               {170157, 170}, {175642, 88}, {177081, 106}, {181819, 101}, {187763, 119}, {188829, 178},
               {213175, 50}, {219749, 37}, {236144, 4}});
  const Tree t = extract_bytes(bytes);
  EXPECT_TRUE(has_detail(t, "libpst failed on damaged data")) << (t.problems.empty() ? "" : t.problems[0].detail);
  EXPECT_GE(t.messages.size(), 1u) << "what was read before the crash is kept";
}

TEST(Pst, LibpstExitingIsAProblemNotTheEnd) {
  const std::string bytes =
      damaged({{322, 103}, {2553, 200}, {14389, 254}, {20750, 164}, {33844, 75}, {43969, 67}, {78775, 183},
               {104345, 194}, {115888, 16}, {119264, 46}, {126970, 169}, {134029, 107}, {175220, 170},
               {225577, 170}, {243158, 242}, {254612, 87}});
  const Tree t = extract_bytes(bytes);
  EXPECT_TRUE(has_detail(t, "libpst failed on damaged data")) << (t.problems.empty() ? "" : t.problems[0].detail);
}

// This damage keeps libpst busy for seconds (readpst: 10 s and more) before it crashes; a reader that falls
// silent for max_silent_seconds would be stopped (the stall itself: PstRecords.SilenceIsStalled).
TEST(Pst, DamageThatKeepsLibpstBusyEndsInTime) {
  const std::string bytes = damaged(
      {{2563, 95},    {7467, 224},   {9934, 170},   {13309, 21},   {18893, 201},  {21926, 193},  {26119, 38},
       {26617, 74},   {33209, 125},  {35115, 204},  {36661, 78},   {39010, 10},   {52535, 218},  {55134, 154},
       {66498, 199},  {69134, 199},  {69621, 26},   {70648, 214},  {71260, 228},  {76992, 164},  {77340, 111},
       {79331, 43},   {81435, 68},   {88055, 129},  {94908, 189},  {96224, 113},  {96500, 179},  {109073, 171},
       {109120, 79},  {109489, 24},  {116950, 80},  {117256, 27},  {117329, 210}, {122706, 61},  {127055, 6},
       {130865, 38},  {146224, 62},  {149702, 64},  {151312, 159}, {154372, 184}, {155208, 210}, {156587, 238},
       {174351, 66},  {177869, 196}, {178323, 18},  {183352, 54},  {185233, 223}, {187518, 77},  {188957, 254},
       {189024, 225}, {197254, 168}, {197854, 35},  {200096, 1},   {200195, 188}, {207573, 159}, {218946, 126},
       {225726, 9},   {234478, 232}, {236951, 137}, {248193, 88},  {262380, 232}, {263662, 134}, {267701, 164},
       {270360, 196}});
  Limits limits;
  limits.max_silent_seconds = 3;  // heartbeats (every 1 s while libpst reads) do not keep a spinning one alive
  Tree t;
  {
    HangWatchdog watchdog(300, "the PST that keeps libpst busy");  // the reader's own watchdog ends it
    t = extract_bytes(bytes, limits);
  }
  EXPECT_LE(t.messages.size(), 4u);
  EXPECT_TRUE(has_detail(t, "made no progress") || has_detail(t, "libpst failed"))
      << (t.problems.empty() ? "" : t.problems[0].detail);
}

}  // namespace
}  // namespace datavagt
