#pragma once
// The human summary at the end of a scan: totals, findings by kind, errors by reason, with a policy a table
// per department (files with personal data, overdue, misplaced), and the files in the order of
// file_order.h (masked values never needed here: it names files, not people; the names themselves are
// shown through a PathDisplay, so a CPR number in a name is masked). An interrupted or failed run says so
// first: its totals are partial. Deterministic: the same tree
// gives the same summary whatever order the files were scanned in. In the terminal's language
// (i18n::terminal_lang(), or --lang): every text through the catalogue; English keeps the machine names of
// kinds, reasons and flags, as the JSON Lines write them. max_listed = SIZE_MAX (--all) lists every file.
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "reports/file_order.h"
#include "reports/i18n/messages.h"
#include "reports/path_display.h"
#include "reports/sink.h"

namespace datavagt {

class TerminalSink final : public ReportSink {
 public:
  explicit TerminalSink(std::FILE* out, std::size_t max_listed = 20, i18n::Lang lang = i18n::Lang::En,
                        PathDisplay display = {})
      : out_(out), display_(display), max_listed_(max_listed), m_(lang) {}
  void verdict(const FileVerdict& v) override;
  Result<bool> finish(const RunSummary& summary) override;

 private:
  struct Listed {
    std::string path;
    std::string what;  // "3 cpr, health x5" or the problem reasons
  };
  struct Ranked {
    FileRank rank;
    std::string what;   // "high      3 cpr, health x5"
    std::string flags;  // "misplaced, overdue", in the reader's words
  };
  struct DepartmentCounts {
    std::string responsible;  // "Hanne Holm <hh@vesterby.dk>"
    std::uint64_t files = 0, overdue = 0, misplaced = 0;
  };
  void print_departments(std::FILE* o) const;
  std::string kind_word(std::string_view machine) const;
  std::string reason_word(std::string_view machine) const;
  std::string flag_word(std::string_view machine) const;
  std::string counts(const std::map<std::string, std::uint64_t>& m, bool kinds) const;
  std::string bytes(double b) const;

  std::FILE* out_;
  PathDisplay display_;
  std::size_t max_listed_;
  i18n::Messages m_;
  std::vector<Ranked> with_findings_;
  std::map<std::string, DepartmentCounts> departments_;  // "" = files no [[department]] matched
  std::vector<Listed> with_problems_;
  std::vector<Listed> with_notes_;  // e.g. PDFs with pages without text: not errors, but not fully read either
  std::uint64_t files_with_notes_ = 0;
};

// "1.5 MB", "312 KB" (decimal units, as file managers show them).
std::string human_bytes(double bytes);

}  // namespace datavagt
