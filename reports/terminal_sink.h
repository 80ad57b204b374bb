#pragma once
// The human summary at the end of a scan: totals, findings by kind, errors by reason, and the files with
// the most findings (masked values never needed here: it names files, not people). In the terminal's language
// (i18n::terminal_lang(), or --lang): every text through the catalogue; English keeps the machine names of
// kinds and reasons, as the JSON Lines write them. max_listed = SIZE_MAX (--all) lists every file.
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "reports/i18n/messages.h"
#include "reports/sink.h"

namespace datavagt {

class TerminalSink final : public ReportSink {
 public:
  explicit TerminalSink(std::FILE* out, std::size_t max_listed = 20, i18n::Lang lang = i18n::Lang::En)
      : out_(out), max_listed_(max_listed), m_(lang) {}
  void verdict(const FileVerdict& v) override;
  Result<bool> finish(const RunSummary& summary) override;

 private:
  struct Listed {
    std::string path;
    std::string what;  // "3 cpr, health x5" or the problem reasons
    std::uint64_t weight;  // severity first, then occurrences
  };
  std::string kind_word(std::string_view machine) const;
  std::string reason_word(std::string_view machine) const;
  std::string counts(const std::map<std::string, std::uint64_t>& m, bool kinds) const;
  std::string bytes(double b) const;

  std::FILE* out_;
  std::size_t max_listed_;
  i18n::Messages m_;
  std::vector<Listed> with_findings_;
  std::vector<Listed> with_problems_;
  std::vector<Listed> with_notes_;  // e.g. PDFs with pages without text: not errors, but not fully read either
  std::uint64_t files_with_notes_ = 0;
};

// "1.5 MB", "312 KB" (decimal units, as file managers show them).
std::string human_bytes(double bytes);

}  // namespace datavagt
