#include "detectors/name_scan.h"
#include "reports/csv/review_import.h"

#include <map>

#include "reports/csv/files_csv.h"
#include "reports/labels.h"
#include "reports/store/identity.h"

namespace datavagt::csv {

using report::ReportFile;
using store::ReviewState;

namespace {

constexpr ReviewState kStates[] = {ReviewState::Open,   ReviewState::Handled, ReviewState::FalsePositive,
                                   ReviewState::Deleted, ReviewState::Moved,  ReviewState::Accepted};

// Lower case (ASCII and Æ Ø Å É), dashes as '-', runs of white space as one space, trimmed: what a person
// may have typed for the same word.
std::string folded(std::string_view s) {
  std::string out;
  bool space = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xA0) {
      space = !out.empty();
      continue;
    }
    if (s.compare(i, 2, "\xC2\xA0") == 0) {  // no-break space
      space = !out.empty();
      ++i;
      continue;
    }
    if (space) out += ' ';
    space = false;
    if (s.compare(i, 3, "\xE2\x80\x93") == 0 || s.compare(i, 3, "\xE2\x80\x94") == 0) {  // – —
      out += '-';
      i += 2;
    } else if (c == 0xC3 && i + 1 < s.size() &&
               (s[i + 1] == '\x86' || s[i + 1] == '\x98' || s[i + 1] == '\x85' || s[i + 1] == '\x89')) {
      out += '\xC3';
      out += static_cast<char>(s[i + 1] + 0x20);  // Æ->æ, Ø->ø, Å->å, É->é
      ++i;
    } else {
      out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
  }
  return out;
}

bool is_mixed(std::string_view text) {
  const std::string f = folded(text);
  return f == folded(mixed_state_label(i18n::Messages(i18n::Lang::Da))) ||
         f == folded(mixed_state_label(i18n::Messages(i18n::Lang::En)));
}

// The column whose title is `c` in Danish or in English, or -1.
int column(const std::vector<std::string>& header, FileColumn c) {
  const std::string da = folded(column_title(i18n::Messages(i18n::Lang::Da), c));
  const std::string en = folded(column_title(i18n::Messages(i18n::Lang::En), c));
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string h = folded(header[i]);
    if (h == da || h == en) return static_cast<int>(i);
  }
  return -1;
}

Problem bad_row(std::size_t row, const std::string& what) {
  return Problem::make(ProblemKind::UnsupportedFormat, "row " + std::to_string(row) + ": " + what);
}

}  // namespace

std::optional<ReviewState> state_from_text(std::string_view text) {
  const std::string f = folded(text);
  if (f.empty()) return std::nullopt;
  for (ReviewState s : kStates) {
    if (f == folded(store::to_string(s)) || f == folded(state_label(i18n::Messages(i18n::Lang::Da), s)) ||
        f == folded(state_label(i18n::Messages(i18n::Lang::En), s)))
      return s;
  }
  // Short forms a person types: the Danish words after "Intet foretaget –".
  if (f == "falsk positiv" || f == "false-positive" || f == "falsk-positiv") return ReviewState::FalsePositive;
  if (f == "accepteret") return ReviewState::Accepted;
  if (f == "ikke behandlet" || f == "åben" || f == "aaben") return ReviewState::Open;
  return std::nullopt;
}

