// The terminal summary (reports/terminal_sink.h) with a policy: the table per department, the flags of each
// listed file, and the same text whatever order the verdicts arrive in.
#include "reports/terminal_sink.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <random>

namespace datavagt {
namespace {

FileVerdict file(std::string path, std::string department, std::vector<std::string> flags, std::size_t cprs = 1) {
  FileVerdict v;
  v.info.location.path = std::move(path);
  for (std::size_t i = 0; i < cprs; ++i) v.findings.push_back(Finding{});
  v.flags = std::move(flags);
  v.department = std::move(department);
  if (v.department == "Jobcenter") {
    v.responsible = "Hanne Holm";
    v.responsible_email = "hh@vesterby.dk";
  }
  return v;
}

std::string summary(const std::vector<FileVerdict>& files, std::size_t max_listed, bool policy = true) {
  char* text = nullptr;
  std::size_t size = 0;
  std::FILE* out = ::open_memstream(&text, &size);
  TerminalSink sink(out, max_listed);
  RunSummary s;
  s.roots = {"share"};
  for (const auto& v : files) {
    sink.verdict(v);
    s.files++;
    s.files_with_findings++;
    s.files_overdue += v.has_flag(kFlagOverdue);
    s.files_misplaced += v.has_flag(kFlagMisplaced);
  }
  if (policy) s.policy = "policy.toml";
  EXPECT_TRUE(sink.finish(s));
  std::fclose(out);
  std::string result(text, size);
  std::free(text);
  return result;
}

const std::vector<FileVerdict> kFiles = {
    file("share/Jobcenter/a.txt", "Jobcenter", {"overdue"}),
    file("share/Jobcenter/b.txt", "Jobcenter", {"overdue", "misplaced"}, 3),
    file("share/Jobcenter/c.txt", "Jobcenter", {}),
    file("share/Ældreplejen/d.txt", "Ældreplejen", {"misplaced"}),
    file("share/Diverse/e.txt", "", {}),
};

TEST(TerminalSink, DepartmentTable) {
  const std::string out = summary(kFiles, 20);
  EXPECT_NE(out.find("  policy     policy.toml: 2 overdue, 2 misplaced\n"), std::string::npos) << out;
  EXPECT_NE(out.find("Departments                      files  overdue  misplaced  responsible\n"
                     "  Jobcenter                          3        2          1  Hanne Holm <hh@vesterby.dk>\n"
                     "  Ældreplejen                        1        0          1  \n"
                     "  (no department)                    1        0          0  \n"),
            std::string::npos)
      << out;
}

TEST(TerminalSink, FilesInTheReportOrderWithTheirFlags) {
  const std::string out = summary(kFiles, 20);
  const auto b = out.find("overdue, misplaced"), d = out.find("share/Ældreplejen/d.txt"),
             a = out.find("share/Jobcenter/a.txt"), c = out.find("share/Jobcenter/c.txt");
  ASSERT_NE(b, std::string::npos) << out;
  // Misplaced (more findings first), then overdue, then neither.
  EXPECT_LT(b, d);
  EXPECT_LT(d, a);
  EXPECT_LT(a, c);
  EXPECT_LT(out.find("share/Diverse/e.txt"), c);  // same rank: by path
}

TEST(TerminalSink, TheSameWhateverTheOrderOfArrival) {
  std::vector<FileVerdict> many;
  for (int i = 0; i < 300; ++i)
    many.push_back(file("share/f" + std::to_string(1000 + i) + ".txt", i % 3 ? "HR" : "Jobcenter",
                        i % 7 == 0 ? std::vector<std::string>{"misplaced"} : std::vector<std::string>{},
                        1 + static_cast<std::size_t>(i % 5)));
  const std::string first = summary(many, 10);
  std::mt19937 rng(3);
  for (int round = 0; round < 5; ++round) {
    std::shuffle(many.begin(), many.end(), rng);
    EXPECT_EQ(summary(many, 10), first);
  }
}

TEST(TerminalSink, NoPolicyNoTableNoFlagColumn) {
  const std::string out = summary({file("share/a.txt", "", {})}, 20, false);
  EXPECT_EQ(out.find("Departments"), std::string::npos) << out;
  EXPECT_EQ(out.find("policy"), std::string::npos) << out;
  EXPECT_NE(out.find("Files with personal data (most severe first):\n  high      1 cpr                      share/a.txt\n"),
            std::string::npos)
      << out;
}

}  // namespace
}  // namespace datavagt
