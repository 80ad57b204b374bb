#pragma once
// CSV as Danish Excel opens it by double-click: UTF-8 with a byte-order mark, `;` between fields, CRLF
// between rows, fields quoted when they hold `;`, `"`, CR or LF (quotes doubled). A text field that Excel
// would take for a formula (starting with =, +, -, @, a tab or CR: a file name like "=HYPERLINK(…)" on a
// share) gets a leading apostrophe, as OWASP advises against CSV injection; csv_reader.h takes it off again.
// Fields longer than Excel's cell limit are cut. Builds the text in memory; not thread-safe.
#include <cstdint>
#include <string>
#include <string_view>

namespace datavagt::csv {

inline constexpr char kSeparator = ';';
inline constexpr std::string_view kBom = "\xEF\xBB\xBF";
inline constexpr std::size_t kMaxCell = 32000;  // Excel keeps 32,767 characters in a cell

class CsvWriter {
 public:
  CsvWriter() { out_ += kBom; }
  CsvWriter& text(std::string_view field);      // any text; neutralised and quoted as needed
  CsvWriter& number(std::uint64_t n);           // digits, never quoted or neutralised
  CsvWriter& end_row();
  const std::string& str() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void separate();
  std::string out_;
  bool row_started_ = false;
};

// A text field as written (without the separator): neutralised, quoted when needed.
std::string quote_field(std::string_view field);

}  // namespace datavagt::csv
