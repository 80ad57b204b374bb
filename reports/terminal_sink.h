#pragma once
// The human summary at the end of a scan: totals, findings by kind, errors by reason, and the files with
// the most findings (masked values never needed here: it names files, not people; the names themselves are
// shown through a PathDisplay, so a CPR number in a name is masked). An interrupted or failed run says so
// first: its totals are partial.
#include <cstdio>
#include <string>
#include <vector>

#include "reports/path_display.h"
#include "reports/sink.h"

namespace datavagt {

class TerminalSink final : public ReportSink {
 public:
  explicit TerminalSink(std::FILE* out, PathDisplay display = {}, std::size_t max_listed = 20)
      : out_(out), display_(display), max_listed_(max_listed) {}
  void verdict(const FileVerdict& v) override;
  Result<bool> finish(const RunSummary& summary) override;

 private:
  struct Listed {
    std::string path;
    std::string what;  // "3 cpr, health x5" or the problem reasons
    std::uint64_t weight;  // severity first, then occurrences
  };
  std::FILE* out_;
  PathDisplay display_;
  std::size_t max_listed_;
  std::vector<Listed> with_findings_;
  std::vector<Listed> with_problems_;
  std::vector<Listed> with_notes_;  // e.g. PDFs with pages without text: not errors, but not fully read either
  std::uint64_t files_with_notes_ = 0;
};

// "1.5 MB", "312 KB" (decimal units, as file managers show them).
std::string human_bytes(double bytes);

}  // namespace datavagt