Result<ImportPlan> plan_review_import(const CsvTable& table, const report::ReportModel& current, bool skip_changed) {
  const std::vector<std::string>& header = table.rows.front().fields;
  const int id_col = column(header, FileColumn::Id);
  const int state_col = column(header, FileColumn::State);
  const int reason_col = column(header, FileColumn::Reason);
  const i18n::Messages da(i18n::Lang::Da), en(i18n::Lang::En);
  auto missing = [&](FileColumn c) {
    return Problem::make(ProblemKind::UnsupportedFormat,
                         "row 1: the header has no column '" + std::string(column_title(da, c)) + "' ('" +
                             std::string(column_title(en, c)) + "'): is this a CSV report from datavagt report --csv?");
  };
  if (id_col < 0) return missing(FileColumn::Id);
  if (state_col < 0) return missing(FileColumn::State);
  if (reason_col < 0) return missing(FileColumn::Reason);

  std::map<store::FileId, const ReportFile*> by_id;
  for (const ReportFile& f : current.files) by_id[f.id] = &f;
  std::map<store::FileId, std::size_t> seen;  // file -> the row that set it
  ImportPlan plan;
  for (std::size_t r = 1; r < table.rows.size(); ++r) {
    const csv::CsvRow& row = table.rows[r];
    auto field = [&](int col) { return static_cast<std::size_t>(col) < row.fields.size() ? row.fields[static_cast<std::size_t>(col)] : std::string(); };
    const std::string id = folded(field(id_col));
    // F<file id>-<the first 4 bytes of its content hash, in hex>
    store::FileId file_id = 0;
    std::string content;
    {
      const std::size_t dash = id.find('-');
      const std::string digits =
          id.empty() ? std::string() : id.substr(1, dash == std::string::npos ? std::string::npos : dash - 1);
      const bool ok = id.size() >= 2 && id[0] == 'f' && !digits.empty() && digits.size() < 18 &&
                      digits.find_first_not_of("0123456789") == std::string::npos;
      // (Built by appending: GCC 12's -Wrestrict misfires on "'" + std::string at -O3, which broke the Release build.)
      if (!ok) return bad_row(row.number, std::string(1, '\'').append(field(id_col)).append("' is not an id from a Datavagt CSV report"));
      file_id = std::stoll(digits);
      if (dash != std::string::npos) content = id.substr(dash + 1);
    }
    if (auto before = seen.find(file_id); before != seen.end())
      return bad_row(row.number, "the file of row " + std::to_string(before->second) + " again (" + field(id_col) + ")");
    seen[file_id] = row.number;

    const std::string state_text = field(state_col);
    const std::string reason = mask_cpr_numbers(field(reason_col));
    auto it = by_id.find(file_id);
    const ReportFile* f = it == by_id.end() ? nullptr : it->second;
    const bool same_content = f != nullptr && (f->content ? store::to_hex(f->content->data(), 4) == content : content.empty());
    if (!same_content) {
      const std::string what = f == nullptr ? "the file is no longer in the store with findings (gone, cleaned or purged)"
                                            : "the file has changed since the report was made";
      if (!skip_changed)
        return bad_row(row.number, what + "; make a new report, or pass --skip-changed to apply the other rows");
      plan.skipped.push_back("row " + std::to_string(row.number) + ": " + what);
      continue;
    }
    if (folded(state_text).empty() || (is_mixed(state_text) && !f->state)) {
      plan.unchanged++;  // left empty, or still "mixed" as the report wrote it
      continue;
    }
    if (is_mixed(state_text))
      return bad_row(row.number, "'" + state_text + "' is what the report writes for a file whose findings differ; "
                                 "choose one state for the whole file");
    const auto state = state_from_text(state_text);
    if (!state) {
      std::string known;
      for (ReviewState s : kStates) known += (known.empty() ? "" : ", ") + std::string(state_label(da, s));
      std::string hint = folded(state_text) == "intet foretaget"
                             ? " ('Intet foretaget' is two states: say '" + std::string(state_label(da, ReviewState::FalsePositive)) +
                                   "' or '" + std::string(state_label(da, ReviewState::Accepted)) + "')"
                             : "";
      return bad_row(row.number, "unknown review state '" + state_text + "'" + hint + " (known: " + known +
                                     "; or in English: open, handled, moved, deleted, false-positive, accepted)");
    }
    if (f->state && *f->state == *state && f->state_reason == reason) {
      plan.unchanged++;
      continue;
    }
    if (*state != ReviewState::Open && reason.empty())
      return bad_row(row.number, "say why in '" + std::string(column_title(da, FileColumn::Reason)) +
                                     "' (it is kept with the decision)");
    if (!f->content) return bad_row(row.number, "the file was not read whole, so its findings cannot be reviewed");
    plan.decisions.push_back({row.number, f, *state, reason});
  }
  return plan;
}

}  // namespace datavagt::csv
