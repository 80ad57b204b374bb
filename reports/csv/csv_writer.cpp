#include "reports/csv/csv_writer.h"

#include "core/utf8.h"

namespace datavagt::csv {

std::string quote_field(std::string_view raw) {
  std::string lossy;
  std::string_view field = raw;
  if (!utf8::is_valid(raw)) {  // a name in another encoding: shown with U+FFFD, never as broken bytes
    utf8::append_lossy(lossy, raw);
    field = lossy;
  }
  std::string value;
  if (!field.empty() && (field[0] == '=' || field[0] == '+' || field[0] == '-' || field[0] == '@' ||
                         field[0] == '\t' || field[0] == '\r'))
    value += '\'';
  if (field.size() > kMaxCell) {
    value += field.substr(0, utf8::floor_boundary(field, kMaxCell));
    value += "…";
  } else {
    value += field;
  }
  if (value.find_first_of(";\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

void CsvWriter::separate() {
  if (row_started_) out_ += kSeparator;
  row_started_ = true;
}

CsvWriter& CsvWriter::text(std::string_view field) {
  separate();
  out_ += quote_field(field);
  return *this;
}

CsvWriter& CsvWriter::number(std::uint64_t n) {
  separate();
  out_ += std::to_string(n);
  return *this;
}

CsvWriter& CsvWriter::end_row() {
  out_ += "\r\n";
  row_started_ = false;
  return *this;
}

}  // namespace datavagt::csv
