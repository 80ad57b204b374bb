#include "reports/csv/csv_reader.h"

#include "extractors/text/charset.h"

namespace datavagt::csv {

namespace {

std::string to_utf8(std::string_view bytes) {
  const CharsetGuess guess = guess_charset(bytes.substr(0, 64 * 1024), bytes.size() <= 64 * 1024);
  bytes.remove_prefix(std::min(guess.bom_bytes, bytes.size()));
  TextDecoder decoder(guess.charset);
  std::string out;
  std::string_view text;
  while (!bytes.empty()) {
    const std::size_t used = decoder.decode(bytes, true, text);
    out += text;
    if (used == 0) break;
    bytes.remove_prefix(used);
  }
  return out;
}

// The separator of the header row: the most frequent of `;`, `,` and tab outside quotes (`;` on a tie).
char detect_separator(std::string_view text) {
  std::size_t semicolons = 0, commas = 0, tabs = 0;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n' || c == '\r') break;
    semicolons += c == ';';
    commas += c == ',';
    tabs += c == '\t';
  }
  if (tabs > semicolons && tabs > commas) return '\t';
  if (commas > semicolons) return ',';
  return ';';
}

void unneutralise(std::string& field) {
  if (field.size() >= 2 && field[0] == '\'' &&
      (field[1] == '=' || field[1] == '+' || field[1] == '-' || field[1] == '@' || field[1] == '\t' || field[1] == '\r'))
    field.erase(0, 1);
}

}  // namespace

Result<CsvTable> read_csv(std::string_view bytes) {
  const std::string text = to_utf8(bytes);
  CsvTable table;
  table.separator = detect_separator(text);
  const char sep = table.separator;
  CsvRow row;
  row.number = 1;
  std::string field;
  bool any_text = false;  // the row has a non-empty field
  std::size_t i = 0;
  const std::size_t n = text.size();
  auto end_field = [&] {
    unneutralise(field);
    any_text = any_text || !field.empty();
    row.fields.push_back(std::move(field));
    field.clear();
  };
  auto end_row = [&] {
    end_field();
    if (any_text) table.rows.push_back(std::move(row));
    const std::size_t next = row.number + 1;
    row = CsvRow{};
    row.number = next;
    any_text = false;
  };
  while (i < n) {
    char c = text[i];
    if (c == '"' && field.empty()) {  // a quoted field
      const std::size_t started = row.number;
      ++i;
      for (;;) {
        if (i >= n)
          return Problem::make(ProblemKind::Corrupt,
                               "row " + std::to_string(started) + ": a quoted field is never closed");
        if (text[i] == '"') {
          if (i + 1 < n && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += text[i++];
      }
      // Lenient, as Excel is: text after the closing quote belongs to the field.
      while (i < n && text[i] != sep && text[i] != '\r' && text[i] != '\n') field += text[i++];
      continue;
    }
    if (c == sep) {
      end_field();
      ++i;
    } else if (c == '\r' || c == '\n') {
      end_row();
      i += (c == '\r' && i + 1 < n && text[i + 1] == '\n') ? 2 : 1;
    } else {
      field += c;
      ++i;
    }
  }
  if (!field.empty() || !row.fields.empty()) end_row();
  if (table.rows.empty() || table.rows.front().number != 1)
    return Problem::make(ProblemKind::Corrupt, "row 1: the header row is missing");
  return table;
}

}  // namespace datavagt::csv
